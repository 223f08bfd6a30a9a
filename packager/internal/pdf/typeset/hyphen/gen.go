//go:build ignore

// gen converts LibreOffice hyphenation dictionaries, as Debian installs
// them under /usr/share/hyphen, into the plain pattern files this package
// embeds: one Liang pattern a line, in UTF-8, without the charset line,
// the LEFTHYPHENMIN/RIGHTHYPHENMIN and other keyword lines, comments,
// and the non-standard patterns (those with a "/") that only libhyphen
// reads. Where a file has a NEXTLEVEL line, only the patterns after it,
// the ordinary ones, are kept: the level before it is libhyphen's
// compound-word list.
//
// speedata/hyphenation v1.0.2 only matches patterns of two characters or
// more, so a pattern of one letter ("1b": a break may come before any b)
// is written out as the same pattern after each letter the file uses and
// after the word boundary ("a1b", "b1b", …, ".1b"), which means the same.
// Patterns of the same letters are merged, keeping the higher value at
// each place, as Liang's algorithm does when it applies them.
//
//	apt-get install hyphen-en-us hyphen-en-gb hyphen-de hyphen-fr hyphen-es hyphen-it hyphen-nl hyphen-pt-br
//	go run gen.go
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

var files = map[string]string{
	"en-us": "hyph_en_US.dic",
	"en-gb": "hyph_en_GB.dic",
	"de":    "hyph_de_DE.dic",
	"fr":    "hyph_fr.dic",
	"es":    "hyph_es_ES.dic",
	"it":    "hyph_it_IT.dic",
	"nl":    "hyph_nl_NL.dic",
	"pt":    "hyph_pt_BR.dic",
}

func main() {
	for lang, name := range files {
		raw, err := os.ReadFile(filepath.Join("/usr/share/hyphen", name))
		if err != nil {
			log.Fatal(err)
		}
		charset, body, _ := bytes.Cut(raw, []byte("\n"))
		text := string(body)
		switch cs := strings.TrimSpace(string(charset)); cs {
		case "UTF-8":
		case "ISO8859-1":
			b, err := charmap.ISO8859_1.NewDecoder().Bytes(body)
			if err != nil {
				log.Fatal(err)
			}
			text = string(b)
		default:
			log.Fatalf("%s: charset %q", name, cs)
		}
		if i := strings.LastIndex(text, "\nNEXTLEVEL"); i >= 0 {
			text = text[i+len("\nNEXTLEVEL"):]
		}
		pats := map[string][]int{}
		var single []string
		alphabet := map[rune]bool{}
		sc := bufio.NewScanner(strings.NewReader(text))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || line[0] == '#' || line[0] == '%' {
				continue
			}
			if f := strings.Fields(line); len(f) != 1 || strings.ToUpper(line) == line && strings.ContainsAny(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
				continue // keyword lines: LEFTHYPHENMIN 2, NOHYPHEN -,', …
			}
			if strings.Contains(line, "/") || !standard(line) {
				continue
			}
			letters, prio := parse(line)
			for _, r := range letters {
				if r != '.' {
					alphabet[r] = true
				}
			}
			if utf8.RuneCountInString(letters) == 1 {
				single = append(single, line)
				continue
			}
			merge(pats, letters, prio)
		}
		for _, p := range single {
			letters, prio := parse(p)
			for y := range alphabet {
				merge(pats, string(y)+letters, append([]int{0}, prio...))
			}
			merge(pats, "."+letters, append([]int{0}, prio...))
		}
		keys := make([]string, 0, len(pats))
		for k := range pats {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out bytes.Buffer
		for _, k := range keys {
			out.WriteString(format(k, pats[k]))
			out.WriteByte('\n')
		}
		kept := len(keys)
		if err := os.WriteFile(filepath.Join("patterns", lang+".pat"), out.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d patterns from %s\n", lang, kept, name)
	}
}

// standard reports whether a pattern has only letters, digits and the
// word-boundary dot, and at least one letter.
func standard(p string) bool {
	letters := 0
	for _, r := range p {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r >= '0' && r <= '9', r == '.':
		default:
			return false
		}
	}
	return letters > 0
}

// parse splits a pattern into its characters and the values before,
// between and after them.
func parse(p string) (string, []int) {
	var letters []rune
	prio := []int{0}
	for _, r := range p {
		if r >= '0' && r <= '9' {
			prio[len(prio)-1] = int(r - '0')
			continue
		}
		letters = append(letters, r)
		prio = append(prio, 0)
	}
	return string(letters), prio
}

func merge(pats map[string][]int, letters string, prio []int) {
	old, ok := pats[letters]
	if !ok {
		pats[letters] = prio
		return
	}
	for i := range old {
		old[i] = max(old[i], prio[i])
	}
}

// format writes a pattern back, leaving out zeros.
func format(letters string, prio []int) string {
	var b strings.Builder
	i := 0
	for _, r := range letters {
		if prio[i] > 0 {
			b.WriteByte(byte('0' + prio[i]))
		}
		b.WriteRune(r)
		i++
	}
	if prio[i] > 0 {
		b.WriteByte(byte('0' + prio[i]))
	}
	return b.String()
}
