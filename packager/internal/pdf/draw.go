package pdf

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// drawer writes display lists into one fpdf document.
type drawer struct {
	pdf   *fpdf.Fpdf
	fonts map[*typeset.Face]string
	names map[string]string // registration key → the font's name in the PDF
	bad   map[string]bool   // pictures fpdf refused
	// images are the raster pictures registered, by registration width
	// less one (see splice).
	images []*picture

	// what the document's graphics state holds, to skip redundant operators
	face       *typeset.Face
	size       float64
	text, fill typeset.Color
	stroke     typeset.Color
	lw         float64
	fresh      bool // nothing set on this page yet
	gray       bool // print in black and grey only (see tone)

	outline     bool // write bookmarks
	links       bool // write links to pages and anchors
	linkIDs     map[int]int
	anchors     map[string]anchor
	anchorLinks map[string]int
	// tags collects the document's structure; nil for an untagged one.
	tags *tagTree
}

// anchor is where a link target is: page (1-based) and position.
type anchor struct {
	page int
	y    float64
}

// findAnchors records every link target of the pages, the first of each
// name winning.
func (d *drawer) findAnchors(pages []*pageInfo, dy float64) {
	d.anchors = map[string]anchor{}
	d.anchorLinks = map[string]int{}
	for i, pg := range pages {
		for _, op := range pg.page.Ops {
			if op.Kind == typeset.OpAnchor {
				if _, ok := d.anchors[op.Text]; !ok {
					d.anchors[op.Text] = anchor{i + 1, op.Y + dy}
				}
			}
		}
	}
}

// anchorLink returns the link to a "#…" target, trying the name inside
// its article first, then the bare name; ok is false when there is none.
func (d *drawer) anchorLink(ref string) (int, bool) {
	name := strings.TrimPrefix(ref, "#")
	a, ok := d.anchors[name]
	if !ok {
		if _, bare, cut := strings.Cut(name, "\x00"); cut {
			name = bare
			a, ok = d.anchors[name]
		}
	}
	if !ok {
		return 0, false
	}
	id, seen := d.anchorLinks[name]
	if !seen {
		id = d.pdf.AddLink()
		d.pdf.SetLink(id, a.y, a.page)
		d.anchorLinks[name] = id
	}
	return id, true
}

// docMeta is what every document of a render carries.
type docMeta struct {
	ed      *model.Edition
	authors string
	lang    string
}

func newDrawer(meta docMeta, w, h float64) *drawer {
	p := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: w, Ht: h}})
	p.SetAutoPageBreak(false, 0)
	p.SetMargins(0, 0, 0)
	p.SetCompression(true)
	p.SetCatalogSort(true)
	ed := meta.ed
	p.SetCreationDate(ed.Modified)
	p.SetModificationDate(ed.Modified)
	// The metadata are decided once, for the EPUB's package document too.
	var shown model.BookMeta
	if ed.Shown != nil {
		shown = ed.Shown.Meta
	}
	p.SetTitle(shown.Title, true)
	p.SetAuthor(meta.authors, true)
	p.SetSubject(shown.Description, true)
	p.SetCreator("offprint", true)
	p.SetProducer("offprint", true)
	p.SetKeywords(strings.Join(shown.Subjects, ", "), true)
	if meta.lang != "" {
		p.SetLang(meta.lang)
	}
	return &drawer{pdf: p, fonts: map[*typeset.Face]string{}, names: map[string]string{}, bad: map[string]bool{}, linkIDs: map[int]int{}}
}

// register embeds the faces and pictures the pages use, in order of first
// use.
func (d *drawer) register(pages []*pageInfo, pics *pictures) error {
	byName := map[string]*picture{}
	for _, p := range pics.used {
		byName[p.name] = p
	}
	for _, pg := range pages {
		for i := range pg.page.Ops {
			op := &pg.page.Ops[i]
			switch op.Kind {
			case typeset.OpText:
				if _, ok := d.fonts[op.Face]; ok || op.Face == nil {
					continue
				}
				name, full := fontKey(op.Face, len(d.fonts))
				d.names[name] = full
				d.pdf.AddUTF8FontFromBytes(name, "", op.Face.Data)
				if err := d.pdf.Error(); err != nil {
					return fmt.Errorf("embedding font %s: %w", op.Face.Name, err)
				}
				if desc := d.pdf.GetFontDesc(name, ""); desc.Ascent == 0 && desc.Descent == 0 {
					return fmt.Errorf("embedding font %s: the PDF writer could not read it", op.Face.Name)
				}
				d.fonts[op.Face] = name
			case typeset.OpImage:
				if d.bad[op.Text] {
					continue
				}
				pic := byName[op.Text]
				if pic == nil {
					d.bad[op.Text] = true
					continue
				}
				if info := d.pdf.GetImageInfo(pic.name); info != nil {
					continue
				}
				ok, err := registerImage(d.pdf, pic, len(d.images)+1)
				if err != nil {
					return err
				}
				if !ok {
					d.bad[op.Text] = true
					continue
				}
				d.images = append(d.images, pic)
			}
		}
	}
	return nil
}

// fontKey returns the name to register the i-th face of a document under
// and the name it should have in the PDF: the face's PostScript name after
// a subset tag, "ABCDEF+LiberationSerif-Bold". fpdf names an embedded font
// "utf8" and its registration name; the key is as long as the name less
// those four letters, so that renameFonts can put the name in its place
// without moving a byte.
func fontKey(f *typeset.Face, i int) (key, full string) {
	ps := f.PostScriptName
	if ps == "" {
		ps = strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
				return r
			}
			return -1
		}, f.Name)
	}
	if ps == "" {
		ps = "Font"
	}
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d", ps, i)
	sum := h.Sum32()
	tag := make([]byte, 6)
	for j := range tag {
		tag[j] = byte('A' + sum%26)
		sum /= 26
	}
	full = string(tag) + "+" + ps
	key = fmt.Sprintf("of%d", i)
	for len(full)-4 < len(key) {
		full += "_"
	}
	key += strings.Repeat("x", len(full)-4-len(key))
	return key, full
}

// renameFonts gives the embedded fonts their names (see fontKey): every
// "/utf8<key>" name becomes "/<full>", of the same length.
func renameFonts(b []byte, names map[string]string) []byte {
	for key, full := range names {
		old := []byte("/utf8" + key)
		repl := []byte("/" + full)
		for i := 0; ; {
			j := bytes.Index(b[i:], old)
			if j < 0 {
				break
			}
			j += i
			end := j + len(old)
			if end < len(b) && !bytes.ContainsRune([]byte(" \n\r\t/<>[]()%"), rune(b[end])) {
				i = end
				continue
			}
			copy(b[j:], repl)
			i = end
		}
	}
	return b
}

// addPage starts a page of the given media size.
func (d *drawer) addPage(w, h float64) {
	d.pdf.AddPageFormat("P", fpdf.SizeType{Wd: w, Ht: h})
	d.face, d.fresh = nil, true
	if d.tags != nil {
		d.tags.newPage()
	}
}

func (d *drawer) setText(c typeset.Color) {
	c = d.tone(c, true)
	if d.fresh || c != d.text {
		r, g, b := c.RGB()
		d.pdf.SetTextColor(r, g, b)
		d.text = c
	}
}

func (d *drawer) setFill(c typeset.Color) {
	c = d.tone(c, false)
	if d.fresh || c != d.fill {
		r, g, b := c.RGB()
		d.pdf.SetFillColor(r, g, b)
		d.fill = c
	}
}

func (d *drawer) setStroke(c typeset.Color, w float64) {
	c = d.tone(c, false)
	if d.fresh || c != d.stroke {
		r, g, b := c.RGB()
		d.pdf.SetDrawColor(r, g, b)
		d.stroke = c
	}
	if d.fresh || w != d.lw {
		d.pdf.SetLineWidth(w)
		d.lw = w
	}
}

// resync re-sends the graphics state after a clip ends (its Q restored the
// state from before the clip).
func (d *drawer) resync() {
	d.face = nil
	r, g, b := d.fill.RGB()
	d.pdf.SetFillColor(r, g, b)
	r, g, b = d.stroke.RGB()
	d.pdf.SetDrawColor(r, g, b)
	d.pdf.SetLineWidth(d.lw)
	r, g, b = d.text.RGB()
	d.pdf.SetTextColor(r, g, b)
}

// draw writes a display list offset by (dx, dy).
func (d *drawer) draw(pg *typeset.Page, dx, dy float64) {
	p := d.pdf
	if d.fresh {
		d.setText(black)
		d.setFill(black)
		d.setStroke(black, 0.5)
		d.fresh = false
	}
	if d.tags != nil {
		defer d.endMark()
	}
	for i := range pg.Ops {
		op := &pg.Ops[i]
		if d.tags != nil {
			d.markOp(op)
		}
		switch op.Kind {
		case typeset.OpText:
			name, ok := d.fonts[op.Face]
			if !ok || op.Text == "" || op.Size <= 0 {
				continue
			}
			if op.Face != d.face || op.Size != d.size {
				p.SetFont(name, "", op.Size)
				d.face, d.size = op.Face, op.Size
			}
			d.setText(op.Fill)
			p.Text(op.X+dx, op.Y+dy, op.Text)
		case typeset.OpLine:
			d.setStroke(op.Stroke, op.LineWidth)
			p.Line(op.X+dx, op.Y+dy, op.W+dx, op.H+dy)
		case typeset.OpRect:
			if op.W <= 0 || op.H <= 0 {
				continue
			}
			style := ""
			if op.Paint&typeset.PaintFill != 0 {
				d.setFill(op.Fill)
				style += "F"
			}
			if op.Paint&typeset.PaintStroke != 0 {
				d.setStroke(op.Stroke, op.LineWidth)
				style += "D"
			}
			if style != "" {
				p.Rect(op.X+dx, op.Y+dy, op.W, op.H, style)
			}
		case typeset.OpImage:
			if d.bad[op.Text] {
				d.setStroke(rule, 0.5)
				p.Rect(op.X+dx, op.Y+dy, op.W, op.H, "D")
				continue
			}
			p.ImageOptions(op.Text, op.X+dx, op.Y+dy, op.W, op.H, false, fpdf.ImageOptions{}, 0, "")
		case typeset.OpLink:
			if strings.HasPrefix(op.Text, "#") {
				if d.links {
					if id, ok := d.anchorLink(op.Text); ok {
						p.Link(op.X+dx, op.Y+dy, op.W, op.H, id)
						d.annotated("Link to " + d.anchorTitle(op.Text))
					}
				}
				continue
			}
			p.LinkString(op.X+dx, op.Y+dy, op.W, op.H, op.Text)
			d.annotated("Link to " + op.Text)
		case typeset.OpGoto:
			if d.links && op.Page > 0 {
				id, ok := d.linkIDs[op.Page]
				if !ok {
					id = p.AddLink()
					p.SetLink(id, 0, op.Page)
					d.linkIDs[op.Page] = id
				}
				p.Link(op.X+dx, op.Y+dy, op.W, op.H, id)
				d.annotated(fmt.Sprintf("Go to page %d", op.Page))
			}
		case typeset.OpBookmark:
			if d.outline {
				p.Bookmark(op.Text, op.Level, op.Y+dy)
			}
		case typeset.OpPath:
			if len(op.Path) == 0 {
				continue
			}
			style := ""
			if op.Paint&typeset.PaintFill != 0 {
				d.setFill(op.Fill)
				style = "F"
			}
			if op.Paint&typeset.PaintStroke != 0 {
				d.setStroke(op.Stroke, op.LineWidth)
				style += "D"
			}
			if style == "" {
				continue
			}
			if op.Paint&typeset.PaintEvenOdd != 0 && op.Paint&typeset.PaintFill != 0 {
				style += "*"
			}
			started := false
			for _, s := range op.Path {
				switch s.Cmd {
				case 'M':
					p.MoveTo(s.X+dx, s.Y+dy)
					started = true
				case 'L':
					if started {
						p.LineTo(s.X+dx, s.Y+dy)
					}
				case 'C':
					if started {
						p.CurveBezierCubicTo(s.X1+dx, s.Y1+dy, s.X2+dx, s.Y2+dy, s.X+dx, s.Y+dy)
					}
				case 'Z':
					if started {
						p.ClosePath()
					}
				}
			}
			if started {
				p.DrawPath(style)
			}
		case typeset.OpClip:
			p.ClipRect(op.X+dx, op.Y+dy, max(op.W, 0), max(op.H, 0), false)
		case typeset.OpClipEnd:
			p.ClipEnd()
			d.resync()
		}
	}
}

// markOp puts what op draws into the marked content of the structure
// element being drawn: text, pictures and paths are its content; rules and
// boxes, the hyphens of words broken across lines, and anything drawn
// outside an element (running heads, folios), are artifacts.
func (d *drawer) markOp(op *typeset.Op) {
	t := d.tags
	switch op.Kind {
	case typeset.OpTagBegin:
		if op.Tag.Parent == nil && op.Tag.Role == "Link" {
			t.stack = append(t.stack, t.inline(op.Tag))
			break
		}
		t.stack = append(t.stack, t.elem(op.Tag))
	case typeset.OpTagEnd:
		if len(t.stack) > 0 {
			t.stack = t.stack[:len(t.stack)-1]
		}
	case typeset.OpText, typeset.OpImage, typeset.OpPath:
		e := t.current()
		if op.Hyphen {
			e = nil // the word reads on without it
		}
		if s := t.mark(e); s != "" {
			d.pdf.RawWriteStr(s)
		}
	case typeset.OpLine, typeset.OpRect:
		if s := t.mark(nil); s != "" {
			d.pdf.RawWriteStr(s)
		}
	case typeset.OpClip, typeset.OpClipEnd:
		d.endMark()
	}
}

// endMark closes the open marked-content sequence.
func (d *drawer) endMark() {
	if s := d.tags.close(); s != "" {
		d.pdf.RawWriteStr(s)
	}
}

// annotated records the link annotation just made, for a tagged
// document.
func (d *drawer) annotated(contents string) {
	if d.tags != nil {
		d.tags.annot(contents)
	}
}

// anchorTitle names an in-document link target for its description.
func (d *drawer) anchorTitle(ref string) string {
	name := strings.TrimPrefix(ref, "#")
	if _, bare, cut := strings.Cut(name, "\x00"); cut {
		name = bare
	}
	if a, ok := d.anchors[name]; ok {
		return fmt.Sprintf("%s on page %d", name, a.page)
	}
	return name
}

// cropMarks draws trim marks in the bleed at the corners of a page whose
// trim box starts at (x, y).
func (d *drawer) cropMarks(x, y, w, h, bleed float64) {
	d.setStroke(black, 0.25)
	if d.tags != nil {
		d.pdf.RawWriteStr(d.tags.mark(nil))
		defer d.endMark()
	}
	gap := bleed * 0.3
	for _, cx := range []float64{x, x + w} {
		for _, cy := range []float64{y, y + h} {
			sx := -1.0
			if cx > x {
				sx = 1
			}
			sy := -1.0
			if cy > y {
				sy = 1
			}
			d.pdf.Line(cx+sx*gap, cy, cx+sx*bleed, cy)
			d.pdf.Line(cx, cy+sy*gap, cx, cy+sy*bleed)
		}
	}
}
