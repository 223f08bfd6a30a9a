package xmltext

import (
	"strings"
	"unicode/utf8"
)

// Escape escapes s for XML text and attribute values. Characters XML cannot
// carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) and bytes
// that are not UTF-8 are dropped, so that text scraped from anywhere still
// gives a well-formed document.
func Escape(s string) string {
	clean := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
				clean = false
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !Char(r) || (r == utf8.RuneError && n == 1) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n == 1:
			// not UTF-8: drop the byte
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case !Char(r):
			// not allowed in XML 1.0: drop it
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Char reports whether r may appear in an XML 1.0 document.
func Char(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}
