package packager

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/offprint/offprint/packager/internal/importer"
)

// EditionFile is the edition file's base name; edition.toml and
// edition.json are read too.
const EditionFile = "edition"

// Config is an edition file, decoded. The command line fills it (from
// flags, OFFPRINT_* variables and the edition file); the packager only reads
// it.
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

	// FirstIssueDate anchors issue: auto (issue 1 is the ISO week of this
	// date).
	FirstIssueDate string `mapstructure:"first_issue_date"`
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

// Validate checks the values the packager relies on, returning the first
// problem as a *ConfigError.
func (c *Config) Validate() error {
	bad := func(key, format string, a ...any) error {
		return &ConfigError{File: c.File, Key: key, Msg: fmt.Sprintf(format, a...)}
	}
	if strings.TrimSpace(c.Title) == "" {
		return &ConfigError{File: c.File, Key: "title", Msg: "an edition needs a title", Hint: "add a line such as: title: Corpus Weekly"}
	}
	if c.Date != "" {
		if _, err := importer.ParseDate(c.Date); err != nil {
			return bad("date", "%v", err)
		}
	}
	if c.Issue != "" && c.Issue != "auto" {
		if _, err := parseIssue(c.Issue); err != nil {
			return bad("issue", "%v", err)
		}
	}
	if c.Issue == "auto" && c.FirstIssueDate == "" {
		return &ConfigError{File: c.File, Key: "issue", Msg: "issue: auto needs first_issue_date", Hint: "add first_issue_date: the date of issue 1"}
	}
	if c.FirstIssueDate != "" {
		if _, err := importer.ParseDate(c.FirstIssueDate); err != nil {
			return bad("first_issue_date", "%v", err)
		}
	}
	if c.Language != "" && !validLang(c.Language) {
		return bad("language", "%q is not a language tag (en, fr, pt-BR, …)", c.Language)
	}
	for i, s := range c.Sections {
		key := fmt.Sprintf("sections.%d", i)
		if strings.TrimSpace(s.Title) == "" {
			return bad(key+".title", "every section needs a title")
		}
		if len(s.Articles) == 0 && s.Select == nil {
			return &ConfigError{File: c.File, Key: key, Msg: fmt.Sprintf("section %q lists no articles", s.Title), Hint: "give it articles: [paths or globs] or select: {tags: […]}"}
		}
		for j, p := range s.Articles {
			if err := checkPattern(p); err != nil {
				return bad(fmt.Sprintf("%s.articles.%d", key, j), "%v", err)
			}
		}
		if sel := s.Select; sel != nil {
			for _, d := range []struct{ k, v string }{{"since", sel.Since}, {"until", sel.Until}} {
				if d.v == "" {
					continue
				}
				if _, err := importer.ParseDate(d.v); err != nil {
					return bad(key+".select."+d.k, "%v", err)
				}
			}
			if sel.Limit < 0 {
				return bad(key+".select.limit", "must not be negative, got %d", sel.Limit)
			}
			switch sel.Sort {
			case "", "date", "-date", "title", "given":
			default:
				return bad(key+".select.sort", "must be date, -date, title or given, got %q", sel.Sort)
			}
		}
	}
	return nil
}

func parseIssue(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 999999 {
		return 0, fmt.Errorf("%q is not an issue number (a whole number, or auto)", s)
	}
	return n, nil
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

// ParseDay parses an edition date at midnight UTC.
func ParseDay(s string) (time.Time, error) { return importer.ParseDate(s) }
