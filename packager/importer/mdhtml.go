package importer

import (
	"bytes"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"

	"github.com/offprint/offprint/packager/model"
)

// htmlConv turns raw HTML blocks of a Markdown article into blocks: a
// <figure> with its picture, caption and credit becomes a Figure, a lone
// <img> a Figure, headings, <pre> and <hr> their blocks, and any other
// markup paragraphs of its text (block-level elements split paragraphs).
// Scripts, styles, embedded frames, forms and comments are dropped.
//
// A <figure> may run over several HTML blocks with Markdown between them
// (blank lines end an HTML block); the conversion stays open until its
// </figure>.
type htmlConv struct {
	c    *mdConv
	out  []model.Block
	para *inliner // the paragraph being built

	heading int              // level while inside <h1>…<h6>
	pre     *strings.Builder // text while inside <pre>
	preLang string
	fig     *figState
	drop    []string // open elements whose content is dropped
	source  string   // address from a <picture>'s <source>

	// Where the block being read came from, to give figures their line:
	// each raw offset in starts maps to the source offset in srcOffs.
	starts, srcOffs []int
}

// figState is an HTML <figure> being read.
type figState struct {
	nested    int           // <figure>s open inside this one
	line      int           // where it starts
	base      *model.Figure // its picture, once met
	title     string        // the picture's title
	caption   *inliner      // <figcaption>
	other     *inliner      // text outside the caption
	inCaption int
	credit    strings.Builder // text of a credit element
	creditTag string          // the credit element while inside it
	creditN   int             // how many creditTag elements are open
	extra     []model.Block   // more pictures, and Markdown paragraphs taken in
}

func newHTMLConv(c *mdConv) *htmlConv {
	return &htmlConv{c: c, para: &inliner{c: c, collapse: true}}
}

func (h *htmlConv) inFigure() bool { return h.fig != nil }

// feedBlock reads one HTML block.
func (h *htmlConv) feedBlock(n *ast.HTMLBlock) {
	var raw []byte
	h.starts, h.srcOffs = h.starts[:0], h.srcOffs[:0]
	add := func(start, stop int) {
		h.starts = append(h.starts, len(raw))
		h.srcOffs = append(h.srcOffs, start)
		raw = append(raw, h.c.src[start:stop]...)
	}
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		add(seg.Start, seg.Stop)
	}
	if n.HasClosure() {
		add(n.ClosureLine.Start, n.ClosureLine.Stop)
	}
	z := html.NewTokenizer(bytes.NewReader(raw))
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		h.token(z, tt, off)
		off += len(z.Raw())
	}
}

// lineAt returns the file line of a raw offset in the current block.
func (h *htmlConv) lineAt(off int) int {
	i := sort.Search(len(h.starts), func(i int) bool { return h.starts[i] > off }) - 1
	if i < 0 {
		return 0
	}
	return h.c.line(h.srcOffs[i] + off - h.starts[i])
}

// blockTags are HTML elements that end a paragraph where they start and
// end.
var blockTags = map[string]bool{
	"p": true, "div": true, "li": true, "ul": true, "ol": true, "blockquote": true,
	"section": true, "article": true, "header": true, "footer": true, "aside": true,
	"nav": true, "main": true, "table": true, "thead": true, "tbody": true, "tfoot": true,
	"tr": true, "caption": true, "dl": true, "dt": true, "dd": true, "address": true,
	"details": true, "summary": true, "center": true, "fieldset": true, "legend": true,
	"hgroup": true, "menu": true, "body": true, "html": true,
}

var headingLevels = map[string]int{"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

// target is the inliner text and inline elements go to.
func (h *htmlConv) target() *inliner {
	switch f := h.fig; {
	case f == nil:
		return h.para
	case f.inCaption > 0:
		return f.caption
	}
	return h.fig.other
}

func (h *htmlConv) token(z *html.Tokenizer, tt html.TokenType, off int) {
	switch tt {
	case html.StartTagToken, html.SelfClosingTagToken:
		name, attrs := tagOf(z)
		h.start(name, attrs, tt == html.SelfClosingTagToken, off)
	case html.EndTagToken:
		name, _ := z.TagName()
		h.end(string(name))
	case html.TextToken:
		if len(h.drop) > 0 {
			return
		}
		t := string(z.Text())
		switch {
		case h.pre != nil:
			h.pre.WriteString(t)
		case h.fig != nil && h.fig.creditTag != "":
			h.fig.credit.WriteString(t)
		default:
			h.target().text(t)
		}
	}
}

func (h *htmlConv) start(name string, attrs []html.Attribute, selfClosing bool, off int) {
	if dropped[name] || len(h.drop) > 0 {
		if dropped[name] && !void[name] && !selfClosing {
			h.drop = append(h.drop, name)
		}
		return
	}
	if h.pre != nil {
		if name == "code" && h.preLang == "" {
			h.preLang = codeLang(attrs)
		}
		return
	}
	f := h.fig
	if f != nil && f.creditTag != "" {
		if name == f.creditTag {
			f.creditN++
		}
		if name == "br" || blockTags[name] {
			f.credit.WriteByte(' ')
		}
		return
	}
	switch {
	case name == "figure":
		if f != nil {
			f.nested++
			return
		}
		h.flushPara()
		h.fig = &figState{line: h.lineAt(off), caption: &inliner{c: h.c, collapse: true}, other: &inliner{c: h.c, collapse: true}}
		return
	case name == "picture":
		h.source = ""
		return
	case name == "source":
		if h.source == "" {
			if v, ok := attr(attrs, "srcset"); ok {
				h.source = firstSrcset(v)
			} else if v, ok := attr(attrs, "src"); ok {
				h.source = strings.TrimSpace(v)
			}
		}
		return
	case name == "img":
		line := h.lineAt(off)
		switch {
		case f != nil && f.base == nil:
			if fig := imgFigure(attrs, h.source, line); fig != nil {
				f.base = fig
				f.base.Caption = nil
				f.title, _ = attr(attrs, "title")
				alt, _ := attr(attrs, "alt")
				f.base.Alt, f.base.Credit = collapseSpace(alt), ""
			}
		case f != nil && f.inCaption > 0:
			alt, _ := attr(attrs, "alt")
			f.caption.text(alt)
		case f != nil:
			if fig := imgFigure(attrs, h.source, line); fig != nil {
				f.extra = append(f.extra, fig)
			}
		default:
			if fig := imgFigure(attrs, h.source, line); fig != nil {
				h.para.figs = append(h.para.figs, fig)
			}
		}
		return
	case f != nil && hasCreditClass(attrs) && !void[name] && !selfClosing:
		f.creditTag, f.creditN = name, 1
		if f.credit.Len() > 0 {
			f.credit.WriteString("; ")
		}
		return
	case f != nil && name == "figcaption":
		f.inCaption++
		return
	case name == "pre" && f == nil:
		h.flushPara()
		h.pre, h.preLang = &strings.Builder{}, codeLang(attrs)
		return
	case headingLevels[name] > 0 && f == nil:
		h.flushPara()
		h.heading = headingLevels[name]
		return
	case name == "hr" && f == nil:
		h.flushPara()
		h.out = append(h.out, &model.Rule{})
		return
	case blockTags[name]:
		h.blockEdge()
		return
	case name == "td" || name == "th":
		h.target().text(" ")
		return
	}
	h.target().startTag(name, attrs, selfClosing, h.lineAt(off))
}

func (h *htmlConv) end(name string) {
	if len(h.drop) > 0 {
		h.drop = popTo(h.drop, name, func(s string) string { return s })
		return
	}
	if h.pre != nil {
		if name == "pre" {
			t := strings.TrimPrefix(h.pre.String(), "\n")
			h.out = append(h.out, &model.CodeBlock{Lang: h.preLang, Text: strings.TrimSuffix(t, "\n")})
			h.pre = nil
		}
		return
	}
	f := h.fig
	if f != nil && f.creditTag != "" {
		if name == f.creditTag {
			f.creditN--
			if f.creditN == 0 {
				f.creditTag = ""
			}
		}
		if blockTags[name] {
			f.credit.WriteByte(' ')
		}
		return
	}
	switch {
	case name == "figure" && f != nil:
		if f.nested > 0 {
			f.nested--
			return
		}
		h.finishFigure()
	case name == "figcaption" && f != nil:
		f.inCaption = max(0, f.inCaption-1)
	case name == "picture":
		h.source = ""
	case headingLevels[name] > 0 && f == nil:
		h.flushPara()
		h.heading = 0
	case blockTags[name]:
		h.blockEdge()
	default:
		h.target().endTag(name)
	}
}

// blockEdge ends a paragraph (inside a figure, it is a space).
func (h *htmlConv) blockEdge() {
	if h.fig != nil {
		h.target().text(" ")
		return
	}
	h.flushPara()
}

// flushPara ends the paragraph (or heading) being built, and places the
// pictures met in it after it.
func (h *htmlConv) flushPara() {
	spans := h.para.buf.finish()
	if spans != nil {
		if h.heading > 0 {
			hd := &model.Heading{Level: h.heading, Spans: spans}
			h.c.headings = append(h.c.headings, hd)
			h.out = append(h.out, hd)
		} else {
			h.out = append(h.out, &model.Paragraph{Spans: spans})
		}
	}
	h.out = append(h.out, h.para.figs...)
	h.para.figs = nil
}

// finishFigure turns the figure read so far into blocks: a Figure when it
// had a picture (its caption from <figcaption>, else the other text, else
// the alt text; its credit from a credit element, the caption or the
// picture's title), else its text.
func (h *htmlConv) finishFigure() {
	f := h.fig
	h.fig = nil
	caption := f.caption.buf.finish()
	other := f.other.buf.finish()
	credit := collapseSpace(f.credit.String())
	if f.base != nil {
		if caption == nil {
			caption, other = other, nil
		}
		if caption == nil {
			caption = f.base.Caption
			if caption == nil && f.base.Alt != "" {
				caption = []model.Span{{Text: f.base.Alt}}
			}
		}
		var c2 string
		caption, c2 = SplitCreditSpans(caption, f.title)
		fig := f.base
		fig.Caption = caption
		fig.Credit = JoinCredits(credit, fig.Credit, c2)
		if fig.Alt == "" {
			fig.Alt = collapseSpace(model.PlainText(caption))
		}
		h.out = append(h.out, fig)
		if other != nil {
			h.out = append(h.out, &model.Paragraph{Spans: other})
		}
	} else {
		if other != nil {
			h.out = append(h.out, &model.Paragraph{Spans: other})
		}
		caption, c2 := SplitCreditSpans(caption, "")
		credit = JoinCredits(credit, c2)
		switch {
		case other == nil && len(f.extra) == 0 && (caption != nil || credit != ""):
			// A figure whose picture was not kept (a video, a frame)
			// still shows its caption and credit.
			h.out = append(h.out, &model.Figure{Caption: caption, Alt: collapseSpace(model.PlainText(caption)), Credit: credit, Line: f.line})
		default:
			if caption != nil {
				h.out = append(h.out, &model.Paragraph{Spans: caption})
			}
			if credit != "" {
				h.out = append(h.out, &model.Paragraph{Spans: []model.Span{{Text: credit}}})
			}
		}
	}
	h.out = append(h.out, f.extra...)
}

// absorb takes Markdown blocks met inside an open <figure>: its first
// picture becomes the figure's, the rest follow the figure.
func (h *htmlConv) absorb(bs []model.Block) {
	f := h.fig
	for _, b := range bs {
		if fig, ok := b.(*model.Figure); ok && f.base == nil && fig.Image != nil {
			f.base = fig
			continue
		}
		f.extra = append(f.extra, b)
	}
}

// finish ends whatever is still open and returns the blocks.
func (h *htmlConv) finish() []model.Block {
	if h.pre != nil {
		h.end("pre")
	}
	if h.fig != nil {
		h.fig.nested = 0
		h.finishFigure()
	}
	h.flushPara()
	h.heading = 0
	out := h.out
	h.out = nil
	return out
}

// hasCreditClass reports whether an element's class names it as a
// picture credit.
func hasCreditClass(attrs []html.Attribute) bool {
	class, ok := attr(attrs, "class")
	if !ok {
		return false
	}
	for _, c := range strings.Fields(strings.ToLower(class)) {
		if strings.Contains(c, "credit") || strings.Contains(c, "byline") || strings.Contains(c, "copyright") {
			return true
		}
	}
	return false
}

// codeLang reads a code block's language from class="language-go".
func codeLang(attrs []html.Attribute) string {
	class, _ := attr(attrs, "class")
	for _, c := range strings.Fields(class) {
		for _, p := range []string{"language-", "lang-"} {
			if l, ok := strings.CutPrefix(c, p); ok && l != "" {
				return l
			}
		}
	}
	return ""
}
