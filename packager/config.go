package packager

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/importer"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// EditionFile is the edition file's base name; edition.toml and
// edition.json are read too.
const EditionFile = "edition"

// Config is an edition file, decoded: its values as written. The command
// line fills it (from flags, OFFPRINT_* variables and the edition file);
// Validate checks it and parses its values into Settings, which is what the
// packager reads.
type Config struct {
	// File is the edition file's name, for messages ("edition.yaml").
	File string `mapstructure:"-"`

	Title       string          `mapstructure:"title"`
	Subtitle    string          `mapstructure:"subtitle"`
	Publisher   string          `mapstructure:"publisher"`
	Language    string          `mapstructure:"language"`
	Issue       string          `mapstructure:"issue"`
	Series      string          `mapstructure:"series"`
	Date        string          `mapstructure:"date"`
	License     string          `mapstructure:"license"`
	Description string          `mapstructure:"description"`
	Cover       string          `mapstructure:"cover"`
	Layout      string          `mapstructure:"layout"`
	Sections    []SectionConfig `mapstructure:"sections"`
	// Editor is the edition's editor, its creator in e-book metadata;
	// the publisher stands in when it is empty.
	Editor string `mapstructure:"editor"`
	// Tags are the edition's subjects, listed before the articles' most
	// frequent tags.
	Tags []string `mapstructure:"tags"`
	// TitleFormat is how an issue's full title is made from {title},
	// {issue} and {date}; empty means "{title} — No. {issue}, {date}".
	TitleFormat string `mapstructure:"title_format"`
	// Accessibility holds the publisher's accessibility claims.
	Accessibility AccessibilityConfig `mapstructure:"accessibility"`

	// FirstIssueDate anchors issue: auto (issue 1 is the ISO week of this
	// date).
	FirstIssueDate string `mapstructure:"first_issue_date"`

	// Format lists the outputs to build (epub, pdf); empty means the
	// layout's.
	Format []string `mapstructure:"format"`
	// Week is an ISO week ("2020-W02"): the edition holds the articles of
	// that week, and is dated its Sunday unless Date says otherwise.
	Week string `mapstructure:"week"`
	// Since and Until narrow the edition to articles dated within them
	// (inclusive days; they narrow Week too).
	Since string `mapstructure:"since"`
	Until string `mapstructure:"until"`

	// settings is what Validate parsed.
	settings Settings
}

// Settings are the values of a Config parsed by Validate. Nothing after
// Validate parses a setting again.
type Settings struct {
	// Date is the edition's date: date:, else the Sunday of week:; zero
	// when neither is given (the build's day is used).
	Date time.Time
	// Issue is the issue number; 0 when there is none or it is automatic.
	Issue int
	// AutoIssue numbers the edition by ISO week from FirstIssueDate.
	AutoIssue bool
	// FirstIssueDate is the day of issue 1 (first_issue_date:).
	FirstIssueDate time.Time
	// Range is the span of days the edition covers (week:, since:,
	// until:); zero when none is given.
	Range model.DateRange
	// Formats are the outputs asked for; empty means the layout's.
	Formats []string
}

// AccessibilityConfig is the accessibility: entry of the edition file.
type AccessibilityConfig struct {
	// Conforms claims EPUB Accessibility 1.1, WCAG 2.2 Level AA, on the
	// publisher's behalf.
	Conforms bool `mapstructure:"conforms"`
}

// SectionConfig is one entry of sections: in the edition file.
type SectionConfig struct {
	Title    string     `mapstructure:"title"`
	Articles []string   `mapstructure:"articles"`
	Select   *Selection `mapstructure:"select"`
}

// Selection picks articles from articles/ by their front matter.
type Selection struct {
	Tags        []string `mapstructure:"tags"`
	ExcludeTags []string `mapstructure:"exclude_tags"`
	Sources     []string `mapstructure:"sources"`
	Since       string   `mapstructure:"since"`
	Until       string   `mapstructure:"until"`
	Limit       int      `mapstructure:"limit"`
	Sort        string   `mapstructure:"sort"`

	// dates is Since–Until, parsed by Validate.
	dates model.DateRange
}

// ConfigError is a wrong value in the edition file. Key is the dotted key
// ("sections.1.select.since"), so the command line can find its line.
type ConfigError struct {
	File string
	Key  string
	Line int
	Msg  string
	Hint string
}

// Error formats as "edition.yaml:7: date: …".
func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Validate checks the values the packager relies on and parses them,
// returning the first problem as a *ConfigError. The parsed values are
// returned and kept with c: Load and Normalize read them, not the strings.
func (c *Config) Validate() (Settings, error) {
	var set Settings
	bad := func(key, format string, a ...any) error {
		return &ConfigError{File: c.File, Key: key, Msg: fmt.Sprintf(format, a...)}
	}
	if strings.TrimSpace(c.Title) == "" {
		return set, &ConfigError{File: c.File, Key: "title", Msg: "an edition needs a title", Hint: "add a line such as: title: Corpus Weekly"}
	}
	var err error
	if set.Date, err = parseDay(c.Date); err != nil {
		return set, bad("date", "%v", err)
	}
	if set.Issue, set.AutoIssue, err = parseIssue(c.Issue); err != nil {
		return set, bad("issue", "%v", err)
	}
	if set.FirstIssueDate, err = parseDay(c.FirstIssueDate); err != nil {
		return set, bad("first_issue_date", "%v", err)
	}
	if set.AutoIssue && set.FirstIssueDate.IsZero() {
		return set, &ConfigError{File: c.File, Key: "issue", Msg: "issue: auto needs first_issue_date", Hint: "add first_issue_date: the date of issue 1"}
	}
	if c.Language != "" && !validLang(c.Language) {
		return set, bad("language", "%q is not a language tag (en, fr, pt-BR, …)", c.Language)
	}
	if set.Formats, err = parseFormats(c.Format); err != nil {
		return set, bad("format", "%v", err)
	}
	if strings.TrimSpace(c.Week) != "" {
		if set.Range.Since, set.Range.Until, err = isoWeek(c.Week); err != nil {
			return set, bad("week", "%v", err)
		}
		if set.Date.IsZero() {
			set.Date = set.Range.Until
		}
	}
	for _, d := range []struct {
		key, v string
		to     *time.Time
	}{{"since", c.Since, &set.Range.Since}, {"until", c.Until, &set.Range.Until}} {
		t, err := parseDay(d.v)
		if err != nil {
			return set, bad(d.key, "%v", err)
		}
		if !t.IsZero() {
			*d.to = t
		}
	}
	if r := set.Range; !r.Since.IsZero() && !r.Until.IsZero() && r.Until.Before(r.Since) {
		return set, bad("until", "%s comes before since %s", r.Until.Format("2006-01-02"), r.Since.Format("2006-01-02"))
	}
	for i, s := range c.Sections {
		key := fmt.Sprintf("sections.%d", i)
		if strings.TrimSpace(s.Title) == "" {
			return set, bad(key+".title", "every section needs a title")
		}
		if len(s.Articles) == 0 && s.Select == nil {
			return set, &ConfigError{File: c.File, Key: key, Msg: fmt.Sprintf("section %q lists no articles", s.Title), Hint: "give it articles: [paths or globs] or select: {tags: […]}"}
		}
		for j, p := range s.Articles {
			if err := checkPattern(p); err != nil {
				return set, bad(fmt.Sprintf("%s.articles.%d", key, j), "%v", err)
			}
		}
		if sel := s.Select; sel != nil {
			if sel.dates.Since, err = parseDay(sel.Since); err != nil {
				return set, bad(key+".select.since", "%v", err)
			}
			if sel.dates.Until, err = parseDay(sel.Until); err != nil {
				return set, bad(key+".select.until", "%v", err)
			}
			if sel.Limit < 0 {
				return set, bad(key+".select.limit", "must not be negative, got %d", sel.Limit)
			}
			switch sel.Sort {
			case "", "date", "-date", "title", "given":
			default:
				return set, bad(key+".select.sort", "must be date, -date, title or given, got %q", sel.Sort)
			}
		}
	}
	c.settings = set
	return set, nil
}

// CheckValue checks one setting given outside the edition file, by a flag
// or an environment variable, by the rule Validate applies to the edition
// file's key, so that its error can name where the value came from. Keys
// it does not know are not checked.
func CheckValue(key, value string) error {
	var err error
	switch key {
	case "date", "first_issue_date", "since", "until":
		_, err = parseDay(value)
	case "issue":
		_, _, err = parseIssue(value)
	case "week":
		if strings.TrimSpace(value) != "" {
			_, _, err = isoWeek(value)
		}
	case "format":
		_, err = parseFormats([]string{value})
	case "fit":
		_, err = layouts.ParseFit(value)
	}
	return err
}

// isoWeek parses "2020-W02" into the Monday and Sunday of that ISO week.
func isoWeek(s string) (since, until time.Time, err error) {
	var y, w int
	if n, e := fmt.Sscanf(strings.ToUpper(strings.TrimSpace(s)), "%d-W%d", &y, &w); n != 2 || e != nil || y < 1 || y > 9999 || w < 1 || w > 53 {
		return since, until, fmt.Errorf("%q is not an ISO week (write it as 2020-W02)", s)
	}
	// 4 January is always in week 1.
	mon := WeekStart(time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)).AddDate(0, 0, 7*(w-1))
	if yy, ww := mon.ISOWeek(); yy != y || ww != w {
		return since, until, fmt.Errorf("%d has no week %d", y, w)
	}
	return mon, mon.AddDate(0, 0, 6), nil
}

// parseDay parses a date setting; "" is the zero time.
func parseDay(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	return importer.ParseDate(s)
}

// parseFormats splits and checks a list of output formats ("epub,pdf").
func parseFormats(list []string) ([]string, error) {
	var out []string
	for _, s := range list {
		for _, f := range strings.Split(s, ",") {
			f = strings.ToLower(strings.TrimSpace(f))
			if f == "" {
				continue
			}
			if !slices.Contains(Formats, f) {
				return nil, fmt.Errorf("unknown format %q (there are: %s)", f, strings.Join(Formats, ", "))
			}
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// parseIssue parses an issue setting: a whole number, or auto; "" is no
// issue.
func parseIssue(s string) (n int, auto bool, err error) {
	switch t := strings.TrimSpace(s); t {
	case "":
		return 0, false, nil
	case "auto":
		return 0, true, nil
	default:
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 || n > 999999 {
			return 0, false, fmt.Errorf("%q is not an issue number (a whole number, or auto)", s)
		}
		return n, false, nil
	}
}

func validLang(s string) bool {
	if len(s) < 2 || len(s) > 35 {
		return false
	}
	for i, part := range strings.Split(s, "-") {
		if part == "" || len(part) > 8 || (i == 0 && len(part) > 3 && len(part) < 5) {
			return false
		}
		for _, r := range part {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

// checkPattern refuses article paths that leave the edition folder.
func checkPattern(p string) error {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || (len(p) > 1 && p[1] == ':') {
		return fmt.Errorf("%q is an absolute path; name articles relative to the edition folder", p)
	}
	for _, seg := range strings.Split(strings.ReplaceAll(p, `\`, "/"), "/") {
		if seg == ".." {
			return fmt.Errorf("%q leaves the edition folder", p)
		}
	}
	return nil
}

// CheckLayout reads every font file a layout names with the font reader
// the PDF uses, so that a font that is not one is found before anything
// is rendered, as an error naming the layout file, line and key.
func CheckLayout(lay *layouts.Layout) error {
	return lay.CheckFonts(func(name string, data []byte) error {
		_, err := typeset.ParseFace(name, data)
		if inner := errors.Unwrap(err); inner != nil {
			err = inner // ParseFace names the file, as the message does
		}
		return err
	})
}
