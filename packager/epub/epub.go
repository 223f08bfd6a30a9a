package epub

import (
	"context"
	"errors"
	"io"
	"io/fs"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// Options configure the EPUB renderer.
type Options struct {
	Layout *layouts.Layout
	// FS is the edition folder: pictures are read from it.
	FS fs.FS
	// Warn receives problems found while rendering; safe for concurrent use.
	Warn func(model.Diagnostic)
}

// Renderer writes EPUB 3 books.
type Renderer struct {
	opts Options
}

// New returns an EPUB renderer.
func New(opts Options) *Renderer { return &Renderer{opts: opts} }

// Format returns "epub".
func (r *Renderer) Format() string { return "epub" }

// Render writes the edition as <slug>.epub.
func (r *Renderer) Render(ctx context.Context, ed *model.Edition, open func(suffix string) (io.Writer, error)) error {
	return errors.New("not implemented")
}
