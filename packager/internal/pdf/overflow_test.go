package pdf

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// TestNothingOverflows lays out editions and checks that every piece of
// text and every picture on a body page stays inside the page's text block
// (outside clipped regions, which must themselves be inside it).
func TestNothingOverflows(t *testing.T) {
	ed1, fs1 := fixture()
	ed2, fs2 := oddEdition()
	for _, name := range layouts.Builtins() {
		for k, ed := range []*model.Edition{ed1, ed2} {
			fsys := []fs.FS{fs1, fs2}[k]
			l, err := layouts.Load(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			fonts, err := loadFonts(l, nil)
			if err != nil {
				t.Fatal(err)
			}
			present.Edition(ed)
			c := newComposer(context.Background(), l, ed, fonts, newPictures(fsys, 0), func(model.Diagnostic) {})
			if err := c.compose(); err != nil {
				t.Fatal(err)
			}
			for i, pi := range c.pages {
				if pi.kind == kindCover {
					continue
				}
				r := c.textRect(i + 1)
				in := func(x0, y0, x1, y1 float64) bool {
					const e = 0.05
					return x0 >= r.X-e && x1 <= r.X+r.W+e && y0 >= r.Y-e && y1 <= r.Y+r.H+e
				}
				clip := 0
				for _, op := range pi.page.Ops {
					switch op.Kind {
					case typeset.OpClip:
						if !in(op.X, op.Y, op.X+op.W, op.Y+op.H) {
							t.Errorf("%s page %d: clip %v outside the text block %v", name, i+1, op, r)
						}
						clip++
					case typeset.OpClipEnd:
						clip--
					case typeset.OpText:
						if clip > 0 {
							continue
						}
						// A word's closing space glyph (there for text
						// extraction) has no ink.
						w := op.Face.Width(strings.TrimRight(op.Text, " "), op.Size)
						if !in(op.X, op.Y-op.Size*0.7, op.X+w, op.Y) {
							t.Errorf("%s page %d: %q at (%.1f, %.1f)–%.1f is outside the text block %+v", name, i+1, op.Text, op.X, op.Y, op.X+w, r)
						}
					case typeset.OpImage, typeset.OpRect:
						if clip == 0 && !in(op.X, op.Y, op.X+op.W, op.Y+op.H) {
							t.Errorf("%s page %d: box %.1f,%.1f %.1f×%.1f outside the text block %+v", name, i+1, op.X, op.Y, op.W, op.H, r)
						}
					}
				}
			}
		}
	}
}
