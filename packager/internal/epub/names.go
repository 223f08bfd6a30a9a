package epub

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

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
