package pdf

// A tagged PDF carries, besides what its pages draw, the document's logical
// structure: a tree of structure elements (Document › Part › Art › P, H1,
// Figure …) whose leaves are the marked-content sequences of the page
// streams, in reading order. The composer says what each block is
// (typeset.Tag); the drawer marks what it draws with the element it
// belongs to, or as an artifact (running heads, folios, rules); splice
// writes the tree as objects next to fpdf's.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// structElem is one structure element being collected.
type structElem struct {
	role   string
	parent *structElem
	alt    string
	lang   string
	kids   []structKid
	num    int // its object number, set when written
	// hasAnnot is set on a Link with its annotation
	hasAnnot bool
}

// structKid is one child of a structure element: another element, a
// marked-content sequence on a page, or an annotation.
type structKid struct {
	elem  *structElem
	page  int // 0-based
	mcid  int
	annot int // index among the page's annotations; -1 for none
}

// pageTags is what one page's stream holds of the structure.
type pageTags struct {
	mcids  []*structElem // by MCID
	annots []annotTag    // in the order of the page's /Annots
}

// annotTag is a link annotation's structure element and description.
type annotTag struct {
	elem     *structElem
	contents string
}

// tagTree collects the structure of a document as its pages are drawn.
type tagTree struct {
	root  *structElem
	elems map[*typeset.Tag]*structElem
	pages []pageTags
	stack []*structElem // the elements whose content is being drawn
	// the marked-content sequence open in the page stream
	open bool
	cur  *structElem // nil for an artifact
}

func newTagTree() *tagTree {
	return &tagTree{root: &structElem{role: "Document"}, elems: map[*typeset.Tag]*structElem{}}
}

// elem returns the structure element of a tag, making it and its
// ancestors at first use (in reading order, the order of drawing).
func (t *tagTree) elem(tag *typeset.Tag) *structElem {
	if tag == nil {
		return t.root
	}
	if e, ok := t.elems[tag]; ok {
		return e
	}
	parent := t.elem(tag.Parent)
	e := &structElem{role: tag.Role, parent: parent, alt: tag.Alt, lang: tag.Lang}
	t.elems[tag] = e
	parent.kids = append(parent.kids, structKid{elem: e, annot: -1})
	return e
}

// inline returns the structure element of an inline tag (a link), part
// of the element being drawn.
func (t *tagTree) inline(tag *typeset.Tag) *structElem {
	if e, ok := t.elems[tag]; ok {
		return e
	}
	parent := t.current()
	if parent == nil {
		parent = t.root
	}
	e := &structElem{role: tag.Role, parent: parent}
	t.elems[tag] = e
	parent.kids = append(parent.kids, structKid{elem: e, annot: -1})
	return e
}

// newPage starts the next page.
func (t *tagTree) newPage() {
	t.pages = append(t.pages, pageTags{})
	t.open = false
}

// current is the element whose content is being drawn; nil outside any.
func (t *tagTree) current() *structElem {
	if len(t.stack) == 0 {
		return nil
	}
	return t.stack[len(t.stack)-1]
}

// mark returns the operators that put what is drawn next into element e's
// content (an artifact when e is nil), closing the sequence open if it is
// another's; "" when it is already open.
func (t *tagTree) mark(e *structElem) string {
	pg := len(t.pages) - 1
	if e != nil && e.role == "TH" && len(e.kids) > 0 && e.kids[0].page != pg {
		// A table's header row repeated on the next page is read once.
		e = nil
	}
	if t.open && t.cur == e {
		return ""
	}
	s := t.close()
	t.open, t.cur = true, e
	if e == nil {
		return s + "/Artifact BMC\n"
	}
	n := len(t.pages[pg].mcids)
	t.pages[pg].mcids = append(t.pages[pg].mcids, e)
	e.kids = append(e.kids, structKid{page: pg, mcid: n, annot: -1})
	return s + fmt.Sprintf("/%s <</MCID %d>> BDC\n", e.role, n)
}

// close returns the operator that ends the open sequence, if any.
func (t *tagTree) close() string {
	if !t.open {
		return ""
	}
	t.open = false
	return "EMC\n"
}

// annot records the link annotation just added to the page: a Link
// element, part of the element being drawn, refers to it.
func (t *tagTree) annot(contents string) {
	pg := len(t.pages) - 1
	e := t.current()
	if e == nil || e.role != "Link" || e.hasAnnot {
		parent := e
		if parent == nil {
			parent = t.root
		}
		e = &structElem{role: "Link", parent: parent}
		parent.kids = append(parent.kids, structKid{elem: e, annot: -1})
	}
	e.hasAnnot = true
	e.kids = append(e.kids, structKid{page: pg, annot: len(t.pages[pg].annots)})
	t.pages[pg].annots = append(t.pages[pg].annots, annotTag{elem: e, contents: contents})
}

// pdfText is s as a PDF text string: UTF-16BE with its byte-order mark,
// in hex.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// pageObj is the object number fpdf gives page i (0-based).
func pageObj(i int) int { return 2*(i+1) + 1 }

// structObjects numbers the structure tree's objects from next and
// returns them (each "<<…>>", without the object's head), the page and
// annotation parent-tree keys being the page's index and, for
// annotations, numbers after the pages. annotNum gives the object number
// of page i's annotation j.
func (t *tagTree) structObjects(next int, annotNum func(i, j int) int) (rootNum int, objs [][]byte) {
	rootNum = next
	parentTree := next + 1
	next += 2
	var all []*structElem
	var walk func(e *structElem)
	walk = func(e *structElem) {
		e.num = next
		next++
		all = append(all, e)
		for _, k := range e.kids {
			if k.elem != nil {
				walk(k.elem)
			}
		}
	}
	walk(t.root)
	ref := func(n int) string { return strconv.Itoa(n) + " 0 R" }
	objs = append(objs, []byte(fmt.Sprintf("<</Type /StructTreeRoot /K %s /ParentTree %s /ParentTreeNextKey %d>>",
		ref(t.root.num), ref(parentTree), len(t.pages)+t.annotCount())))
	var nums strings.Builder
	for i, pg := range t.pages {
		fmt.Fprintf(&nums, "%d [", i)
		for j, e := range pg.mcids {
			if j > 0 {
				nums.WriteByte(' ')
			}
			nums.WriteString(ref(e.num))
		}
		nums.WriteString("]\n")
	}
	key := len(t.pages)
	for _, pg := range t.pages {
		for _, a := range pg.annots {
			fmt.Fprintf(&nums, "%d %s\n", key, ref(a.elem.num))
			key++
		}
	}
	objs = append(objs, []byte("<</Nums [\n"+nums.String()+"]>>"))
	for _, e := range all {
		var b strings.Builder
		parent := rootNum
		if e.parent != nil {
			parent = e.parent.num
		}
		fmt.Fprintf(&b, "<</Type /StructElem /S /%s /P %s", e.role, ref(parent))
		if e.role == "TH" {
			b.WriteString(" /A <</O /Table /Scope /Column>>")
		}
		if e.alt != "" {
			b.WriteString(" /Alt " + pdfText(e.alt))
		}
		if e.lang != "" {
			b.WriteString(" /Lang " + pdfText(e.lang))
		}
		b.WriteString(" /K [")
		for i, k := range e.kids {
			if i > 0 {
				b.WriteByte(' ')
			}
			switch {
			case k.elem != nil:
				b.WriteString(ref(k.elem.num))
			case k.annot >= 0:
				fmt.Fprintf(&b, "<</Type /OBJR /Pg %s /Obj %s>>", ref(pageObj(k.page)), ref(annotNum(k.page, k.annot)))
			default:
				fmt.Fprintf(&b, "<</Type /MCR /Pg %s /MCID %d>>", ref(pageObj(k.page)), k.mcid)
			}
		}
		b.WriteString("]>>")
		objs = append(objs, []byte(b.String()))
	}
	return rootNum, objs
}

func (t *tagTree) annotCount() int {
	n := 0
	for _, pg := range t.pages {
		n += len(pg.annots)
	}
	return n
}

// rewrite returns what the structure changes in fpdf's output doc: new
// bodies (from "<<" through "endobj\n") for the catalog and the pages,
// and the objects to add, numbered from x's size on.
func (t *tagTree) rewrite(doc []byte, x *xrefTable) (map[int][]byte, [][]byte, error) {
	body := func(num int) ([]byte, error) {
		if num <= 0 || num >= len(x.offsets) || x.offsets[num] == 0 {
			return nil, fmt.Errorf("no object %d", num)
		}
		off := x.offsets[num]
		end := x.start
		for _, o := range x.offsets {
			if o > off && o < end {
				end = o
			}
		}
		head := strconv.Itoa(num) + " 0 obj\n"
		if !bytes.HasPrefix(doc[off:end], []byte(head)) {
			return nil, fmt.Errorf("object %d is not where the table says", num)
		}
		return doc[off+len(head) : end], nil
	}
	next := len(x.offsets)
	annotNums := make([][]int, len(t.pages))
	for i, pg := range t.pages {
		for range pg.annots {
			annotNums[i] = append(annotNums[i], next)
			next++
		}
	}
	rootNum, structs := t.structObjects(next, func(i, j int) int { return annotNums[i][j] })
	repl := map[int][]byte{}
	var extra [][]byte
	key := len(t.pages)
	for i, pg := range t.pages {
		b, err := body(pageObj(i))
		if err != nil {
			return nil, nil, err
		}
		const start = "<</Type /Page\n"
		if !bytes.HasPrefix(b, []byte(start)) {
			return nil, nil, fmt.Errorf("object %d is not page %d", pageObj(i), i+1)
		}
		var nb bytes.Buffer
		nb.WriteString(start)
		fmt.Fprintf(&nb, "/StructParents %d\n/Tabs /S\n", i)
		rest := b[len(start):]
		a := bytes.Index(rest, []byte("\n/Annots ["))
		if a < 0 {
			if len(pg.annots) > 0 {
				return nil, nil, fmt.Errorf("page %d has no annotations", i+1)
			}
			nb.Write(rest)
			repl[pageObj(i)] = nb.Bytes()
			continue
		}
		a++
		e := bytes.IndexByte(rest[a:], '\n')
		if e < 0 || !bytes.HasSuffix(rest[a:a+e], []byte("]")) {
			return nil, nil, fmt.Errorf("page %d: unreadable annotations", i+1)
		}
		list := rest[a+len("/Annots [") : a+e-1]
		const annot = "<</Type /Annot "
		var segs [][]byte
		for len(list) > 0 {
			if !bytes.HasPrefix(list, []byte(annot)) {
				return nil, nil, fmt.Errorf("page %d: unreadable annotations", i+1)
			}
			n := bytes.Index(list[1:], []byte(annot))
			if n < 0 {
				segs, list = append(segs, list), nil
				continue
			}
			segs, list = append(segs, list[:n+1]), list[n+1:]
		}
		if len(segs) != len(pg.annots) {
			return nil, nil, fmt.Errorf("page %d has %d annotations, %d drawn", i+1, len(segs), len(pg.annots))
		}
		nb.Write(rest[:a])
		nb.WriteString("/Annots [")
		for j, s := range segs {
			if j > 0 {
				nb.WriteByte(' ')
			}
			fmt.Fprintf(&nb, "%d 0 R", annotNums[i][j])
			o := fmt.Sprintf("%s/StructParent %d /Contents %s /F 4 %s", annot, key, pdfText(pg.annots[j].contents), s[len(annot):])
			extra = append(extra, []byte(o))
			key++
		}
		nb.WriteString("]")
		nb.Write(rest[a+e:])
		repl[pageObj(i)] = nb.Bytes()
	}
	cat := 0
	for num, off := range x.offsets {
		if off > 0 && bytes.HasPrefix(doc[off:], []byte(strconv.Itoa(num)+" 0 obj\n<<\n/Type /Catalog\n")) {
			cat = num
		}
	}
	b, err := body(cat)
	if err != nil {
		return nil, nil, fmt.Errorf("no catalog: %w", err)
	}
	const start = "<<\n/Type /Catalog\n"
	repl[cat] = append([]byte(start+fmt.Sprintf("/StructTreeRoot %d 0 R\n/MarkInfo <</Marked true>>\n/ViewerPreferences <</DisplayDocTitle true>>\n", rootNum)), b[len(start):]...)
	return repl, append(extra, structs...), nil
}

// tagArticle starts the structure elements of an article: an Art, in a
// Part for each section, with the article's language where it differs
// from the edition's.
func (c *composer) tagArticle(s *model.Section, first bool, a *model.Article) {
	if first || c.partTag == nil {
		c.partTag = &typeset.Tag{Role: "Part"}
	}
	c.artTag = &typeset.Tag{Role: "Art", Parent: c.partTag}
	if a.Lang != "" && !strings.EqualFold(a.Lang, c.ed.Language) {
		c.artTag.Lang = a.Lang
	}
}

// tagged gives a text block the structure element role, part of parent.
func tagged(tb *typeset.TextBlock, role string, parent *typeset.Tag) *typeset.TextBlock {
	tb.Tag = &typeset.Tag{Role: role, Parent: parent}
	return tb
}

// tagCaption makes a figure's caption its Caption, the credit part of it
// (or the Caption itself when there is no caption).
func tagCaption(fig *typeset.Tag, capBlock, credBlock *typeset.TextBlock) {
	var cp *typeset.Tag
	if capBlock != nil {
		cp = &typeset.Tag{Role: "Caption", Parent: fig}
		capBlock.Tag = cp
	}
	if credBlock != nil {
		if cp == nil {
			credBlock.Tag = &typeset.Tag{Role: "Caption", Parent: fig}
		} else {
			credBlock.Tag = &typeset.Tag{Role: "P", Parent: cp}
		}
	}
}

// xmpPacket is a document's XMP metadata: its title, authors, subject,
// language and dates, and either the PDF/UA identification (a tagged
// document) or, for a print file, a description saying it carries no
// structure and where the accessible pages are (note, its description in
// place of the edition's; "" for none).
func xmpPacket(meta docMeta, tagged bool, note string) []byte {
	ed := meta.ed
	esc := func(s string) string {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	// The same metadata as the Info dictionary and the EPUB's package
	// document, decided once when the edition was presented.
	var shown model.BookMeta
	var names []string
	if ed.Shown != nil {
		shown = ed.Shown.Meta
		names = ed.Shown.AuthorNames
	}
	title := shown.Title
	date := ed.Modified.UTC().Format("2006-01-02T15:04:05Z")
	lang := meta.lang
	if lang == "" {
		lang = "x-default"
	}
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
`)
	fmt.Fprintf(&b, "<dc:format>application/pdf</dc:format>\n")
	fmt.Fprintf(&b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", esc(title))
	if len(names) > 0 {
		b.WriteString("<dc:creator><rdf:Seq>")
		for _, n := range names {
			fmt.Fprintf(&b, "<rdf:li>%s</rdf:li>", esc(n))
		}
		b.WriteString("</rdf:Seq></dc:creator>\n")
	}
	desc := shown.Description
	if note != "" {
		desc = note
	}
	if desc != "" {
		fmt.Fprintf(&b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n", esc(desc))
	}
	if meta.lang != "" {
		fmt.Fprintf(&b, "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n", esc(lang))
	}
	fmt.Fprintf(&b, "<dc:date><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:date>\n", date)
	fmt.Fprintf(&b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n<xmp:MetadataDate>%s</xmp:MetadataDate>\n", date, date, date)
	b.WriteString("<xmp:CreatorTool>offprint</xmp:CreatorTool>\n<pdf:Producer>offprint</pdf:Producer>\n")
	if kw := strings.Join(shown.Subjects, ", "); kw != "" {
		fmt.Fprintf(&b, "<pdf:Keywords>%s</pdf:Keywords>\n", esc(kw))
	}
	if tagged {
		b.WriteString("<pdfuaid:part>1</pdfuaid:part>\n")
	}
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>")
	return []byte(b.String())
}

// printFileNote describes imposed sheets, pointing to the tagged pages
// (pages; "" when there are none).
func printFileNote(pages string) string {
	s := "Print file: imposed sheets for printing, without document structure."
	if pages != "" {
		s += " The accessible, tagged edition in reading order is " + pages + "."
	}
	return s
}
