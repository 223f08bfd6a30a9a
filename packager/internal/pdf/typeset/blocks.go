package typeset

import "bytes"

// Element is a piece of vertical material that a Flow places in frames.
type Element interface {
	// Height is the element's height when set whole.
	Height() float64
	// MinHeight is the height of the smallest piece the element can be
	// split into (its whole height when it cannot be split).
	MinHeight() float64
	// Split divides the element so that head is at most avail high. head
	// is nil when no piece fits; tail is nil when the whole fits.
	Split(avail float64) (head, tail Element)
	// Draw adds the element to a page with its top-left corner at (x, y).
	Draw(p *Page, x, y float64)
}

// TextBlock is a broken paragraph: lines of one leading, drawn from a
// Builder.
type TextBlock struct {
	B     *Builder
	Lines []Line
	// Leading is the distance from one baseline to the next, and the height
	// of each line.
	Leading float64
	// Baseline is the distance from a line's top to its baseline.
	Baseline float64
	// Indent is the offset of the measure from the element's left edge.
	Indent float64
	Align  Align
	// Marker, when set, is drawn on the first line ending MarkerGap before
	// the measure (a list bullet or number).
	Marker    *Frag
	MarkerGap float64
	// MarkerStyle is the style the marker is drawn in.
	MarkerStyle *Style
	// MarkerRight puts the marker MarkerGap after the measure's right
	// end instead (right-to-left text).
	MarkerRight bool
	// Orphans and Widows are the fewest lines left at the foot of a column
	// and carried to the next (applied when the block has enough lines).
	Orphans, Widows int
	// Pad is extra space above the first and below the last line (for
	// code blocks and other boxed text).
	Pad float64
	// Background, when HasBackground, fills the block's area from
	// BgLeft to BgRight (offsets from the element's left edge).
	Background      Color
	HasBackground   bool
	BgLeft, BgRight float64
	// Bar, when non-zero, draws a vertical rule of that width BarX from the
	// element's left edge along the block (quotations).
	Bar, BarX float64
	BarColor  Color
	// Anchor, when set, names the block as a link target.
	Anchor string
	// Outline, when set, is the block's entry in the document outline,
	// at OutlineLevel (0 the top).
	Outline      string
	OutlineLevel int
	// Role says what the block is ("body", "heading", "caption", …) for
	// tools that inspect pages; it does not change how it is set.
	Role string
	// Tag is the structure element the block's text belongs to (nil for
	// none); both pieces of a split block keep it.
	Tag *Tag

	first, n  int
	headPiece bool // not the last piece: no bottom pad
	tailPiece bool // not the first piece: no top pad
}

// NewTextBlock breaks a builder's items with br at a constant measure and
// returns the block. size and face give the baseline position.
func NewTextBlock(b *Builder, br Breaker, measure, leading, size float64, face *Face, align Align) *TextBlock {
	measure = max(measure, 1)
	lines := br.Break(b.Items, func(int) float64 { return measure })
	asc, desc := 0.9, 0.22
	if face != nil {
		asc, desc = face.Ascent, face.Descent
	}
	return &TextBlock{
		B: b, Lines: lines, Leading: leading,
		Baseline: (leading + (asc-desc)*size) / 2,
		Align:    align, n: len(lines), Orphans: 2, Widows: 2,
	}
}

// Overfull reports whether a line is wider than its measure (material
// that could not be broken small enough).
func (t *TextBlock) Overfull() bool {
	for _, l := range t.Lines[t.first : t.first+t.n] {
		if l.Width > l.Measure+0.01 && l.Ratio <= -1+eps {
			return true
		}
	}
	return false
}

// NumLines returns the number of lines in this piece of the block.
func (t *TextBlock) NumLines() int { return t.n }

// Piece returns the index of the first line of this piece of the block
// in Lines, and how many lines it has.
func (t *TextBlock) Piece() (first, n int) { return t.first, t.n }

// Hyphenated reports whether line i of Lines ends with a hyphen (a
// flagged break).
func (t *TextBlock) Hyphenated(i int) bool {
	if i < 0 || i >= len(t.Lines) || t.B == nil {
		return false
	}
	e := t.Lines[i].End
	return e < len(t.B.Items) && t.B.Items[e].Kind == Penalty && t.B.Items[e].Flagged
}

// hyphenAtFoot reports whether line i ends with a hyphen that may not end
// a column: any but one breaking a string of letters too long for any
// line, which could otherwise never be split.
func (t *TextBlock) hyphenAtFoot(i int) bool {
	return t.Hyphenated(i) && !t.B.Items[t.Lines[i].End].Emergency
}

func (t *TextBlock) pads() (top, bottom float64) {
	if !t.tailPiece {
		top = t.Pad
	}
	if !t.headPiece {
		bottom = t.Pad
	}
	return
}

// Height implements Element.
func (t *TextBlock) Height() float64 {
	top, bot := t.pads()
	return float64(t.n)*t.Leading + top + bot
}

// MinHeight implements Element.
func (t *TextBlock) MinHeight() float64 {
	k := t.minHead()
	top, _ := t.pads()
	if k >= t.n {
		return t.Height()
	}
	return float64(k)*t.Leading + top
}

// minHead is the fewest lines the block can leave at the foot of a
// column: its orphans, and more when the line there would end with a
// hyphen.
func (t *TextBlock) minHead() int {
	if t.n < t.Orphans+t.Widows {
		return t.n // too short to split without an orphan or a widow
	}
	for k := max(t.Orphans, 1); k <= t.n-t.Widows; k++ {
		if !t.hyphenAtFoot(t.first + k - 1) {
			return k
		}
	}
	return t.n
}

// Split implements Element.
func (t *TextBlock) Split(avail float64) (Element, Element) {
	if t.Height() <= avail+eps {
		return t, nil
	}
	top, _ := t.pads()
	k := int((avail - top + eps) / t.Leading)
	if k >= t.n {
		k = t.n - 1
	}
	if t.n >= t.Orphans+t.Widows {
		if k < t.Orphans {
			return nil, t
		}
		if t.n-k < t.Widows {
			k = t.n - t.Widows
		}
	} else if t.Orphans > 1 || t.Widows > 1 {
		return nil, t // too short to split without an orphan or a widow
	}
	// A column does not end with a hyphen: the head gives up lines until
	// it ends on a whole word, as long as it keeps its orphans.
	for k > 0 && t.hyphenAtFoot(t.first+k-1) {
		k--
	}
	if k <= 0 || k < t.Orphans {
		return nil, t
	}
	head, tail := *t, *t
	head.n, head.headPiece = k, true
	tail.first, tail.n, tail.tailPiece = t.first+k, t.n-k, true
	tail.Marker = nil
	return &head, &tail
}

// Draw implements Element.
func (t *TextBlock) Draw(p *Page, x, y float64) {
	top, _ := t.pads()
	if t.Outline != "" && !t.tailPiece {
		p.Add(Op{Kind: OpBookmark, Text: t.Outline, Level: t.OutlineLevel, Y: y})
	}
	if t.Anchor != "" && !t.tailPiece {
		p.Add(Op{Kind: OpAnchor, Text: t.Anchor, Y: y})
	}
	if t.HasBackground {
		p.Rect(x+t.BgLeft, y, t.BgRight-t.BgLeft, t.Height(), t.Background)
	}
	if t.Bar > 0 {
		bx := x + max(t.BarX, t.Bar/2)
		p.Line(bx, y, bx, y+t.Height(), t.Bar, t.BarColor)
	}
	y += top
	if t.n > 0 && t.Marker != nil && t.MarkerStyle != nil {
		// A list item's number or bullet is its label (Lbl), the first
		// part of the item; a note's number, of the note's text.
		var lbl *Tag
		if t.Tag != nil {
			parent := t.Tag
			if t.Tag.Parent != nil && t.Tag.Parent.Role == "LBody" {
				parent = t.Tag.Parent.Parent
			}
			lbl = &Tag{Role: "Lbl", Parent: parent}
			p.Add(Op{Kind: OpTagBegin, Tag: lbl})
		}
		ms := t.MarkerStyle
		mx := max(x+t.Indent-t.MarkerGap-t.Marker.Width, x)
		if t.MarkerRight {
			mx = x + t.Indent + t.Lines[t.first].Measure + t.MarkerGap
		}
		p.Text(mx, y+t.Baseline, t.Marker.Face, ms.Size, ms.Color, t.Marker.Text)
		if lbl != nil {
			p.Add(Op{Kind: OpTagEnd})
		}
	}
	if t.Tag != nil {
		p.Add(Op{Kind: OpTagBegin, Tag: t.Tag})
		defer p.Add(Op{Kind: OpTagEnd})
	}
	for i := 0; i < t.n; i++ {
		l := t.Lines[t.first+i]
		base := y + float64(i)*t.Leading + t.Baseline
		DrawLine(p, t.B, l, t.Align, x+t.Indent, base)
	}
}

// DrawLine adds one line's text, strike-throughs and links to a page with
// its baseline's left end at (x, base). Adjacent fragments in one face and
// style that sit at their natural spacing are joined into one operation.
func DrawLine(p *Page, b *Builder, l Line, align Align, x, base float64) {
	var cur *Frag
	var curX, curEnd float64
	var buf []byte
	var linkStart, linkEnd float64
	var link string
	var linkSize float64
	flushLink := func() {
		if link != "" && linkEnd > linkStart {
			p.Add(Op{Kind: OpLink, X: linkStart, Y: base - linkSize*0.85, W: linkEnd - linkStart, H: linkSize * 1.1, Text: link})
		}
		if link != "" {
			p.Add(Op{Kind: OpTagEnd})
		}
		link = ""
	}
	flush := func() {
		if cur == nil {
			return
		}
		st := &b.Styles[cur.Style]
		p.Text(curX, base-st.Rise, cur.Face, st.Size, st.Color, string(buf))
		if st.Strike {
			yy := base - st.Rise - st.Size*0.28
			p.Line(curX, yy, curEnd, yy, st.Size*0.06, st.Color)
		}
		cur = nil
		buf = buf[:0]
	}
	// the hyphen a break inside a word adds, if the line ends with one
	var hyphen *Frag
	if l.End < len(b.Items) {
		if it := &b.Items[l.End]; it.Kind == Penalty && it.Frag >= 0 {
			hyphen = &b.Frags[it.Frag]
		}
	}
	b.PlaceLine(l, align, func(pl Placed) {
		fr := pl.Frag
		fx := x + pl.X
		st := &b.Styles[fr.Style]
		if fr == hyphen {
			flush()
			p.Add(Op{Kind: OpText, X: fx, Y: base - st.Rise, Face: fr.Face, Size: st.Size, Fill: st.Color, Text: pl.Text, Hyphen: true})
			return
		}
		if cur != nil {
			cst := &b.Styles[cur.Style]
			gap := fx - curEnd
			space := float64(fr.Face.Advance(' ')) * st.Size / 1000
			switch {
			case cur.Face == fr.Face && *cst == *st && gap > -eps && gap < eps:
				buf = append(buf, pl.Text...)
				curEnd = fx + fr.Width
				goto linked
			case cur.Face == fr.Face && *cst == *st && space > 0 && gap > space-0.001 && gap < space+0.001 && fr.Face.Has(' '):
				buf = append(buf, ' ')
				buf = append(buf, pl.Text...)
				curEnd = fx + fr.Width
				goto linked
			}
			// A word space, set wider or narrower than the face's, still
			// reads as a space to text extraction and assistive technology:
			// the word before it ends with an (invisible) space glyph.
			if gap > space*0.25 && cur.Face.Has(' ') && !bytes.HasSuffix(buf, []byte(" ")) {
				buf = append(buf, ' ')
			}
			flush()
		}
		cur, curX, curEnd = fr, fx, fx+fr.Width
		buf = append(buf[:0], pl.Text...)
	linked:
		if st.Link != link || fx > linkEnd+st.Size {
			flushLink()
		}
		if st.Link != "" {
			if link == "" {
				link, linkStart, linkSize = st.Link, fx, st.Size
				// The link's text and its annotation are one Link
				// element, inside the element being drawn.
				p.Add(Op{Kind: OpTagBegin, Tag: &Tag{Role: "Link"}})
			}
			linkEnd = fx + fr.Width
		}
	})
	// So does the break at the line's end, unless it is inside a word
	// (after a hyphen, or in a long word or address broken where it had
	// no space).
	inWord := l.End < len(b.Items) && b.Items[l.End].Kind == Penalty && b.Items[l.End].Penalty > -Inf
	if cur != nil && len(buf) > 0 && cur.Face.Has(' ') && !inWord && !bytes.HasSuffix(buf, []byte(" ")) {
		buf = append(buf, ' ')
	}
	flush()
	flushLink()
}

// Fixed is an unsplittable element of a given height drawn by a function.
type Fixed struct {
	H  float64
	Fn func(p *Page, x, y float64)
}

// Height implements Element.
func (f *Fixed) Height() float64 { return f.H }

// MinHeight implements Element.
func (f *Fixed) MinHeight() float64 { return f.H }

// Split implements Element: a Fixed element is never split.
func (f *Fixed) Split(avail float64) (Element, Element) {
	if f.H <= avail+eps {
		return f, nil
	}
	return nil, f
}

// Draw implements Element.
func (f *Fixed) Draw(p *Page, x, y float64) {
	if f.Fn != nil {
		f.Fn(p, x, y)
	}
}

// Keep is elements stacked with gaps between them and never split (a
// figure with its caption).
type Keep struct {
	Items []Element
	Gaps  []float64 // space after each item but the last
}

// Height implements Element.
func (k *Keep) Height() float64 {
	h := 0.0
	for i, it := range k.Items {
		h += it.Height()
		if i < len(k.Items)-1 && i < len(k.Gaps) {
			h += k.Gaps[i]
		}
	}
	return h
}

// MinHeight implements Element.
func (k *Keep) MinHeight() float64 { return k.Height() }

// Split implements Element: a Keep is never split.
func (k *Keep) Split(avail float64) (Element, Element) {
	if k.Height() <= avail+eps {
		return k, nil
	}
	return nil, k
}

// Draw implements Element.
func (k *Keep) Draw(p *Page, x, y float64) {
	for i, it := range k.Items {
		it.Draw(p, x, y)
		y += it.Height()
		if i < len(k.Items)-1 && i < len(k.Gaps) {
			y += k.Gaps[i]
		}
	}
}

// Stack is a splittable list of rows (table rows): it splits between rows
// and repeats its header rows at the top of every piece but the first.
type Stack struct {
	Header []Element
	Rows   []Element
	// Frame, when set, draws over every piece once its rows are drawn
	// (rules above and below); it takes no height.
	Frame func(p *Page, x, top, bottom float64)
}

func (s *Stack) headerHeight() float64 {
	h := 0.0
	for _, e := range s.Header {
		h += e.Height()
	}
	return h
}

// Height implements Element.
func (s *Stack) Height() float64 {
	h := s.headerHeight()
	for _, r := range s.Rows {
		h += r.Height()
	}
	return h
}

// MinHeight implements Element.
func (s *Stack) MinHeight() float64 {
	h := s.headerHeight()
	if len(s.Rows) > 0 {
		h += s.Rows[0].MinHeight()
	}
	return h
}

// Split implements Element.
func (s *Stack) Split(avail float64) (Element, Element) {
	if s.Height() <= avail+eps {
		return s, nil
	}
	h := s.headerHeight()
	k := 0
	for k < len(s.Rows) && h+s.Rows[k].Height() <= avail+eps {
		h += s.Rows[k].Height()
		k++
	}
	if k == 0 {
		// Split the first row itself if it can be.
		if len(s.Rows) == 0 {
			return nil, s
		}
		rh, rt := s.Rows[0].Split(avail - h)
		if rh == nil {
			return nil, s
		}
		head := &Stack{Header: s.Header, Rows: []Element{rh}, Frame: s.Frame}
		rest := append([]Element{rt}, s.Rows[1:]...)
		return head, &Stack{Header: s.Header, Rows: rest, Frame: s.Frame}
	}
	head := &Stack{Header: s.Header, Rows: s.Rows[:k], Frame: s.Frame}
	return head, &Stack{Header: s.Header, Rows: s.Rows[k:], Frame: s.Frame}
}

// Draw implements Element.
func (s *Stack) Draw(p *Page, x, y float64) {
	top := y
	for _, e := range s.Header {
		e.Draw(p, x, y)
		y += e.Height()
	}
	for _, r := range s.Rows {
		r.Draw(p, x, y)
		y += r.Height()
	}
	if s.Frame != nil {
		s.Frame(p, x, top, y)
	}
}
