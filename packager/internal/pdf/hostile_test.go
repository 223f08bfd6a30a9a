package pdf

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// The hostile edition's body text is made only of tokens that match
// hostileToken, so that every word of it can be told from the page's
// furniture (running heads, folios).
var hostileToken = regexp.MustCompile(`xxxx|example|^-?[a-z]?r\d+c\d+|^-?[a-z]?h\d+|qqq`)

func wideTable(cols, rows int, cell func(r, c int) string) *model.Table {
	t := &model.Table{Line: 7}
	for c := range cols {
		t.Header = append(t.Header, model.Cell{Spans: []model.Span{text(fmt.Sprintf("h%d", c+1))}})
	}
	for r := range rows {
		var row []model.Cell
		for c := range cols {
			row = append(row, model.Cell{Spans: []model.Span{text(cell(r, c))}})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func hostileEdition() *model.Edition {
	long := strings.Repeat("x", 3000)
	url := "https://example.org/" + strings.Repeat("very-long-path-segment/", 12) + "?q=example&x=1#example"
	table60 := wideTable(60, 6, func(r, c int) string { return fmt.Sprintf("r%dc%d", r+1, c+1) })
	tableWord := wideTable(3, 2, func(r, c int) string {
		if r == 1 && c == 1 {
			return long[:300]
		}
		return fmt.Sprintf("r%dc%d", r+1, c+1)
	})
	blocks := []model.Block{
		para(text("qqq " + long + " qqq")),
		para(text("qqq "), model.Span{Text: url, Link: url}, text(" qqq "+url+" qqq")),
		table60,
		tableWord,
		para(text(strings.Repeat("qqq ", 300))),
	}
	return &model.Edition{Title: "Hostile", Language: "en", Sections: []*model.Section{{Articles: []*model.Article{
		{Title: "Hostile", File: "hostile.md", Blocks: blocks},
	}}}}
}

var bboxWord = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// TestGlyphsInsideTextArea prints the hostile edition (a 60-column table,
// a 3,000-character word, long URLs) in every built-in layout and checks
// with pdftotext where every word of its text lands on every page: inside
// the text area.
func TestGlyphsInsideTextArea(t *testing.T) {
	needTool(t, "pdftotext")
	for _, name := range layouts.Builtins() {
		t.Run(name, func(t *testing.T) {
			l, err := layouts.Load(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := New(Options{Layout: l})
			c, err := r.layout(t.Context(), presented(hostileEdition()), false)
			if err != nil {
				t.Fatal(err)
			}
			l.Name = "hostile-" + name
			out := renderWith(t, l, hostileEdition(), nil)
			for _, w := range out.warns {
				t.Errorf("warning: %v", w)
			}
			pdf := out.files[""]
			if l.Imposition == "saddle" {
				pdf = out.files["-pages"]
			}
			file := writeTemp(t, "hostile.pdf", pdf)
			bbox := run(t, "pdftotext", "-bbox", file, "-")
			pages := strings.Split(bbox, "<page ")[1:]
			if len(pages) != len(c.pages) {
				t.Fatalf("%d pages in the PDF, %d laid out", len(pages), len(c.pages))
			}
			bleed := float64(l.Bleed)
			checked := 0
			for i, pg := range pages {
				if c.pages[i].kind == kindCover {
					continue
				}
				rect := c.textRect(i + 1)
				x0, x1 := rect.X+bleed, rect.X+rect.W+bleed
				y0, y1 := rect.Y+bleed, rect.Y+rect.H+bleed
				for _, m := range bboxWord.FindAllStringSubmatch(pg, -1) {
					word := html.UnescapeString(m[5])
					if !hostileToken.MatchString(word) {
						continue
					}
					checked++
					v := [4]float64{}
					for k := range 4 {
						v[k], _ = strconv.ParseFloat(m[k+1], 64)
					}
					if v[0] < x0-0.5 || v[2] > x1+0.5 || v[1] < y0-4 || v[3] > y1+4 {
						t.Errorf("page %d: %q at x %.1f–%.1f, y %.1f–%.1f is outside the text area x %.1f–%.1f, y %.1f–%.1f",
							i+1, shorten(word), v[0], v[2], v[1], v[3], x0, x1, y0, y1)
					}
				}
			}
			if checked < 400 {
				t.Errorf("only %d words of the article found", checked)
			}
		})
	}
}

func shorten(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// TestWideTableSplitsColumns: a 60-column table is set in pieces of
// columns, each repeating the first, in type no smaller than the floor;
// every cell is printed once (the first column once per piece).
func TestWideTableSplitsColumns(t *testing.T) {
	for _, name := range []string{"handout", "magazine"} {
		l, err := layouts.Load(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		ed := &model.Edition{Title: "T", Language: "en", Sections: []*model.Section{{Articles: []*model.Article{
			{Title: "Tables", File: "t.md", Blocks: []model.Block{wideTable(60, 4, func(r, c int) string { return fmt.Sprintf("r%dc%d", r+1, c+1) })}},
		}}}}
		r := New(Options{Layout: l})
		c, err := r.layout(t.Context(), presented(ed), false)
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, pg := range c.pages {
			for _, op := range pg.page.Ops {
				if op.Kind != typeset.OpText {
					continue
				}
				for _, w := range strings.Fields(op.Text) {
					count[w]++
				}
				if hostileToken.MatchString(op.Text) && op.Size < c.size*tableFloor-0.01 {
					t.Errorf("%s: %q at %.2fpt, under the floor", name, op.Text, op.Size)
				}
			}
		}
		parts := count["h1"]
		if parts < 2 {
			t.Errorf("%s: the table is in %d piece(s)", name, parts)
		}
		for row := 1; row <= 4; row++ {
			if n := count[fmt.Sprintf("r%dc1", row)]; n != parts {
				t.Errorf("%s: first column of row %d printed %d times, want %d", name, row, n, parts)
			}
			for col := 2; col <= 60; col++ {
				if n := count[fmt.Sprintf("r%dc%d", row, col)]; n != 1 {
					t.Errorf("%s: cell r%dc%d printed %d times", name, row, col, n)
				}
			}
		}
	}
}

// TestImpossibleTableWarns: a table that cannot be printed even split is
// left out, with a warning naming the article and line.
func TestImpossibleTableWarns(t *testing.T) {
	l, err := layouts.Load("handout", nil)
	if err != nil {
		t.Fatal(err)
	}
	cellText := strings.Repeat("wide ", 40)
	ed := &model.Edition{Title: "T", Language: "en", Sections: []*model.Section{{Articles: []*model.Article{
		{Title: "Tables", File: "huge.md", Blocks: []model.Block{para(text("before")),
			wideTable(400, 2, func(r, c int) string { return fmt.Sprintf("%s%d", strings.Repeat("m", 30), c) + cellText })}},
	}}}}
	var warns []model.Diagnostic
	r := New(Options{Layout: l, Warn: func(d model.Diagnostic) { warns = append(warns, d) }})
	if _, err := r.layout(t.Context(), presented(ed), false); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range warns {
		if w.Code == "wide-table" && w.File == "huge.md" && w.Line == 7 {
			found = true
		}
	}
	if !found {
		t.Errorf("no wide-table warning naming huge.md:7: %v", warns)
	}
	// a row taller than a page
	warns = nil
	ed.Sections[0].Articles[0].Blocks[1] = wideTable(2, 1, func(r, c int) string { return strings.Repeat("x", 20000) })
	if _, err := r.layout(t.Context(), presented(ed), false); err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || warns[0].Code != "wide-table" || warns[0].File != "huge.md" || warns[0].Line != 7 {
		t.Errorf("a row taller than a page: %v", warns)
	}
}
