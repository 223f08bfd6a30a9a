package epub

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// esc escapes s for XML text and attribute values. Characters XML cannot
// carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) and bytes
// that are not UTF-8 are dropped, so that text scraped from anywhere still
// gives a well-formed document.
func esc(s string) string {
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
		if !xmlChar(r) || (r == utf8.RuneError && n == 1) {
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
		case !xmlChar(r):
			// not allowed in XML 1.0: drop it
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

// ncName turns s into a string usable as an XML id (an NCName made of
// ASCII letters, digits, '-', '_' and '.'): other characters become '-',
// and a name that does not start with a letter gets prefix in front.
func ncName(s, prefix string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		ok := r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-')
		if !ok {
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteRune(r)
	}
	out := strings.Trim(b.String(), "-.")
	if out == "" || !(out[0] >= 'a' && out[0] <= 'z' || out[0] >= 'A' && out[0] <= 'Z') {
		out = prefix + out
	}
	return out
}

// names hands out unique names: the first request for a base gets it, later
// ones get base-2, base-3, ….
type names map[string]bool

func (n names) unique(base string) string {
	name := base
	for i := 2; n[name]; i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	n[name] = true
	return name
}

// uniqueFile is unique for file names: the number goes before the
// extension.
func (n names) uniqueFile(stem, ext string) string {
	name := stem + ext
	for i := 2; n[strings.ToLower(name)]; i++ {
		name = stem + "-" + strconv.Itoa(i) + ext
	}
	n[strings.ToLower(name)] = true
	return name
}
