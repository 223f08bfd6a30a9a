package model

import (
	"fmt"
	"strings"
)

// Severity tells warnings from errors.
type Severity uint8

// Severities: a warning lets the build go on (unless --strict); an error
// stops it.
const (
	Warning Severity = iota
	Error
)

// String returns "warning" or "error".
func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Diagnostic is a problem found in an edition, tied to a file and line
// where there is one. An error-severity Diagnostic is also a Go error.
type Diagnostic struct {
	Severity Severity
	// Code is a stable, machine-readable name for the kind of problem
	// ("missing-image", "no-credit", …), used by --json and tests.
	Code string
	File string // path in the edition folder ("" when not tied to a file)
	Line int    // 1-based; 0 when unknown
	Msg  string // lowercase, no final period
	Hint string // what to do about it, or ""
	// Err is the underlying error, if any.
	Err error
}

// Error formats the diagnostic as "file:line: message".
func (d *Diagnostic) Error() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Line)
		}
		b.WriteString(": ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// Unwrap returns the underlying error.
func (d *Diagnostic) Unwrap() error { return d.Err }

// Errorf returns an error-severity diagnostic.
func Errorf(file string, line int, format string, a ...any) *Diagnostic {
	return &Diagnostic{Severity: Error, File: file, Line: line, Msg: fmt.Sprintf(format, a...)}
}

// Warnf returns a warning.
func Warnf(code, file string, line int, format string, a ...any) Diagnostic {
	return Diagnostic{Severity: Warning, Code: code, File: file, Line: line, Msg: fmt.Sprintf(format, a...)}
}

// WithHint returns d with a hint.
func (d Diagnostic) WithHint(h string) Diagnostic { d.Hint = h; return d }
