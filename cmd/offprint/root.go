package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager"
	"github.com/offprint/offprint/packager/model"
)

// Exit codes.
const (
	exitOK          = 0
	exitEdition     = 1   // the edition has errors
	exitUsage       = 2   // offprint was called wrongly
	exitInterrupted = 130 // stopped by Ctrl-C (128 + SIGINT)
)

// env gives the command its environment, so tests can set it.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

// run is the whole program: it parses args, runs the command and prints
// any error once, returning the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runEnv(ctx, args, env{stdout: stdout, stderr: stderr, getenv: osGetenv})
}

func runEnv(ctx context.Context, args []string, e env) int {
	root := newRootCmd(e)
	root.SetArgs(args)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	cmd, err := root.ExecuteContextC(ctx)
	return exit(ctx, e, wantsJSON(cmd, e), err)
}

// exit is the one way out of offprint: it maps an error to the exit code
// and prints it once, through the ui's voice or, when JSON was asked for,
// as JSON on standard output. An interrupted run (Ctrl-C) ends with 130
// and no message.
func exit(ctx context.Context, e env, jsonOut bool, err error) int {
	code := exitCode(ctx, err)
	if code == exitOK || code == exitInterrupted {
		return code
	}
	var rep *reportedError
	switch {
	case errors.As(err, &rep):
		writeJSON(e, rep.report)
	case jsonOut:
		writeJSON(e, jsonFailure{Error: errorDiag(err)})
	default:
		printError(newUI(e.stderr, false), err)
	}
	return code
}

// exitCode maps an error to an exit code.
func exitCode(ctx context.Context, err error) int {
	var u *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return exitInterrupted
	case errors.As(err, &u):
		return exitUsage
	}
	return exitEdition
}

// wantsJSON reports whether the command asked for JSON output, by its
// --json flag or OFFPRINT_JSON.
func wantsJSON(cmd *cobra.Command, e env) bool {
	if cmd != nil {
		if f := cmd.Flags().Lookup("json"); f != nil && f.Changed {
			b, _ := strconv.ParseBool(f.Value.String())
			return b
		}
		if cmd.Flags().Lookup("json") == nil {
			return false
		}
	}
	b, _ := strconv.ParseBool(strings.TrimSpace(e.getenv(envName("json"))))
	return b
}

// printError prints an error and its hint; for several editions, each
// one's error, then how many failed.
func printError(u *ui, err error) {
	var many *editionsError
	if errors.As(err, &many) {
		for _, f := range many.failed {
			printOne(u, f.dir+": ", f.err)
		}
		u.errorf("%s", many)
		return
	}
	printOne(u, "", err)
}

func printOne(u *ui, prefix string, err error) {
	u.errorf("%s%s", prefix, err)
	if h := hint(err); h != "" {
		u.hintf("%s", h)
	}
}

func newRootCmd(e env) *cobra.Command {
	root := &cobra.Command{
		Use:   "offprint",
		Short: "Turn a folder of articles into an EPUB and a print-ready PDF",
		Long: `offprint turns a folder of articles into an edition: an EPUB 3 for
e-readers and a print-ready PDF, with every byline, source, licence,
caption and photo credit carried through. It works offline.`,
		SilenceUsage:               true,
		SilenceErrors:              true,
		SuggestionsMinimumDistance: 2,
		CompletionOptions:          cobra.CompletionOptions{HiddenDefaultCmd: false},
		Args:                       commandArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErrorf("%v", err).withHint(fmt.Sprintf("see: %s --help", c.CommandPath()))
	})
	root.AddCommand(
		newBuildCmd(e),
		newCheckCmd(e),
		newImportCmd(e),
		newLayoutsCmd(e),
		newInitCmd(e),
		newShelfCmd(e),
		newVersionCmd(e),
	)
	// cobra's own completion command takes a shell name; anything else
	// is a usage error too.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		c.SuggestionsMinimumDistance = 2
		if c.Name() == "completion" {
			c.Args = commandArgs
			c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
			for _, sh := range c.Commands() {
				sh.Args = noArgs
			}
		}
	}
	return root
}

// commandArgs refuses an argument that names no subcommand.
func commandArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	u := usageErrorf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		return u.withHint("did you mean " + strings.Join(s, " or ") + "?")
	}
	return u.withHint("see: " + cmd.CommandPath() + " --help")
}

// noArgs refuses any argument.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0]).withHint("see: " + cmd.CommandPath() + " --help")
	}
	return nil
}

// maxArgs refuses more than n arguments.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usageErrorf("%s takes at most %s, got %d", cmd.CommandPath(), plural(n, "argument", "arguments"), len(args)).withHint("see: " + cmd.CommandPath() + " --help")
		}
		return nil
	}
}

// usageError is a mistake in how offprint was called: exit code 2.
type usageError struct {
	msg, hint string
}

func usageErrorf(format string, a ...any) *usageError {
	return &usageError{msg: fmt.Sprintf(format, a...)}
}

func (e *usageError) Error() string { return e.msg }

func (e *usageError) withHint(h string) *usageError { e.hint = h; return e }

// reportedError is a failed command's error with the JSON report that
// describes it; with --json the report is printed instead of the message.
type reportedError struct {
	err    error
	report any
}

func (e *reportedError) Error() string { return e.err.Error() }
func (e *reportedError) Unwrap() error { return e.err }

// editionsError is a build of several editions in which some failed.
type editionsError struct {
	failed []editionFailure
	total  int
}

// editionFailure is one edition that failed to build.
type editionFailure struct {
	dir string
	err error
}

func (e *editionsError) Error() string {
	return fmt.Sprintf("%d of %s failed", len(e.failed), plural(e.total, "edition", "editions"))
}

// Unwrap gives each edition's error, so a usage error in any of them
// makes the exit code 2.
func (e *editionsError) Unwrap() []error {
	var errs []error
	for _, f := range e.failed {
		errs = append(errs, f.err)
	}
	return errs
}

// hint finds advice for an error, if any.
func hint(err error) string {
	var u *usageError
	var d *model.Diagnostic
	var c *packager.ConfigError
	var s *packager.StrictError
	var ul *layouts.UnknownError
	var le *layouts.Error
	var o *packager.OutDirError
	switch {
	case errors.As(err, &u):
		return u.hint
	case errors.As(err, &d):
		return d.Hint
	case errors.As(err, &c):
		return c.Hint
	case errors.As(err, &s):
		return "fix the warnings above, or build without --strict"
	case errors.As(err, &ul):
		return unknownLayoutHint(ul.Name)
	case errors.As(err, &le):
		return le.Hint
	case errors.As(err, &o):
		return "choose another folder with -o"
	}
	return ""
}
