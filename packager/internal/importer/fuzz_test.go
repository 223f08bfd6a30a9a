package importer

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/offprint/offprint/packager/model"
)

// fuzzSeeds adds the golden fixtures and a few tricky snippets to a fuzz
// corpus.
func fuzzSeeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	for _, s := range []string{
		"", "---", "---\n---\n", "---\ntitle: [\n---\n", "\ufeff---\r\ntitle: x\r\n...\r\n",
		"# T\n\n> > > - - 1. x", "![a](b \"Credit: c\") text ![d](e)", "<figure><img src=x><figcaption>a (c) b</figcaption>",
		"<figure>\n\n![a](b)\n\n", "a[^1]\n\n[^1]: b[^2]\n[^2]: c[^1]", "| a |\n|:-:|\n| ![x](y) |",
		"<script>", "<b><i></b></i>", "&#x110000; &#0; \\\x00", "```\n> > >\n", "* * *\n- - -",
	} {
		f.Add([]byte(s))
	}
}

// FuzzMarkdown checks that no input makes the Markdown importer panic, and
// that what it returns is well formed.
func FuzzMarkdown(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		a, diags, err := Markdown{}.Import("a.md", src)
		if err != nil {
			if _, ok := err.(*model.Diagnostic); !ok {
				t.Fatalf("error %T is not a *model.Diagnostic: %v", err, err)
			}
			return
		}
		for _, d := range diags {
			if d.File != "a.md" || d.Line < 0 {
				t.Errorf("bad diagnostic %+v", d)
			}
		}
		checkArticle(t, a)
	})
}

// FuzzFrontMatter checks that no front matter makes the reader panic and
// that errors name the file and a line inside the front matter.
func FuzzFrontMatter(f *testing.F) {
	fuzzSeeds(f)
	for _, s := range []string{
		"---\ntitle: a\nauthors: [{name: b}, c]\ndate: 2020-01-01\ndraft: yes\n---\n",
		"---\na: &x [*x]\nauthor: *x\n---\n", "---\ntags: {a: b}\n---\n", "---\n? [a]\n: b\n---\n",
		"---\ndate: 2020-01-03 10:00:00 +01:00\n---\n", "---\n" + "title: [[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		y, body, bodyLine, err := splitFrontMatter("a.md", src)
		if err != nil {
			return
		}
		if y == nil && bodyLine != 0 || len(body) > len(src) {
			t.Fatalf("split: yaml %q body %d bytes line %d", y, len(body), bodyLine)
		}
		m, _, err := parseFrontMatter("a.md", y)
		if err != nil {
			d, ok := err.(*model.Diagnostic)
			if !ok {
				t.Fatalf("error %T is not a *model.Diagnostic: %v", err, err)
			}
			if d.File != "a.md" || d.Line < 1 || d.Line > bodyLine {
				t.Fatalf("error %v (line %d) outside the front matter (body from line %d)", err, d.Line, bodyLine+1)
			}
			return
		}
		for _, s := range append(append([]string{m.Title, m.Subtitle, m.Source, m.URL, m.License, m.Copyright, m.Summary, m.Lang}, m.Authors...), m.Tags...) {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8 %q", s)
			}
		}
	})
}

// checkArticle checks what renderers rely on: valid UTF-8 without NUL,
// heading levels 1–6, quotes and lists no deeper than maxNesting, footnotes
// numbered 1…n and every reference pointing at one, no empty text spans.
func checkArticle(t *testing.T, a *model.Article) {
	t.Helper()
	checkText := func(s string) {
		if !utf8.ValidString(s) {
			t.Errorf("invalid UTF-8: %q", s)
		}
		for _, r := range s {
			if r == 0 {
				t.Errorf("NUL in %q", s)
			}
		}
	}
	checkText(a.Title)
	spans := func(ss []model.Span) {
		for _, s := range ss {
			checkText(s.Text)
			checkText(s.Link)
			switch s.Kind {
			case model.Text:
				if s.Text == "" {
					t.Errorf("empty text span in %v", ss)
				}
			case model.NoteRef:
				if s.Note < 1 || s.Note > len(a.Footnotes) {
					t.Errorf("reference to footnote %d of %d", s.Note, len(a.Footnotes))
				}
			}
		}
	}
	var walk func(bs []model.Block, depth int)
	walk = func(bs []model.Block, depth int) {
		if depth > maxNesting {
			t.Errorf("nested %d deep", depth)
		}
		for _, b := range bs {
			switch b := b.(type) {
			case *model.Paragraph:
				if len(b.Spans) == 0 {
					t.Error("empty paragraph")
				}
				spans(b.Spans)
			case *model.Heading:
				if b.Level < 1 || b.Level > 6 || b.ID == "" {
					t.Errorf("heading level %d id %q", b.Level, b.ID)
				}
				spans(b.Spans)
			case *model.List:
				for _, it := range b.Items {
					walk(it.Blocks, depth+1)
				}
			case *model.Quote:
				walk(b.Blocks, depth+1)
			case *model.Aside:
				checkText(b.Title)
				walk(b.Blocks, depth+1)
			case *model.CodeBlock:
				checkText(b.Text)
			case *model.Table:
				for _, c := range b.Header {
					spans(c.Spans)
				}
				for _, r := range b.Rows {
					for _, c := range r {
						spans(c.Spans)
					}
				}
			case *model.Figure:
				spans(b.Caption)
				checkText(b.Alt)
				checkText(b.Credit)
				if b.Image != nil {
					checkText(b.Image.Src)
				}
			}
		}
	}
	walk(a.Blocks, 0)
	for i, fn := range a.Footnotes {
		if fn.Number != i+1 {
			t.Errorf("footnote %d numbered %d", i+1, fn.Number)
		}
		walk(fn.Blocks, 0)
	}
}
