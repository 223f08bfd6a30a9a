package layouts

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strings"
)

// Layout is a fully resolved, validated layout. Lengths are in points.
type Layout struct {
	// Name is the name the layout is chosen by (its file name without .yaml).
	Name string `yaml:"name,omitempty"`
	// Description is one line shown by `offprint layouts list`.
	Description string `yaml:"description,omitempty"`
	// Extends names the layout this one starts from.
	Extends string `yaml:"extends,omitempty"`

	// PageSize is A4, A5, Letter, half-letter, or custom as "90mm x 120mm".
	PageSize string `yaml:"page_size"`
	// Margins are the distances from the trimmed page edge to the text block.
	Margins Margins `yaml:"margins"`
	// FacingPages swaps inner and outer margins on even pages.
	FacingPages bool `yaml:"facing_pages"`
	// Columns is the number of text columns on body pages (1–4).
	Columns int `yaml:"columns"`
	// Gutter is the space between columns.
	Gutter Length `yaml:"gutter"`
	// Bleed is how far the media box extends past the trim on each side.
	Bleed Length `yaml:"bleed"`
	// CropMarks draws trim marks in the bleed area (needs a bleed).
	CropMarks bool `yaml:"crop_marks"`
	// Imposition is "none"; "saddle" to impose pages two to a sheet side
	// for saddle-stitching; or "2up" to print them two to a sheet side in
	// reading order (pages 1 and 2 on side 1, 3 and 4 on side 2), with
	// cut marks.
	Imposition string `yaml:"imposition"`
	// Sheet is the paper the imposed pages are printed on (imposition only).
	Sheet string `yaml:"sheet,omitempty"`
	// Tagged writes a tagged, accessible PDF: its logical structure in
	// reading order, alternative text, language and title. An imposed
	// booklet's reading-order pages are the tagged file.
	Tagged bool `yaml:"tagged"`
	// Fit asks for the edition to fit this many pages or sheets ("2
	// pages", "1 sheet"): type, leading and pictures are scaled, within
	// FitMinScale and FitMaxScale, to the largest size at which it does.
	Fit Fit `yaml:"fit"`
	// FitMinScale is the smallest scale fit may use (0.5–1).
	FitMinScale float64 `yaml:"fit_min_scale"`
	// FitMaxScale is the largest scale fit may use (1–2): above 1 a short
	// edition is set larger to fill its pages.
	FitMaxScale float64 `yaml:"fit_max_scale"`
	// Scale is the factor fit chose for type, leading and pictures; 0 and
	// 1 mean none. It is not a layout key.
	Scale float64 `yaml:"-"`
	// Color is "color", or "gray" for black-and-white printing: pictures
	// are converted to grey once, text is pure black and rules and
	// decorations are grey.
	Color string `yaml:"color"`

	// Fonts names the type families.
	Fonts Fonts `yaml:"fonts"`
	// FontSize is the body type size.
	FontSize Size `yaml:"font_size"`
	// Leading is the distance between body baselines.
	Leading Size `yaml:"leading"`
	// Justify sets body text flush on both sides; otherwise ragged right.
	Justify bool `yaml:"justify"`
	// Hyphenate breaks words at line ends by the article's language.
	Hyphenate bool `yaml:"hyphenate"`
	// Paragraphs is "indent" (first-line indent) or "space" (space between).
	Paragraphs string `yaml:"paragraphs"`
	// ArticleStart is where an article opens: "page" (a new page),
	// "column" (the top of the next column) or "continue" (straight
	// after the one before, below a rule).
	ArticleStart string `yaml:"article_start"`
	// SectionStart is where the first article of a section opens, with
	// the same values as ArticleStart.
	SectionStart string `yaml:"section_start"`

	// RunningHeads prints the edition title on even pages and the article
	// title on odd pages.
	RunningHeads bool `yaml:"running_heads"`
	// Folios prints page numbers.
	Folios bool `yaml:"folios"`
	// Cover is "image" (the edition's cover, else a masthead), "masthead"
	// (always drawn) or "none".
	Cover string `yaml:"cover"`
	// TOC adds a table of contents with page numbers.
	TOC bool `yaml:"toc"`
	// TOCDepth is how deep the e-book's navigation and the PDF's outline
	// go (1–6): 1 lists sections and articles, 2 adds the articles'
	// top headings, 3 the headings under those. The printed contents
	// page lists articles only.
	TOCDepth int `yaml:"toc_depth"`
	// Credits adds the "Sources and credits" page.
	Credits bool `yaml:"credits"`

	// Formats are the outputs built when neither a flag nor the edition
	// chooses: epub, pdf.
	Formats []string `yaml:"formats"`

	// EPUB is the e-book side of the layout.
	EPUB EPUB `yaml:"epub"`
	// Images sets limits on the pictures an edition may use.
	Images Images `yaml:"images"`

	origin string // where it came from: "built-in" or the edition file
	fsys   fs.FS  // where relative paths (fonts, CSS) resolve
	dir    string // the layout file's folder in fsys
	// keys maps each dotted key to the file and line that set it last
	// along the extends: chain.
	keys map[string]keyPos
}

// keyPos is where a key was set: a layout file and a line in it.
type keyPos struct {
	file string
	line int
}

// Margins are the four distances from the trim to the text block.
type Margins struct {
	Top    Length `yaml:"top"`
	Bottom Length `yaml:"bottom"`
	Inner  Length `yaml:"inner"`
	Outer  Length `yaml:"outer"`
}

// Fonts names a family for each role: a built-in family (serif, sans, mono)
// or a TrueType file relative to the layout file. The bold and italic keys
// name the other faces of a body font given as a file; without them the
// regular file serves for every style.
type Fonts struct {
	Body           string `yaml:"body"`
	BodyBold       string `yaml:"body_bold,omitempty"`
	BodyItalic     string `yaml:"body_italic,omitempty"`
	BodyBoldItalic string `yaml:"body_bold_italic,omitempty"`
	Heading        string `yaml:"heading"`
	Mono           string `yaml:"mono"`
}

// EPUB is the e-book side of a layout.
type EPUB struct {
	// CSS is a stylesheet, relative to the layout file, added after the
	// built-in one.
	CSS string `yaml:"css,omitempty"`
	// MaxPx is the longest side, in pixels, of a picture in the EPUB;
	// larger pictures are scaled down. 0 keeps every picture as it is.
	MaxPx int `yaml:"max_px"`
	// Quality is the JPEG quality (1–100) of pictures that are re-encoded.
	Quality int `yaml:"quality"`
	// Grayscale turns pictures grey, for e-ink readers.
	Grayscale bool `yaml:"grayscale"`
}

// Images sets the limits on pictures.
type Images struct {
	// MinPPI is the print resolution below which a placed picture is
	// reported.
	MinPPI int `yaml:"min_ppi"`
	// MaxPixels is the largest picture (width × height) that is decoded at
	// all; larger ones are refused by their header.
	MaxPixels int `yaml:"max_pixels"`
	// SpanRatio is how much wider than tall a picture must be to go
	// across the columns of a page; 0 spans only pictures that would
	// print below MinPPI in a column.
	SpanRatio float64 `yaml:"span_ratio"`
	// MinScale is how far (0.5–1) a figure may be shrunk below its
	// natural size to keep the last page of an article from holding only
	// a few of its lines.
	MinScale float64 `yaml:"min_scale"`
}

// Origin says where the layout was read from: "built-in" or the edition's
// layout file.
func (l *Layout) Origin() string { return l.origin }

// ReadFile reads a file named relative to the layout file, such as a font or
// a stylesheet. Paths may not leave the folder the layout lives in.
func (l *Layout) ReadFile(name string) ([]byte, error) {
	if l.fsys == nil {
		return nil, fmt.Errorf("%s: layout %s has no folder to read %s from", l.origin, l.Name, name)
	}
	p, ok := l.resolve(name)
	if !ok {
		return nil, fmt.Errorf("%s: %s is outside the edition folder", l.origin, name)
	}
	return fs.ReadFile(l.fsys, p)
}

// resolve names a file relative to the layout file as a path in its
// folder; false when it would leave the folder.
func (l *Layout) resolve(name string) (string, bool) {
	p := path.Clean(path.Join(l.dir, filepathToSlash(name)))
	return p, fs.ValidPath(p) && !strings.HasPrefix(name, "/")
}

func filepathToSlash(s string) string { return strings.ReplaceAll(s, `\`, "/") }

// PageWidth and PageHeight give the trimmed page size in points.
func (l *Layout) PageWidth() float64 { w, _, _ := PageDimensions(l.PageSize); return w }

// PageHeight gives the trimmed page height in points.
func (l *Layout) PageHeight() float64 { _, h, _ := PageDimensions(l.PageSize); return h }

// FontFile reports whether a font reference names a TrueType file rather
// than a built-in family.
func FontFile(ref string) bool {
	r := strings.ToLower(ref)
	return strings.HasSuffix(r, ".ttf") || strings.HasSuffix(r, ".otf")
}

// BuiltinFamilies are the font families inside the binary.
var BuiltinFamilies = []string{"serif", "sans", "mono"}

// PageDimensions returns the width and height in points of a named page
// size or a custom "W x H" size.
func PageDimensions(name string) (w, h float64, err error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "a4":
		return 210 * PtPerMM, 297 * PtPerMM, nil
	case "a5":
		return 148 * PtPerMM, 210 * PtPerMM, nil
	case "a3":
		return 297 * PtPerMM, 420 * PtPerMM, nil
	case "letter":
		return 8.5 * PtPerIn, 11 * PtPerIn, nil
	case "half-letter", "halfletter", "statement":
		return 5.5 * PtPerIn, 8.5 * PtPerIn, nil
	case "legal":
		return 8.5 * PtPerIn, 14 * PtPerIn, nil
	case "tabloid":
		return 11 * PtPerIn, 17 * PtPerIn, nil
	}
	parts := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == 'x' || r == '×' || r == '*' })
	if len(parts) == 2 {
		w, err1 := parseLength(parts[0], "mm")
		h, err2 := parseLength(parts[1], "mm")
		if err1 == nil && err2 == nil && w > 0 && h > 0 {
			return w, h, nil
		}
	}
	return 0, 0, fmt.Errorf("%q is not a page size (A4, A5, A3, Letter, half-letter, legal, tabloid, or custom as \"90mm x 120mm\")", name)
}

var (
	impositions = []string{"none", "saddle", "2up"}
	covers      = []string{"image", "masthead", "none"}
	paragraphs  = []string{"indent", "space"}
	starts      = []string{"page", "column", "continue"}
	formats     = []string{"epub", "pdf"}
	colors      = []string{"color", "gray"}
)

// Validate checks every value and returns the first problem as an *Error
// naming the key.
func (l *Layout) Validate() error {
	bad := func(key, format string, a ...any) error {
		return &Error{File: l.origin, Key: key, Msg: fmt.Sprintf(format, a...)}
	}
	pw, ph, err := PageDimensions(l.PageSize)
	if err != nil {
		return bad("page_size", "%v", err)
	}
	if pw < 50 || ph < 50 || pw > 3000 || ph > 3000 {
		return bad("page_size", "must be between 18mm and 1m on each side, got %s x %s", Length(pw), Length(ph))
	}
	for _, m := range []struct {
		key string
		v   Length
	}{{"margins.top", l.Margins.Top}, {"margins.bottom", l.Margins.Bottom}, {"margins.inner", l.Margins.Inner}, {"margins.outer", l.Margins.Outer}} {
		if m.v < 0 {
			return bad(m.key, "must not be negative, got %s", m.v)
		}
	}
	if tw := pw - float64(l.Margins.Inner+l.Margins.Outer); tw < 36 {
		return bad("margins", "leave a text block only %s wide on a %s page; it needs at least 12.7mm", Length(tw), Length(pw))
	}
	if th := ph - float64(l.Margins.Top+l.Margins.Bottom); th < 72 {
		return bad("margins", "leave a text block only %s high; it needs at least 25.4mm", Length(th))
	}
	if l.TOCDepth < 1 || l.TOCDepth > 6 {
		return bad("toc_depth", "must be 1–6, got %d", l.TOCDepth)
	}
	if l.Columns < 1 || l.Columns > 4 {
		return bad("columns", "must be 1–4, got %d", l.Columns)
	}
	if l.Gutter < 0 || l.Gutter.MM() > 50 {
		return bad("gutter", "must be 0–50mm, got %s", l.Gutter)
	}
	tw := pw - float64(l.Margins.Inner+l.Margins.Outer)
	if colw := (tw - float64(l.Gutter)*float64(l.Columns-1)) / float64(l.Columns); colw < 72 {
		return bad("columns", "%d columns leave each only %s wide; use fewer columns or a larger page", l.Columns, Length(colw))
	}
	if l.Bleed < 0 || l.Bleed.MM() > 10 {
		return bad("bleed", "must be 0–10mm, got %s", l.Bleed)
	}
	if l.CropMarks && l.Bleed.MM() < 2 {
		return bad("crop_marks", "need a bleed of at least 2mm to sit in, got %s", l.Bleed)
	}
	if !slices.Contains(impositions, l.Imposition) {
		return bad("imposition", "must be one of %s, got %q", strings.Join(impositions, ", "), l.Imposition)
	}
	if l.Imposition != "none" {
		sw, sh, err := PageDimensions(l.Sheet)
		if err != nil {
			return bad("sheet", "%v", err)
		}
		// Two pages side by side must fit the sheet in landscape.
		long, short := max(sw, sh), min(sw, sh)
		if 2*pw > long+0.5 || ph > short+0.5 {
			return bad("sheet", "%s cannot hold two %s pages side by side", l.Sheet, l.PageSize)
		}
	}
	for _, f := range []struct{ key, v string }{{"fonts.body", l.Fonts.Body}, {"fonts.heading", l.Fonts.Heading}, {"fonts.mono", l.Fonts.Mono}} {
		if f.v == "" {
			return bad(f.key, "must name a family (%s) or a .ttf file", strings.Join(BuiltinFamilies, ", "))
		}
		if !FontFile(f.v) && !slices.Contains(BuiltinFamilies, f.v) {
			return bad(f.key, "%q is neither a built-in family (%s) nor a .ttf file", f.v, strings.Join(BuiltinFamilies, ", "))
		}
	}
	for _, f := range []struct{ key, v string }{{"fonts.body_bold", l.Fonts.BodyBold}, {"fonts.body_italic", l.Fonts.BodyItalic}, {"fonts.body_bold_italic", l.Fonts.BodyBoldItalic}} {
		if f.v != "" && !FontFile(f.v) {
			return bad(f.key, "must be a .ttf file, got %q", f.v)
		}
		if f.v != "" && !FontFile(l.Fonts.Body) {
			return bad(f.key, "only applies when fonts.body is a .ttf file")
		}
	}
	if l.FontSize < 4 || l.FontSize > 72 {
		return bad("font_size", "must be 4–72pt, got %s", l.FontSize)
	}
	if l.Leading < l.FontSize*0.9 || l.Leading > l.FontSize*3 {
		return bad("leading", "must be 0.9–3 times the font size (%s), got %s", l.FontSize, l.Leading)
	}
	if !slices.Contains(starts, l.ArticleStart) {
		return bad("article_start", "must be one of %s, got %q", strings.Join(starts, ", "), l.ArticleStart)
	}
	if !slices.Contains(starts, l.SectionStart) {
		return bad("section_start", "must be one of %s, got %q", strings.Join(starts, ", "), l.SectionStart)
	}
	if !slices.Contains(paragraphs, l.Paragraphs) {
		return bad("paragraphs", "must be one of %s, got %q", strings.Join(paragraphs, ", "), l.Paragraphs)
	}
	if l.FitMinScale < 0.5 || l.FitMinScale > 1 {
		return bad("fit_min_scale", "must be 0.5–1, got %g", l.FitMinScale)
	}
	if l.FitMaxScale < 1 || l.FitMaxScale > 2 {
		return bad("fit_max_scale", "must be 1–2, got %g", l.FitMaxScale)
	}
	if !slices.Contains(colors, l.Color) {
		return bad("color", "must be one of %s, got %q", strings.Join(colors, ", "), l.Color)
	}
	if !slices.Contains(covers, l.Cover) {
		return bad("cover", "must be one of %s, got %q", strings.Join(covers, ", "), l.Cover)
	}
	if len(l.Formats) == 0 {
		return bad("formats", "must name at least one of %s", strings.Join(formats, ", "))
	}
	for _, f := range l.Formats {
		if !slices.Contains(formats, f) {
			return bad("formats", "must be among %s, got %q", strings.Join(formats, ", "), f)
		}
	}
	if l.EPUB.MaxPx != 0 && (l.EPUB.MaxPx < 64 || l.EPUB.MaxPx > 20000) {
		return bad("epub.max_px", "must be 0 (keep) or 64–20000, got %d", l.EPUB.MaxPx)
	}
	if l.EPUB.Quality < 1 || l.EPUB.Quality > 100 {
		return bad("epub.quality", "must be 1–100, got %d", l.EPUB.Quality)
	}
	if l.EPUB.CSS != "" && !strings.HasSuffix(strings.ToLower(l.EPUB.CSS), ".css") {
		return bad("epub.css", "must be a .css file, got %q", l.EPUB.CSS)
	}
	if l.Images.MinPPI < 0 || l.Images.MinPPI > 2400 {
		return bad("images.min_ppi", "must be 0–2400, got %d", l.Images.MinPPI)
	}
	if l.Images.SpanRatio != 0 && (l.Images.SpanRatio < 1 || l.Images.SpanRatio > 10) {
		return bad("images.span_ratio", "must be 0 (never by shape) or 1–10, got %g", l.Images.SpanRatio)
	}
	if l.Images.MinScale < 0.5 || l.Images.MinScale > 1 {
		return bad("images.min_scale", "must be 0.5–1, got %g", l.Images.MinScale)
	}
	if l.Images.MaxPixels < 1_000_000 || l.Images.MaxPixels > 1_000_000_000 {
		return bad("images.max_pixels", "must be 1,000,000–1,000,000,000, got %d", l.Images.MaxPixels)
	}
	return nil
}

// Error is a problem in a layout file: which file, line and key, and what is
// wrong.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
	// Hint is advice on fixing it, when there is some.
	Hint string
}

// keyError is a problem with the value of a dotted key ("fonts.body"),
// naming the layout file and line that set it.
func (l *Layout) keyError(key, msg string) *Error {
	e := &Error{File: l.origin, Key: key, Msg: msg}
	if p, ok := l.keys[key]; ok {
		e.File, e.Line = p.file, p.line
	}
	return e
}

// fontRefs lists the font files the layout names, by key ("fonts.body"),
// in a fixed order.
func (l *Layout) fontRefs() [][2]string {
	var refs [][2]string
	for _, f := range [][2]string{
		{"fonts.body", l.Fonts.Body}, {"fonts.body_bold", l.Fonts.BodyBold}, {"fonts.body_italic", l.Fonts.BodyItalic},
		{"fonts.body_bold_italic", l.Fonts.BodyBoldItalic}, {"fonts.heading", l.Fonts.Heading}, {"fonts.mono", l.Fonts.Mono},
	} {
		if FontFile(f[1]) {
			refs = append(refs, f)
		}
	}
	return refs
}

// CheckFonts reads every font file the layout names and hands it to
// parse, the font reader the PDF uses. A file that cannot be read or
// parsed is an *Error naming the layout file, line and key.
func (l *Layout) CheckFonts(parse func(name string, data []byte) error) error {
	for _, f := range l.fontRefs() {
		key, name := f[0], f[1]
		if _, ok := l.resolve(name); !ok || l.fsys == nil {
			return l.keyError(key, fmt.Sprintf("%s is outside the edition folder", name))
		}
		p, _ := l.resolve(name)
		data, err := l.ReadFile(name)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			msg := fmt.Sprintf("%s cannot be read: %v", name, err)
			if errors.Is(err, fs.ErrNotExist) {
				msg = fmt.Sprintf("%s is not there (looked for %s in the edition folder)", name, p)
			}
			e := l.keyError(key, msg)
			e.Hint = "font files are named relative to the layout file, in the edition folder"
			return e
		}
		if err := parse(name, data); err != nil {
			e := l.keyError(key, fmt.Sprintf("%s is not a TrueType font: %v", name, err))
			e.Hint = "name a TrueType (.ttf) file, or a built-in family: " + strings.Join(BuiltinFamilies, ", ")
			return e
		}
	}
	return nil
}

// Error formats as "layouts/mine.yaml:4: columns: must be 1–4, got -1".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// UnknownError reports a layout name that is neither built in nor in the
// edition's layouts/ folder.
type UnknownError struct {
	Name      string
	Available []string
}

// Error lists the layouts there are.
func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown layout %q (there are: %s)", e.Name, strings.Join(e.Available, ", "))
}

// TextWidth is the width of the text block on a page, in points.
func (l *Layout) TextWidth() float64 {
	return l.PageWidth() - float64(l.Margins.Inner+l.Margins.Outer)
}

// TextHeight is the height of the text block on a page, in points.
func (l *Layout) TextHeight() float64 {
	return l.PageHeight() - float64(l.Margins.Top+l.Margins.Bottom)
}

// ColumnWidth is the width of one text column, in points.
func (l *Layout) ColumnWidth() float64 {
	n := float64(max(1, l.Columns))
	return (l.TextWidth() - float64(l.Gutter)*(n-1)) / n
}

// NaturalPPI is the resolution at which a picture is shown at its natural
// size: a picture is never enlarged beyond it (96 pixels to the inch, the
// CSS pixel).
const NaturalPPI = 96

// FigureSize is the size, in points, at which a picture of w × h pixels is
// placed in a frame of the given width: as wide as the frame, but never
// enlarged past its natural size, and never taller than 60% of the text
// block, then scaled by Scale when fit chose one. Both renderers and
// `offprint check` place pictures by it.
func (l *Layout) FigureSize(w, h int, frame float64) (float64, float64) {
	if w <= 0 || h <= 0 {
		return frame, frame * 0.6
	}
	pw := frame
	if natural := float64(w) * 72 / NaturalPPI; natural < pw {
		pw = natural
	}
	ph := pw * float64(h) / float64(w)
	if maxH := l.TextHeight() * 0.6; ph > maxH {
		ph = maxH
		pw = ph * float64(w) / float64(h)
	}
	if s := l.Scale; s > 0 && s != 1 {
		// fit's scale, never wider than the frame
		s = min(s, frame/pw)
		pw, ph = pw*s, ph*s
	}
	return pw, ph
}

// PlacedPPI is the print resolution of a picture of w pixels across placed
// at a width of pt points.
func PlacedPPI(w int, pt float64) float64 {
	if pt <= 0 {
		return 0
	}
	return float64(w) / (pt / 72)
}

// PixelsFor is how many pixels wide a picture must be to fill a frame of
// the given width (points) at the layout's minimum print resolution. A
// smaller picture is placed at its natural size or stretched, and prints
// coarser than images.min_ppi.
func (l *Layout) PixelsFor(frame float64) int {
	return int(math.Ceil(float64(l.Images.MinPPI) * frame / 72))
}
