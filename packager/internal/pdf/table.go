package pdf

import (
	"fmt"

	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// Table type sizes, relative to the body: the usual one, and the floor
// below which a table is not shrunk.
const (
	tableScale = 0.9
	tableFloor = 0.6
	// tableMaxParts is the most pieces a table's columns are split into.
	tableMaxParts = 12
)

// tableScales are the type sizes a table is tried in.
var tableScales = []float64{tableScale, 0.8, 0.7, tableFloor}

// cellMeasure gives the narrowest and widest a cell's text can be set: its
// longest unbreakable run, and its longest line unbroken.
func cellMeasure(b *typeset.Builder) (minW, maxW float64) {
	var run, line float64
	for _, it := range b.Items {
		switch it.Kind {
		case typeset.Box:
			run += it.Width
			line += it.Width
			minW = max(minW, run)
		case typeset.Glue:
			run = 0
			if it.Stretch < 1e300 {
				line += it.Width
			}
		case typeset.Penalty:
			if it.Penalty < typeset.Inf {
				run = 0
			}
			if it.Penalty <= -typeset.Inf {
				maxW = max(maxW, line)
				line = 0
			}
		}
	}
	return minW, max(maxW, line)
}

// table sets a table: column widths from its content, a bold header row
// repeated on every piece, rules, wrapping cells. A table too wide for
// its measure is tried, in turn, in smaller type down to a floor (where
// there are several columns, across all of them), and split by columns
// into pieces that each repeat the first column. A table that cannot be
// set even so is left out with a warning.
func (c *composer) table(t *model.Table, bc blockCtx) {
	sp := typeset.Spacing{Before: c.lead * 0.6 * bc.scale, After: c.lead * 0.6 * bc.scale}
	ncols := tableCols(t)
	if ncols == 0 {
		return
	}
	all := make([]int, ncols)
	for i := range all {
		all[i] = i
	}
	span := c.l.Columns > 1 && bc.left == 0 && bc.quote == 0 && bc.list == 0 && bc.scale == 1
	// In a column, smaller type only where there are no columns to span:
	// a table across the page in the usual type reads better than one
	// squeezed into a column.
	scales := tableScales
	if span {
		scales = scales[:1]
	}
	if st := c.tableStack(t, bc, bc.measure(), bc.left, all, scales, false); st != nil {
		if c.tableTooTall(t, st) {
			return
		}
		c.flow.Add(st, sp)
		return
	}
	avail, x0 := bc.measure(), bc.left
	if span {
		avail, x0 = c.blockWidth(), 0
		if st := c.tableStack(t, bc, avail, x0, all, tableScales, false); st != nil {
			if c.tableTooTall(t, st) {
				return
			}
			c.flow.SpanHere(st, sp)
			return
		}
	}
	parts := c.tableParts(t, bc, avail)
	if parts == nil {
		c.tableWarn(t, fmt.Sprintf("a table of %d columns is too wide for the PDF page even in small type and split by columns; it is left out of the PDF", ncols),
			"split the table into narrower ones")
		return
	}
	stacks := make([]*typeset.Stack, len(parts))
	for i, cols := range parts {
		stacks[i] = c.tableStack(t, bc, avail, x0, cols, tableScales[len(tableScales)-1:], true)
		if c.tableTooTall(t, stacks[i]) {
			return
		}
	}
	for _, st := range stacks {
		if span {
			c.flow.SpanHere(st, sp)
		} else {
			c.flow.Add(st, sp)
		}
	}
}

// tableWarn warns that a table is left out of the PDF.
func (c *composer) tableWarn(t *model.Table, msg, hint string) {
	file := ""
	if c.art != nil {
		file = c.art.File
	}
	c.warn(model.Warnf("wide-table", file, t.Line, "%s", msg).WithHint(hint))
}

// tableTooTall reports, with a warning, a table with a row taller than a
// column, which could only be cut off.
func (c *composer) tableTooTall(t *model.Table, st *typeset.Stack) bool {
	head := 0.0
	for _, h := range st.Header {
		head += h.Height()
	}
	for _, r := range st.Rows {
		if head+r.Height() > c.colHeight() {
			c.tableWarn(t, "a row of a table is taller than a PDF page (a cell holds too long a text for its column); the table is left out of the PDF",
				"shorten the cell or set its text outside the table")
			return true
		}
	}
	return false
}

func tableCols(t *model.Table) int {
	n := max(len(t.Align), len(t.Header))
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	return n
}

func tableRows(t *model.Table) [][]model.Cell {
	rows := make([][]model.Cell, 0, len(t.Rows)+1)
	if t.Header != nil {
		rows = append(rows, t.Header)
	}
	return append(rows, t.Rows...)
}

type tableCell struct {
	b          *typeset.Builder
	ts         textStyle
	minW, maxW float64
}

// tableCells sets the cells of columns cols at a type scale, and gives
// the narrowest and widest each column can be (padding included).
func (c *composer) tableCells(t *model.Table, bc blockCtx, cols []int, scale, pad float64) (cells [][]tableCell, colMin, colMax []float64, size float64) {
	rows := tableRows(t)
	size = c.size * scale * bc.scale
	cells = make([][]tableCell, len(rows))
	colMin = make([]float64, len(cols))
	colMax = make([]float64, len(cols))
	for ri, r := range rows {
		cells[ri] = make([]tableCell, len(cols))
		for k, ci := range cols {
			ts := textStyle{fam: c.fonts.body, size: size, lead: size * 1.25, color: ink, align: typeset.AlignLeft, hyph: true}
			if t.Header != nil && ri == 0 {
				ts.fam, ts.bold = c.fonts.heading, true
			}
			if ci < len(t.Align) {
				switch t.Align[ci] {
				case model.AlignCenter:
					ts.align = typeset.AlignCenter
				case model.AlignRight:
					ts.align = typeset.AlignRight
				}
			}
			b := c.builder(ts)
			if ci < len(r) {
				c.spans(b, ts, r[ci].Spans)
			}
			mn, mx := cellMeasure(b)
			cells[ri][k] = tableCell{b: b, ts: ts, minW: mn, maxW: mx}
			colMin[k] = max(colMin[k], mn+2*pad)
			colMax[k] = max(colMax[k], mx+2*pad)
		}
	}
	for k := range cols {
		colMax[k] = max(colMax[k], 2*pad+size)
		colMin[k] = min(max(colMin[k], 2*pad+size), colMax[k])
	}
	return cells, colMin, colMax, size
}

// tablePad is the padding either side of a cell's text.
func (c *composer) tablePad(avail float64, ncols int) float64 {
	return min(c.size*0.35, avail/float64(ncols)/6)
}

// tableParts splits a table's columns into pieces that fit avail at the
// floor type size, each starting with the first column; nil when that
// takes more than tableMaxParts pieces or leaves no room.
func (c *composer) tableParts(t *model.Table, bc blockCtx, avail float64) [][]int {
	ncols := tableCols(t)
	all := make([]int, ncols)
	for i := range all {
		all[i] = i
	}
	pad := c.size * 0.35 // the most tableStack pads a cell with
	_, colMin, _, size := c.tableCells(t, bc, all, tableFloor, pad)
	if ncols == 1 {
		// one column: its long words break
		return [][]int{{0}}
	}
	first := min(colMin[0], avail/3)
	room := avail - first
	if room < 4*size+2*pad {
		return nil
	}
	var parts [][]int
	cur, used := []int{0}, 0.0
	for ci := 1; ci < ncols; ci++ {
		w := min(colMin[ci], room/2) // a column of long words breaks them
		if len(cur) > 1 && used+w > room {
			parts = append(parts, cur)
			cur, used = []int{0}, 0
		}
		cur = append(cur, ci)
		used += w
	}
	parts = append(parts, cur)
	if len(parts) > tableMaxParts {
		return nil
	}
	return parts
}

// tableStack lays out the columns cols of a table avail wide, x0 from the
// left of the frame, in the usual type or smaller down to the floor; nil
// when they do not fit, unless force is set: then they share the width by
// need at the floor size, and long words break.
func (c *composer) tableStack(t *model.Table, bc blockCtx, avail, x0 float64, cols []int, scales []float64, force bool) *typeset.Stack {
	ncols := len(cols)
	pad := c.tablePad(avail, ncols)
	var cells [][]tableCell
	var widths []float64
	var size float64
	for _, scale := range scales {
		var colMin, colMax []float64
		cells, colMin, colMax, size = c.tableCells(t, bc, cols, scale, pad)
		sumMin, sumMax := 0.0, 0.0
		for i := range ncols {
			sumMin += colMin[i]
			sumMax += colMax[i]
		}
		widths = make([]float64, ncols)
		switch {
		case sumMax <= avail:
			copy(widths, colMax)
		case sumMin <= avail:
			extra := avail - sumMin
			for i := range ncols {
				widths[i] = colMin[i]
				if sumMax > sumMin {
					widths[i] += extra * (colMax[i] - colMin[i]) / (sumMax - sumMin)
				}
			}
		default:
			if scale != scales[len(scales)-1] {
				continue
			}
			if !force {
				return nil
			}
			// Columns narrower than a fair share get what they need;
			// the others share the rest, and their long words break.
			left, wide := avail, make([]bool, ncols)
			for i := range wide {
				wide[i] = true
			}
			for n := ncols; n > 0; {
				share, moved := left/float64(n), false
				for i := range ncols {
					if wide[i] && colMin[i] <= share {
						widths[i], wide[i], left, moved = colMin[i], false, left-colMin[i], true
						n--
					}
				}
				if !moved {
					for i := range ncols {
						if wide[i] {
							widths[i] = share
						}
					}
					break
				}
			}
		}
		break
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	rows := tableRows(t)
	vpad := size * 0.3
	tableTag := &typeset.Tag{Role: "Table", Parent: bc.tag}
	mkRow := func(ri int) typeset.Element {
		blocks := make([]*typeset.TextBlock, ncols)
		rowTag := &typeset.Tag{Role: "TR", Parent: tableTag}
		h := 0.0
		overfull := false
		for ci := range ncols {
			cl := cells[ri][ci]
			mw := max(widths[ci]-2*pad, 1)
			tb := c.finish(cl.b, cl.ts, mw)
			tb.Tag = &typeset.Tag{Role: "TD", Parent: rowTag}
			if t.Header != nil && ri == 0 {
				tb.Tag.Role = "TH"
			}
			blocks[ci] = tb
			h = max(h, tb.Height())
			overfull = overfull || tb.Overfull()
		}
		h += 2 * vpad
		header := t.Header != nil && ri == 0
		last := ri == len(rows)-1
		return &typeset.Fixed{H: h, Fn: func(p *typeset.Page, x, y float64) {
			cx := x + x0
			for ci, tb := range blocks {
				if overfull {
					// keep each cell's text inside its cell
					p.Add(typeset.Op{Kind: typeset.OpClip, X: cx, Y: y, W: widths[ci], H: h})
				}
				tb.Draw(p, cx+pad, y+vpad)
				if overfull {
					p.Add(typeset.Op{Kind: typeset.OpClipEnd})
				}
				cx += widths[ci]
			}
			switch {
			case header:
				p.Line(x+x0, y+h, x+x0+total, y+h, 0.6, ink)
			case !last:
				p.Line(x+x0, y+h, x+x0+total, y+h, 0.25, rule)
			}
		}}
	}
	st := &typeset.Stack{Frame: func(p *typeset.Page, x, top, bottom float64) {
		p.Line(x+x0, top, x+x0+total, top, 0.8, ink)
		p.Line(x+x0, bottom, x+x0+total, bottom, 0.8, ink)
	}}
	for ri := range rows {
		if t.Header != nil && ri == 0 {
			st.Header = append(st.Header, mkRow(ri))
			continue
		}
		st.Rows = append(st.Rows, mkRow(ri))
	}
	return st
}
