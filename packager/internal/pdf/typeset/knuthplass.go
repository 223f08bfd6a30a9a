package typeset

import "math"

// KnuthPlass is a total-fit breaker after Knuth and Plass ("Breaking
// paragraphs into lines", 1981), as TeX does it: it chooses the breaks of
// the whole paragraph that minimise the sum of the lines' demerits.
//
// It runs up to three passes, as TeX does. When the text has hyphenation
// points from a hyphenator (Item.Auto), the first pass ignores them and
// accepts only lines whose badness is at most PreTolerance; the second
// allows hyphenation and accepts badness up to Tolerance. When no
// set of breaks passes, the emergency pass stretches: it accepts any line
// that is not overfull, however loose, and still minimises the demerits,
// so the looseness goes where it does least harm. A paragraph always gets
// breaks, and no line is wider than its measure unless a single
// unbreakable piece is.
//
// Ragged-right text is broken with the same algorithm: with Ragged set,
// interword glue is taken as it is (builders give it no stretch) and each
// line may stretch by Ragged at its right edge, which gives an even rag.
//
// Zero fields take TeX's defaults. A KnuthPlass keeps scratch space
// between calls, so one value must not be used by two goroutines at once;
// use one per render.
type KnuthPlass struct {
	// PreTolerance is the badness limit of the first pass, without
	// hyphenation (100); negative skips that pass.
	PreTolerance float64
	// Tolerance is the badness limit of the second pass (200).
	Tolerance float64
	// LinePenalty is added to every line's badness before squaring (10).
	LinePenalty float64
	// AdjacentHyphenDemerits are added when two consecutive lines end with
	// flagged (hyphen) breaks (10000; TeX's \doublehyphendemerits).
	AdjacentHyphenDemerits float64
	// FinalHyphenDemerits are added when the second-to-last line ends with
	// a flagged break (5000).
	FinalHyphenDemerits float64
	// FitnessDemerits are added when adjacent lines differ by more than
	// one fitness class, a tight line next to a loose one (10000; TeX's
	// \adjdemerits).
	FitnessDemerits float64
	// EmergencyStretch, when positive, is stretch each line is given, for
	// judging it only, in the emergency pass (TeX's \emergencystretch).
	// Zero judges lines by their own stretch, which keeps a line with few
	// spaces from being stretched most.
	EmergencyStretch float64
	// Ragged, when positive, sets ragged right: the stretch, in points,
	// that every line but the last has at its right edge.
	Ragged float64

	nodes  []kpNode
	active []int32
	next   []int32
	sumW   []float64 // widths of boxes and glue before item i
	sumSt  []float64 // finite glue stretch before item i
	sumSh  []float64 // glue shrink before item i
	sumFil []int32   // infinite-stretch glue before item i
}

// kpNode is a feasible break: the best way found to reach it for one
// fitness class.
type kpNode struct {
	pos     int   // index of the break item; -1 for the paragraph start
	start   int   // index of the first item of the next line
	line    int   // number of lines before this break
	prev    int32 // previous node on the best path, -1 at the start
	fitness int8
	flagged bool
	total   float64 // total demerits up to here
}

// Defaults after TeX's plain format.
const (
	defPreTolerance = 100
	defTolerance    = 200
	defLinePenalty  = 10
	defDoubleHyphen = 10000
	defFinalHyphen  = 5000
	defFitness      = 10000
	awfulBad        = 1e9 // badness of a line that cannot stretch at all
)

func orDefault(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}

// Break implements Breaker.
func (k *KnuthPlass) Break(items []Item, measure func(line int) float64) []Line {
	n := len(items)
	if n == 0 {
		return nil
	}
	k.prefix(items)
	auto := false
	for i := range items {
		if items[i].Auto {
			auto = true
			break
		}
	}
	if pre := orDefault(k.PreTolerance, defPreTolerance); pre >= 0 && auto {
		// The first pass leaves hyphenation points alone.
		if end, ok := k.run(items, measure, pre, false, false); ok {
			return k.lines(items, end, measure)
		}
	}
	if end, ok := k.run(items, measure, orDefault(k.Tolerance, defTolerance), true, false); ok {
		return k.lines(items, end, measure)
	}
	if end, ok := k.run(items, measure, math.Inf(1), true, true); ok {
		return k.lines(items, end, measure)
	}
	// Only a piece wider than the measure can bring us here: first fit
	// sets it as well as it can be set.
	return Greedy{}.Break(items, measure)
}

// prefix computes the running sums of widths, stretch and shrink.
func (k *KnuthPlass) prefix(items []Item) {
	n := len(items)
	k.sumW = grow(k.sumW, n+1)
	k.sumSt = grow(k.sumSt, n+1)
	k.sumSh = grow(k.sumSh, n+1)
	if cap(k.sumFil) < n+1 {
		k.sumFil = make([]int32, n+1)
	}
	k.sumFil = k.sumFil[:n+1]
	var w, st, sh float64
	var fil int32
	for i := range items {
		k.sumW[i], k.sumSt[i], k.sumSh[i], k.sumFil[i] = w, st, sh, fil
		it := &items[i]
		switch it.Kind {
		case Box:
			w += it.Width
		case Glue:
			w += it.Width
			if math.IsInf(it.Stretch, 1) {
				fil++
			} else {
				st += it.Stretch
			}
			sh += it.Shrink
		}
	}
	k.sumW[n], k.sumSt[n], k.sumSh[n], k.sumFil[n] = w, st, sh, fil
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// breakable reports whether the paragraph may break at item i, and its
// penalty.
func breakable(items []Item, i int, hyphens bool) (bool, float64) {
	it := &items[i]
	switch it.Kind {
	case Glue:
		// Not at the fill glue that ends a paragraph: the forced break
		// after it is where the line ends.
		return i > 0 && items[i-1].Kind == Box && !math.IsInf(it.Stretch, 1), 0
	case Penalty:
		if it.Penalty >= Inf {
			return false, 0
		}
		if !hyphens && it.Auto {
			return false, 0 // a hyphenation point, left for the second pass
		}
		return true, it.Penalty
	}
	return false, 0
}

func fitnessOf(r float64) int8 {
	switch {
	case r < -0.5:
		return 3 // tight
	case r <= 0.5:
		return 2 // decent
	case r <= 1:
		return 1 // loose
	}
	return 0 // very loose
}

// run is one pass. It returns the node that ends the paragraph with the
// fewest demerits.
func (k *KnuthPlass) run(items []Item, measure func(int) float64, tol float64, hyphens, final bool) (int32, bool) {
	n := len(items)
	k.nodes = append(k.nodes[:0], kpNode{pos: -1, start: skipDiscardable(items, 0), prev: -1, fitness: 2})
	k.active = append(k.active[:0], 0)
	linePen := orDefault(k.LinePenalty, defLinePenalty)
	dblHyph := orDefault(k.AdjacentHyphenDemerits, defDoubleHyphen)
	finHyph := orDefault(k.FinalHyphenDemerits, defFinalHyphen)
	fitDem := orDefault(k.FitnessDemerits, defFitness)
	// Lines are measured from the first item after the last break; the
	// measure of a line depends on its number, so nodes keep theirs.
	var best [4]float64
	var bestFrom [4]int32
	for i := 0; i < n; i++ {
		ok, pen := breakable(items, i, hyphens)
		if !ok {
			continue
		}
		it := &items[i]
		forced := it.Kind == Penalty && it.Penalty <= -Inf
		flagged := it.Kind == Penalty && it.Flagged
		penW := 0.0
		if it.Kind == Penalty {
			penW = it.Width
		}
		for c := range best {
			best[c], bestFrom[c] = math.Inf(1), -1
		}
		k.next = k.next[:0]
		for _, ai := range k.active {
			a := &k.nodes[ai]
			if a.start > i {
				// The break is inside the discardable run after a: no line.
				k.next = append(k.next, ai)
				continue
			}
			s := a.start
			w := k.sumW[i] - k.sumW[s] + penW
			st := k.sumSt[i] - k.sumSt[s]
			sh := k.sumSh[i] - k.sumSh[s]
			fil := k.sumFil[i] - k.sumFil[s]
			m := measure(a.line)
			if fil == 0 && k.Ragged > 0 {
				st += k.Ragged
			}
			emergency := 0.0
			if final {
				emergency = max(k.EmergencyStretch, 0)
			}
			var r, bad float64
			switch {
			case w <= m+eps:
				switch {
				case fil > 0 || w >= m-eps:
					r, bad = 0, 0
				case st+emergency > 0:
					r = (m - w) / (st + emergency)
					bad = badness(r)
				default:
					r, bad = math.Inf(1), awfulBad
				}
			default:
				if sh > 0 {
					r = (m - w) / sh
				} else {
					r = math.Inf(-1)
				}
				bad = badness(r)
			}
			overfull := r < -1-eps
			if overfull || forced {
				// a cannot start a line that reaches past i: retire it
			} else {
				k.next = append(k.next, ai)
			}
			if overfull || bad > tol {
				continue
			}
			d := linePen + bad
			d *= d
			switch {
			case forced:
			case pen > 0:
				d += pen * pen
			case pen < 0:
				d -= pen * pen
			}
			if flagged && a.flagged {
				d += dblHyph
			}
			if forced && i == n-1 && a.flagged {
				d += finHyph
			}
			fit := fitnessOf(r)
			if fd := int(fit) - int(a.fitness); fd > 1 || fd < -1 {
				d += fitDem
			}
			total := a.total + d
			if total < best[fit] {
				best[fit], bestFrom[fit] = total, ai
			}
		}
		k.active, k.next = k.next, k.active
		start := skipDiscardable(items, i+1)
		for c := range best {
			if bestFrom[c] < 0 {
				continue
			}
			from := k.nodes[bestFrom[c]]
			k.nodes = append(k.nodes, kpNode{pos: i, start: start, line: from.line + 1, prev: bestFrom[c],
				fitness: int8(c), flagged: flagged, total: best[c]})
			k.active = append(k.active, int32(len(k.nodes)-1))
		}
		if len(k.active) == 0 {
			return -1, false
		}
	}
	// The paragraph ends with a forced break: the active nodes there are
	// the candidates.
	end := int32(-1)
	bestTotal := math.Inf(1)
	for _, ai := range k.active {
		a := &k.nodes[ai]
		if a.pos != n-1 {
			continue
		}
		if a.total < bestTotal {
			bestTotal, end = a.total, ai
		}
	}
	return end, end >= 0
}

// badness is 100·|r|³, as TeX approximates it but not capped at 10000:
// in the emergency pass, where any line goes, two loose lines must cost
// less than one twice as loose, so that looseness is spread rather than
// heaped on one line.
func badness(r float64) float64 {
	if math.IsInf(r, 0) {
		return awfulBad
	}
	return 100 * math.Abs(r*r*r)
}

// lines walks back from the last node and sets each line.
func (k *KnuthPlass) lines(items []Item, end int32, measure func(int) float64) []Line {
	count := k.nodes[end].line
	out := make([]Line, count)
	for ni := end; ni >= 0 && k.nodes[ni].prev >= 0; ni = k.nodes[ni].prev {
		nd := &k.nodes[ni]
		from := &k.nodes[nd.prev]
		s, e := from.start, nd.pos
		w := k.sumW[e] - k.sumW[s]
		if items[e].Kind == Penalty {
			w += items[e].Width
		}
		st := k.sumSt[e] - k.sumSt[s]
		if k.sumFil[e]-k.sumFil[s] > 0 {
			st = math.Inf(1)
		}
		sh := k.sumSh[e] - k.sumSh[s]
		out[from.line] = setLine(items, s, e, w, st, sh, measure(from.line))
	}
	return out
}
