package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/internal/testtool"
	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// economyEdition is a corpus like a week of saved articles: articles of
// uneven length, most with a photograph (3:2, at two sizes), some with
// subheadings, one with a panorama.
func economyEdition(n int) (*model.Edition, fstest.MapFS) {
	fsys := fstest.MapFS{}
	big, small, pano := jpegBytes(1600, 1067), jpegBytes(1200, 800), jpegBytes(2400, 900)
	ed := &model.Edition{Title: "Economy", Slug: "economy", Modified: time.Unix(0, 0).UTC()}
	sec := &model.Section{Title: "News"}
	fig := 0
	for a := range n {
		var blocks []model.Block
		paras := 2 + (a*7)%13
		for p := range paras {
			blocks = append(blocks, para(text(lorem(30+(a*13+p*29)%110))))
			if p == 1 && a%5 != 4 {
				fig++
				path, w, h, data := fmt.Sprintf("images/%d.jpg", a), 1600, 1067, big
				switch {
				case a%3 == 2:
					w, h, data = 1200, 800, small
				case a == 7:
					w, h, data = 2400, 900, pano
				}
				fsys[path] = &fstest.MapFile{Data: withComment(data, path)}
				blocks = append(blocks, &model.Figure{Image: img(path, "jpeg", w, h),
					Caption: []model.Span{text(fmt.Sprintf("Figure %d: %s", fig, lorem(12)))}, Credit: "Credit: Agency"})
			}
			if p == 4 {
				blocks = append(blocks, &model.Heading{Level: 2, Spans: []model.Span{text("Further along")}})
			}
		}
		sec.Articles = append(sec.Articles, &model.Article{Title: fmt.Sprintf("Report %d on the harbour", a+1),
			Attribution: model.Attribution{Authors: []string{"A. Writer"}, License: "CC BY 4.0"}, Blocks: blocks,
			Closing: []model.Span{text("First published by the Harbour Gazette.")}})
		if a == n/2 {
			ed.Sections = append(ed.Sections, sec)
			sec = &model.Section{Title: "Features"}
		}
	}
	ed.Sections = append(ed.Sections, sec)
	return ed, fsys
}

// TestPageEconomy checks, from the text and picture positions in the
// PDF (testtool.PageEconomy), that no article ends on a page holding
// fewer than six of its lines, that no page is blank but an intended
// verso, and that every caption lies directly under its picture; in
// every built-in layout. OFFPRINT_CHECK_PDFS (a list of files) checks
// other PDFs by the same rules.
func TestPageEconomy(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdftohtml")
	needTool(t, "pdftoppm")
	n := 24
	if testing.Short() {
		n = 6
	}
	ed, fsys := economyEdition(n)
	opts := testtool.EconomyOptions{}
	for _, a := range ed.Articles() {
		opts.Titles = append(opts.Titles, a.Title)
		for _, f := range a.Figures() {
			opts.Captions = append(opts.Captions, model.PlainText(f.Caption))
		}
	}
	for _, name := range []string{"magazine", "handout", "booklet", "ereader"} {
		t.Run(name, func(t *testing.T) {
			l, err := layouts.Load(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := renderWith(t, l, ed, fsys)
			data := r.files[""]
			o := opts
			if b, ok := r.files["-pages"]; ok {
				data = b // the logical pages of an imposed booklet
				o.Booklet = true
			}
			file := writeTemp(t, name+".pdf", data)
			problems, err := testtool.PageEconomy(file, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
	for _, f := range filepath.SplitList(os.Getenv("OFFPRINT_CHECK_PDFS")) {
		if f == "" {
			continue
		}
		t.Run(filepath.Base(filepath.Dir(f))+"-"+filepath.Base(f), func(t *testing.T) {
			problems, err := testtool.PageEconomy(f, testtool.EconomyOptions{Booklet: strings.HasSuffix(f, "-pages.pdf")})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}
