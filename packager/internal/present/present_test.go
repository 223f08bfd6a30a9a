package present

import (
	"strings"
	"testing"
	"time"

	"github.com/offprint/offprint/packager/model"
)

func TestExternal(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/a b?x=1&y=2": "https://example.com/a%20b?x=1&y=2",
		" http://example.com ":            "http://example.com",
		"mailto:jane@example.com":         "mailto:jane@example.com",
		"tel:+441234":                     "",
		"ftp://example.com/f":             "",
		"javascript:alert(1)":             "",
		"data:text/html,hi":               "",
		"file:///etc/passwd":              "",
		"other.md":                        "",
		"//example.com/x":                 "",
		"https://":                        "",
		"mailto:":                         "",
		"http://[::1":                     "",
	} {
		got := ""
		if tg := external(in); tg != nil {
			got = tg.URL
		}
		if got != want {
			t.Errorf("external(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLang(t *testing.T) {
	for in, want := range map[string]string{"": "", "en": "en", "en_us": "en-US", " pt-br ": "pt-BR", "iw": "he", "xx-YY": "xx-YY"} {
		if got, ok := Lang(in); !ok || got != want {
			t.Errorf("Lang(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"english", "not a lang!", "123"} {
		if got, ok := Lang(in); ok {
			t.Errorf("Lang(%q) = %q, accepted", in, got)
		}
	}
}

func TestWording(t *testing.T) {
	if got := JoinNames([]string{"A", "B", "C"}); got != "A, B and C" {
		t.Errorf("JoinNames = %q", got)
	}
	if got := JoinNames([]string{"A", "B"}); got != "A and B" {
		t.Errorf("JoinNames = %q", got)
	}
	if got := model.BylineText(Byline([]string{"A", "B", "C"})); got != "By A, B and C" {
		t.Errorf("Byline = %q", got)
	}
	// A caption describes the picture: the alt text does not repeat it.
	if got := altText(&model.Figure{Caption: []model.Span{{Text: " A\n caption "}}}); got != "" {
		t.Errorf("altText = %q", got)
	}
	if got := altText(&model.Figure{}); got != "Picture" {
		t.Errorf("altText of nothing = %q", got)
	}
	if got := IssueLabel(7); got != "No. 7" {
		t.Errorf("IssueLabel = %q", got)
	}
	day := time.Date(2020, 1, 6, 0, 0, 0, 0, time.UTC)
	ed := &model.Edition{Date: day, Range: model.DateRange{Since: day, Until: day.AddDate(0, 0, 6)}}
	if got := DateLabel(ed); got != "6–12 January 2020" {
		t.Errorf("DateLabel = %q", got)
	}
}

// An edition built by hand, with the holes importers can leave, comes out
// whole: no nil anywhere, every id set, languages settled, and the credits
// page with its fallbacks.
func TestEditionSettlesEverything(t *testing.T) {
	var nilPara *model.Paragraph
	a := &model.Article{Title: "Shalom", File: "a.md", Lang: "he", Attribution: model.Attribution{Authors: []string{"Dana"}},
		Blocks: []model.Block{nil, nilPara, &model.Quote{Blocks: []model.Block{nil}},
			&model.Figure{Image: &model.Image{Src: "p.jpg", Path: "p.jpg"}}}}
	b := &model.Article{Title: "Hello", File: "b.md", Lang: "en_GB", Attribution: model.Attribution{License: "CC BY 4.0", LicenseFromEdition: true}}
	ed := &model.Edition{Title: "  ", Language: "EN", Issue: 3, License: "CC BY 4.0",
		Sections: []*model.Section{nil, {Articles: []*model.Article{a, nil, b, a}}}}
	diags := Edition(ed)
	if len(diags) != 0 {
		t.Errorf("warnings: %v", diags)
	}
	if len(ed.Sections) != 1 || len(ed.Sections[0].Articles) != 2 || len(a.Blocks) != 2 || len(a.Blocks[0].(*model.Quote).Blocks) != 0 {
		t.Fatalf("nil blocks, articles or sections left: %+v", ed.Sections)
	}
	if ed.Sections[0].ID != "s01" || a.ID == "" || b.ID == "" || a.ID == b.ID || ed.Identifier == "" {
		t.Errorf("ids: section %q, articles %q %q, identifier %q", ed.Sections[0].ID, a.ID, b.ID, ed.Identifier)
	}
	if ed.Language != "en" || a.Lang != "he" || a.Dir != "rtl" || b.Lang != "en-GB" || b.Dir != "" {
		t.Errorf("languages: edition %q, a %q %q, b %q %q", ed.Language, a.Lang, a.Dir, b.Lang, b.Dir)
	}
	sh := ed.Shown
	if sh.Title != "Untitled" || sh.IssueLabel != "No. 3" || sh.Authors != "Dana" {
		t.Errorf("labels: %+v", sh)
	}
	cr := sh.Credits
	if cr.Heading != "Sources and credits" || cr.Intro == "" || len(cr.Entries) != 2 {
		t.Fatalf("credits: %+v", cr)
	}
	lines := func(e model.CreditEntry) map[string]string {
		m := map[string]string{}
		for _, l := range e.Lines {
			m[l.Label] = l.Text
		}
		return m
	}
	if l := lines(cr.Entries[0]); l["By"] != "Dana" || l["Licence:"] != "not stated" {
		t.Errorf("first entry: %v", l)
	}
	if l := lines(cr.Entries[1]); l["Licence:"] != "CC BY 4.0 (the edition’s default licence)" {
		t.Errorf("second entry: %v", l)
	}
	f := cr.Entries[0].Figures
	if len(f) != 1 || f[0].Caption != "Picture without a caption" || !f[0].NoCaption || f[0].Credit != "no credit given" || !f[0].NoCredit {
		t.Errorf("figure credits: %+v", f)
	}
	if alt := a.Blocks[1].(*model.Figure).ShownAlt; alt != "Picture" {
		t.Errorf("alt = %q", alt)
	}
	// Repeated heading ids are numbered as GitHub and Hugo number them.
	c := &model.Article{Title: "Twice", File: "c.md", Blocks: []model.Block{
		&model.Heading{ID: "notes"}, &model.Heading{ID: "notes"}, &model.Heading{ID: "notes"}}}
	ed.Sections[0].Articles = append(ed.Sections[0].Articles, c)
	Edition(ed)
	var got []string
	for _, b := range c.Blocks {
		got = append(got, b.(*model.Heading).ID)
	}
	if strings.Join(got, " ") != "notes notes-1 notes-2" {
		t.Errorf("heading ids %v", got)
	}
	// Presenting again changes nothing.
	before := *ed.Shown
	if diags := Edition(ed); len(diags) != 0 || ed.Shown.Title != before.Title || len(ed.Shown.Credits.Entries) != 3 || a.Lang != "he" || c.Blocks[2].(*model.Heading).ID != "notes-2" {
		t.Errorf("presenting twice changed the edition")
	}
}

// TestTitlesOnOneLine: every article has a title on one line, the
// fallback when it has none; a section keeps a blank title, which means it
// is not shown as a section.
func TestTitlesOnOneLine(t *testing.T) {
	a, b := &model.Article{Title: "  \n "}, &model.Article{Title: "Tides\n  and  currents "}
	ed := &model.Edition{Sections: []*model.Section{{Title: " \t", Articles: []*model.Article{a}}, {Title: "The\ncoast", Articles: []*model.Article{b}}}}
	Edition(ed)
	if a.Title != Untitled || b.Title != "Tides and currents" {
		t.Errorf("article titles %q and %q", a.Title, b.Title)
	}
	if ed.Sections[0].Title != "" || ed.Sections[1].Title != "The coast" {
		t.Errorf("section titles %q and %q", ed.Sections[0].Title, ed.Sections[1].Title)
	}
}
