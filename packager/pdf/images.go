package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io/fs"
	"strings"

	"golang.org/x/image/webp"

	"github.com/offprint/offprint/packager/model"
	"github.com/offprint/offprint/packager/pdf/typeset"
)

// picture is a picture ready for the PDF: bytes fpdf takes as they are
// (JPEG passes through untouched), or a vector drawing.
type picture struct {
	name string // registration name, unique in the render
	typ  string // "jpg", "png" or "svg"
	data []byte
	w, h int // pixels (CSS pixels for SVG; 0 when an SVG declares none)
	svg  *svgImage
}

// pictures loads and caches the pictures of a render.
type pictures struct {
	fsys      fs.FS
	maxPixels int
	byPath    map[string]*picture
	errs      map[string]error
	used      []*picture // in order of first use, for registration
}

func newPictures(fsys fs.FS, maxPixels int) *pictures {
	return &pictures{fsys: fsys, maxPixels: maxPixels, byPath: map[string]*picture{}, errs: map[string]error{}}
}

// get returns the picture at path, loading it on first use.
func (ps *pictures) get(path string) (*picture, error) {
	if p, ok := ps.byPath[path]; ok {
		return p, nil
	}
	if err, ok := ps.errs[path]; ok {
		return nil, err
	}
	p, err := ps.load(path)
	if err != nil {
		ps.errs[path] = err
		return nil, err
	}
	p.name = fmt.Sprintf("im%d", len(ps.used))
	ps.byPath[path] = p
	ps.used = append(ps.used, p)
	return p, nil
}

func (ps *pictures) load(path string) (*picture, error) {
	if ps.fsys == nil {
		return nil, errors.New("no edition folder to read pictures from")
	}
	data, err := fs.ReadFile(ps.fsys, path)
	if err != nil {
		return nil, err
	}
	return preparePicture(data, ps.maxPixels)
}

// preparePicture checks a picture and converts what fpdf cannot take as it
// is: interlaced or 16-bit PNG, GIF and WebP are decoded and re-encoded.
func preparePicture(data []byte, maxPixels int) (*picture, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8")):
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("unreadable JPEG: %w", err)
		}
		if err := checkSize(cfg.Width, cfg.Height, maxPixels); err != nil {
			return nil, err
		}
		switch cfg.ColorModel {
		case color.GrayModel, color.YCbCrModel, color.CMYKModel:
			return &picture{typ: "jpg", data: data, w: cfg.Width, h: cfg.Height}, nil
		}
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("unreadable JPEG: %w", err)
		}
		return encodeRaster(img)
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		if len(data) < 33 || string(data[12:16]) != "IHDR" {
			return nil, errors.New("unreadable PNG: no header")
		}
		w := int(binary.BigEndian.Uint32(data[16:]))
		h := int(binary.BigEndian.Uint32(data[20:]))
		if err := checkSize(w, h, maxPixels); err != nil {
			return nil, err
		}
		depth, ct, interlace := data[24], data[25], data[28]
		okType := ct == 0 || ct == 2 || ct == 3 || ct == 4 || ct == 6
		if depth <= 8 && interlace == 0 && okType && (ct != 4 && ct != 6 || depth == 8) {
			// fpdf reads it as it is; decode the header fully to catch
			// corrupt files before they reach the writer.
			if _, err := png.DecodeConfig(bytes.NewReader(data)); err != nil {
				return nil, fmt.Errorf("unreadable PNG: %w", err)
			}
			return &picture{typ: "png", data: data, w: w, h: h}, nil
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("unreadable PNG: %w", err)
		}
		return encodeRaster(img)
	case bytes.HasPrefix(data, []byte("GIF8")):
		cfg, err := gif.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("unreadable GIF: %w", err)
		}
		if err := checkSize(cfg.Width, cfg.Height, maxPixels); err != nil {
			return nil, err
		}
		img, err := gif.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("unreadable GIF: %w", err)
		}
		return encodeRaster(img)
	case len(data) > 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		cfg, err := webp.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("unreadable WebP: %w", err)
		}
		if err := checkSize(cfg.Width, cfg.Height, maxPixels); err != nil {
			return nil, err
		}
		img, err := webp.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("unreadable WebP: %w", err)
		}
		return encodeRaster(img)
	case looksLikeSVG(data):
		s, err := parseSVG(data)
		if err != nil {
			return nil, err
		}
		return &picture{typ: "svg", svg: s, w: int(s.width + 0.5), h: int(s.height + 0.5)}, nil
	}
	return nil, errors.New("not a JPEG, PNG, GIF, WebP or SVG picture")
}

func checkSize(w, h, maxPixels int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("picture is empty (%d × %d pixels)", w, h)
	}
	if maxPixels > 0 && int64(w)*int64(h) > int64(maxPixels) {
		return fmt.Errorf("picture is %d × %d pixels, over the limit of %d pixels", w, h, maxPixels)
	}
	return nil
}

func looksLikeSVG(data []byte) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	head := h[:min(len(h), 4096)]
	return bytes.HasPrefix(h, []byte("<")) && bytes.Contains(head, []byte("<svg"))
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
			return &picture{typ: "jpg", data: buf.Bytes(), w: b.Dx(), h: b.Dy()}, nil
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

// naturalPPI is the resolution at which a picture has its natural size:
// pictures are never set larger than that.
const naturalPPI = 150

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
		p, err := c.pics.get(f.Image.Path)
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
	var capBlock, credBlock *typeset.TextBlock
	if len(f.Caption) > 0 {
		capBlock = c.para(f.Caption, capTS, inner, 0)
		if capBlock.NumLines() == 0 {
			capBlock = nil
		}
	}
	if strings.TrimSpace(f.Credit) != "" {
		credBlock = c.plain(f.Credit, credTS, inner)
	}
	var items []typeset.Element
	var gaps []float64
	textH := 0.0
	if capBlock != nil {
		textH += capBlock.Height() + c.lead*0.2
	}
	if credBlock != nil {
		textH += credBlock.Height() + c.lead*0.1
	}
	if pic == nil {
		// No picture: the caption and credit in a framed box.
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
		c.flow.Add(&typeset.Fixed{H: h, Fn: func(p *typeset.Page, x, y float64) {
			p.Frame(x+x0, y, w, h, 0.6, rule)
			k.Draw(p, x+x0+pad, y+pad)
		}}, typeset.Spacing{Before: c.lead * 0.6, After: c.lead * 0.6, Float: true})
		return
	}
	// Fit the picture: the column's width at most, its natural size at
	// most, and short enough to leave room for the caption in a column.
	natW := float64(pic.w) * 72 / naturalPPI
	natH := float64(pic.h) * 72 / naturalPPI
	if pic.typ == "svg" {
		natW, natH = pic.svg.width*0.75, pic.svg.height*0.75
		if natW <= 0 || natH <= 0 {
			natW, natH = w, w*pic.svg.aspect()
		}
	}
	maxH := max(c.colHeight()-textH-c.lead*1.5, c.colHeight()*0.3)
	dw := min(w, natW)
	dh := dw * natH / natW
	if dh > maxH {
		dh = maxH
		dw = dh * natW / natH
	}
	dw, dh = max(dw, 1), max(dh, 1)
	ix := x0 + (w-dw)/2
	anchor := ""
	if f.ID != "" {
		anchor = c.anchorName(f.ID)
	}
	items = append(items, &typeset.Fixed{H: dh, Fn: func(p *typeset.Page, x, y float64) {
		if anchor != "" {
			p.Add(typeset.Op{Kind: typeset.OpAnchor, Text: anchor, Y: y})
		}
		c.drawPicture(p, pic, x+ix, y, dw, dh, f.Alt)
	}})
	gaps = append(gaps, c.lead*0.3)
	if capBlock != nil {
		capBlock.Indent = x0
		items = append(items, capBlock)
		gaps = append(gaps, c.lead*0.1)
	}
	if credBlock != nil {
		credBlock.Indent = x0
		items = append(items, credBlock)
		gaps = append(gaps, 0)
	}
	c.flow.Add(&typeset.Keep{Items: items, Gaps: gaps}, typeset.Spacing{Before: c.lead * 0.7, After: c.lead * 0.7, Float: true})
}

// drawPicture adds a picture to a page, fitted into the rectangle.
func (c *composer) drawPicture(p *typeset.Page, pic *picture, x, y, w, h float64, alt string) {
	if pic.typ == "svg" {
		pic.svg.draw(p, x, y, w, h, c.fonts)
		return
	}
	p.Add(typeset.Op{Kind: typeset.OpImage, X: x, Y: y, W: w, H: h, Text: pic.name})
}
