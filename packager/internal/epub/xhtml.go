package epub

import (
	"strconv"
	"strings"

	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/internal/xmltext"
	"github.com/offprint/offprint/packager/model"
)

// page writes the body of one XHTML file. Text goes through esc; markup is
// written as literal strings, so every page is well-formed by construction.
type page struct {
	b    strings.Builder
	bk   *book
	file string   // the page's file name in xhtml/
	art  *artInfo // the article on this page, or nil
	br   breaks   // the print pages that begin in the article
}

func (p *page) raw(s string)  { p.b.WriteString(s) }
func (p *page) text(s string) { p.b.WriteString(xmltext.Escape(s)) }

// open writes a start tag; attrs are name, value pairs, and pairs with an
// empty value are left out.
func (p *page) open(tag string, attrs ...string) {
	p.b.WriteByte('<')
	p.b.WriteString(tag)
	p.attrs(attrs)
	p.b.WriteByte('>')
}

// empty writes an empty element such as <br/>.
func (p *page) empty(tag string, attrs ...string) {
	p.b.WriteByte('<')
	p.b.WriteString(tag)
	p.attrs(attrs)
	p.b.WriteString("/>")
}

func (p *page) close(tag string) { p.b.WriteString("</" + tag + ">") }

func (p *page) attrs(attrs []string) {
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		p.b.WriteByte(' ')
		p.b.WriteString(attrs[i])
		p.b.WriteString(`="`)
		p.b.WriteString(xmltext.Escape(attrs[i+1]))
		p.b.WriteByte('"')
	}
}

// element writes <tag attrs>text</tag>.
func (p *page) element(tag, text string, attrs ...string) {
	p.open(tag, attrs...)
	p.text(text)
	p.close(tag)
}

// langAttrs gives lang and xml:lang for a language tag ("" gives nothing).
func langAttrs(lang string) []string {
	if lang == "" {
		return nil
	}
	return []string{"lang", lang, "xml:lang", lang}
}

// blocks writes body blocks.
func (p *page) blocks(bs []model.Block) {
	for _, b := range bs {
		p.block(b)
	}
}

func (p *page) block(b model.Block) {
	switch b := b.(type) {
	case *model.Paragraph:
		if !hasText(b.Spans) {
			return
		}
		p.open("p")
		p.spans(b.Spans)
		p.close("p")
		p.raw("\n")
	case *model.Heading:
		lvl := min(max(b.Level, 1)+1, 6)
		tag := "h" + strconv.Itoa(lvl)
		p.open(tag, "id", p.art.headAnchor(b))
		p.spans(b.Spans)
		p.close(tag)
		p.raw("\n")
	case *model.List:
		p.list(b)
	case *model.Quote:
		p.raw("<blockquote>\n")
		p.blocks(b.Blocks)
		p.raw("</blockquote>\n")
	case *model.Aside:
		p.raw(`<div class="callout" role="note" style="border:1px solid;border-radius:0.3em;padding:0 0.6em;margin:1em 0">` + "\n")
		p.open("p", "class", "callout-title")
		p.open("strong")
		p.text(b.Title)
		p.close("strong")
		p.close("p")
		p.raw("\n")
		p.blocks(b.Blocks)
		p.raw("</div>\n")
	case *model.CodeBlock:
		class := ""
		if b.Lang != "" {
			class = "language-" + ncName(b.Lang, "x-")
		}
		p.raw("<pre>")
		p.open("code", "class", class)
		p.br.inWord = false
		p.breakText(strings.TrimRight(b.Text, "\n"))
		p.raw("</code></pre>\n")
	case *model.Table:
		p.table(b)
	case *model.Figure:
		p.figure(b)
	case *model.Rule:
		p.raw("<hr/>\n")
	}
}

func hasText(spans []model.Span) bool {
	for _, s := range spans {
		if s.Kind == model.NoteRef || strings.TrimSpace(s.Text) != "" {
			return true
		}
	}
	return false
}

func (p *page) list(l *model.List) {
	tag, start := "ul", ""
	if l.Ordered {
		tag = "ol"
		if l.Start > 1 {
			start = strconv.Itoa(l.Start)
		}
	}
	class := ""
	for _, it := range l.Items {
		if it.Checked != nil {
			class = "tasks"
			break
		}
	}
	p.open(tag, "class", class, "start", start)
	p.raw("\n")
	for _, it := range l.Items {
		class, check := "", ""
		if it.Checked != nil {
			class, check = "task", "☐"
			if *it.Checked {
				class, check = "task done", "☑"
			}
		}
		p.open("li", "class", class)
		rest := it.Blocks
		para, _ := firstParagraph(rest)
		switch {
		case para != nil && l.Tight:
			p.check(check)
			p.spans(para.Spans)
			rest = rest[1:]
		case para != nil && check != "":
			p.raw("<p>")
			p.check(check)
			p.spans(para.Spans)
			p.raw("</p>")
			rest = rest[1:]
		default:
			p.check(check)
		}
		for _, b := range rest {
			if q, ok := b.(*model.Paragraph); ok && l.Tight {
				p.raw("<br/>")
				p.spans(q.Spans)
				continue
			}
			p.block(b)
		}
		p.raw("</li>\n")
	}
	p.close(tag)
	p.raw("\n")
}

func firstParagraph(bs []model.Block) (*model.Paragraph, bool) {
	if len(bs) == 0 {
		return nil, false
	}
	q, ok := bs[0].(*model.Paragraph)
	return q, ok
}

func (p *page) check(mark string) {
	if mark == "" {
		return
	}
	p.raw(`<span class="check">` + mark + `</span> `)
}

var alignClass = map[model.Align]string{
	model.AlignLeft:   "align-left",
	model.AlignCenter: "align-center",
	model.AlignRight:  "align-right",
}

func (p *page) table(t *model.Table) {
	if len(t.Header) == 0 && len(t.Rows) == 0 {
		return
	}
	align := func(i int) string {
		if i < len(t.Align) {
			return alignClass[t.Align[i]]
		}
		return ""
	}
	p.raw("<table>\n")
	if len(t.Header) > 0 {
		p.raw("<thead><tr>")
		for i, c := range t.Header {
			p.open("th", "scope", "col", "class", align(i))
			p.spans(c.Spans)
			p.close("th")
		}
		p.raw("</tr></thead>\n")
	}
	if len(t.Rows) > 0 {
		p.raw("<tbody>\n")
		for _, row := range t.Rows {
			p.raw("<tr>")
			for i, c := range row {
				p.open("td", "class", align(i))
				p.spans(c.Spans)
				p.close("td")
			}
			p.raw("</tr>\n")
		}
		p.raw("</tbody>\n")
	}
	p.raw("</table>\n")
}

// figure writes a picture with its caption and credit. A figure whose
// picture is missing or cannot be used says so in its place and keeps its
// caption and credit, as the PDF does.
func (p *page) figure(f *model.Figure) {
	pic := p.bk.figurePicture(p.art, f)
	hasCaption := hasText(f.Caption)
	credit := strings.TrimSpace(f.Credit)
	if pic == nil && !hasCaption && credit == "" && f.Image == nil {
		return
	}
	class := "figure"
	if pic == nil {
		class = "figure no-picture"
	}
	p.open("figure", "id", p.art.figAnchor(f), "class", class)
	p.raw("\n")
	if pic != nil {
		// alt="" is written: the caption describes the picture.
		p.b.WriteString(`<img src="` + xmltext.Escape("../"+pic.Name) + `" alt="` + xmltext.Escape(f.ShownAlt) + `"/>` + "\n")
	} else {
		p.element("p", present.PictureMissing, "class", "missing")
		p.raw("\n")
	}
	if hasCaption || credit != "" {
		p.raw("<figcaption>")
		if hasCaption {
			p.raw(`<span class="caption">`)
			p.spans(f.Caption)
			p.raw("</span>")
		}
		if hasCaption && credit != "" {
			p.raw(" ")
		}
		if credit != "" {
			p.element("span", credit, "class", "credit")
		}
		p.raw("</figcaption>\n")
	}
	p.raw("</figure>\n")
}

// spans writes inline text, linked where the presentation step resolved
// a link. Consecutive spans with the same link share one <a>.
func (p *page) spans(ss []model.Span) {
	p.br.inWord = false
	for i := 0; i < len(ss); {
		link := ss[i].Link
		if link == "" || ss[i].Kind != model.Text {
			p.span(ss[i])
			i++
			continue
		}
		j := i + 1
		for j < len(ss) && ss[j].Link == link && ss[j].Kind == model.Text {
			j++
		}
		href := p.bk.href(p.file, ss[i].Target)
		if href == "" {
			for _, s := range ss[i:j] {
				p.span(s)
			}
		} else {
			p.open("a", "href", href)
			for _, s := range ss[i:j] {
				p.span(s)
			}
			p.close("a")
		}
		i = j
	}
}

var styleTags = []struct {
	style model.Style
	tag   string
}{
	{model.Strong, "strong"},
	{model.Emph, "em"},
	{model.Strike, "del"},
	{model.Sup, "sup"},
	{model.Sub, "sub"},
	{model.Code, "code"},
	{model.Mark, "mark"},
}

func (p *page) span(s model.Span) {
	switch s.Kind {
	case model.Break:
		p.raw("<br/>")
		p.br.inWord = false
		return
	case model.NoteRef:
		p.noteRef(s.Note)
		return
	}
	if s.Text == "" {
		return
	}
	for _, st := range styleTags {
		if s.Style&st.style != 0 {
			p.raw("<" + st.tag + ">")
		}
	}
	p.breakText(s.Text)
	for i := len(styleTags) - 1; i >= 0; i-- {
		if s.Style&styleTags[i].style != 0 {
			p.raw("</" + styleTags[i].tag + ">")
		}
	}
}

// noteRef writes a footnote reference that links to the note at the end of
// the article; the note links back to its first reference.
func (p *page) noteRef(n int) {
	num := strconv.Itoa(n)
	if p.art.noteAnchor(n) == "" {
		p.raw("<sup>" + num + "</sup>")
		return
	}
	id := p.art.anchors.unique("fnref-" + num)
	if p.art.backref[n] == "" {
		p.art.backref[n] = id
	}
	p.raw("<sup>")
	p.open("a", "id", id, "href", "#"+p.art.notes[n], "epub:type", "noteref", "role", "doc-noteref")
	p.raw(num)
	p.raw("</a></sup>")
}
