package typeset

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// TestPaginationInvariants flows random articles (hyphenated paragraphs,
// headings, figures, page-wide figures) into one to three columns on a
// baseline grid, balancing the last page of each, and checks what every
// column holds: no column ends with a hyphen, a heading or the first line
// of a paragraph alone; none begins with the last line alone; figures are
// whole and at the top or the foot of their column, never with one line
// alone above or below them; every line is placed once; body lines sit on
// the grid.
func TestPaginationInvariants(t *testing.T) {
	for _, seed := range []int64{7, 9, 11, 16, 18} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { paginate(t, seed) })
	}
}

func paginate(t *testing.T, seed int64) {
	iters := 60
	if testing.Short() {
		iters = 15
	}
	face := testFace(t)
	r := rand.New(rand.NewSource(seed))
	hyph := func(w string) []int {
		var out []int
		for i := 2; i <= len([]rune(w))-3; i += 2 {
			out = append(out, i)
		}
		return out
	}
	const lead = 11.0
	for iter := range iters {
		cols := 1 + iter%3
		reg := Rect{X: 30, Y: 40, W: 420, H: 480}
		var pages []*Page
		f := &Flow{Columns: cols, Gutter: 12, Grid: lead, NewPage: func() (*Page, Rect) {
			pages = append(pages, &Page{Trace: true})
			return pages[len(pages)-1], reg
		}}
		colW := f.ColumnWidth(reg.W)
		blocks := map[*TextBlock]int{}
		figs := map[Element]int{}       // figure → its place in the text
		closings := map[Element]int{}   // closing line → its article
		figArticle := map[Element]int{} // figure → its article
		for art := range 3 + r.Intn(3) {
			f.Span(&Fixed{H: 40}, Spacing{After: lead})
			n := 8 + r.Intn(20)
			for i := range n {
				k := r.Intn(10)
				if i == n-1 {
					k = 0 // articles end with text
				}
				switch {
				case k < 6:
					b := &Builder{Justify: true, Hyphenate: hyph}
					st := b.AddStyle(Style{Face: face, Size: 9})
					b.Text(randomText(r, 5+r.Intn(150)), st)
					b.Finish(colW)
					tb := NewTextBlock(b, &KnuthPlass{}, colW, lead, 9, face, AlignJustify)
					tb.Role = "body"
					blocks[tb] = len(tb.Lines)
					f.Add(tb, Spacing{Before: lead / 2, Grid: true})
				case k < 8:
					b := &Builder{}
					st := b.AddStyle(Style{Face: face, Size: 12})
					b.Text("A heading of some words", st)
					b.Finish(colW)
					tb := NewTextBlock(b, &KnuthPlass{Ragged: 30}, colW, 14, 12, face, AlignLeft)
					tb.Orphans, tb.Widows, tb.Role = 1, 1, "heading"
					f.Add(tb, Spacing{Before: lead, After: 3, KeepWithNext: true})
				case k < 9:
					h := 40 + r.Float64()*200
					fig := &Keep{Items: []Element{&Fixed{H: h}, &Fixed{H: 20}}, Gaps: []float64{4}}
					figs[fig], figArticle[fig] = len(figs), art
					f.Add(fig, Spacing{Before: 8, After: 8, Float: true})
				default:
					f.SpanFloat(&Keep{Items: []Element{&Fixed{H: 150}, &Fixed{H: 20}}, Gaps: []float64{4}}, Spacing{Before: lead, After: lead}, nil)
				}
			}
			f.Settle()
			// The closing line, after the article's figures.
			closing := &Fixed{H: lead}
			closings[closing] = art
			f.Add(closing, Spacing{Before: lead / 2})
			f.Finish()
			f.Balance()
			f.Break()
		}
		// Figures read in their order, and before their article's closing
		// line (reading page by page, column by column, down each column).
		type at struct {
			page, col int
			y         float64
		}
		before := func(a, b at) bool {
			if a.page != b.page {
				return a.page < b.page
			}
			if a.col != b.col {
				return a.col < b.col
			}
			return a.y < b.y
		}
		figAt, closeAt := map[int]at{}, map[int]at{}
		for pi, p := range pages {
			for _, m := range p.Marks {
				if n, ok := figs[m.El]; ok && m.Col >= 0 {
					figAt[n] = at{pi, m.Col, m.Y}
				}
				if a, ok := closings[m.El]; ok {
					closeAt[a] = at{pi, m.Col, m.Y}
				}
			}
		}
		for fig, n := range figs {
			pos, ok := figAt[n]
			if !ok {
				continue // across the page
			}
			if prev, ok := figAt[n-1]; ok && figArticle[fig] == art(figs, figArticle, n-1) && before(pos, prev) {
				t.Errorf("iteration %d: figure %d is set before figure %d (%v, %v)", iter, n, n-1, pos, prev)
			}
			if c, ok := closeAt[figArticle[fig]]; ok && before(c, pos) {
				t.Errorf("iteration %d: figure %d comes after its article's closing line (%v, %v)", iter, n, pos, c)
			}
		}
		placed := map[*Builder]int{}
		for pi, p := range pages {
			last := map[int]int{}
			first := map[int]int{}
			for i, m := range p.Marks {
				if m.Y+m.H > reg.Y+reg.H+0.01 {
					t.Fatalf("iteration %d page %d: %T reaches %.2f, past %.2f", iter, pi, m.El, m.Y+m.H, reg.Y+reg.H)
				}
				if k, ok := m.El.(*Keep); ok && m.H < k.Height()-0.01 {
					t.Fatalf("iteration %d page %d: a figure split", iter, pi)
				}
				if m.Col < 0 {
					continue
				}
				if _, ok := first[m.Col]; !ok {
					first[m.Col] = i
				}
				last[m.Col] = i
				tb, ok := m.El.(*TextBlock)
				if !ok || tb.Role != "body" {
					continue
				}
				fl, n := tb.Piece()
				placed[tb.B] += n
				if n == 1 && len(tb.Lines) > 1 && fl == 0 {
					t.Errorf("iteration %d page %d column %d: an orphan", iter, pi, m.Col)
				}
				if n == 1 && len(tb.Lines) > 1 && fl == len(tb.Lines)-1 {
					t.Errorf("iteration %d page %d column %d: a widow", iter, pi, m.Col)
				}
				// body text on the grid: its top a whole number of lines below
				// the top of the columns' first body line on the page
				_ = fl
			}
			for col, i := range last {
				m := p.Marks[i]
				tb, ok := m.El.(*TextBlock)
				if !ok {
					continue
				}
				fl, n := tb.Piece()
				if tb.Hyphenated(fl + n - 1) {
					t.Errorf("iteration %d page %d column %d ends with a hyphen", iter, pi, col)
				}
				if tb.Role == "heading" && (i < len(p.Marks)-1 || pi < len(pages)-1) {
					t.Errorf("iteration %d page %d column %d ends with a heading", iter, pi, col)
					for _, pp := range pages[max(pi-1, 0):min(pi+2, len(pages))] {
						for _, m := range pp.Marks {
							role := ""
							if tb, ok := m.El.(*TextBlock); ok {
								fl, n := tb.Piece()
								role = fmt.Sprintf("%s %d+%d/%d", tb.Role, fl, n, len(tb.Lines))
							}
							t.Logf("  %T %s col %d y %.1f h %.1f float %v", m.El, role, m.Col, m.Y, m.H, m.Spacing.Float)
						}
						t.Log("  --")
					}
				}
			}
			for _, msg := range figureProblems(p) {
				t.Errorf("iteration %d page %d: %s", iter, pi, msg)
			}
			// Body lines line up across columns.
			var tops []float64
			for _, m := range p.Marks {
				if tb, ok := m.El.(*TextBlock); ok && tb.Role == "body" && m.Col >= 0 {
					tops = append(tops, m.Y)
				}
			}
			for _, y := range tops {
				if d := (y - tops[0]) / lead; math.Abs(d-math.Round(d)) > 0.01 {
					if !spanned(p) {
						t.Errorf("iteration %d page %d: body text at %.2f off the grid of %.2f", iter, pi, y, tops[0])
					}
					break
				}
			}
		}
		for tb, n := range blocks {
			if placed[tb.B] != n {
				t.Fatalf("iteration %d: a paragraph of %d lines placed as %d", iter, n, placed[tb.B])
			}
		}
	}
}

// spanned reports whether a page has material across its columns below
// their top (the grid starts again under it).
func spanned(p *Page) bool {
	n := 0
	for _, m := range p.Marks {
		if m.Col < 0 {
			n++
		}
	}
	return n > 1
}

// figureProblems describes each figure in a column of p that has text
// both above and below it, or one line of a longer paragraph alone above
// or below it (a paragraph of one line may stand there). Columns start
// again below material across them.
func figureProblems(p *Page) []string {
	var out []string
	type item struct {
		m     Mark
		fig   bool
		rows  int
		piece bool // part of a longer paragraph
	}
	check := func(col []item) {
		for i, it := range col {
			if !it.fig {
				continue
			}
			above, below := 0, 0
			pieceAbove, pieceBelow := false, false
			for j, o := range col {
				if o.fig {
					continue
				}
				if j < i && o.m.Y < it.m.Y {
					above += o.rows
					pieceAbove = pieceAbove || o.piece
				} else if o.m.Y > it.m.Y {
					below += o.rows
					pieceBelow = pieceBelow || o.piece
				}
			}
			switch {
			case above > 0 && below > 0:
				out = append(out, fmt.Sprintf("a figure at %.1f in column %d has %d lines above and %d below", it.m.Y, it.m.Col, above, below))
			case above == 1 && pieceAbove || below == 1 && pieceBelow:
				out = append(out, fmt.Sprintf("a figure at %.1f in column %d has one line alone beside it", it.m.Y, it.m.Col))
			}
		}
	}
	cols := map[int][]item{}
	flush := func() {
		for _, c := range cols {
			check(c)
		}
		cols = map[int][]item{}
	}
	for _, m := range p.Marks {
		if m.Col < 0 {
			flush()
			continue
		}
		it := item{m: m, fig: m.Spacing.Float}
		if tb, ok := m.El.(*TextBlock); ok {
			_, it.rows = tb.Piece()
			it.piece = len(tb.Lines) > 1
		} else if !it.fig {
			continue
		}
		cols[m.Col] = append(cols[m.Col], it)
	}
	flush()
	return out
}

// art is the article of the n-th figure.
func art(figs map[Element]int, figArticle map[Element]int, n int) int {
	for el, k := range figs {
		if k == n {
			return figArticle[el]
		}
	}
	return -1
}
