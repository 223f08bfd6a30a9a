package main

import (
	"encoding/json"
	"errors"

	"github.com/offprint/offprint/packager"
	"github.com/offprint/offprint/packager/model"
)

// jsonReport is what --json prints for one edition.
type jsonReport struct {
	OK       bool                  `json:"ok"`
	Dir      string                `json:"dir,omitempty"`
	Edition  *jsonEdition          `json:"edition,omitempty"`
	Out      string                `json:"out,omitempty"`
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
	Since      string `json:"since,omitempty"`
	Until      string `json:"until,omitempty"`
	Slug       string `json:"slug"`
	Identifier string `json:"identifier"`
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

func day(t interface{ Format(string) string }, zero bool) string {
	if zero {
		return ""
	}
	return t.Format("2006-01-02")
}

// newJSONReport describes a build (rep may be nil when it stopped early).
func newJSONReport(ed *edition, rep *packager.Report, err error) *jsonReport {
	jr := &jsonReport{OK: err == nil, Outputs: []packager.OutputInfo{}, Warnings: []jsonDiag{}}
	var diags []model.Diagnostic
	if ed != nil {
		diags = ed.diags
	}
	if rep != nil {
		if x := rep.Edition; x != nil {
			jr.Edition = &jsonEdition{Title: x.Title, Issue: x.Issue, Date: x.Date.Format("2006-01-02"),
				Since: day(x.Range.Since, x.Range.Since.IsZero()), Until: day(x.Range.Until, x.Range.Until.IsZero()),
				Slug: x.Slug, Identifier: x.Identifier}
		}
		if rep.Outputs != nil {
			jr.Outputs = rep.Outputs
		}
		jr.Articles, jr.Figures = rep.Articles, rep.Figures
		diags = rep.Diags
		if len(rep.Timings) > 0 {
			jr.Timings = map[string]float64{}
			for _, t := range rep.Timings {
				jr.Timings[t.Step] = float64(t.Duration.Microseconds()) / 1000
			}
		}
	}
	for _, d := range diags {
		if d.Severity == model.Warning {
			jr.Warnings = append(jr.Warnings, toJSONDiag(d))
		}
	}
	if err != nil {
		j := errorDiag(err)
		jr.Error = &j
	}
	return jr
}

// errorDiag describes an error for a JSON report.
func errorDiag(err error) jsonDiag {
	var d *model.Diagnostic
	if errors.As(err, &d) {
		j := toJSONDiag(*d)
		j.Message = err.Error()
		if j.Hint == "" {
			j.Hint = hint(err)
		}
		return j
	}
	return jsonDiag{Message: err.Error(), Hint: hint(err)}
}

// jsonFailure is what --json prints for an error that stops a command
// before it has a report of its own.
type jsonFailure struct {
	OK    bool     `json:"ok"`
	Error jsonDiag `json:"error"`
}

// writeJSON prints a value as indented JSON on standard output.
func writeJSON(e env, v any) {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		newUI(e.stderr, false).errorf("writing the report: %v", err)
	}
}
