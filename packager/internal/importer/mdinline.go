package importer

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"golang.org/x/net/html"

	"github.com/offprint/offprint/packager/model"
)

// inliner turns inline content (Markdown inline nodes, and HTML tokens) into
// a flat list of spans. Pictures met on the way become figures in figs, to
// be placed after the block.
type inliner struct {
	c    *mdConv
	buf  spanBuf
	figs []model.Block

	// caption is set for a picture's alt text: pictures inside give their
	// alt text and line breaks are spaces.
	caption bool
	// noNotes leaves footnote references out (for the title).
	noNotes bool
	// collapse collapses white space, as HTML text does.
	collapse bool

	// Markdown styles and link, scoped by the node tree.
	style model.Style
	link  string

	// Inline HTML elements still open, and those whose content is dropped.
	tags []htmlTag
	drop []string
}

// htmlTag is an open inline HTML element with the styles and link in
// force inside it.
type htmlTag struct {
	name    string
	style   model.Style
	link    string
	hasLink bool
}

// maxTagSearch bounds how far down the open elements an end tag looks for
// its start, so that junk markup costs linear time.
const maxTagSearch = 64

func (w *inliner) current() (model.Style, string) {
	st, link := w.style, w.link
	if n := len(w.tags); n > 0 {
		t := w.tags[n-1]
		st |= t.style
		if t.hasLink {
			link = t.link
		}
	}
	return st, link
}

// text adds text in the current style.
func (w *inliner) text(s string) {
	if len(w.drop) > 0 || s == "" {
		return
	}
	st, link := w.current()
	if w.collapse && st&model.Code == 0 {
		w.buf.addCollapsed(s, st, link)
		return
	}
	if w.collapse && strings.ContainsAny(s, "\r\n") {
		// Inline code in HTML keeps its spaces, but a line end is a
		// space, as in a Markdown code span.
		s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	}
	w.buf.add(s, st, link)
}

func (w *inliner) lineBreak() {
	if len(w.drop) > 0 {
		return
	}
	if w.caption {
		w.text(" ")
		return
	}
	w.buf.brk()
}

// walk converts the inline children of n. It keeps its own stack, so that
// deeply nested emphasis cannot exhaust the goroutine stack.
func (w *inliner) walk(n ast.Node) {
	type frame struct {
		next  ast.Node
		style model.Style
		link  string
	}
	stack := []frame{{next: n.FirstChild(), style: w.style, link: w.link}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		n := top.next
		if n == nil {
			w.style, w.link = top.style, top.link
			stack = stack[:len(stack)-1]
			continue
		}
		top.next = n.NextSibling()
		style, link := w.style, w.link
		if w.enter(n) && n.FirstChild() != nil {
			stack = append(stack, frame{next: n.FirstChild(), style: style, link: link})
		} else {
			w.style, w.link = style, link
		}
	}
}

// enter handles one inline node and reports whether to go into its
// children; it may change the style and link for them.
func (w *inliner) enter(n ast.Node) bool {
	if len(w.drop) > 0 {
		if r, ok := n.(*ast.RawHTML); ok {
			w.rawHTML(r)
			return false
		}
		return true // look for the end of the dropped element inside
	}
	switch n := n.(type) {
	case *ast.Text:
		seg := n.Segment.Value(w.c.src)
		if n.IsRaw() {
			w.text(string(seg))
		} else {
			w.text(decodeText(seg))
		}
		switch {
		case n.HardLineBreak():
			w.lineBreak()
		case n.SoftLineBreak():
			w.text(" ")
		}
		return false
	case *ast.String:
		w.text(string(n.Value))
		return false
	case *ast.CodeSpan:
		var b strings.Builder
		for t := n.FirstChild(); t != nil; t = t.NextSibling() {
			switch t := t.(type) {
			case *ast.Text:
				b.Write(bytes.ReplaceAll(t.Segment.Value(w.c.src), []byte("\n"), []byte(" ")))
			case *ast.String:
				b.Write(t.Value)
			}
		}
		st, link := w.current()
		w.buf.add(b.String(), st|model.Code, link)
		return false
	case *ast.Emphasis:
		if n.Level >= 2 {
			w.style |= model.Strong
		} else {
			w.style |= model.Emph
		}
		return true
	case *east.Strikethrough:
		w.style |= model.Strike
		return true
	case *markNode:
		w.style |= model.Mark
		return true
	case *ast.Link:
		w.link = articleLink(zolaLink(w.c.file, decodeText(n.Destination)))
		return true
	case *ast.AutoLink:
		url := string(n.URL(w.c.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
			url = "mailto:" + url
		}
		st, _ := w.current()
		w.buf.add(string(n.Label(w.c.src)), st, cleanLink(url))
		return false
	case *ast.Image:
		if w.caption {
			return true // its alt text
		}
		w.figs = append(w.figs, w.c.imageFigure(n))
		w.buf.markGap()
		return false
	case *ast.RawHTML:
		w.rawHTML(n)
		return false
	case *east.FootnoteLink:
		if !w.noNotes {
			if num := w.c.noteNumber(n.Index); num > 0 {
				w.buf.note(num)
			}
		}
		return false
	case *east.FootnoteBacklink, *east.TaskCheckBox:
		return false
	}
	return true
}

// rawHTML handles inline HTML: one tag, or a comment.
func (w *inliner) rawHTML(n *ast.RawHTML) {
	var raw []byte
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		raw = append(raw, seg.Value(w.c.src)...)
	}
	line := w.c.nodeLine(n)
	kind, name, attrs := parseTag(raw)
	if _, style := inlineStyles[name]; !(style || name == "a" || name == "span") || kind != html.StartTagToken && kind != html.EndTagToken {
		// Something was taken out of the text (a picture, a script, a
		// comment); a tag that only styles its text takes nothing.
		w.buf.markGap()
	}
	switch kind {
	case html.StartTagToken, html.SelfClosingTagToken:
		w.startTag(name, attrs, kind == html.SelfClosingTagToken, line)
	case html.EndTagToken:
		w.endTag(name)
	}
}

// parseTag reads one HTML tag as goldmark found it inline: a start tag with
// its attributes, an end tag, or something else (a comment, a declaration,
// a processing instruction), which is ignored.
func parseTag(raw []byte) (html.TokenType, string, []html.Attribute) {
	if len(raw) < 3 || raw[0] != '<' {
		return html.ErrorToken, "", nil
	}
	i := 1
	end := raw[1] == '/'
	if end {
		i++
	}
	start := i
	for i < len(raw) && (isASCIILetter(raw[i]) || raw[i] >= '0' && raw[i] <= '9' || raw[i] == '-') {
		i++
	}
	if i == start || !isASCIILetter(raw[start]) {
		return html.CommentToken, "", nil
	}
	name := strings.ToLower(string(raw[start:i]))
	if end {
		return html.EndTagToken, name, nil
	}
	var attrs []html.Attribute
	for i < len(raw) && len(attrs) < 64 {
		for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r' || raw[i] == '\f') {
			i++
		}
		if i >= len(raw) || raw[i] == '>' || raw[i] == '/' {
			break
		}
		ks := i
		for i < len(raw) && !strings.ContainsRune(" \t\n\r\f=>/", rune(raw[i])) {
			i++
		}
		key := strings.ToLower(string(raw[ks:i]))
		if i == ks {
			i++ // not an attribute name; skip the byte
			continue
		}
		for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
			i++
		}
		val := ""
		if i < len(raw) && raw[i] == '=' {
			i++
			for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
				i++
			}
			if i < len(raw) && (raw[i] == '"' || raw[i] == '\'') {
				q := raw[i]
				j := bytes.IndexByte(raw[i+1:], q)
				if j < 0 {
					j = len(raw) - i - 1
				}
				val = string(raw[i+1 : i+1+j])
				i += j + 2
			} else {
				vs := i
				for i < len(raw) && !strings.ContainsRune(" \t\n\r\f>", rune(raw[i])) {
					i++
				}
				val = string(raw[vs:i])
			}
		}
		attrs = append(attrs, html.Attribute{Key: key, Val: html.UnescapeString(val)})
	}
	if bytes.HasSuffix(bytes.TrimRight(raw, " \t\n>"), []byte("/")) {
		return html.SelfClosingTagToken, name, attrs
	}
	return html.StartTagToken, name, attrs
}

// dropped are the HTML elements left out with all they contain.
var dropped = map[string]bool{
	"script": true, "style": true, "iframe": true, "noscript": true, "object": true,
	"embed": true, "form": true, "template": true, "frameset": true, "frame": true,
	"applet": true, "audio": true, "video": true, "canvas": true, "dialog": true,
	"button": true, "select": true, "input": true, "textarea": true, "head": true, "title": true,
}

// void are the HTML elements that have no end tag.
var void = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true,
	"track": true, "wbr": true, "param": true, "frame": true, "keygen": true,
}

// inlineStyles maps HTML elements to the styles they give their text.
var inlineStyles = map[string]model.Style{
	"em": model.Emph, "i": model.Emph, "cite": model.Emph, "dfn": model.Emph, "var": model.Emph,
	"strong": model.Strong, "b": model.Strong,
	"del": model.Strike, "s": model.Strike, "strike": model.Strike,
	"code": model.Code, "kbd": model.Code, "samp": model.Code, "tt": model.Code,
	"sup": model.Sup, "sub": model.Sub,
}

// startTag handles the start of an inline HTML element.
func (w *inliner) startTag(name string, attrs []html.Attribute, selfClosing bool, line int) {
	if dropped[name] || len(w.drop) > 0 {
		if dropped[name] && !void[name] && !selfClosing {
			w.drop = append(w.drop, name)
		}
		return
	}
	switch name {
	case "br":
		w.lineBreak()
		return
	case "img":
		w.htmlImage(attrs, line)
		return
	case "wbr":
		return
	}
	st, isStyle := inlineStyles[name]
	if !isStyle && name != "a" || selfClosing || void[name] {
		return
	}
	t := htmlTag{name: name}
	if n := len(w.tags); n > 0 {
		t = w.tags[n-1]
		t.name = name
	}
	t.style |= st
	if name == "a" {
		if href, ok := attr(attrs, "href"); ok {
			t.link, t.hasLink = cleanLink(href), true
		}
	}
	w.tags = append(w.tags, t)
}

// endTag handles the end of an inline HTML element.
func (w *inliner) endTag(name string) {
	if len(w.drop) > 0 {
		w.drop = popTo(w.drop, name, func(s string) string { return s })
		return
	}
	w.tags = popTo(w.tags, name, func(t htmlTag) string { return t.name })
}

// popTo removes the innermost open element called name and those opened
// after it; an end tag with no start nearby changes nothing.
func popTo[T any](stack []T, name string, nameOf func(T) string) []T {
	for i := len(stack) - 1; i >= 0 && i >= len(stack)-maxTagSearch; i-- {
		if nameOf(stack[i]) == name {
			return stack[:i]
		}
	}
	return stack
}

// htmlImage makes a figure of an <img> met in text (or, in alt text, adds
// its alt text).
func (w *inliner) htmlImage(attrs []html.Attribute, line int) {
	alt, _ := attr(attrs, "alt")
	if w.caption {
		w.text(alt)
		return
	}
	if f := imgFigure(attrs, "", line); f != nil {
		w.figs = append(w.figs, f)
	}
}

// imgFigure makes a figure of an <img>: the alt text is its caption, the
// title its credit. fallback is the address to use when the img has none
// (from a <picture>'s <source>). It returns nil when there is no address.
func imgFigure(attrs []html.Attribute, fallback string, line int) *model.Figure {
	src := imgSrc(attrs)
	if src == "" {
		src = fallback
	}
	if src == "" {
		return nil
	}
	alt, _ := attr(attrs, "alt")
	title, _ := attr(attrs, "title")
	caption, credit := splitCredit(alt, title)
	f := &model.Figure{Image: &model.Image{Src: src}, Alt: caption, Credit: credit, Line: line}
	if caption != "" {
		f.Caption = []model.Span{{Text: caption}}
	}
	return f
}

// imgSrc returns an <img>'s address: src, else the lazy-loading
// attributes pages use, else the first candidate of srcset.
func imgSrc(attrs []html.Attribute) string {
	src, _ := attr(attrs, "src")
	src = strings.TrimSpace(src)
	if src == "" || strings.HasPrefix(src, "data:") {
		for _, k := range []string{"data-src", "data-original", "data-lazy-src"} {
			if v, ok := attr(attrs, k); ok && strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v)
			}
		}
		if v, ok := attr(attrs, "srcset"); ok {
			if s := firstSrcset(v); s != "" {
				return s
			}
		}
	}
	return src
}

// firstSrcset returns the address of the first candidate of a srcset.
func firstSrcset(v string) string {
	v = strings.TrimSpace(v)
	first, _, _ := strings.Cut(v, ",")
	f := strings.Fields(first)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// tagOf returns the lowercased name and the attributes of the current
// start tag.
func tagOf(z *html.Tokenizer) (string, []html.Attribute) {
	name, more := z.TagName()
	var attrs []html.Attribute
	for more && len(attrs) < 64 {
		var k, v []byte
		k, v, more = z.TagAttr()
		attrs = append(attrs, html.Attribute{Key: string(k), Val: string(v)})
	}
	return string(name), attrs
}

// attr returns the value of an attribute.
func attr(attrs []html.Attribute, key string) (string, bool) {
	for _, a := range attrs {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
