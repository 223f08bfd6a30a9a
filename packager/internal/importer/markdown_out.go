package importer

import (
	"html"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/offprint/offprint/packager/model"
)

// FormatMarkdown writes an article as Markdown with YAML front matter
// (every attribution key it has) such that the Markdown importer reads
// back the same article, figures' lines aside. Text is escaped where
// Markdown would read it otherwise (emphasis, links, typographic quotes
// and dashes, bare web addresses). A figure is written as
// ![caption](path "credit") where that reads back the same, else as a
// raw <figure> with its <figcaption> and a credit <span>; a figure
// without a picture is always the latter. Tables with a header are GFM
// tables; footnotes are [^n].
func FormatMarkdown(a *model.Article) []byte {
	var b strings.Builder
	if fm := frontMatterOf(a); len(fm) > 0 {
		b.WriteString("---\n")
		b.Write(fm)
		b.WriteString("---\n")
	}
	w := &mdWriter{shift: headingShift(a)}
	body := w.blocks(a.Blocks, false)
	if b.Len() == 0 && body != "" {
		// Text at the very start that would read as front matter (a
		// Pelican "Key: value" line, a pandoc "%" line, "+++" or a JSON
		// object) starts with its first character as a reference.
		first, _, _ := cutLine([]byte(body))
		if headerKey(first) != "" || first[0] == '%' || first[0] == '{' || isFence(first, "+++") {
			body = "&#" + strconv.Itoa(int(body[0])) + ";" + body[1:]
		}
	}
	if body != "" {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(body)
		b.WriteString("\n")
	}
	for _, fn := range a.Footnotes {
		text := w.blocks(fn.Blocks, false)
		b.WriteString("\n[^" + strconv.Itoa(fn.Number) + "]: " + indentRest(text, "    ") + "\n")
	}
	return []byte(b.String())
}

// headingShift is how much deeper headings are written than their level:
// one when the first heading of level 1 would be taken for the title.
func headingShift(a *model.Article) int {
	if a.Title == "" {
		return 1
	}
	if len(a.Blocks) > 0 {
		if h, ok := a.Blocks[0].(*model.Heading); ok && h.Level == 1 && strings.EqualFold(collapseSpace(model.PlainText(h.Spans)), collapseSpace(a.Title)) {
			return 1
		}
	}
	return 0
}

// frontMatterOf returns the YAML of an article's metadata.
func frontMatterOf(a *model.Article) []byte {
	root := &yaml.Node{Kind: yaml.MappingNode}
	key := func(k string, v *yaml.Node) {
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v)
	}
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	list := func(items []string, flow bool) *yaml.Node {
		n := &yaml.Node{Kind: yaml.SequenceNode}
		if flow {
			n.Style = yaml.FlowStyle
		}
		for _, s := range items {
			n.Content = append(n.Content, str(s))
		}
		return n
	}
	text := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			key(k, str(v))
		}
	}
	text("title", a.Title)
	text("subtitle", a.Subtitle)
	switch {
	case len(a.Authors) == 1 && len(splitNames(a.Authors[0])) == 1:
		text("author", a.Authors[0])
	case len(a.Authors) > 0:
		key("authors", list(a.Authors, false))
	}
	if !a.Date.IsZero() {
		key("date", &yaml.Node{Kind: yaml.ScalarNode, Value: formatDate(a.Date)})
	}
	text("source", a.Source)
	text("url", a.URL)
	text("license", a.License)
	text("copyright", a.Copyright)
	if len(a.Tags) > 0 {
		key("tags", list(a.Tags, true))
	}
	text("summary", a.Summary)
	text("lang", a.Lang)
	if a.Dir == "rtl" && !model.IsRTL(a.Lang) {
		text("dir", "rtl")
	}
	if a.Draft {
		key("draft", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	if len(root.Content) == 0 {
		return nil
	}
	out, err := yaml.Marshal(root)
	if err != nil {
		return nil
	}
	return out
}

// formatDate writes a date as ParseDate reads it: the day alone when it
// is midnight UTC.
func formatDate(t time.Time) string {
	_, off := t.Zone()
	if off == 0 && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	if t.Nanosecond() != 0 {
		return t.Format(time.RFC3339Nano)
	}
	return t.Format(time.RFC3339)
}

// mdWriter writes blocks as Markdown.
type mdWriter struct {
	shift  int  // added to heading levels
	bullet byte // the bullet of the list being written, 0 outside lists
}

// blocks writes blocks separated by blank lines (tight: by line ends,
// for the blocks of a tight list item).
func (w *mdWriter) blocks(bs []model.Block, tight bool) string {
	var parts []string
	var prev model.Block
	bullet, delim := 0, 0 // alternate list markers so that lists do not merge
	for _, b := range bs {
		var s string
		// In a tight list item, only the first block may be a Markdown
		// paragraph: a later one would join the block before it.
		later := tight && len(parts) > 0
		switch b := b.(type) {
		case *model.Paragraph:
			s = w.inline(b.Spans, ctxMarkdown)
			if later {
				s = "<p>" + w.inline(b.Spans, ctxHTML) + "</p>"
			}
		case *model.Heading:
			level := max(1, min(6, b.Level+w.shift))
			s = strings.Repeat("#", level) + " " + w.inline(b.Spans, ctxHeading)
		case *model.CodeBlock:
			s = codeFence(b)
		case *model.Rule:
			s = "___" // unlike any bullet, so never a list item
		case *model.Quote:
			s = prefixLines(w.blocks(b.Blocks, false), "> ", ">")
		case *model.Aside:
			s = prefixLines("[!"+b.Kind+"] "+strings.Join(strings.Fields(b.Title), " ")+"\n"+w.blocks(b.Blocks, false), "> ", ">")
		case *model.List:
			if p, ok := prev.(*model.List); ok && p.Ordered == b.Ordered {
				if b.Ordered {
					delim++
				} else {
					bullet++
				}
			}
			s = w.list(b, bullet%2, delim%2)
		case *model.Table:
			s = w.table(b, later)
		case *model.Figure:
			s = w.figure(b, later)
		default:
			continue
		}
		parts = append(parts, s)
		prev = b
	}
	sep := "\n\n"
	if tight {
		sep = "\n"
	}
	return strings.Join(parts, sep)
}

// list writes a list; alt picks the other marker ("*" for bullets, ")"
// for numbers).
func (w *mdWriter) list(l *model.List, altBullet, altDelim int) string {
	// A bullet unlike the list around, so that "- - -" never makes a
	// rule.
	var bullets []byte
	for _, c := range []byte("-*+") {
		if c != w.bullet {
			bullets = append(bullets, c)
		}
	}
	bullet := bullets[altBullet%2]
	var items []string
	for i, it := range l.Items {
		var marker string
		switch {
		case l.Ordered:
			marker = strconv.Itoa(l.Start+i) + [...]string{".", ")"}[altDelim] + " "
		default:
			marker = string(bullet) + " "
		}
		outer := w.bullet
		if !l.Ordered {
			w.bullet = bullet
		}
		body := w.blocks(it.Blocks, l.Tight)
		w.bullet = outer
		if it.Checked != nil {
			box := "[ ] "
			if *it.Checked {
				box = "[x] "
			}
			body = box + body
		}
		if body == "" {
			// An empty item cannot follow a paragraph line (it would
			// underline it as a heading): an empty comment fills it.
			items = append(items, marker+"<!-- -->")
			continue
		}
		items = append(items, marker+indentRest(body, strings.Repeat(" ", len(marker))))
	}
	sep := "\n\n"
	if l.Tight {
		sep = "\n"
	}
	return strings.Join(items, sep)
}

// table writes a table with a header as GFM, else as HTML (GFM tables
// must have one).
func (w *mdWriter) table(t *model.Table, asHTML bool) string {
	cols := len(t.Align)
	if t.Header == nil || asHTML {
		var b strings.Builder
		b.WriteString("<table>\n")
		rows := t.Rows
		if t.Header != nil {
			rows = append([][]model.Cell{t.Header}, rows...)
		}
		for i, r := range rows {
			cell := "td"
			if i == 0 && t.Header != nil {
				cell = "th"
			}
			b.WriteString("<tr>")
			for j := range cols {
				b.WriteString("<" + cell)
				if i == 0 {
					switch t.Align[j] {
					case model.AlignLeft:
						b.WriteString(` align="left"`)
					case model.AlignCenter:
						b.WriteString(` align="center"`)
					case model.AlignRight:
						b.WriteString(` align="right"`)
					}
				}
				b.WriteString(">")
				if j < len(r) {
					b.WriteString(w.inline(r[j].Spans, ctxHTML))
				}
				b.WriteString("</" + cell + ">")
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</table>")
		return b.String()
	}
	row := func(cells []model.Cell) string {
		var b strings.Builder
		b.WriteString("|")
		for j := range cols {
			b.WriteString(" ")
			if j < len(cells) {
				b.WriteString(w.inline(cells[j].Spans, ctxCell))
			}
			b.WriteString(" |")
		}
		return b.String()
	}
	lines := []string{row(t.Header)}
	var d strings.Builder
	d.WriteString("|")
	for _, a := range t.Align {
		d.WriteString([...]string{" --- |", " :-- |", " :-: |", " --: |"}[a])
	}
	lines = append(lines, d.String())
	for _, r := range t.Rows {
		lines = append(lines, row(r))
	}
	return strings.Join(lines, "\n")
}

// figure writes a figure as Markdown when that reads back the same, else
// as a raw HTML <figure>.
func (w *mdWriter) figure(f *model.Figure, asHTML bool) string {
	if f.Image != nil && !asHTML {
		s := "![" + w.inline(f.Caption, ctxMarkdown) + "](" + linkDest(f.Image.Src)
		if f.Credit != "" {
			s += ` "` + escapeTitle(f.Credit) + `"`
		}
		s += ")"
		if figureReadsBack(s, f) {
			return s
		}
	}
	var b strings.Builder
	b.WriteString("<figure>")
	if f.Image != nil {
		b.WriteString(`<img src="` + html.EscapeString(f.Image.Src) + `" alt="` + html.EscapeString(f.Alt) + `">`)
	}
	if len(f.Caption) > 0 || f.Credit != "" {
		b.WriteString("<figcaption>")
		b.WriteString(w.inline(f.Caption, ctxHTML))
		if f.Credit != "" {
			if len(f.Caption) > 0 {
				b.WriteString(" ")
			}
			b.WriteString(`<span class="credit">` + html.EscapeString(f.Credit) + "</span>")
		}
		b.WriteString("</figcaption>")
	}
	b.WriteString("</figure>")
	return b.String()
}

// figureReadsBack reports whether Markdown s imports as figure f.
func figureReadsBack(s string, f *model.Figure) bool {
	a, _, err := Markdown{}.Import("figure.md", []byte(s))
	if err != nil || len(a.Blocks) != 1 {
		return false
	}
	g, ok := a.Blocks[0].(*model.Figure)
	if !ok {
		return false
	}
	want := *f
	want.Line, want.ID, g.Line, g.ID = 0, "", 0, ""
	return reflect.DeepEqual(&want, g)
}

// codeFence writes a code block between fences longer than any run of
// the fence character inside it.
func codeFence(c *model.CodeBlock) string {
	ch := "`"
	if strings.Contains(c.Lang, "`") {
		ch = "~"
	}
	n := 3
	run := 0
	for _, r := range c.Text {
		if string(r) == ch {
			run++
			n = max(n, run+1)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat(ch, n)
	if c.Text == "" {
		return fence + c.Lang + "\n" + fence
	}
	return fence + c.Lang + "\n" + c.Text + "\n" + fence
}

// inlineCtx is where inline text is written.
type inlineCtx uint8

const (
	ctxMarkdown inlineCtx = iota // a paragraph: line breaks as backslash and line end
	ctxHeading                   // one line: line breaks as <br>, # escaped
	ctxCell                      // a GFM table cell: one line
	ctxHTML                      // inside raw HTML: HTML markup and escapes
)

// inline writes spans.
func (w *mdWriter) inline(spans []model.Span, ctx inlineCtx) string {
	var b []byte
	lineStart := ctx == ctxMarkdown
	for i := 0; i < len(spans); {
		s := spans[i]
		switch s.Kind {
		case model.Break:
			if ctx == ctxMarkdown && (len(b) == 0 || b[len(b)-1] != '\\') {
				b = append(b, "\\\n"...)
				lineStart = true
			} else {
				b = append(b, "<br>"...)
			}
			i++
			continue
		case model.NoteRef:
			if ctx == ctxHTML {
				b = append(b, "<sup>"+strconv.Itoa(s.Note)+"</sup>"...)
			} else {
				b = append(b, "[^"+strconv.Itoa(s.Note)+"]"...)
			}
			lineStart = false
			i++
			continue
		}
		// A run of spans with one link.
		j := i + 1
		for j < len(spans) && spans[j].Kind == model.Text && spans[j].Link == s.Link {
			j++
		}
		prev, _ := utf8.DecodeLastRune(b)
		text := w.styled(spans[i:j], ctx, lineStart && s.Link == "", prev)
		switch {
		case s.Link == "":
			b = append(b, text...)
		case ctx == ctxHTML:
			b = append(b, `<a href="`+html.EscapeString(s.Link)+`">`+text+"</a>"...)
		default:
			if n := len(b); n > 0 && b[n-1] == '!' && (n == 1 || b[n-2] != '\\') {
				// "!" before "[" would make the link a picture.
				b = append(b[:n-1], `\!`...)
			}
			b = append(b, "["+text+"]("+linkDest(s.Link)+")"...)
		}
		lineStart = false
		i = j
	}
	return string(b)
}

// styled writes text spans (of one link) with their styles. prev is the
// character written before them.
func (w *mdWriter) styled(spans []model.Span, ctx inlineCtx, lineStart bool, prev rune) string {
	var b strings.Builder
	for k, s := range spans {
		st := s.Style
		var inner string
		code := st&model.Code != 0
		switch {
		case ctx == ctxHTML:
			inner = html.EscapeString(s.Text)
			if code {
				inner = "<code>" + inner + "</code>"
			}
		case code:
			inner = codeSpan(s.Text, lineStart && k == 0)
			if ctx == ctxCell {
				// GFM splits cells before it reads code spans.
				inner = strings.ReplaceAll(inner, "|", "\\|")
			}
		default:
			inner = escapeText(s.Text, lineStart && k == 0, ctx == ctxHeading)
		}
		// Markdown's delimiters where they surely read back (a word
		// inside, nothing that could join them outside), else HTML tags
		// for every style of the span.
		first, _ := utf8.DecodeRuneInString(s.Text)
		last, _ := utf8.DecodeLastRuneInString(s.Text)
		md := ctx != ctxHTML && !code && st&(model.Sup|model.Sub) == 0 && isWordRune(first) && isWordRune(last) && prev != '*' && prev != '~'
		var open, close string
		wrap := func(delim, tag string) {
			if md && delim != "" {
				open, close = open+delim, delim+close
				return
			}
			open, close = open+"<"+tag+">", "</"+tag+">"+close
		}
		if st&model.Sup != 0 {
			wrap("", "sup")
		}
		if st&model.Sub != 0 {
			wrap("", "sub")
		}
		if st&model.Strike != 0 {
			wrap("~~", "del")
		}
		if st&model.Strong != 0 {
			wrap("**", "strong")
		}
		if st&model.Emph != 0 {
			wrap("*", "em")
		}
		out := open + inner + close
		b.WriteString(out)
		if out != "" {
			prev, _ = utf8.DecodeLastRuneInString(out)
		}
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// codeSpan writes a code span, with a fence longer than any run of
// backticks inside it (or, at the start of a line where a long fence
// would open a code block, as HTML).
func codeSpan(text string, lineStart bool) string {
	n, run := 1, 0
	for _, r := range text {
		if r == '`' {
			run++
			if run >= n {
				n = run + 1
			}
		} else {
			run = 0
		}
	}
	if lineStart && n >= 3 {
		return "<code>" + escapeText(text, false, false) + "</code>"
	}
	fence := strings.Repeat("`", n)
	pad := ""
	if strings.HasPrefix(text, "`") || strings.HasSuffix(text, "`") ||
		strings.HasPrefix(text, " ") && strings.HasSuffix(text, " ") && strings.Trim(text, " ") != "" {
		pad = " "
	}
	return fence + pad + text + pad + fence
}

// escapeText escapes what Markdown would read as markup, as typographic
// punctuation or as a web address in text. lineStart is set when the
// text starts a line, where block markers are escaped too; heading
// escapes every #.
func escapeText(s string, lineStart, heading bool) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	prevWord := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		next := byte(0)
		if i+size < len(s) {
			next = s[i+size]
		}
		prev := byte(0)
		if i > 0 {
			prev = s[i-1]
		}
		esc := false
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '"', '\'':
			esc = true
		case '&':
			esc = isEntity(s[i:])
		case '-':
			esc = next == '-' || prev == '-' || i == 0 && lineStart && (next == ' ' || next == '\t' || next == 0)
		case '.':
			esc = next == '.' || prev == '.'
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") && (i == 3 || !isASCIIWord(s[i-4])) {
				esc = true
			}
		case ':':
			esc = strings.HasPrefix(s[i+1:], "//")
		case '@':
			esc = prevWord
		case '#':
			esc = heading || i == 0 && lineStart
		case '+':
			esc = i == 0 && lineStart && (next == ' ' || next == '\t' || next == 0)
		case '=':
			esc = i == 0 && lineStart || next == '=' || prev == '=' // ==highlight==
		case '%':
			esc = next == '%' || prev == '%' // %%comment%%
		case '{':
			esc = next == '{' || next == '%' // {{ shortcode }}, {% tag %}
		case '\n', '\r', '\f', '\v', 0x7f:
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
			i += size
			prevWord = false
			continue
		}
		if r < ' ' && r != '\t' {
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
			i += size
			continue
		}
		if esc {
			b.WriteByte('\\')
		}
		b.WriteString(s[i : i+size])
		prevWord = r < utf8.RuneSelf && isASCIIWord(byte(r)) || r == '.' || r == '%' || r == '+' || r == '-'
		i += size
	}
	out := b.String()
	if lineStart {
		// "1. " and "1) " start ordered lists.
		n := 0
		for n < len(out) && n < 10 && out[n] >= '0' && out[n] <= '9' {
			n++
		}
		if n > 0 && n < len(out) && (out[n] == '.' || out[n] == ')') && (n+1 == len(out) || out[n+1] == ' ' || out[n+1] == '\t') {
			out = out[:n] + "\\" + out[n:]
		}
	}
	return out
}

// isEntity reports whether s starts with a character reference that
// Markdown would decode (&amp; &#123;).
func isEntity(s string) bool {
	_, n := entity([]byte(s[:min(len(s), 48)]))
	return n > 0
}

func isASCIIWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// linkDest writes a link or picture address.
func linkDest(u string) string {
	var b strings.Builder
	angle := strings.ContainsAny(u, " \t") || u == ""
	if angle {
		b.WriteByte('<')
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c == '\\' || c == '(' || c == ')' || c == '<' || c == '>':
			b.WriteByte('\\')
		case c == '&' && isEntity(u[i:]):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	if angle {
		b.WriteByte('>')
	}
	return b.String()
}

// escapeTitle escapes a link title written between double quotes.
func escapeTitle(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
		case c == '&' && isEntity(s[i:]):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// prefixLines puts prefix before every line of s (empty lines get
// empty).
func prefixLines(s, prefix, empty string) string {
	if s == "" {
		return empty
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = empty
		} else {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// indentRest indents every line of s but the first (empty lines stay
// empty).
func indentRest(s, indent string) string {
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = indent + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}
