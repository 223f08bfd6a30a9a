package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/offprint/offprint/packager"
)

// shelfOptions are the settings of `offprint shelf`.
type shelfOptions struct {
	root  string
	title string
	quiet bool
	env   env
	now   func() time.Time
}

func newShelfCmd(e env) *cobra.Command {
	opts := shelfOptions{env: e, now: time.Now}
	cmd := &cobra.Command{
		Use:   "shelf [ROOT]",
		Short: "Write an OPDS catalog and an index.html of the editions built under ROOT",
		Long: `Read every EPUB under ROOT (default .), with the PDF of the same name
beside it, and write into ROOT:

  catalog.xml    an OPDS 1.2 acquisition catalog: each edition's title,
                 issue, date, authors, summary, cover and thumbnail, with
                 links to its EPUB and PDF, grouped by series, newest first
  index.html     the same shelf for a browser, phone or e-ink
  ` + packager.ShelfFolder + `/   covers, thumbnails and one catalog per series

Served by any static file server, the folder can be browsed from KOReader,
Foliate, Thorium or calibre. Everything is read from the built files, so
the shelf works on editions built earlier; nothing is fetched.
build --all ROOT writes the shelf too. With SOURCE_DATE_EPOCH the files
are the same byte for byte on every run.`,
		Example: `  offprint build --all archive/     # builds, then writes the shelf
  offprint shelf archive/
  offprint shelf --title "The Harbour Weekly archive" archive/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.root = "."
			if len(args) == 1 {
				opts.root = args[0]
			}
			return runShelf(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.title, "title", "", "the shelf's title (default: its only series, else \"Editions\")")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print only errors")
	return cmd
}

// runShelf writes the shelf of the editions under opts.root.
func runShelf(ctx context.Context, opts shelfOptions) error {
	st, err := os.Stat(opts.root)
	if err != nil {
		return usageErrorf("shelf %s: no such folder", opts.root)
	}
	if !st.IsDir() {
		return usageErrorf("shelf %s: not a folder", opts.root).withHint("give the folder that holds the built editions")
	}
	rep, err := writeShelf(ctx, opts, opts.env.stderr)
	if errors.Is(err, packager.ErrEmptyShelf) {
		return usageErrorf("no EPUB editions under %s", opts.root).withHint("build them first: offprint build --all " + opts.root)
	}
	if err != nil {
		return err
	}
	newUI(opts.env.stderr, opts.quiet).infof("shelf of %s: %s and %s", plural(rep.Editions(), "edition", "editions"),
		filepath.Join(opts.root, packager.ShelfCatalog), filepath.Join(opts.root, packager.ShelfIndex))
	return nil
}

// writeShelf writes the shelf, warning on w about EPUBs it could not read.
func writeShelf(ctx context.Context, opts shelfOptions, w io.Writer) (*packager.ShelfReport, error) {
	epoch, err := sourceDateEpoch(opts.env.getenv)
	if err != nil {
		return nil, err
	}
	now := opts.now()
	if epoch != nil {
		now = *epoch
	}
	out := packager.DirSink{Dir: opts.root}
	files := packager.DirSink{Dir: filepath.Join(opts.root, packager.ShelfFolder)}
	out.Clean()
	files.Clean()
	rep, err := packager.Shelf(ctx, packager.ShelfOptions{
		FS:    os.DirFS(opts.root),
		Out:   out,
		Files: files,
		Now:   now,
		Title: opts.title,
	})
	if err == nil {
		removeStale(files.Dir, rep.Files)
	}
	if rep != nil {
		u := newUI(w, opts.quiet)
		for _, s := range rep.Skipped {
			u.warnf("%s", filepath.Join(opts.root, filepath.FromSlash(s)))
		}
	}
	return rep, err
}

// shelveRoots writes the shelf of each root after build --all, so the
// editions just built can be browsed at once. A root that is itself an
// edition folder, or holds no EPUB (a PDF-only build), gets no shelf.
func shelveRoots(ctx context.Context, b buildOptions) error {
	quiet, _ := b.flags.GetBool("quiet")
	jsonOut, _ := b.flags.GetBool("json")
	for _, root := range b.dirs {
		if _, err := findEditionFile(root); err == nil {
			continue
		}
		opts := shelfOptions{root: root, quiet: quiet || jsonOut, env: b.env, now: b.now}
		rep, err := writeShelf(ctx, opts, b.env.stderr)
		if errors.Is(err, packager.ErrEmptyShelf) {
			continue
		}
		if err != nil {
			return err
		}
		newUI(b.env.stderr, opts.quiet).infof("shelf of %s: %s", plural(rep.Editions(), "edition", "editions"),
			filepath.Join(root, packager.ShelfCatalog))
	}
	return nil
}

// removeStale deletes the covers, thumbnails and series catalogs of
// editions and series no longer on the shelf.
func removeStale(dir string, written []string) {
	keep := map[string]bool{}
	for _, f := range written {
		keep[filepath.Base(filepath.FromSlash(f))] = true
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		name := e.Name()
		ours := strings.HasSuffix(name, ".jpg") || (strings.HasPrefix(name, "series-") && strings.HasSuffix(name, ".xml"))
		if e.Type().IsRegular() && ours && !keep[name] {
			os.Remove(filepath.Join(dir, name))
		}
	}
}
