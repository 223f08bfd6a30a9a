package packager

import (
	"errors"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestValidateReturnsTypedSettings: dates come back as days, the issue as
// a number, week/since/until as one range, the formats as a clean list,
// and a selection's dates are kept for Load.
func TestValidateReturnsTypedSettings(t *testing.T) {
	sel := &Selection{Tags: []string{"x"}, Since: "2020-01-02", Until: "2020-01-31"}
	c := &Config{File: "edition.yaml", Title: "T", Issue: "12", Date: "2020-01-03", Format: []string{"pdf, EPUB", "pdf"},
		Week: "2020-W02", Since: "2020-01-07", Sections: []SectionConfig{{Title: "S", Select: sel}}}
	set, err := c.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if !set.Date.Equal(day(2020, 1, 3)) || set.Issue != 12 || set.AutoIssue {
		t.Errorf("date %v issue %d auto %v", set.Date, set.Issue, set.AutoIssue)
	}
	if !set.Range.Since.Equal(day(2020, 1, 7)) || !set.Range.Until.Equal(day(2020, 1, 12)) {
		t.Errorf("range %v – %v, want 2020-01-07 – 2020-01-12", set.Range.Since, set.Range.Until)
	}
	if len(set.Formats) != 2 || set.Formats[0] != "pdf" || set.Formats[1] != "epub" {
		t.Errorf("formats %q", set.Formats)
	}
	if !sel.dates.Since.Equal(day(2020, 1, 2)) || !sel.dates.Until.Equal(day(2020, 1, 31)) {
		t.Errorf("selection dates %v", sel.dates)
	}
	if c.settings.Issue != 12 {
		t.Error("Validate did not keep what it parsed")
	}

	// Without date:, week: dates the edition by its Sunday.
	c = &Config{Title: "T", Week: "2020-W03", Issue: "auto", FirstIssueDate: "2020-01-01"}
	if set, err = c.Validate(); err != nil || !set.Date.Equal(day(2020, 1, 19)) || !set.AutoIssue || !set.FirstIssueDate.Equal(day(2020, 1, 1)) {
		t.Errorf("week only: %+v %v", set, err)
	}
}

func TestValidateNamesTheKey(t *testing.T) {
	for _, c := range []struct {
		cfg Config
		key string
	}{
		{Config{Title: "T", Date: "2020-13-45"}, "date"},
		{Config{Title: "T", Issue: "-1"}, "issue"},
		{Config{Title: "T", Issue: "auto"}, "issue"},
		{Config{Title: "T", Format: []string{"docx"}}, "format"},
		{Config{Title: "T", Week: "2020-W54"}, "week"},
		{Config{Title: "T", Since: "2020-01-10", Until: "2020-01-03"}, "until"},
		{Config{Title: "T", Sections: []SectionConfig{{Title: "S", Select: &Selection{Until: "soon"}}}}, "sections.0.select.until"},
	} {
		_, err := c.cfg.Validate()
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Key != c.key {
			t.Errorf("%+v: %v, want an error naming %s", c.cfg, err, c.key)
		}
	}
}

// FuzzCheckValue: a value checked on the command line is accepted exactly
// when the edition file's key would accept it.
func FuzzCheckValue(f *testing.F) {
	for _, s := range []string{"2020-01-03", "2020-13-45", "-1", "12", "auto", "2020-W02", "epub,pdf", "docx", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, key := range []string{"date", "issue", "week", "format"} {
			c := Config{Title: "T", FirstIssueDate: "2020-01-01"}
			switch key {
			case "date":
				c.Date = v
			case "issue":
				c.Issue = v
			case "week":
				c.Week = v
			case "format":
				c.Format = []string{v}
			}
			_, verr := c.Validate()
			if cerr := CheckValue(key, v); (cerr == nil) != (verr == nil) {
				t.Errorf("%s=%q: CheckValue %v, Validate %v", key, v, cerr, verr)
			}
		}
	})
}
