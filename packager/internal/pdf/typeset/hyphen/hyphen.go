// Package hyphen finds where words may be hyphenated, with Frank Liang's
// patterns (as TeX uses them) read by github.com/speedata/hyphenation.
//
// Patterns for English (US and British), German, French, Spanish,
// Italian, Dutch and Portuguese are embedded; see README.md in this folder
// for where they come from and their licences. Each language's patterns
// are parsed on first use, once per process, and the hyphenators are safe
// for concurrent use.
package hyphen

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/speedata/hyphenation"
)

//go:embed patterns/*.pat
var patterns embed.FS

// Hyphenator hyphenates the words of one language.
type Hyphenator struct {
	// Name is the pattern set: "en-us", "en-gb", "de", …
	Name string
	// Left and Right are the fewest letters kept before and after a
	// hyphen.
	Left, Right int

	once sync.Once
	lang *hyphenation.Lang
	err  error

	cache  sync.Map // word → []int
	cached atomic.Int64
}

// maxCached bounds the words a hyphenator remembers.
const maxCached = 200_000

// The hyphenators, by pattern set. Left and right minimums follow the
// dictionaries' LEFTHYPHENMIN and RIGHTHYPHENMIN, with English at 2 and 3
// as TeX sets it.
var sets = map[string]*Hyphenator{
	"en-us": {Name: "en-us", Left: 2, Right: 3},
	"en-gb": {Name: "en-gb", Left: 2, Right: 3},
	"de":    {Name: "de", Left: 2, Right: 2},
	"fr":    {Name: "fr", Left: 2, Right: 3},
	"es":    {Name: "es", Left: 2, Right: 2},
	"it":    {Name: "it", Left: 2, Right: 2},
	"nl":    {Name: "nl", Left: 2, Right: 2},
	"pt":    {Name: "pt", Left: 2, Right: 3},
}

// British spelling, and so hyphenation, for these English regions.
var britishRegions = map[string]bool{"gb": true, "uk": true, "au": true, "nz": true, "ie": true, "za": true, "in": true}

// For returns the hyphenator for a BCP 47 language tag ("en", "en-GB",
// "de-CH", "pt_BR"), or nil when there are no patterns for its language.
func For(tag string) *Hyphenator {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"))
	primary, rest, _ := strings.Cut(t, "-")
	switch primary {
	case "en":
		region := ""
		for _, sub := range strings.Split(rest, "-") {
			if len(sub) == 2 {
				region = sub
				break
			}
		}
		if britishRegions[region] {
			return sets["en-gb"]
		}
		return sets["en-us"]
	case "eng":
		return sets["en-us"]
	case "deu", "ger", "gsw":
		return sets["de"]
	case "fra", "fre":
		return sets["fr"]
	case "spa":
		return sets["es"]
	case "ita":
		return sets["it"]
	case "nld", "dut":
		return sets["nl"]
	case "por":
		return sets["pt"]
	}
	return sets[primary]
}

// Languages lists the pattern sets there are.
func Languages() []string {
	return []string{"de", "en-gb", "en-us", "es", "fr", "it", "nl", "pt"}
}

func (h *Hyphenator) load() {
	data, err := patterns.ReadFile("patterns/" + h.Name + ".pat")
	if err != nil {
		h.err = fmt.Errorf("hyphenation patterns %s: %w", h.Name, err)
		return
	}
	l, err := hyphenation.New(bytes.NewReader(data))
	if err != nil {
		h.err = fmt.Errorf("hyphenation patterns %s: %w", h.Name, err)
		return
	}
	h.lang = l
}

// Err reports whether the patterns could be loaded (it loads them).
func (h *Hyphenator) Err() error {
	h.once.Do(h.load)
	return h.err
}

// maxWord is the longest word, in letters, that is given hyphenation
// points.
const maxWord = 256

// Points returns the places where word may be hyphenated, as counts of
// runes before each hyphen, in increasing order. word should be letters
// only: anything else gets no points. Words in capitals (acronyms) are
// never hyphenated, and capitalised words (names, mostly) only when they
// are at least eight letters long.
func (h *Hyphenator) Points(word string) []int {
	// Longer words (compounds of a hundred letters and more) still get
	// their points; past maxWord a word is no word but a string of
	// letters, broken where the line ends.
	if h == nil {
		return nil
	}
	n := utf8.RuneCountInString(word)
	if n < h.Left+h.Right || n > maxWord {
		return nil
	}
	if v, ok := h.cache.Load(word); ok {
		return v.([]int)
	}
	pts := h.points(word, n)
	if h.cached.Load() < maxCached {
		if _, loaded := h.cache.LoadOrStore(word, pts); !loaded {
			h.cached.Add(1)
		}
	}
	return pts
}

func (h *Hyphenator) points(word string, n int) []int {
	upper, lower := 0, 0
	first := true
	firstUpper := false
	for _, r := range word {
		switch {
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			upper++
			if first {
				firstUpper = true
			}
		case unicode.IsLetter(r):
			lower++
		default:
			return nil
		}
		first = false
	}
	if upper > 1 || firstUpper && n < 8 {
		return nil
	}
	h.once.Do(h.load)
	if h.lang == nil {
		return nil
	}
	var out []int
	for _, p := range h.lang.Hyphenate(word) {
		if p >= h.Left && n-p >= h.Right {
			out = append(out, p)
		}
	}
	return out
}
