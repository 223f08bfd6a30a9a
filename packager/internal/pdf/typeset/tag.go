package typeset

// Tag is one element of a document's logical structure, as a tagged PDF
// records it: what it is (a standard structure type such as "P", "H2",
// "Figure", "Caption", "LI"), the element it is part of, and for a figure
// its alternative text. Elements of one Tag drawn on several pages are one
// structure element.
type Tag struct {
	Role string
	// Parent is the element this one is part of; nil for a link, which
	// is part of the element drawn around it, or for a top-level one.
	Parent *Tag
	// Alt is the alternative text of a figure.
	Alt string
	// Lang is the element's language when it differs from the document's.
	Lang string
}

// Tagged is an element whose whole content belongs to a structure element.
type Tagged struct {
	El  Element
	Tag *Tag
}

// Height is the wrapped element's.
func (t *Tagged) Height() float64 { return t.El.Height() }

// MinHeight is the wrapped element's.
func (t *Tagged) MinHeight() float64 { return t.El.MinHeight() }

// Split splits the wrapped element; both pieces keep the tag.
func (t *Tagged) Split(avail float64) (head, tail Element) {
	h, tl := t.El.Split(avail)
	if h != nil {
		head = &Tagged{El: h, Tag: t.Tag}
	}
	if tl != nil {
		tail = &Tagged{El: tl, Tag: t.Tag}
	}
	return head, tail
}

// Draw draws the wrapped element inside the tag.
func (t *Tagged) Draw(p *Page, x, y float64) {
	p.Add(Op{Kind: OpTagBegin, Tag: t.Tag})
	t.El.Draw(p, x, y)
	p.Add(Op{Kind: OpTagEnd})
}
