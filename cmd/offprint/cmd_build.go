package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager"
	"github.com/offprint/offprint/packager/model"
)

// defaultLayout is used when neither a flag, the environment nor the
// edition names a layout.
const defaultLayout = "ereader"

// buildOptions are the settings of one `offprint build`.
type buildOptions struct {
	dir   string
	flags *pflag.FlagSet // for settings that flags may override
	env   env
	now   func() time.Time
}

func newBuildCmd(e env) *cobra.Command {
	opts := buildOptions{env: e, now: time.Now}
	cmd := &cobra.Command{
		Use:   "build [DIR]",
		Short: "Build the edition in DIR (default .) into an EPUB and a PDF",
		Long: `Build the edition in DIR (default .): read edition.yaml and the articles
it names, and write OUT/<slug>.epub and OUT/<slug>.pdf.

Every flag can also be set in the edition file (layout: magazine) or by an
OFFPRINT_* environment variable (OFFPRINT_LAYOUT=magazine). Flags win, then
the environment, then the edition file, then the layout's defaults.`,
		Example: `  offprint build samples/weekly
  offprint build --layout magazine --format pdf -o dist .`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			opts.flags = cmd.Flags()
			return runBuild(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.String("layout", "", "layout to use (built-in or the edition's layouts/NAME.yaml; default "+defaultLayout+")")
	f.StringSlice("format", nil, "outputs to build: epub, pdf (default: the layout's, normally both)")
	f.StringP("out", "o", "", "output folder (default DIR/out)")
	f.Bool("strict", false, "fail the build on warnings")
	f.Bool("json", false, "print a machine-readable report on standard output")
	f.BoolP("quiet", "q", false, "print only errors")
	f.Bool("drafts", false, "include articles marked draft: true")
	return cmd
}

// runBuild builds one edition.
func runBuild(ctx context.Context, opts buildOptions) error {
	jsonOut, _ := opts.flags.GetBool("json")
	quiet, _ := opts.flags.GetBool("quiet")
	ed, err := loadEdition(opts.dir, opts.flags, opts.env.getenv)
	if err != nil {
		if jsonOut {
			writeJSONReport(opts.env, nil, nil, err)
		}
		return err
	}
	jsonOut = ed.getBool("json")
	quiet = ed.getBool("quiet")
	u := newUI(opts.env.stderr, quiet)

	bopts, err := prepareBuild(ed, opts)
	if err != nil {
		if jsonOut {
			writeJSONReport(opts.env, ed, nil, err)
		}
		return err
	}
	for _, d := range ed.diags {
		u.diagnostic(d)
	}
	if bopts.Strict && len(ed.diags) > 0 {
		err := &packager.StrictError{Warnings: len(ed.diags)}
		if jsonOut {
			writeJSONReport(opts.env, ed, &packager.Report{Diags: ed.diags}, err)
		}
		return err
	}
	sink := bopts.Out.(packager.DirSink)
	sink.Clean()
	start := time.Now()
	rep, err := packager.Build(ctx, bopts)
	if rep != nil {
		for _, d := range rep.Diags {
			u.diagnostic(d)
		}
		rep.Diags = append(ed.diags, rep.Diags...)
	}
	if jsonOut {
		writeJSONReport(opts.env, ed, rep, err)
	}
	if err != nil {
		return err
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
		plural(len(rep.Warnings())+len(ed.diags), "warning", "warnings"), time.Since(start).Round(time.Millisecond))
	return nil
}

// prepareBuild resolves the layout, formats, output folder and clock.
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
		if errors.As(err, &ue) && ed.cfg.Layout == name && !opts.flags.Changed("layout") && opts.env.getenv("OFFPRINT_LAYOUT") == "" {
			return b, &packager.ConfigError{File: ed.file, Key: "layout", Line: ed.line("layout"), Msg: ue.Error(),
				Hint: "pick one of those, or add layouts/" + name + ".yaml to the edition"}
		}
		return b, err
	}
	formats := ed.getList("format")
	for _, f := range formats {
		if f != "epub" && f != "pdf" {
			return b, usageErrorf("--format: unknown format %q (there are: epub, pdf)", f).withHint("for example: --format epub,pdf")
		}
	}
	out := ed.getString("out")
	switch {
	case out == "":
		out = filepath.Join(ed.dir, "out")
	case !opts.flags.Changed("out") && opts.env.getenv("OFFPRINT_OUT") == "" && !filepath.IsAbs(out):
		out = filepath.Join(ed.dir, out) // from the edition file: relative to it
	}
	epoch, err := sourceDateEpoch(opts.env.getenv)
	if err != nil {
		return b, err
	}
	drafts := ed.getBool("drafts")
	b = packager.BuildOptions{
		FS:      fsys,
		Config:  &ed.cfg,
		Layout:  lay,
		Formats: formats,
		Out:     packager.DirSink{Dir: out},
		Strict:  ed.getBool("strict"),
		Load:    packager.LoadOptions{Drafts: drafts},
		Normalize: packager.NormalizeOptions{
			Now:   opts.now(),
			Epoch: epoch,
		},
	}
	return b, nil
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
		return nil, usageErrorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", s).withHint("unset it, or set it to a Unix time such as 1577836800")
	}
	t := time.Unix(n, 0).UTC()
	return &t, nil
}

// jsonReport is what --json prints.
type jsonReport struct {
	OK       bool                  `json:"ok"`
	Edition  *jsonEdition          `json:"edition,omitempty"`
	Outputs  []packager.OutputInfo `json:"outputs"`
	Articles int                   `json:"articles"`
	Figures  int                   `json:"figures"`
	Warnings []jsonDiag            `json:"warnings"`
	Error    *jsonDiag             `json:"error,omitempty"`
	Timings  map[string]float64    `json:"timings_ms,omitempty"`
}

type jsonEdition struct {
	Title      string `json:"title"`
	Issue      int    `json:"issue,omitempty"`
	Date       string `json:"date"`
	Slug       string `json:"slug"`
	Identifier string `json:"identifier"`
	Layout     string `json:"layout,omitempty"`
	Out        string `json:"out,omitempty"`
}

type jsonDiag struct {
	Code    string `json:"code,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

func toJSONDiag(d model.Diagnostic) jsonDiag {
	return jsonDiag{Code: d.Code, File: d.File, Line: d.Line, Message: d.Msg, Hint: d.Hint}
}

func writeJSONReport(e env, ed *edition, rep *packager.Report, err error) {
	jr := jsonReport{OK: err == nil, Outputs: []packager.OutputInfo{}, Warnings: []jsonDiag{}}
	if rep != nil {
		if rep.Edition != nil {
			x := rep.Edition
			jr.Edition = &jsonEdition{Title: x.Title, Issue: x.Issue, Date: x.Date.Format("2006-01-02"), Slug: x.Slug, Identifier: x.Identifier}
		}
		if rep.Outputs != nil {
			jr.Outputs = rep.Outputs
		}
		jr.Articles, jr.Figures = rep.Articles, rep.Figures
		for _, d := range rep.Diags {
			if d.Severity == model.Warning {
				jr.Warnings = append(jr.Warnings, toJSONDiag(d))
			}
		}
		if len(rep.Timings) > 0 {
			jr.Timings = map[string]float64{}
			for _, t := range rep.Timings {
				jr.Timings[t.Step] = float64(t.Duration.Microseconds()) / 1000
			}
		}
	} else if ed != nil {
		for _, d := range ed.diags {
			jr.Warnings = append(jr.Warnings, toJSONDiag(d))
		}
	}
	if err != nil {
		var d *model.Diagnostic
		if errors.As(err, &d) {
			j := toJSONDiag(*d)
			j.Message = d.Error()
			jr.Error = &j
		} else {
			jr.Error = &jsonDiag{Message: err.Error(), Hint: hint(err)}
		}
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if encErr := enc.Encode(jr); encErr != nil {
		fmt.Fprintln(e.stderr, "offprint: error: writing the report:", encErr)
	}
}
