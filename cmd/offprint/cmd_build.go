package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager"
)

// defaultLayout is used when neither a flag, the environment nor the
// edition names a layout.
const defaultLayout = "ereader"

// buildOptions are the settings of one `offprint build`.
type buildOptions struct {
	dirs  []string       // edition folders, or roots with --all
	all   bool           // build every edition under the roots
	flags *pflag.FlagSet // for settings that flags may override
	env   env
	now   func() time.Time
}

func newBuildCmd(e env) *cobra.Command {
	opts := buildOptions{env: e, now: time.Now}
	cmd := &cobra.Command{
		Use:   "build [DIR...]",
		Short: "Build the edition in DIR (default .) into an EPUB and a PDF",
		Long: `Build the edition in DIR (default .): read edition.yaml and the articles
it names, and write OUT/<slug>.epub and OUT/<slug>.pdf.

Several folders, or --all ROOT (every folder under ROOT with an edition
file), build in parallel, each into its own output folder; one failing
edition does not stop the others.

Every flag can also be set in the edition file (layout: magazine) or by an
OFFPRINT_* environment variable (OFFPRINT_LAYOUT=magazine). Flags win, then
the environment, then the edition file, then the layout's defaults.`,
		Example: `  offprint build samples/weekly
  offprint build --layout magazine --format pdf -o dist .
  offprint build --week 2020-W02 pool
  offprint build --all archive/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dirs = args
			if len(args) == 0 {
				opts.dirs = []string{"."}
			}
			opts.flags = cmd.Flags()
			return runBuild(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.String("layout", "", "layout to use (built-in or the edition's layouts/NAME.yaml; default "+defaultLayout+")")
	f.StringSlice("format", nil, "outputs to build: epub, pdf (default: the layout's, normally both)")
	f.String("fit", "", `fit the PDF to so many pages or sheets ("2 pages", "1 sheet", "none"), scaling type and pictures within the layout's bounds`)
	f.StringP("out", "o", "", "output folder (default DIR/out)")
	f.Bool("strict", false, "fail the build on warnings")
	f.Bool("json", false, "print a machine-readable report on standard output")
	f.BoolP("quiet", "q", false, "print only errors")
	addEditionFlags(f)
	f.BoolVar(&opts.all, "all", false, "build every edition folder under the given roots")
	return cmd
}

// addEditionFlags adds the flags that choose which articles an edition
// holds and how it is numbered and dated; build and check share them.
func addEditionFlags(f *pflag.FlagSet) {
	f.Bool("drafts", false, "include articles marked draft: true")
	f.String("since", "", "only articles dated on or after this day (2020-01-06)")
	f.String("until", "", "only articles dated on or before this day (2020-01-12)")
	f.String("week", "", "only articles of this ISO week (2020-W02); also sets the edition's date")
	f.String("issue", "", "issue number (overrides the edition file)")
	f.String("date", "", "the edition's date (overrides the edition file)")
}

// runBuild builds one edition, or several in parallel.
func runBuild(ctx context.Context, opts buildOptions) error {
	cli, err := commandLine(opts.flags, opts.env.getenv)
	if err != nil {
		if j, _ := opts.flags.GetBool("json"); j {
			return &reportedError{err: err, report: newJSONReport(nil, nil, err)}
		}
		return err
	}
	dirs := opts.dirs
	if opts.all {
		if dirs, err = findEditions(opts.dirs); err != nil {
			return err
		}
	}
	if len(dirs) == 1 && !opts.all {
		res := buildOne(ctx, dirs[0], cli, opts, opts.env.stderr)
		if res.err != nil && res.json != nil {
			return &reportedError{err: res.err, report: res.json}
		}
		if res.json != nil {
			writeJSON(opts.env, res.json)
		}
		return res.err
	}
	err = buildMany(ctx, dirs, cli, opts)
	if opts.all {
		if serr := shelveRoots(ctx, opts); serr != nil && err == nil {
			err = serr
		}
	}
	return err
}

// findEditions lists every folder under the roots that holds an edition
// file, sorted.
func findEditions(roots []string) ([]string, error) {
	var dirs []string
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || name == "out" || name == "articles" || name == "images" || name == "layouts") {
				return filepath.SkipDir
			}
			if _, err := findEditionFile(p); err == nil {
				dirs = append(dirs, p)
				return filepath.SkipDir
			}
			return nil
		})
		if err != nil {
			return nil, usageErrorf("--all %s: %v", root, err)
		}
	}
	if len(dirs) == 0 {
		return nil, usageErrorf("no edition folders under %s", strings.Join(roots, ", ")).withHint("an edition folder holds an edition.yaml")
	}
	return dirs, nil
}

// buildMany builds editions in parallel, up to the number of cores, each
// into its own output folder. Each edition's messages are printed together
// when it finishes, and a summary follows; the editions that failed are
// returned as an *editionsError.
func buildMany(ctx context.Context, dirs []string, cli map[string]setting, opts buildOptions) error {
	if _, ok := cli["out"]; ok {
		return usageErrorf("%s cannot be used with several editions: each builds into its own DIR/out", cli["out"].from).withHint("set out: in each edition file instead")
	}
	type outcome struct {
		dir  string
		log  bytes.Buffer
		res  buildResult
		took time.Duration
	}
	results := make([]*outcome, len(dirs))
	var mu sync.Mutex // serialises printing
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	quiet := settingBool(cli, "quiet")
	for i, dir := range dirs {
		results[i] = &outcome{dir: dir}
		wg.Add(1)
		go func(o *outcome) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			t := time.Now()
			o.res = buildOne(ctx, o.dir, cli, opts, &o.log)
			o.took = time.Since(t)
			mu.Lock()
			defer mu.Unlock()
			if o.log.Len() > 0 && (!quiet || o.res.err != nil) {
				fmt.Fprintf(opts.env.stderr, "== %s\n", o.dir)
				io.Copy(opts.env.stderr, &o.log)
			}
		}(results[i])
	}
	wg.Wait()
	failed := &editionsError{total: len(dirs)}
	var reports []*jsonReport
	for _, o := range results {
		if o.res.err != nil {
			failed.failed = append(failed.failed, editionFailure{dir: o.dir, err: o.res.err})
		}
		if o.res.json != nil {
			o.res.json.Dir = o.dir
			reports = append(reports, o.res.json)
		}
	}
	u := newUI(opts.env.stderr, quiet)
	if ctx.Err() == nil {
		u.infof("summary:")
		for _, o := range results {
			status := "built"
			if o.res.err != nil {
				status = "FAILED"
			}
			u.printf("  %-7s %s (%s)", status, o.dir, o.took.Round(time.Millisecond))
		}
	}
	switch {
	case len(failed.failed) > 0 && settingBool(cli, "json"):
		return &reportedError{err: failed, report: reports}
	case len(failed.failed) > 0:
		return failed
	case settingBool(cli, "json"):
		writeJSON(opts.env, reports)
	}
	u.infof("built %s", plural(len(dirs), "edition", "editions"))
	return nil
}

// settingBool reports whether the command line sets a true/false setting
// to true.
func settingBool(cli map[string]setting, key string) bool {
	b, _ := cli[key].value.(bool)
	return b
}

// buildResult is what building one edition gave.
type buildResult struct {
	err  error
	json *jsonReport // with --json
}

// buildOne builds the edition in dir, printing its messages to w.
func buildOne(ctx context.Context, dir string, cli map[string]setting, opts buildOptions, w io.Writer) (res buildResult) {
	ed, err := loadEdition(dir, cli)
	if err != nil {
		if settingBool(cli, "json") {
			res.json = newJSONReport(nil, nil, err)
		}
		res.err = err
		return res
	}
	jsonOut := ed.getBool("json")
	u := newUI(w, ed.getBool("quiet"))

	bopts, err := prepareBuild(ed, opts)
	if err == nil && bopts.Strict && len(ed.diags) > 0 {
		err = &packager.StrictError{Warnings: len(ed.diags)}
	}
	for _, d := range ed.diags {
		u.diagnostic(d)
	}
	if err != nil {
		if jsonOut {
			res.json = newJSONReport(ed, &packager.Report{Diags: ed.diags}, err)
		}
		res.err = err
		return res
	}
	sink := bopts.Out.(packager.DirSink)
	sink.Clean()
	start := time.Now()
	// A progress bar only for a single build on a terminal, and not when
	// quiet or printing JSON.
	var bar *progress
	if w == opts.env.stderr && !u.quiet && !jsonOut {
		bar = newProgress(w, start)
		bopts.Progress = bar.report
	}
	rep, err := packager.Build(ctx, bopts)
	bar.stop()
	err = ed.blame(err)
	if rep != nil {
		for _, d := range rep.Diags {
			u.diagnostic(d)
		}
		rep.Diags = append(ed.diags, rep.Diags...)
	}
	if jsonOut {
		res.json = newJSONReport(ed, rep, err)
		res.json.Out = sink.Dir
	}
	if err != nil {
		res.err = err
		return res
	}
	var outs []string
	for _, o := range rep.Outputs {
		s := filepath.Join(sink.Dir, o.Name) + " (" + humanBytes(o.Bytes)
		if o.Pages > 0 {
			s += ", " + plural(o.Pages, "page", "pages")
		}
		outs = append(outs, s+")")
	}
	u.infof("built %s", strings.Join(outs, " and "))
	u.infof("%s, %s, %s in %s", plural(rep.Articles, "article", "articles"), plural(rep.Figures, "figure", "figures"),
		plural(len(rep.Warnings()), "warning", "warnings"), time.Since(start).Round(time.Millisecond))
	return res
}

// prepareBuild resolves the layout (with its fonts when a PDF is made),
// the output folder and the clock: every check a build makes before it
// reads the articles.
func prepareBuild(ed *edition, opts buildOptions) (packager.BuildOptions, error) {
	var b packager.BuildOptions
	fsys := os.DirFS(ed.dir)
	name := ed.getString("layout")
	if name == "" {
		name = defaultLayout
	}
	lay, err := layouts.Load(name, fsys)
	if err != nil {
		var ue *layouts.UnknownError
		if errors.As(err, &ue) {
			if s, ok := ed.cli["layout"]; ok {
				return b, usageErrorf("%s: %v", s.from, ue).withHint(unknownLayoutHint(ue.Name))
			}
			return b, &packager.ConfigError{File: ed.file, Key: "layout", Line: ed.line("layout"), Msg: ue.Error(), Hint: unknownLayoutHint(ue.Name)}
		}
		return b, err
	}
	if s := ed.getString("fit"); s != "" {
		fit, err := layouts.ParseFit(s)
		if err != nil {
			if c, ok := ed.cli["fit"]; ok {
				return b, usageErrorf("%s: %v", c.from, err)
			}
			return b, &packager.ConfigError{File: ed.file, Key: "fit", Line: ed.line("fit"), Msg: err.Error()}
		}
		lay.Fit = fit
	}
	formats := ed.settings.Formats
	if len(formats) == 0 {
		formats = lay.Formats
	}
	if slices.Contains(formats, "pdf") {
		if err := packager.CheckLayout(lay); err != nil {
			return b, err
		}
	}
	out := ed.getString("out")
	_, outFromCLI := ed.cli["out"]
	switch {
	case out == "":
		out = filepath.Join(ed.dir, "out")
	case !outFromCLI && !filepath.IsAbs(out):
		out = filepath.Join(ed.dir, out) // from the edition file: relative to it
	}
	if st, err := os.Stat(out); err == nil && !st.IsDir() {
		return b, &packager.OutDirError{Dir: out, Msg: "is a file, not a folder"}
	}
	epoch, err := sourceDateEpoch(opts.env.getenv)
	if err != nil {
		return b, err
	}
	rng := ed.settings.Range
	b = packager.BuildOptions{
		FS:       fsys,
		Config:   &ed.cfg,
		Layout:   lay,
		Formats:  ed.settings.Formats,
		Out:      packager.DirSink{Dir: out},
		CacheDir: filepath.Join(out, ".cache"),
		Strict:   ed.getBool("strict"),
		Load:     packager.LoadOptions{Drafts: ed.getBool("drafts"), Since: rng.Since, Until: rng.Until},
		Normalize: packager.NormalizeOptions{
			Now:   opts.now(),
			Epoch: epoch,
			Range: rng,
		},
	}
	return b, nil
}

// unknownLayoutHint is the advice for a layout name that does not exist.
func unknownLayoutHint(name string) string {
	return "pick one of those, or add layouts/" + name + ".yaml to the edition (offprint layouts show magazine prints one to start from)"
}

// sourceDateEpoch reads SOURCE_DATE_EPOCH, the reproducible-builds
// timestamp.
func sourceDateEpoch(getenv func(string) string) (*time.Time, error) {
	s := strings.TrimSpace(getenv("SOURCE_DATE_EPOCH"))
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 253402300799 {
		return nil, usageErrorf("SOURCE_DATE_EPOCH: %q is not a number of seconds since 1970", s).withHint("unset it, or set it to a Unix time such as 1577836800")
	}
	t := time.Unix(n, 0).UTC()
	return &t, nil
}
