package pdf

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// Preflight lays the edition out as Render would, writing nothing, and
// returns what a printer's preflight would report of it: text or
// pictures in the bleed, fonts that cannot be embedded, and colour
// pictures in a layout that prints in grey. An edition that does not fit
// the pages the layout's fit asks for is reported too. Pictures below the
// layout's min_ppi are reported by the caller's own check (offprint
// check) or while rendering (build), through present.LowResolution.
func (r *Renderer) Preflight(ctx context.Context, ed *model.Edition) ([]model.Diagnostic, error) {
	if ed == nil || ed.Shown == nil {
		return nil, fmt.Errorf("no presented edition to check")
	}
	quiet := *r
	quiet.opts.Warn = nil
	c, err := quiet.fitted(ctx, ed)
	var fe *FitError
	if errors.As(err, &fe) {
		return []model.Diagnostic{model.Warnf("no-fit", "", 0, "%v", fe).WithHint(fe.Hint())}, nil
	}
	if err != nil {
		return nil, err
	}
	return preflight(c), nil
}

// preflight runs the print checks on a laid-out edition; build and check
// both report them.
func preflight(c *composer) []model.Diagnostic {
	return slices.Concat(bleedCheck(c), fontCheck(c), grayCheck(c.l, c.pics))
}

// bleedCheck reports text anywhere, and pictures anywhere but on the
// cover, that reach past the trim into the bleed (or off the page): the
// printer's knife may cut them. A page's display list is drawn with its
// origin at the trim's top left corner.
func bleedCheck(c *composer) []model.Diagnostic {
	const slack = 0.5 // points: rounding, and a descender's tail
	var out []model.Diagnostic
	names := map[string]string{} // registration name → picture path
	for path, p := range c.pics.byPath {
		if old, ok := names[p.name]; !ok || path < old {
			names[p.name] = path
		}
	}
	for i, pi := range c.pages {
		where := fmt.Sprintf("page %d", i+1)
		if pi.title != "" {
			where += fmt.Sprintf(" (%q)", pi.title)
		}
		reported := map[string]bool{}
		for _, op := range pi.page.Ops {
			var x0, y0, x1, y1 float64
			var what string
			switch {
			case op.Kind == typeset.OpText && op.Face != nil && strings.TrimSpace(op.Text) != "":
				x0, x1 = op.X, op.X+op.Face.Width(op.Text, op.Size)
				y0, y1 = op.Y-op.Face.Ascent*op.Size, op.Y+op.Face.Descent*op.Size
				what = fmt.Sprintf("text %q", clip(op.Text, 40))
			case op.Kind == typeset.OpImage && pi.kind != kindCover:
				x0, y0, x1, y1 = op.X, op.Y, op.X+op.W, op.Y+op.H
				what = "picture " + names[op.Text]
			default:
				continue
			}
			past := max(-x0, -y0, x1-c.pw, y1-c.ph)
			if past <= slack || reported[what] {
				continue
			}
			reported[what] = true
			out = append(out, model.Warnf("in-bleed", "", 0, "%s: %s reaches %s past the trim, into the bleed", where, what, layouts.Length(past)).
				WithHint("the printer trims there: keep text and pictures inside the page (check the layout's margins and the picture's size)"))
		}
	}
	return out
}

// clip shortens s to n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// fontCheck reports the faces the pages use that a PDF cannot carry
// embedded: no font data, or a licence (the OS/2 table's fsType) that
// restricts embedding, or bitmap-only outlines. A printer rejects a PDF
// whose fonts are not embedded, or substitutes them.
func fontCheck(c *composer) []model.Diagnostic {
	var out []model.Diagnostic
	seen := map[*typeset.Face]bool{}
	for _, pi := range c.pages {
		for _, op := range pi.page.Ops {
			f := op.Face
			if op.Kind != typeset.OpText || f == nil || seen[f] {
				continue
			}
			seen[f] = true
			if msg := embeddable(f.Data); msg != "" {
				out = append(out, model.Warnf("font-not-embedded", "", 0, "font %s cannot be embedded: %s", f.Name, msg).
					WithHint("use a font whose licence allows embedding (the built-in serif, sans and mono do)"))
			}
		}
	}
	return out
}

// embeddable says why a TrueType file cannot be embedded in a PDF, or ""
// when it can.
func embeddable(data []byte) string {
	if len(data) < 12 {
		return "it has no font data"
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			break
		}
		if string(data[rec:rec+4]) != "OS/2" {
			continue
		}
		off := int(binary.BigEndian.Uint32(data[rec+8:]))
		if off+10 > len(data) {
			return ""
		}
		fsType := binary.BigEndian.Uint16(data[off+8:])
		switch {
		case fsType&0x000F == 0x0002:
			return "its licence forbids embedding (OS/2 fsType: restricted)"
		case fsType&0x0200 != 0:
			return "its licence allows only bitmaps to be embedded (OS/2 fsType)"
		}
		return ""
	}
	return ""
}

// grayCheck reports, for a layout that prints in grey (color: gray), the
// pictures that are in colour in the edition folder: they are converted
// to grey for the PDF, and may lose the contrast their colours gave them.
func grayCheck(l *layouts.Layout, pics *pictures) []model.Diagnostic {
	if l.Color != "gray" {
		return nil
	}
	var out []model.Diagnostic
	for _, path := range pics.colour {
		out = append(out, model.Warnf("colour-picture", path, 0, "picture %s is in colour (RGB) in a layout that prints in grey (color: gray); it is converted to grey", path).
			WithHint("check that it still reads in grey, or convert it yourself to set its contrast"))
	}
	return out
}
