package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager"
	"github.com/offprint/offprint/packager/model"
)

// Exit codes.
const (
	exitOK      = 0
	exitEdition = 1 // the edition has errors
	exitUsage   = 2 // offprint was called wrongly
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
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	ui := newUI(e.stderr, false)
	var silent *silentError
	if errors.As(err, &silent) {
		return silent.code
	}
	var silentWith *silentErrorWith
	if errors.As(err, &silentWith) {
		return silentWith.code
	}
	ui.errorf("%s", message(err))
	if h := hint(err); h != "" {
		ui.hintf("%s", h)
	}
	if isUsage(err) {
		return exitUsage
	}
	return exitEdition
}

func newRootCmd(e env) *cobra.Command {
	root := &cobra.Command{
		Use:   "offprint",
		Short: "Turn a folder of articles into an EPUB and a print-ready PDF",
		Long: `offprint turns a folder of articles into an edition: an EPUB 3 for
e-readers and a print-ready PDF, with every byline, source, licence,
caption and photo credit carried through. It works offline.`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
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
	return root
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

// silentError ends the program with a code, its message already printed.
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func isUsage(err error) bool {
	var u *usageError
	if errors.As(err, &u) {
		return true
	}
	// cobra's own argument and command errors
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// message is the error as the user reads it.
func message(err error) string {
	return err.Error()
}

// hint finds advice for an error, if any.
func hint(err error) string {
	var u *usageError
	var d *model.Diagnostic
	var c *packager.ConfigError
	var s *packager.StrictError
	var ul *layouts.UnknownError
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
		return "pick one of those, or add layouts/" + ul.Name + ".yaml to the edition (offprint layouts show magazine prints one to start from)"
	case errors.As(err, &o):
		return "choose another folder with -o"
	}
	if strings.HasPrefix(err.Error(), "unknown command") {
		return "see: offprint --help"
	}
	return ""
}
