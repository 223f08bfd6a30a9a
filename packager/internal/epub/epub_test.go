package epub

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/xmltext"
	"github.com/offprint/offprint/packager/model"
)

const (
	opfName   = "EPUB/package.opf"
	navName   = "EPUB/nav.xhtml"
	ncxName   = "EPUB/toc.ncx"
	rockName  = "EPUB/xhtml/a001-rock-and-roll.xhtml"
	arabName  = "EPUB/xhtml/a002-arabic.xhtml"
	specsName = "EPUB/xhtml/a003-specs.xhtml"
)

// contains fails the test unless every want is in got.
func contains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func lacks(t *testing.T, what, got string, nots ...string) {
	t.Helper()
	for _, n := range nots {
		if strings.Contains(got, n) {
			t.Errorf("%s has %q, and should not", what, n)
		}
	}
}

func TestZipContainer(t *testing.T) {
	ed, fsys := testEdition(t)
	data, _ := renderBook(t, ed, fsys, builtinLayout(t, "ereader"))
	files, zr := entries(t, data)

	first := zr.File[0]
	if first.Name != "mimetype" || first.Method != zip.Store || len(first.Extra) != 0 || files["mimetype"] != "application/epub+zip" {
		t.Errorf("first entry is %s (method %d, %d bytes of extra), want mimetype stored without extra field", first.Name, first.Method, len(first.Extra))
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) || !bytes.Contains(data[:60], []byte("mimetypeapplication/epub+zip")) {
		t.Errorf("the zip does not start with the mimetype entry, uncompressed")
	}
	if zr.File[1].Name != "META-INF/container.xml" || zr.File[2].Name != opfName {
		t.Errorf("entries 2 and 3 are %s, %s; want the container and the package document", zr.File[1].Name, zr.File[2].Name)
	}
	var names []string
	for _, f := range zr.File[3:] {
		names = append(names, f.Name)
	}
	if !slices.IsSorted(names) {
		t.Errorf("entries after the package document are not in name order: %v", names)
	}
	want := ed.Modified
	for _, f := range zr.File {
		if !f.Modified.Equal(want) {
			t.Errorf("%s is dated %v, want %v", f.Name, f.Modified, want)
		}
		if len(f.Extra) != 0 {
			t.Errorf("%s has an extra field", f.Name)
		}
		// Pictures compressed already are stored; text, SVG included, is
		// deflated.
		compressed := strings.HasPrefix(f.Name, "EPUB/images/") && !strings.HasSuffix(f.Name, ".svg")
		switch {
		case compressed && f.Method != zip.Store:
			t.Errorf("picture %s is compressed (method %d), want stored", f.Name, f.Method)
		case !compressed && f.Name != "mimetype" && f.Method != zip.Deflate:
			t.Errorf("%s is not deflated", f.Name)
		}
	}
	// Pictures are there once each, the same bytes as in the edition.
	if got := files["EPUB/images/harbour.jpg"]; got != string(fsys["images/harbour.jpg"].Data) {
		t.Errorf("harbour.jpg differs from the edition's picture")
	}
	if got := files["EPUB/images/diagram.svg"]; got != testSVG {
		t.Errorf("diagram.svg differs from the edition's picture")
	}
	for name := range files {
		if strings.Contains(name, "broken") {
			t.Errorf("%s is in the book: an unreadable picture should be left out", name)
		}
	}
	if !strings.HasPrefix(files["EPUB/images/pixel.png"], "\x89PNG") {
		t.Errorf("the transparent WebP picture did not become a PNG")
	}
	if _, ok := files["EPUB/images/pixel.webp"]; ok {
		t.Errorf("a WebP picture went into the book as it was")
	}
}

// TestXHTMLWellFormed parses every XML file of the book.
func TestXHTMLWellFormed(t *testing.T) {
	ed, fsys := testEdition(t)
	data, _ := renderBook(t, ed, fsys, nil)
	files, _ := entries(t, data)
	for name, content := range files {
		if !strings.HasSuffix(name, ".xhtml") && !strings.HasSuffix(name, ".opf") && !strings.HasSuffix(name, ".ncx") && !strings.HasSuffix(name, ".xml") {
			continue
		}
		dec := xml.NewDecoder(strings.NewReader(content))
		dec.Strict = true
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s is not well-formed: %v", name, err)
				break
			}
		}
	}
}

func TestArticlePage(t *testing.T) {
	ed, fsys := testEdition(t)
	data, diags := renderBook(t, ed, fsys, nil)
	files, _ := entries(t, data)
	rock := files[rockName]
	if rock == "" {
		t.Fatalf("no %s; entries: %v", rockName, keys(files))
	}
	contains(t, "article header", rock,
		`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">`,
		`<title dir="auto">Rock &amp; Roll &lt;Live&gt; &quot;at&quot; the harbour</title>`,
		`<link rel="stylesheet" type="text/css" href="../css/offprint.css">`,
		`<p class="kicker">World &amp; &lt;Politics&gt;</p>`,
		`<h1>Rock &amp; Roll &lt;Live&gt; &quot;at&quot; the harbour</h1>`,
		`<p class="standfirst">A night of noise &amp; light</p>`,
		`<p class="byline">By <span class="author">Jane Doe</span> and <span class="author">Ada O&#39;Neil</span></p>`,
		`<time datetime="2020-01-02">2 January 2020</time> · <span class="source">Harbour Gazette</span>`,
	)
	contains(t, "inline styles", rock,
		`<em>emphasis</em>`, `<strong>strong</strong>`, `<del>struck</del>`, `<code>code &amp; &lt;tags&gt;</code>`,
		`E=mc<sup>2</sup>`, `H<sub>2</sub>O`, `<strong><em>both</em></strong>`, `.<br/>After a break`,
		// Two spans with one link share one <a>; the address is made valid.
		`<a href="https://example.com/a%20b">link with <strong>bold</strong></a>`,
	)
	contains(t, "blocks", rock,
		`<h2 id="the-stage">The stage &amp; the crowd</h2>`, `<h3 id="lists">Lists</h3>`, `<h4>Quotes and code</h4>`,
		"<ol start=\"3\">\n<li>third</li>\n<li>fourth<ul>\n<li>nested</li>\n</ul>\n</li>\n</ol>",
		"<li><p>loose one</p>\n<p>second paragraph</p>\n</li>",
		`<ul class="tasks">`,
		`<li class="task done"><span class="check">☑</span> done task</li>`,
		`<li class="task"><span class="check">☐</span> open task</li>`,
		"<blockquote>\n<p>A quote with <em>style</em>.</p>\n<figure id=\"fig-in-quote\"",
		"<pre><code class=\"language-go\">if a &lt; b &amp;&amp; c &gt; d {\n\treturn &quot;x&quot;\n}</code></pre>",
		`<thead><tr><th scope="col" class="align-left">Band</th><th scope="col" class="align-center">Set</th><th scope="col" class="align-right">Decibels</th><th scope="col">Notes</th></tr></thead>`,
		`<tr><td class="align-left">The &lt;Loud&gt; &amp; Co</td><td class="align-center">1</td><td class="align-right">110</td><td><em>encore</em></td></tr>`,
		"<hr/>",
	)
	contains(t, "links", rock,
		`<a href="#the-stage">the stage</a>`,
		`<a href="a003-specs.xhtml#power-budget">specs</a>`,
		`A bad link.`,
	)
	lacks(t, "links", rock, "javascript:")
	contains(t, "footnotes", rock,
		`<sup><a id="fnref-1" href="#fn-1" epub:type="noteref" role="doc-noteref">1</a></sup>`,
		`<sup><a id="fnref-1-2" href="#fn-1" epub:type="noteref" role="doc-noteref">1</a></sup>`,
		`<sup><a id="fnref-2" href="#fn-2" epub:type="noteref" role="doc-noteref">2</a></sup>`,
		`<section class="footnotes" epub:type="footnotes" aria-label="Notes">`,
		`<aside id="fn-1" class="footnote" epub:type="footnote" role="doc-footnote">`+"\n"+
			`<p><a href="#fnref-1" class="note-number" role="doc-backlink">1.</a> Very loud &amp; very late.</p>`,
		`<a href="#fnref-2" class="note-number" role="doc-backlink">2.</a> A second note with <a href="https://example.net/">a link</a></p>`+"\n<p>and a second paragraph.</p>",
	)
	contains(t, "attribution", rock,
		`<p class="attribution">First published by Harbour Gazette at <a href="https://example.org/news/rock?x=1&amp;y=2">https://example.org/news/rock?x=1&amp;y=2</a>. © 2020 Harbour Gazette. Licence: CC BY-SA 4.0.</p>`)

	// The specs article links back to the rock article by its id.
	contains(t, "specs", files[specsName], `<a href="a001-rock-and-roll.xhtml#a001-rock-and-roll">the rock article</a>`, "and nowhere.")

	// Links that cannot be followed are reported, not followed.
	var codes []string
	for _, d := range diags {
		if d.Severity != model.Warning {
			t.Errorf("diagnostic %v is not a warning", d.Error())
		}
		codes = append(codes, d.Code+" "+d.File)
	}
	for _, want := range []string{"broken-link articles/rock-roll.md", "broken-link articles/tech/specs.md", "bad-image articles/rock-roll.md"} {
		if !slices.Contains(codes, want) {
			t.Errorf("no %s warning; got %v", want, codes)
		}
	}
}

func TestRightToLeft(t *testing.T) {
	ed, fsys := testEdition(t)
	data, _ := renderBook(t, ed, fsys, nil)
	files, _ := entries(t, data)
	contains(t, "arabic article", files[arabName],
		`<article id="a002-arabic" class="article" lang="ar" xml:lang="ar" dir="rtl">`,
		`<h1>مرفأ في الليل</h1>`)
	contains(t, "nav", files[navName], `<a href="xhtml/a002-arabic.xhtml" lang="ar" xml:lang="ar" dir="rtl">مرفأ في الليل</a>`)

	// An edition in a right-to-left language turns the whole book.
	ed.Language = "he"
	data, _ = renderBook(t, ed, fsys, nil)
	files, _ = entries(t, data)
	contains(t, "package", files[opfName], `<spine toc="ncx" page-progression-direction="rtl">`, `<dc:language>he</dc:language>`)
	contains(t, "title page", files["EPUB/xhtml/title.xhtml"], `lang="he" xml:lang="he" dir="rtl">`)
}

func TestFigures(t *testing.T) {
	ed, fsys := testEdition(t)
	data, diags := renderBook(t, ed, fsys, nil)
	files, _ := entries(t, data)
	rock := files[rockName]
	contains(t, "figures", rock,
		// Caption and credit, set apart, inside figcaption.
		"<figure id=\"harbour\" class=\"figure\">\n"+
			`<img src="../images/harbour.jpg" alt="Boats in the harbour at night"/>`+"\n"+
			`<figcaption><span class="caption">The harbour at <em>night</em> &amp; the boats</span> <span class="credit">Photo: Sam Roe</span></figcaption>`,
		// SVG stays SVG, referenced with <img>; its caption describes it,
		// so the alt text is empty rather than a repeat of the caption.
		`<img src="../images/diagram.svg" alt=""/>`+"\n"+`<figcaption><span class="caption">A red dot, as a diagram</span>`,
		// No picture: a note that says so, caption and credit.
		"<figure id=\"lost\" class=\"figure no-picture\">\n"+
			`<p class="missing">(picture not included)</p>`+"\n"+
			`<figcaption><span class="caption">A photo the scraper lost</span> <span class="credit">Credit: AP</span></figcaption>`+"\n</figure>",
		"<figure id=\"remote\" class=\"figure no-picture\">\n<p class=\"missing\">(picture not included)</p>\n<figcaption>",
		"<figure id=\"broken\" class=\"figure no-picture\">\n<p class=\"missing\">(picture not included)</p>\n<figcaption>",
		// No caption, no alt: "Picture".
		`<img src="../images/chart.png" alt="Picture"/>`,
	)
	contains(t, "arabic", files[arabName], `<img src="../images/harbour.jpg" alt=""/>`)
	contains(t, "specs", files[specsName], `<img src="../images/pixel.png" alt=""/>`)

	// Every img has an alt attribute (empty where the caption describes
	// the picture), and nothing refers to a remote resource.
	imgRe := regexp.MustCompile(`<img [^>]*>`)
	altRe := regexp.MustCompile(`\balt="[^"]*"`)
	for name, content := range files {
		for _, tag := range imgRe.FindAllString(content, -1) {
			if !altRe.MatchString(tag) {
				t.Errorf("%s: %s has no alt text", name, tag)
			}
		}
		if regexp.MustCompile(`(src|xlink:href)="(https?:)?//`).MatchString(content) || strings.Contains(content, "url(http") || strings.Contains(content, "@import") {
			t.Errorf("%s refers to a remote resource", name)
		}
	}
	opf := files[opfName]
	// Pictures are shared: one manifest item per picture, whatever uses it.
	if n := strings.Count(opf, `href="images/harbour.jpg"`); n != 1 {
		t.Errorf("harbour.jpg is in the manifest %d times, want once", n)
	}
	contains(t, "manifest", opf,
		`<item id="img-harbour" href="images/harbour.jpg" media-type="image/jpeg"/>`,
		`<item id="img-diagram" href="images/diagram.svg" media-type="image/svg+xml"/>`,
		`<item id="img-chart" href="images/chart.png" media-type="image/png"/>`,
		`<item id="img-spinner" href="images/spinner.gif" media-type="image/gif"/>`,
		`<item id="img-pixel" href="images/pixel.png" media-type="image/png"/>`,
	)
	// The unreadable picture is reported once, with where it is used.
	n := 0
	for _, d := range diags {
		if d.Code == "bad-image" {
			n++
			if d.File != "articles/rock-roll.md" || d.Line != 28 || !strings.Contains(d.Msg, "images/broken.jpg") {
				t.Errorf("bad-image warning %q at %s:%d", d.Msg, d.File, d.Line)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d bad-image warnings, want 1", n)
	}
}

func TestNavigation(t *testing.T) {
	ed, fsys := testEdition(t)
	data, _ := renderBook(t, ed, fsys, builtinLayout(t, "ereader"))
	files, _ := entries(t, data)
	want := []string{
		"World & <Politics> → xhtml/s01.xhtml",
		"  Rock & Roll <Live> \"at\" the harbour → xhtml/a001-rock-and-roll.xhtml",
		"    The stage & the crowd → xhtml/a001-rock-and-roll.xhtml#the-stage",
		"      Lists → xhtml/a001-rock-and-roll.xhtml#lists",
		"  مرفأ في الليل → xhtml/a002-arabic.xhtml",
		"Technology → xhtml/s03.xhtml",
		"  Specs: <power> & sound → xhtml/a003-specs.xhtml",
		"    Power budget → xhtml/a003-specs.xhtml#power-budget",
		"Sources and credits → xhtml/credits.xhtml",
	}
	if got := navTree(t, files[navName]); !slices.Equal(got, want) {
		t.Errorf("nav.xhtml lists\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := ncxTree(t, files[ncxName]); !slices.Equal(got, want) {
		t.Errorf("toc.ncx lists\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	contains(t, "ncx", files[ncxName], `<meta name="dtb:uid" content="`+ed.Identifier+`"/>`, `playOrder="6"`)
	contains(t, "landmarks", files[navName], `<a epub:type="cover" href="xhtml/cover.xhtml">`, `<a epub:type="bodymatter" href="xhtml/s01.xhtml">`)
	// The empty section has no page.
	if _, ok := files["EPUB/xhtml/s02.xhtml"]; ok {
		t.Errorf("the empty section has a page")
	}
	if got := spine(t, files[opfName]); !slices.Equal(got, []string{"cover", "title", "nav", "s01", "a001-rock-and-roll", "a002-arabic", "s03", "a003-specs", "credits"}) {
		t.Errorf("spine is %v", got)
	}
}

func TestSingleSection(t *testing.T) {
	ed := singleSection()
	data, diags := renderBook(t, ed, nil, builtinLayout(t, "handout"))
	if len(diags) > 0 {
		t.Errorf("warnings: %v", diags)
	}
	files, _ := entries(t, data)
	want := []string{"First → xhtml/a001-first.xhtml", "Second → xhtml/a002-second.xhtml", "Sources and credits → xhtml/credits.xhtml"}
	if got := navTree(t, files[navName]); !slices.Equal(got, want) {
		t.Errorf("nav.xhtml lists %q, want %q", got, want)
	}
	if got := ncxTree(t, files[ncxName]); !slices.Equal(got, want) {
		t.Errorf("toc.ncx lists %q, want %q", got, want)
	}
	lacks(t, "first article", files["EPUB/xhtml/a001-first.xhtml"], `class="kicker"`)
	for name := range files {
		if strings.Contains(name, "s01") {
			t.Errorf("the implicit section has a page: %s", name)
		}
	}
	opf := files[opfName]
	// handout: cover none and no table of contents in the reading order;
	// the drawn cover is still the book's cover image.
	if got := spine(t, opf); !slices.Equal(got, []string{"title", "a001-first", "a002-second", "credits"}) {
		t.Errorf("spine is %v", got)
	}
	if strings.Contains(opf, "<dc:creator") {
		t.Error("an edition with no editor and no publisher has a creator (it must never be its own title)")
	}
	contains(t, "package", opf,
		`<item id="img-cover" href="images/cover.png" media-type="image/png" properties="cover-image"/>`,
		`<meta property="schema:accessMode">textual</meta>`)
	lacks(t, "package", opf, "visual", "alternativeText", "<dc:rights>", "group-position", "calibre:series_index", "<dc:publisher>", `marc:relators`)
}

// navTree lists the entries of nav.xhtml's table of contents as
// "label → href", indented by depth.
func navTree(t *testing.T, nav string) []string {
	t.Helper()
	var doc struct {
		Navs []struct {
			Type string    `xml:"http://www.idpf.org/2007/ops type,attr"`
			OL   navListOL `xml:"ol"`
		} `xml:"body>nav"`
	}
	if err := xml.Unmarshal([]byte(nav), &doc); err != nil {
		t.Fatalf("nav.xhtml: %v", err)
	}
	var out []string
	var walk func(ol navListOL, ind string)
	walk = func(ol navListOL, ind string) {
		for _, li := range ol.LI {
			out = append(out, ind+li.A.Text+" → "+li.A.Href)
			if li.OL != nil {
				walk(*li.OL, ind+"  ")
			}
		}
	}
	for _, n := range doc.Navs {
		if n.Type == "toc" {
			walk(n.OL, "")
		}
	}
	return out
}

type navListOL struct {
	LI []struct {
		A struct {
			Href string `xml:"href,attr"`
			Text string `xml:",chardata"`
		} `xml:"a"`
		OL *navListOL `xml:"ol"`
	} `xml:"li"`
}

type ncxPoint struct {
	Label   string `xml:"navLabel>text"`
	Content struct {
		Src string `xml:"src,attr"`
	} `xml:"content"`
	Children []ncxPoint `xml:"navPoint"`
}

func ncxTree(t *testing.T, ncx string) []string {
	t.Helper()
	var doc struct {
		Points []ncxPoint `xml:"navMap>navPoint"`
	}
	if err := xml.Unmarshal([]byte(ncx), &doc); err != nil {
		t.Fatalf("toc.ncx: %v", err)
	}
	var out []string
	var walk func(ps []ncxPoint, ind string)
	walk = func(ps []ncxPoint, ind string) {
		for _, p := range ps {
			out = append(out, ind+p.Label+" → "+p.Content.Src)
			walk(p.Children, ind+"  ")
		}
	}
	walk(doc.Points, "")
	return out
}

func spine(t *testing.T, opf string) []string {
	t.Helper()
	var doc struct {
		Refs []struct {
			IDRef string `xml:"idref,attr"`
		} `xml:"spine>itemref"`
	}
	if err := xml.Unmarshal([]byte(opf), &doc); err != nil {
		t.Fatalf("package.opf: %v", err)
	}
	var out []string
	for _, r := range doc.Refs {
		out = append(out, r.IDRef)
	}
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestMetadata(t *testing.T) {
	ed, fsys := testEdition(t)
	data, _ := renderBook(t, ed, fsys, builtinLayout(t, "ereader"))
	files, _ := entries(t, data)
	if strings.Contains(files[opfName], `>textual</meta>`) && strings.Contains(files[opfName], "accessModeSufficient\">textual<") {
		t.Error("text alone claimed sufficient for pictures captioned in a few words")
	}
	contains(t, "package", files[opfName],
		`<dc:identifier id="pub-id">urn:uuid:3f1c1d5e-8a1e-5b7e-9c1f-0a1b2c3d4e5f</dc:identifier>`,
		`<dc:title id="pub-title">Corpus &amp; Weekly &lt;Special&gt; — No. 12, `,
		`<dc:title id="pub-subtitle">News &quot;worth&quot; keeping</dc:title>`,
		`<meta refines="#pub-subtitle" property="title-type">subtitle</meta>`,
		`<dc:creator id="pub-creator1">Corpus Review &amp; Sons</dc:creator>`,
		`<dc:contributor id="pub-contributor1">Jane Doe</dc:contributor>`,
		`<meta refines="#pub-contributor1" property="file-as">Doe, Jane</meta>`,
		`<dc:contributor id="pub-contributor2">Ada O&#39;Neil</dc:contributor>`,
		`<meta refines="#pub-contributor2" property="file-as">O&#39;Neil, Ada</meta>`,
		`<dc:contributor id="pub-contributor3">Layla Haddad</dc:contributor>`,
		`<dc:language>en</dc:language>`,
		`<dc:publisher>Corpus Review &amp; Sons</dc:publisher>`,
		`<dc:date>2020-01-03</dc:date>`,
		`<meta property="dcterms:modified">2020-01-05T10:30:00Z</meta>`,
		`<dc:description>Stories from the harbour &amp; beyond. In this issue: Rock &amp; Roll`,
		`<dc:rights>Unless an article states otherwise, articles are reproduced under CC BY 4.0.`,
		`<meta id="pub-series" property="belongs-to-collection">Corpus Weekly</meta>`,
		`<meta refines="#pub-series" property="collection-type">series</meta>`,
		`<meta refines="#pub-series" property="group-position">12</meta>`,
		`<meta name="calibre:series" content="Corpus Weekly"/>`,
		`<meta name="calibre:series_index" content="12"/>`,
		`<meta property="schema:accessMode">textual</meta>`,
		`<meta property="schema:accessMode">visual</meta>`,
		// Some pictures are captioned in a few words only: the text alone
		// is not claimed to be enough.
		`<meta property="schema:accessModeSufficient">textual,visual</meta>`,
		`<meta property="schema:accessibilityFeature">structuralNavigation</meta>`,
		`<meta property="schema:accessibilityFeature">tableOfContents</meta>`,
		`<meta property="schema:accessibilityFeature">readingOrder</meta>`,
		`<meta property="schema:accessibilityHazard">none</meta>`,
		`<meta property="schema:accessibilitySummary">`,
		`<item id="img-cover" href="images/cover.png" media-type="image/png" properties="cover-image"/>`,
		`<meta name="cover" content="img-cover"/>`,
	)
}

func TestCredits(t *testing.T) {
	ed, fsys := testEdition(t)
	data, _ := renderBook(t, ed, fsys, nil)
	files, _ := entries(t, data)
	credits := files["EPUB/xhtml/credits.xhtml"]
	contains(t, "credits", credits,
		`<h1>Sources and credits</h1>`,
		`<p class="entry-title"><a href="a001-rock-and-roll.xhtml#a001-rock-and-roll">Rock &amp; Roll &lt;Live&gt; &quot;at&quot; the harbour</a></p>`,
		`<p><span class="label">By</span> Jane Doe and Ada O&#39;Neil</p>`,
		`<p><span class="label">Source:</span> Harbour Gazette</p>`,
		`<p><span class="label">URL:</span> <a href="https://example.org/news/rock?x=1&amp;y=2" class="url">https://example.org/news/rock?x=1&amp;y=2</a></p>`,
		`<p><span class="label">Licence:</span> CC BY-SA 4.0</p>`,
		`<p><span class="label">Copyright:</span> © 2020 Harbour Gazette</p>`,
		`<li><span class="caption">The harbour at night &amp; the boats</span> — <span class="credit">Photo: Sam Roe</span></li>`,
		`<li><span class="caption">A photo the scraper lost</span> — <span class="credit">Credit: AP</span></li>`,
		`<li><span class="caption">Picture without a caption</span> — <span class="credit no-credit">no credit given</span></li>`,
		`<a href="a002-arabic.xhtml#a002-arabic" lang="ar" xml:lang="ar" dir="rtl">مرفأ في الليل</a>`,
		`<p><span class="label">Licence:</span> CC BY 4.0 (the edition’s default licence)</p>`,
		`<li><span class="caption">A spinner</span> — <span class="credit">GIF: Tech Notes</span></li>`,
	)
	// Every figure with a caption or a credit is listed.
	for _, a := range ed.Articles() {
		for _, f := range a.Figures() {
			if c := strings.TrimSpace(f.Credit); c != "" && !strings.Contains(credits, xmltext.Escape(c)) {
				t.Errorf("credit %q is not on the credits page", c)
			}
		}
	}
}

func TestCoverPicture(t *testing.T) {
	ed, fsys := testEdition(t)
	ed.Cover = img("images/harbour.jpg", "jpeg", 64, 48)
	data, _ := renderBook(t, ed, fsys, builtinLayout(t, "ereader"))
	files, _ := entries(t, data)
	opf := files[opfName]
	contains(t, "package", opf,
		`<item id="img-harbour" href="images/harbour.jpg" media-type="image/jpeg" properties="cover-image"/>`,
		`<meta name="cover" content="img-harbour"/>`)
	lacks(t, "package", opf, "cover.png")
	contains(t, "cover page", files["EPUB/xhtml/cover.xhtml"], `<section class="cover" epub:type="cover">`, `<img src="../images/harbour.jpg" alt="Cover: Corpus &amp; Weekly &lt;Special&gt;`)

	// masthead: drawn even when there is a cover picture.
	lay := builtinLayout(t, "ereader")
	lay.Cover = "masthead"
	data, _ = renderBook(t, ed, fsys, lay)
	files, _ = entries(t, data)
	contains(t, "package", files[opfName], `<item id="img-cover" href="images/cover.png" media-type="image/png" properties="cover-image"/>`)

	// An unreadable cover is reported, and a masthead drawn.
	ed.Cover = img("images/broken.jpg", "jpeg", 10, 10)
	data, diags := renderBook(t, ed, fsys, nil)
	files, _ = entries(t, data)
	contains(t, "package", files[opfName], `href="images/cover.png" media-type="image/png" properties="cover-image"`)
	found := false
	for _, d := range diags {
		found = found || d.Code == "cover"
	}
	if !found {
		t.Errorf("no cover warning for an unreadable cover picture: %v", diags)
	}
}

func TestMasthead(t *testing.T) {
	for _, ed := range []*model.Edition{
		{Title: "Corpus Weekly", Subtitle: "News worth keeping", Publisher: "Corpus Review", Issue: 12, Date: day(2020, 1, 3), Series: "Corpus Weekly"},
		{},
		{Title: strings.Repeat("Supercalifragilisticexpialidocious ", 30), Subtitle: strings.Repeat("long ", 80), Publisher: strings.Repeat("P", 200), Issue: 123456},
		{Title: "مرفأ في الليل", Range: model.DateRange{Since: day(2020, 1, 6), Until: day(2020, 1, 12)}},
	} {
		data, err := drawMasthead(presented(ed))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("the masthead is not a PNG: %v", err)
		}
		if b := img.Bounds(); b.Dx() != mastheadW || b.Dy() != mastheadH {
			t.Errorf("masthead is %v", b)
		}
	}
}

func TestLayoutCSS(t *testing.T) {
	ed, fsys := testEdition(t)
	fsys["layouts/mine.yaml"] = &fstest.MapFile{Data: []byte("extends: ereader\nepub:\n  css: mine.css\n")}
	fsys["layouts/mine.css"] = &fstest.MapFile{Data: []byte("/* mine */ h1 { color: #123; }\n")}
	lay, err := layouts.Load("mine", fsys)
	if err != nil {
		t.Fatal(err)
	}
	data, diags := renderBook(t, ed, fsys, lay)
	files, _ := entries(t, data)
	css := files["EPUB/css/offprint.css"]
	if !strings.HasPrefix(css, string(layouts.BaseCSS())) {
		t.Errorf("the stylesheet does not start with the built-in one")
	}
	contains(t, "stylesheet", css, "/* mine */ h1 { color: #123; }")
	for _, d := range diags {
		if d.Code == "layout-css" {
			t.Errorf("unexpected warning: %v", d.Error())
		}
	}

	// A stylesheet that cannot be read is reported; the book is still made.
	delete(fsys, "layouts/mine.css")
	data, diags = renderBook(t, ed, fsys, lay)
	files, _ = entries(t, data)
	if files["EPUB/css/offprint.css"] != string(layouts.BaseCSS()) {
		t.Errorf("without the layout's stylesheet, the book should have the built-in one alone")
	}
	found := false
	for _, d := range diags {
		found = found || d.Code == "layout-css"
	}
	if !found {
		t.Errorf("no warning for a missing layout stylesheet")
	}
}

// TestReproducible renders the same edition again and at once from
// several goroutines (two with -short): every book must be the same bytes.
func TestReproducible(t *testing.T) {
	ed, fsys := testEdition(t)
	lay := builtinLayout(t, "ereader")
	first, _ := renderBook(t, ed, fsys, lay)
	second, _ := renderBook(t, ed, fsys, lay)
	if !bytes.Equal(first, second) {
		t.Fatalf("two renders of the same edition differ")
	}
	var wg sync.WaitGroup
	n := 6
	if testing.Short() {
		n = 2 // one of each edition at once
	}
	out := make([][]byte, n)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ed, fsys := testEdition(t)
			if i%2 == 1 {
				ed = singleSection()
				fsys = nil
			}
			out[i], _ = renderBook(t, ed, fsys, lay)
		}()
	}
	wg.Wait()
	single, _ := renderBook(t, singleSection(), nil, lay)
	for i, b := range out {
		want := first
		if i%2 == 1 {
			want = single
		}
		if !bytes.Equal(b, want) {
			t.Errorf("concurrent render %d differs", i)
		}
	}

	// A new clock changes the dates, not the identifier.
	ed.Modified = ed.Modified.Add(48 * time.Hour)
	third, _ := renderBook(t, ed, fsys, lay)
	if bytes.Equal(first, third) {
		t.Errorf("a different Modified gave the same bytes")
	}
	a, _ := entries(t, first)
	c, _ := entries(t, third)
	contains(t, "package", c[opfName], `<dc:identifier id="pub-id">`+ed.Identifier+`</dc:identifier>`, "2020-01-07T10:30:00Z")
	if a[rockName] != c[rockName] {
		t.Errorf("article pages changed with the clock")
	}
}

func TestFallbackIdentifier(t *testing.T) {
	ed := singleSection()
	ed.Identifier = ""
	data, _ := renderBook(t, ed, nil, nil)
	files, _ := entries(t, data)
	id := model.StableIdentifier(ed)
	if !regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Errorf("fallback identifier %q is not a name-based UUID", id)
	}
	contains(t, "package", files[opfName], `<dc:identifier id="pub-id">`+id+`</dc:identifier>`)
	if again, _ := renderBook(t, ed, nil, nil); !bytes.Equal(again, data) {
		t.Errorf("the fallback identifier is not stable")
	}
}

func TestRenderErrors(t *testing.T) {
	r := New(Options{})
	err := r.Render(context.Background(), nil, func(string) (io.Writer, error) { return io.Discard, nil })
	if err == nil {
		t.Errorf("rendering no edition succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = r.Render(ctx, presented(singleSection()), func(string) (io.Writer, error) { return io.Discard, nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled render returned %v", err)
	}
	boom := errors.New("disk full")
	err = r.Render(context.Background(), presented(singleSection()), func(string) (io.Writer, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Errorf("an output that cannot be opened gave %v", err)
	}
	// No folder to read pictures from: figures fall back to their captions.
	ed, _ := testEdition(t)
	var buf bytes.Buffer
	var mu sync.Mutex
	n := 0
	r = New(Options{Warn: func(d model.Diagnostic) { mu.Lock(); n++; mu.Unlock() }})
	if err := r.Render(context.Background(), presented(ed), func(string) (io.Writer, error) { return &buf, nil }); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Errorf("no warnings for pictures without a folder")
	}
}

// Links between articles, written as the importers write them (a relative
// file path with a heading, a site path, a wikilink), lead to the page and
// anchor where their target ended up.
func TestLinksBetweenArticles(t *testing.T) {
	ed := singleSection()
	first, second := ed.Sections[0].Articles[0], ed.Sections[0].Articles[1]
	first.File, second.File = "articles/first.md", "articles/second/index.md"
	second.URL = "https://example.com/second/"
	second.Blocks = append(second.Blocks, &model.Heading{Level: 2, ID: "tools", Spans: []model.Span{tx("Tools")}})
	first.Blocks = append(first.Blocks, para(
		ln("by path", "second/index.md#tools"), tx(" "),
		ln("by site path", "/second/"), tx(" "),
		ln("by wikilink", "wikilink:Second#Tools"), tx(" "),
		ln("in page", "#a001-first"), tx(" "),
		ln("nowhere", "tel:+441234")))
	data, diags := renderBook(t, ed, nil, nil)
	files, _ := entries(t, data)
	contains(t, "first page", files["EPUB/xhtml/a001-first.xhtml"],
		`<a href="a002-second.xhtml#tools">by path</a>`,
		`<a href="a002-second.xhtml#a002-second">by site path</a>`,
		`<a href="a002-second.xhtml#tools">by wikilink</a>`,
		`<a href="#a001-first">in page</a>`,
		` nowhere</p>`)
	if len(diags) != 1 || diags[0].Code != "broken-link" || !strings.Contains(diags[0].Msg, "tel:+441234") {
		t.Errorf("warnings: %v, want one broken-link for the tel: link", diags)
	}
}

// The OPF carries the five schema.org accessibility properties, and the
// conformance claim with its certifier only when the edition makes it.
func TestAccessibilityClaim(t *testing.T) {
	for _, claim := range []bool{false, true} {
		ed := singleSection()
		ed.Publisher, ed.Conforms = "Harbour Press", claim
		data, _ := renderBook(t, ed, nil, nil)
		files, _ := entries(t, data)
		opf := files[opfName]
		contains(t, "package", opf,
			`<meta property="schema:accessMode">textual</meta>`,
			`<meta property="schema:accessModeSufficient">textual</meta>`,
			`<meta property="schema:accessibilityFeature">tableOfContents</meta>`,
			`<meta property="schema:accessibilityHazard">none</meta>`,
			`<meta property="schema:accessibilitySummary">This publication`)
		conforms := `<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>` + "\n" +
			`    <meta property="a11y:certifiedBy">Harbour Press</meta>`
		if strings.Contains(opf, conforms) != claim {
			t.Errorf("claim %v: package has conformance %v", claim, !claim)
		}
	}
}
