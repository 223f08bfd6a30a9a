package pdf

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-fonts/dejavu/dejavuserif"
	"github.com/go-fonts/dejavu/dejavuserifbold"
	"github.com/go-fonts/dejavu/dejavuserifitalic"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// TestTTFBodyThreeColumns sets an edition in a layout of its own that
// extends magazine with three columns and a TrueType body font: the font
// is embedded under its own name, and the pagination rules hold.
func TestTTFBodyThreeColumns(t *testing.T) {
	n := 6
	if testing.Short() {
		n = 3
	}
	ed, fsys := corpus(n, 12)
	fsys["layouts/three.yaml"] = &fstest.MapFile{Data: []byte("extends: magazine\ncolumns: 3\nfonts:\n  body: fonts/body.ttf\n  body_bold: fonts/body-bold.ttf\n  body_italic: fonts/body-italic.ttf\n")}
	fsys["layouts/fonts/body.ttf"] = &fstest.MapFile{Data: dejavuserif.TTF}
	fsys["layouts/fonts/body-bold.ttf"] = &fstest.MapFile{Data: dejavuserifbold.TTF}
	fsys["layouts/fonts/body-italic.ttf"] = &fstest.MapFile{Data: dejavuserifitalic.TTF}
	l, err := layouts.Load("three", fsys)
	if err != nil {
		t.Fatal(err)
	}
	if l.Columns != 3 || l.Fonts.Heading != "sans" {
		t.Fatalf("layout: %d columns, heading %q", l.Columns, l.Fonts.Heading)
	}
	m, warns := measureTypography(t, l, ed, fsys)
	t.Logf("three columns in DejaVu Serif: %s", m)
	if m.columnHyphens+m.widows+m.orphans+m.headingsAtFoot+m.outside+m.lost != 0 {
		t.Errorf("pagination faults: %s", m)
	}
	for _, w := range warns {
		t.Errorf("warning: %v", w)
	}
	r := renderWith(t, l, ed, fsys)
	needTool(t, "pdffonts")
	fonts := run(t, "pdffonts", writeTemp(t, "three.pdf", r.files[""]))
	for _, want := range []string{"+DejaVuSerif ", "+DejaVuSerif-Italic ", "+LiberationSans-Bold "} {
		if !strings.Contains(fonts, want) {
			t.Errorf("pdffonts does not list %q:\n%s", strings.TrimSpace(want), fonts)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(fonts), "\n")[2:] {
		if f := strings.Fields(l); len(f) < 5 || f[len(f)-5] != "yes" {
			t.Errorf("not embedded: %s", l)
		}
		if strings.Contains(l, "utf8") {
			t.Errorf("a font without its name: %s", l)
		}
	}
	needTool(t, "qpdf")
	if out := run(t, "qpdf", "--check", writeTemp(t, "three-check.pdf", r.files[""])); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Error(out)
	}
}

// TestLowResolutionWarning places a small photograph in a magazine column:
// it is reported once, naming the article, line, resolution and the width
// it should have; a large one is not reported.
func TestLowResolutionWarning(t *testing.T) {
	fsys := fstest.MapFS{
		"images/small.jpg": {Data: jpegBytes(500, 350)},
		"images/large.jpg": {Data: jpegBytes(1500, 1050)},
	}
	fig := func(p string, w, h int) *model.Figure {
		return &model.Figure{Image: img(p, "jpeg", w, h), Line: 7, Caption: []model.Span{text("A harbour")}, Credit: "Photo: A"}
	}
	ed := &model.Edition{Title: "T", Slug: "t", Language: "en", Sections: []*model.Section{{Articles: []*model.Article{
		{Title: "Small", File: "articles/small.md", Blocks: []model.Block{para(text(lorem(200))), fig("images/small.jpg", 500, 350), para(text(lorem(200)))}},
		{Title: "Large", File: "articles/large.md", Blocks: []model.Block{para(text(lorem(200))), fig("images/large.jpg", 1500, 1050)}},
	}}}}
	l, err := layouts.Load("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := renderWith(t, l, ed, fsys)
	var low []model.Diagnostic
	for _, w := range r.warns {
		if w.Code == "low-resolution" {
			low = append(low, w)
		}
	}
	if len(low) != 1 {
		t.Fatalf("%d low-resolution warnings, want 1: %v", len(low), r.warns)
	}
	w := low[0]
	// 500 pixels across a 86.5 mm column: 147 ppi; 200 ppi needs 682.
	if w.File != "articles/small.md" || w.Line != 7 || !strings.Contains(w.Msg, "picture images/small.jpg prints at 147 ppi at its placed size (86.5mm wide), under 200 ppi") ||
		!strings.Contains(w.Hint, "682 pixels wide") {
		t.Errorf("warning %q (hint %q) at %s:%d", w.Msg, w.Hint, w.File, w.Line)
	}
	// The same numbers as offprint check's: one rule places pictures.
	pw, _ := l.FigureSize(500, 350, l.ColumnWidth())
	if got := fmt.Sprintf("%.0f", layouts.PlacedPPI(500, pw)); got != "147" {
		t.Errorf("FigureSize places it at %s ppi", got)
	}
}

// TestBookletSheets checks the imposed booklet: page 1 and the last page
// share the front of the first sheet, and the page counts are the pages
// of each file.
func TestBookletSheets(t *testing.T) {
	l, err := layouts.Load("booklet", nil)
	if err != nil {
		t.Fatal(err)
	}
	ed, fsys := fixture()
	r := renderWith(t, l, ed, fsys)
	n := r.pages
	if n%4 != 0 || n == 0 {
		t.Fatalf("%d pages, not a multiple of four", n)
	}
	sides := saddleOrder(n)
	if sides[0] != (sheetSide{left: n, right: 1}) || sides[1] != (sheetSide{left: 2, right: n - 1}) {
		t.Errorf("first sheet: front %v, back %v", sides[0], sides[1])
	}
	files, err := renderPresented(t.Context(), New(Options{Layout: l, FS: fsys}), ed, discard)
	if err != nil {
		t.Fatal(err)
	}
	want := []File{{Name: ed.Slug + "-pages.pdf", Pages: n}, {Name: ed.Slug + ".pdf", Pages: n / 2}}
	if len(files) == 2 && len(files[0].PrintPages) != n {
		t.Errorf("%s: %d print pages, want %d", files[0].Name, len(files[0].PrintPages), n)
	}
	for i := range files {
		files[i].PrintPages = nil
	}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("Render wrote %v, want %v", files, want)
	}
	needTool(t, "pdfinfo")
	for suffix, want := range map[string]int{"": n / 2, "-pages": n} {
		info := run(t, "pdfinfo", writeTemp(t, "b"+suffix+".pdf", r.files[suffix]))
		if !strings.Contains(info, fmt.Sprintf("Pages:           %d\n", want)) {
			t.Errorf("booklet%s.pdf: want %d pages:\n%s", suffix, want, info)
		}
	}
	// The first sheet's front shows the last page on the left and page 1
	// (the cover) on the right.
	needTool(t, "pdftotext")
	front := run(t, "pdftotext", "-f", "1", "-l", "1", "-layout", writeTemp(t, "b-sheets.pdf", r.files[""]), "-")
	cover := run(t, "pdftotext", "-f", "1", "-l", "1", "-layout", writeTemp(t, "b-pages.pdf", r.files["-pages"]), "-")
	if title := strings.TrimSpace(strings.Split(strings.TrimSpace(cover), "\n")[0]); !strings.Contains(front, title) {
		t.Errorf("the first sheet's front lacks the cover's %q:\n%s", title, front)
	}
}

// TestHyphenationByLanguage sets words in a narrow column: English text
// breaks at dictionary points, a German article by German patterns, and
// URLs, code and words with soft hyphens only where they allow.
func TestHyphenationByLanguage(t *testing.T) {
	l, err := layouts.Load("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	ed := &model.Edition{Title: "T", Language: "en"}
	fonts, err := loadFonts(l, nil)
	if err != nil {
		t.Fatal(err)
	}
	present.Edition(ed)
	c := newComposer(t.Context(), l, ed, fonts, newPictures(nil, 0), func(model.Diagnostic) {})
	points := func(lang string, spans ...model.Span) []string {
		c.setLanguage(lang)
		b := c.builder(c.bodyStyle(1))
		c.spans(b, c.bodyStyle(1), spans)
		var out []string
		word := ""
		for _, it := range b.Items {
			switch it.Kind {
			case typeset.Box:
				if it.Frag >= 0 {
					word += b.Frags[it.Frag].Text
				}
			case typeset.Penalty:
				if it.Auto {
					word += "-"
				}
			case typeset.Glue:
				out = append(out, word)
				word = ""
			}
		}
		return append(out, word)
	}
	got := points("", text("hyphenation typesetting “magazines,” (Mediterranean) 12345abc NASA"))
	want := []string{"hy-phen-ation", "type-set-ting", "“mag-a-zines,”", "(Mediter-ranean)", "12345abc", "NASA"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("English: %q, want %q", got, want)
	}
	if got := points("de-DE", text("Silbentrennung Donaudampfschiff")); strings.Join(got, " ") != "Sil-ben-tren-nung Do-nau-dampf-schiff" {
		t.Errorf("German: %q", got)
	}
	got = points("", text("see https://example.org/hyphenation/international or "), model.Span{Text: "interpolation", Style: model.Code},
		text(" and nor\u00admalisation example.com/documentation mail@internationalisation.org"))
	for _, w := range got {
		if strings.Contains(w, "-") {
			t.Errorf("%q was hyphenated", w)
		}
	}
	// The soft hyphen is a break of its own (not Auto, so not counted above).
	c.setLanguage("")
	b := c.builder(c.bodyStyle(1))
	c.spans(b, c.bodyStyle(1), []model.Span{text("nor\u00admalisation")})
	soft := 0
	for _, it := range b.Items {
		if it.Kind == typeset.Penalty && it.Flagged {
			soft++
		}
	}
	if soft != 1 {
		t.Errorf("%d breaks in nor\u00admalisation, want the soft hyphen's only", soft)
	}
	// An article's own language wins over the edition's.
	ed.Sections = []*model.Section{{Articles: []*model.Article{{Title: "A", Lang: "de", Blocks: []model.Block{para(text("Silbentrennung"))}}}}}
	c.setLanguage(ed.Sections[0].Articles[0].Lang)
	if c.hyph == nil || c.hyph.Name != "de" {
		t.Errorf("article language de: hyphenator %v", c.hyph)
	}
	c.setLanguage("")
	if c.hyph == nil || c.hyph.Name != "en-us" {
		t.Errorf("edition language en: hyphenator %v", c.hyph)
	}
}

// TestWideTableSpans sets a table too wide for a magazine column: it goes
// across the page, in the usual type size, with the text before it
// balanced above it and the text after it below.
func TestWideTableSpans(t *testing.T) {
	l, err := layouts.Load("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	cell := func(s string) model.Cell { return model.Cell{Spans: []model.Span{text(s)}} }
	var header []model.Cell
	for i := range 8 {
		header = append(header, cell(fmt.Sprintf("Column %d", i+1)))
	}
	tbl := &model.Table{Header: header}
	for r := range 6 {
		var row []model.Cell
		for c := range 8 {
			row = append(row, cell(fmt.Sprintf("value %d.%d", r, c)))
		}
		tbl.Rows = append(tbl.Rows, row)
	}
	ed := &model.Edition{Title: "T", Language: "en", Sections: []*model.Section{{Articles: []*model.Article{
		{Title: "Tables", Blocks: []model.Block{para(text(lorem(250))), tbl, para(text(lorem(250)))}},
	}}}}
	r := New(Options{Layout: l})
	present.Edition(ed)
	c, err := r.layout(t.Context(), ed, true)
	if err != nil {
		t.Fatal(err)
	}
	var spans, tables int
	for _, pg := range c.pages {
		for _, m := range pg.page.Marks {
			if _, ok := m.El.(*typeset.Stack); !ok {
				continue
			}
			tables++
			if m.Col == -1 {
				spans++
			}
			// the type is the usual 0.9 of the body
			for _, op := range pg.page.Ops {
				if op.Kind == typeset.OpText && strings.HasPrefix(op.Text, "value") && op.Size < c.size*0.9-0.01 {
					t.Errorf("table text at %.2fpt, smaller than %.2fpt", op.Size, c.size*0.9)
					break
				}
			}
		}
	}
	if tables == 0 || spans != tables {
		t.Errorf("%d pieces of the table, %d across the page", tables, spans)
	}
	l.Name = "wide-table"
	renderWith(t, l, ed, nil) // OFFPRINT_PDF_DUMP=dir writes it
}
