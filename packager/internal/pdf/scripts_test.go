package pdf

import (
	"bytes"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// The mixed-script article: English, German, Hebrew, Arabic, Chinese,
// Japanese and emoji, with a joiner, a non-joiner, a variation selector
// and a decomposed accent.
const (
	mixEnglish  = "English: the quick brown fox."
	mixGerman   = "Deutsch: Straße, Übergrößenträger, cafe\u0301."
	mixHebrew   = "עברית: שלום עולם"
	mixArabic   = "العربية: مرحبا بالعالم"
	mixChinese  = "中文：你好，世界。"
	mixJapanese = "日本語：こんにちは、カタカナ。"
	mixEmoji    = "Emoji: 😀 🎉 👍\u200D🏽 ❤\uFE0F"
	mixJoiners  = "zero\u200Dwidth non\u200Cjoiner"
)

func mixedEdition() *model.Edition {
	var blocks []model.Block
	for _, s := range []string{mixEnglish, mixGerman, mixHebrew, mixArabic, mixChinese, mixJapanese, mixEmoji, mixJoiners,
		"In English, " + mixHebrew + " and " + mixArabic + " inline, then back to English."} {
		blocks = append(blocks, para(text(s)))
	}
	return &model.Edition{Title: "Scripts", Language: "en", Sections: []*model.Section{{Articles: []*model.Article{
		{Title: "Every script", File: "scripts.md", Blocks: blocks},
		{Title: "שלום", File: "he.md", Lang: "he", Blocks: []model.Block{para(text(strings.Repeat(mixHebrew+" ", 30) + "סוף"))}},
		{Title: "مرحبا", File: "ar.md", Lang: "ar", Blocks: []model.Block{para(text(strings.Repeat(mixArabic+" ", 12) + "(HTML 5) " + strings.Repeat(mixArabic+" ", 12)))}},
	}}}}
}

// drawnLines returns the text drawn on each baseline of a page, left to
// right, pieces apart by more than a hair joined with a space.
func drawnLines(pg *typeset.Page) []string {
	byY := map[float64][]typeset.Op{}
	var ys []float64
	for _, op := range pg.Ops {
		if op.Kind != typeset.OpText {
			continue
		}
		if _, ok := byY[op.Y]; !ok {
			ys = append(ys, op.Y)
		}
		byY[op.Y] = append(byY[op.Y], op)
	}
	sort.Float64s(ys)
	var out []string
	for _, y := range ys {
		ops := byY[y]
		sort.Slice(ops, func(i, j int) bool { return ops[i].X < ops[j].X })
		var b strings.Builder
		end := 0.0
		for i, op := range ops {
			if i > 0 && op.X > end+0.5 {
				b.WriteByte(' ')
			}
			b.WriteString(op.Text)
			end = op.X + op.Face.Width(op.Text, op.Size)
		}
		out = append(out, b.String())
	}
	return out
}

// TestMixedScripts prints an article in seven scripts: every character
// has a glyph (no "?", no warning), accents are composed, joiners are not
// drawn, Hebrew and Arabic run right to left with Arabic letters joined,
// and a right-to-left article is justified flush right.
func TestMixedScripts(t *testing.T) {
	l, err := layouts.Load("handout", nil)
	if err != nil {
		t.Fatal(err)
	}
	l.ArticleStart, l.SectionStart = "page", "page" // each article on a page of its own
	var warns []model.Diagnostic
	r := New(Options{Layout: l, Warn: func(d model.Diagnostic) { warns = append(warns, d) }})
	c, err := r.layout(t.Context(), presented(mixedEdition()), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warns {
		t.Errorf("warning: %v", w)
	}
	var lines []string
	var rtlPage *pageInfo
	for i, pg := range c.pages {
		lines = append(lines, drawnLines(pg.page)...)
		for _, op := range pg.page.Ops {
			if op.Kind == typeset.OpText && strings.Contains(op.Text, "ףוס") {
				rtlPage = c.pages[i]
			}
		}
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{
		"Straße", "café", "中文：你好，世界。", "日本語：こんにちは、カタカナ。",
		"םלוע םולש :תירבע", // Hebrew, right to left
		"In English, םלוע םולש :תירבע and",
		"ﻢﻟﺎﻌﻟﺎﺑ ﺎﺒﺣﺮﻣ", "ﺔﻴﺑﺮﻌﻟﺍ", // Arabic joined, right to left
		"zerowidth nonjoiner",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the page does not show %q:\n%s", want, all)
		}
	}
	for _, bad := range []string{"?", "\u0301", "\u200D", "\u200C", "\uFE0F"} {
		if strings.Contains(all, bad) {
			t.Errorf("the page shows %q:\n%s", bad, all)
		}
	}
	for _, r := range all {
		if r >= 0x0621 && r <= 0x064A {
			t.Errorf("unjoined Arabic letter %U drawn", r)
			break
		}
	}
	if !strings.Contains(all, "Emoji:") || strings.Count(all, "\n") == 0 {
		t.Error("no emoji line")
	}
	// Emoji: three pictures and the heart, nothing for the joiner or the
	// skin-tone modifier.
	for _, ln := range lines {
		if strings.HasPrefix(ln, "Emoji:") {
			if n := len([]rune(strings.ReplaceAll(strings.TrimPrefix(ln, "Emoji:"), " ", ""))); n != 4 {
				t.Errorf("emoji line %q draws %d characters, want 4", ln, n)
			}
		}
	}
	// The right-to-left article: lines end at the right edge of the text
	// area, the last one too.
	if rtlPage == nil {
		t.Fatal("the Hebrew article was not found")
	}
	rect := c.textRect(1)
	rights := map[float64]float64{}
	lefts := map[float64]float64{}
	for _, op := range rtlPage.page.Ops {
		if op.Kind != typeset.OpText || !strings.ContainsFunc(op.Text, func(r rune) bool { return r >= 0x05D0 && r <= 0x05EA }) {
			continue
		}
		rr := op.X + op.Face.Width(op.Text, op.Size)
		if v, ok := rights[op.Y]; !ok || rr > v {
			rights[op.Y] = rr
		}
		if v, ok := lefts[op.Y]; !ok || op.X < v {
			lefts[op.Y] = op.X
		}
	}
	if len(rights) < 3 {
		t.Fatalf("the Hebrew article has %d lines", len(rights))
	}
	short := 0
	for y, rr := range rights {
		if rr < rect.X+rect.W-0.5 {
			t.Errorf("Hebrew line at y=%.1f ends at %.1f, short of the right edge %.1f: %v", y, rr, rect.X+rect.W, drawnLines(rtlPage.page))
		}
		if lefts[y] > rect.X+1 {
			short++
		}
	}
	if short != 2 { // the title and the last line are not full
		t.Errorf("%d short lines in the justified Hebrew article, want 2 (title and last line)", short)
	}
}

// TestMixedScriptsPDF checks the written file: the fallback faces are
// embedded as subsets, and the Chinese and Japanese text can be copied
// out of it.
func TestMixedScriptsPDF(t *testing.T) {
	needTool(t, "pdffonts")
	needTool(t, "pdftotext")
	l, err := layouts.Load("handout", nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Name = "scripts"
	out := renderWith(t, l, mixedEdition(), nil)
	file := writeTemp(t, "scripts.pdf", out.files[""])
	fonts := run(t, "pdffonts", file)
	for _, want := range []string{"+DroidSansFallback", "+NotoEmoji-Regular", "+DejaVuSans"} {
		if !strings.Contains(fonts, want) {
			t.Errorf("no %s subset embedded:\n%s", want, fonts)
		}
	}
	for _, ln := range strings.Split(strings.TrimSpace(fonts), "\n")[2:] {
		if f := strings.Fields(ln); len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" {
			t.Errorf("font not an embedded subset: %s", ln)
		}
	}
	txt := run(t, "pdftotext", "-enc", "UTF-8", file, "-")
	for _, want := range []string{"你好", "こんにちは", "カタカナ", "Straße", "café"} {
		if !strings.Contains(txt, want) {
			t.Errorf("pdftotext does not find %q:\n%s", want, txt)
		}
	}
}

// TestMixedScriptsDeterministic: the fallback faces and their subsets
// come out the same on every run.
func TestMixedScriptsDeterministic(t *testing.T) {
	l, err := layouts.Load("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	ed := func() *model.Edition {
		ed := mixedEdition()
		ed.Modified = time.Date(2020, 1, 3, 12, 0, 0, 0, time.UTC)
		return ed
	}
	a := renderWith(t, l, ed(), nil)
	b := renderWith(t, l, ed(), nil)
	if !bytes.Equal(a.files[""], b.files[""]) {
		t.Error("two renders of the same edition differ")
	}
}

// TestRightToLeftLists: in a Hebrew article a list is indented from the
// right, its bullets stand to the right of the items' text, a quotation's
// rule runs down its right side, and columns are read from the right.
func TestRightToLeftLists(t *testing.T) {
	l, err := layouts.Load("handout", nil)
	if err != nil {
		t.Fatal(err)
	}
	item := func(s string) model.ListItem { return model.ListItem{Blocks: []model.Block{para(text(s))}} }
	ed := &model.Edition{Title: "RTL", Slug: "rtl", Language: "he", Modified: time.Unix(0, 0).UTC(), Sections: []*model.Section{{Articles: []*model.Article{
		{Title: "רשימה", File: "he.md", Lang: "he", Blocks: []model.Block{
			para(text(strings.Repeat("שלום עולם ", 12))),
			&model.List{Items: []model.ListItem{item("פריט ראשון"), item("פריט שני")}},
			&model.Quote{Blocks: []model.Block{para(text(strings.Repeat("ציטוט קצר ", 8)))}},
		}},
	}}}}
	r := New(Options{Layout: l})
	c, err := r.layout(t.Context(), presented(ed), true)
	if err != nil {
		t.Fatal(err)
	}
	rect := c.textRect(1)
	var bullets, items []typeset.Op
	var bars []typeset.Op
	for _, pg := range c.pages {
		for _, op := range pg.page.Ops {
			switch {
			case op.Kind == typeset.OpText && op.Text == "•":
				bullets = append(bullets, op)
			case op.Kind == typeset.OpText && (strings.Contains(op.Text, "ןושאר") || strings.Contains(op.Text, "ינש")):
				items = append(items, op)
			case op.Kind == typeset.OpLine && op.X == op.W && op.H > op.Y:
				bars = append(bars, op)
			}
		}
	}
	if len(bullets) != 2 || len(items) == 0 {
		t.Fatalf("found %d bullets and %d item texts", len(bullets), len(items))
	}
	for _, it := range items {
		end := it.X + it.Face.Width(it.Text, it.Size)
		for _, b := range bullets {
			if math.Abs(b.Y-it.Y) < 1 && b.X < end {
				t.Errorf("bullet at x=%.1f is left of its item's text, which ends at %.1f", b.X, end)
			}
		}
		if end > rect.X+rect.W-5 {
			t.Errorf("item text reaches %.1f, not indented from the right edge %.1f", end, rect.X+rect.W)
		}
	}
	for _, b := range bars {
		if b.X < rect.X+rect.W/2 {
			t.Errorf("quotation rule at x=%.1f, on the left of the text area (%.1f–%.1f)", b.X, rect.X, rect.X+rect.W)
		}
	}

	// In two columns, the article starts in the right-hand one.
	l, err = layouts.Load("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	ed.Sections[0].Articles[0].Blocks = append(ed.Sections[0].Articles[0].Blocks, para(text(strings.Repeat("סוף המאמר כאן ", 40))))
	c, err = New(Options{Layout: l}).layout(t.Context(), presented(ed), true)
	if err != nil {
		t.Fatal(err)
	}
	rect = c.textRect(c.starts[ed.Sections[0].Articles[0]])
	for _, pg := range c.pages {
		for _, op := range pg.page.Ops {
			if op.Kind == typeset.OpText && strings.Contains(op.Text, "םלוע") {
				if op.X < rect.X+rect.W/2 {
					t.Errorf("the article's first paragraph is in the left-hand column (x=%.1f)", op.X)
				}
				return
			}
		}
	}
	t.Error("the first paragraph was not found")
}
