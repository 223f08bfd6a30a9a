package typeset

// OpKind tells display list operations apart.
type OpKind uint8

// Display list operations. Coordinates are points from the top-left corner
// of the trimmed page, y downwards.
const (
	// OpText sets Text with its baseline's left end at (X, Y) in Face at
	// Size, in Fill colour.
	OpText OpKind = iota
	// OpLine strokes a line from (X, Y) to (W, H) LineWidth wide in Stroke
	// colour.
	OpLine
	// OpRect paints the rectangle X, Y, W, H: filled when Paint has
	// PaintFill, stroked when it has PaintStroke.
	OpRect
	// OpImage draws the picture named Text into the rectangle.
	OpImage
	// OpLink makes the rectangle a link to the URL in Text, or to an
	// anchor when Text starts with "#".
	OpLink
	// OpGoto makes the rectangle a link to page Page (1-based).
	OpGoto
	// OpBookmark adds an outline entry Text at Level pointing to Y on this
	// page.
	OpBookmark
	// OpPath paints Path (absolute coordinates) per Paint.
	OpPath
	// OpClip starts clipping to the rectangle; OpClipEnd ends it.
	OpClip
	// OpClipEnd ends the innermost clip.
	OpClipEnd
	// OpAnchor marks a link target named Text at Y on this page; it draws
	// nothing.
	OpAnchor
	// OpTagBegin starts the content of the structure element Tag; OpTagEnd
	// ends the innermost one. They draw nothing.
	OpTagBegin
	// OpTagEnd ends the innermost OpTagBegin.
	OpTagEnd
)

// Paint flags for rectangles and paths.
const (
	PaintFill    = 1
	PaintStroke  = 2
	PaintEvenOdd = 4
)

// Op is one drawing operation of a page's display list.
type Op struct {
	Kind       OpKind
	Paint      uint8
	Level      int
	Page       int
	X, Y, W, H float64
	Size       float64
	LineWidth  float64
	Face       *Face
	Text       string
	Fill       Color
	Stroke     Color
	Path       []PathSeg
	Tag        *Tag
	// Hyphen marks the text of an OpText as the hyphen a line break
	// inside a word added: the word reads without it.
	Hyphen bool
}

// PathSeg is one segment of a path: 'M' move to (X, Y), 'L' line to it,
// 'C' curve to it with control points (X1, Y1) and (X2, Y2), 'Z' close.
type PathSeg struct {
	Cmd                  byte
	X1, Y1, X2, Y2, X, Y float64
}

// Page is one laid-out page: its display list, in drawing order.
type Page struct {
	Ops []Op
	// Trace asks the Flow to record in Marks what it places on the page.
	Trace bool
	// Marks are the elements placed on a traced page, in order: for tests
	// and tools that check pagination. They draw nothing.
	Marks []Mark
}

// Mark is one element (or piece of one) that a Flow placed on a page.
type Mark struct {
	El Element
	// Col is the column it went in; -1 for material across the text
	// block.
	Col int
	// X, Y are its top-left corner, H its height.
	X, Y, H float64
	// Spacing is how it was added.
	Spacing Spacing
}

// Add appends an operation.
func (p *Page) Add(op Op) { p.Ops = append(p.Ops, op) }

// Text adds a text operation.
func (p *Page) Text(x, y float64, face *Face, size float64, c Color, s string) {
	p.Ops = append(p.Ops, Op{Kind: OpText, X: x, Y: y, Face: face, Size: size, Fill: c, Text: s})
}

// Line adds a stroked line.
func (p *Page) Line(x1, y1, x2, y2, width float64, c Color) {
	p.Ops = append(p.Ops, Op{Kind: OpLine, X: x1, Y: y1, W: x2, H: y2, LineWidth: width, Stroke: c})
}

// Rect adds a filled rectangle.
func (p *Page) Rect(x, y, w, h float64, c Color) {
	p.Ops = append(p.Ops, Op{Kind: OpRect, Paint: PaintFill, X: x, Y: y, W: w, H: h, Fill: c})
}

// Frame adds a stroked rectangle.
func (p *Page) Frame(x, y, w, h, width float64, c Color) {
	p.Ops = append(p.Ops, Op{Kind: OpRect, Paint: PaintStroke, X: x, Y: y, W: w, H: h, LineWidth: width, Stroke: c})
}
