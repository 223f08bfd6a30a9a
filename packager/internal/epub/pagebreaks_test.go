package epub

import (
	"strings"
	"testing"

	"github.com/offprint/offprint/packager/model"
)

// The printed pages are marked where they begin: before the article's
// header, before a block, and in the middle of a sentence, between the
// words where the printed page turns; the nav lists them in order and the
// package document names their source.
func TestPrintPageMarkers(t *testing.T) {
	ed, fsys := testEdition(t)
	a := ed.Articles()[0]
	ed.PrintPages = []model.PageStart{
		{Label: "1", Part: "front"},
		{Label: "2", Article: a.ID, Block: -1},
		{Label: "3", Article: a.ID, Block: 0, Word: 3},
		{Label: "4", Article: a.ID, Block: 1},
		{Label: "5", Part: "back"},
	}
	ed.PrintSource = "edition.pdf"
	data, _ := renderBook(t, ed, fsys, builtinLayout(t, "ereader"))
	files, _ := entries(t, data)
	page := files[rockName]
	marker := func(n string) string {
		return `<span id="page-` + n + `" epub:type="pagebreak" role="doc-pagebreak" aria-label="` + n + `" title="` + n + `"></span>`
	}
	contains(t, "article", page,
		marker("2")+`<header`,
		`<strong>strong</strong>, <del>`+marker("3")+`struck</del>`,
		marker("4")+`<h2`)
	contains(t, "title page", files["EPUB/xhtml/title.xhtml"], marker("1"))
	contains(t, "credits", files["EPUB/xhtml/credits.xhtml"], marker("5"))
	nav := files["EPUB/nav.xhtml"]
	contains(t, "nav", nav, `<nav epub:type="page-list"`)
	last := -1
	for _, n := range []string{"1", "2", "3", "4", "5"} {
		i := strings.Index(nav, `#page-`+n+`">`+n+`</a>`)
		if i < last {
			t.Errorf("page %s is not listed in order", n)
		}
		last = i
	}
	// The NCX lists the same pages, for EPUB 2 reading systems.
	contains(t, "ncx", files["EPUB/toc.ncx"], `<meta name="dtb:totalPageCount" content="5"/>`, `<meta name="dtb:maxPageNumber" content="5"/>`,
		`<pageTarget id="page-1" type="normal" value="1"`, `<content src="xhtml/title.xhtml#page-1"/>`,
		`<pageTarget id="page-5" type="normal" value="5"`)
	contains(t, "package", files["EPUB/package.opf"], `<meta property="schema:pageBreakSource">edition.pdf</meta>`,
		`<meta property="schema:accessibilityFeature">pageBreakMarkers</meta>`)
}
