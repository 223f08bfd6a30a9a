package epub

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/offprint/offprint/packager/model"
)

const inkscapeSVG = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc="http://creativecommons.org/ns#" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100" viewBox="0 0 100 100" version="1.1" id="svg8" sodipodi:docname="x.svg">
  <sodipodi:namedview id="base" pagecolor="#ffffff" inkscape:zoom="1"/>
  <metadata id="metadata5"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format><dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work></rdf:RDF></metadata>
  <defs><linearGradient id="g"><stop offset="0" style="stop-color:#f00"/></linearGradient></defs>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1"><rect style="fill:url(#g)" width="50" height="50" x="10" y="10" id="rect1"/><use xlink:href="#rect1" x="20"/></g>
  <a href="https://example.com/"><title>Example</title><text x="5" y="90">link</text></a>
</svg>`

// awkwardEdition has what importers might hand over on a bad day.
func awkwardEdition() (*model.Edition, fstest.MapFS) {
	fsys := fstest.MapFS{
		"ink.svg":      {Data: []byte(inkscapeSVG)},
		"remote.svg":   {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image xlink:href="https://example.com/x.png" width="10" height="10"/></svg>`)},
		"script.svg":   {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>`)},
		"onload.svg":   {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"/>`)},
		"relative.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="photo.jpg" width="10" height="10"/></svg>`)},
		"styled.svg":   {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>@import url(https://example.com/a.css);</style></svg>`)},
		"folder/x.png": {Data: []byte("not read")},
	}
	svg := func(p string) *model.Figure {
		return &model.Figure{Image: img(p, "svg", 10, 10), Caption: []model.Span{tx(p)}, Credit: "Drawing: X"}
	}
	var nilPara *model.Paragraph
	blocks := []model.Block{
		nil, nilPara,
		&model.Paragraph{}, para(tx("  ")),
		para(tx("\x00Control\x07 chars and bad \xff bytes"), note(9), note(1), ln("empty anchor", "#"), ln("mail", "mailto:"),
			ln("to a section", "#s01"), ln("relative", "other.md")),
		&model.Heading{Level: 0, ID: "x", Spans: []model.Span{tx("Level zero")}},
		&model.Heading{Level: 9, ID: "x", Spans: []model.Span{tx("Level nine, same id")}},
		&model.Heading{Level: 2, ID: "fn-1", Spans: []model.Span{tx("An id like a note's")}},
		&model.Figure{},
		&model.Figure{Image: &model.Image{Src: "gone.jpg"}},
		&model.List{}, &model.List{Ordered: true, Start: 0, Items: []model.ListItem{{}, {Blocks: []model.Block{nil, &model.Rule{}}}}},
		&model.Table{}, &model.Table{Rows: [][]model.Cell{{{}, {}}, {{Spans: []model.Span{tx("ragged")}}}}},
		&model.CodeBlock{}, &model.Quote{},
		svg("ink.svg"), svg("remote.svg"), svg("script.svg"), svg("onload.svg"), svg("relative.svg"), svg("styled.svg"),
		&model.Figure{Image: img("folder", "png", 1, 1), Caption: []model.Span{tx("a folder")}},
	}
	arts := []*model.Article{
		{ID: "cover", Title: "\x00Ti\x07tle with controls", Lang: "not a lang!", Blocks: blocks,
			Footnotes: []model.Footnote{{Number: 1}, {Number: 1, Blocks: []model.Block{para(tx("again"))}}, {Number: 0}}},
		{ID: "ncx", Title: "Named like the NCX", Lang: "fr_ca"},
		{ID: "dup", Title: "Dup one", Attribution: model.Attribution{Authors: []string{" ", "Z"}}},
		{ID: "dup", Title: "Dup two"},
		{ID: "", Title: ""},
		{ID: "123 bad id!", Title: "Bad id", Dir: "rtl"},
		nil,
	}
	ed := &model.Edition{
		Language: "en_gb",
		Sections: []*model.Section{
			nil,
			{ID: "s01", Title: "One", Articles: arts[:3]},
			{ID: "s01", Title: "Same id", Articles: arts[3:]},
			{ID: "s03", Articles: []*model.Article{nil}},
			{ID: "s04", Title: "Only repeats", Articles: arts[:1]},
		},
	}
	return ed, fsys
}

func TestAwkwardEdition(t *testing.T) {
	t.Parallel()
	ed, fsys := awkwardEdition()
	data, diags := renderBook(t, ed, fsys, nil)
	files, _ := entries(t, data)
	var got []string
	for _, d := range diags {
		got = append(got, d.Code)
	}
	for _, want := range []string{"language", "bad-image", "broken-link"} {
		if !slices.Contains(got, want) {
			t.Errorf("no %s warning; got %v", want, got)
		}
	}
	bad := 0
	for _, d := range diags {
		if d.Code == "bad-image" {
			bad++
		}
	}
	if bad != 4 { // three SVGs and the folder; scripts are removed, not refused
		t.Errorf("%d bad-image warnings, want 4: %v", bad, diags)
	}
	opf := files[opfName]
	contains(t, "package", opf,
		`<dc:language>en-GB</dc:language>`, `<dc:title id="pub-title">Untitled</dc:title>`, `<dc:creator id="pub-creator1">Z</dc:creator>`,
		`<item id="img-ink" href="images/ink.svg" media-type="image/svg+xml"/>`,
		`<item id="cover-2" href="xhtml/cover-2.xhtml"`, `<item id="ncx" href="toc.ncx"`, `<item id="ncx-2" href="xhtml/ncx.xhtml"`,
		`href="xhtml/dup.xhtml"`, `href="xhtml/dup-2.xhtml"`, `href="xhtml/a-123-bad-id.xhtml"`, `href="xhtml/a005.xhtml"`,
		`href="xhtml/s01.xhtml"`, `href="xhtml/s01-2.xhtml"`)
	for _, n := range []string{"remote", "relative", "styled"} {
		lacks(t, "package", opf, "images/"+n+".svg")
	}
	lacks(t, "cleaned SVG", files["EPUB/images/script.svg"]+files["EPUB/images/onload.svg"], "<script", "alert", "onload")
	contains(t, "cleaned SVG", files["EPUB/images/script.svg"], "<svg")
	page := files["EPUB/xhtml/cover-2.xhtml"]
	contains(t, "page", page, "<h1>Title with controls</h1>", "Control chars and bad  bytes<sup>9</sup>",
		`<h2 id="x">Level zero</h2>`, `<h6 id="x-1">Level nine, same id</h6>`, `<h3 id="fn-1-2">`,
		`<a href="s01.xhtml#s01">to a section</a>`, "relative", `<a href="#fnref-1" class="note-number" role="doc-backlink">1.</a>`)
	lacks(t, "page", page, "\x00", "\x07", `lang="not`, `href="#"`, "mailto:", "other.md")
	contains(t, "fr_ca article", files["EPUB/xhtml/ncx.xhtml"], `lang="fr-CA" xml:lang="fr-CA"`)
	contains(t, "rtl article", files["EPUB/xhtml/a-123-bad-id.xhtml"], `<article id="a-123-bad-id" class="article" dir="rtl">`)
	if n := len(navTree(t, files[navName])); n != 9 { // two sections, six articles, credits
		t.Errorf("nav has %d entries, want 9:\n%s", n, files[navName])
	}
	epubcheck(t, "awkward.epub", data)
}

// An SVG with an untitled link still goes in, with a warning.
func TestSVGLinkNote(t *testing.T) {
	ed := singleSection()
	fsys := fstest.MapFS{"link.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><a href="https://example.com/"><text>x</text></a></svg>`)}}
	a := ed.Sections[0].Articles[0]
	a.File = "articles/first.md"
	a.Blocks = append(a.Blocks,
		&model.Figure{Image: img("link.svg", "svg", 9, 9), Caption: []model.Span{tx("linked")}, Line: 7},
		&model.Figure{Image: img("link.svg", "svg", 9, 9), Caption: []model.Span{tx("again")}, Line: 9})
	data, diags := renderBook(t, ed, fsys, nil)
	files, _ := entries(t, data)
	contains(t, "article", files["EPUB/xhtml/a001-first.xhtml"], `<img src="../images/link.svg" alt="linked"/>`, `<img src="../images/link.svg" alt="again"/>`)
	if len(diags) != 1 || diags[0].Code != "svg-link" || diags[0].File != "articles/first.md" || diags[0].Line != 7 {
		t.Errorf("diagnostics %+v, want one svg-link warning at articles/first.md:7", diags)
	}
}
