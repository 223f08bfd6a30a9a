package importer

import "bytes"

// Limits on how deep one line of Markdown may open containers before it is
// parsed. goldmark's block parser costs time in proportion to the depth of
// the open blocks on every line, and more for deep indentation, so a few
// lines nested thousands deep would take minutes. The limits sit well
// above maxNesting, so that the converter still sees (and reports) the
// excess and real documents are never changed.
const (
	maxLineMarkers = 2 * maxNesting // > and list markers on one line
	maxIndent      = 8 * maxNesting // columns of indentation
)

// capNesting returns src with container markers past maxLineMarkers on a
// line removed and indentation past maxIndent columns cut to maxIndent.
// Lines inside fenced code blocks are left alone. It returns the 1-based
// body line of the first change (0 when nothing changed). Line count and
// line order are kept.
func capNesting(src []byte) ([]byte, int) {
	var out []byte // nil until something changes
	firstLine := 0
	var f fenceState
	lineNo := 0
	for off := 0; off < len(src); {
		lineNo++
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off + 1
		}
		line := src[off:end]
		off = end

		p := scanLine(line)
		changed := p.fixed != nil
		if f.inside(p) {
			changed = false // code is kept as written
		} else {
			f.open(p)
		}
		if changed && out == nil {
			out = make([]byte, 0, len(src))
			out = append(out, src[:end-len(line)]...)
			firstLine = lineNo
		}
		if out != nil {
			if changed {
				out = append(out, p.fixed...)
			} else {
				out = append(out, line...)
			}
		}
	}
	if out == nil {
		return src, 0
	}
	return out, firstLine
}

// linePrefix is what scanLine learns about the container prefix of a line.
type linePrefix struct {
	fixed  []byte // the line with the excess cut; nil when unchanged
	body   []byte // the text after the prefix
	quotes int    // ">" markers before anything else
	lists  int    // list markers
	first  int    // column of the first character that is not space
	lead   int    // column of the first character that is not space or ">"
	gap    int    // columns of space between the last marker and body
	col    int    // column where body starts
}

// fenceState follows fenced code blocks, to leave their lines alone. It
// errs towards ending a fence early: a line taken for code by mistake
// would escape the caps and cost time.
type fenceState struct {
	char   byte // '`' or '~' while inside a fence
	n      int  // length of its opening run
	quotes int  // ">" markers of the opening line
	list   bool // whether the opening line was in a list item
	col    int  // column of the opening fence
}

// inside reports whether a line belongs to the fence that is open, and
// notes the fence's end.
func (f *fenceState) inside(p linePrefix) bool {
	if f.char == 0 {
		return false
	}
	blank := len(bytes.TrimSpace(p.body)) == 0 && p.lists == 0
	lead := p.lead
	if f.quotes == 0 {
		lead = p.first // a ">" is text that ends the list item
	}
	if p.quotes < f.quotes || f.list && !blank && lead < f.col {
		f.char = 0 // its container ended, and the fence with it
		return false
	}
	if n := run(p.body, f.char); n >= f.n && len(bytes.TrimSpace(p.body[n:])) == 0 && p.gap < 4 {
		f.char = 0
	}
	return true
}

// open notes a fence that a line opens.
func (f *fenceState) open(p linePrefix) {
	c := byte(0)
	if len(p.body) > 0 {
		c = p.body[0]
	}
	if c != '`' && c != '~' || p.gap >= 4 {
		return
	}
	if n := run(p.body, c); n >= 3 && (c == '~' || bytes.IndexByte(p.body[n:], '`') < 0) {
		*f = fenceState{char: c, n: n, quotes: p.quotes, list: p.lists > 0, col: p.col}
	}
}

func run(b []byte, c byte) int {
	n := 0
	for n < len(b) && b[n] == c {
		n++
	}
	return n
}

// scanLine reads the container prefix of one line (indentation, ">",
// list markers) and cuts what is past the limits.
func scanLine(line []byte) linePrefix {
	var p linePrefix
	var b []byte // the fixed line; nil until something changes
	i, markers, col := 0, 0, 0
	onlyQuotes := true
	for {
		// Indentation.
		j, cols := i, 0
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			if line[j] == '\t' {
				cols += 4 - (col+cols)%4
			} else {
				cols++
			}
			j++
		}
		p.gap = cols
		if markers > 0 && cols > 0 {
			p.gap-- // the space that belongs to the marker
		}
		if cols > maxIndent {
			if b == nil {
				b = append(make([]byte, 0, len(line)), line[:i]...)
			}
			b = append(b, bytes.Repeat([]byte{' '}, maxIndent)...)
			cols = maxIndent
		} else if b != nil {
			b = append(b, line[i:j]...)
		}
		col += cols
		if i == 0 {
			p.first = col
		}
		i = j
		// A container marker.
		n, quote := markerLen(line[i:])
		if onlyQuotes {
			p.lead = col
		}
		if n == 0 {
			break
		}
		if quote && onlyQuotes {
			p.quotes++
		} else {
			onlyQuotes = false
		}
		if !quote {
			p.lists++
		}
		markers++
		if markers > maxLineMarkers {
			if b == nil {
				b = append(make([]byte, 0, len(line)), line[:i]...)
			}
			// Drop the marker and one space after it.
			i += n
			if i < len(line) && line[i] == ' ' {
				i++
			}
			continue
		}
		if b != nil {
			b = append(b, line[i:i+n]...)
		}
		i += n
		col += n
	}
	p.body, p.col = line[i:], col
	if b != nil {
		p.fixed = append(b, line[i:]...)
	}
	return p
}

// markerLen returns the length of a block quote marker (">") or list
// marker ("-", "+", "*", "1.", "1)") at the start of b, 0 when there is
// none, and whether it is a quote marker. A list marker must be followed
// by a space, a tab or the end of the line.
func markerLen(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	switch b[0] {
	case '>':
		return 1, true
	case '-', '+', '*':
		if len(b) == 1 || b[1] == ' ' || b[1] == '\t' || b[1] == '\n' {
			return 1, false
		}
		return 0, false
	}
	n := 0
	for n < len(b) && n < 9 && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	if n == 0 || n >= len(b) || b[n] != '.' && b[n] != ')' {
		return 0, false
	}
	if n+1 == len(b) || b[n+1] == ' ' || b[n+1] == '\t' || b[n+1] == '\n' {
		return n + 1, false
	}
	return 0, false
}
