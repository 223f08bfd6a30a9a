package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/packager/model"
)

// forgetLines clears what a Markdown copy of an article cannot keep: the
// lines figures and tables came from, and File.
func forgetLines(a *model.Article) {
	a.File = ""
	for _, f := range a.Figures() {
		f.Line = 0
	}
	var walk func([]model.Block)
	walk = func(bs []model.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *model.Table:
				b.Line = 0
			case *model.Paragraph:
				b.Line = 0
			case *model.Heading:
				b.Line = 0
			case *model.Quote:
				walk(b.Blocks)
			case *model.List:
				for _, it := range b.Items {
					walk(it.Blocks)
				}
			}
		}
	}
	walk(a.Blocks)
	for _, fn := range a.Footnotes {
		walk(fn.Blocks)
	}
}

// roundTrip writes an article as Markdown, imports it again and reports
// any difference.
func roundTrip(t *testing.T, name string, a *model.Article) []byte {
	t.Helper()
	return roundTripWith(t, name, a, nil)
}

// roundTripWith is roundTrip that compares the articles after norm has
// changed both (when it is not nil).
func roundTripWith(t *testing.T, name string, a *model.Article, norm func(*model.Article)) []byte {
	t.Helper()
	md := FormatMarkdown(a)
	b, diags, err := Markdown{}.Import("copy.md", md)
	if err != nil {
		t.Fatalf("%s: the Markdown does not import: %v\n%s", name, err, md)
	}
	for _, d := range diags {
		t.Errorf("%s: %v", name, d.Error())
	}
	// Idempotent: the copy writes the same Markdown (with norm, from the
	// second copy on).
	again := FormatMarkdown(b)
	if norm != nil {
		if c, _, err := (Markdown{}).Import("copy.md", again); err == nil {
			md, again = again, FormatMarkdown(c)
		}
	}
	if string(again) != string(md) {
		t.Errorf("%s: writing the copy gives other Markdown:\n%s\n---\n%s", name, md, again)
	}
	want := *a
	forgetLines(&want)
	forgetLines(b)
	if norm != nil {
		norm(&want)
		norm(b)
	}
	if want.Dir == "" && model.IsRTL(want.Lang) {
		want.Dir = "rtl"
	}
	if want.Date.Equal(b.Date) {
		want.Date = b.Date // the same instant, perhaps in another *time.Location
	}
	if !reflect.DeepEqual(&want, b) {
		w, g := dumpArticle(&want, nil), dumpArticle(b, nil)
		if w == g {
			t.Errorf("%s: the copy differs (dates %v and %v, dir %q and %q)", name, want.Date, b.Date, want.Dir, b.Dir)
		} else {
			wl, gl := strings.Split(w, "\n"), strings.Split(g, "\n")
			for i := range max(len(wl), len(gl)) {
				var x, y string
				if i < len(wl) {
					x = wl[i]
				}
				if i < len(gl) {
					y = gl[i]
				}
				if x != y {
					t.Errorf("%s: the copy differs at line %d:\nwant %q\n got %q\nMarkdown:\n%s", name, i+1, x, y, md)
					break
				}
			}
		}
	}
	return md
}

func TestFormatMarkdownRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	txts, _ := filepath.Glob("testdata/*.txt")
	htmls, _ := filepath.Glob("testdata/html/*.html")
	for _, f := range append(append(files, txts...), htmls...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := ForFS(fstest.MapFS{}, f).Import(f, src)
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, f, a)
	}
}

func TestFormatMarkdownEscapes(t *testing.T) {
	text := func(s string) *model.Paragraph { return &model.Paragraph{Spans: []model.Span{{Text: s}}} }
	styled := func(spans ...model.Span) *model.Paragraph { return &model.Paragraph{Spans: spans} }
	yes, no := true, false
	a := &model.Article{
		Title:    `A "quoted" title: with -- dashes`,
		Subtitle: "yes",
		Date:     time.Date(2020, 1, 3, 10, 30, 0, 0, time.FixedZone("", 3600)),
		Attribution: model.Attribution{
			Authors:   []string{"Simon Smith and Art Garfunkel Jr", "Doe, Jane"},
			Source:    "2020",
			URL:       "https://example.org/a?b=c&d=e",
			License:   "CC BY 4.0",
			Copyright: "© 2020 null",
		},
		Tags:    []string{"a, b", "c"},
		Summary: "# not a heading",
		Lang:    "en",
		Draft:   true,
		Blocks: []model.Block{
			text(`Straight "quotes" and 'apostrophes', -- and --- dashes, ... ellipses, <<angles>>.`),
			text(`Markup: *stars* _underscores_ ` + "`ticks`" + ` [brackets](x) <b>tags</b> &amp; &copy; | pipes ~tildes~ \backslash\ !image`),
			text(`Addresses: http://example.org www.example.org mail@example.org ftp://x.example`),
			text("1. not a list"),
			text("2020) not a list either"),
			text("- not a bullet"),
			text("+ nor this"),
			text("# not a heading"),
			text("> not a quote"),
			text("=== not a heading underline"),
			text("--- not a rule"),
			text("Spaces  kept,\u00a0\u00a0no-break ones too, and\ttabs."),
			text("Control \x01 and line\nend."),
			styled(model.Span{Text: "plain "}, model.Span{Text: "emph", Style: model.Emph}, model.Span{Text: " "}, model.Span{Text: "strong", Style: model.Strong}, model.Span{Text: "both", Style: model.Emph | model.Strong}, model.Span{Text: "in"}, model.Span{Text: "word", Style: model.Emph}, model.Span{Text: "s"}),
			styled(model.Span{Text: "emph with space ", Style: model.Emph}, model.Span{Text: "!punct!", Style: model.Strong}, model.Span{Text: "~", Style: model.Strike}, model.Span{Text: "x2", Style: model.Sup}, model.Span{Text: "2", Style: model.Sub}, model.Span{Text: "struck", Style: model.Strike}),
			styled(model.Span{Text: "a`b", Style: model.Code}, model.Span{Text: " "}, model.Span{Text: "``", Style: model.Code}, model.Span{Text: " "}, model.Span{Text: " pad ", Style: model.Code}, model.Span{Text: " "}, model.Span{Text: "bold code", Style: model.Code | model.Strong}),
			styled(model.Span{Text: "```fence", Style: model.Code}, model.Span{Text: " at the start"}),
			styled(model.Span{Text: "link", Link: "https://example.org/a_(b) c"}, model.Span{Text: " and "}, model.Span{Text: "styled ", Link: "https://x.example/&amp;"}, model.Span{Text: "link", Style: model.Emph, Link: "https://x.example/&amp;"}, model.Span{Text: " and "}, model.Span{Text: "#anchor", Link: "#anchor"}),
			styled(model.Span{Text: "line"}, model.Span{Kind: model.Break}, model.Span{Text: "1. after a break"}, model.Span{Kind: model.Break}, model.Span{Text: "# too"}),
			styled(model.Span{Text: "a note"}, model.Span{Kind: model.NoteRef, Text: "1", Note: 1}, model.Span{Text: " here."}),
			&model.Heading{Level: 1, ID: "heading--with-", Spans: []model.Span{{Text: "Heading # with #"}}},
			&model.Heading{Level: 6, ID: "six-lines", Spans: []model.Span{{Text: "Six"}, {Kind: model.Break}, {Text: "lines"}}},
			&model.List{Ordered: true, Start: 7, Tight: true, Items: []model.ListItem{
				{Blocks: []model.Block{text("seven"), &model.List{Tight: true, Items: []model.ListItem{{Blocks: []model.Block{text("nested")}}, {Checked: &yes, Blocks: []model.Block{text("done")}}, {Checked: &no, Blocks: []model.Block{text("to do")}}}}}},
				{Blocks: []model.Block{text("eight")}},
				{},
			}},
			&model.List{Ordered: true, Start: 1, Tight: true, Items: []model.ListItem{{Blocks: []model.Block{text("a list right after")}}}},
			&model.List{Items: []model.ListItem{
				{Blocks: []model.Block{text("loose"), text("two paragraphs"), &model.CodeBlock{Lang: "go", Text: "x := 1\n\n\ty++"}}},
				{Blocks: []model.Block{&model.Quote{Blocks: []model.Block{text("quoted in a list")}}}},
			}},
			&model.List{Tight: true, Items: []model.ListItem{{Blocks: []model.Block{text("another bullet list")}}}},
			&model.Quote{Blocks: []model.Block{text("outer"), &model.Quote{Blocks: []model.Block{text("inner")}}, &model.CodeBlock{Text: "```\ncode in a quote\n```"}}},
			&model.Quote{Blocks: []model.Block{text("a second quote")}},
			&model.CodeBlock{Lang: "a`b", Text: "~~~\ntildes"},
			&model.CodeBlock{Text: ""},
			&model.CodeBlock{Text: "trailing line end\n"},
			&model.Rule{},
			&model.Table{Align: []model.Align{model.AlignLeft, model.AlignCenter, model.AlignRight, model.AlignDefault},
				Header: []model.Cell{{Spans: []model.Span{{Text: "a|b"}}}, {}, {Spans: []model.Span{{Text: "c", Style: model.Emph}}}, {Spans: []model.Span{{Text: "x|y", Style: model.Code}}}},
				Rows:   [][]model.Cell{{{Spans: []model.Span{{Text: "1."}}}, {Spans: []model.Span{{Text: "two"}, {Kind: model.Break}, {Text: "lines"}}}, {}, {Spans: []model.Span{{Text: "- d"}}}}}},
			&model.Table{Align: []model.Align{model.AlignRight, model.AlignDefault},
				Rows: [][]model.Cell{{{Spans: []model.Span{{Text: "no"}}}, {Spans: []model.Span{{Text: "header", Style: model.Strong}}}}, {{Spans: []model.Span{{Text: "<&>"}}}, {}}}},
			&model.Figure{Image: &model.Image{Src: "images/a b.jpg"}, Alt: "A cat.", Caption: []model.Span{{Text: "A cat."}}, Credit: `Photo: "Jo" \ Ng`},
			&model.Figure{Image: &model.Image{Src: "x(1).jpg"}, Alt: "Other alt", Caption: []model.Span{{Text: "A "}, {Text: "styled", Style: model.Emph}, {Text: " caption"}, {Kind: model.Break}, {Text: "on two lines"}}, Credit: "Reuters"},
			&model.Figure{Image: &model.Image{Src: "y.jpg"}},
			&model.Figure{Caption: []model.Span{{Text: "Only a caption <& more>."}}, Alt: "Only a caption <& more>.", Credit: "Credit: AP"},
			&model.Figure{Credit: "Credit: AP"},
			&model.Figure{Image: &model.Image{Src: "https://example.org/remote.jpg"}, Alt: "Remote one", Caption: []model.Span{{Text: "Remote one"}}},
		},
		Footnotes: []model.Footnote{{Number: 1, ID: "fn1", Blocks: []model.Block{text("The note."), text("Its second paragraph.")}}},
	}
	md := roundTrip(t, "escapes", a)
	if testing.Verbose() {
		t.Logf("\n%s", md)
	}
}
