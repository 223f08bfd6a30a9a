package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/offprint/offprint/packager/model"
)

func osGetenv(k string) string { return os.Getenv(k) }

// ui prints messages to the user in one voice: "offprint: error: …",
// "offprint: warning: …", "offprint: hint: …", on standard error.
type ui struct {
	w     io.Writer
	quiet bool
}

func newUI(w io.Writer, quiet bool) *ui { return &ui{w: w, quiet: quiet} }

func (u *ui) errorf(format string, a ...any) { u.line("error", format, a...) }

func (u *ui) hintf(format string, a ...any) { u.line("hint", format, a...) }

func (u *ui) warnf(format string, a ...any) {
	if !u.quiet {
		u.line("warning", format, a...)
	}
}

// infof prints progress and results, unless quiet.
func (u *ui) infof(format string, a ...any) {
	if !u.quiet {
		fmt.Fprintf(u.w, "offprint: "+format+"\n", a...)
	}
}

// printf prints a line as it is, unless quiet.
func (u *ui) printf(format string, a ...any) {
	if !u.quiet {
		fmt.Fprintf(u.w, format+"\n", a...)
	}
}

func (u *ui) line(kind, format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	msg = strings.ReplaceAll(msg, "\n", "\n    ")
	fmt.Fprintf(u.w, "offprint: %s: %s\n", kind, msg)
}

// diagnostic prints a warning with its hint.
func (u *ui) diagnostic(d model.Diagnostic) {
	if u.quiet {
		return
	}
	u.warnf("%s", d.Error())
	if d.Hint != "" {
		u.hintf("%s", d.Hint)
	}
}

// humanBytes formats a size: "812 KB", "3.4 MB".
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 10<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
