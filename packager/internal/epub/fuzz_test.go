package epub

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/offprint/offprint/packager/model"
)

// wellFormed parses an XHTML body fragment strictly.
func wellFormed(body string) error {
	doc := `<div xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">` + body + `</div>`
	dec := xml.NewDecoder(strings.NewReader(doc))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// FuzzArticlePage puts arbitrary text everywhere an article carries text
// and checks that its page stays well-formed.
func FuzzArticlePage(f *testing.F) {
	for _, s := range []string{"", "a & b", "<script>", "\x00\xff", "]]>", `"'`, "#x", "https://e.com/a b", "ar", "\u202e"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, text, link string) {
		a := &model.Article{
			ID: text, Title: text, Subtitle: text, Lang: text, Dir: "rtl",
			Attribution: model.Attribution{Authors: []string{text, text}, Source: text, URL: link, License: text, Copyright: text},
			Blocks: []model.Block{
				para(tx(text), ln(text, link), note(1), model.Span{Text: text, Style: model.Emph | model.Code | model.Sup}),
				&model.Heading{Level: 2, ID: text, Spans: []model.Span{tx(text)}},
				&model.CodeBlock{Lang: text, Text: text},
				&model.Figure{ID: text, Alt: text, Caption: []model.Span{ln(text, link)}, Credit: text},
				&model.Table{Header: []model.Cell{{Spans: []model.Span{tx(text)}}}},
				&model.List{Items: []model.ListItem{{Blocks: []model.Block{para(tx(text))}}}},
			},
			Footnotes: []model.Footnote{{Number: 1, ID: text, Blocks: []model.Block{para(tx(text))}}},
		}
		ed := &model.Edition{Title: text, Subtitle: text, Publisher: text, Description: text, Sections: []*model.Section{{Title: text, ID: text, Articles: []*model.Article{a}}}}
		bk := plan(presented(ed), newPictureSet(nil, policy{}), nil)
		for name, body := range map[string]string{
			"article": bk.articlePage(bk.arts[0]),
			"title":   bk.titlePage(),
			"section": bk.sectionPage(bk.secs[0]),
			"credits": bk.creditsPage(),
		} {
			if err := wellFormed(body); err != nil {
				t.Fatalf("%s page is not well-formed: %v\n%s", name, err, body)
			}
		}
		nav := &navDoc{Identifier: text, Title: text, Author: text, Lang: text, Heading: text, Points: bk.contents(true)}
		for name, doc := range map[string][]byte{"nav": nav.xhtml(), "ncx": nav.ncx(), "opf": (&packageDoc{Meta: bookMetadata(ed)}).marshal()} {
			dec := xml.NewDecoder(strings.NewReader(string(doc)))
			dec.Strict = true
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s is not well-formed: %v\n%s", name, err, doc)
				}
			}
		}
	})
}
