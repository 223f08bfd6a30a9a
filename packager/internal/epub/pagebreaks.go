package epub

import (
	"unicode"

	"github.com/offprint/offprint/packager/model"
)

// pageRef is a printed page's marker in the book: its number and where
// the marker is (file in xhtml/ and anchor).
type pageRef struct{ label, href string }

// breaks is the print pages of the article being written, in order, and
// how far the writing has come: the block being written and the words
// of it written so far.
type breaks struct {
	marks  []model.PageStart
	block  int
	words  int
	inWord bool
}

// printPages returns the print pages that begin in article id, or
// outside the articles in part when id is "".
func (bk *book) printPages(id, part string) []model.PageStart {
	var out []model.PageStart
	for _, ps := range bk.ed.PrintPages {
		if ps.Article == id && (id != "" || ps.Part == part) {
			out = append(out, ps)
		}
	}
	return out
}

// pageBreak writes the marker of a print page.
func (p *page) pageBreak(label string) {
	id := ncName("page-"+label, "p")
	p.bk.pageRefs = append(p.bk.pageRefs, pageRef{label, "xhtml/" + p.file + "#" + id})
	p.open("span", "id", id, "epub:type", "pagebreak", "role", "doc-pagebreak", "aria-label", label, "title", label)
	p.close("span")
}

// pageBreaks writes the markers of every page in ps.
func (p *page) pageBreaks(ps []model.PageStart) {
	for _, s := range ps {
		p.pageBreak(s.Label)
	}
}

// startBlock begins block i of the article: the markers of pages that
// begin before its first word are written.
func (p *page) startBlock(i int) {
	br := &p.br
	br.block, br.words, br.inWord = i, 0, false
	for len(br.marks) > 0 && br.marks[0].Block <= i && (br.marks[0].Block < i || br.marks[0].Word == 0) {
		p.pageBreak(br.marks[0].Label)
		br.marks = br.marks[1:]
	}
}

// breakText writes text of the block being written, with the markers of
// the pages that begin at one of its words.
func (p *page) breakText(s string) {
	br := &p.br
	if len(br.marks) == 0 || br.marks[0].Block != br.block {
		for _, r := range s {
			sp := unicode.IsSpace(r)
			if !sp && !br.inWord {
				br.words++
			}
			br.inWord = !sp
		}
		p.text(s)
		return
	}
	start := 0
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if !sp && !br.inWord {
			for len(br.marks) > 0 && br.marks[0].Block == br.block && br.marks[0].Word <= br.words {
				p.text(s[start:i])
				start = i
				p.pageBreak(br.marks[0].Label)
				br.marks = br.marks[1:]
			}
			br.words++
		}
		br.inWord = !sp
	}
	p.text(s[start:])
}
