package importer

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/offprint/offprint/packager/model"
)

// maxNesting is how deep quotes and lists may nest in an imported article.
// Deeper ones are kept, flattened into the deepest allowed level, with a
// warning.
const maxNesting = 12

// Markdown imports CommonMark + GFM articles with YAML front matter.
type Markdown struct{}

// mdParser is the goldmark parser every Markdown article goes through:
// CommonMark with GFM tables, strikethrough, task lists and autolinks,
// footnotes and smart punctuation written as characters (not entities).
// Parsers are safe for concurrent use.
var mdParser = goldmark.New(
	goldmark.WithExtensions(
		extension.Table,
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
		extension.Footnote,
		extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation][]byte{
			extension.LeftSingleQuote:  []byte("‘"),
			extension.RightSingleQuote: []byte("’"),
			extension.LeftDoubleQuote:  []byte("“"),
			extension.RightDoubleQuote: []byte("”"),
			extension.EnDash:           []byte("–"),
			extension.EmDash:           []byte("—"),
			extension.Ellipsis:         []byte("…"),
			extension.Apostrophe:       []byte("’"),
			// << and >> stay as written.
			extension.LeftAngleQuote:  nil,
			extension.RightAngleQuote: nil,
		})),
		extension.DefinitionList,
	),
	goldmark.WithParserOptions(
		parser.WithHeadingAttribute(), // ## Heading {#id .class}
		parser.WithInlineParsers(mdInlineParsers...),
	),
).Parser()

// Import parses a Markdown article: front matter, then the body as
// CommonMark + GFM with raw HTML honoured. The title is the front matter's,
// else the first level-1 heading (which then leaves the body).
func (Markdown) Import(file string, src []byte) (*model.Article, []model.Diagnostic, error) {
	a, body, bodyLine, warns, err := readFrontMatter(file, src, true)
	if err != nil {
		return nil, nil, err
	}
	c := newMDConv(file, body, bodyLine)
	c.convert(a)
	return a, append(warns, c.diags...), nil
}

// mdConv turns one goldmark document into model blocks.
type mdConv struct {
	file    string
	src     []byte
	lines   []int // offset in src where each line starts
	lineOff int   // lines of the file before src (front matter)

	diags      []model.Diagnostic
	deepWarned bool

	notes    map[int]int            // goldmark footnote index → our number
	noteDefs map[int]*east.Footnote // goldmark footnote index → definition
	order    []int                  // goldmark indexes by our number - 1

	headings []*model.Heading
	ids      map[*model.Heading]string // ids written as {#id}
	noShut   map[string]bool           // shortcode closings not found in the rest of the text
}

func newMDConv(file string, body []byte, bodyLine int) *mdConv {
	c := &mdConv{file: file, lineOff: bodyLine, notes: map[int]int{}, noteDefs: map[int]*east.Footnote{}}
	c.src = unwrapNoscript(c.expandShortcodes(cleanBody(body)))
	c.lines = append(c.lines, 0)
	for i, b := range c.src {
		if b == '\n' {
			c.lines = append(c.lines, i+1)
		}
	}
	return c
}

// cleanBody makes the body valid UTF-8 with \n line ends and no NUL bytes,
// keeping its line count.
func cleanBody(b []byte) []byte {
	if !utf8.Valid(b) {
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	if bytes.IndexByte(b, 0) >= 0 {
		b = bytes.ReplaceAll(b, []byte{0}, []byte("\uFFFD"))
	}
	return b
}

// line returns the file line of an offset in the body (0 when unknown).
func (c *mdConv) line(off int) int {
	if off < 0 {
		return 0
	}
	i := sort.Search(len(c.lines), func(i int) bool { return c.lines[i] > off })
	return i + c.lineOff
}

// nodeLine returns the file line where a node starts (0 when unknown).
func (c *mdConv) nodeLine(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return c.line(p)
	}
	for ; n != nil; n = n.FirstChild() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return c.line(n.Lines().At(0).Start)
		}
	}
	return 0
}

func (c *mdConv) warnDeep(line int) {
	if c.deepWarned {
		return
	}
	c.deepWarned = true
	c.diags = append(c.diags, model.Warnf("deep-nesting", c.file, line,
		"quotes and lists nested deeper than %d levels are flattened into the %dth", maxNesting, maxNesting).
		WithHint("nest quotes and lists less deeply"))
}

// convert fills an article's title (when the front matter gave none),
// blocks and footnotes.
func (c *mdConv) convert(a *model.Article) {
	src, deepLine := capNesting(c.src)
	c.src = src
	defer func() {
		if deepLine > 0 {
			c.warnDeep(deepLine + c.lineOff) // when the converter did not
		}
	}()
	doc := mdParser.Parse(text.NewReader(c.src))

	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if fl, ok := n.(*east.FootnoteList); ok {
			for f := fl.FirstChild(); f != nil; f = f.NextSibling() {
				if fn, ok := f.(*east.Footnote); ok {
					c.noteDefs[fn.Index] = fn
				}
			}
		}
	}
	c.takeTitle(doc, a)

	a.Blocks = c.blocks(doc, 0)
	for i := 0; i < len(c.order); i++ {
		fn := c.noteDefs[c.order[i]]
		a.Footnotes = append(a.Footnotes, model.Footnote{Number: i + 1, ID: "fn" + strconv.Itoa(i+1), Blocks: c.blocks(fn, 0)})
	}
	c.finishHeadings(a)
}

// takeTitle takes the article's title from its first block when that is
// a level-1 heading and the front matter has none, removing the heading
// from the body; a heading further down is a heading of the text, not
// its title. A first heading that repeats the front matter's title is
// removed too.
func (c *mdConv) takeTitle(doc ast.Node, a *model.Article) {
	h, ok := doc.FirstChild().(*ast.Heading)
	if !ok || h.Level != 1 {
		return
	}
	w := &inliner{c: c, caption: true, noNotes: true}
	w.walk(h)
	title := collapseSpace(model.PlainText(w.buf.finish()))
	switch {
	case a.Title == "":
		a.Title = title
	case !strings.EqualFold(title, collapseSpace(a.Title)):
		return
	}
	doc.RemoveChild(doc, h)
}

// finishHeadings shifts heading levels so that the highest level used in
// the body is 1, and gives each heading an id unique in the article.
func (c *mdConv) finishHeadings(a *model.Article) {
	top := 7
	for _, h := range c.headings {
		top = min(top, h.Level)
	}
	used := map[string]bool{}
	for _, fn := range a.Footnotes {
		used[fn.ID] = true
	}
	// Written ids first, so that an automatic one never takes them.
	for _, h := range c.headings {
		if id := c.ids[h]; id != "" && !used[id] {
			used[id] = true
			h.ID = id
		}
	}
	for _, h := range c.headings {
		h.Level = max(1, min(6, h.Level-top+1))
		if h.ID != "" {
			continue
		}
		id := HeadingID(model.PlainText(h.Spans))
		if id == "" {
			id = "section"
		}
		h.ID = uniqueID(id, used)
	}
}

// noteNumber returns the number of a footnote by its goldmark index,
// numbering footnotes in order of first reference.
func (c *mdConv) noteNumber(index int) int {
	if n, ok := c.notes[index]; ok {
		return n
	}
	if c.noteDefs[index] == nil {
		return 0
	}
	c.order = append(c.order, index)
	n := len(c.order)
	c.notes[index] = n
	return n
}

// blocks converts the children of a block node. depth is how many quotes
// and lists enclose them.
func (c *mdConv) blocks(parent ast.Node, depth int) []model.Block {
	var out []model.Block
	var hc *htmlConv
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if hb, ok := n.(*ast.HTMLBlock); ok {
			if hc == nil {
				hc = newHTMLConv(c)
			}
			hc.feedBlock(hb)
			if !hc.inFigure() {
				out = append(out, hc.finish()...)
				hc = nil
			}
			continue
		}
		bs := c.block(n, depth)
		if hc != nil {
			if isParagraph(n) {
				// An open <figure> takes in Markdown pictures and
				// text before its </figure>.
				hc.absorb(bs)
				continue
			}
			out = append(out, hc.finish()...)
			hc = nil
		}
		out = append(out, bs...)
	}
	if hc != nil {
		out = append(out, hc.finish()...)
	}
	return out
}

func isParagraph(n ast.Node) bool {
	switch n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return true
	}
	return false
}

// block converts one block node; pictures inside text come out as figures
// after it.
func (c *mdConv) block(n ast.Node, depth int) []model.Block {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		w := &inliner{c: c}
		w.walk(n)
		return paragraph(w.buf.finish(), w.figs, c.nodeLine(n))
	case *ast.Heading:
		w := &inliner{c: c}
		w.walk(n)
		spans := w.buf.finish()
		if spans == nil {
			return w.figs
		}
		h := &model.Heading{Level: n.Level, Spans: spans, Line: c.nodeLine(n)}
		c.headings = append(c.headings, h)
		if v, ok := n.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok && len(bytes.TrimSpace(b)) > 0 {
				if c.ids == nil {
					c.ids = map[*model.Heading]string{}
				}
				c.ids[h] = string(bytes.TrimSpace(b))
			}
		}
		return append([]model.Block{h}, w.figs...)
	case *ast.ThematicBreak:
		return []model.Block{&model.Rule{}}
	case *ast.CodeBlock:
		return []model.Block{&model.CodeBlock{Text: c.codeText(n)}}
	case *ast.FencedCodeBlock:
		cb := &model.CodeBlock{Text: c.codeText(n)}
		if n.Info != nil {
			info := strings.TrimSpace(decodeText(n.Info.Segment.Value(c.src)))
			cb.Lang, _, _ = strings.Cut(info, " ")
			cb.Lang, _, _ = strings.Cut(cb.Lang, "\t")
			cb.Lang = strings.TrimPrefix(strings.Trim(cb.Lang, "{}."), "language-")
		}
		return []model.Block{cb}
	case *ast.Blockquote:
		if depth < maxNesting {
			if as := c.callout(n, depth); as != nil {
				return []model.Block{as}
			}
		}
		if depth >= maxNesting {
			c.warnDeep(c.nodeLine(n))
			return c.blocks(n, depth)
		}
		return []model.Block{&model.Quote{Blocks: c.blocks(n, depth+1)}}
	case *ast.List:
		if depth >= maxNesting {
			c.warnDeep(c.nodeLine(n))
			var out []model.Block
			for it := n.FirstChild(); it != nil; it = it.NextSibling() {
				out = append(out, c.blocks(it, depth)...)
			}
			return out
		}
		l := &model.List{Ordered: n.IsOrdered(), Tight: n.IsTight}
		if l.Ordered {
			l.Start = n.Start
		}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			item := model.ListItem{Blocks: c.blocks(it, depth+1)}
			if fc := it.FirstChild(); fc != nil {
				if cb, ok := fc.FirstChild().(*east.TaskCheckBox); ok {
					checked := cb.IsChecked
					item.Checked = &checked
				}
			}
			l.Items = append(l.Items, item)
		}
		return []model.Block{l}
	case *east.Table:
		return c.table(n)
	case *east.DefinitionList:
		// A term in bold, its definitions after it.
		var out []model.Block
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			switch it.(type) {
			case *east.DefinitionTerm:
				w := &inliner{c: c, style: model.Strong}
				w.walk(it)
				out = append(out, paragraph(w.buf.finish(), w.figs, c.nodeLine(it))...)
			case *east.DefinitionDescription:
				out = append(out, c.blocks(it, depth)...)
			}
		}
		return out
	case *east.FootnoteList, *ast.LinkReferenceDefinition:
		return nil
	}
	// Anything else (from an extension): keep what it holds.
	if n.Type() == ast.TypeBlock && n.FirstChild() == nil && n.Lines().Len() > 0 {
		return []model.Block{&model.Paragraph{Spans: []model.Span{{Text: collapseSpace(string(n.Lines().Value(c.src)))}}}}
	}
	return c.blocks(n, depth)
}

// paragraph returns a paragraph of spans (none when empty) starting on
// line, followed by the figures moved out of it.
func paragraph(spans []model.Span, figs []model.Block, line int) []model.Block {
	if spans == nil {
		return figs
	}
	return append([]model.Block{&model.Paragraph{Spans: spans, Line: line}}, figs...)
}

// codeText returns the text of a code block exactly, without its final
// line end.
func (c *mdConv) codeText(n ast.Node) string {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		for range seg.Padding {
			b.WriteByte(' ')
		}
		b.Write(seg.Value(c.src))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// table converts a GFM table; pictures in cells come out after it.
func (c *mdConv) table(n *east.Table) []model.Block {
	t := &model.Table{Line: c.nodeLine(n)}
	for _, al := range n.Alignments {
		switch al {
		case east.AlignLeft:
			t.Align = append(t.Align, model.AlignLeft)
		case east.AlignCenter:
			t.Align = append(t.Align, model.AlignCenter)
		case east.AlignRight:
			t.Align = append(t.Align, model.AlignRight)
		default:
			t.Align = append(t.Align, model.AlignDefault)
		}
	}
	var figs []model.Block
	row := func(r ast.Node) []model.Cell {
		var cells []model.Cell
		for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
			w := &inliner{c: c}
			w.walk(cell)
			cells = append(cells, model.Cell{Spans: w.buf.finish()})
			figs = append(figs, w.figs...)
		}
		for len(cells) < len(t.Align) {
			cells = append(cells, model.Cell{})
		}
		return cells
	}
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		switch r.(type) {
		case *east.TableHeader:
			t.Header = row(r)
		case *east.TableRow:
			t.Rows = append(t.Rows, row(r))
		}
	}
	return append([]model.Block{t}, figs...)
}

// imageFigure makes a figure of a Markdown picture: the alt text is the
// caption, the title the credit.
func (c *mdConv) imageFigure(n *ast.Image) *model.Figure {
	// A caption is one line of text, its spaces collapsed as in HTML.
	w := &inliner{c: c, caption: true, collapse: true}
	w.walk(n)
	caption, credit := splitCreditSpans(w.buf.finish(), decodeText(n.Title))
	return &model.Figure{
		Image:   &model.Image{Src: strings.TrimSpace(decodeText(n.Destination))},
		Alt:     collapseSpace(model.PlainText(caption)),
		Caption: caption,
		Credit:  credit,
		Line:    c.nodeLine(n),
	}
}
