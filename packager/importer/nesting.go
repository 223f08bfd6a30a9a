package importer

import "bytes"

// Limits on how deep one line of Markdown may open containers before it is
// parsed. goldmark's block parser costs time in proportion to the depth of
// the open blocks on every line, and more for deep indentation, so a few
// lines nested thousands deep would take minutes. The limits sit well
// above MaxNesting, so that the converter still sees (and reports) the
// excess and real documents are never changed.
const (
	maxLineMarkers = 2 * MaxNesting // > and list markers on one line
	maxIndent      = 8 * MaxNesting // columns of indentation
)

// capNesting returns src with container markers past maxLineMarkers on a
// line removed and indentation past maxIndent columns cut to maxIndent.
// Lines inside fenced code blocks are left alone. It returns the 1-based
// body line of the first change (0 when nothing changed). Line count and
// line order are kept.
func capNesting(src []byte) ([]byte, int) {
	var out []byte // nil until something changes
	firstLine := 0
	var fence byte // '`' or '~' while inside a fenced code block
	fenceLen := 0
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

		fixed, body, changed := capLine(line)
		if fence != 0 {
			// Inside a fence: look for its end, change nothing.
			if n := fenceRun(body, fence); n >= fenceLen && len(bytes.TrimSpace(body[n:])) == 0 {
				fence = 0
			}
			changed = false
		} else if c := firstByte(body); c == '`' || c == '~' {
			if n := fenceRun(body, c); n >= 3 && (c == '~' || bytes.IndexByte(body[n:], '`') < 0) {
				fence, fenceLen = c, n
			}
		}
		if changed && out == nil {
			out = make([]byte, 0, len(src))
			out = append(out, src[:end-len(line)]...)
			firstLine = lineNo
		}
		if out != nil {
			if changed {
				out = append(out, fixed...)
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

func firstByte(b []byte) byte {
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

func fenceRun(b []byte, c byte) int {
	n := 0
	for n < len(b) && b[n] == c {
		n++
	}
	return n
}

// capLine reads the container prefix of one line (indentation, "> ",
// list markers) and returns the line with the excess cut, the text after
// the prefix, and whether the line changed.
func capLine(line []byte) (fixed, body []byte, changed bool) {
	var b []byte // nil until something changes
	i, markers := 0, 0
	for {
		// Indentation.
		j, cols := i, 0
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			if line[j] == '\t' {
				cols += 4 - cols%4
			} else {
				cols++
			}
			j++
		}
		if cols > maxIndent {
			if b == nil {
				b = append(make([]byte, 0, len(line)), line[:i]...)
			}
			b = append(b, bytes.Repeat([]byte{' '}, maxIndent)...)
		} else if b != nil {
			b = append(b, line[i:j]...)
		}
		i = j
		// A container marker.
		n := markerLen(line[i:])
		if n == 0 {
			break
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
	}
	if b == nil {
		return line, line[i:], false
	}
	return append(b, line[i:]...), line[i:], true
}

// markerLen returns the length of a block quote marker (">") or list
// marker ("-", "+", "*", "1.", "1)") at the start of b, 0 when there is
// none. A list marker must be followed by a space, a tab or the end of the
// line.
func markerLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '>':
		return 1
	case '-', '+', '*':
		if len(b) == 1 || b[1] == ' ' || b[1] == '\t' || b[1] == '\n' {
			return 1
		}
		return 0
	}
	n := 0
	for n < len(b) && n < 9 && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	if n == 0 || n >= len(b) || b[n] != '.' && b[n] != ')' {
		return 0
	}
	if n+1 == len(b) || b[n+1] == ' ' || b[n+1] == '\t' || b[n+1] == '\n' {
		return n + 1
	}
	return 0
}
