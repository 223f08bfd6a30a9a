package typeset

// Rect is a rectangle on a page: top-left corner, width and height.
type Rect struct{ X, Y, W, H float64 }

// Spacing is how an element sits among its neighbours.
type Spacing struct {
	// Before and After are the space above and below; adjacent spaces
	// collapse to the larger, and space is dropped at the top of a column.
	Before, After float64
	// KeepWithNext keeps the element in the same column as the start of
	// the next one (headings).
	KeepWithNext bool
	// Float lets the element move to the top of the next column when it
	// does not fit, while the text after it fills the space (figures).
	Float bool
}

// Flow paginates elements into the columns of pages. It never draws past
// the bottom of a column: elements are split, moved on, or, when even an
// empty column cannot hold them, clipped to the column.
type Flow struct {
	// Columns and Gutter divide each page's text block.
	Columns int
	Gutter  float64
	// NewPage starts a page and returns its display list and text block.
	NewPage func() (*Page, Rect)

	page    *Page
	reg     Rect
	colTop  float64 // where columns start (below spanning material)
	col     int
	y       float64 // current position in the column
	gap     float64 // space owed after the last element
	empty   bool    // nothing placed in the current column yet
	touched bool    // anything placed on the page
	bottom  float64 // bottom of columns (the text block's, or a balancing limit)
	trial   bool    // balancing: never start a page
	failed  bool    // a trial overflowed

	floats []entry // waiting for the next column
	held   []entry // waiting for the element they keep with

	log     []entry // column material since the page (or the columns) began
	logOps  int     // len(page.Ops) when the log began
	clipped int
}

type entry struct {
	el    Element
	sp    Spacing
	float bool
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
func (f *Flow) ColumnHeight() float64 { return f.reg.Y + f.reg.H - f.colTop }

func (f *Flow) cols() int { return max(f.Columns, 1) }

func (f *Flow) colX(c int) float64 {
	return f.reg.X + float64(c)*(f.ColumnWidth(f.reg.W)+f.Gutter)
}

func (f *Flow) startPage() {
	f.page, f.reg = f.NewPage()
	f.colTop, f.col, f.y, f.gap = f.reg.Y, 0, f.reg.Y, 0
	f.bottom = f.reg.Y + f.reg.H
	f.empty, f.touched = true, false
	f.log, f.logOps = f.log[:0], len(f.page.Ops)
}

// Break ends the page: the next element starts a new one. A page with
// nothing on it yet is kept.
func (f *Flow) Break() {
	f.flushHeld()
	f.flushFloats(true)
	if f.page != nil && !f.touched {
		return
	}
	f.page = nil
}

// Finish places everything still waiting (held headings, floats).
func (f *Flow) Finish() {
	f.flushHeld()
	f.flushFloats(true)
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
		f.page = nil
	}
	for el != nil {
		f.ensurePage()
		before := sp.Before
		if f.colTop <= f.reg.Y+eps {
			before = 0
		}
		avail := f.reg.Y + f.reg.H - f.colTop - before
		head, tail := el.Split(avail)
		if head == nil {
			if f.colTop > f.reg.Y+eps {
				f.page = nil
				continue
			}
			f.clip(el, f.reg.X, f.colTop, f.reg.W, f.reg.H)
			head, tail = nil, nil
		} else {
			head.Draw(f.page, f.reg.X, f.colTop+before)
			f.colTop += before + head.Height()
		}
		f.touched = true
		el = tail
		if el != nil {
			f.page = nil
		}
	}
	f.colTop += sp.After
	f.y, f.empty, f.gap = f.colTop, true, 0
	f.log, f.logOps = f.log[:0], len(f.page.Ops)
}

// Add places an element in the columns.
func (f *Flow) Add(el Element, sp Spacing) {
	if el == nil {
		return
	}
	if sp.KeepWithNext {
		f.held = append(f.held, entry{el: el, sp: sp})
		return
	}
	if len(f.held) > 0 {
		f.ensurePage()
		need := 0.0
		for i, h := range f.held {
			if i > 0 || !f.empty {
				need += max(h.sp.Before, f.gap)
			}
			need += h.el.Height() + h.sp.After
		}
		need += sp.Before + el.MinHeight()
		if !f.empty && f.y+need > f.bottom+eps {
			f.nextColumn()
		}
		held := f.held
		f.held = nil
		for _, h := range held {
			f.place(h)
		}
	}
	f.place(entry{el: el, sp: sp, float: sp.Float})
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
		before := max(e.sp.Before, f.gap)
		if f.empty {
			before = 0
		}
		if !f.empty && f.y+before+e.el.Height() > f.bottom+eps {
			f.floats = append(f.floats, e)
			return
		}
	}
	f.log = append(f.log, e)
	f.placeNow(e.el, e.sp)
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
		avail := f.bottom - f.y - before
		head, tail := el.Split(avail)
		if head == nil {
			if f.empty && f.trial {
				f.failed = true // a balancing trial too short for it
				return
			}
			if f.empty && (f.colTop <= f.reg.Y+eps || guard > 2*f.cols()+2) {
				// Not even an empty, full column holds it.
				f.clip(el, f.colX(f.col), f.y, f.ColumnWidth(f.reg.W), f.bottom-f.y)
				f.touched = true
				f.nextColumn()
				return
			}
			f.nextColumn()
			continue
		}
		head.Draw(f.page, f.colX(f.col), f.y+before)
		f.y += before + head.Height()
		f.empty, f.touched = false, true
		f.gap = sp.After
		el = tail
		if el != nil {
			f.nextColumn()
		}
	}
}

func (f *Flow) clip(el Element, x, y, w, h float64) {
	f.clipped++
	f.page.Add(Op{Kind: OpClip, X: x, Y: y, W: w, H: h})
	el.Draw(f.page, x, y)
	f.page.Add(Op{Kind: OpClipEnd})
}

// nextColumn moves to the top of the next column, or of a new page, and
// places waiting floats there.
func (f *Flow) nextColumn() {
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
		before := max(e.sp.Before, f.gap)
		if f.empty {
			before = 0
		}
		if !all && !f.empty && f.y+before+e.el.Height() > f.bottom+eps {
			return
		}
		f.floats = f.floats[1:]
		f.log = append(f.log, e)
		f.placeNow(e.el, e.sp)
	}
}

// Balance evens out the columns of the current page, so that the last page
// of an article does not leave one column full and the next empty. It
// must be called when nothing is waiting (after Finish).
func (f *Flow) Balance() {
	if f.page == nil || f.cols() < 2 || len(f.log) == 0 || len(f.held) > 0 || len(f.floats) > 0 {
		return
	}
	log := append([]entry(nil), f.log...)
	full := f.reg.Y + f.reg.H - f.colTop
	total := 0.0
	for _, e := range log {
		total += e.el.Height()
	}
	lo, hi := total/float64(f.cols()), full
	if lo >= hi {
		return
	}
	ops := f.logOps
	try := func(h float64) bool {
		f.page.Ops = f.page.Ops[:ops]
		f.col, f.y, f.gap, f.empty = 0, f.colTop, 0, true
		f.bottom = f.colTop + h
		f.trial, f.failed = true, false
		f.log = f.log[:0]
		for _, e := range log {
			f.place(e)
		}
		f.flushFloats(true)
		ok := !f.failed && len(f.floats) == 0
		f.trial, f.floats = false, nil
		return ok
	}
	best := hi
	if try(lo) {
		best = lo
	} else {
		for range 12 {
			if hi-lo < 0.5 {
				break
			}
			mid := (lo + hi) / 2
			if try(mid) {
				hi, best = mid, mid
			} else {
				lo = mid
			}
		}
	}
	if !try(best) {
		try(full) // cannot happen: the page was set at full height
	}
	f.bottom = f.reg.Y + f.reg.H
}
