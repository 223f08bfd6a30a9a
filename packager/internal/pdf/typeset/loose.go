package typeset

import "math"

// Loosen sets the paragraph one line longer (q = 1) or shorter (q = -1),
// like TeX's \looseness: it breaks the text at a slightly narrower or
// wider measure and, when that gives exactly one line more or less, sets
// those lines back at the full measure, their spaces a little wider or
// narrower. It reports whether it did; the setting is refused when a line
// would stretch more than a justified paragraph may, need more than its
// spaces can shrink, or leave a last line of a word or two. A paragraph
// already split across columns is left as it is.
func (t *TextBlock) Loosen(br Breaker, q int) bool {
	if t.B == nil || t.first != 0 || t.n != len(t.Lines) || t.n == 0 || t.tailPiece || q == 0 {
		return false
	}
	if q < 0 && t.n < 2 {
		return false
	}
	m := t.Lines[0].Measure
	for _, l := range t.Lines {
		if l.Measure != m {
			return false
		}
	}
	items := t.B.Items
	want := t.n + q
	steps := []float64{0.985, 0.97, 0.955, 0.94, 0.925, 0.91}
	if q < 0 {
		steps = []float64{1.015, 1.03, 1.045, 1.06}
	}
	for _, f := range steps {
		lines := br.Break(items, func(int) float64 { return m * f })
		if q > 0 && len(lines) < want || q < 0 && len(lines) > want {
			continue
		}
		if len(lines) != want {
			return false
		}
		ok := true
		for i := range lines {
			l := &lines[i]
			var sh float64
			*l, sh = reset(items, *l, m)
			switch {
			case l.Width > m+0.01 && l.Width > m+0.85*sh:
				ok = false // cannot shrink that far
			case !l.Last && l.Ratio > 1.6:
				ok = false // too loose
			}
		}
		// A last line of a word or two reads as a mistake.
		if last := lines[len(lines)-1]; last.Width < m*0.15 {
			ok = false
		}
		if !ok {
			continue
		}
		t.Lines, t.n = lines, len(lines)
		return true
	}
	return false
}

// reset sets a line again at measure m, and returns its spaces' shrink.
func reset(items []Item, l Line, m float64) (Line, float64) {
	var w, st, sh float64
	e := min(l.End, len(items))
	for i := l.Start; i < e; i++ {
		it := &items[i]
		switch it.Kind {
		case Box:
			w += it.Width
		case Glue:
			w += it.Width
			if math.IsInf(it.Stretch, 1) {
				st = math.Inf(1)
			} else if !math.IsInf(st, 1) {
				st += it.Stretch
			}
			sh += it.Shrink
		}
	}
	if e < len(items) && items[e].Kind == Penalty {
		w += items[e].Width
	}
	return setLine(items, l.Start, l.End, w, st, sh, m), sh
}
