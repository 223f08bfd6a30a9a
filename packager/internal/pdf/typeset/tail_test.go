package typeset

import (
	"strings"
	"testing"
)

// TestBalanceKeepsTails balances the last page of text whose first piece
// is the rest of a paragraph from the page before: every word must still
// be drawn once.
func TestBalanceKeepsTails(t *testing.T) {
	face := testFace(t)
	reg := Rect{X: 30, Y: 40, W: 400, H: 300}
	for cols := 2; cols <= 3; cols++ {
		for n := 500; n <= 1900; n += 200 {
			var pages []*Page
			f := &Flow{Columns: cols, Gutter: 12, Grid: 11, NewPage: func() (*Page, Rect) {
				pages = append(pages, &Page{})
				return pages[len(pages)-1], reg
			}}
			colW := f.ColumnWidth(reg.W)
			words := 0
			for _, k := range []int{n, 40, 40} {
				b := &Builder{Justify: true}
				st := b.AddStyle(Style{Face: face, Size: 9})
				b.Text(strings.TrimSpace(strings.Repeat("word ", k)), st)
				words += k
				b.Finish(colW)
				f.Add(NewTextBlock(b, &KnuthPlass{}, colW, 11, 9, face, AlignJustify), Spacing{Before: 6, Grid: true})
			}
			f.Finish()
			f.Balance()
			got := 0
			for _, p := range pages {
				for _, op := range p.Ops {
					if op.Kind == OpText {
						got += strings.Count(op.Text, "word")
					}
				}
			}
			if got != words {
				t.Errorf("%d columns, %d words: %d drawn", cols, words, got)
			}
		}
	}
}
