package importer

import (
	"os"
	"strings"
	"testing"

	"github.com/offprint/offprint/packager/model"
)

// TestTextSeed imports a news story copied out of a site: its captions
// survive only as lines ending in a credit, with a copyright line and a
// comments widget at the end.
func TestTextSeed(t *testing.T) {
	const file = "testdata/soleimani-airstrike.txt"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	a, diags, err := Text{}.Import("articles/soleimani-airstrike.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	checkArticle(t, a)

	const title = "In response to the attack on the American Embassy in Baghdad by Iranian-backed militia, the U.S. has responded in kind"
	if a.Title != title {
		t.Errorf("title %q, want %q", a.Title, title)
	}
	if len(diags) != 1 || diags[0].Code != "txt-title" || diags[0].Line != 1 || diags[0].File != "articles/soleimani-airstrike.txt" || diags[0].Hint == "" || !strings.Contains(diags[0].Hint, "front matter") {
		t.Errorf("diagnostics %+v, want one txt-title warning on line 1 with a hint", diags)
	}
	if a.Copyright != "© 2020 Manyika Review" {
		t.Errorf("copyright %q", a.Copyright)
	}

	type fig struct {
		line            int
		caption, credit string
	}
	want := []fig{
		{5, "Iranian-backed protesters outside the U.S. Embassy compound on Jan 2, 2020.", "Credit: AP"},
		{6, "An Iraqi US-trained counterterrorism military person stands guard outside the US Embassy in Baghdad after Iranian-backed protesters attacked facility – Jan 2, 2020.", "Credit: AFP/GETTY"},
		{12, "Top Iranian commander of elite Quds Forces, Gen. Qassem Soleimani was killed during U.S. airstrike in Baghdad on Thur Jan 2, 2020 (Iraq Frid morning Jan 3, 2020) .", "Credit: AP/File"},
	}
	figs := a.Figures()
	if len(figs) != len(want) {
		t.Fatalf("%d figures, want %d:\n%s", len(figs), len(want), dumpArticle(a, diags))
	}
	for i, f := range figs {
		w := want[i]
		if f.Image != nil || model.PlainText(f.Caption) != w.caption || f.Credit != w.credit || f.Line != w.line || f.Alt != w.caption {
			t.Errorf("figure %d: image %v line %d caption %q credit %q alt %q, want line %d %q %q", i+1, f.Image, f.Line, model.PlainText(f.Caption), f.Credit, f.Alt, w.line, w.caption, w.credit)
		}
	}

	dump := dumpArticle(a, nil)
	if strings.Contains(dump, "Facebook") || strings.Contains(dump, "Comments Box") {
		t.Errorf("the comments widget is kept:\n%s", dump)
	}
	if strings.Count(dump, "Manyika") != 1 {
		t.Errorf("the copyright line is also body text:\n%s", dump)
	}

	// Every paragraph of the story, word for word, in order.
	var paras []string
	for _, b := range a.Blocks {
		if p, ok := b.(*model.Paragraph); ok {
			if len(p.Spans) != 1 || p.Spans[0].Style != 0 || p.Spans[0].Link != "" {
				t.Errorf("paragraph spans %+v, want one plain span", p.Spans)
			}
			paras = append(paras, model.PlainText(p.Spans))
		}
	}
	var wantParas []string
	for _, block := range strings.Split(string(src), "\n\n") {
		block = strings.TrimSpace(block)
		switch {
		case block == "", strings.HasPrefix(block, "©"), block == "Facebook Comments Box",
			strings.Contains(block, "Credit: "):
			continue
		}
		wantParas = append(wantParas, block)
	}
	if len(paras) != len(wantParas) {
		t.Fatalf("%d paragraphs, want %d:\n%s", len(paras), len(wantParas), dump)
	}
	for i := range paras {
		if paras[i] != wantParas[i] {
			t.Errorf("paragraph %d changed:\n got %q\nwant %q", i+1, paras[i], wantParas[i])
		}
	}
	// Typos and doubled spaces stay as the author left them.
	for _, s := range []string{"Abu Mahdi a;-Muhandis", "does not bluff ,", "abroad\u00a0\u00a0by killing", "for the\u00a0\u00a0killing"} {
		if !strings.Contains(dump, s) {
			t.Errorf("%q was changed", s)
		}
	}
}

func TestTextTitle(t *testing.T) {
	for _, c := range []struct {
		name, src, title string
		warn             bool
		first            string // the first block's text, "" for none
	}{
		{"first line", "A Short Headline\n\nThe story begins.", "A Short Headline", false, "The story begins."},
		{"title line over text", "A Short Headline\nThe story begins here.", "A Short Headline", false, "The story begins here."},
		{"question", "Is this a title?\n\nYes.", "Is this a title?", false, "Yes."},
		{"final period", "This is a sentence.\n\nMore.", "This is a sentence", true, "This is a sentence."},
		{"wrapped paragraph", "In response to the attack on the embassy the\nunited states responded. Then more.", "In response to the attack on the embassy the united states responded", true, "In response to the attack on the embassy the united states responded. Then more."},
		{"too many words", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen\n\nx", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen", true, ""},
		{"abbreviations", "Gen. Smith met Mr. Jones in the U.S. on Friday. They talked.", "Gen. Smith met Mr. Jones in the U.S. on Friday", true, ""},
		{"long sentence is cut", strings.Repeat("word ", 20) + "and, " + strings.Repeat("more ", 30) + "end.", strings.TrimSpace(strings.Repeat("word ", 20)) + " and…", true, ""},
		{"front matter", "---\ntitle: Given\n---\nFirst line is text\n\nMore.", "Given", false, "First line is text"},
		{"front matter title repeated", "---\ntitle: Given\n---\nGiven\n\nMore.", "Given", false, "More."},
		{"caption first", "A protest. Credit: AP\n\nThe story. It goes on.", "The story", true, "A protest."},
		{"boilerplate before the title", "Advertisement\n\nThe Headline\n\nText.", "The Headline", false, "Text."},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, diags, err := Text{}.Import("a.txt", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			checkArticle(t, a)
			if a.Title != c.title {
				t.Errorf("title %q, want %q", a.Title, c.title)
			}
			warned := len(diags) == 1 && diags[0].Code == "txt-title"
			if warned != c.warn || !c.warn && len(diags) > 0 {
				t.Errorf("diagnostics %+v, want warning %v", diags, c.warn)
			}
			if c.first != "" {
				var got string
				switch b := a.Blocks[0].(type) {
				case *model.Paragraph:
					got = model.PlainText(b.Spans)
				case *model.Figure:
					got = model.PlainText(b.Caption)
				}
				if got != c.first {
					t.Errorf("first block %q, want %q", got, c.first)
				}
			}
		})
	}
}

func TestTextLines(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"lines of a paragraph are joined", "T\n\none\ntwo  words\n  three\t\n\nfour",
			"Paragraph: one two  words three\nParagraph: four\n"},
		{"caption lines in one block", "T\n\nText.\n\nA cat asleep. Photo: Jane Doe\nA dog awake (AP Photo/Jo Ng)\nA bird © 2020 Kim Lee\n\nMore text.",
			"Paragraph: Text.\nFigure line=5 src=<none> alt=\"A cat asleep.\" credit=\"Photo: Jane Doe\"\n  caption: A cat asleep.\nFigure line=6 src=<none> alt=\"A dog awake\" credit=\"AP Photo/Jo Ng\"\n  caption: A dog awake\nFigure line=7 src=<none> alt=\"A bird\" credit=\"© 2020 Kim Lee\"\n  caption: A bird\nParagraph: More text.\n"},
		{"caption inside a paragraph splits it", "T\n\nBefore.\nA cat. Credit: AP\nAfter.",
			"Paragraph: Before.\nFigure line=4 src=<none> alt=\"A cat.\" credit=\"Credit: AP\"\n  caption: A cat.\nParagraph: After.\n"},
		{"credit inside text is no caption", "T\n\nThe photo: a cat. Credit: the owner said so, and\nthen more text followed here.",
			"Paragraph: The photo: a cat. Credit: the owner said so, and then more text followed here.\n"},
		{"a source is no picture credit", "T\n\nFigures were revised. Source: Ministry of Health",
			"Paragraph: Figures were revised. Source: Ministry of Health\n"},
		{"widgets are whole lines only", "T\n\nPlease share this: it matters.\n\nShare this:\nClick to share on Twitter (Opens in new window)\nLike this:\nLike Loading...\nLoading...\nSubscribe to our newsletter\nSign up for our newsletter\nLeave a comment\nAdvertisement\nFacebook Comments Box",
			"Paragraph: Please share this: it matters.\n"},
		{"related posts and their headlines", "T\n\nStory.\n\nRelated posts:\nIran vows revenge\nOil prices jump\n\nLast words.",
			"Paragraph: Story.\nParagraph: Last words.\n"},
		{"read more at the end", "T\n\nRead more: in the middle stays.\n\nStory ends.\n\nRead more: Iran vows revenge\n\nSee also: Oil",
			"Paragraph: Read more: in the middle stays.\nParagraph: Story ends.\n"},
		{"copyright lines", "T\n\nStory.\n\nCopyright 2020 Manyika Review\nAll rights reserved.",
			"Paragraph: Story.\n"},
		{"copyright word in a sentence", "T\n\nCopyright law is changing in Europe.",
			"Paragraph: Copyright law is changing in Europe.\n"},
		{"tags line", "T\n\nStory.\n\nTags: Iran, Iraq; Baghdad",
			"Paragraph: Story.\n"},
		{"crlf and lone cr", "T\r\n\r\none\r\ntwo\rthree", "Paragraph: one two three\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, _, err := Text{}.Import("a.txt", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			checkArticle(t, a)
			var b strings.Builder
			dumpBlocks(&b, a.Blocks, "")
			if b.String() != c.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), c.want)
			}
		})
	}
}

func TestTextMeta(t *testing.T) {
	a, _, err := Text{}.Import("a.txt", []byte("Headline\n\nStory.\n\nCopyright 2020 Manyika Review\nAll rights reserved.\n\nTags: Iran, Iraq; Baghdad"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Copyright != "Copyright 2020 Manyika Review All rights reserved." {
		t.Errorf("copyright %q", a.Copyright)
	}
	if strings.Join(a.Tags, "|") != "Iran|Iraq|Baghdad" {
		t.Errorf("tags %q", a.Tags)
	}
	a, _, err = Text{}.Import("a.txt", []byte("Headline\nBy Jane Doe and John Roe | 3 January 2020\n\nBy the river, the story starts.\n\nBy Nobody"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(a.Authors, "|") != "Jane Doe|John Roe" || len(a.Blocks) != 2 {
		t.Errorf("byline: authors %q\n%s", a.Authors, dumpArticle(a, nil))
	}
	a, _, err = Text{}.Import("a.txt", []byte("---\ncopyright: © Given\ntags: [x]\nlang: ar\n---\nHeadline\n\n© 2020 Other\n\nTags: y"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Copyright != "© Given" || strings.Join(a.Tags, "|") != "x" || a.Lang != "ar" || a.Dir != "rtl" || len(a.Blocks) != 0 {
		t.Errorf("front matter does not win: %+v", a)
	}
	if _, _, err := (Text{}).Import("a.txt", []byte("---\ntitle: [\n---\n")); err == nil {
		t.Error("bad front matter is no error")
	}
	a, _, err = Text{}.Import("a.txt", nil)
	if err != nil || a.Title != "" || len(a.Blocks) != 0 {
		t.Errorf("empty file: %+v %v", a, err)
	}
}
