package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/offprint/offprint/packager/model"
)

// FuzzHTML checks that no page makes the HTML importer panic or fail,
// that what it returns is well formed, and that its Markdown copy imports
// back the same.
func FuzzHTML(f *testing.F) {
	files, _ := filepath.Glob("testdata/html/*.html")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	for _, s := range []string{
		"", "<", "<html dir=rtl lang=ar><p>نص</p>", "<meta charset=windows-1252><p>\x93q\x94</p>",
		"\xff\xfe<\x00p\x00>\x00", "<figure><figcaption><span class=credit>AP</span></figcaption></figure>",
		"<figure><picture><source srcset=\"a.webp 2x, b.webp\"><img data-src=\"c.jpg\" src=\"data:,\"></picture><figcaption>x © y</figcaption></figure>",
		"<table><tr><td><table><tr><td>a</td></tr></table></td></tr><caption>c</caption></table>",
		"<ul><li><ol start=99999999999><li><blockquote><li>x</ul>", "<pre><code class=language-go>a\n\tb</code></pre>",
		"<a href=\"javascript:x\">a</a><img src=x width=1 height=1><script>alert(1)</script>",
		"<!-- saved from url=(0010)http://x/ --><link rel=license href=//creativecommons.org/licenses/by/4.0/>",
		"<h1>T</h1><h1>T</h1><p>By Jo Ng</p><p>© 2020 X</p>", "<p>1. *a* `b` [c](d) \\ &amp; ---</p>",
	} {
		f.Add([]byte(s))
	}
	files2 := fstest.MapFS{"a_files/a.jpg": {Data: []byte("x")}, "c.jpg": {Data: []byte("x")}}
	f.Fuzz(func(t *testing.T, src []byte) {
		a, diags, err := HTML{Files: files2}.Import("a.html", src)
		if err != nil {
			t.Fatalf("error: %v", err)
		}
		if a.Title == "" {
			t.Error("no title")
		}
		for _, d := range diags {
			if d.File != "a.html" || d.Line < 0 || d.Severity != model.Warning {
				t.Errorf("bad diagnostic %+v", d)
			}
		}
		checkArticle(t, a)
		roundTrip(t, "fuzzed page", a)
	})
}

// FuzzText checks that no text makes the .txt importer panic, that what
// it returns is well formed, and that its Markdown copy imports back the
// same.
func FuzzText(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	for _, s := range []string{
		"", "\n\n\n", "Title\n\nText.", "---\ntitle: x\n---\nA. Credit: AP\n© 2020 X\nAll rights reserved.",
		"A cat. (AP Photo/Jo Ng)\nShare this:\nRelated posts\nx\ny", "Read more: x\n\nTags: a, b",
		"Gen. U.S. Mr. x. Y", "*a* _b_ `c` [d](e) <f> & --- ... \"g\" 'h' # i\n1. j\n- k\n> l\n    m",
		"\ufeff\r\n\r\nx\ry", "\x00\x01\x7f", "A line ending in a credit. Photo: \n\nx",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		a, diags, err := Text{}.Import("a.txt", src)
		if err != nil {
			if _, ok := err.(*model.Diagnostic); !ok {
				t.Fatalf("error %T is not a *model.Diagnostic: %v", err, err)
			}
			return
		}
		for _, d := range diags {
			if d.File != "a.txt" || d.Line < 0 {
				t.Errorf("bad diagnostic %+v", d)
			}
		}
		checkArticle(t, a)
		if a.Title == "" {
			// An article without title cannot be written with one.
			return
		}
		roundTrip(t, "fuzzed text", a)
	})
}

// FuzzFormatMarkdown checks that any Markdown article, written again by
// FormatMarkdown, imports back the same, but for two things raw HTML
// cannot hold, where the writer falls back to it: pictures without an
// address, and runs of spaces (which HTML collapses).
func FuzzFormatMarkdown(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		a, _, err := Markdown{}.Import("a.md", src)
		if err != nil {
			return
		}
		for _, fig := range a.Figures() {
			if fig.Image != nil && fig.Image.Src == "" {
				return
			}
		}
		roundTripWith(t, "Markdown", a, collapseRuns)
	})
}

// collapseRuns collapses runs of spaces in every text of an article. It
// shares the text it changes, so it works on copies.
func collapseRuns(a *model.Article) {
	spans := func(ss []model.Span) []model.Span {
		out := make([]model.Span, len(ss))
		for i, s := range ss {
			for strings.Contains(s.Text, "  ") {
				s.Text = strings.ReplaceAll(s.Text, "  ", " ")
			}
			out[i] = s
		}
		return out
	}
	var blocks func([]model.Block) []model.Block
	blocks = func(bs []model.Block) []model.Block {
		out := make([]model.Block, len(bs))
		for i, b := range bs {
			switch b := b.(type) {
			case *model.Paragraph:
				out[i] = &model.Paragraph{Spans: spans(b.Spans)}
			case *model.Heading:
				c := *b
				c.Spans = spans(b.Spans)
				out[i] = &c
			case *model.Quote:
				out[i] = &model.Quote{Blocks: blocks(b.Blocks)}
			case *model.List:
				c := *b
				c.Items = make([]model.ListItem, len(b.Items))
				for j, it := range b.Items {
					c.Items[j] = model.ListItem{Blocks: blocks(it.Blocks), Checked: it.Checked}
				}
				out[i] = &c
			case *model.Table:
				c := *b
				cells := func(r []model.Cell) []model.Cell {
					if r == nil {
						return nil
					}
					o := make([]model.Cell, len(r))
					for k, x := range r {
						o[k] = model.Cell{Spans: spans(x.Spans)}
					}
					return o
				}
				c.Header = cells(b.Header)
				c.Rows = nil
				for _, r := range b.Rows {
					c.Rows = append(c.Rows, cells(r))
				}
				out[i] = &c
			case *model.Figure:
				c := *b
				c.Caption = spans(b.Caption)
				c.Alt = collapseSpace(b.Alt)
				out[i] = &c
			default:
				out[i] = b
			}
		}
		return out
	}
	if a.Blocks != nil {
		a.Blocks = blocks(a.Blocks)
	}
}
