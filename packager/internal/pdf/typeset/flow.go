package typeset

import (
	"maps"
	"math"
)

// Rect is a rectangle on a page: top-left corner, width and height.
type Rect struct{ X, Y, W, H float64 }

// Spacing is how an element sits among its neighbours.
type Spacing struct {
	// Before and After are the space above and below; adjacent spaces
	// collapse to the larger, and space is dropped at the top of a column.
	Before, After float64
	// KeepWithNext keeps the element in the same column as the start of
	// the next one (headings). Elements of no height that follow it (the
	// start of a quotation, say) are kept with it too.
	KeepWithNext bool
	// Float lets the element move to the top of the next column when it
	// does not fit, while the text after it fills the space (figures).
	Float bool
	// Grid puts the element's top on the column's baseline grid (body
	// text, when the Flow has a Grid): the space above it grows to the next
	// grid line, or, after a heading kept with it, the heading moves down.
	Grid bool
}

// Flow paginates elements into the columns of pages. It never draws past
// the bottom of a column: elements are split, moved on, or, when even an
// empty column cannot hold them, clipped to the column.
type Flow struct {
	// Columns and Gutter divide each page's text block.
	Columns int
	Gutter  float64
	// Grid, when positive, is the baseline grid of the columns: elements
	// placed with Spacing.Grid start a whole number of Grid below the top
	// of the columns, so that body lines line up across columns.
	Grid float64
	// NewPage starts a page and returns its display list and text block.
	NewPage func() (*Page, Rect)
	// RTL orders the columns right to left, for text read that way. Set
	// it where columns start afresh (a new page, below material across
	// them).
	RTL bool

	page    *Page
	reg     Rect
	colTop  float64 // where columns start (below spanning material)
	floor   float64 // where columns end (above figures at the foot)
	col     int
	y       float64 // current position in the column
	maxY    float64 // the lowest column material on the page reaches
	gap     float64 // space owed after the last element
	extra   float64 // space added above the next element (grid)
	empty   bool    // nothing placed in the current column yet
	touched bool    // anything placed on the page
	bottom  float64 // bottom of columns (floor, or a balancing limit)
	trial   bool    // balancing: never start a page
	dry     bool    // balancing: measure only, draw nothing
	failed  bool    // a trial overflowed

	floats  []entry // waiting for the next column
	holding bool    // moving on with headings that wait for their text
	// settling: Settle is placing figures, which may go on to new pages;
	// each new page's log starts at the settle point
	settling bool
	foot     []entry    // figures at the foot of the current column
	cut      float64    // the height they take from it
	held     []entry    // waiting for the element they keep with
	spans    []entry    // page-wide floats waiting for the top of a page
	late     []lateDraw // page-wide floats at the foot of this page
	log      []entry    // column material since the page (or the columns) began
	logOps   int        // len(page.Ops) when the log began
	logMk    int        // len(page.Marks) when the log began
	clipped  int
	started  int             // pages started
	shorten  map[int]float64 // by page started, how much shorter its columns are
}

type entry struct {
	el     Element
	sp     Spacing
	float  bool
	alt    func() Element // SpanFloat's column version
	settle bool           // Settle was called here
	// afterHead marks a figure that came after a heading still waiting
	// for its text: it goes after the heading, not above it.
	afterHead bool
}

// lateDraw is an element drawn when its page is done.
type lateDraw struct {
	el     Element
	x, y   float64
	before float64
}

// Page returns the page being filled (nil before the first).
func (f *Flow) Page() *Page { return f.page }

// Clipped counts elements too tall for an empty column that were clipped.
func (f *Flow) Clipped() int { return f.clipped }

// ColumnWidth returns the width of one column for a text block width.
func (f *Flow) ColumnWidth(blockW float64) float64 {
	n := max(f.Columns, 1)
	return max((blockW-f.Gutter*float64(n-1))/float64(n), 1)
}

// ColumnHeight returns the height of the current page's columns area.
func (f *Flow) ColumnHeight() float64 { return f.floor - f.colTop }

func (f *Flow) cols() int { return max(f.Columns, 1) }

func (f *Flow) colX(c int) float64 {
	if f.RTL {
		c = f.cols() - 1 - c
	}
	return f.reg.X + float64(c)*(f.ColumnWidth(f.reg.W)+f.Gutter)
}

func (f *Flow) startPage() {
	f.endPage()
	f.page, f.reg = f.NewPage()
	f.started++
	f.colTop, f.col, f.y, f.gap, f.extra = f.reg.Y, 0, f.reg.Y, 0, 0
	f.floor = f.reg.Y + f.reg.H - f.shorten[f.started]
	f.bottom = f.floor
	f.maxY = f.colTop
	f.empty, f.touched = true, false
	f.resetLog()
	// Page-wide figures that waited go at the top.
	waiting := f.spans
	f.spans = nil
	for i, e := range waiting {
		if i > 0 && !f.roomAtTop(e) {
			f.spans = append(f.spans, waiting[i:]...)
			break
		}
		f.spanTop(e)
	}
}

// roomAtTop reports whether a page-wide element fits at the top of the
// columns and leaves them a third of the text block's height.
func (f *Flow) roomAtTop(e entry) bool {
	before := e.sp.Before
	if f.colTop <= f.reg.Y+eps {
		before = 0
	}
	return f.floor-(f.colTop+before+e.el.Height()+e.sp.After) >= f.reg.H/3-eps
}

// endPage draws what waits for the page to be done and lets it go.
func (f *Flow) endPage() {
	if f.page != nil {
		f.endColumn()
		for _, l := range f.late {
			f.mark(l.el, -1, l.x, l.y, Spacing{})
			l.el.Draw(f.page, l.x, l.y)
		}
	}
	f.late = f.late[:0]
	f.page = nil
}

func (f *Flow) resetLog() {
	f.log = f.log[:0]
	if f.settling {
		f.log = append(f.log, entry{settle: true})
	}
	if f.page != nil {
		f.logOps, f.logMk = len(f.page.Ops), len(f.page.Marks)
	}
}

// mark records a placed element on a traced page.
func (f *Flow) mark(el Element, col int, x, y float64, sp Spacing) {
	if f.page != nil && f.page.Trace {
		f.page.Marks = append(f.page.Marks, Mark{El: el, Col: col, X: x, Y: y, H: el.Height(), Spacing: sp})
	}
}

// Break ends the page: the next element starts a new one. A page with
// nothing on it yet is kept.
func (f *Flow) Break() {
	f.flushHeld()
	f.flushFloats(true)
	if f.page != nil && !f.touched && len(f.late) == 0 {
		return
	}
	f.endPage()
}

// Finish places everything still waiting (held headings, floats).
// Page-wide figures still waiting go below the text of this page, its
// columns balanced, when they fit there, else at the top of another page.
func (f *Flow) Finish() {
	f.flushHeld()
	f.flushFloats(true)
	f.endColumn()
	if len(f.spans) > 0 && f.page != nil {
		f.balance()
		for len(f.spans) > 0 {
			e := f.spans[0]
			h := e.el.Height()
			before := e.sp.Before
			if f.maxY <= f.colTop+eps {
				before = 0
			}
			y := f.maxY + before
			if y+h > f.floor+eps {
				break
			}
			f.late = append(f.late, lateDraw{el: e.el, x: f.reg.X, y: y, before: before})
			f.floor, f.bottom = f.maxY, f.maxY
			f.maxY = y + h + e.sp.After
			f.touched = true
			f.spans = f.spans[1:]
		}
		if len(f.spans) > 0 {
			// No room left under the text: in the columns after all.
			var keep []entry
			for _, e := range f.spans {
				if e.alt == nil {
					keep = append(keep, e)
					continue
				}
				if el := e.alt(); el != nil {
					f.Add(el, Spacing{Before: e.sp.Before, After: e.sp.After, Float: true})
				}
			}
			f.spans = keep
			f.flushFloats(true)
		}
	}
	for len(f.spans) > 0 {
		f.startPage()
		f.touched = true
	}
}

func (f *Flow) ensurePage() {
	if f.page == nil {
		f.startPage()
	}
}

// Span places an element across the whole text block, above the columns.
// It starts a new page unless the columns of the current one are empty.
func (f *Flow) Span(el Element, sp Spacing) {
	f.flushHeld()
	if f.page != nil && (f.col != 0 || !f.empty || len(f.floats) > 0) {
		f.flushFloats(true)
		f.endPage()
	}
	f.spanFrom(el, sp)
}

// spanFrom places el across the text block from the top of the columns,
// going on to new pages as it splits.
func (f *Flow) spanFrom(el Element, sp Spacing) {
	for el != nil {
		f.ensurePage()
		before := sp.Before
		if f.colTop <= f.reg.Y+eps {
			before = 0
		}
		avail := f.floor - f.colTop - before
		head, tail := el.Split(avail)
		if head == nil {
			if f.colTop > f.reg.Y+eps {
				f.startPage()
				continue
			}
			f.clip(el, f.reg.X, f.colTop, f.reg.W, f.floor-f.colTop)
			head, tail = nil, nil
		} else {
			f.mark(head, -1, f.reg.X, f.colTop+before, sp)
			head.Draw(f.page, f.reg.X, f.colTop+before)
			f.colTop += before + head.Height()
		}
		f.touched = true
		el = tail
		if el != nil {
			f.startPage()
		}
	}
	f.colTop = min(f.colTop+sp.After, f.floor)
	f.col, f.y, f.empty, f.gap, f.extra = 0, f.colTop, true, 0, 0
	f.maxY = f.colTop
	f.resetLog()
}

// SpanHere places an element across the whole text block where the text
// has reached (a table too wide for a column): the columns so far are
// balanced, the element goes below them, and the columns start again
// below it. Headings waiting for it go with it.
func (f *Flow) SpanHere(el Element, sp Spacing) {
	if el == nil {
		return
	}
	held := f.held
	f.held = nil
	if len(f.foot) > 0 {
		f.settleHere()
	}
	f.flushFloats(true)
	if f.page != nil && !(f.col == 0 && f.empty) {
		f.balance()
		f.colTop = min(f.maxY+max(sp.Before, f.gap), f.floor)
		f.col, f.y, f.empty, f.gap = 0, f.colTop, true, 0
		f.resetLog()
	}
	if len(held) > 0 {
		items := make([]Element, 0, len(held)+1)
		gaps := make([]float64, 0, len(held))
		for _, h := range held {
			items = append(items, h.el)
			gaps = append(gaps, h.sp.After)
		}
		items = append(items, el)
		first := held[0].sp
		k := &Keep{Items: items, Gaps: gaps}
		if k.Height() <= f.floor-f.colTop || f.colTop <= f.reg.Y+eps {
			if f.page != nil && k.Height() > f.floor-f.colTop-first.Before {
				f.startPage()
			}
			// A heading and a table that fits: together.
			f.spanFrom(k, Spacing{Before: first.Before, After: sp.After})
			return
		}
		// A long table: the headings first, then the table from the next
		// page when not even its start fits here.
		for _, h := range held {
			if f.page != nil && f.floor-f.colTop < h.el.Height()+el.MinHeight()+h.sp.Before {
				f.startPage()
			}
			f.spanFrom(h.el, Spacing{Before: h.sp.Before, After: h.sp.After})
		}
	}
	f.spanFrom(el, sp)
}

// SpanFloat places an element across the whole text block at the top or
// the foot of a page (a wide figure): at the top of this page when its
// columns are still empty, at the foot when the text so far leaves room
// (only while the first column is being filled), else at the top of the
// next page. Text goes on in the columns meanwhile. When the text ends
// before a page the element can go on, alt (when not nil) gives the
// element to set in the column instead, so that it does not take a page
// of its own.
func (f *Flow) SpanFloat(el Element, sp Spacing, alt func() Element) {
	if el == nil {
		return
	}
	// Headings waiting for their text wait on: the figure takes nothing
	// from the column they will go in.
	f.ensurePage()
	e := entry{el: el, sp: sp, alt: alt}
	switch {
	case len(f.spans) > 0:
		f.spans = append(f.spans, e)
	case f.col == 0 && f.empty && len(f.floats) == 0 && f.roomAtTop(e):
		f.spanTop(e)
	case f.spanFoot(e):
	case f.spanTopAgain(e):
	default:
		f.spans = append(f.spans, e)
	}
}

// spanTopAgain puts a page-wide element at the top of this page's
// columns, and sets the column material that was there again below it;
// what no longer fits goes on to the next column and page as usual. It
// reports whether there was room: the columns keep at least a third of
// their height.
func (f *Flow) spanTopAgain(e entry) bool {
	if f.trial || f.page == nil || len(f.late) > 0 || len(f.floats) > 0 {
		return false
	}
	if !f.roomAtTop(e) {
		return false
	}
	log := append([]entry(nil), f.log...)
	f.page.Ops = f.page.Ops[:f.logOps]
	f.page.Marks = f.page.Marks[:f.logMk]
	f.col, f.gap, f.extra, f.empty = 0, 0, 0, true
	f.bottom = f.floor
	f.foot, f.cut = nil, 0
	f.spanTop(e)
	f.empty = true
	f.replay(log)
	return true
}

// spanTop places a page-wide element at the top of the columns.
func (f *Flow) spanTop(e entry) {
	before := e.sp.Before
	if f.colTop <= f.reg.Y+eps {
		before = 0
	}
	h := e.el.Height()
	if f.colTop+before+h > f.floor+eps {
		before = 0
	}
	f.mark(e.el, -1, f.reg.X, f.colTop+before, e.sp)
	e.el.Draw(f.page, f.reg.X, f.colTop+before)
	f.colTop = min(f.colTop+before+h+e.sp.After, f.floor)
	f.y, f.maxY = f.colTop, f.colTop
	f.touched = true
	f.resetLog()
}

// spanFoot places a page-wide element at the foot of the page when the
// columns leave room for it; it reports whether it did.
func (f *Flow) spanFoot(e entry) bool {
	if f.col != 0 || len(f.late) > 0 || len(f.floats) > 0 {
		return false
	}
	h := e.el.Height()
	top := f.floor - h
	newFloor := top - max(e.sp.Before, 0)
	// Leave at least a few lines' room in each column above it.
	if newFloor-f.cut < f.y+eps || newFloor-f.colTop < (f.floor-f.colTop)*0.25 ||
		len(f.foot) > 0 && newFloor-f.cut-f.colTop < 2*f.Grid-eps {
		return false
	}
	f.late = append(f.late, lateDraw{el: e.el, x: f.reg.X, y: top, before: e.sp.Before})
	f.floor, f.bottom = newFloor, newFloor
	f.touched = true
	return true
}

// Add places an element in the columns.
func (f *Flow) Add(el Element, sp Spacing) {
	if el == nil {
		return
	}
	if sp.KeepWithNext || len(f.held) > 0 && el.Height() <= eps {
		// Headings, and what has no height after them, wait for the
		// element they are kept with.
		f.held = append(f.held, entry{el: el, sp: sp})
		return
	}
	if len(f.held) > 0 && sp.Float {
		// A figure after a heading waits for a column of its own: the
		// heading keeps with the text.
		f.ensurePage()
		f.floats = append(f.floats, entry{el: el, sp: sp, float: true, afterHead: true})
		return
	}
	if len(f.held) > 0 {
		f.ensurePage()
		held := f.held
		f.held = nil
		// Move on until a column holds the held elements and the start of
		// el (a new column may begin with floats that were waiting, but
		// not with those that came after the headings).
		f.holding = true
		defer func() { f.holding = false }()
		for tries := 0; ; tries++ {
			need, delta := f.heldNeed(held, el, sp)
			// (an empty column as tall as the text block is as good as any)
			full := f.empty && f.colTop <= f.reg.Y+eps && f.limit() >= f.floor-eps
			if full || f.y+need+delta <= f.limit()+eps || tries > 2*f.cols()+2 {
				f.extra = delta
				break
			}
			f.nextColumn()
			if f.trial && f.failed {
				return
			}
		}
		f.holding = false
		for _, h := range held {
			f.place(h)
		}
	}
	f.place(entry{el: el, sp: sp, float: sp.Float})
}

// heldNeed returns the height that held elements and the start of el take
// from the current position, and how far down the held elements must go
// for el to start on the grid.
func (f *Flow) heldNeed(held []entry, el Element, sp Spacing) (need, delta float64) {
	gap, empty := f.gap, f.empty
	for _, h := range held {
		before := max(h.sp.Before, gap)
		if empty {
			before = 0
		}
		need += before + h.el.Height()
		gap = h.sp.After
		empty = false
	}
	before := max(sp.Before, gap)
	if empty {
		before = 0
	}
	if sp.Grid && f.Grid > 0 {
		y := f.y + need + before
		delta = f.snap(y) - y
	}
	need += before + el.MinHeight()
	return need, delta
}

// snap returns the first grid line at or below y.
func (f *Flow) snap(y float64) float64 {
	if f.Grid <= 0 {
		return y
	}
	k := math.Ceil((y-f.colTop)/f.Grid - 1e-4)
	return f.colTop + k*f.Grid
}

func (f *Flow) flushHeld() {
	held := f.held
	f.held = nil
	for _, h := range held {
		f.place(h)
	}
}

func (f *Flow) place(e entry) {
	if f.trial && f.failed {
		return
	}
	f.ensurePage()
	if e.float {
		if len(f.floats) > 0 {
			f.floats = append(f.floats, e)
			return
		}
		if !f.empty {
			// At the foot of this column, the text going on above it, or
			// else at the top of the next.
			if !f.footRoom(e) {
				f.floats = append(f.floats, e)
				return
			}
			f.log = append(f.log, e)
			f.foot = append(f.foot, e)
			f.cut += e.sp.Before + e.el.Height()
			f.touched = true
			return
		}
		if f.y+e.el.Height() > f.limit()+eps && !f.fullColumn() {
			// Too tall for what is left of the page below a headline: the
			// text starts here, the figure waits for a column it fits.
			f.floats = append(f.floats, e)
			return
		}
	}
	f.log = append(f.log, e)
	f.placeNow(e.el, e.sp)
}

// fullColumn reports whether the current column runs from the top of the
// text block (nothing across the page above it): a figure too tall for
// it fits no column.
func (f *Flow) fullColumn() bool { return f.colTop <= f.reg.Y+eps }

// limit is where the current column's text must end: its bottom, less
// the figures at its foot.
func (f *Flow) limit() float64 { return f.bottom - f.cut }

// footRoom reports whether a figure can go at the foot of the current
// column: below the text so far, with more than a line of text above it
// (a line alone above a figure reads as stranded there).
func (f *Flow) footRoom(e entry) bool {
	top := f.limit() - e.sp.Before - e.el.Height()
	line := f.Grid
	if line <= 0 {
		line = e.sp.Before
	}
	return top >= f.y-eps && top-f.colTop >= 2*line-eps
}

// endColumn draws the figures at the foot of the current column.
func (f *Flow) endColumn() {
	y := f.limit()
	for _, e := range f.foot {
		y += e.sp.Before
		if !f.dry && f.page != nil {
			f.mark(e.el, f.col, f.colX(f.col), y, e.sp)
			e.el.Draw(f.page, f.colX(f.col), y)
		}
		y += e.el.Height()
		f.maxY = max(f.maxY, y)
	}
	f.foot, f.cut = nil, 0
}

// Settle marks the end of the text that figures at the foot of the
// current column stand below: they go directly under it, and what is
// added next (notes, the closing lines) under them.
// Figures still waiting for a column go at the top of the next one, so
// that they too come before the closing lines.
//
// The place is remembered even when nothing waits, so that setting the
// page again (balancing its columns) settles there what waits then.
func (f *Flow) Settle() {
	f.flushHeld()
	f.settleHere()
}

// settleHere records the settle point in the log and settles there.
func (f *Flow) settleHere() {
	if f.page != nil {
		f.log = append(f.log, entry{settle: true})
	}
	f.settle()
}

func (f *Flow) settle() {
	f.settling = true
	defer func() { f.settling = false }()
	foot := f.foot
	f.foot, f.cut = nil, 0
	for _, e := range foot {
		f.placeNow(e.el, e.sp)
	}
	f.flushFloats(true)
}

// replay sets logged column material again. The figures a Settle placed
// (logged after it) go where it put them: straight on, under the text.
func (f *Flow) replay(log []entry) {
	settled := false
	for _, e := range log {
		switch {
		case e.settle:
			f.log = append(f.log, e)
			f.settle()
			settled = true
		case settled && e.float:
			f.log = append(f.log, e)
			f.placeNow(e.el, e.sp)
		default:
			settled = false
			f.Add(e.el, e.sp)
		}
	}
}

// placeNow flows an element from the current position, splitting it over
// columns as needed.
func (f *Flow) placeNow(el Element, sp Spacing) {
	for guard := 0; el != nil; guard++ {
		if f.trial && f.failed {
			return
		}
		f.ensurePage()
		before := max(sp.Before, f.gap)
		if f.empty {
			before = 0
		}
		before += f.extra
		if sp.Grid && f.Grid > 0 {
			before = f.snap(f.y+before) - f.y
		}
		avail := f.limit() - f.y - before
		head, tail := el.Split(avail)
		if head == nil {
			if f.empty && f.trial {
				f.failed = true // a balancing trial too short for it
				return
			}
			if f.empty && (f.colTop <= f.reg.Y+eps || guard > 2*f.cols()+2) {
				// Not even an empty, full column holds it.
				f.extra = 0
				f.clip(el, f.colX(f.col), f.y, f.ColumnWidth(f.reg.W), f.limit()-f.y)
				f.touched = true
				f.nextColumn()
				return
			}
			f.moveOn(el, sp)
			continue
		}
		f.extra = 0
		if !f.dry {
			f.mark(head, f.col, f.colX(f.col), f.y+before, sp)
			head.Draw(f.page, f.colX(f.col), f.y+before)
		}
		f.y += before + head.Height()
		f.maxY = max(f.maxY, f.y)
		f.empty, f.touched = false, true
		f.gap = sp.After
		el = tail
		if el != nil {
			f.moveOn(el, sp)
		}
	}
}

// moveOn goes to the next column with el still to place. On a new page,
// el is the first of the page's column material: it goes in the log, so
// that balancing the page sets it again.
func (f *Flow) moveOn(el Element, sp Spacing) {
	pg := f.page
	f.nextColumn()
	if f.page != pg && f.page != nil {
		f.log = append(f.log, entry{el: el, sp: sp})
	}
}

func (f *Flow) clip(el Element, x, y, w, h float64) {
	f.clipped++
	f.page.Add(Op{Kind: OpClip, X: x, Y: y, W: w, H: h})
	f.mark(el, f.col, x, y, Spacing{})
	el.Draw(f.page, x, y)
	f.page.Add(Op{Kind: OpClipEnd})
}

// nextColumn moves to the top of the next column, or of a new page, and
// places waiting floats there.
func (f *Flow) nextColumn() {
	f.endColumn()
	f.col++
	if f.col >= f.cols() {
		if f.trial {
			f.failed = true
			return
		}
		f.startPage()
	} else {
		f.y = f.colTop
	}
	f.empty, f.gap = true, 0
	f.flushFloats(false)
}

// flushFloats places waiting floats; all of them when all is set, else
// those that fit in the current column.
func (f *Flow) flushFloats(all bool) {
	for len(f.floats) > 0 {
		if f.trial && f.failed {
			return
		}
		e := f.floats[0]
		if f.holding && e.afterHead {
			return
		}
		before := max(e.sp.Before, f.gap)
		if f.empty {
			before = 0
		}
		if f.y+before+e.el.Height() > f.limit()+eps && !(f.empty && f.fullColumn()) {
			if !all {
				return
			}
			// On to the next column, which takes the waiting figures in
			// their order, this one first.
			f.nextColumn()
			continue
		}
		f.floats = f.floats[1:]
		f.log = append(f.log, e)
		f.placeNow(e.el, e.sp)
	}
}

// Balance evens out the columns of the current page, so that the last page
// of an article does not leave one column full and the next empty, and
// moves figures across the foot of the page up under the columns. It
// must be called when nothing is waiting (after Finish).
func (f *Flow) Balance() {
	f.balance()
	if f.page == nil || len(f.late) == 0 {
		return
	}
	y := f.maxY
	for i := range f.late {
		l := &f.late[i]
		if y > f.colTop+eps {
			y += l.before
		}
		if y < l.y {
			l.y = y
		}
		y = l.y + l.el.Height()
	}
}

func (f *Flow) balance() {
	if f.page == nil || f.cols() < 2 || len(f.log) == 0 || len(f.held) > 0 || len(f.floats) > 0 {
		return
	}
	log := append([]entry(nil), f.log...)
	full := f.floor - f.colTop
	total := 0.0
	for _, e := range log {
		if e.el != nil {
			total += e.el.Height()
		}
	}
	lo, hi := total/float64(f.cols()), full
	if lo >= hi {
		return
	}
	ops, marks := f.logOps, f.logMk
	// Trials only measure; the height found is set for real at the end.
	try := func(h float64, dry bool) bool {
		f.page.Ops = f.page.Ops[:ops]
		f.page.Marks = f.page.Marks[:marks]
		f.col, f.y, f.gap, f.extra, f.empty = 0, f.colTop, 0, 0, true
		f.maxY = f.colTop
		f.bottom = f.colTop + h
		f.trial, f.failed, f.dry = true, false, dry
		f.log = f.log[:0]
		f.foot, f.cut = nil, 0
		// Replay as the elements came, so that headings keep with what
		// follows them here too.
		f.replay(log)
		f.flushHeld()
		f.flushFloats(true)
		f.endColumn()
		ok := !f.failed && len(f.floats) == 0
		f.trial, f.dry, f.floats = false, false, nil
		return ok
	}
	best := hi
	found := false
	if f.Grid > 0 {
		// On a grid the columns end on grid lines: try the next few.
		k := math.Ceil((lo - 1e-6) / f.Grid)
		for i := 0.0; i < 4 && (k+i)*f.Grid < hi; i++ {
			if try((k+i)*f.Grid+eps, true) {
				best, found = (k+i)*f.Grid+eps, true
				break
			}
		}
		if !found {
			// (never past the full height of the columns)
			lo = min((k+3)*f.Grid, hi)
		}
	}
	if !found {
		if try(lo, true) {
			best = lo
		} else {
			for range 12 {
				if hi-lo < 0.5 {
					break
				}
				mid := (lo + hi) / 2
				if try(mid, true) {
					hi, best = mid, mid
				} else {
					lo = mid
				}
			}
		}
	}
	if !try(best, false) {
		try(full, false) // cannot happen: the page was set at full height
	}
	f.bottom = f.floor
}

// Room is the height left below the columns of the current page once
// they are balanced: where a new article could start after a rule. It is
// 0 when there is no page, or when figures wait at its foot.
func (f *Flow) Room() float64 {
	if f.page == nil || len(f.late) > 0 || len(f.spans) > 0 || len(f.floats) > 0 || len(f.held) > 0 || len(f.foot) > 0 {
		return 0
	}
	if f.cols() > 1 {
		f.balance()
	}
	return max(f.floor-f.maxY, 0)
}

// NewColumn ends the current column: what is added next starts at the top
// of the next one, or of a new page after the last. An empty column is
// kept.
func (f *Flow) NewColumn() {
	f.flushHeld()
	f.flushFloats(true)
	if f.page == nil || f.empty && len(f.late) == 0 {
		return
	}
	f.nextColumn()
}

// FlowState is a Flow as it was at one moment, to set what follows again
// (Save, Restore).
type FlowState struct {
	f          Flow
	ops, marks int
}

// Save records the Flow's state. Restore returns to it, dropping what the
// current page got since; pages started since are the caller's to drop.
func (f *Flow) Save() *FlowState {
	s := &FlowState{f: *f}
	s.f.floats = append([]entry(nil), f.floats...)
	s.f.foot = append([]entry(nil), f.foot...)
	s.f.held = append([]entry(nil), f.held...)
	s.f.spans = append([]entry(nil), f.spans...)
	s.f.late = append([]lateDraw(nil), f.late...)
	s.f.log = append([]entry(nil), f.log...)
	s.f.shorten = maps.Clone(f.shorten)
	if f.page != nil {
		s.ops, s.marks = len(f.page.Ops), len(f.page.Marks)
	}
	return s
}

// Restore returns the Flow to a saved state.
func (f *Flow) Restore(s *FlowState) {
	*f = s.f
	f.floats = append([]entry(nil), s.f.floats...)
	f.foot = append([]entry(nil), s.f.foot...)
	f.held = append([]entry(nil), s.f.held...)
	f.spans = append([]entry(nil), s.f.spans...)
	f.late = append([]lateDraw(nil), s.f.late...)
	f.log = append([]entry(nil), s.f.log...)
	f.shorten = maps.Clone(s.f.shorten)
	if f.page != nil {
		f.page.Ops = f.page.Ops[:s.ops]
		f.page.Marks = f.page.Marks[:s.marks]
	}
}

// ShortenPage makes the columns of a page by lines shorter: the current
// page when k is 0, else the k-th page started from now. A page a line or
// two short carries lines over to the next, so that an article does not
// end on a page holding only a few of its lines.
func (f *Flow) ShortenPage(k int, by float64) {
	if k == 0 {
		if f.page != nil {
			f.floor = max(f.floor-by, f.colTop)
			f.bottom = min(f.bottom, f.floor)
		}
		return
	}
	if f.shorten == nil {
		f.shorten = map[int]float64{}
	}
	f.shorten[f.started+k] += by
}
