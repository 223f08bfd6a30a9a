package present

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/offprint/offprint/packager/model"
)

func weeklyIssue(n int) *model.Edition {
	art := func(title string, authors, tags []string, blocks ...model.Block) *model.Article {
		return &model.Article{Title: title, Attribution: model.Attribution{Authors: authors}, Tags: tags, Blocks: blocks}
	}
	return &model.Edition{
		Title: "The Harbour Weekly", Subtitle: "News from the coast and the town", Publisher: "Harbour Press Cooperative",
		Series: "The Harbour Weekly", Issue: n, Date: time.Date(2020, 1, 10, 0, 0, 0, 0, time.UTC),
		Sections: []*model.Section{{Title: "The Coast", Articles: []*model.Article{
			art("The Harbour Wakes", []string{"Ada Byron"}, []string{"coast", "work"}),
			art("Go 1.21", []string{"Eli Bendersky", "The Go team"}, []string{"coast", "history"}),
			art("Letters", []string{"Readers of the Weekly"}, []string{"town", "Coast"}),
			art("Tulpen", []string{"Guido van Rossum"}, []string{"town"}),
		}}},
	}
}

// Two issues of a series carry different titles that name them, the
// same series, a description listing the articles, subjects and
// contributors sorted as libraries sort them.
func TestMetaNamesTheIssue(t *testing.T) {
	seven, eight := weeklyIssue(7), weeklyIssue(8)
	Edition(seven)
	Edition(eight)
	m7, m8 := seven.Shown.Meta, eight.Shown.Meta
	if m7.Title != "The Harbour Weekly — No. 7, 10 January 2020" || m8.Title != "The Harbour Weekly — No. 8, 10 January 2020" {
		t.Errorf("titles %q and %q", m7.Title, m8.Title)
	}
	if want := "News from the coast and the town. In this issue: The Harbour Wakes (Ada Byron); Go 1.21 (Eli Bendersky and The Go team); Letters (Readers of the Weekly); Tulpen (Guido van Rossum)."; m7.Description != want {
		t.Errorf("description %q, want %q", m7.Description, want)
	}
	if want := []string{"coast", "town"}; !slices.Equal(m7.Subjects, want) {
		t.Errorf("subjects %q, want %q", m7.Subjects, want)
	}
	if m7.Creator != "Harbour Press Cooperative" {
		t.Errorf("creator %q, want the publisher", m7.Creator)
	}
	var fileAs []string
	for _, c := range m7.Contributors {
		fileAs = append(fileAs, c.FileAs)
	}
	if want := []string{"Byron, Ada", "Bendersky, Eli", "The Go team", "Readers of the Weekly", "van Rossum, Guido"}; !slices.Equal(fileAs, want) {
		t.Errorf("file-as %q, want %q", fileAs, want)
	}
	if m7.ConformsTo != "" {
		t.Errorf("conformance %q claimed without being asked", m7.ConformsTo)
	}
}

func TestMetaEditorTagsFormatAndClaim(t *testing.T) {
	ed := weeklyIssue(3)
	ed.Editor, ed.Tags, ed.TitleFormat, ed.Conforms = "Jo March", []string{"news", "Coast"}, "{title} #{issue}", true
	ed.Publisher = ""
	Edition(ed)
	m := ed.Shown.Meta
	if m.Title != "The Harbour Weekly #3" || m.Creator != "Jo March" || m.CertifiedBy != "Jo March" || m.ConformsTo != ConformsTo {
		t.Errorf("meta %+v", m)
	}
	if want := []string{"news", "Coast", "town"}; !slices.Equal(m.Subjects, want) {
		t.Errorf("subjects %q, want %q", m.Subjects, want)
	}
	// No editor and no publisher: no creator, never the edition's title.
	ed = weeklyIssue(0)
	ed.Publisher = ""
	Edition(ed)
	if ed.Shown.Meta.Creator != "" || ed.Shown.Meta.Title != "The Harbour Weekly" {
		t.Errorf("creator %q, title %q", ed.Shown.Meta.Creator, ed.Shown.Meta.Title)
	}
}

func TestAltTextDoesNotRepeatTheCaption(t *testing.T) {
	cap := []model.Span{{Text: "Boats at the  quay"}}
	for _, c := range []struct {
		f    model.Figure
		want string
	}{
		{model.Figure{Alt: "Boats at the quay", Caption: cap}, ""},
		{model.Figure{Alt: "Three trawlers moored side by side at dawn", Caption: cap}, "Three trawlers moored side by side at dawn"},
		{model.Figure{Caption: cap}, ""},
		{model.Figure{Alt: "A gull"}, "A gull"},
		{model.Figure{}, pictureAlt},
	} {
		if got := altText(&c.f); got != c.want {
			t.Errorf("altText(alt %q) = %q, want %q", c.f.Alt, got, c.want)
		}
	}
}

func TestNeedsDescription(t *testing.T) {
	png := &model.Image{Src: "a.png", Path: "a.png", Format: "png"}
	svg := &model.Image{Src: "c.svg", Path: "c.svg", Format: "svg"}
	long := []model.Span{{Text: "Fishing boats leave the harbour before dawn"}}
	short := []model.Span{{Text: "The quay"}}
	for _, c := range []struct {
		f    model.Figure
		need bool
	}{
		{model.Figure{Image: png, Alt: "Fishing boats leave the harbour before dawn", Caption: long}, false},
		{model.Figure{Image: png, Alt: "The quay", Caption: short}, true},
		{model.Figure{Image: png, Alt: "Stone quay with two cranes", Caption: short}, false},
		{model.Figure{Image: svg, Alt: "Fishing boats leave the harbour before dawn", Caption: long}, true},
		{model.Figure{Image: svg, Alt: "Bar chart: catches fell by a third from 2010 to 2020", Caption: long}, false},
		{model.Figure{Image: &model.Image{Src: "gone.png"}, Caption: short}, false},
	} {
		if got := needsDescription(&c.f) != ""; got != c.need {
			t.Errorf("needsDescription(%s, alt %q) = %v, want %v", c.f.Image.Src, c.f.Alt, got, c.need)
		}
	}
}

func TestConformanceRefused(t *testing.T) {
	ed := weeklyIssue(1)
	a := ed.Sections[0].Articles[0]
	a.File = "articles/a.md"
	a.Blocks = []model.Block{&model.Figure{Image: &model.Image{Src: "c.svg", Path: "c.svg", Format: "svg"}, Caption: []model.Span{{Text: "Catches"}}, Alt: "Catches", Line: 4}}
	Edition(ed)
	ds := Descriptions(ed)
	if len(ds) != 1 || ds[0].Code != "needs-description" || ds[0].Line != 4 {
		t.Fatalf("descriptions %+v", ds)
	}
	if ConformanceRefused(ed, ds) != nil {
		t.Error("refused a claim the edition does not make")
	}
	ed.Conforms = true
	if d := ConformanceRefused(ed, ds); d == nil || d.Severity != model.Error {
		t.Errorf("claim not refused: %+v", d)
	}
	if TextualSufficient(ed) {
		t.Error("text claimed sufficient for a chart captioned in one word")
	}
}

func TestCreditsSumUpUncreditedPictures(t *testing.T) {
	ed := weeklyIssue(1)
	a := ed.Sections[0].Articles[0]
	for i := 0; i < 60; i++ {
		a.Blocks = append(a.Blocks, &model.Figure{Image: &model.Image{Src: "p.png", Path: "p.png"}, Caption: []model.Span{{Text: "Shot"}}})
	}
	a.Blocks = append(a.Blocks, &model.Figure{Image: &model.Image{Src: "q.png", Path: "q.png"}, Caption: []model.Span{{Text: "Quay"}}, Credit: "Photo: Jo"})
	Edition(ed)
	figs := ed.Shown.Credits.Entries[0].Figures
	if len(figs) != 2 || figs[0].Credit != "Photo: Jo" || figs[1].Count != 60 || figs[1].Caption != "60 pictures" || !figs[1].NoCredit {
		t.Errorf("figure credits %+v", figs)
	}
}

func TestOutlineLevels(t *testing.T) {
	h := func(level int, id string) *model.Heading {
		return &model.Heading{Level: level, ID: id, Spans: []model.Span{{Text: strings.ToUpper(id)}}}
	}
	a := &model.Article{Blocks: []model.Block{h(2, "a"), h(3, "b"), h(4, "c"), h(2, "d"), h(5, "e"), h(3, "")}}
	var got []string
	for _, e := range Outline(a, 3) {
		got = append(got, e.Heading.ID+":"+string(rune('0'+e.Level)))
	}
	if want := []string{"a:2", "b:3", "d:2", "e:3"}; !slices.Equal(got, want) {
		t.Errorf("outline %q, want %q", got, want)
	}
	if Outline(a, 1) != nil {
		t.Error("depth 1 lists headings")
	}
}
