package typeset

import (
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/go-fonts/liberation/liberationserifregular"
)

func testFace(t testing.TB) *Face {
	t.Helper()
	f, err := ParseFace("serif", liberationserifregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestParseFace(t *testing.T) {
	f := testFace(t)
	if !f.Has('a') || !f.Has('é') || !f.Has('ж') || !f.Has('€') {
		t.Error("Liberation Serif should cover Latin, Cyrillic and the euro")
	}
	if f.Has('中') || f.Has(0x1F600) {
		t.Error("Liberation Serif has no Han or emoji")
	}
	if w := f.Advance('M'); w < 700 || w > 1000 {
		t.Errorf("advance of M = %d/1000 em", w)
	}
	if f.Ascent <= 0.5 || f.Descent <= 0 {
		t.Errorf("ascent %v descent %v", f.Ascent, f.Descent)
	}
	for _, bad := range [][]byte{nil, []byte("OTTO1234567890"), []byte("not a font at all"), liberationserifregular.TTF[:200]} {
		if _, err := ParseFace("bad", bad); err == nil {
			t.Errorf("ParseFace(%q…) accepted a bad font", bad[:min(len(bad), 8)])
		}
	}
}

func randomText(r *rand.Rand, words int) string {
	pool := []string{"a", "the", "harbour", "quiet", "morning", "well-known", "and/or", "Donaudampfschifffahrtsgesellschaftskapitän",
		"https://example.org/a/very/long/path/to/somewhere/else", "—", "café", "x", "supercalifragilisticexpialidocious", "soft\u00adhyphen"}
	var b strings.Builder
	for i := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pool[r.Intn(len(pool))])
	}
	return b.String()
}

// TestGreedyNeverOverflows sets random paragraphs at random measures and
// checks that no line's boxes reach past the measure.
func TestGreedyNeverOverflows(t *testing.T) {
	face := testFace(t)
	r := rand.New(rand.NewSource(1))
	for iter := range 400 {
		justify := iter%2 == 0
		size := 6 + r.Float64()*10
		measure := 40 + r.Float64()*300
		b := &Builder{Justify: justify}
		st := b.AddStyle(Style{Face: face, Size: size})
		b.Indent(r.Float64() * 12)
		b.Text(randomText(r, 1+r.Intn(80)), st)
		if r.Intn(4) == 0 {
			b.LineBreak()
			b.Text(randomText(r, 5), st)
		}
		b.Finish(measure)
		lines := Greedy{}.Break(b.Items, func(int) float64 { return measure })
		align := AlignLeft
		if justify {
			align = AlignJustify
		}
		boxes := 0
		for _, l := range lines {
			b.PlaceLine(l, align, func(p Placed) {
				boxes++
				if end := p.X + p.Frag.Width; end > measure+0.01 {
					t.Fatalf("iteration %d: %q ends at %.2f past the measure %.2f", iter, p.Frag.Text, end, measure)
				}
				if p.X < -0.01 {
					t.Fatalf("iteration %d: %q starts at %.2f", iter, p.Frag.Text, p.X)
				}
			})
		}
		if !b.Empty() && boxes == 0 {
			t.Fatalf("iteration %d: text set as no boxes", iter)
		}
	}
}

func TestGreedyJustifies(t *testing.T) {
	face := testFace(t)
	b := &Builder{Justify: true}
	st := b.AddStyle(Style{Face: face, Size: 10})
	b.Text(strings.Repeat("word and more words ", 30), st)
	b.Finish(200)
	lines := Greedy{}.Break(b.Items, func(int) float64 { return 200 })
	if len(lines) < 3 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines[:len(lines)-1] {
		end := 0.0
		b.PlaceLine(l, AlignJustify, func(p Placed) { end = p.X + p.Frag.Width })
		if math.Abs(end-200) > 0.01 {
			t.Errorf("line %d ends at %.2f, want flush at 200", i, end)
		}
	}
	if !lines[len(lines)-1].Last {
		t.Error("the last line is not marked last")
	}
}

func TestFallbackAndMissing(t *testing.T) {
	face := testFace(t)
	var missing []rune
	other := &Face{Name: "other"}
	other.cov['☐'>>6] |= 1 << ('☐' & 63)
	other.adv['☐'] = 800
	b := &Builder{
		Fallback: func(r rune, _ *Face) *Face {
			if other.Has(r) {
				return other
			}
			return nil
		},
		Missing: func(r rune) { missing = append(missing, r) },
	}
	st := b.AddStyle(Style{Face: face, Size: 10})
	b.Text("a☐b😀\x00c", st)
	var texts []string
	var faces []*Face
	for _, f := range b.Frags {
		texts = append(texts, f.Text)
		faces = append(faces, f.Face)
	}
	if strings.Join(texts, "|") != "a|☐|b|?|c" {
		t.Errorf("fragments %q", texts)
	}
	if faces[1] != other {
		t.Error("☐ not set in the fallback face")
	}
	if len(missing) != 1 || missing[0] != 0x1F600 {
		t.Errorf("missing %q", missing)
	}
}

// TestFlowNeverPastBottom flows random elements and checks that nothing is
// drawn below a column's bottom, and that unsplittable elements stay whole.
func TestFlowNeverPastBottom(t *testing.T) {
	face := testFace(t)
	r := rand.New(rand.NewSource(2))
	for iter := range 60 {
		cols := 1 + iter%3
		reg := Rect{X: 30, Y: 40, W: 400, H: 500}
		var pages []*Page
		f := &Flow{Columns: cols, Gutter: 12, NewPage: func() (*Page, Rect) {
			pages = append(pages, &Page{})
			return pages[len(pages)-1], reg
		}}
		colW := f.ColumnWidth(reg.W)
		type drawn struct{ page, y0, y1 float64 }
		var figures []drawn
		for range 40 {
			switch r.Intn(4) {
			case 0, 1:
				b := &Builder{Justify: true}
				st := b.AddStyle(Style{Face: face, Size: 9})
				b.Text(randomText(r, 10+r.Intn(200)), st)
				b.Finish(colW)
				f.Add(NewTextBlock(b, Greedy{}, colW, 11, 9, face, AlignJustify), Spacing{Before: 6})
			case 2:
				h := 20 + r.Float64()*300
				f.Add(&Fixed{H: h, Fn: func(p *Page, x, y float64) {
					p.Rect(x, y, colW, h, 0)
					figures = append(figures, drawn{float64(len(pages)), y, y + h})
				}}, Spacing{Before: 8, After: 8, Float: r.Intn(2) == 0})
			case 3:
				b := &Builder{}
				st := b.AddStyle(Style{Face: face, Size: 12})
				b.Text("A heading", st)
				b.Finish(colW)
				f.Add(NewTextBlock(b, Greedy{}, colW, 14, 12, face, AlignLeft), Spacing{Before: 12, KeepWithNext: true})
			}
			if r.Intn(10) == 0 {
				f.Finish()
				f.Balance()
				f.Break()
			}
		}
		f.Finish()
		f.Balance()
		bottom := reg.Y + reg.H
		for pi, p := range pages {
			for _, op := range p.Ops {
				switch op.Kind {
				case OpText:
					if op.Y > bottom+0.01 || op.Y < reg.Y {
						t.Fatalf("iteration %d page %d: text %q at baseline %.2f outside %.2f–%.2f", iter, pi, op.Text, op.Y, reg.Y, bottom)
					}
					if op.X < reg.X-0.01 || op.X > reg.X+reg.W {
						t.Fatalf("iteration %d page %d: text at x %.2f outside the block", iter, pi, op.X)
					}
				case OpRect:
					if op.Y+op.H > bottom+0.01 || op.Y < reg.Y-0.01 {
						t.Fatalf("iteration %d page %d: box %.2f–%.2f outside %.2f–%.2f", iter, pi, op.Y, op.Y+op.H, reg.Y, bottom)
					}
				}
			}
		}
		if f.Clipped() != 0 {
			t.Fatalf("iteration %d: %d elements clipped", iter, f.Clipped())
		}
		for _, d := range figures {
			if d.y1-d.y0 <= 0 || d.y1 > bottom+0.01 {
				t.Fatalf("figure split or past the bottom: %+v", d)
			}
		}
	}
}

func TestTextBlockSplitKeepsOrphansAndWidows(t *testing.T) {
	face := testFace(t)
	b := &Builder{}
	st := b.AddStyle(Style{Face: face, Size: 10})
	b.Text(strings.Repeat("word ", 60), st)
	b.Finish(100)
	tb := NewTextBlock(b, Greedy{}, 100, 12, 10, face, AlignLeft)
	n := tb.NumLines()
	if n < 6 {
		t.Fatalf("%d lines", n)
	}
	if h, _ := tb.Split(12 * 1.5); h != nil {
		t.Error("a one-line head was split off (orphan)")
	}
	h, tl := tb.Split(12 * float64(n-1))
	if h == nil || tl == nil {
		t.Fatal("no split")
	}
	if tl.(*TextBlock).NumLines() < 2 {
		t.Errorf("a widow of %d line", tl.(*TextBlock).NumLines())
	}
	if h.(*TextBlock).NumLines()+tl.(*TextBlock).NumLines() != n {
		t.Error("lines lost in the split")
	}
}

func TestStackRepeatsHeader(t *testing.T) {
	row := func(h float64) Element { return &Fixed{H: h} }
	s := &Stack{Header: []Element{row(10)}, Rows: []Element{row(20), row(20), row(20), row(20)}}
	h, tl := s.Split(55)
	if h == nil || tl == nil {
		t.Fatal("no split")
	}
	if got := h.Height(); got != 50 {
		t.Errorf("head %v high, want header + two rows = 50", got)
	}
	if got := tl.Height(); got != 50 {
		t.Errorf("tail %v high, want the header again + two rows = 50", got)
	}
	if h, _ := s.Split(25); h != nil {
		t.Error("split off a header with no row")
	}
}

func TestHyphenationHook(t *testing.T) {
	face := testFace(t)
	b := &Builder{Hyphenate: func(w string) []int {
		if w == "typesetting" {
			return []int{4, 7}
		}
		return nil
	}}
	st := b.AddStyle(Style{Face: face, Size: 10})
	b.Text("typesetting is fun", st)
	var got []string
	for _, it := range b.Items {
		switch it.Kind {
		case Box:
			got = append(got, b.Frags[it.Frag].Text)
		case Penalty:
			if it.Flagged {
				got = append(got, "|")
			}
		}
	}
	if s := strings.Join(got, " "); s != "type | set | ting is fun" {
		t.Errorf("items %q", s)
	}
	// A narrow measure takes the hyphenation point and draws a hyphen.
	b.Finish(40)
	lines := Greedy{}.Break(b.Items, func(int) float64 { return 40 })
	var first []string
	b.PlaceLine(lines[0], AlignLeft, func(p Placed) { first = append(first, p.Frag.Text) })
	if s := strings.Join(first, ""); s != "typeset-" {
		t.Errorf("first line %q, want typeset-", s)
	}
}

func TestPostScriptName(t *testing.T) {
	if got := testFace(t).PostScriptName; got != "LiberationSerif" {
		t.Errorf("PostScriptName = %q", got)
	}
}

func TestNoBreakBeforePunctuation(t *testing.T) {
	face := testFace(t)
	b := &Builder{}
	st := b.AddStyle(Style{Face: face, Size: 10})
	b.Text("said —. And well-known and/or —”", st)
	var got []string
	for _, it := range b.Items {
		switch it.Kind {
		case Box:
			got = append(got, b.Frags[it.Frag].Text)
		case Penalty:
			if it.Penalty < Inf {
				got = append(got, "|")
			}
		case Glue:
			got = append(got, "_")
		}
	}
	if s := strings.Join(got, ""); s != "said_—._And_well-|known_and/|or_—”_" && s != "said_—._And_well-|known_and/|or_—”" {
		t.Errorf("items %q", s)
	}
}
