package pdf

import (
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

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
// repeated on every piece, rules, wrapping cells. A table too wide for a
// column goes across the page when there are columns to span; one too
// wide for that too is set in smaller type.
func (c *composer) table(t *model.Table, bc blockCtx) {
	st, shrunk := c.tableStack(t, bc, bc.measure(), bc.left)
	if st == nil {
		return
	}
	sp := typeset.Spacing{Before: c.lead * 0.6 * bc.scale, After: c.lead * 0.6 * bc.scale}
	if shrunk && c.l.Columns > 1 && bc.left == 0 && bc.quote == 0 && bc.list == 0 && bc.scale == 1 {
		if wide, _ := c.tableStack(t, bc, c.blockWidth(), 0); wide != nil {
			c.flow.SpanHere(wide, sp)
			return
		}
	}
	c.flow.Add(st, sp)
}

// tableStack lays out a table avail wide, x0 from the left of the frame;
// shrunk reports whether its type had to be made smaller than usual to
// fit.
func (c *composer) tableStack(t *model.Table, bc blockCtx, avail, x0 float64) (*typeset.Stack, bool) {
	ncols := len(t.Align)
	ncols = max(ncols, len(t.Header))
	for _, r := range t.Rows {
		ncols = max(ncols, len(r))
	}
	if ncols == 0 {
		return nil, false
	}
	pad := min(c.size*0.35, avail/float64(ncols)/6)
	type cell struct {
		b          *typeset.Builder
		ts         textStyle
		minW, maxW float64
	}
	rows := make([][]model.Cell, 0, len(t.Rows)+1)
	if t.Header != nil {
		rows = append(rows, t.Header)
	}
	rows = append(rows, t.Rows...)
	var cells [][]cell
	var widths []float64
	var size float64
	shrunk := false
	for _, scale := range []float64{0.9, 0.8, 0.7, 0.6} {
		shrunk = scale < 0.9
		size = c.size * scale * bc.scale
		cells = make([][]cell, len(rows))
		colMin := make([]float64, ncols)
		colMax := make([]float64, ncols)
		for ri, r := range rows {
			cells[ri] = make([]cell, ncols)
			for ci := range ncols {
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
				cells[ri][ci] = cell{b: b, ts: ts, minW: mn, maxW: mx}
				colMin[ci] = max(colMin[ci], mn+2*pad)
				colMax[ci] = max(colMax[ci], mx+2*pad)
			}
		}
		sumMin, sumMax := 0.0, 0.0
		for i := range ncols {
			colMax[i] = max(colMax[i], 2*pad+size)
			colMin[i] = min(max(colMin[i], 2*pad+size), colMax[i])
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
			if scale > 0.6 {
				continue
			}
			// Still too wide: share the width by need; long words break.
			shrunk = true
			for i := range ncols {
				widths[i] = avail * colMin[i] / sumMin
			}
		}
		break
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	vpad := size * 0.3
	mkRow := func(ri int) typeset.Element {
		blocks := make([]*typeset.TextBlock, ncols)
		h := 0.0
		overfull := false
		for ci := range ncols {
			cl := cells[ri][ci]
			mw := max(widths[ci]-2*pad, 1)
			tb := c.finish(cl.b, cl.ts, mw)
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
					// Too many columns for the measure: keep each cell's
					// text inside its cell.
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
	return st, shrunk
}
