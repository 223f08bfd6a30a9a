package typeset

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
	"github.com/offprint/offprint/packager/internal/pdf/typeset/hyphen"
)

// setWord sets text in a measure and returns its lines as drawn.
func setWord(t *testing.T, text string, measure float64, hy func(string) []int) []string {
	t.Helper()
	f := testFace(t)
	b := &Builder{Hyphenate: hy, Justify: true}
	st := b.AddStyle(Style{Face: f, Size: 10})
	b.Text(text, st)
	b.Finish(measure)
	lines := (&KnuthPlass{}).Break(b.Items, func(int) float64 { return measure })
	var out []string
	for _, l := range lines {
		var s strings.Builder
		right := 0.0
		b.PlaceLine(l, AlignJustify, func(p Placed) {
			s.WriteString(p.Text)
			right = max(right, p.X+p.Frag.Width)
		})
		if right > measure+0.01 {
			t.Errorf("line %q is %.2fpt wide, measure %.2fpt", s.String(), right, measure)
		}
		out = append(out, s.String())
	}
	return out
}

// TestLongGermanCompound: a compound too long for the line is broken at
// its syllables, each line ending with a hyphen.
func TestLongGermanCompound(t *testing.T) {
	const word = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"
	de := hyphen.For("de")
	points := map[int]bool{}
	for _, p := range de.Points(word) {
		points[p] = true
	}
	if len(points) < 10 {
		t.Fatalf("only %d hyphenation points in the compound", len(points))
	}
	lines := setWord(t, word, 90, de.Points)
	if len(lines) < 3 {
		t.Fatalf("lines %q", lines)
	}
	at := 0
	var joined strings.Builder
	for i, l := range lines {
		if i < len(lines)-1 {
			if !strings.HasSuffix(l, "-") {
				t.Errorf("line %d %q does not end with a hyphen", i, l)
			}
			l = strings.TrimSuffix(l, "-")
			at += len([]rune(l))
			if !points[at] {
				t.Errorf("break after %q (%d letters) is not a syllable break", l, at)
			}
		}
		joined.WriteString(l)
	}
	if joined.String() != word {
		t.Errorf("the lines %q do not make up the word", lines)
	}
}

// TestEndlessWord: a string of 3,000 letters with no pattern point is
// broken where the line ends, with a hyphen, and never passes the
// measure; a long URL is broken without hyphens.
func TestEndlessWord(t *testing.T) {
	word := strings.Repeat("x", 3000)
	lines := setWord(t, word, 120, hyphen.For("en").Points)
	if len(lines) < 20 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines[:len(lines)-1] {
		if !strings.HasSuffix(l, "-") {
			t.Errorf("line %d %q does not end with a hyphen", i, l)
		}
	}
	url := "https://example.org/" + strings.Repeat("averyveryverylongpathsegment/", 10)
	for _, l := range setWord(t, url, 120, hyphen.For("en").Points) {
		if strings.HasSuffix(l, "-") {
			t.Errorf("URL line %q has a hyphen", l)
		}
	}
}

// TestChineseBreaks: Chinese and Japanese break between characters,
// without hyphens, never before closing punctuation.
func TestChineseBreaks(t *testing.T) {
	f, err := ParseFace("cjk", droidForTest(t))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("中文：你好，世界。日本語：こんにちは、カタカナ。", 8)
	b := &Builder{Justify: true}
	st := b.AddStyle(Style{Face: f, Size: 10})
	b.Text(text, st)
	b.Finish(100)
	lines := (&KnuthPlass{}).Break(b.Items, func(int) float64 { return 100 })
	if len(lines) < 5 {
		t.Fatalf("%d lines", len(lines))
	}
	var all strings.Builder
	for i, l := range lines {
		var s strings.Builder
		right := 0.0
		b.PlaceLine(l, AlignJustify, func(p Placed) {
			s.WriteString(p.Text)
			right = max(right, p.X+p.Frag.Width)
		})
		ln := s.String()
		if strings.Contains(ln, "-") {
			t.Errorf("line %q has a hyphen", ln)
		}
		if right > 100.01 || (i < len(lines)-1 && right < 90) {
			t.Errorf("line %q is %.1fpt wide in a 100pt measure", ln, right)
		}
		if r, _ := utf8.DecodeRuneInString(ln); strings.ContainsRune(cjkNoStart, r) {
			t.Errorf("line %q starts with closing punctuation", ln)
		}
		all.WriteString(ln)
	}
	if all.String() != text {
		t.Errorf("the lines do not make up the text")
	}
}

// droidForTest reads the CJK fallback face the PDF renderer ships.
func droidForTest(t *testing.T) []byte {
	t.Helper()
	zst, err := os.ReadFile("../fontdata/DroidSansFallbackFull.ttf.zst")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zstd.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	data, err := zr.DecodeAll(zst, nil)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
