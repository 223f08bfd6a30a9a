package epub

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/offprint/offprint/packager/model"
)

// corpusEdition is an edition of n articles shaped like a newsletter
// archive: a dozen paragraphs, a heading, a quote, a list and one photo
// each.
func corpusEdition(b testing.TB, n int) (*model.Edition, fstest.MapFS) {
	photo := testJPEG(b, 1600, 1067)
	fsys := fstest.MapFS{}
	text := strings.Repeat("The tide came in and went out again, “as it always does” — and nobody minded. ", 8)
	var arts []*model.Article
	for i := 1; i <= n; i++ {
		pic := fmt.Sprintf("images/fig-%04d.jpg", i)
		fsys[pic] = &fstest.MapFile{Data: photo}
		var blocks []model.Block
		for p := range 12 {
			switch p {
			case 3:
				blocks = append(blocks, &model.Figure{Image: img(pic, "jpeg", 1600, 1067),
					Caption: []model.Span{tx(fmt.Sprintf("Figure %d: the harbour", i))}, Credit: "Agency"})
			case 6:
				blocks = append(blocks, &model.Heading{Level: 2, ID: fmt.Sprintf("s%d", p), Spans: []model.Span{tx("A section")}})
			case 8:
				blocks = append(blocks, &model.Quote{Blocks: []model.Block{para(tx("A quoted line."))}},
					&model.List{Items: []model.ListItem{{Blocks: []model.Block{para(tx("one"))}}, {Blocks: []model.Block{para(tx("two"))}}}})
			}
			blocks = append(blocks, para(tx(text)))
		}
		arts = append(arts, &model.Article{
			ID: fmt.Sprintf("a%03d-report-%d", i, i), File: fmt.Sprintf("article-%04d.md", i),
			Title: fmt.Sprintf("Report %d", i), Date: day(2020, 1, 1+i%28),
			Attribution: model.Attribution{Authors: []string{fmt.Sprintf("Staff Writer %d", i%17)}, Source: "Corpus Review", License: "CC BY 4.0"},
			Blocks:      blocks,
		})
	}
	ed := &model.Edition{
		Title: "Corpus Review", Identifier: "urn:uuid:bench", Language: "en", Issue: 1,
		Date: day(2020, 1, 10), Modified: day(2020, 1, 10),
		Sections: []*model.Section{{ID: "reports", Title: "Reports", Articles: arts}},
	}
	return ed, fsys
}

// BenchmarkRenderCorpus renders a 200-article edition with a photo in
// every article.
func BenchmarkRenderCorpus(b *testing.B) {
	ed, fsys := corpusEdition(b, 200)
	lay := builtinLayout(b, "ereader")
	for b.Loop() {
		renderBook(b, ed, fsys, lay)
	}
}
