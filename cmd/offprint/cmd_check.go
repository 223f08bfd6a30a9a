package main

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/offprint/offprint/packager"
	"github.com/offprint/offprint/packager/model"
)

// checkOptions are the settings of `offprint check`.
type checkOptions struct {
	dir   string
	flags *pflag.FlagSet
	env   env
	now   func() time.Time
}

func newCheckCmd(e env) *cobra.Command {
	opts := checkOptions{env: e, now: time.Now}
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Report problems in the edition in DIR without building it",
		Long: `Report everything that would warn or fail in a build of the edition in DIR
(default .), plus what an editor should fix before printing: pictures
without alt text, captions without credits, articles without a licence or
a source, and pictures that would print below the layout's minimum
resolution. Nothing is written. Exit code 1 when anything is an error.`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = "."
			if len(args) == 1 {
				opts.dir = args[0]
			}
			opts.flags = cmd.Flags()
			return runCheck(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.String("layout", "", "check against this layout")
	f.String("fit", "", `check that the PDF fits so many pages or sheets ("1 sheet")`)
	f.Bool("json", false, "print the problems as JSON on standard output")
	addEditionFlags(f)
	return cmd
}

// checkReport is what `check --json` prints.
type checkReport struct {
	OK       bool       `json:"ok"`
	Articles int        `json:"articles"`
	Figures  int        `json:"figures"`
	Errors   []jsonDiag `json:"errors"`
	Warnings []jsonDiag `json:"warnings"`
}

func runCheck(ctx context.Context, opts checkOptions) error {
	rep := checkReport{Errors: []jsonDiag{}, Warnings: []jsonDiag{}}
	jsonOut, _ := opts.flags.GetBool("json")
	fail := func(err error) error {
		if jsonOut {
			rep.Errors = append(rep.Errors, errorDiag(err))
			return &reportedError{err: err, report: rep}
		}
		return err
	}
	cli, err := commandLine(opts.flags, opts.env.getenv)
	if err != nil {
		return fail(err)
	}
	jsonOut = settingBool(cli, "json")
	ed, err := loadEdition(opts.dir, cli)
	if err != nil {
		return fail(err)
	}
	jsonOut = ed.getBool("json")
	diags := append([]model.Diagnostic(nil), ed.diags...)
	bopts, err := prepareBuild(ed, buildOptions{flags: opts.flags, env: opts.env, now: opts.now})
	if err != nil {
		return fail(err)
	}
	loaded, err := packager.Load(ctx, bopts.FS, bopts.Config, bopts.Load)
	if err != nil {
		return fail(ed.blame(err))
	}
	diags = append(diags, loaded.Diags...)
	nopts := bopts.Normalize
	nopts.MaxPixels = bopts.Layout.Images.MaxPixels
	edition, ndiags, err := packager.Normalize(loaded.FS(bopts.FS), bopts.Config, loaded, nopts)
	if err != nil {
		return fail(ed.blame(err))
	}
	diags = append(diags, ndiags...)
	diags = append(diags, packager.Check(edition, bopts.Layout)...)
	formats := bopts.Formats
	if len(formats) == 0 {
		formats = bopts.Layout.Formats
	}
	if slices.Contains(formats, "pdf") {
		pre, err := packager.Preflight(ctx, loaded.FS(bopts.FS), edition, bopts.Layout)
		if err != nil {
			return fail(ed.blame(err))
		}
		diags = append(diags, pre...)
	}
	sort.SliceStable(diags, func(i, j int) bool {
		if diags[i].File != diags[j].File {
			return diags[i].File < diags[j].File
		}
		return diags[i].Line < diags[j].Line
	})
	for _, a := range edition.Articles() {
		rep.Articles++
		rep.Figures += len(a.Figures())
	}
	// An error among the checks (a refused accessibility claim) fails
	// the check once the warnings are shown.
	var refused *model.Diagnostic
	warnings := diags[:0]
	for _, d := range diags {
		if d.Severity == model.Error {
			if refused == nil {
				r := d
				refused = &r
			}
			continue
		}
		warnings = append(warnings, d)
	}
	diags = warnings
	for _, d := range diags {
		rep.Warnings = append(rep.Warnings, toJSONDiag(d))
	}
	rep.OK = refused == nil
	if jsonOut {
		if refused != nil {
			return fail(refused)
		}
		writeJSON(opts.env, rep)
		return nil
	}
	u := newUI(opts.env.stderr, false)
	for _, d := range diags {
		u.diagnostic(d)
	}
	u.infof("checked %s and %s: %s", plural(rep.Articles, "article", "articles"), plural(rep.Figures, "figure", "figures"), plural(len(diags), "warning", "warnings"))
	if refused != nil {
		return refused
	}
	return nil
}
