package importer

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/offprint/offprint/internal/yamlerr"
	"github.com/offprint/offprint/packager/model"
)

// Meta is what front matter says about an article, aliases resolved.
type Meta struct {
	Title     string
	Subtitle  string
	Authors   []string
	Date      time.Time
	Source    string
	URL       string
	License   string
	Copyright string
	Tags      []string
	Summary   string
	Lang      string
	// Dir is "rtl" when the article is written right to left in a
	// language its Lang does not say (dir: rtl).
	Dir   string
	Draft bool
}

// aliases maps every accepted front matter key to its canonical key.
var aliases = map[string]string{
	"title":       "title",
	"subtitle":    "subtitle",
	"deck":        "subtitle",
	"author":      "author",
	"authors":     "author",
	"by":          "author",
	"date":        "date",
	"published":   "date",
	"source":      "source",
	"publisher":   "source",
	"site":        "source",
	"url":         "url",
	"link":        "url",
	"canonical":   "url",
	"license":     "license",
	"licence":     "license",
	"rights":      "license",
	"copyright":   "copyright",
	"tags":        "tags",
	"categories":  "tags",
	"keywords":    "tags",
	"summary":     "summary",
	"description": "summary",
	"lang":        "lang",
	"language":    "lang",
	"draft":       "draft",
	"dir":         "dir",
	// The names Hugo, Zola, Jekyll, Pelican, Astro and Obsidian use.
	"category":    "tags",
	"excerpt":     "summary",
	"abstract":    "summary",
	"pubdate":     "date",
	"publishdate": "date",
	"created":     "date",
	"status":      "status",
	"original":    "url",
	"source_url":  "url",
	"sourceurl":   "url",
}

// splitFrontMatter separates YAML front matter delimited by "---" lines
// from the body. It returns the YAML (nil when there is none), the body, and
// the number of lines before the body, so that body line numbers can be
// reported as file line numbers. An opening "---" with no closing one is an
// error naming line 1.
func splitFrontMatter(file string, src []byte) (yamlText, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, _ := cutLine(src)
	if !isFence(first, "---") {
		return nil, src, 0, nil
	}
	start := len(src) - len(rest)
	lines := 1
	for off := start; off < len(src); {
		line, next, _ := cutLine(src[off:])
		lines++
		if isFence(line, "---") || isFence(line, "...") {
			return src[start:off], next, lines, nil
		}
		off = len(src) - len(next)
		if next == nil {
			break
		}
	}
	return nil, nil, 0, &model.Diagnostic{Severity: model.Error, Code: "front-matter", File: file, Line: 1,
		Msg: "front matter opened with --- is never closed", Hint: "end the front matter with a line of three dashes (---)"}
}

func isFence(line []byte, fence string) bool {
	return strings.TrimRight(string(line), " \t\r") == fence
}

// cutLine returns the first line of b (without its line end) and the rest
// (nil when b had no line end). A line ends with \n, \r\n or a lone \r,
// as YAML and the Markdown reader count lines.
func cutLine(b []byte) (line, rest []byte, found bool) {
	i := bytes.IndexAny(b, "\r\n")
	if i < 0 {
		return b, nil, false
	}
	if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
		return b[:i], b[i+2:], true
	}
	return b[:i], b[i+1:], true
}

// countLines returns the number of lines of b, as cutLine counts them.
func countLines(b []byte) int {
	n := 0
	for len(b) > 0 {
		_, b, _ = cutLine(b)
		n++
	}
	return n
}

// parseFrontMatter decodes front matter YAML into Meta. Keys it does not
// know are ignored (Hugo and Jekyll files carry many); values of the wrong
// kind are errors naming the file and line.
func parseFrontMatter(file string, yamlText []byte) (m Meta, warns []model.Diagnostic, err error) {
	defer func() {
		// YAML also breaks lines at U+0085, U+2028 and U+2029; keep its
		// line numbers inside the front matter all the same.
		var d *model.Diagnostic
		if errors.As(err, &d) {
			d.Line = min(d.Line, 1+countLines(yamlText))
		}
	}()
	if len(bytes.TrimSpace(yamlText)) == 0 {
		return m, nil, nil
	}
	if !utf8.Valid(yamlText) {
		return m, nil, &model.Diagnostic{Severity: model.Error, Code: "encoding", File: file, Line: 2, Msg: "front matter is not valid UTF-8", Hint: "save the file as UTF-8"}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(yamlText, &doc); err != nil {
		line, msg := yamlerr.Split(err, yamlText)
		return m, nil, &model.Diagnostic{Severity: model.Error, Code: "front-matter", File: file, Line: line + 1, Msg: "front matter: " + msg, Err: err}
	}
	if len(doc.Content) == 0 {
		return m, nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return m, nil, &model.Diagnostic{Severity: model.Error, Code: "front-matter", File: file, Line: root.Line + 1, Msg: "front matter must be a mapping of keys (title: …, author: …)"}
	}
	return metaFromNode(file, root, 1) // the opening --- is line 1
}

// nested lists the tables whose keys count as front matter keys when the
// top level does not name them: Zola's [taxonomies] and [extra], Hugo's
// params.
var nested = map[string]bool{"taxonomies": true, "extra": true, "params": true}

// metaFromNode reads a mapping of front matter keys, however it was
// written (YAML, or TOML, JSON and header lines turned into YAML nodes).
// lineBase is added to each key's line to make it a file line.
func metaFromNode(file string, root *yaml.Node, lineBase int) (m Meta, warns []model.Diagnostic, err error) {
	pairs := make([][2]*yaml.Node, 0, len(root.Content)/2)
	var later [][2]*yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1])
		if nested[strings.ToLower(k.Value)] && v.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(v.Content); j += 2 {
				later = append(later, [2]*yaml.Node{v.Content[j], deref(v.Content[j+1])})
			}
			continue
		}
		pairs = append(pairs, [2]*yaml.Node{k, v})
	}
	pairs = append(pairs, later...)
	seen := map[string]string{}
	for _, kv := range pairs {
		k, v := kv[0], kv[1]
		name := strings.ToLower(k.Value)
		key := aliases[name]
		if key == "" {
			continue
		}
		line := k.Line + lineBase
		// Hugo and Jekyll files often carry two aliases at once (tags and
		// categories, author and authors): lists are merged; for other
		// keys the canonical name wins, else the first. An empty value
		// never hides another. Obsidian's created: is a date only when
		// nothing else gives one.
		if prev, dup := seen[key]; dup && key != "author" && key != "tags" {
			if name == "created" {
				continue
			}
			if strings.ToLower(prev) != "created" && (name != key || strings.ToLower(prev) == key) {
				continue
			}
		}
		bad := func(want string) error {
			return &model.Diagnostic{Severity: model.Error, Code: "front-matter", File: file, Line: line,
				Msg: fmt.Sprintf("front matter: %s must be %s", k.Value, want)}
		}
		switch key {
		case "author":
			names, ok := stringList(v, splitNames)
			if !ok {
				return m, nil, bad("a name or a list of names")
			}
			for i, n := range names {
				names[i] = unwiki(n)
			}
			m.Authors = mergeUnique(m.Authors, names)
		case "tags":
			split := splitTags
			if name == "categories" {
				split = splitCategories
			}
			tags, ok := stringList(v, split)
			if !ok {
				return m, nil, bad("a word or a list of words")
			}
			for i, t := range tags {
				tags[i] = strings.TrimPrefix(unwiki(t), "#")
			}
			m.Tags = mergeUnique(m.Tags, tags)
		case "date":
			if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
				continue
			}
			if v.Kind != yaml.ScalarNode {
				return m, nil, bad("a date such as 2020-01-03")
			}
			if strings.TrimSpace(v.Value) == "" || v.Tag == "!!null" {
				continue
			}
			t, err := ParseDate(v.Value)
			if err != nil {
				// The article is kept, undated.
				warns = append(warns, model.Warnf("date", file, line, "front matter: %s %q is not a date offprint reads; the article is undated", k.Value, v.Value).
					WithHint("write the date as 2020-01-03"))
				continue
			}
			m.Date = t
		case "draft":
			b, ok := parseBool(v)
			if !ok {
				return m, nil, bad("true or false")
			}
			m.Draft = b
		case "status":
			if s, ok := scalar(v); ok && strings.EqualFold(s, "draft") {
				m.Draft = true
			}
		default:
			s, ok := scalar(v)
			if !ok {
				return m, nil, bad("text")
			}
			if s == "" {
				continue
			}
			switch key {
			case "title":
				m.Title = s
			case "subtitle":
				m.Subtitle = s
			case "source":
				// Obsidian's web clipper writes the page's address
				// as source:.
				if l := strings.ToLower(s); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
					if m.URL == "" {
						m.URL = s
					}
					continue
				}
				m.Source = unwiki(s)
			case "url":
				m.URL = s
			case "license":
				m.License = s
			case "copyright":
				m.Copyright = s
			case "summary":
				m.Summary = s
			case "lang":
				m.Lang = s
			case "dir":
				switch strings.ToLower(s) {
				case "rtl", "ltr":
					m.Dir = strings.ToLower(s)
				default:
					return m, nil, bad("rtl or ltr")
				}
			}
		}
		seen[key] = k.Value
	}
	return m, warns, nil
}

// unwiki turns an Obsidian link written as a property value ("[[Jane
// Doe]]", "[[Jane Doe|Jane]]") into the name it links to.
func unwiki(s string) string {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "[[") || !strings.HasSuffix(t, "]]") {
		return s
	}
	t = t[2 : len(t)-2]
	if strings.Contains(t, "[[") || strings.Contains(t, "]]") {
		return s
	}
	if i := strings.IndexByte(t, '|'); i >= 0 {
		t = t[:i]
	}
	if i := strings.IndexByte(t, '#'); i > 0 {
		t = t[:i]
	}
	return strings.TrimSpace(t)
}

// mergeUnique appends the strings of b not already in a.
func mergeUnique(a, b []string) []string {
	for _, s := range b {
		found := false
		for _, x := range a {
			if strings.EqualFold(x, s) {
				found = true
				break
			}
		}
		if !found {
			a = append(a, s)
		}
	}
	return a
}

// deref follows a YAML alias (*name) to the node it names.
func deref(v *yaml.Node) *yaml.Node {
	for i := 0; i < 8 && v.Kind == yaml.AliasNode && v.Alias != nil; i++ {
		v = v.Alias
	}
	return v
}

// scalar returns the text of a scalar node; a list of one scalar counts.
func scalar(v *yaml.Node) (string, bool) {
	v = deref(v)
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return "", true
		}
		return strings.TrimSpace(v.Value), true
	case yaml.SequenceNode:
		if len(v.Content) == 1 && deref(v.Content[0]).Kind == yaml.ScalarNode {
			return scalar(v.Content[0])
		}
	}
	return "", false
}

// parseBool reads true/false, yes/no, on/off (any case, quoted or not);
// an empty value is false.
func parseBool(v *yaml.Node) (bool, bool) {
	if v.Kind != yaml.ScalarNode {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(v.Value)) {
	case "true", "yes", "on", "y", "1":
		return true, true
	case "false", "no", "off", "n", "0", "", "~", "null":
		return false, true
	}
	return false, false
}

// stringList accepts one string, [a, b] and lists of mappings with a name
// key (Hugo author objects). split divides one string into several ("a,
// b").
func stringList(v *yaml.Node, split func(string) []string) ([]string, bool) {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return nil, true
		}
		return split(v.Value), true
	case yaml.SequenceNode:
		var out []string
		for _, c := range v.Content {
			c = deref(c)
			switch c.Kind {
			case yaml.ScalarNode:
				if s := strings.TrimSpace(c.Value); s != "" && c.Tag != "!!null" {
					out = append(out, s)
				}
			case yaml.MappingNode:
				if s := nameOf(c); s != "" {
					out = append(out, s)
				}
			default:
				return nil, false
			}
		}
		return out, true
	case yaml.MappingNode:
		if s := nameOf(v); s != "" {
			return []string{s}, true
		}
	}
	return nil, false
}

// nameOf returns the name: of a mapping (a Hugo author object).
func nameOf(v *yaml.Node) string {
	for i := 0; i+1 < len(v.Content); i += 2 {
		if val := deref(v.Content[i+1]); strings.EqualFold(v.Content[i].Value, "name") && val.Kind == yaml.ScalarNode {
			return strings.TrimSpace(val.Value)
		}
	}
	return ""
}

// splitTags divides "a, b" into tags.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// splitCategories divides Jekyll's "jekyll update" (categories separated
// by spaces) into categories; with commas, the commas divide.
func splitCategories(s string) []string {
	if strings.Contains(s, ",") {
		return splitTags(s)
	}
	return strings.Fields(s)
}

// splitNames divides "Jane Doe, John Roe and Max Mustermann" into names,
// but only when every part is a full name of two words or more, so that
// "Doe, Jane" and "Simon & Garfunkel" stay whole.
func splitNames(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	var parts []string
	for _, p := range strings.Split(s, ",") {
		for _, q := range splitAny(p, " and ", " & ") {
			if q = strings.TrimSpace(q); q != "" {
				parts = append(parts, q)
			}
		}
	}
	if len(parts) < 2 {
		return []string{s}
	}
	for _, p := range parts {
		if len(strings.Fields(p)) < 2 {
			return []string{s}
		}
	}
	return parts
}

// splitAny splits s around every separator in seps.
func splitAny(s string, seps ...string) []string {
	out := []string{s}
	for _, sep := range seps {
		var next []string
		for _, p := range out {
			next = append(next, strings.Split(p, sep)...)
		}
		out = next
	}
	return out
}

// dateLayouts are the date forms front matter and edition files use.
var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05-0700",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04 -0700",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006/01/02",
	"02 Jan 2006",
	"2 Jan 2006",
	"2 January 2006",
	"January 2, 2006",
	"Jan 2, 2006",
	"Monday, January 2, 2006",
	"Mon, 2 Jan 2006",
	"2 January 2006 15:04",
	"January 2006",
	"Mon, 02 Jan 2006 15:04:05 -0700",
	time.RFC1123Z,
	time.RFC1123,
	"January 2 2006",
	"Jan 2 2006",
	"2 Jan, 2006",
	"January 2, 2006 15:04",
	"January 2, 2006 at 15:04",
	"Mon Jan 2 15:04:05 MST 2006",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"2006-01-02T15:04:05.000Z0700",
	"2006-01-02 15:04:05.000000000 -0700",
	"2006-01",
	"2006",
}

// ParseDate reads a date in any of the common front matter forms:
// 2020-01-03 (also unpadded, 2020-1-3), RFC 3339 with a time and a zone,
// 2020-01-03 10:00, January 3, 2020, 3 January 2020, RFC 1123 and the
// like. Dates without a zone are taken as UTC.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, c := range []string{s, tidyDate(s)} {
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, c); err == nil {
				if t.Year() < 1 || t.Year() > 9999 {
					break
				}
				return t, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (write it as 2020-01-03)", s)
}

var (
	rxUnpadded = regexp.MustCompile(`^(\d{4})([-/])(\d{1,2})[-/](\d{1,2})(?:[^\d]|$)`)
	rxOrdinal  = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)\b`)
	rxSept     = regexp.MustCompile(`(?i)\bsept\b`)
	rxAbbrev   = regexp.MustCompile(`\b([A-Za-z]{3})\. `)
)

// tidyDate pads unpadded months and days (2024-4-9 → 2024-04-09), drops
// ordinals (9th → 9), a period after an abbreviated month ("Sept."), and
// collapses spaces, so that the layouts match.
func tidyDate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if m := rxUnpadded.FindStringSubmatch(s); m != nil {
		pad := func(x string) string {
			if len(x) == 1 {
				return "0" + x
			}
			return x
		}
		rest := strings.TrimPrefix(m[0], m[1]+m[2]+m[3])[1+len(m[4]):]
		s = m[1] + m[2] + pad(m[3]) + m[2] + pad(m[4]) + rest + s[len(m[0]):]
	}
	s = rxOrdinal.ReplaceAllString(s, "$1")
	s = rxSept.ReplaceAllString(s, "Sep")
	s = rxAbbrev.ReplaceAllString(s, "$1 ")
	s = strings.TrimSuffix(s, " UTC")
	return s
}

// apply copies front matter into an article.
func (m Meta) apply(a *model.Article) {
	a.Title = m.Title
	a.Subtitle = m.Subtitle
	a.Summary = m.Summary
	a.Date = m.Date
	a.Lang = m.Lang
	a.Tags = m.Tags
	a.Draft = m.Draft
	a.Authors = m.Authors
	a.Source = m.Source
	a.URL = m.URL
	a.License = m.License
	a.Copyright = m.Copyright
	if m.Dir == "rtl" || m.Dir == "" && model.IsRTL(m.Lang) {
		a.Dir = "rtl"
	}
}

// ReadFrontMatter starts an article from a file: its front matter, if any
// (YAML between --- lines, TOML between +++ lines or a JSON object),
// parsed into a new article. It returns the body after the front matter
// and the number of lines before it, so that body line numbers can be
// reported as file line numbers.
func ReadFrontMatter(file string, src []byte) (a *model.Article, body []byte, bodyLine int, warns []model.Diagnostic, err error) {
	return readFrontMatter(file, src, false)
}
