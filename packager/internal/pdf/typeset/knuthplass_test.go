package typeset

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

func breakers() map[string]Breaker {
	return map[string]Breaker{"greedy": Greedy{}, "knuth-plass": &KnuthPlass{}, "ragged": &KnuthPlass{Ragged: 30}}
}

// TestKnuthPlassNeverOverflows sets random paragraphs, hyphenated or not,
// at random measures and checks that no line reaches past the measure.
func TestKnuthPlassNeverOverflows(t *testing.T) {
	face := testFace(t)
	r := rand.New(rand.NewSource(3))
	kp := &KnuthPlass{}
	for iter := range 600 {
		justify := iter%2 == 0
		kp.Ragged = 0
		if !justify {
			kp.Ragged = 20
		}
		size := 6 + r.Float64()*10
		measure := 40 + r.Float64()*300
		b := &Builder{Justify: justify}
		if iter%3 == 0 {
			b.Hyphenate = func(w string) []int {
				var out []int
				for i := 2; i < len([]rune(w))-2; i += 2 {
					out = append(out, i)
				}
				return out
			}
		}
		st := b.AddStyle(Style{Face: face, Size: size})
		b.Indent(r.Float64() * 12)
		b.Text(randomText(r, 1+r.Intn(120)), st)
		if r.Intn(4) == 0 {
			b.LineBreak()
			b.Text(randomText(r, 5), st)
		}
		b.Finish(measure)
		lines := kp.Break(b.Items, func(int) float64 { return measure })
		align := AlignLeft
		if justify {
			align = AlignJustify
		}
		boxes := 0
		next := 0
		for li, l := range lines {
			if l.Start < next {
				t.Fatalf("iteration %d: line %d starts at %d, before the end of the last (%d)", iter, li, l.Start, next)
			}
			next = l.End
			b.PlaceLine(l, align, func(p Placed) {
				boxes++
				if end := p.X + p.Frag.Width; end > measure+0.01 {
					t.Fatalf("iteration %d: %q ends at %.2f past the measure %.2f", iter, p.Frag.Text, end, measure)
				}
			})
		}
		want := 0
		for _, it := range b.Items {
			if it.Kind == Box && it.Frag >= 0 {
				want++
			}
		}
		hyphens := 0
		for _, l := range lines {
			if l.End < len(b.Items) && b.Items[l.End].Kind == Penalty && b.Items[l.End].Frag >= 0 {
				hyphens++
			}
		}
		if boxes != want+hyphens {
			t.Fatalf("iteration %d: %d fragments drawn, want %d boxes and %d hyphens", iter, boxes, want, hyphens)
		}
		if len(lines) > 0 && !lines[len(lines)-1].Last {
			t.Fatalf("iteration %d: the last line is not marked last", iter)
		}
	}
}

// looseness sums the squares of the adjustment ratios of the justified
// lines: what total fit minimises, roughly.
func looseness(lines []Line) (sum, worst float64) {
	for _, l := range lines {
		if l.Last {
			continue
		}
		sum += l.Ratio * l.Ratio
		worst = max(worst, math.Abs(l.Ratio))
	}
	return
}

const fixedParagraph = `In olden times when wishing still helped one, there lived a king whose daughters were all beautiful; and the youngest was so beautiful that the sun itself, which has seen so much, was astonished whenever it shone in her face. Close by the king's castle lay a great dark forest, and under an old lime-tree in the forest was a well, and when the day was very warm, the king's child went out into the forest and sat down by the side of the cool fountain; and when she was bored she took a golden ball, and threw it up on high and caught it; and this ball was her favorite plaything.`

// TestKnuthPlassBeatsGreedy sets a fixed paragraph (Knuth and Plass's own
// example) both ways: total fit spreads the space more evenly.
func TestKnuthPlassBeatsGreedy(t *testing.T) {
	face := testFace(t)
	for _, measure := range []float64{180, 240, 300} {
		build := func() *Builder {
			b := &Builder{Justify: true}
			st := b.AddStyle(Style{Face: face, Size: 10})
			b.Text(fixedParagraph, st)
			b.Finish(measure)
			return b
		}
		bg, bk := build(), build()
		greedy := Greedy{}.Break(bg.Items, func(int) float64 { return measure })
		kp := (&KnuthPlass{}).Break(bk.Items, func(int) float64 { return measure })
		gs, gw := looseness(greedy)
		ks, kw := looseness(kp)
		t.Logf("measure %.0f: greedy %d lines, Σr² %.2f, worst %.2f; knuth-plass %d lines, Σr² %.2f, worst %.2f", measure, len(greedy), gs, gw, len(kp), ks, kw)
		if len(kp) > len(greedy) {
			t.Errorf("measure %.0f: %d lines, greedy needs only %d", measure, len(kp), len(greedy))
		}
		if ks > gs+1e-9 || kw > gw+1e-9 {
			t.Errorf("measure %.0f: knuth-plass Σr² %.3f worst %.3f, greedy %.3f %.3f", measure, ks, kw, gs, gw)
		}
		for i, l := range kp {
			if !l.Last && (l.Ratio < -1 || l.Ratio > 2) {
				t.Errorf("measure %.0f: line %d set at ratio %.2f", measure, i, l.Ratio)
			}
		}
	}
}

// TestKnuthPlassRagged checks that ragged-right lines keep their natural
// spacing, never pass the measure, and rag more evenly than first fit.
func TestKnuthPlassRagged(t *testing.T) {
	face := testFace(t)
	measure := 200.0
	build := func() *Builder {
		b := &Builder{}
		st := b.AddStyle(Style{Face: face, Size: 10})
		b.Text(fixedParagraph, st)
		b.Finish(measure)
		return b
	}
	bg, bk := build(), build()
	slack := func(b *Builder, lines []Line) (sum float64) {
		for i, l := range lines {
			if l.Width > measure+0.01 {
				t.Errorf("line %d is %.2f wide", i, l.Width)
			}
			gap := -1.0
			b.PlaceLine(l, AlignLeft, func(p Placed) {
				if gap >= 0 && p.X-gap > 10*0.4 {
					t.Errorf("line %d: a space of %.2f", i, p.X-gap)
				}
				gap = p.X + p.Frag.Width
			})
			if !l.Last {
				sum += (measure - l.Width) * (measure - l.Width)
			}
		}
		return sum
	}
	g := slack(bg, Greedy{}.Break(bg.Items, func(int) float64 { return measure }))
	k := slack(bk, (&KnuthPlass{Ragged: 30}).Break(bk.Items, func(int) float64 { return measure }))
	t.Logf("Σ slack²: greedy %.0f, knuth-plass %.0f", g, k)
	if k > g {
		t.Errorf("ragged knuth-plass leaves Σ slack² %.0f, more than greedy's %.0f", k, g)
	}
}

// TestKnuthPlassHyphens checks that hyphenation is a last resort: a wide
// measure takes none, a narrow one some, and never two in a row when it
// can help it.
func TestKnuthPlassHyphens(t *testing.T) {
	face := testFace(t)
	set := func(measure float64) (lines []Line, b *Builder) {
		b = &Builder{Justify: true, Hyphenate: func(w string) []int {
			var out []int
			for i := 2; i <= len([]rune(w))-3; i++ {
				out = append(out, i)
			}
			return out
		}}
		st := b.AddStyle(Style{Face: face, Size: 10})
		b.Text(fixedParagraph, st)
		b.Finish(measure)
		return (&KnuthPlass{}).Break(b.Items, func(int) float64 { return measure }), b
	}
	count := func(lines []Line, b *Builder) (n, adjacent int) {
		prev := false
		for _, l := range lines {
			h := l.End < len(b.Items) && b.Items[l.End].Kind == Penalty && b.Items[l.End].Flagged
			if h {
				n++
				if prev {
					adjacent++
				}
			}
			prev = h
		}
		return
	}
	if n, _ := count(set(400)); n > 1 {
		t.Errorf("a wide measure hyphenated %d lines", n)
	}
	lines, b := set(160)
	n, adj := count(lines, b)
	t.Logf("measure 160: %d of %d lines hyphenated, %d adjacent", n, len(lines), adj)
	if n == 0 || adj > 1 {
		t.Errorf("measure 160: %d hyphens, %d adjacent", n, adj)
	}
	if last := lines[len(lines)-2]; b.Items[last.End].Kind == Penalty && b.Items[last.End].Flagged {
		t.Error("the paragraph's second-to-last line ends with a hyphen")
	}
}

// TestKnuthPlassEmergency sets text that no tolerance can set: a long
// unbreakable word in a narrow measure. It still gets breaks, none wider
// than the measure.
func TestKnuthPlassEmergency(t *testing.T) {
	face := testFace(t)
	b := &Builder{Justify: true}
	st := b.AddStyle(Style{Face: face, Size: 10})
	b.Text("a b "+strings.Repeat("x", 30)+" c d "+strings.Repeat("y", 40)+" end", st)
	b.Finish(150)
	lines := (&KnuthPlass{}).Break(b.Items, func(int) float64 { return 150 })
	if len(lines) < 3 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		if l.Width > 150+0.01 && l.Ratio > -1 {
			t.Errorf("line %d: %.2f wide", i, l.Width)
		}
	}
}

func BenchmarkBreakers(b *testing.B) {
	face := testFace(b)
	r := rand.New(rand.NewSource(9))
	text := randomText(r, 150)
	for name, br := range breakers() {
		b.Run(name, func(b *testing.B) {
			bl := &Builder{Justify: name != "ragged"}
			st := bl.AddStyle(Style{Face: face, Size: 9})
			bl.Text(text, st)
			bl.Finish(240)
			for b.Loop() {
				br.Break(bl.Items, func(int) float64 { return 240 })
			}
		})
	}
}
