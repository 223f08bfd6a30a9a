package typeset

import (
	"strings"
	"testing"

	"github.com/go-fonts/dejavu/dejavusans"
	"golang.org/x/text/unicode/norm"
)

func TestShapeArabic(t *testing.T) {
	all := func(rune) bool { return true }
	for in, want := range map[string]string{
		"بب":       "\uFE91\uFE90",       // initial, final
		"ببب":      "\uFE91\uFE92\uFE90", // initial, medial, final
		"دب":       "\uFEA9\uFE8F",       // dal joins only to the letter before it
		"لا":       "\uFEFB",             // lam-alef
		"بلا":      "\uFE91\uFEFC",       // lam-alef after a joining letter
		"بَب":      "\uFE91\u064E\uFE90", // a vowel mark does not break the join
		"ب\u200Cب": "\uFE8F\u200C\uFE8F", // a non-joiner does
		"abc":      "abc",
	} {
		if got := shapeArabic(in, all); got != want {
			t.Errorf("shapeArabic(%q) = %+q, want %+q", in, got, want)
		}
	}
	// every form is a form of its letter
	for r, forms := range arabicForms {
		for _, f := range forms {
			if f != 0 && norm.NFKC.String(string(f)) != string(r) {
				t.Errorf("%U: form %U is %+q", r, f, norm.NFKC.String(string(f)))
			}
		}
	}
	// a font without the forms keeps the letters
	if got := shapeArabic("بب", func(rune) bool { return false }); got != "بب" {
		t.Errorf("without forms: %+q", got)
	}
}

func TestReorder(t *testing.T) {
	type e struct {
		s  string
		lv int
	}
	for _, tc := range []struct {
		base int
		in   []e
		want string
	}{
		{0, []e{{"a", 0}, {" ", -1}, {"B", 1}, {" ", -1}, {"C", 1}, {" ", -1}, {"d", 0}}, "a C B d"},
		{1, []e{{"A", 1}, {" ", -1}, {"b", 2}, {" ", -1}, {"c", 2}, {" ", -1}, {"D", 1}}, "D b c A"},
		{1, []e{{"A", 1}, {"-", -2}}, "-A"},
	} {
		els := append([]e(nil), tc.in...)
		reorder(els, tc.base, func(x *e) *int { return &x.lv })
		var b strings.Builder
		for _, x := range els {
			b.WriteString(x.s)
		}
		if b.String() != tc.want {
			t.Errorf("reorder %v = %q, want %q", tc.in, b.String(), tc.want)
		}
	}
}

// TestBuilderCleansText: accents are composed, joiners and other format
// characters are not drawn, right-to-left runs are drawn reversed in
// place.
func TestBuilderCleansText(t *testing.T) {
	f, err := ParseFace("sans", dejavusans.TTF)
	if err != nil {
		t.Fatal(err)
	}
	drawn := func(rtl bool, s string) string {
		b := &Builder{RTL: rtl}
		st := b.AddStyle(Style{Face: f, Size: 10})
		b.Text(s, st)
		b.Finish(1000)
		lines := Greedy{}.Break(b.Items, func(int) float64 { return 1000 })
		var out strings.Builder
		for _, l := range lines {
			b.PlaceLine(l, AlignLeft, func(p Placed) { out.WriteString(p.Text + "|") })
		}
		return out.String()
	}
	if got := drawn(false, "cafe\u0301 zero\u200Dwidth non\u200Cjoiner \u2066x\u2069"); got != "café|zerowidth|nonjoiner|x|" {
		t.Errorf("got %q", got)
	}
	if got := drawn(false, "see שלום עולם now"); got != "see|םלוע|םולש|now|" {
		t.Errorf("Hebrew in English: %q", got)
	}
	if got := drawn(true, "שלום to you"); got != "to|you|םולש|" {
		t.Errorf("English in Hebrew: %q", got)
	}
}
