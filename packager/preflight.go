package packager

import (
	"context"
	"io/fs"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf"
	"github.com/offprint/offprint/packager/model"
)

// Preflight lays a presented edition out for print, writing nothing, and
// returns what a printer's preflight would report: text or pictures in
// the bleed, fonts that cannot be embedded, colour pictures in a layout
// that prints in grey, and an edition that does not fit the pages the
// layout's fit asks for. A PDF build reports the same, by the same
// checks. Check presents the edition; call Preflight after it.
func Preflight(ctx context.Context, fsys fs.FS, ed *model.Edition, lay *layouts.Layout) ([]model.Diagnostic, error) {
	return pdf.New(pdf.Options{Layout: lay, FS: fsys}).Preflight(ctx, ed)
}
