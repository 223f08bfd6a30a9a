package pdf

import (
	"context"
	"errors"
	"io"
	"io/fs"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// Options configure the PDF renderer.
type Options struct {
	Layout *layouts.Layout
	// FS is the edition folder: pictures are read from it.
	FS fs.FS
	// Warn receives problems found while rendering; safe for concurrent use.
	Warn func(model.Diagnostic)
}

// Renderer writes PDF files.
type Renderer struct {
	opts Options
}

// New returns an PDF renderer.
func New(opts Options) *Renderer { return &Renderer{opts: opts} }

// Format returns "pdf".
func (r *Renderer) Format() string { return "pdf" }

// Render writes the edition as <slug>.pdf.
func (r *Renderer) Render(ctx context.Context, ed *model.Edition, open func(suffix string) (io.Writer, error)) error {
	return errors.New("not implemented")
}
