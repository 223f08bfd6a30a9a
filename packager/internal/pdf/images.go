package pdf

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/media"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// picture is a picture ready for the PDF. A JPEG goes in as it is: its
// bytes are not held but read from the edition folder while the PDF is
// written (src), or, when it had to be re-encoded, kept in data until
// then. Other raster pictures are bytes fpdf takes (data, dropped once
// registered); a vector drawing is svg.
type picture struct {
	name  string // registration name, unique in the render
	typ   string // "jpg", "png" or "svg"
	data  []byte // bytes for fpdf or, for a re-encoded JPEG, for the PDF
	w, h  int    // pixels (CSS pixels for SVG; 0 when an SVG declares none)
	comps int    // a JPEG's colour components: 1, 3 or 4
	svg   *svgImage

	// A JPEG read from the edition folder while the PDF is written: its
	// path, size and modification time when it was first read.
	src  string
	size int64
	mod  time.Time
	sum  *[32]byte // SHA-256 of the file, once it was needed
}

// pictures loads and caches the pictures of a render.
type pictures struct {
	fsys      fs.FS
	maxPixels int
	byPath    map[string]*picture
	byData    map[[32]byte]*picture // the same bytes under another path
	bySize    map[int64][]*picture  // JPEGs read from the folder, by size
	errs      map[string]error
	used      []*picture // in order of first use, for registration
	gray      bool       // convert raster pictures to grey (color: gray)
	colour    []string   // the pictures converted that had colour, by path
}

func newPictures(fsys fs.FS, maxPixels int) *pictures {
	return &pictures{fsys: fsys, maxPixels: maxPixels, byPath: map[string]*picture{}, byData: map[[32]byte]*picture{},
		bySize: map[int64][]*picture{}, errs: map[string]error{}}
}

// get returns the picture im, loading it on first use.
func (ps *pictures) get(im *model.Image) (*picture, error) {
	path := im.Path
	if p, ok := ps.byPath[path]; ok {
		return p, nil
	}
	if err, ok := ps.errs[path]; ok {
		return nil, err
	}
	p, err := ps.load(im)
	if err == nil {
		err = ps.dedupe(path, p)
	}
	if err != nil {
		ps.errs[path] = err
		return nil, err
	}
	if same := ps.byPath[path]; same != nil {
		return same, nil
	}
	p.name = fmt.Sprintf("im%d", len(ps.used))
	ps.byPath[path] = p
	ps.used = append(ps.used, p)
	return p, nil
}

// dedupe files a newly loaded picture under path as an earlier one when
// their bytes are the same, so that it is embedded once. A JPEG from the
// folder is hashed only when an earlier one has its size.
func (ps *pictures) dedupe(path string, p *picture) error {
	switch {
	case p.svg != nil:
		return nil
	case p.src != "":
		for _, q := range ps.bySize[p.size] {
			a, err := ps.fileSum(q)
			if err != nil {
				return err
			}
			b, err := ps.fileSum(p)
			if err != nil {
				return err
			}
			if *a == *b {
				ps.byPath[path] = q
				return nil
			}
		}
		ps.bySize[p.size] = append(ps.bySize[p.size], p)
	default:
		sum := sha256.Sum256(p.data)
		if same, ok := ps.byData[sum]; ok {
			ps.byPath[path] = same
			return nil
		}
		ps.byData[sum] = p
	}
	return nil
}

// fileSum returns the SHA-256 of a JPEG read from the folder, reading it
// through once.
func (ps *pictures) fileSum(p *picture) (*[32]byte, error) {
	if p.sum != nil {
		return p.sum, nil
	}
	f, err := ps.fsys.Open(p.src)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("reading %s: %w", p.src, err)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	p.sum = &sum
	return p.sum, nil
}

// load reads a picture. What its header says is the model's, read when
// the edition was normalized: a JPEG that can go into the PDF as it is is
// not read now, only looked up for its size and time; anything else is
// read whole, to prepare it.
func (ps *pictures) load(im *model.Image) (*picture, error) {
	if ps.fsys == nil {
		return nil, errors.New("no edition folder to read pictures from")
	}
	path := im.Path
	d := media.Detail{Info: media.Info{Format: im.Format, Width: im.Width, Height: im.Height, Orientation: im.Orientation},
		Components: im.Components, Plain: im.Plain}
	if d.Format == "" {
		return nil, media.ErrUnknownFormat
	}
	if d.Format != "svg" {
		if err := media.CheckSize(d.Width, d.Height, ps.maxPixels); err != nil {
			return nil, err
		}
	}
	st, err := fs.Stat(ps.fsys, path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder", path)
	}
	if d.Format == "jpeg" && d.Components > 0 && d.Orientation <= 1 && !(ps.gray && needsGray(d)) {
		return &picture{typ: "jpg", w: d.Width, h: d.Height, comps: d.Components, src: path, size: st.Size(), mod: st.ModTime()}, nil
	}
	f, err := ps.fsys.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readSized(f, st.Size())
	if err != nil {
		return nil, err
	}
	if ps.gray && needsGray(d) {
		p, colour, err := grayPicture(data, d)
		if colour {
			ps.colour = append(ps.colour, path)
		}
		return p, err
	}
	return preparePicture(data, d)
}

// readSized reads r to its end into a slice sized for the size its file
// reported, so that reading it does not copy it over and over.
func readSized(r io.Reader, size int64) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(min(max(size, 0), 256<<20)) + bytes.MinRead)
	if _, err := b.ReadFrom(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// release drops the bytes of the pictures fpdf has registered in every
// document; re-encoded JPEGs are kept for the PDF's writing.
func (ps *pictures) release() {
	for _, p := range ps.used {
		if p.typ != "jpg" {
			p.data = nil
		}
	}
}

// preparePicture converts what fpdf cannot take as it is of a picture
// whose header says d: interlaced or 16-bit PNG, GIF and WebP are decoded
// and re-encoded.
func preparePicture(data []byte, d media.Detail) (*picture, error) {
	if d.Format == "jpeg" && d.Orientation > 1 {
		// A JPEG its EXIF turns is turned upright once, here.
		var err error
		if data, d, _, err = media.Upright(data, 90); err != nil {
			return nil, err
		}
	}
	switch d.Format {
	case "jpeg":
		if d.Components > 0 {
			return &picture{typ: "jpg", data: data, w: d.Width, h: d.Height, comps: d.Components}, nil
		}
	case "png":
		if d.Plain {
			return &picture{typ: "png", data: data, w: d.Width, h: d.Height}, nil
		}
	case "gif", "webp":
	case "svg":
		data, _, _, err := media.SafeSVG(data)
		if err != nil {
			return nil, err
		}
		s, err := parseSVG(data)
		if err != nil {
			return nil, err
		}
		return &picture{typ: "svg", svg: s, w: int(s.width + 0.5), h: int(s.height + 0.5)}, nil
	default:
		return nil, media.ErrUnknownFormat
	}
	img, err := media.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("unreadable %s: %w", strings.ToUpper(d.Format), err)
	}
	return encodeRaster(img)
}

// encodeRaster re-encodes a decoded picture: JPEG when it is opaque and
// photographic (from WebP or JPEG), PNG otherwise.
func encodeRaster(img image.Image) (*picture, error) {
	b := img.Bounds()
	opaque := true
	if o, ok := img.(interface{ Opaque() bool }); ok {
		opaque = o.Opaque()
	}
	var buf bytes.Buffer
	switch img.(type) {
	case *image.YCbCr, *image.CMYK:
		if opaque {
			if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
				return nil, fmt.Errorf("re-encoding picture: %w", err)
			}
			return &picture{typ: "jpg", data: buf.Bytes(), w: b.Dx(), h: b.Dy(), comps: 3}, nil
		}
	}
	var out image.Image
	switch img.(type) {
	case *image.Paletted, *image.Gray, *image.NRGBA, *image.RGBA:
		out = img
	default:
		n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(n, n.Bounds(), img, b.Min, draw.Src)
		out = n
	}
	if p, ok := out.(*image.Paletted); ok && !opaque {
		// fpdf masks one transparent palette entry at most: give it the
		// alpha channel instead.
		n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(n, n.Bounds(), p, b.Min, draw.Src)
		out = n
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, fmt.Errorf("re-encoding picture: %w", err)
	}
	return &picture{typ: "png", data: buf.Bytes(), w: b.Dx(), h: b.Dy()}, nil
}

// --- figures ---------------------------------------------------------------

func (c *composer) figure(f *model.Figure, bc blockCtx) {
	w := bc.measure()
	x0 := bc.left
	capTS := c.headingStyle(c.size*0.85*bc.scale, false)
	capTS.lead = capTS.size * 1.25
	capTS.color = ink
	capTS.hyph = true
	credTS := c.headingStyle(c.size*0.72*bc.scale, false)
	credTS.italic, credTS.color, credTS.align = true, grey, typeset.AlignRight
	credTS.lead = credTS.size * 1.3

	var pic *picture
	if f.Image != nil && f.Image.Path != "" {
		p, err := c.pics.get(f.Image)
		if err != nil {
			file, line := "", f.Line
			if bc.art != nil {
				file = bc.art.File
			}
			c.warn(model.Diagnostic{Severity: model.Warning, Code: "unreadable-image", File: file, Line: line,
				Msg:  fmt.Sprintf("picture %s cannot be used in the PDF: %v", f.Image.Path, err),
				Hint: "its caption and credit are printed in a box instead", Err: err})
		} else {
			pic = p
		}
	}
	inner := w
	if pic == nil {
		inner = w - 2*c.size*0.6
	}
	// The picture's size, by the one rule `offprint check` uses too; a wide
	// picture that would be shown larger across the page spans it.
	var dw, dh float64
	span := false
	if pic != nil {
		dw, dh = c.figureSize(pic, w)
		if c.figScale > 0 && c.figScale < 1 {
			dw, dh = dw*c.figScale, dh*c.figScale
		}
		span = c.spannable(pic, dw, bc)
		if !span {
			c.checkResolution(f, pic, dw, bc)
		}
	}
	fig := &typeset.Tag{Role: "Figure", Parent: bc.tag, Alt: f.Described}
	captions := func(width, credWidth float64) (capBlock, credBlock *typeset.TextBlock) {
		defer func() { tagCaption(fig, capBlock, credBlock) }()
		if len(f.Caption) > 0 {
			capBlock = c.para(f.Caption, capTS, width, 0)
			if capBlock.NumLines() == 0 {
				capBlock = nil
			} else {
				capBlock.Role = "caption"
			}
		}
		if strings.TrimSpace(f.Credit) != "" {
			credBlock = c.plain(f.Credit, credTS, credWidth)
			credBlock.Role = "credit"
		}
		return
	}
	if pic == nil {
		// No picture: the caption and credit in a framed box.
		capBlock, credBlock := captions(inner, inner)
		pad := c.size * 0.6
		var inItems []typeset.Element
		var inGaps []float64
		if capBlock != nil {
			inItems, inGaps = append(inItems, capBlock), append(inGaps, c.lead*0.15)
		}
		if credBlock != nil {
			inItems, inGaps = append(inItems, credBlock), append(inGaps, 0)
		}
		if len(inItems) == 0 {
			inItems = append(inItems, c.plain("(picture not available)", credTS, inner))
		}
		k := &typeset.Keep{Items: inItems, Gaps: inGaps}
		h := k.Height() + 2*pad
		c.flow.Add(&typeset.Tagged{Tag: fig, El: &typeset.Fixed{H: h, Fn: func(p *typeset.Page, x, y float64) {
			p.Frame(x+x0, y, w, h, 0.6, rule)
			k.Draw(p, x+x0+pad, y+pad)
		}}}, typeset.Spacing{Before: c.lead * 0.6, After: c.lead * 0.6, Float: true})
		return
	}
	anchor := ""
	if f.ID != "" {
		anchor = c.anchorName(f.ID)
	}
	// keep is the picture with its caption and credit, dw × dh centred in
	// a frame from left, frame wide; the caption is capW wide from capLeft
	// (the picture's left edge when negative), the credit set against the
	// picture's right edge.
	keep := func(left, frame, dw, dh, capLeft, capW float64) typeset.Element {
		dw, dh = max(dw, 1), max(dh, 1)
		ix := left + (frame-dw)/2
		var items []typeset.Element
		var gaps []float64
		items = append(items, &typeset.Fixed{H: dh, Fn: func(p *typeset.Page, x, y float64) {
			if anchor != "" {
				p.Add(typeset.Op{Kind: typeset.OpAnchor, Text: anchor, Y: y})
			}
			c.drawPicture(p, pic, x+ix, y, dw, dh)
		}})
		gaps = append(gaps, c.lead*0.3)
		capBlock, credBlock := captions(capW, dw)
		if capLeft < 0 {
			capLeft = ix
		}
		if capBlock != nil {
			capBlock.Indent = capLeft
			items = append(items, capBlock)
			gaps = append(gaps, c.lead*0.1)
		}
		if credBlock != nil {
			credBlock.Indent = ix
			items = append(items, credBlock)
			gaps = append(gaps, 0)
		}
		return &typeset.Tagged{Tag: fig, El: &typeset.Keep{Items: items, Gaps: gaps}}
	}
	// In a column the caption takes the column's measure; across the page,
	// a column's measure under the picture's left edge.
	inColumn := func() typeset.Element { return keep(x0, w, dw, dh, x0, w) }
	if span {
		sw, sh := c.figureSize(pic, c.blockWidth())
		c.flow.SpanFloat(keep(0, c.blockWidth(), sw, sh, -1, w), typeset.Spacing{Before: c.lead, After: c.lead},
			func() typeset.Element {
				// Set in the column after all: warn here if it prints coarsely there.
				c.checkResolution(f, pic, dw, bc)
				return inColumn()
			})
		return
	}
	c.flow.Add(inColumn(), typeset.Spacing{Before: c.lead * 0.7, After: c.lead * 0.7, Float: !c.pin})
}

// figureSize is the size of a picture placed in a frame of the given
// width, by the layout's rule (layouts.Layout.FigureSize). An SVG without
// a size of its own is as wide as the frame.
func (c *composer) figureSize(pic *picture, frame float64) (float64, float64) {
	if pic.typ == "svg" && (pic.w <= 0 || pic.h <= 0) {
		w := frame
		h := w * pic.svg.aspect()
		if maxH := c.l.TextHeight() * 0.6; h > maxH && h > 0 {
			w, h = w*maxH/h, maxH
		}
		return w, h
	}
	return c.l.FigureSize(pic.w, pic.h, frame)
}

// spannable reports whether a picture set dw wide in a column should
// rather go across the page: a picture, with columns to span, at least
// images.span_ratio times wider than tall (a panorama, which a column
// would show as a strip), that would be shown at least a third larger
// across the page and still print at images.min_ppi or finer there.
// Other pictures stay in their column, which keeps an edition of photos
// from taking a third more pages.
func (c *composer) spannable(pic *picture, dw float64, bc blockCtx) bool {
	if c.l.Columns < 2 || bc.left > 0 || bc.quote > 0 || bc.list > 0 || bc.scale != 1 || pic.w <= 0 || pic.h <= 0 {
		return false
	}
	r := c.l.Images.SpanRatio
	if r <= 0 || float64(pic.w) < float64(pic.h)*r {
		return false
	}
	sw, _ := c.figureSize(pic, c.blockWidth())
	if sw < dw*1.33 {
		return false
	}
	if pic.typ != "svg" && c.l.Images.MinPPI > 0 && layouts.PlacedPPI(pic.w, sw) < float64(c.l.Images.MinPPI) {
		return false
	}
	return true
}

// checkResolution warns, once per figure, when a raster picture placed dw
// points wide prints below the layout's minimum resolution.
func (c *composer) checkResolution(f *model.Figure, pic *picture, dw float64, bc blockCtx) {
	if pic.typ == "svg" || c.warned[f] {
		return
	}
	file := ""
	if bc.art != nil {
		file = bc.art.File
	}
	if d := present.LowResolution(c.l, file, f, dw, bc.measure()); d != nil {
		c.warned[f] = true
		c.warn(*d)
	}
}

// drawPicture adds a picture to a page, fitted into the rectangle.
func (c *composer) drawPicture(p *typeset.Page, pic *picture, x, y, w, h float64) {
	if pic.typ == "svg" {
		pic.svg.draw(p, x, y, w, h, c.fonts)
		return
	}
	p.Add(typeset.Op{Kind: typeset.OpImage, X: x, Y: y, W: w, H: h, Text: pic.name})
}
