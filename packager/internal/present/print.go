package present

import (
	"fmt"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// LowResolution is the warning for a raster picture of article file that
// is placed placed points wide in a frame (the column or measure it sits
// in) frame points wide, and would print below the layout's minimum
// resolution there; nil when it prints well enough (or is a vector
// drawing, or the layout sets no minimum). The hint names the pixels that
// fill the frame at the minimum. offprint check asks it with the width a
// figure takes in a column; the PDF with the width it was given on the
// page.
func LowResolution(lay *layouts.Layout, file string, f *model.Figure, placed, frame float64) *model.Diagnostic {
	im := f.Image
	if lay == nil || im == nil || im.Path == "" || im.Format == "svg" || lay.Images.MinPPI <= 0 || placed <= 0 {
		return nil
	}
	ppi := layouts.PlacedPPI(im.Width, placed)
	if ppi >= float64(lay.Images.MinPPI) {
		return nil
	}
	d := model.Warnf("low-resolution", file, f.Line, "picture %s prints at %.0f ppi at its placed size (%s wide), under %d ppi",
		im.Path, ppi, layouts.Length(placed), lay.Images.MinPPI).
		WithHint(fmt.Sprintf("use a picture at least %d pixels wide", lay.PixelsFor(max(frame, placed))))
	return &d
}
