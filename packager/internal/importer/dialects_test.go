package importer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/offprint/offprint/packager/model"
)

// TestFrontMatterForms reads the same facts written in each front matter
// form real tools write.
func TestFrontMatterForms(t *testing.T) {
	for _, c := range []struct{ name, src string }{
		{"yaml", "---\ntitle: The Tide\nauthors: [{name: Jane Doe}]\ndate: 2024-4-9\ntags: [sea]\n---\nBody.\n"},
		{"toml", "+++\ntitle = 'The Tide'\ndate = 2024-04-09\n[taxonomies]\ntags = ['sea']\n[extra]\nauthor = 'Jane Doe'\n+++\nBody.\n"},
		{"toml hugo params", "+++\ntitle = 'The Tide'\ndate = 2024-04-09T10:00:00+02:00\ntags = ['sea']\n[params]\n  author = 'Jane Doe'\n+++\nBody.\n"},
		{"json", "{\n   \"title\": \"The Tide\",\n   \"date\": \"2024-04-09\",\n   \"author\": \"Jane Doe\",\n   \"tags\": [\"sea\"]\n}\n\nBody.\n"},
		{"pelican", "Title: The Tide\nDate: 2024-04-09 10:20\nAuthors: Jane Doe\nTags: sea\n\nBody.\n"},
		{"multimarkdown continued", "Title: The\n    Tide\nAuthor: Jane Doe\nDate: April 9, 2024\nKeywords: sea\n\nBody.\n"},
		{"pandoc", "% The Tide\n% Jane Doe\n% 9 April 2024\n\nBody.\n"},
		{"obsidian", "---\ntitle: The Tide\nauthor:\n  - \"[[Jane Doe]]\"\ncreated: 2024-04-10\npublished: 2024-04-09\ntags:\n  - sea\n---\nBody.\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, warns, err := Markdown{}.Import("a.md", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) > 0 {
				t.Errorf("warnings: %v", warns)
			}
			if a.Title != "The Tide" || strings.Join(a.Authors, "|") != "Jane Doe" || a.Date.Format("2006-01-02") != "2024-04-09" {
				t.Errorf("title %q authors %q date %v", a.Title, a.Authors, a.Date)
			}
			if c.name != "pandoc" && strings.Join(a.Tags, "|") != "sea" {
				t.Errorf("tags %q", a.Tags)
			}
			if len(a.Blocks) != 1 {
				t.Errorf("body: %s", dumpArticle(a, nil))
			}
		})
	}
}

// TestFrontMatterFormLines checks that errors in each form name the
// file's line.
func TestFrontMatterFormLines(t *testing.T) {
	for _, c := range []struct {
		name, src string
		line      int
	}{
		{"toml", "+++\ntitle = 'A'\ndate = 2024-13-45\n+++\n", 3},
		{"toml unclosed", "+++\ntitle = 'A'\n", 1},
		{"json", "{\n  \"title\": \"A\",\n  \"date\": 2024-01-01\n}\n", 3},
		{"toml wrong kind", "+++\ntitle = 'A'\ndraft = 'maybe'\n+++\n", 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Markdown{}.Import("a.md", []byte(c.src))
			if err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("a.md:%d:", c.line)) {
				t.Errorf("error %v, want one on line %d", err, c.line)
			}
		})
	}
	// A date written in a form offprint does not read warns with its line.
	_, warns, err := Markdown{}.Import("a.md", []byte("Title: A\nDate: the day after\n\nBody.\n"))
	if err != nil || len(warns) != 1 || warns[0].Line != 2 {
		t.Errorf("got %v %v, want one warning on line 2", warns, err)
	}
}

// TestTitlesAndDatesFromPaths covers the Obsidian, Bear, Jekyll and
// bundle conventions.
func TestTitlesAndDatesFromPaths(t *testing.T) {
	for _, c := range []struct{ file, title, date string }{
		{"notes/Harbour walk.md", "Harbour walk", ""},
		{"_posts/2024-11-06-welcome-to-jekyll.markdown", "Welcome to jekyll", "2024-11-06"},
		{"content/blog/first-steps/index.md", "First steps", ""},
		{"content/blog/2024-12-01-release/index.md", "Release", "2024-12-01"},
		{"blog/2024/11/28/harbour.md", "Harbour", "2024-11-28"},
		{"posts/2024-4-9-short.md", "Short", "2024-04-09"},
		{"a/---.md", "---", ""},
	} {
		if got := titleFromPath(c.file); got != c.title {
			t.Errorf("titleFromPath(%q) = %q, want %q", c.file, got, c.title)
		}
		d := dateFromPath(c.file)
		if got := map[bool]string{true: "", false: d.Format("2006-01-02")}[d.IsZero()]; got != c.date {
			t.Errorf("dateFromPath(%q) = %q, want %q", c.file, got, c.date)
		}
	}
	if !IsSectionPage("content/posts/_index.md") || IsSectionPage("content/posts/index.md") || !isBundleIndex("x/index.html") {
		t.Error("bundle and section pages told apart wrongly")
	}
}

// TestHeadingIDsMatchGitHub checks automatic ids against what GitHub and
// Hugo make for the same headings.
func TestHeadingIDsMatchGitHub(t *testing.T) {
	for in, want := range map[string]string{
		"Developer sentiment":      "developer-sentiment",
		"What's new in Go 1.21?":   "whats-new-in-go-121",
		"C++ & Rust: a comparison": "c--rust-a-comparison",
		"Über uns":                 "über-uns",
		"snake_case and-dashes":    "snake_case-and-dashes",
		"Émoji 🎉 party":            "émoji--party",
	} {
		if got := HeadingID(in); got != want {
			t.Errorf("HeadingID(%q) = %q, want %q", in, got, want)
		}
	}
	a, _, _ := Markdown{}.Import("a.md", []byte("## Notes {#sentiment .wide}\n\n## Notes\n\n## Notes\n\n[x](#sentiment)\n"))
	var ids []string
	for _, b := range a.Blocks {
		if h, ok := b.(*model.Heading); ok {
			ids = append(ids, h.ID)
		}
	}
	if strings.Join(ids, " ") != "sentiment notes notes-1" {
		t.Errorf("ids %v", ids)
	}
}
