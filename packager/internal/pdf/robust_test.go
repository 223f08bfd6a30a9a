package pdf

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// TestOddContent renders content that is empty, huge or malformed; it
// must not panic or fail.
func TestOddContent(t *testing.T) {
	ed, fsys := oddEdition()
	for _, name := range layouts.Builtins() {
		l, err := layouts.Load(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		renderWith(t, l, ed, fsys)
	}
	// An empty edition still makes a PDF.
	l, _ := layouts.Load("handout", nil)
	renderWith(t, l, &model.Edition{Slug: "empty"}, fstest.MapFS{})
}

func TestCancel(t *testing.T) {
	l, _ := layouts.Load("magazine", nil)
	ed, fsys := fixture()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := renderPresented(ctx, New(Options{Layout: l, FS: fsys}), ed, func(string) (io.Writer, error) { return io.Discard, nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Render after cancel = %v, want context.Canceled", err)
	}
}

func TestRenderWarnsOnce(t *testing.T) {
	r := renderFixture(t, "handout")
	counts := map[string]int{}
	for _, w := range r.warns {
		counts[w.Code+" "+w.Msg]++
	}
	for k, n := range counts {
		if n > 1 {
			t.Errorf("%q warned %d times", k, n)
		}
	}
	for _, w := range r.warns {
		if w.Code == "unreadable-image" && !strings.Contains(w.Msg, "broken.jpg") {
			t.Errorf("unexpected warning: %s", w.Error())
		}
	}
	var codes []string
	for _, w := range r.warns {
		codes = append(codes, w.Code)
	}
	all := strings.Join(codes, " ")
	for _, want := range []string{"unreadable-image", "missing-glyphs"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %s warning among %v", want, codes)
		}
	}
}

// oddEdition is content that is empty, huge or malformed.
func oddEdition() (ed *model.Edition, fsys fstest.MapFS) {
	var deep model.Block = para(text("bottom"))
	for range 3000 {
		deep = &model.List{Items: []model.ListItem{{Blocks: []model.Block{deep}}}}
	}
	var quotes model.Block = para(text("inner"))
	for range 200 {
		quotes = &model.Quote{Blocks: []model.Block{quotes}}
	}
	a := &model.Article{Title: "", Blocks: []model.Block{
		para(), para(model.Span{Text: ""}), para(model.Span{Kind: model.Break}, model.Span{Kind: model.Break}),
		para(text(strings.Repeat("W", 5000))), para(text("\x00\x01\ufffe\xff\xfe bad bytes \u200b\u00ad \t\r\n")),
		&model.Heading{Level: 0}, &model.Heading{Level: 99, Spans: []model.Span{text("h99")}},
		&model.List{}, &model.List{Ordered: true, Start: -5, Items: []model.ListItem{{}, {Blocks: []model.Block{&model.Rule{}}}}},
		&model.Quote{}, &model.CodeBlock{}, &model.CodeBlock{Text: strings.Repeat("\t", 100) + strings.Repeat("y", 3000)},
		&model.Table{}, &model.Table{Rows: [][]model.Cell{{}, {{}, {}, {}}}}, &model.Table{Align: make([]model.Align, 40), Rows: [][]model.Cell{make([]model.Cell, 40)}},
		&model.Figure{}, &model.Figure{Image: &model.Image{Path: "x.svg"}}, &model.Figure{Image: &model.Image{Path: "empty.png"}},
		&model.Figure{Image: &model.Image{Path: "zero.svg"}, Caption: []model.Span{text("zero sized svg")}},
		deep, quotes, (*model.Paragraph)(nil), nil, &model.Quote{Blocks: []model.Block{(*model.Figure)(nil), para(text("after a nil"))}},
		&model.List{Items: []model.ListItem{{Blocks: []model.Block{(*model.List)(nil)}}}},
	}, Footnotes: []model.Footnote{{Number: 1}, {Number: 2, Blocks: []model.Block{&model.Rule{}}}}}
	ed = &model.Edition{Slug: "odd", Sections: []*model.Section{{}, nil, {Articles: []*model.Article{a, nil, {}}}}}
	fsys = fstest.MapFS{
		"x.svg":     {Data: []byte(`<svg><path d="M 1 1 L nonsense A 1 1 0 1 1 Z"/><rect width="-5"/><circle r="1e308"/></svg>`)},
		"empty.png": {Data: []byte{}},
		"zero.svg":  {Data: []byte(`<svg width="0" height="0" viewBox="0 0 0 0"><text>hi</text></svg>`)},
	}
	return ed, fsys
}
