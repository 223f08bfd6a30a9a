package pdf

// sheetSide is one side of a printed sheet: the reading-order pages
// (1-based; 0 for none) on its left and right halves.
type sheetSide struct{ left, right int }

// saddleOrder returns the sides of the sheets for saddle-stitching n pages
// (n a multiple of four): sheet 1's front holds the last page and page 1,
// its back page 2 and the second-to-last, and so on inwards.
func saddleOrder(n int) []sheetSide {
	if n <= 0 || n%4 != 0 {
		return nil
	}
	sides := make([]sheetSide, 0, n/2)
	for s := 0; s < n/4; s++ {
		sides = append(sides,
			sheetSide{left: n - 2*s, right: 1 + 2*s},
			sheetSide{left: 2 + 2*s, right: n - 1 - 2*s})
	}
	return sides
}

// twoUpOrder returns the sides of the sheets for printing n pages two to a
// side in reading order, to be cut apart: side 1 holds pages 1 and 2, side
// 2 pages 3 and 4, and so on; n is padded to whole sides.
func twoUpOrder(n int) []sheetSide {
	if n <= 0 {
		return nil
	}
	sides := make([]sheetSide, 0, (n+1)/2)
	for p := 1; p <= n; p += 2 {
		sides = append(sides, sheetSide{left: p, right: p + 1})
	}
	return sides
}

// imposed reports whether a layout prints its pages two to a sheet side.
func imposed(imposition string) bool {
	return imposition == "saddle" || imposition == "2up"
}

// sheetOrder returns the sides of the sheets for n pages under an
// imposition, nil when pages are not imposed.
func sheetOrder(imposition string, n int) []sheetSide {
	switch imposition {
	case "saddle":
		return saddleOrder(n)
	case "2up":
		return twoUpOrder(n)
	}
	return nil
}

// cutMarks draws the marks a guillotine is set by for two pages of w × h
// placed side by side at (x, y) on a sheet of sw × sh: at each outer
// corner and at both ends of the cut between them, outside the pages
// where the sheet leaves room. When the pages fill the sheet (A5 on A4)
// only the cut between them needs a mark: it is drawn from the sheet's
// edges into the pages' blank margin, no longer than inset.
func (d *drawer) cutMarks(x, y, w, h, sw, sh, inset float64) {
	const gap, long = 3.0, 12.0
	d.setStroke(black, 0.25)
	if d.tags != nil {
		d.pdf.RawWriteStr(d.tags.mark(nil))
		defer d.endMark()
	}
	if room := min(y, sh-y-h); room >= gap+2 {
		l := min(long, room-gap)
		for _, cx := range []float64{x, x + w, x + 2*w} {
			d.pdf.Line(cx, y-gap, cx, y-gap-l)
			d.pdf.Line(cx, y+h+gap, cx, y+h+gap+l)
		}
	} else if l := min(long, inset*0.6); l > 1 {
		d.pdf.Line(x+w, 0, x+w, l)
		d.pdf.Line(x+w, sh, x+w, sh-l)
	}
	if room := min(x, sw-x-2*w); room >= gap+2 {
		l := min(long, room-gap)
		for _, cy := range []float64{y, y + h} {
			d.pdf.Line(x-gap, cy, x-gap-l, cy)
			d.pdf.Line(x+2*w+gap, cy, x+2*w+gap+l, cy)
		}
	}
}
