package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/offprint/offprint/packager"
	"github.com/offprint/offprint/packager/model"
)

// importOptions are the settings of `offprint import`.
type importOptions struct {
	env   env
	files []string
	to    string
	force bool
	quiet bool
}

func newImportCmd(e env) *cobra.Command {
	opts := importOptions{env: e}
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Turn saved web pages and scraped text into Markdown articles",
		Long: `Turn saved web pages (.html, .htm), scraped text (.txt) and Markdown (.md)
into Markdown articles with front matter: title, author, date, source,
address, licence and copyright where the file states them. Each FILE is
read exactly as a build reads it, and written as DIR/<slug>.md, with the
pictures it shows that exist on disk copied into DIR/images/<slug>/.
Pictures that exist only on the web keep their addresses.

Importing a file again writes the same bytes and reports it unchanged. A
file that exists and differs is never overwritten without --force; then
nothing is written at all.`,
		Example: `  offprint import ~/Downloads/story.html --to weekly/articles
  offprint import scraped/*.txt --to articles`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("import needs at least one file").withHint("for example: offprint import page.html --to articles")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.files = args
			return runImport(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.to, "to", ".", "write the Markdown articles into folder `DIR`")
	f.BoolVar(&opts.force, "force", false, "overwrite files that exist and differ")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print only errors")
	return cmd
}

// importWrite is a file import will write.
type importWrite struct {
	path string
	data []byte
	same bool // the file exists with these bytes
}

// importedFile is one FILE and what it becomes.
type importedFile struct {
	input  string
	im     *packager.Imported
	writes []importWrite // the Markdown first, then its pictures
}

func runImport(ctx context.Context, opts importOptions) error {
	u := newUI(opts.env.stderr, opts.quiet)
	var done []*importedFile
	targets := map[string]string{} // output path → the input writing it
	for _, in := range opts.files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !packager.IsArticle(in) {
			return usageErrorf("%s: import reads %s files", in, strings.Join(packager.ArticleExtensions, ", ")).
				withHint("save web pages as .html and copied text as .txt")
		}
		files, err := importOne(in, opts.to)
		if err != nil {
			return err
		}
		for _, f := range files {
			md := f.writes[0].path
			if prev, dup := targets[md]; dup && prev != in {
				return &model.Diagnostic{Severity: model.Error, Code: "import-clash", File: in,
					Msg:  fmt.Sprintf("would be written to %s, as %s is", md, prev),
					Hint: "import one of them into another folder with --to, or rename it"}
			}
			targets[md] = in
			for _, d := range f.im.Diags {
				u.diagnostic(d)
			}
			done = append(done, f)
		}
	}

	// Nothing is written while anything would be overwritten.
	var clash []string
	for _, f := range done {
		for i := range f.writes {
			w := &f.writes[i]
			old, err := os.ReadFile(w.path)
			switch {
			case err == nil && bytes.Equal(old, w.data):
				w.same = true
			case err == nil && !opts.force:
				clash = append(clash, w.path)
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				return fmt.Errorf("import: %w", err)
			}
		}
	}
	if len(clash) > 0 {
		what := clash[0] + " exists and differs from the import"
		if len(clash) > 1 {
			what = strings.Join(clash, ", ") + " exist and differ from the import"
		}
		return &model.Diagnostic{Severity: model.Error, Code: "import-exists", Msg: what + "; nothing was written",
			Hint: "pass --force to overwrite, or import into another folder with --to"}
	}
	for _, f := range done {
		changed := false
		for _, w := range f.writes {
			if w.same {
				continue
			}
			if err := writeFileAtomic(w.path, w.data); err != nil {
				return fmt.Errorf("import %s: %w", f.input, err)
			}
			changed = true
		}
		md := f.writes[0].path
		if !changed {
			u.infof("%s is unchanged (from %s)", md, f.input)
			continue
		}
		what := plural(len(f.im.Article.Figures()), "figure", "figures")
		if n := len(f.writes) - 1; n > 0 {
			what += ", " + plural(n, "picture", "pictures") + " copied into " + filepath.Dir(f.writes[1].path)
		}
		u.infof("wrote %s from %s (%s)", md, f.input, what)
	}
	return nil
}

// importOne imports one file with the importer a build uses and plans
// what to write for it under dir.
func importOne(in, dir string) ([]*importedFile, error) {
	abs, err := filepath.Abs(in)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in, err)
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, &model.Diagnostic{Severity: model.Error, Code: "read", File: in, Msg: "cannot be read", Err: err,
			Hint: "check the path"}
	} else if st.IsDir() {
		return nil, usageErrorf("%s is a folder; import takes article files", in).withHint("for example: offprint import " + filepath.Join(in, "*.html"))
	}
	// The file's whole file system, so that pictures beside or above
	// it (../images/x.jpg) are found.
	root := filepath.VolumeName(abs) + string(filepath.Separator)
	rel := filepath.ToSlash(strings.TrimPrefix(abs, root))
	fsys := os.DirFS(root)
	ims, err := packager.ImportArticles(fsys, rel)
	if err != nil {
		var d *model.Diagnostic
		if errors.As(err, &d) && strings.HasPrefix(d.File, rel) {
			d.File = in + strings.TrimPrefix(d.File, rel)
		}
		return nil, err
	}
	var out []*importedFile
	for _, im := range ims {
		for i := range im.Diags {
			if strings.HasPrefix(im.Diags[i].File, rel) {
				im.Diags[i].File = in + strings.TrimPrefix(im.Diags[i].File, rel)
			}
		}
		f := &importedFile{input: in, im: im}
		f.writes = append(f.writes, importWrite{path: filepath.Join(dir, im.Slug+".md"), data: im.Markdown})
		pics := fs.FS(fsys)
		if im.FS != nil {
			pics = im.FS
		}
		for _, c := range im.Images {
			data, err := fs.ReadFile(pics, c.From)
			if err != nil {
				return nil, &model.Diagnostic{Severity: model.Error, Code: "read", File: in,
					Msg: fmt.Sprintf("picture %s cannot be read", "/"+c.From), Err: err}
			}
			f.writes = append(f.writes, importWrite{path: filepath.Join(dir, filepath.FromSlash(c.To)), data: data})
		}
		out = append(out, f)
	}
	return out, nil
}

// writeFileAtomic writes a file through a temporary file renamed into
// place, creating its folder.
func writeFileAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".offprint-import-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
