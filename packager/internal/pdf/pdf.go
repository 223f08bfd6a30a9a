package pdf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
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

// File is one file a Render wrote.
type File struct {
	Name  string
	Pages int
	// PrintPages says where each page begins in the text, for the file
	// that holds the pages in reading order.
	PrintPages []model.PageStart
}

// New returns a PDF renderer.
func New(opts Options) *Renderer { return &Renderer{opts: opts} }

// Format returns "pdf".
func (r *Renderer) Format() string { return "pdf" }

// Render writes the edition as <slug>.pdf, each file started by
// open(name), and returns the files it wrote with their page counts. With
// saddle or 2up imposition <slug>.pdf holds the imposed sheets (its pages
// are the sides of the sheets, half the booklet's pages) and <slug>-pages.pdf the
// pages in reading order, blank padding included.
//
// The edition must have been presented (package present): the renderer
// lays out the labels, credits, link targets, ids and languages it is
// handed and decides none of them.
func (r *Renderer) Render(ctx context.Context, ed *model.Edition, open func(name string) (io.Writer, error)) ([]File, error) {
	if ed == nil || ed.Shown == nil {
		return nil, fmt.Errorf("no presented edition to render")
	}
	l := r.opts.Layout
	if l == nil {
		return nil, fmt.Errorf("no layout to render with")
	}
	c, err := r.fitted(ctx, ed)
	if err != nil {
		return nil, err
	}
	if r.opts.Warn != nil {
		for _, d := range preflight(c) {
			r.opts.Warn(d)
		}
	}
	pics := c.pics
	sheets := imposed(l.Imposition)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var files []File

	meta := docMeta{ed: ed, authors: ed.Shown.Authors, lang: ed.Language}
	bleed := float64(l.Bleed)
	mw, mh := c.pw+2*bleed, c.ph+2*bleed

	// The pages in reading order: the edition itself, or the booklet's
	// companion file; for a booklet, the imposed sheets too. Both register
	// their fonts and pictures first, so that no picture's bytes are kept
	// past that.
	d := newDrawer(meta, mw, mh)
	d.outline, d.links = true, true
	d.gray = l.Color == "gray"
	if l.Tagged {
		d.tags = newTagTree()
		d.pdf.SetXmpMetadata(xmpPacket(meta, true, ""))
	}
	d.findAnchors(c.pages, bleed)
	if err := d.register(c.pages, pics); err != nil {
		return nil, err
	}
	var s *drawer
	var sw, sh float64
	if sheets {
		if sw, sh, err = layouts.PageDimensions(l.Sheet); err != nil {
			return nil, fmt.Errorf("sheet: %w", err)
		}
		sw, sh = max(sw, sh), min(sw, sh)
		s = newDrawer(meta, sw, sh)
		s.gray = l.Color == "gray"
		pages := ""
		if l.Tagged {
			pages = ed.Slug + "-pages.pdf"
		}
		s.pdf.SetXmpMetadata(xmpPacket(meta, false, printFileNote(pages)))
		s.pdf.SetSubject(printFileNote(pages), true)
		if err := s.register(c.pages, pics); err != nil {
			return nil, err
		}
	}
	pics.release()
	for i, pg := range c.pages {
		if i%16 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		d.addPage(mw, mh)
		// Every page says where it is trimmed and how far its bleed
		// reaches, as a printer's preflight expects: without a bleed,
		// both are the page itself.
		d.pdf.SetPageBox("trim", bleed, bleed, c.pw, c.ph)
		d.pdf.SetPageBox("bleed", 0, 0, mw, mh)
		d.draw(pg.page, bleed, bleed)
		if l.CropMarks && bleed > 0 {
			d.cropMarks(bleed, bleed, c.pw, c.ph, bleed)
		}
		if !sheets {
			pg.page.Ops = nil // drawn: its display list is done with
		}
	}
	name := ed.Slug + ".pdf"
	if sheets {
		name = ed.Slug + "-pages.pdf"
	}
	if err := r.write(ctx, d, pics, open, name); err != nil {
		return nil, err
	}
	files = append(files, File{Name: name, Pages: len(c.pages), PrintPages: c.printStarts})
	if !sheets {
		return files, nil
	}

	// The imposed sheets, from the same display lists.
	x0 := (sw - 2*c.pw) / 2
	y0 := (sh - c.ph) / 2
	sides := sheetOrder(l.Imposition, len(c.pages))
	for _, side := range sides {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s.addPage(sw, sh)
		s.pdf.SetPageBox("trim", 0, 0, sw, sh)
		s.pdf.SetPageBox("bleed", 0, 0, sw, sh)
		for half, n := range []int{side.left, side.right} {
			if n < 1 || n > len(c.pages) {
				continue
			}
			x := x0 + float64(half)*c.pw
			s.draw(&typeset.Page{Ops: []typeset.Op{{Kind: typeset.OpClip, X: x, Y: y0, W: c.pw, H: c.ph}}}, 0, 0)
			s.draw(c.pages[n-1].page, x, y0)
			s.draw(&typeset.Page{Ops: []typeset.Op{{Kind: typeset.OpClipEnd}}}, 0, 0)
			c.pages[n-1].page.Ops = nil // each page is on one side
		}
		if l.Imposition == "2up" {
			s.cutMarks(x0, y0, c.pw, c.ph, sw, sh, float64(min(l.Margins.Top, l.Margins.Bottom)))
		}
	}
	name = ed.Slug + ".pdf"
	if err := r.write(ctx, s, pics, open, name); err != nil {
		return nil, err
	}
	return append(files, File{Name: name, Pages: len(sides)}), nil
}

// layout composes the edition into pages, padded for a booklet, with
// their running heads and folios; trace records what the flow placed.
func (r *Renderer) layout(ctx context.Context, ed *model.Edition, trace bool) (*composer, error) {
	return r.layoutWith(ctx, r.opts.Layout, ed, trace, r.opts.Warn, nil)
}

// layoutWith composes the edition under layout l, reporting to warn, with
// the pictures already loaded (pics), or new ones when pics is nil.
func (r *Renderer) layoutWith(ctx context.Context, l *layouts.Layout, ed *model.Edition, trace bool, warn func(model.Diagnostic), pics *pictures) (*composer, error) {
	if warn == nil {
		warn = func(model.Diagnostic) {}
	}
	fonts, err := loadFonts(l, warn)
	if err != nil {
		return nil, err
	}
	if pics == nil {
		pics = newPictures(r.opts.FS, l.Images.MaxPixels)
		pics.gray = l.Color == "gray"
	}
	c := newComposer(ctx, l, ed, fonts, pics, warn)
	c.trace = trace
	if trace {
		for _, p := range c.pages {
			p.page.Trace = true
		}
	}
	if err := c.compose(); err != nil {
		return nil, err
	}
	if n := c.flow.Clipped(); n > 0 {
		warn(model.Warnf("clipped", "", 0, "%d block(s) were taller than a whole column and were cut off in the PDF", n))
	}
	switch l.Imposition {
	case "saddle":
		for len(c.pages)%4 != 0 {
			c.addPage(kindBlank)
		}
	case "2up":
		for len(c.pages)%2 != 0 {
			c.addPage(kindBlank)
		}
	}
	c.printStarts = c.printPages()
	c.furniture()
	return c, nil
}

// write writes one document: fpdf's output, small for holding no JPEG,
// with the pictures spliced in on the way to the writer.
func (r *Renderer) write(ctx context.Context, d *drawer, pics *pictures, open func(string) (io.Writer, error), name string) error {
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("laying out the PDF: %w", err)
	}
	w, err := open(name)
	if err != nil {
		return err
	}
	var doc outputBuffer
	if err := d.pdf.Output(&doc); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	d.pdf = nil // its pages and buffers are done with
	b := renameFonts(canonicalBoxes(doc.b), d.names)
	if err := spliceTagged(ctx, w, b, pics.xobjects(d.images), d.tags); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	return nil
}

// outputBuffer holds fpdf's output, which comes in one write, in a slice
// of its size.
type outputBuffer struct{ b []byte }

func (o *outputBuffer) Write(p []byte) (int, error) {
	if o.b == nil {
		o.b = make([]byte, 0, len(p))
	}
	o.b = append(o.b, p...)
	return len(p), nil
}

// canonicalBoxes puts each page's /BleedBox line before its /TrimBox line:
// fpdf writes them in map order, which would make the output vary from run
// to run. The two lines swap places, so no offset changes.
func canonicalBoxes(b []byte) []byte {
	trim, bleed := []byte("\n/TrimBox ["), []byte("\n/BleedBox [")
	for i := 0; ; {
		j := bytes.Index(b[i:], trim)
		if j < 0 {
			return b
		}
		j += i + 1 // start of the TrimBox line
		e1 := bytes.IndexByte(b[j:], '\n')
		if e1 < 0 {
			return b
		}
		e1 += j // the newline ending it
		if !bytes.HasPrefix(b[e1:], bleed) {
			i = e1
			continue
		}
		e2 := bytes.IndexByte(b[e1+1:], '\n')
		if e2 < 0 {
			return b
		}
		e2 += e1 + 1
		// b[j:e1] is the TrimBox line, b[e1+1:e2] the BleedBox line.
		t := append([]byte(nil), b[j:e1]...)
		bl := append([]byte(nil), b[e1+1:e2]...)
		n := copy(b[j:], bl)
		b[j+n] = '\n'
		copy(b[j+n+1:], t)
		i = e2
	}
}

// furniture adds running heads and folios.
func (c *composer) furniture() {
	fs := c.headingStyle(c.size*0.8, false)
	fs.color = grey
	hs := c.headingStyle(c.size*0.75, false)
	hs.color = grey
	m := c.l.Margins
	for i, pi := range c.pages {
		n := i + 1
		if pi.kind == kindCover || pi.kind == kindBlank {
			continue
		}
		r := c.textRect(n)
		recto := n%2 == 1
		if c.l.Folios {
			y := c.ph - float64(m.Bottom)*0.45
			y = max(y, r.Y+r.H+fs.size*1.3)
			y = min(y, c.ph-fs.size*0.3)
			ts := fs
			ts.align = c.outerAlign(recto)
			c.textLine(pi.page, fmtPage(n), ts, r.X, y, r.W)
		}
		if c.l.RunningHeads && !pi.opener {
			text := c.ed.Shown.Title
			if recto && pi.title != "" {
				text = pi.title
			}
			if pi.kind == kindTOC {
				text = "Contents"
			}
			y := float64(m.Top) * 0.55
			y = min(y, r.Y-hs.size*0.6)
			if y < hs.size {
				continue
			}
			ts := hs
			ts.align = c.outerAlign(recto)
			c.textLine(pi.page, text, ts, r.X, y, r.W)
		}
	}
}

// outerAlign sets page furniture (folios, running heads) toward the outer
// edge of facing pages, or centred on single-sided ones.
func (c *composer) outerAlign(recto bool) typeset.Align {
	switch {
	case !c.l.FacingPages:
		return typeset.AlignCenter
	case recto:
		return typeset.AlignRight
	}
	return typeset.AlignLeft
}
