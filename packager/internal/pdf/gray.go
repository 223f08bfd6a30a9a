package pdf

import (
	"github.com/offprint/offprint/packager/internal/media"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
)

// tone is the colour a drawer paints with for c: c itself, or, for a
// layout that prints in grey (color: gray), pure black for text and c's
// luminance as a grey for rules, fills and drawings, so that fpdf writes
// every colour with the grey operators (g, G) and none as RGB.
func (d *drawer) tone(c typeset.Color, text bool) typeset.Color {
	if !d.gray {
		return c
	}
	if text {
		return black
	}
	return grayOf(c)
}

// grayOf is the grey of c's luminance (Rec. 601 weights).
func grayOf(c typeset.Color) typeset.Color {
	r, g, b := c.RGB()
	y := (299*r + 587*g + 114*b + 500) / 1000
	return typeset.Color(y<<16 | y<<8 | y)
}

// needsGray reports whether a picture with this header must be converted
// for a grey layout: every raster picture but a grey JPEG.
func needsGray(d media.Detail) bool {
	return d.Format != "svg" && !(d.Format == "jpeg" && d.Components == 1)
}

// grayPicture converts a picture's bytes to grey, once, and prepares the
// result for the PDF; colour says whether it had any.
func grayPicture(data []byte, d media.Detail) (p *picture, colour bool, err error) {
	g, gd, colour, err := media.Gray(data, d)
	if err != nil {
		return nil, false, err
	}
	p, err = preparePicture(g, gd)
	return p, colour, err
}
