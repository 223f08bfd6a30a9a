package importer

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"

	"github.com/offprint/offprint/packager/model"
)

// HTML imports saved web pages (.html, .htm), with or without the _files
// folder a browser saves next to them. The article is extracted as a
// reader mode does (go-readability): its title, byline, date, site,
// language, canonical address, licence and copyright where the page
// states them. What is left is sanitised (no scripts, event handlers,
// script URLs, frames, objects, forms or tracking pixels) and turned into
// blocks by the same converter the Markdown importer uses for raw HTML;
// figures keep their captions, with credits set apart.
//
// Pictures resolve to files next to the page: the src, the largest
// srcset candidate, lazy-loading attributes (data-src, data-srcset,
// data-original) and <picture> sources are weighed, and a candidate that
// exists in Files wins. A picture that exists only online keeps its
// address (the packager warns about it and never fetches it).
type HTML struct {
	// Files is the folder the page's relative references resolve
	// against (the edition folder; the page's path is relative to it).
	// The importer only asks whether a picture's candidate file exists
	// there; it never opens one. With Files nil, local references are
	// preferred by their form.
	Files fs.FS
}

// Limits beyond which a page is converted without reader-mode
// extraction: its body is used whole, without navigation, headers,
// footers and asides.
const (
	maxReaderElements = 150000
	maxReaderDepth    = 400
)

// Import reads a saved web page.
func (h HTML) Import(file string, src []byte) (*model.Article, []model.Diagnostic, error) {
	text, diags := decodeHTML(file, src)
	a := &model.Article{File: file}
	c := newMDConv(file, nil, 0)

	doc, err := html.Parse(strings.NewReader(text))
	if err != nil || !readable(doc) {
		// Too big or too deep to extract safely: the page's text.
		c.diags = append(c.diags, model.Warnf("html-extract", file, 0, "the page is too large or too deeply nested for reader-mode extraction; all of its text is kept").
			WithHint("check the article for navigation and other text around the story"))
		clean := fallbackPolicy().Sanitize(text)
		a.Blocks = htmlDocBlocks(c, clean, nil)
		c.finishHeadings(a)
		a.Title = fileTitle(file)
		return a, append(diags, c.diags...), nil
	}

	meta := readPageMeta(doc, text)
	markLines(doc, text)
	prepareDoc(doc)
	lead := leadFigure(doc, meta.image)

	p := readability.NewParser()
	p.ClassesToPreserve = append(p.ClassesToPreserve, creditClass)
	art, err := p.ParseAndMutate(doc, nil)
	var content *html.Node
	if err == nil && art.Node != nil {
		content = art.Node
	} else {
		// Nothing readable: what is left of the body.
		content = findElement(doc, "body")
	}
	var images []string
	if content != nil {
		keepLead(content, lead)
		images = resolveImages(content, file, h.Files, meta.url)
		var b bytes.Buffer
		if err := html.Render(&b, content); err == nil {
			a.Blocks = htmlDocBlocks(c, contentPolicy().Sanitize(b.String()), images)
		}
	}
	c.finishHeadings(a)
	meta.fromReader(art)
	meta.apply(a)
	diags = append(diags, c.diags...)
	diags = tidyArticle(a, meta, diags)
	h.leadImage(a, file, meta)
	if a.Title == "" {
		a.Title = fileTitle(file)
		diags = append(diags, model.Warnf("html-title", file, 0, "the page has no title; the file's name is used").
			WithHint("convert it with offprint import and set the title in its front matter"))
	}
	return a, diags, nil
}

// readable reports whether a parsed page is small and shallow enough for
// reader-mode extraction.
func readable(doc *html.Node) bool {
	n, depth := 0, 0
	for node := doc; node != nil; {
		if node.Type == html.ElementNode {
			n++
		}
		if n > maxReaderElements || depth > maxReaderDepth {
			return false
		}
		switch {
		case node.FirstChild != nil:
			node = node.FirstChild
			depth++
		default:
			for node != nil && node.NextSibling == nil {
				node = node.Parent
				depth--
			}
			if node != nil {
				node = node.NextSibling
			}
		}
	}
	return true
}

// walk visits every node under root in document order, without
// recursion. visit returns false to skip a node's children.
func walk(root *html.Node, visit func(*html.Node) bool) {
	if root == nil {
		return
	}
	node := root
	for {
		if visit(node) && node.FirstChild != nil {
			node = node.FirstChild
			continue
		}
		for node != root && node.NextSibling == nil {
			node = node.Parent
		}
		if node == root {
			return
		}
		node = node.NextSibling
	}
}

// findElement returns the first element called name under root.
func findElement(root *html.Node, name string) *html.Node {
	var found *html.Node
	walk(root, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if n.Type == html.ElementNode && n.Data == name {
			found = n
			return false
		}
		return true
	})
	return found
}

// decodeHTML returns a page as UTF-8 text: its byte order mark or
// <meta charset> is honoured; undeclared pages are read as UTF-8 when
// they are valid UTF-8, else as Windows-1252.
func decodeHTML(file string, src []byte) (string, []model.Diagnostic) {
	var diags []model.Diagnostic
	enc, name, certain := charset.DetermineEncoding(src, "")
	if !certain && name != "utf-8" && utf8.Valid(src) {
		// Undeclared, or declared in a legacy encoding but valid UTF-8
		// all the same (pages saved by browsers that re-encode them):
		// text in a legacy encoding is hardly ever valid UTF-8.
		enc, name = nil, "utf-8"
	}
	var b []byte
	switch {
	case enc == nil || name == "utf-8":
		b = bytes.TrimPrefix(src, []byte("\ufeff"))
		var line int
		if b, line = repairUTF8(b); line > 0 {
			diags = append(diags, model.Warnf("encoding", file, line, "the page says it is UTF-8 but is not; bad bytes are shown as �").
				WithHint("save the page again from the browser"))
		}
	default:
		out, err := enc.NewDecoder().Bytes(src)
		if err != nil {
			out, _ = charmap.Windows1252.NewDecoder().Bytes(src)
		}
		b = bytes.TrimPrefix(out, []byte("\ufeff"))
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	if bytes.IndexByte(b, 0) >= 0 {
		b = bytes.ReplaceAll(b, []byte{0}, []byte("\uFFFD"))
	}
	return string(b), diags
}

// repairUTF8 returns b with every byte that is not valid UTF-8 replaced
// by U+FFFD, and the 1-based line of the first such byte (0 when b was
// valid, and is returned as it was).
func repairUTF8(b []byte) ([]byte, int) {
	if utf8.Valid(b) {
		return b, 0
	}
	first := len(b)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			first = i
			break
		}
		i += n
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD")), 1 + bytes.Count(b[:first], []byte("\n"))
}

// fileTitle makes a title of a file's name.
func fileTitle(file string) string {
	if isBundleIndex(file) {
		return titleFromPath(file) // the bundle folder's name
	}
	base := strings.TrimSuffix(path.Base(file), path.Ext(file))
	return strings.TrimSpace(strings.NewReplacer("_", " ", "-", " ").Replace(base))
}

// creditClass marks picture credits inside figures before extraction, so
// that readability neither takes them for the article's byline nor drops
// their class.
const creditClass = "offprint-credit"

var (
	contentPolicyOnce, fallbackPolicyOnce sync.Once
	contentPol, fallbackPol               *bluemonday.Policy
)

// contentPolicy is the sanitiser for extracted articles: text structure,
// links to web and mail addresses, pictures by their resolved index, and
// figure credits; nothing that runs, embeds or submits.
func contentPolicy() *bluemonday.Policy {
	contentPolicyOnce.Do(func() { contentPol = newPolicy() })
	return contentPol
}

// fallbackPolicy is contentPolicy that also drops navigation, headers,
// footers and asides with their content, for pages read without
// extraction.
func fallbackPolicy() *bluemonday.Policy {
	fallbackPolicyOnce.Do(func() {
		fallbackPol = newPolicy()
		fallbackPol.SkipElementsContent("header", "footer", "aside", "menu")
	})
	return fallbackPol
}

func newPolicy() *bluemonday.Policy {
	number := regexp.MustCompile(`^[0-9]{1,9}$`)
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "h1", "h2", "h3", "h4", "h5", "h6",
		"em", "i", "strong", "b", "s", "del", "strike", "code", "kbd", "samp", "tt",
		"sup", "sub", "cite", "dfn", "var", "span", "div", "section", "article", "main",
		"figure", "figcaption", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
		"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "pre", "hr",
		"address", "details", "summary", "small", "mark", "q", "abbr", "time")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("alt", "title").OnElements("img")
	p.AllowAttrs("data-offprint-img").Matching(number).OnElements("img")
	p.AllowAttrs("data-offprint-line").Matching(number).OnElements("img", "figure")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^`+creditClass+`$`)).OnElements("span", "div", "p", "small", "cite", "em", "i", "b", "strong")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(language|lang)-[A-Za-z0-9_+#.-]{1,40}$`)).OnElements("code", "pre")
	p.AllowAttrs("start").Matching(number).OnElements("ol")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(?i)(left|center|right)$`)).OnElements("td", "th")
	p.RequireParseableURLs(true)
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.SkipElementsContent("script", "style", "iframe", "frame", "frameset", "object", "embed",
		"applet", "noscript", "template", "form", "button", "select", "textarea", "option",
		"datalist", "svg", "canvas", "audio", "video", "nav", "dialog", "head", "title")
	return p
}
