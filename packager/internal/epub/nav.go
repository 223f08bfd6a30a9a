package epub

import (
	"strconv"
	"strings"

	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/internal/xmltext"
	"github.com/offprint/offprint/packager/model"
)

// navPoint is an entry of the table of contents.
type navPoint struct {
	Label    string
	Href     string // relative to EPUB/ ("xhtml/a001.xhtml")
	Lang     string // of the label, when it differs from the book's
	Dir      string // "rtl" for a right-to-left label
	Children []*navPoint
}

// landmark is an entry of the nav document's landmarks list.
type landmark struct {
	Type  string // epub:type: cover, titlepage, toc, bodymatter, backmatter
	Label string
	Href  string
}

// contents lists sections and, under each, its articles. The articles of
// a section without a title (an edition of one implicit section) are listed
// at the top level.
func (bk *book) contents(credits bool) []*navPoint {
	return bk.contentsTo(credits, 1)
}

// contentsTo is contents that also lists, under each article, its
// headings down to depth levels below the article (1: none).
func (bk *book) contentsTo(credits bool, depth int) []*navPoint {
	var out []*navPoint
	for _, si := range bk.secs {
		var arts []*navPoint
		for _, ai := range si.arts {
			href := "xhtml/" + ai.file
			arts = append(arts, &navPoint{Label: ai.a.Title, Href: href, Lang: ai.lang, Dir: ai.dir, Children: headingPoints(ai, href, depth)})
		}
		if si.file != "" {
			out = append(out, &navPoint{Label: si.sec.Title, Href: "xhtml/" + si.file, Children: arts})
		} else {
			out = append(out, arts...)
		}
	}
	if credits {
		out = append(out, &navPoint{Label: "Sources and credits", Href: "xhtml/" + creditsFile})
	}
	return out
}

// headingPoints are an article's headings (present.Outline) as entries
// nested by level.
func headingPoints(ai *artInfo, href string, depth int) []*navPoint {
	var out []*navPoint
	stack := []*[]*navPoint{&out} // stack[i]: the list of level i+2
	for _, e := range present.Outline(ai.a, depth) {
		if ai.heads[e.Heading] == "" {
			continue
		}
		for len(stack) > e.Level-1 {
			stack = stack[:len(stack)-1]
		}
		for len(stack) < e.Level-1 { // a level skipped: hang it on the last entry
			last := *stack[len(stack)-1]
			if len(last) == 0 {
				break
			}
			stack = append(stack, &last[len(last)-1].Children)
		}
		p := &navPoint{Label: model.PlainText(e.Heading.Spans), Href: href + "#" + ai.heads[e.Heading], Lang: ai.lang, Dir: ai.dir}
		list := stack[len(stack)-1]
		*list = append(*list, p)
		stack = append(stack, &p.Children)
	}
	return out
}

// landmarks are the book's landmarks: cover page, title page, contents
// (only when the navigation document is in the reading order), the start
// of the content, and Sources and credits.
func (bk *book) landmarks(lay settings, cover bool) []landmark {
	var out []landmark
	if cover && lay.coverPage {
		out = append(out, landmark{"cover", "Cover", "xhtml/" + coverFile})
	}
	out = append(out, landmark{"titlepage", "Title page", "xhtml/" + titleFile})
	if lay.toc {
		out = append(out, landmark{"toc", "Contents", "nav.xhtml#toc"})
	}
	if len(bk.secs) > 0 {
		si := bk.secs[0]
		start := si.file
		if start == "" {
			start = si.arts[0].file
		}
		out = append(out, landmark{"bodymatter", "Start of content", "xhtml/" + start})
	}
	if lay.credits {
		out = append(out, landmark{"backmatter", "Sources and credits", "xhtml/" + creditsFile})
	}
	return out
}

// navDoc is what the EPUB 3 navigation document and the EPUB 2 NCX are
// made from.
type navDoc struct {
	Identifier string
	Title      string // the book's title
	Author     string
	Lang       string
	Dir        string // "rtl" or ""
	CSS        string // stylesheet, relative to EPUB/
	Heading    string // heading of the table of contents
	Points     []*navPoint
	Landmarks  []landmark
	// PageList is the printed edition's pages, when the book marks them.
	PageList []pageRef
}

// xhtml renders nav.xhtml.
func (n *navDoc) xhtml() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html>\n")
	b.WriteString(`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"`)
	if n.Lang != "" {
		b.WriteString(` lang="` + xmltext.Escape(n.Lang) + `" xml:lang="` + xmltext.Escape(n.Lang) + `"`)
	}
	if n.Dir != "" {
		b.WriteString(` dir="` + xmltext.Escape(n.Dir) + `"`)
	}
	b.WriteString(">\n<head>\n<title>" + xmltext.Escape(n.Heading) + "</title>\n")
	if n.CSS != "" {
		b.WriteString(`<link rel="stylesheet" type="text/css" href="` + xmltext.Escape(n.CSS) + `"/>` + "\n")
	}
	b.WriteString("</head>\n<body>\n")
	b.WriteString(`<nav epub:type="toc" id="toc" role="doc-toc">` + "\n")
	b.WriteString("<h1>" + xmltext.Escape(n.Heading) + "</h1>\n")
	var list func(ps []*navPoint, depth int)
	list = func(ps []*navPoint, depth int) {
		ind := strings.Repeat("  ", depth)
		b.WriteString(ind + "<ol>\n")
		for _, p := range ps {
			b.WriteString(ind + `  <li><a href="` + xmltext.Escape(p.Href) + `"`)
			if p.Lang != "" {
				b.WriteString(` lang="` + xmltext.Escape(p.Lang) + `" xml:lang="` + xmltext.Escape(p.Lang) + `"`)
			}
			if p.Dir != "" {
				b.WriteString(` dir="` + xmltext.Escape(p.Dir) + `"`)
			}
			b.WriteString(">" + xmltext.Escape(p.Label) + "</a>")
			if len(p.Children) > 0 {
				b.WriteString("\n")
				list(p.Children, depth+2)
				b.WriteString(ind + "  ")
			}
			b.WriteString("</li>\n")
		}
		b.WriteString(ind + "</ol>\n")
	}
	if len(n.Points) > 0 {
		list(n.Points, 0)
	}
	b.WriteString("</nav>\n")
	if len(n.PageList) > 0 {
		b.WriteString(`<nav epub:type="page-list" id="page-list" role="doc-pagelist" hidden="hidden">` + "\n<h2>Pages</h2>\n<ol>\n")
		for _, p := range n.PageList {
			b.WriteString(`  <li><a href="` + xmltext.Escape(p.href) + `">` + xmltext.Escape(p.label) + "</a></li>\n")
		}
		b.WriteString("</ol>\n</nav>\n")
	}
	if len(n.Landmarks) > 0 {
		b.WriteString(`<nav epub:type="landmarks" id="landmarks" hidden="hidden">` + "\n<h2>Landmarks</h2>\n<ol>\n")
		for _, l := range n.Landmarks {
			b.WriteString(`  <li><a epub:type="` + xmltext.Escape(l.Type) + `" href="` + xmltext.Escape(l.Href) + `">` + xmltext.Escape(l.Label) + "</a></li>\n")
		}
		b.WriteString("</ol>\n</nav>\n")
	}
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}

// ncx renders toc.ncx, the table of contents for EPUB 2 reading systems.
func (n *navDoc) ncx() []byte {
	var b strings.Builder
	depth := 0
	var measure func(ps []*navPoint, d int)
	measure = func(ps []*navPoint, d int) {
		for _, p := range ps {
			depth = max(depth, d)
			measure(p.Children, d+1)
		}
	}
	measure(n.Points, 1)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"`)
	if n.Lang != "" {
		b.WriteString(` xml:lang="` + xmltext.Escape(n.Lang) + `"`)
	}
	b.WriteString(">\n<head>\n")
	// The printed pages, when the book marks them: their count, and the
	// highest page number.
	maxPage := 0
	for _, p := range n.PageList {
		if v, err := strconv.Atoi(p.label); err == nil {
			maxPage = max(maxPage, v)
		}
	}
	for _, m := range [][2]string{
		{"dtb:uid", n.Identifier},
		{"dtb:depth", strconv.Itoa(max(depth, 1))},
		{"dtb:totalPageCount", strconv.Itoa(len(n.PageList))},
		{"dtb:maxPageNumber", strconv.Itoa(maxPage)},
	} {
		b.WriteString(`<meta name="` + m[0] + `" content="` + xmltext.Escape(m[1]) + `"/>` + "\n")
	}
	b.WriteString("</head>\n<docTitle><text>" + xmltext.Escape(n.Title) + "</text></docTitle>\n")
	if n.Author != "" {
		b.WriteString("<docAuthor><text>" + xmltext.Escape(n.Author) + "</text></docAuthor>\n")
	}
	b.WriteString("<navMap>\n")
	order := 0
	var points func(ps []*navPoint, depth int)
	points = func(ps []*navPoint, depth int) {
		ind := strings.Repeat("  ", depth)
		for _, p := range ps {
			order++
			num := strconv.Itoa(order)
			b.WriteString(ind + `<navPoint id="navpoint-` + num + `" playOrder="` + num + `">` + "\n")
			b.WriteString(ind + "  <navLabel><text>" + xmltext.Escape(p.Label) + "</text></navLabel>\n")
			b.WriteString(ind + `  <content src="` + xmltext.Escape(p.Href) + `"/>` + "\n")
			points(p.Children, depth+1)
			b.WriteString(ind + "</navPoint>\n")
		}
	}
	points(n.Points, 1)
	b.WriteString("</navMap>\n")
	if len(n.PageList) > 0 {
		// The same pages as the navigation document's page-list, for
		// reading systems that know only the NCX.
		b.WriteString("<pageList>\n  <navLabel><text>Pages</text></navLabel>\n")
		for i, p := range n.PageList {
			order++
			num := strconv.Itoa(order)
			b.WriteString(`  <pageTarget id="page-` + strconv.Itoa(i+1) + `" type="normal"`)
			if _, err := strconv.Atoi(p.label); err == nil {
				b.WriteString(` value="` + p.label + `"`)
			}
			b.WriteString(` playOrder="` + num + `">` + "\n")
			b.WriteString("    <navLabel><text>" + xmltext.Escape(p.label) + "</text></navLabel>\n")
			b.WriteString(`    <content src="` + xmltext.Escape(p.href) + `"/>` + "\n  </pageTarget>\n")
		}
		b.WriteString("</pageList>\n")
	}
	b.WriteString("</ncx>\n")
	return []byte(b.String())
}
