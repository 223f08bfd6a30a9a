package mediatest

import (
	"io/fs"

	"github.com/offprint/offprint/packager/internal/media"
	"github.com/offprint/offprint/packager/model"
)

// ReadHeaders reads the header of every picture ed shows, as the
// edition's normalizing does before a render, and puts what it says on
// the model; a picture whose header cannot be read keeps its path but
// loses its format, so that the render reports it.
func ReadHeaders(ed *model.Edition, fsys fs.FS) {
	if ed == nil || fsys == nil {
		return
	}
	for _, im := range ed.Images() {
		readHeader(im, fsys)
	}
}

func readHeader(im *model.Image, fsys fs.FS) {
	if im.Path == "" {
		return
	}
	f, err := fsys.Open(im.Path)
	if err != nil {
		return
	}
	defer f.Close()
	d, err := media.ProbeDetail(f, 0)
	if err != nil {
		im.Format = ""
		return
	}
	im.Format, im.Width, im.Height = d.Format, d.Width, d.Height
	im.Orientation, im.Components, im.Plain = d.Orientation, d.Components, d.Plain
}
