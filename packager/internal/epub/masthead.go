package epub

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"sync"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/offprint/offprint/packager/model"
)

// The drawn cover's size in pixels: a 2:3 page, large enough for e-reader
// libraries and stores to make sharp thumbnails from.
const (
	mastheadW = 1600
	mastheadH = 2400
)

var (
	mastheadPaper = color.RGBA{0xf6, 0xf1, 0xe7, 0xff}
	mastheadBand  = color.RGBA{0x1d, 0x2b, 0x45, 0xff}
	mastheadInk   = color.RGBA{0x1b, 0x1b, 0x1b, 0xff}
	mastheadMuted = color.RGBA{0x55, 0x55, 0x55, 0xff}
	mastheadLight = color.RGBA{0xf6, 0xf1, 0xe7, 0xff}
	mastheadRule  = color.RGBA{0xc8, 0x9b, 0x3c, 0xff}
)

// Parsed once: the fonts are part of the binary.
var mastheadFonts = sync.OnceValues(func() (map[string]*opentype.Font, error) {
	out := map[string]*opentype.Font{}
	for name, ttf := range map[string][]byte{
		"serif-bold":   liberationserifbold.TTF,
		"serif-italic": liberationserifitalic.TTF,
		"sans":         liberationsansregular.TTF,
		"sans-bold":    liberationsansbold.TTF,
	} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("reading the built-in font %s: %w", name, err)
		}
		out[name] = f
	}
	return out, nil
})

// drawMasthead draws a cover for an edition without a cover picture: the
// title, subtitle, issue number, date (or range of dates) and publisher,
// as a PNG.
func drawMasthead(ed *model.Edition) ([]byte, error) {
	fonts, err := mastheadFonts()
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, mastheadW, mastheadH))
	draw.Draw(img, img.Bounds(), image.NewUniform(mastheadPaper), image.Point{}, draw.Src)
	bandBottom := 1500
	draw.Draw(img, image.Rect(0, 0, mastheadW, bandBottom), image.NewUniform(mastheadBand), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, bandBottom, mastheadW, bandBottom+24), image.NewUniform(mastheadRule), image.Point{}, draw.Src)

	const margin = 120
	width := mastheadW - 2*margin
	c := &canvas{img: img}

	// Publisher, small and spaced, at the head of the band.
	y := 230
	if ed.Publisher != "" {
		y = c.block(fonts["sans-bold"], strings.ToUpper(ed.Publisher), 64, 44, 1, width, y, mastheadRule)
	}
	// Title and subtitle: as large as fits, centred in what is left of
	// the band.
	title := ed.Shown.Title
	const titleLead, subLead, gap = 1.1, 1.25, 70
	areaTop, areaBottom := y+90, bandBottom-90
	subSize, subLines, subH := 0.0, []string(nil), 0
	if ed.Subtitle != "" {
		subSize, subLines = fit(fonts["serif-italic"], ed.Subtitle, 80, 50, 3, width, 3*80*subLead)
		subH = gap + int(float64(len(subLines))*subSize*subLead)
	}
	size, lines := fit(fonts["serif-bold"], title, 230, 80, 5, width, float64(areaBottom-areaTop-subH)/titleLead)
	titleH := int(float64(len(lines)) * size * titleLead)
	top := max(areaTop, (areaTop+areaBottom)/2-(titleH+subH)/2)
	c.lines(fonts["serif-bold"], lines, size, titleLead, top+int(size*0.85), mastheadLight)
	if len(subLines) > 0 {
		c.lines(fonts["serif-italic"], subLines, subSize, subLead, top+titleH+gap+int(subSize*0.95), mastheadLight)
	}

	// Issue and date on the paper below.
	y = bandBottom + 290
	if label := ed.Shown.IssueLabel; label != "" {
		y = c.block(fonts["sans-bold"], label, 120, 80, 1, width, y, mastheadInk) + 40
	}
	if date := ed.Shown.DateLabel; date != "" {
		c.block(fonts["sans"], date, 80, 50, 2, width, y+40, mastheadMuted)
	}
	if ed.Series != "" && ed.Series != ed.Title {
		c.block(fonts["sans"], ed.Series, 60, 40, 1, width, mastheadH-170, mastheadMuted)
	}

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encoding the cover: %w", err)
	}
	return buf.Bytes(), nil
}

type canvas struct {
	img *image.RGBA
}

// block fits text into at most maxLines centred lines between sizes max
// and min, draws it with its first baseline at y, and returns the baseline
// after the last line.
func (c *canvas) block(f *opentype.Font, text string, maxSize, minSize float64, maxLines, width, y int, col color.Color) int {
	size, lines := fit(f, text, maxSize, minSize, maxLines, width, 0)
	return c.lines(f, lines, size, 1.2, y, col)
}

// lines draws centred lines from the baseline y and returns the baseline
// after the last one.
func (c *canvas) lines(f *opentype.Font, lines []string, size, leading float64, y int, col color.Color) int {
	face := newFace(f, size)
	defer face.Close()
	d := &font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: face}
	step := int(size * leading)
	for _, l := range lines {
		w := d.MeasureString(l).Ceil()
		d.Dot = fixed.P((mastheadW-w)/2, y)
		d.DrawString(l)
		y += step
	}
	return y
}

func newFace(f *opentype.Font, size float64) font.Face {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		// Only an invalid size fails, and the sizes here are fixed; should
		// it happen, a plain face still gives a cover.
		return basicfont.Face7x13
	}
	return face
}

// fit finds the largest size between max and min at which text wraps into
// at most maxLines lines of width, and (when ems > 0) the lines' sizes add
// up to at most ems pixels; at min it cuts the text short with an
// ellipsis.
func fit(f *opentype.Font, text string, maxSize, minSize float64, maxLines, width int, ems float64) (float64, []string) {
	words := strings.Fields(text)
	for size := maxSize; ; size *= 0.92 {
		if size < minSize {
			size = minSize
		}
		face := newFace(f, size)
		lines, ok := wrap(face, words, width)
		if ok && len(lines) <= maxLines && (ems <= 0 || float64(len(lines))*size <= ems) {
			face.Close()
			return size, lines
		}
		if size == minSize {
			if len(lines) > maxLines {
				lines = lines[:maxLines]
				lines[maxLines-1] = ellipsize(face, lines[maxLines-1]+" …", width)
			}
			for i, l := range lines {
				lines[i] = ellipsize(face, l, width)
			}
			face.Close()
			return size, lines
		}
		face.Close()
	}
}

// wrap breaks words into lines no wider than width; ok is false when a
// single word is wider.
func wrap(face font.Face, words []string, width int) (lines []string, ok bool) {
	ok = true
	cur := ""
	for _, w := range words {
		try := w
		if cur != "" {
			try = cur + " " + w
		}
		if font.MeasureString(face, try).Ceil() <= width || cur == "" {
			cur = try
			if font.MeasureString(face, cur).Ceil() > width {
				ok = false
			}
			continue
		}
		lines = append(lines, cur)
		cur = w
		if font.MeasureString(face, cur).Ceil() > width {
			ok = false
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines, ok
}

// ellipsize cuts a line to width, ending it with "…" when it had to be
// cut.
func ellipsize(face font.Face, line string, width int) string {
	if font.MeasureString(face, line).Ceil() <= width {
		return line
	}
	r := []rune(line)
	for len(r) > 0 {
		r = r[:len(r)-1]
		s := strings.TrimRight(string(r), " ") + "…"
		if font.MeasureString(face, s).Ceil() <= width {
			return s
		}
	}
	return "…"
}
