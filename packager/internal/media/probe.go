package media

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	_ "image/gif"  // register GIF headers
	_ "image/jpeg" // register JPEG headers
	_ "image/png"  // register PNG headers
	"io"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp" // register WebP headers
)

// Info is what a picture's header says.
type Info struct {
	Format        string // "jpeg", "png", "gif", "webp" or "svg"
	Width, Height int    // pixels; for SVG its declared size in CSS pixels, 0 if none
	// Orientation is a JPEG's EXIF orientation (1–8; 0 for other
	// formats). Width and Height are the picture's upright size: for
	// orientations 5–8 they are the stored height and width.
	Orientation int
}

// ErrUnknownFormat means the bytes are not a picture format offprint reads.
var ErrUnknownFormat = errors.New("not a JPEG, PNG, GIF, WebP or SVG picture")

// TooLargeError is a picture whose header declares more pixels than the
// layout allows.
type TooLargeError struct {
	Width, Height, Limit int
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("picture is %d × %d pixels, over the limit of %d pixels", e.Width, e.Height, e.Limit)
}

// Probe reads a picture's header. Raster formats are recognised by their
// magic bytes and SVG by its root element; the pixel data is not decoded.
// A picture over maxPixels (width × height; 0 means no limit) is refused
// with a *TooLargeError.
func Probe(r io.Reader, maxPixels int) (Info, error) {
	if ProbeHook != nil {
		ProbeHook(r)
	}
	d, err := probe(r, maxPixels)
	return d.Info, err
}

// ProbeHook, when set, is called with the reader of every Probe and
// ProbeDetail call, before its header is read. Tests set it to count how
// often each picture's header is read over a whole build; it is nil
// otherwise. The package's own transformations read the headers of the
// bytes they are handed without calling it.
var ProbeHook func(r io.Reader)

func sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xd8")):
		return "JPEG"
	case bytes.HasPrefix(head, []byte("\x89PNG")):
		return "PNG"
	case bytes.HasPrefix(head, []byte("GIF8")):
		return "GIF"
	}
	return "picture"
}

// CheckSize refuses a picture whose header declares no pixels, or more
// than maxPixels (width × height; 0 means no limit), the latter with a
// *TooLargeError. It is how every reader of pictures turns away
// decompression bombs before decoding them.
func CheckSize(w, h, maxPixels int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("picture is empty (%d × %d pixels)", w, h)
	}
	if maxPixels > 0 && int64(w)*int64(h) > int64(maxPixels) {
		return &TooLargeError{w, h, maxPixels}
	}
	return nil
}

// looksLikeSVG reports whether the start of a file is an SVG document:
// markup whose first 4 KB hold an <svg element.
func looksLikeSVG(head []byte) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	return bytes.HasPrefix(h, []byte("<")) && bytes.Contains(h[:min(len(h), 4096)], []byte("<svg"))
}

// probeSVG reads the root element's width, height and viewBox.
func probeSVG(r io.Reader) (Info, error) {
	dec := xml.NewDecoder(io.LimitReader(r, 1<<20))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			return Info{}, fmt.Errorf("unreadable SVG: no <svg> element (%v)", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "svg" {
			return Info{}, fmt.Errorf("unreadable SVG: root element is <%s>", se.Name.Local)
		}
		var w, h float64
		var vb []float64
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "width":
				w = cssPixels(a.Value)
			case "height":
				h = cssPixels(a.Value)
			case "viewBox":
				for _, f := range strings.FieldsFunc(a.Value, func(r rune) bool { return r == ' ' || r == ',' }) {
					v, err := strconv.ParseFloat(f, 64)
					if err == nil {
						vb = append(vb, v)
					}
				}
			}
		}
		if len(vb) == 4 && vb[2] > 0 && vb[3] > 0 {
			switch {
			case w == 0 && h == 0:
				w, h = vb[2], vb[3]
			case w == 0:
				w = h * vb[2] / vb[3]
			case h == 0:
				h = w * vb[3] / vb[2]
			}
		}
		return Info{Format: "svg", Width: int(w + 0.5), Height: int(h + 0.5)}, nil
	}
}

// cssPixels converts an SVG length to CSS pixels; percentages and unknown
// units give 0.
func cssPixels(s string) float64 {
	s = strings.TrimSpace(s)
	units := map[string]float64{"px": 1, "pt": 96.0 / 72, "pc": 16, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96}
	for u, f := range units {
		if v, ok := strings.CutSuffix(s, u); ok {
			n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || n < 0 {
				return 0
			}
			return n * f
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
