package pdf

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// deepEdition has a long survey report with nine sub-headings under three
// parts, and an article whose headings are written as pandoc writes them
// (level 1 headings with {#id} attributes, a level 3 skipping level 2).
func deepEdition() *model.Edition {
	h := func(level int, id, text string) *model.Heading {
		return &model.Heading{Level: level, ID: id, Spans: []model.Span{{Text: text}}}
	}
	p := func(n int) *model.Paragraph {
		return &model.Paragraph{Spans: []model.Span{{Text: strings.Repeat("The survey asked households along the coast how they fare. ", n)}}}
	}
	var survey []model.Block
	for part := 1; part <= 3; part++ {
		survey = append(survey, h(2, fmt.Sprintf("part-%d", part), fmt.Sprintf("Part %d", part)), p(20))
		for k := 1; k <= 3; k++ {
			survey = append(survey, h(3, fmt.Sprintf("finding-%d-%d", part, k), fmt.Sprintf("Finding %d.%d", part, k)), p(30))
			survey = append(survey, h(4, fmt.Sprintf("detail-%d-%d", part, k), fmt.Sprintf("Detail %d.%d", part, k)), p(5))
		}
	}
	pandoc := []model.Block{h(1, "introduction", "Introduction"), p(3), h(3, "a-detail", "A detail"), p(3), h(1, "method", "Method"), p(3)}
	return &model.Edition{
		Title: "Survey", Language: "en", Date: time.Date(2020, 1, 10, 0, 0, 0, 0, time.UTC), Modified: time.Date(2020, 1, 10, 0, 0, 0, 0, time.UTC),
		Slug: "survey",
		Sections: []*model.Section{{Title: "Reports", Articles: []*model.Article{
			{Title: "Coastal Households Survey", Blocks: survey},
			{Title: "Pandoc Notes", Blocks: pandoc},
		}}},
	}
}

// The outline goes down to toc_depth (articles first), the printed
// contents stay at articles.
func TestOutlineFollowsTocDepth(t *testing.T) {
	needTool(t, "qpdf")
	l, err := layouts.Load("ereader", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := renderWith(t, l, deepEdition(), nil)
	file := writeTemp(t, "deep.pdf", r.files[""])
	text := outlineText(t, file)
	for _, want := range []string{
		"Reports\n  Coastal Households Survey\n    Part 1\n      Finding 1.1\n      Finding 1.2\n      Finding 1.3\n    Part 2\n",
		"      Finding 3.3\n  Pandoc Notes\n    Introduction\n      A detail\n    Method\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("outline lacks\n%s\nin\n%s", want, text)
		}
	}
	if strings.Contains(text, "Detail 1.1") {
		t.Errorf("outline goes deeper than toc_depth 3:\n%s", text)
	}
	if toc := run(t, "pdftotext", "-f", "2", "-l", "3", file, "-"); strings.Contains(toc, "Finding 1.1") && strings.Contains(toc, "Contents") {
		t.Errorf("printed contents list headings:\n%s", toc)
	}
}

// outlineText is a PDF's outline, an entry a line, indented by level.
func outlineText(t *testing.T, file string) string {
	t.Helper()
	var doc struct {
		Outlines []outlineEntry `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json", "--json-key=outlines", file)), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	var walk func([]outlineEntry, string)
	walk = func(es []outlineEntry, ind string) {
		for _, e := range es {
			got = append(got, ind+e.Title)
			walk(e.Kids, ind+"  ")
		}
	}
	walk(doc.Outlines, "")
	return strings.Join(got, "\n")
}

// An edition of one untitled section (a blog archive) lists its articles
// at the top of the outline, as the e-book's navigation does, with no
// "Untitled" entry above them.
func TestOutlineWithoutSectionTitle(t *testing.T) {
	needTool(t, "qpdf")
	l, err := layouts.Load("handout", nil)
	if err != nil {
		t.Fatal(err)
	}
	ed := deepEdition()
	ed.Sections[0].Title = ""
	r := renderWith(t, l, ed, nil)
	text := outlineText(t, writeTemp(t, "blog.pdf", r.files[""]))
	want := "Coastal Households Survey\n  Part 1\n    Finding 1.1\n"
	if !strings.Contains(text, want) || strings.Contains(text, "Untitled") || !strings.Contains(text, "\nPandoc Notes\n  Introduction\n") {
		t.Errorf("outline of an untitled section:\n%s\nwant articles at the top, as\n%s", text, want)
	}
}
