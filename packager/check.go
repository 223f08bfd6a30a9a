package packager

import (
	"strings"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// Check looks over a normalized edition for what an editor should fix
// before printing, beyond what stops a build: pictures without alt text,
// captions without credits, pictures that need a real description
// (and an accessibility claim they disprove), articles without a licence or a source, and
// pictures that would print below the layout's minimum resolution in a
// column. It presents the edition as a build does, so it also reports
// what presenting finds (links that lead nowhere, languages that are not
// tags). It is what `offprint check` adds to Normalize's warnings.
func Check(ed *model.Edition, lay *layouts.Layout) []model.Diagnostic {
	out := present.Edition(ed)
	a11y := present.Descriptions(ed)
	for _, a := range ed.Articles() {
		if a.License == "" && a.Copyright == "" {
			out = append(out, model.Warnf("no-license", a.File, 1, "%q names no licence or copyright", a.Title).
				WithHint("add license: to its front matter, or a default license: to the edition file"))
		}
		if a.Source == "" && a.URL == "" {
			out = append(out, model.Warnf("no-source", a.File, 1, "%q names no source", a.Title).
				WithHint("add source: (where it first appeared) or url: to its front matter"))
		}
		if len(a.Authors) == 0 {
			out = append(out, model.Warnf("no-author", a.File, 1, "%q names no author", a.Title).
				WithHint("add author: to its front matter"))
		}
		for _, f := range a.Figures() {
			caption := strings.TrimSpace(model.PlainText(f.Caption))
			what := "a picture"
			if f.Image != nil && f.Image.Src != "" {
				what = "picture " + f.Image.Src
			}
			if f.Image != nil && strings.TrimSpace(f.Alt) == "" && caption == "" {
				a11y = append(a11y, model.Warnf("no-alt", a.File, f.Line, "%s has no alt text or caption", what))
				out = append(out, model.Warnf("no-alt", a.File, f.Line, "%s has no alt text or caption", what).
					WithHint("describe the picture in the ![…] brackets, or in alt=\"…\""))
			}
			if caption != "" && strings.TrimSpace(f.Credit) == "" {
				out = append(out, model.Warnf("no-credit", a.File, f.Line, "the caption of %s has no credit", what).
					WithHint(`add the credit as the image title: ![caption](path "Photo: Name")`))
			}
			if im := f.Image; im != nil {
				w, _ := lay.FigureSize(im.Width, im.Height, lay.ColumnWidth())
				if d := present.LowResolution(lay, a.File, f, w, lay.ColumnWidth()); d != nil {
					out = append(out, *d)
				}
			}
		}
	}
	out = append(out, present.Descriptions(ed)...)
	if d := present.ConformanceRefused(ed, a11y); d != nil {
		out = append(out, *d)
	}
	return out
}
