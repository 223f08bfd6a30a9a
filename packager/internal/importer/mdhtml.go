package importer

import (
	"bytes"
	"sort"
	"strconv"
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

	// doc is set when the HTML is a whole article (a saved web page)
	// rather than raw HTML inside Markdown: lists and quotes then become
	// List and Quote blocks, pictures' addresses come from images (by
	// their data-offprint-img index) and lines from data-offprint-line.
	doc    bool
	images []string
	// Open containers (lists, items, quotes, tables), innermost last.
	stack []*container
}

// container is an open list, list item, quote or table.
type container struct {
	tag    string        // "ul", "ol", "li", "blockquote" or "table"
	flat   bool          // nested too deep: its content goes to the parent
	blocks []model.Block // a quote's or item's blocks
	list   *model.List   // a list's
	sawP   bool          // a <p> opened inside the list
	table  *tableState

	// Kept as it is pushed, so that no lookup walks the stack: the
	// index of the innermost container (this or below) that is not
	// flat, of the innermost list, and how many lists and quotes that
	// are not flat are open.
	holder, listAt, level int
}

// tableState is a <table> being read.
type tableState struct {
	header  []model.Cell
	rows    [][]model.Cell
	row     []model.Cell
	inRow   bool
	rowTH   bool // every cell of the row so far is a <th>
	inHead  bool
	align   []model.Align
	cell    *inliner // the cell being read, nil between cells
	caption *inliner // the <caption> being read
	nested  int      // tables opened inside a cell, read as its text
	before  []model.Block
	after   []model.Block // pictures met in cells
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

// htmlDocBlocks converts a whole (sanitised) HTML article into blocks.
// Pictures' addresses come from images by their data-offprint-img index.
func htmlDocBlocks(c *mdConv, doc string, images []string) []model.Block {
	h := newHTMLConv(c)
	h.doc, h.images = true, images
	z := html.NewTokenizer(strings.NewReader(doc))
	z.SetMaxBuf(0)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		h.token(z, tt, 0)
	}
	return h.finish()
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
	case f != nil && f.inCaption > 0:
		return f.caption
	case f != nil:
		return f.other
	}
	if t := h.table(); t != nil {
		switch {
		case t.caption != nil:
			return t.caption
		case t.cell != nil:
			return t.cell
		}
	}
	return h.para
}

// table returns the innermost open table, if the innermost container is
// one.
func (h *htmlConv) table() *tableState {
	if n := len(h.stack); n > 0 && h.stack[n-1].table != nil {
		return h.stack[n-1].table
	}
	return nil
}

// inCell reports whether text goes into a table cell or caption.
func (h *htmlConv) inCell() bool {
	t := h.table()
	return h.fig == nil && t != nil && (t.cell != nil || t.caption != nil)
}

// emit adds blocks to the innermost container that holds blocks, else
// to the output.
func (h *htmlConv) emit(bs ...model.Block) {
	if len(bs) == 0 {
		return
	}
	n := len(h.stack)
	if n == 0 || h.stack[n-1].holder < 0 {
		h.out = append(h.out, bs...)
		return
	}
	ct := h.stack[h.stack[n-1].holder]
	switch {
	case ct.table != nil:
		if ct.table.cell == nil && len(ct.table.rows) == 0 && ct.table.header == nil && !ct.table.inRow {
			ct.table.before = append(ct.table.before, bs...)
		} else {
			ct.table.after = append(ct.table.after, bs...)
		}
	case ct.list != nil:
		// Content right inside a list: an item of its own.
		ct.list.Items = append(ct.list.Items, model.ListItem{Blocks: bs})
	default:
		ct.blocks = append(ct.blocks, bs...)
	}
}

// push opens a container.
func (h *htmlConv) push(ct *container) {
	ct.holder, ct.listAt, ct.level = -1, -1, 0
	if n := len(h.stack); n > 0 {
		top := h.stack[n-1]
		ct.holder, ct.listAt, ct.level = top.holder, top.listAt, top.level
	}
	if !ct.flat {
		ct.holder = len(h.stack)
		if ct.list != nil {
			ct.listAt = len(h.stack)
		}
		if ct.list != nil || ct.tag == "blockquote" {
			ct.level++
		}
	}
	h.stack = append(h.stack, ct)
}

// depth counts the open quotes and lists that are not flat.
func (h *htmlConv) depth() int {
	if n := len(h.stack); n > 0 {
		return h.stack[n-1].level
	}
	return 0
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
	if h.doc && name == "img" {
		attrs = h.docImage(attrs)
	}
	if f == nil && h.startTable(name, attrs) {
		return
	}
	cell := h.inCell()
	switch {
	case name == "figure" && !cell:
		if f != nil {
			f.nested++
			return
		}
		h.flushPara()
		h.fig = &figState{line: h.lineOf(attrs, off), caption: &inliner{c: h.c, collapse: true}, other: &inliner{c: h.c, collapse: true}}
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
		line := h.lineOf(attrs, off)
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
		case cell:
			if fig := imgFigure(attrs, h.source, line); fig != nil {
				t := h.table()
				t.after = append(t.after, fig)
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
	case f != nil || cell:
		// Inside a figure or a table cell, blocks are text.
		if blockTags[name] || headingLevels[name] > 0 || name == "pre" || name == "hr" || name == "figure" {
			h.target().text(" ")
			return
		}
	case name == "pre":
		h.flushPara()
		h.pre, h.preLang = &strings.Builder{}, codeLang(attrs)
		return
	case headingLevels[name] > 0:
		h.flushPara()
		h.heading = headingLevels[name]
		return
	case name == "hr":
		h.flushPara()
		h.emit(&model.Rule{})
		return
	case h.doc && h.startContainer(name, attrs):
		return
	case blockTags[name]:
		h.blockEdge()
		return
	case name == "td" || name == "th":
		h.target().text(" ")
		return
	}
	h.target().startTag(name, attrs, selfClosing, h.lineOf(attrs, off))
}

// lineOf returns the line of an element: its data-offprint-line in a
// document, else where it is in the Markdown block.
func (h *htmlConv) lineOf(attrs []html.Attribute, off int) int {
	if h.doc {
		v, _ := attr(attrs, "data-offprint-line")
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0
		}
		return n
	}
	return h.lineAt(off)
}

// docImage gives an <img> of a document its resolved address, by its
// data-offprint-img index.
func (h *htmlConv) docImage(attrs []html.Attribute) []html.Attribute {
	out := make([]html.Attribute, 0, len(attrs)+1)
	for _, a := range attrs {
		switch a.Key {
		case "src", "srcset", "data-src", "data-original", "data-lazy-src":
			continue
		}
		out = append(out, a)
	}
	v, _ := attr(attrs, "data-offprint-img")
	if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(h.images) {
		out = append(out, html.Attribute{Key: "src", Val: h.images[i]})
	}
	return out
}

// startContainer opens a list, list item or quote of a document and
// reports whether name was one.
func (h *htmlConv) startContainer(name string, attrs []html.Attribute) bool {
	switch name {
	case "ul", "ol":
		h.flushPara()
		ct := &container{tag: name, flat: h.depth() >= maxNesting}
		if !ct.flat {
			ct.list = &model.List{Ordered: name == "ol"}
			if ct.list.Ordered {
				ct.list.Start = 1
				if v, ok := attr(attrs, "start"); ok {
					if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 && n <= 999999999 {
						ct.list.Start = n
					}
				}
			}
		}
		h.push(ct)
	case "li":
		h.flushPara()
		// An item ends the item before it in the same list.
		if n := len(h.stack); n > 0 && h.stack[n-1].tag == "li" {
			h.closeTop()
		}
		n := len(h.stack)
		flat := n == 0 || h.stack[n-1].list == nil
		h.push(&container{tag: "li", flat: flat})
	case "blockquote":
		h.flushPara()
		h.push(&container{tag: name, flat: h.depth() >= maxNesting})
	case "p":
		if n := len(h.stack); n > 0 && h.stack[n-1].listAt >= 0 {
			h.stack[h.stack[n-1].listAt].sawP = true
		}
		return false
	default:
		return false
	}
	return true
}

// startTable handles the table elements; it reports whether name was
// one of them and is done with.
func (h *htmlConv) startTable(name string, attrs []html.Attribute) bool {
	t := h.table()
	if name == "table" {
		if t != nil && (t.cell != nil || t.caption != nil || t.nested > 0) {
			t.nested++
			h.target().text(" ")
			return true
		}
		h.flushPara()
		h.push(&container{tag: "table", table: &tableState{}})
		return true
	}
	if t == nil {
		return false
	}
	if t.nested > 0 {
		switch name {
		case "tr", "td", "th", "caption", "thead", "tbody", "tfoot":
			h.target().text(" ")
			return true
		}
		return false
	}
	switch name {
	case "caption":
		h.endCell()
		t.caption = &inliner{c: h.c, collapse: true}
	case "thead":
		h.endRow()
		t.inHead = true
	case "tbody", "tfoot":
		h.endRow()
		t.inHead = false
	case "tr":
		h.endRow()
		t.inRow, t.rowTH = true, true
	case "td", "th":
		h.endCell()
		if !t.inRow {
			t.inRow, t.rowTH = true, true
		}
		if name == "td" {
			t.rowTH = false
		}
		if len(t.rows) == 0 && t.header == nil {
			t.align = append(t.align, cellAlign(attrs))
		}
		t.cell = &inliner{c: h.c, collapse: true}
	case "col", "colgroup":
	default:
		return false
	}
	return true
}

// cellAlign reads a cell's alignment from align="…".
func cellAlign(attrs []html.Attribute) model.Align {
	v, _ := attr(attrs, "align")
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "left":
		return model.AlignLeft
	case "center":
		return model.AlignCenter
	case "right":
		return model.AlignRight
	}
	return model.AlignDefault
}

// endCell ends the table cell or caption being read.
func (h *htmlConv) endCell() {
	t := h.table()
	if t == nil {
		return
	}
	if t.caption != nil {
		if spans := t.caption.buf.finish(); spans != nil {
			t.before = append(t.before, &model.Paragraph{Spans: spans})
		}
		t.after = append(t.after, t.caption.figs...)
		t.caption = nil
	}
	if t.cell != nil {
		t.row = append(t.row, model.Cell{Spans: t.cell.buf.finish()})
		t.after = append(t.after, t.cell.figs...)
		t.cell = nil
	}
}

// endRow ends the table row being read.
func (h *htmlConv) endRow() {
	h.endCell()
	t := h.table()
	if t == nil || !t.inRow {
		return
	}
	switch {
	case t.header == nil && len(t.rows) == 0 && (t.inHead || t.rowTH) && len(t.row) > 0:
		t.header = t.row
	case len(t.row) > 0:
		t.rows = append(t.rows, t.row)
	}
	t.row, t.inRow = nil, false
}

// finishTable turns a table read into blocks: a Table when it has a
// header row, or two columns and two rows or more; else the text of its
// cells as paragraphs (a table used for layout).
func finishTable(t *tableState) []model.Block {
	out := t.before
	cols := len(t.header)
	for _, r := range t.rows {
		cols = max(cols, len(r))
	}
	rows := len(t.rows)
	if t.header == nil && (cols < 2 || rows < 2) {
		var cells []model.Cell
		cells = append(cells, t.header...)
		for _, r := range t.rows {
			cells = append(cells, r...)
		}
		for _, c := range cells {
			if c.Spans != nil {
				out = append(out, &model.Paragraph{Spans: c.Spans})
			}
		}
		return append(out, t.after...)
	}
	pad := func(r []model.Cell) []model.Cell {
		for len(r) < cols {
			r = append(r, model.Cell{})
		}
		return r
	}
	tb := &model.Table{Align: make([]model.Align, cols)}
	copy(tb.Align, t.align)
	if t.header != nil {
		tb.Header = pad(t.header)
	}
	for _, r := range t.rows {
		tb.Rows = append(tb.Rows, pad(r))
	}
	out = append(out, tb)
	return append(out, t.after...)
}

func (h *htmlConv) end(name string) {
	if len(h.drop) > 0 {
		h.drop = popTo(h.drop, name, func(s string) string { return s })
		return
	}
	if h.pre != nil {
		if name == "pre" {
			t := strings.TrimPrefix(h.pre.String(), "\n")
			h.pre = nil
			h.emit(&model.CodeBlock{Lang: h.preLang, Text: strings.TrimSuffix(t, "\n")})
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
	if f == nil && h.endTable(name) {
		return
	}
	cell := h.inCell()
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
	case f != nil || cell:
		if blockTags[name] || headingLevels[name] > 0 || name == "pre" {
			h.target().text(" ")
			return
		}
		h.target().endTag(name)
	case headingLevels[name] > 0:
		h.flushPara()
		h.heading = 0
	case h.doc && h.endContainer(name):
	case blockTags[name]:
		h.blockEdge()
	default:
		h.target().endTag(name)
	}
}

// endTable handles the end tags of table elements; it reports whether
// name was one of them and is done with.
func (h *htmlConv) endTable(name string) bool {
	t := h.table()
	if t == nil {
		if name == "table" {
			return h.endContainer(name)
		}
		return false
	}
	if t.nested > 0 {
		switch name {
		case "table":
			t.nested--
		case "tr", "td", "th", "caption", "thead", "tbody", "tfoot":
		default:
			return false
		}
		h.target().text(" ")
		return true
	}
	switch name {
	case "td", "th", "caption":
		h.endCell()
	case "tr":
		h.endRow()
	case "thead", "tbody", "tfoot":
		h.endRow()
		t.inHead = false
	case "table":
		return h.endContainer(name)
	default:
		return false
	}
	return true
}

// endContainer closes the innermost open container called name, and
// those opened inside it, and reports whether there was one.
func (h *htmlConv) endContainer(name string) bool {
	switch name {
	case "ul", "ol", "li", "blockquote", "table":
	default:
		return false
	}
	i := len(h.stack) - 1
	for ; i >= 0 && i >= len(h.stack)-maxTagSearch; i-- {
		if h.stack[i].tag == name {
			break
		}
	}
	if i < 0 || i < len(h.stack)-maxTagSearch {
		return false
	}
	h.flushPara()
	for len(h.stack) > i {
		h.closeTop()
	}
	return true
}

// closeTop closes the innermost container and hands what it holds to
// the one around it.
func (h *htmlConv) closeTop() {
	n := len(h.stack)
	ct := h.stack[n-1]
	if ct.table != nil {
		h.endRow()
	}
	h.stack = h.stack[:n-1]
	if ct.flat {
		return
	}
	switch {
	case ct.table != nil:
		h.emit(finishTable(ct.table)...)
	case ct.list != nil:
		if len(ct.list.Items) > 0 {
			ct.list.Tight = tightList(ct.list, ct.sawP)
			h.emit(ct.list)
		}
	case ct.tag == "li":
		if n >= 2 && h.stack[n-2].list != nil {
			l := h.stack[n-2].list
			l.Items = append(l.Items, model.ListItem{Blocks: ct.blocks})
			return
		}
		h.emit(ct.blocks...)
	case ct.tag == "blockquote":
		if len(ct.blocks) > 0 {
			h.emit(&model.Quote{Blocks: ct.blocks})
		}
	}
}

// tightList decides whether a list of a document is tight: its items
// hold no <p> and at most one block besides lists, first. A list that
// Markdown could not write loose (one item of one block) is tight.
func tightList(l *model.List, sawP bool) bool {
	one := len(l.Items) == 1 && len(l.Items[0].Blocks) <= 1
	if sawP && !one {
		return false
	}
	for _, it := range l.Items {
		for j, b := range it.Blocks {
			if _, ok := b.(*model.List); !ok && j > 0 {
				return false
			}
		}
	}
	return true
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
			h.emit(hd)
		} else {
			h.emit(&model.Paragraph{Spans: spans})
		}
	}
	h.emit(h.para.figs...)
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
		caption, c2 = splitCreditSpans(caption, f.title)
		if caption == nil && f.base.Alt != "" {
			// A caption that was all credit: the alt text describes.
			caption, _ = splitCreditSpans([]model.Span{{Text: f.base.Alt}}, "")
		}
		fig := f.base
		if fig.Line == 0 {
			fig.Line = f.line
		}
		fig.Caption = caption
		fig.Credit = joinCredits(credit, fig.Credit, c2)
		if fig.Alt == "" {
			fig.Alt = collapseSpace(model.PlainText(caption))
		}
		h.emit(fig)
		if other != nil {
			h.emit(&model.Paragraph{Spans: other})
		}
	} else {
		if other != nil {
			h.emit(&model.Paragraph{Spans: other})
		}
		caption, c2 := splitCreditSpans(caption, "")
		credit = joinCredits(credit, c2)
		switch {
		case other == nil && len(f.extra) == 0 && (caption != nil || credit != ""):
			// A figure whose picture was not kept (a video, a frame)
			// still shows its caption and credit.
			h.emit(&model.Figure{Caption: caption, Alt: collapseSpace(model.PlainText(caption)), Credit: credit, Line: f.line})
		default:
			if caption != nil {
				h.emit(&model.Paragraph{Spans: caption})
			}
			if credit != "" {
				h.emit(&model.Paragraph{Spans: []model.Span{{Text: credit}}})
			}
		}
	}
	h.emit(f.extra...)
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
	for len(h.stack) > 0 {
		h.closeTop()
	}
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
