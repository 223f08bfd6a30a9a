package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"

	"github.com/disintegration/imaging"
	"golang.org/x/image/webp"
)

// Policy is what an output wants of its pictures.
type Policy struct {
	// MaxPx is the longest side in pixels; larger pictures are scaled
	// down. 0 keeps every size.
	MaxPx int
	// Quality is the JPEG quality of re-encoded pictures (1–100).
	Quality int
	// Grayscale turns pictures grey.
	Grayscale bool
	// MaxPixels refuses pictures larger than this (width × height) before
	// decoding; 0 means no limit.
	MaxPixels int
}

// Key identifies what prepare makes of a picture under a policy, for
// caching: the same bytes and policy always give the same result.
func (p Policy) Key(src []byte) string {
	h := sha256.New()
	h.Write(src)
	fmt.Fprintf(h, "\x00prepare-v2 max=%d q=%d grey=%t", p.MaxPx, p.Quality, p.Grayscale)
	return hex.EncodeToString(h.Sum(nil))
}

// Prepared is a picture ready to embed.
type Prepared struct {
	Data          []byte
	Format        string // "jpeg", "png", "gif" or "svg"
	Width, Height int
	// Changed is false when Data is the original bytes.
	Changed bool
	// Notes name what was removed from an SVG to make it safe, or a
	// problem that still lets it be used.
	Notes []string
}

// NeedsWork reports whether a picture must be decoded under a policy: to
// be scaled, greyed, or converted from a format outputs do not take (WebP).
func NeedsWork(info Info, p Policy) bool {
	if info.Format == "svg" {
		return true // every SVG goes through SafeSVG
	}
	if info.Orientation > 1 {
		return true // to be turned upright
	}
	if info.Format == "webp" {
		return true // not a core EPUB media type, nor a PDF one
	}
	if p.Grayscale {
		return true
	}
	return p.MaxPx > 0 && max(info.Width, info.Height) > p.MaxPx
}

// prepare returns a picture's bytes under a policy. A picture that needs no
// change (right size, not to be greyed, a format the outputs take) is
// passed through byte for byte; the rest are decoded, scaled with a
// Lanczos filter, turned upright by their EXIF orientation, greyed if
// asked, and re-encoded: as JPEG when the original was a JPEG or is an
// opaque photo-like picture, else as PNG. Decoding waits for its share of
// decodeBudget. SVG goes through SafeSVG and is passed through when it
// is already safe. Corrupt pictures are an error.
func prepare(src []byte, p Policy) (Prepared, error) {
	d, err := probe(bytes.NewReader(src), p.MaxPixels)
	info := d.Info
	if err != nil {
		return Prepared{}, err
	}
	if !NeedsWork(info, p) {
		return Prepared{Data: src, Format: info.Format, Width: info.Width, Height: info.Height}, nil
	}
	if info.Format == "svg" {
		out, notes, changed, err := SafeSVG(src)
		if err != nil {
			return Prepared{}, err
		}
		return Prepared{Data: out, Format: "svg", Width: info.Width, Height: info.Height, Changed: changed, Notes: notes}, nil
	}
	release := decodes.acquire(prepareCost(info, p))
	defer release()
	var img image.Image
	switch info.Format {
	case "jpeg":
		img, err = jpeg.Decode(bytes.NewReader(src))
	case "png":
		img, err = png.Decode(bytes.NewReader(src))
	case "gif":
		img, err = gif.Decode(bytes.NewReader(src))
	case "webp":
		img, err = webp.Decode(bytes.NewReader(src))
	default:
		return Prepared{}, fmt.Errorf("cannot re-encode %s pictures", info.Format)
	}
	if err != nil {
		return Prepared{}, fmt.Errorf("corrupt %s picture: %w", info.Format, err)
	}
	img = orient(img, info.Orientation)
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if p.MaxPx > 0 && max(w, h) > p.MaxPx {
		if w >= h {
			w, h = p.MaxPx, max(1, h*p.MaxPx/w)
		} else {
			w, h = max(1, w*p.MaxPx/h), p.MaxPx
		}
		img = imaging.Resize(img, w, h, imaging.CatmullRom)
	}
	if p.Grayscale {
		img = toGray(img)
	}
	var out bytes.Buffer
	format := "png"
	if info.Format == "jpeg" || (opaque(img) && info.Format != "gif") {
		format = "jpeg"
		q := p.Quality
		if q <= 0 {
			q = 85
		}
		err = jpeg.Encode(&out, flatten(img), &jpeg.Options{Quality: q})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, img)
	}
	if err != nil {
		return Prepared{}, fmt.Errorf("encoding %s: %w", format, err)
	}
	return Prepared{Data: out.Bytes(), Format: format, Width: w, Height: h, Changed: true}, nil
}

// toGray returns the picture in shades of grey, keeping its alpha.
func toGray(img image.Image) image.Image {
	if opaque(img) {
		g := image.NewGray(img.Bounds())
		draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
		return g
	}
	return imaging.Grayscale(img)
}

// opaque reports whether every pixel of the picture is fully opaque.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// flatten returns an image JPEG can encode (no alpha), over white.
func flatten(img image.Image) image.Image {
	switch img.(type) {
	case *image.Gray, *image.YCbCr, *image.RGBA, *image.CMYK:
		return img
	}
	if opaque(img) {
		return img
	}
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Over)
	return out
}

// DecodeOnWhite decodes a raster picture whose header declares at most
// maxPixels (0: no limit), with its transparent parts laid on white, as on
// a page. It is for pictures made from another, such as a shelf's cover
// and thumbnail; SVG is refused.
func DecodeOnWhite(src []byte, maxPixels int) (*image.RGBA, error) {
	d, err := probe(bytes.NewReader(src), maxPixels)
	if err != nil {
		return nil, err
	}
	if d.Format == "svg" {
		return nil, errors.New("an SVG picture cannot be decoded to pixels")
	}
	img, err := Decode(src)
	if err != nil {
		return nil, err
	}
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Over)
	return out, nil
}

// Decode decodes a raster picture (JPEG, PNG, GIF or WebP) as its bytes
// say, within the decode budget, for an output that must re-encode it. It
// does not turn a JPEG upright: Upright does.
func Decode(src []byte) (image.Image, error) {
	release := acquireDecode(src)
	defer release()
	img, _, err := image.Decode(bytes.NewReader(src))
	return img, err
}
