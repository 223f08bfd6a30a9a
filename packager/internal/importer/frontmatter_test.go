package importer

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/offprint/offprint/packager/model"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestFrontMatterKeysAndAliases(t *testing.T) {
	for _, c := range []struct {
		name string
		yaml string
		want Meta
	}{
		{"title", "title: The Long Road", Meta{Title: "The Long Road"}},
		{"quoted title", `title: "Colons: allowed"`, Meta{Title: "Colons: allowed"}},
		{"subtitle", "subtitle: A standfirst", Meta{Subtitle: "A standfirst"}},
		{"deck", "deck: A standfirst", Meta{Subtitle: "A standfirst"}},
		{"author", "author: Ada Byron", Meta{Authors: []string{"Ada Byron"}}},
		{"authors list", "authors: [Ada Byron, Kwame Asante]", Meta{Authors: []string{"Ada Byron", "Kwame Asante"}}},
		{"authors block list", "authors:\n  - Ada Byron\n  - Kwame Asante", Meta{Authors: []string{"Ada Byron", "Kwame Asante"}}},
		{"by", "by: Ada Byron", Meta{Authors: []string{"Ada Byron"}}},
		{"hugo author objects", "authors:\n  - name: Rosa Lindqvist\n  - name: Kwame Asante", Meta{Authors: []string{"Rosa Lindqvist", "Kwame Asante"}}},
		{"hugo author flow objects", "authors: [{name: Rosa Lindqvist, url: x}]", Meta{Authors: []string{"Rosa Lindqvist"}}},
		{"author object", "author: {name: Rosa Lindqvist}", Meta{Authors: []string{"Rosa Lindqvist"}}},
		{"names with and", "author: Jane Doe and John Roe", Meta{Authors: []string{"Jane Doe", "John Roe"}}},
		{"names with commas", "author: Jane Doe, John Roe & Max Mustermann", Meta{Authors: []string{"Jane Doe", "John Roe", "Max Mustermann"}}},
		{"surname first stays whole", "author: Doe, Jane", Meta{Authors: []string{"Doe, Jane"}}},
		{"duo stays whole", "author: Simon & Garfunkel", Meta{Authors: []string{"Simon & Garfunkel"}}},
		{"author and authors merge", "author: Ada Byron\nauthors: [Ada Byron, Kwame Asante]", Meta{Authors: []string{"Ada Byron", "Kwame Asante"}}},
		{"date", "date: 2020-01-03", Meta{Date: date(2020, 1, 3)}},
		{"published", "published: 2020-01-03", Meta{Date: date(2020, 1, 3)}},
		{"date rfc3339", "date: 2020-01-12T09:30:00+01:00", Meta{Date: time.Date(2020, 1, 12, 9, 30, 0, 0, time.FixedZone("", 3600))}},
		{"date fraction", "date: 2020-01-12T09:30:00.000Z", Meta{Date: time.Date(2020, 1, 12, 9, 30, 0, 0, time.UTC)}},
		{"date jekyll", "date: 2020-01-03 10:00:00 -0500", Meta{Date: time.Date(2020, 1, 3, 10, 0, 0, 0, time.FixedZone("", -5*3600))}},
		{"date words", "date: 3 January 2020", Meta{Date: date(2020, 1, 3)}},
		{"date us", "date: January 3, 2020", Meta{Date: date(2020, 1, 3)}},
		{"date quoted", `date: "2020-01-03"`, Meta{Date: date(2020, 1, 3)}},
		{"date slashes", "date: 2020/01/03", Meta{Date: date(2020, 1, 3)}},
		{"date month", "date: 2020-01", Meta{Date: date(2020, 1, 1)}},
		{"date empty", "date:", Meta{}},
		{"source", "source: The Harbour Weekly", Meta{Source: "The Harbour Weekly"}},
		{"publisher", "publisher: The Harbour Weekly", Meta{Source: "The Harbour Weekly"}},
		{"site", "site: The Harbour Weekly", Meta{Source: "The Harbour Weekly"}},
		{"url", "url: https://example.org/a", Meta{URL: "https://example.org/a"}},
		{"link", "link: https://example.org/a", Meta{URL: "https://example.org/a"}},
		{"canonical", "canonical: https://example.org/a", Meta{URL: "https://example.org/a"}},
		{"license", "license: CC BY 4.0", Meta{License: "CC BY 4.0"}},
		{"licence", "licence: CC BY 4.0", Meta{License: "CC BY 4.0"}},
		{"rights", "rights: CC BY-SA 4.0", Meta{License: "CC BY-SA 4.0"}},
		{"copyright", "copyright: © 2020 Manyika Review", Meta{Copyright: "© 2020 Manyika Review"}},
		{"tags", "tags: [coast, work]", Meta{Tags: []string{"coast", "work"}}},
		{"tags string", "tags: coast, work", Meta{Tags: []string{"coast", "work"}}},
		{"categories", "categories: [essays]", Meta{Tags: []string{"essays"}}},
		{"keywords", "keywords: [tools]", Meta{Tags: []string{"tools"}}},
		{"tags and categories merge", "categories: [tools, essays]\ntags: [offline, Tools]", Meta{Tags: []string{"tools", "essays", "offline"}}},
		{"summary", "summary: One paragraph.", Meta{Summary: "One paragraph."}},
		{"description", "description: One paragraph.", Meta{Summary: "One paragraph."}},
		{"canonical name wins", "description: From the alias.\nsummary: From the key.", Meta{Summary: "From the key."}},
		{"first alias wins", "site: First\npublisher: Second", Meta{Source: "First"}},
		{"empty does not hide", "summary:\ndescription: Kept.", Meta{Summary: "Kept."}},
		{"lang", "lang: fr", Meta{Lang: "fr"}},
		{"language", "language: ar", Meta{Lang: "ar"}},
		{"draft", "draft: true", Meta{Draft: true}},
		{"draft false", "draft: false", Meta{}},
		{"draft yes", "draft: yes", Meta{Draft: true}},
		{"draft quoted", `draft: "true"`, Meta{Draft: true}},
		{"keys any case", "Title: Big\nAUTHOR: Ada Byron", Meta{Title: "Big", Authors: []string{"Ada Byron"}}},
		{"unknown keys ignored", "slug: x\ntoc: true\nimages: [a.png]\nweight: 3", Meta{}},
		{"alias node", "base: &who Ada Byron\nauthor: *who\ntitle: *who", Meta{Title: "Ada Byron", Authors: []string{"Ada Byron"}}},
		{"list of one is text", "title: [Only One]", Meta{Title: "Only One"}},
		{"null", "title: ~\nsubtitle: null", Meta{}},
		{"empty", "", Meta{}},
		{"comment only", "# nothing here", Meta{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, warns, err := parseFrontMatter("a.md", []byte(c.yaml))
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if len(warns) > 0 {
				t.Errorf("warnings: %v", warns)
			}
			if !m.Date.Equal(c.want.Date) {
				t.Errorf("date = %v, want %v", m.Date, c.want.Date)
			}
			m.Date, c.want.Date = time.Time{}, time.Time{}
			if !reflect.DeepEqual(m, c.want) {
				t.Errorf("got  %+v\nwant %+v", m, c.want)
			}
		})
	}
}

// TestFrontMatterErrors checks that bad front matter is an error naming the
// file and the line of the file (the opening --- is line 1).
func TestFrontMatterErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{"bad indentation", "---\ntitle: A\n  author: B\n---\n", 3, "front matter"},
		{"unclosed flow list", "---\ntitle: A\ntags: [a, b\n---\n", 3, "front matter"},
		{"unclosed quote", "---\ntitle: A\nsummary: \"open\n---\n", 3, "front matter"},
		{"tab indentation", "---\ntitle: A\nauthors:\n\t- B\n---\n", 4, "front matter"},
		{"not a mapping", "---\n- a\n- b\n---\n", 2, "mapping"},
		{"date list", "---\ndate: [2020-01-01]\n---\n", 2, "date"},
		{"title mapping", "---\ntitle: {a: b}\n---\n", 2, "title must be text"},
		{"authors nested list", "---\ntitle: A\nauthors: [[a]]\n---\n", 3, "names"},
		{"bad draft", "---\ndraft: maybe\n---\n", 2, "true or false"},
		{"after a bom", "\ufeff---\ntitle: A\ndraft: soon\n---\n", 3, "draft"},
		{"crlf", "---\r\ntitle: A\r\ndraft: soon\r\n---\r\n", 3, "draft"},
		{"old mac line ends", "---\rtitle: A\r\rdraft: soon\r---\r", 4, "draft"},
		{"unicode line separators", "---\ntitle: A\u2028\u2028\u2028\ndraft: soon\n---\n", 3, "draft"},
		{"unterminated", "---\ntitle: A\n\nBody text.\n", 1, "never closed"},
		{"unterminated empty", "---\n", 1, "never closed"},
		{"unterminated no newline", "---", 1, "never closed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, _, err := Markdown{}.Import("articles/a.md", []byte(c.src))
			if err == nil {
				t.Fatalf("no error; article %+v", a)
			}
			var d *model.Diagnostic
			if !errors.As(err, &d) {
				t.Fatalf("error %T %v is not a *model.Diagnostic", err, err)
			}
			if d.Severity != model.Error || d.File != "articles/a.md" || d.Line != c.line {
				t.Errorf("got %s (severity %v, line %d), want line %d", err, d.Severity, d.Line, c.line)
			}
			if !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), "articles/a.md:") {
				t.Errorf("message %q does not start with the file or lacks %q", err, c.msg)
			}
			if msg := d.Msg; msg != "" && msg[0] >= 'A' && msg[0] <= 'Z' {
				t.Errorf("message %q is not lowercase", msg)
			}
		})
	}
}

// TestUnreadableDateWarns checks that a date offprint cannot read keeps
// the article, undated, with a warning naming the file and line.
func TestUnreadableDateWarns(t *testing.T) {
	a, warns, err := Markdown{}.Import("articles/a.md", []byte("---\ntitle: A\n\ndate: next tuesday\n---\nText.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !a.Date.IsZero() || a.Title != "A" {
		t.Errorf("article %q dated %v, want undated", a.Title, a.Date)
	}
	if len(warns) != 1 || warns[0].Line != 4 || warns[0].File != "articles/a.md" || !strings.Contains(warns[0].Msg, "next tuesday") {
		t.Errorf("warnings = %v, want one on line 4 naming the date", warns)
	}
}

func TestSplitFrontMatter(t *testing.T) {
	for _, c := range []struct {
		name, src, yaml, body string
		bodyLine              int
	}{
		{"none", "# Title\n\nText.\n", "", "# Title\n\nText.\n", 0},
		{"simple", "---\ntitle: A\n---\nBody\n", "title: A\n", "Body\n", 3},
		{"dots close", "---\ntitle: A\n...\nBody\n", "title: A\n", "Body\n", 3},
		{"empty", "---\n---\nBody\n", "", "Body\n", 2},
		{"bom", "\ufeff---\ntitle: A\n---\nBody\n", "title: A\n", "Body\n", 3},
		{"bom no front matter", "\ufeffBody\n", "", "Body\n", 0},
		{"trailing spaces on fences", "--- \ntitle: A\n---\t\nBody\n", "title: A\n", "Body\n", 3},
		{"crlf", "---\r\ntitle: A\r\n---\r\nBody\r\n", "title: A\r\n", "Body\r\n", 3},
		{"old mac line ends", "---\rtitle: A\r\rdate: 2020-01-01\r---\rBody\r", "title: A\r\rdate: 2020-01-01\r", "Body\r", 5},
		{"no body", "---\ntitle: A\n---", "title: A\n", "", 3},
		{"thematic break later", "Text\n\n---\n\nMore\n", "", "Text\n\n---\n\nMore\n", 0},
		{"four dashes is not front matter", "----\ntitle: A\n", "", "----\ntitle: A\n", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			y, body, line, err := splitFrontMatter("a.md", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if string(y) != c.yaml || string(body) != c.body || line != c.bodyLine {
				t.Errorf("got yaml %q body %q line %d, want %q %q %d", y, body, line, c.yaml, c.body, c.bodyLine)
			}
		})
	}
}

func TestApplyCopiesEveryField(t *testing.T) {
	m := Meta{Title: "T", Subtitle: "S", Authors: []string{"A"}, Date: date(2020, 1, 3), Source: "Src", URL: "https://x",
		License: "CC BY 4.0", Copyright: "© 2020 X", Tags: []string{"t"}, Summary: "Sum", Lang: "fr", Draft: true}
	var a model.Article
	m.apply(&a)
	want := model.Article{Title: "T", Subtitle: "S", Summary: "Sum", Date: m.Date, Lang: "fr", Tags: []string{"t"}, Draft: true,
		Attribution: model.Attribution{Authors: []string{"A"}, Source: "Src", URL: "https://x", License: "CC BY 4.0", Copyright: "© 2020 X"}}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("got %+v\nwant %+v", a, want)
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2020-01-03", "2020-01-03T10:00:00Z", "2020-01-03T10:00:00+01:00", "2020-01-03 10:00:00",
		"2020-01-03 10:00:00 +01:00", "2020-01-03 10:00", "2020/01/03", "03 Jan 2020", "3 Jan 2020", "3 January 2020",
		"January 3, 2020", "Jan 3, 2020", "Friday, January 3, 2020", "Fri, 03 Jan 2020 10:00:00 +0000",
		"2020-1-3", "2020-1-03", "2020-01-3 10:00", "2020-1-3T10:00:00Z", "January 3rd, 2020", "3rd January 2020", "Jan. 3, 2020",
		"Fri, 03 Jan 2020 10:00:00 GMT", "2020-01-03T10:00:00.123+05:30", "january 3, 2020", "3 jan 2020"} {
		d, err := ParseDate(s)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if d.Year() != 2020 || d.Month() != 1 || d.Day() != 3 {
			t.Errorf("%q = %v", s, d)
		}
	}
	for _, s := range []string{"", "soon", "2020-13-01", "0000-01-01", "3/1/2020"} {
		if d, err := ParseDate(s); err == nil {
			t.Errorf("%q parsed as %v", s, d)
		}
	}
}
