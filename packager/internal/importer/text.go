package importer

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"

	"github.com/offprint/offprint/packager/model"
)

// decodeText returns Markdown source text as the characters it stands for:
// backslash escapes of ASCII punctuation are removed, entity and numeric
// character references are resolved, and NUL becomes U+FFFD.
func decodeText(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, 0) < 0 {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b) && isASCIIPunct(b[i+1]):
			sb.WriteByte(b[i+1])
			i += 2
		case c == '&':
			if s, n := entity(b[i:]); n > 0 {
				sb.WriteString(s)
				i += n
			} else {
				sb.WriteByte('&')
				i++
			}
		case c == 0:
			sb.WriteString("\uFFFD")
			i++
		default:
			sb.WriteByte(c)
			i++
		}
	}
	return sb.String()
}

// entity reads a character reference (&name; &#123; &#x7B;) at the start of
// b and returns its characters and its length, or 0 when b does not start
// with one.
func entity(b []byte) (string, int) {
	if len(b) < 3 || b[0] != '&' {
		return "", 0
	}
	if b[1] == '#' {
		i, base, max := 2, 10, 7
		if i < len(b) && (b[i] == 'x' || b[i] == 'X') {
			i, base, max = 3, 16, 6
		}
		start := i
		for i < len(b) && i-start <= max && isDigitIn(b[i], base) {
			i++
		}
		if i == start || i-start > max || i >= len(b) || b[i] != ';' {
			return "", 0
		}
		v, err := strconv.ParseUint(string(b[start:i]), base, 32)
		r := rune(v)
		if err != nil || r == 0 || !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		return string(r), i + 1
	}
	i := 1
	for i < len(b) && i < 40 && (isASCIILetter(b[i]) || b[i] >= '0' && b[i] <= '9') {
		i++
	}
	if i == 1 || i >= len(b) || b[i] != ';' {
		return "", 0
	}
	e, ok := util.LookUpHTML5EntityByName(string(b[1:i]))
	if !ok {
		return "", 0
	}
	return string(e.Characters), i + 1
}

func isDigitIn(c byte, base int) bool {
	switch {
	case c >= '0' && c <= '9':
		return true
	case base == 16:
		return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
	}
	return false
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// isSpace reports whether r is white space that may be collapsed (not a
// no-break space).
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v':
		return true
	}
	return false
}

// collapseSpace trims s and turns every run of white space inside it into
// one space.
func collapseSpace(s string) string {
	s = strings.TrimFunc(s, isSpace)
	if !strings.ContainsAny(s, "\t\n\r\f\v  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// articleLink returns the target of a link written in a Markdown
// article: what cleanLink keeps, and also a wikilink ("wikilink:Note"), a
// relative path ("../other.md#part", "other/index.md") or a site path
// ("/blog/go1.21"), which the presentation step resolves against the
// edition's other articles.
func articleLink(dest string) string {
	dest = strings.TrimSpace(dest)
	if strings.HasPrefix(dest, wikilinkPrefix) {
		return dest
	}
	if l := cleanLink(dest); l != "" {
		return l
	}
	if dest == "" || strings.ContainsAny(dest, "\x00\r\n<>") {
		return ""
	}
	// A scheme before any / ? or # is not a path (javascript:, data:).
	if i := strings.IndexAny(dest, ":/?#"); i >= 0 && dest[i] == ':' {
		return ""
	}
	return dest
}

// cleanLink returns a link target fit for the model: absolute URLs and
// in-page anchors ("#id") are kept; script URLs and relative paths (which
// point at nothing once the article is packaged) give "".
func cleanLink(dest string) string {
	dest = strings.TrimSpace(dest)
	if dest == "" {
		return ""
	}
	if dest[0] == '#' {
		if len(dest) == 1 {
			return ""
		}
		return dest
	}
	if strings.HasPrefix(dest, "//") {
		return "https:" + dest
	}
	// Browsers ignore tabs, newlines and controls inside a scheme
	// ("java\tscript:"), so look at the scheme without them.
	var scheme strings.Builder
	for _, r := range dest {
		if r == ':' {
			break
		}
		if r <= ' ' || r == 0x7f {
			continue
		}
		if !(r < utf8.RuneSelf && (isASCIILetter(byte(r)) || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return "" // no scheme: a relative reference
		}
		scheme.WriteRune(unicode.ToLower(r))
	}
	s := scheme.String()
	if len(s) == len(dest) || s == "" || !isASCIILetter(s[0]) {
		return ""
	}
	switch s {
	case "javascript", "vbscript", "data", "file", "about", "blob":
		return ""
	}
	if strings.ContainsFunc(dest, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return ""
	}
	return dest
}

// spanBuf builds a flat list of spans, joining neighbours of one style and
// link.
type spanBuf struct {
	spans []model.Span
	cur   strings.Builder
	style model.Style
	link  string
	open  bool // cur holds text not yet in spans
	// space is true when the text so far ends in collapsible space (or
	// nothing), for HTML white space collapsing.
	space bool
	// gap is set where something was taken out of the text (a picture, a
	// script): a space after it is dropped when one comes before it.
	gap bool
}

// markGap notes that something was taken out of the text here.
func (b *spanBuf) markGap() { b.gap = b.space && !b.empty() }

func (b *spanBuf) flush() {
	if b.open {
		b.spans = append(b.spans, model.Span{Kind: model.Text, Text: b.cur.String(), Style: b.style, Link: b.link})
		b.cur.Reset()
		b.open = false
	}
}

// add appends text as it is.
func (b *spanBuf) add(s string, st model.Style, link string) {
	if s == "" {
		return
	}
	if b.gap {
		b.gap = false
		if s = strings.TrimLeftFunc(s, isSpace); s == "" {
			return
		}
	}
	if !b.open || b.style != st || b.link != link {
		b.flush()
		b.style, b.link, b.open = st, link, true
	}
	b.cur.WriteString(s)
	r, _ := utf8.DecodeLastRuneInString(s)
	b.space = isSpace(r)
}

// addCollapsed appends HTML text, with runs of white space collapsed to
// one space, none at the start.
func (b *spanBuf) addCollapsed(s string, st model.Style, link string) {
	if !strings.ContainsFunc(s, isSpace) {
		b.add(s, st, link)
		return
	}
	var sb strings.Builder
	sp := b.space || b.empty()
	for _, r := range s {
		if isSpace(r) {
			if !sp {
				sb.WriteByte(' ')
				sp = true
			}
			continue
		}
		sp = false
		sb.WriteRune(r)
	}
	b.add(sb.String(), st, link)
}

func (b *spanBuf) empty() bool { return len(b.spans) == 0 && !b.open }

// brk appends a hard line break.
func (b *spanBuf) brk() {
	b.flush()
	b.gap = false
	b.spans = append(b.spans, model.Span{Kind: model.Break})
	b.space = true
}

// note appends a footnote reference.
func (b *spanBuf) note(n int) {
	b.flush()
	b.gap = false
	b.spans = append(b.spans, model.Span{Kind: model.NoteRef, Text: strconv.Itoa(n), Note: n})
	b.space = false
}

// finish returns the spans with white space trimmed at both ends and
// around line breaks, and empty spans and outer line breaks dropped. It
// returns nil when nothing but white space is left.
func (b *spanBuf) finish() []model.Span {
	b.flush()
	spans := b.spans
	b.spans, b.space = nil, false
	drop := make([]bool, len(spans))
	trimmable := func(i int) bool {
		return spans[i].Kind == model.Text && spans[i].Style&model.Code == 0
	}
	// Going back from a line break (or the end), trim text, and go on
	// through text that was all space.
	back := func(i int) {
		for ; i >= 0 && trimmable(i); i-- {
			spans[i].Text = strings.TrimRightFunc(spans[i].Text, isSpace)
			if spans[i].Text != "" {
				return
			}
			drop[i] = true
		}
	}
	fwd := func(i int) {
		for ; i < len(spans) && trimmable(i); i++ {
			spans[i].Text = strings.TrimLeftFunc(spans[i].Text, isSpace)
			if spans[i].Text != "" {
				return
			}
			drop[i] = true
		}
	}
	fwd(0)
	back(len(spans) - 1)
	for i, s := range spans {
		if s.Kind == model.Break {
			back(i - 1)
			fwd(i + 1)
		}
	}
	out := make([]model.Span, 0, len(spans))
	for i, s := range spans {
		if !drop[i] && !(s.Kind == model.Text && s.Text == "") {
			out = append(out, s)
		}
	}
	// Line breaks at either end go, with the space beyond them.
	for len(out) > 0 && out[0].Kind == model.Break {
		out = out[1:]
		if len(out) > 0 && out[0].Kind == model.Text && out[0].Style&model.Code == 0 {
			out[0].Text = strings.TrimLeftFunc(out[0].Text, isSpace)
		}
	}
	for len(out) > 0 && out[len(out)-1].Kind == model.Break {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
