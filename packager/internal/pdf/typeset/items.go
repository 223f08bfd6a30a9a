package typeset

import "math"

// Kind tells boxes, glue and penalties apart.
type Kind uint8

// Item kinds, after Knuth and Plass: a box is unbreakable material of fixed
// width, glue is stretchable space where a line may break, a penalty is a
// possible break with a cost (a flagged penalty is a hyphenation point).
const (
	Box Kind = iota
	Glue
	Penalty
)

// Inf is the penalty that forbids a break; -Inf forces one.
const Inf = 10000

// Item is one element of a paragraph's item list.
type Item struct {
	Kind    Kind
	Width   float64
	Stretch float64 // glue only; +Inf for fill glue
	Shrink  float64 // glue only
	Penalty float64 // penalty only
	Flagged bool    // penalty only: a hyphenation point
	// Auto marks a hyphenation point found by a hyphenator (penalty only):
	// the first pass of KnuthPlass leaves these alone, as TeX's does.
	Auto bool
	// Emergency marks a break made inside a string of letters too long
	// for the line (penalty only): a column may end there.
	Emergency bool
	// Frag is the fragment a box draws, or the hyphen a penalty draws when
	// the line breaks there; -1 for none.
	Frag int32
}

// Line is a line chosen by a Breaker: items [Start, End) set at Ratio.
type Line struct {
	Start, End int // End is the index of the break item, or len(items)
	// Ratio is the adjustment ratio: positive stretches glue by Ratio ×
	// its stretch, negative shrinks it by -Ratio × its shrink.
	Ratio float64
	// Width is the natural width of the line, hyphen included.
	Width float64
	// Measure is the width the line was set to.
	Measure float64
	// Last is true when the line ends with fill glue (the end of the
	// paragraph or a forced break): it is not justified.
	Last bool
}

// Breaker chooses line breaks. measure gives the width of each line by
// its index; it must be positive.
type Breaker interface {
	Break(items []Item, measure func(line int) float64) []Line
}

// Greedy is a first-fit breaker: it fills each line as far as it goes.
// Glue may shrink to fit when Shrink is non-zero. Material wider than the
// measure that has no break point overflows, so builders must supply
// emergency break points (Builder.Finish does).
type Greedy struct{}

const eps = 1e-6

// Break implements Breaker.
func (Greedy) Break(items []Item, measure func(line int) float64) []Line {
	var lines []Line
	n := len(items)
	start := skipDiscardable(items, 0)
	for start < n {
		m := measure(len(lines))
		var w, st, sh float64
		cand := -1
		var cw, cst, csh float64
		brk := -1
		var bw, bst, bsh float64
		for i := start; i < n && brk < 0; i++ {
			it := &items[i]
			switch it.Kind {
			case Box:
				w += it.Width
				if w-sh > m+eps && cand >= 0 {
					brk, bw, bst, bsh = cand, cw, cst, csh
				}
			case Glue:
				if i > start && items[i-1].Kind == Box {
					if w-sh <= m+eps {
						cand, cw, cst, csh = i, w, st, sh
					} else {
						if cand >= 0 {
							brk, bw, bst, bsh = cand, cw, cst, csh
						} else {
							brk, bw, bst, bsh = i, w, st, sh
						}
						break
					}
				}
				w += it.Width
				st += it.Stretch
				sh += it.Shrink
			case Penalty:
				if it.Penalty >= Inf {
					continue
				}
				lw := w + it.Width
				fits := lw-sh <= m+eps
				switch {
				case it.Penalty <= -Inf:
					if !fits && cand >= 0 {
						brk, bw, bst, bsh = cand, cw, cst, csh
					} else {
						brk, bw, bst, bsh = i, lw, st, sh
					}
				case fits:
					cand, cw, cst, csh = i, lw, st, sh
				case cand >= 0:
					brk, bw, bst, bsh = cand, cw, cst, csh
				default:
					brk, bw, bst, bsh = i, lw, st, sh
				}
			}
		}
		if brk < 0 {
			// The items ran out without a forced break: end here.
			brk, bw, bst, bsh = n, w, st, sh
		}
		lines = append(lines, setLine(items, start, brk, bw, bst, bsh, m))
		if brk >= n {
			break
		}
		start = skipDiscardable(items, brk+1)
	}
	return lines
}

// setLine computes the adjustment ratio of a line.
func setLine(items []Item, start, end int, w, st, sh, m float64) Line {
	l := Line{Start: start, End: end, Width: w, Measure: m}
	last := math.IsInf(st, 1) || end >= len(items)
	if end < len(items) && items[end].Kind == Penalty && items[end].Penalty <= -Inf {
		last = true
	}
	l.Last = last
	switch {
	case w > m && sh > 0:
		l.Ratio = max((m-w)/sh, -1)
	case last:
		l.Ratio = 0
	case w < m && st > 0:
		l.Ratio = (m - w) / st
	}
	return l
}

// skipDiscardable returns the first index at or after i that is not glue
// or a penalty: lines start with a box.
func skipDiscardable(items []Item, i int) int {
	for i < len(items) && items[i].Kind != Box {
		i++
	}
	return i
}
