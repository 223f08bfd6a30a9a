package hyphen

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func hyphenated(h *Hyphenator, w string) string {
	pts := h.Points(w)
	var b strings.Builder
	ri := 0
	for _, r := range w {
		if len(pts) > 0 && pts[0] == ri {
			b.WriteByte('-')
			pts = pts[1:]
		}
		b.WriteRune(r)
		ri++
	}
	return b.String()
}

func TestEnglish(t *testing.T) {
	h := For("en")
	if h == nil || h.Name != "en-us" {
		t.Fatalf("For(en) = %v", h)
	}
	for w, want := range map[string]string{
		"hyphenation":   "hy-phen-ation",
		"typesetting":   "type-set-ting",
		"dictionary":    "dic-tio-nary",
		"computer":      "com-puter",
		"photographs":   "pho-to-graphs",
		"Mediterranean": "Mediter-ranean",
		"the":           "the",
		"NASA":          "NASA",
		"Paris":         "Paris", // a short name: left whole
		"table":         "ta-ble",
		"able":          "able",
	} {
		if got := hyphenated(h, w); got != want {
			t.Errorf("%s: got %s, want %s", w, got, want)
		}
	}
	for _, w := range []string{"hyphenation", "international", "responsibility", "extraordinarily"} {
		for _, p := range h.Points(w) {
			if p < 2 || utf8.RuneCountInString(w)-p < 3 {
				t.Errorf("%s: a hyphen after %d letters breaks the 2/3 minimums", w, p)
			}
		}
	}
}

func TestLanguages(t *testing.T) {
	for tag, want := range map[string]string{
		"en-GB": "en-gb", "en_AU": "en-gb", "en-US": "en-us", "en-Latn-GB": "en-gb", "de-CH": "de", "DE": "de", "fr-CA": "fr",
		"es-MX": "es", "it": "it", "nl-BE": "nl", "pt-PT": "pt", "pt-BR": "pt",
	} {
		h := For(tag)
		if h == nil || h.Name != want {
			t.Errorf("For(%q) = %v, want %s", tag, h, want)
		}
	}
	for _, tag := range []string{"", "ja", "zz-Latn", "x"} {
		if h := For(tag); h != nil {
			t.Errorf("For(%q) = %s, want none", tag, h.Name)
		}
	}
	for _, name := range Languages() {
		h := sets[name]
		if err := h.Err(); err != nil {
			t.Error(err)
		}
	}
	for tag, word := range map[string]string{
		"de": "Silbentrennung", "fr": "hyphénation", "es": "separación", "it": "sillabazione", "nl": "woordafbreking", "pt": "hifenização", "en-GB": "hyphenation",
	} {
		got := hyphenated(For(tag), word)
		if !strings.Contains(got, "-") {
			t.Errorf("%s: %s not hyphenated", tag, word)
		}
		t.Logf("%s: %s", tag, got)
	}
}

func TestNotWords(t *testing.T) {
	h := For("en")
	for _, w := range []string{"abc123def", "http://example", "hyphen-ation", "ab", ""} {
		if p := h.Points(w); len(p) != 0 {
			t.Errorf("%q: points %v", w, p)
		}
	}
	var nilH *Hyphenator
	if nilH.Points("hyphenation") != nil {
		t.Error("a nil hyphenator hyphenated")
	}
}

func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := For([]string{"en", "de"}[i%2])
			for range 200 {
				h.Points("consideration")
				h.Points("Donaudampfschiff")
			}
		}()
	}
	wg.Wait()
}

func BenchmarkPoints(b *testing.B) {
	h := For("en")
	h.Err()
	words := strings.Fields("the harbour lay quiet under a grey sky while fishermen mended nets and talked of weather prices and the long road")
	for b.Loop() {
		for _, w := range words {
			h.points(w, utf8.RuneCountInString(w))
		}
	}
}
