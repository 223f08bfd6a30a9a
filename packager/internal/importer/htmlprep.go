package importer

import (
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// markLines gives every <img> and <figure> of a parsed page the line it
// starts on in text (data-offprint-line), so that figures can name their
// line. The tokenizer and the parser meet these elements in the same
// order; when their counts differ nothing is marked.
func markLines(doc *html.Node, text string) {
	var lines []int
	z := html.NewTokenizer(strings.NewReader(text))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			name, _ := z.TagName()
			if a := atom.Lookup(name); a == atom.Img || a == atom.Figure || a == atom.Image {
				lines = append(lines, line)
			}
		}
		line += strings.Count(string(raw), "\n")
	}
	var nodes []*html.Node
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && (n.Data == "img" || n.Data == "figure" || n.Data == "image") {
			nodes = append(nodes, n)
		}
		return true
	})
	if len(nodes) != len(lines) {
		return
	}
	for i, n := range nodes {
		setAttr(n, "data-offprint-line", strconv.Itoa(lines[i]))
	}
}

var (
	rxCreditName  = regexp.MustCompile(`(?i)credit|byline|copyright|photographer|author|source|attribution`)
	rxCaptionName = regexp.MustCompile(`(?i)(^|[-_ ])(wp-caption-text|caption|image-caption|photo-caption|media-caption|img-caption|cutline)([-_ ]|$)|caption`)
	creditLabels  = map[string]bool{"credit": true, "credits": true, "photo": true, "photograph": true, "image": true, "illustration": true, "photo credit": true, "image credit": true, "foto": true}
)

// prepareDoc readies a page for extraction: credits inside figures are
// marked with creditClass (so that readability does not take them for the
// article's byline), a credit label element ("Credit" set apart by
// styling) gets its colon, pictures followed by a caption element become
// <figure>s, and tracking pixels are removed.
func prepareDoc(doc *html.Node) {
	var imgs, captions, comments, figs []*html.Node
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.Data {
		case "head", "script", "style", "template":
			return false
		case "img":
			imgs = append(imgs, n)
		case "figure", "figcaption":
		case "html", "body", "main", "article":
		default:
			if isCommentSection(n) {
				comments = append(comments, n)
				return false
			}
			if rxCaptionName.MatchString(getAttr(n, "class")) || strings.EqualFold(getAttr(n, "itemprop"), "caption") {
				captions = append(captions, n)
			}
		}
		return true
	})
	for _, img := range imgs {
		if (isTracker(img) || isIcon(img)) && img.Parent != nil {
			img.Parent.RemoveChild(img)
		}
	}
	for _, c := range comments {
		if c.Parent != nil {
			c.Parent.RemoveChild(c)
		}
	}
	for _, c := range captions {
		wrapCaption(c)
	}
	// The figures, with those made of captions.
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.Data == "figure" {
			figs = append(figs, n)
		}
		return true
	})
	for _, f := range figs {
		markCredits(f)
	}
}

// markCredits marks the credit elements inside a figure.
func markCredits(fig *html.Node) {
	walk(fig, func(n *html.Node) bool {
		if n == fig || n.Type != html.ElementNode {
			return true
		}
		names := getAttr(n, "class") + " " + getAttr(n, "id") + " " + getAttr(n, "itemprop") + " " + getAttr(n, "rel")
		if n.Data != "img" && n.Data != "figcaption" && rxCreditName.MatchString(names) {
			removeAttrs(n, func(k string) bool { return k != "class" && k != "id" && k != "itemprop" && k != "rel" })
			setAttr(n, "class", creditClass)
			labelCredit(n)
			// Inside the credit, one label ("Credit") is enough.
			var labels []*html.Node
			walk(n, func(x *html.Node) bool {
				if x != n && x.Type == html.ElementNode && creditLabels[strings.ToLower(collapseSpace(textOf(x)))] {
					labels = append(labels, x)
					return false
				}
				return true
			})
			for i, l := range labels {
				switch {
				case i > 0 && l.Parent != nil:
					l.Parent.RemoveChild(l)
				default:
					labelCredit(l)
				}
			}
			return false
		}
		labelCredit(n)
		return true
	})
}

// labelCredit gives a lone credit label ("Credit", shown apart by the
// page's styles) its colon and a space before it, so that the credit
// after it is recognised in the caption's text.
func labelCredit(n *html.Node) {
	if n.NextSibling == nil {
		return
	}
	t := strings.ToLower(collapseSpace(textOf(n)))
	if !creditLabels[t] {
		return
	}
	if last := n.LastChild; last != nil && last.Type == html.TextNode {
		last.Data = strings.TrimRight(last.Data, " ") + ": "
	} else {
		n.AppendChild(&html.Node{Type: html.TextNode, Data: ": "})
	}
	if n.Parent != nil {
		n.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: " "}, n)
	}
}

// wrapCaption turns a picture and the caption element after it into a
// <figure> with its <figcaption>, when they are not in a figure already.
func wrapCaption(c *html.Node) {
	for p := c.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && (p.Data == "figure" || p.Data == "figcaption") {
			return
		}
	}
	if len(collapseSpace(textOf(c))) > 600 || findElement(c, "img") != nil {
		return
	}
	prev := c.PrevSibling
	for prev != nil && prev.Type != html.ElementNode {
		if prev.Type == html.TextNode && strings.TrimSpace(prev.Data) != "" {
			return
		}
		prev = prev.PrevSibling
	}
	if prev == nil || c.Parent == nil {
		return
	}
	n := 0
	walk(prev, func(x *html.Node) bool {
		if x.Type == html.ElementNode && x.Data == "img" {
			n++
		}
		return true
	})
	if n != 1 || len(collapseSpace(textOf(prev))) > 40 {
		return
	}
	parent := c.Parent
	fig := &html.Node{Type: html.ElementNode, Data: "figure", DataAtom: atom.Figure}
	parent.InsertBefore(fig, prev)
	parent.RemoveChild(prev)
	parent.RemoveChild(c)
	fig.AppendChild(prev)
	fig.AppendChild(c)
	c.Data, c.DataAtom = "figcaption", atom.Figcaption
}

var (
	rxTrackerURL = regexp.MustCompile(`(?i)(doubleclick\.net|google-analytics\.com|googletagmanager\.com|googlesyndication\.com|facebook\.com/tr|scorecardresearch\.com|quantserve\.com|chartbeat\.(com|net)|omtrdc\.net|2o7\.net|pixel\.wp\.com|stats\.wp\.com|amazon-adsystem\.com|adsrvr\.org|bat\.bing\.com|ads\.linkedin\.com|t\.co/i/adsct|analytics\.twitter\.com|pixel\.quantserve|krxd\.net|bluekai\.com|adnxs\.com|criteo\.(com|net)|taboola\.com|outbrain\.com|hotjar\.com|mathtag\.com|demdex\.net|everesttech\.net|moatads\.com|imrworldwide\.com|parsely\.com/plogger|sb\.scorecardresearch|/(pixel|beacon|tracker|tracking|track|collect|impression|imp|log|hit|ping)(\.gif|\.png|\.php|/|\?|$)|[/_.-](1x1|spacer|pixel|beacon|tracking)\.(gif|png)|[?&](utm_|pixel=))`)
	rxStyleTiny  = regexp.MustCompile(`(?i)(^|;)\s*(width\s*:\s*[01]px|height\s*:\s*[01]px|display\s*:\s*none|visibility\s*:\s*hidden)`)
)

// isTracker reports whether an <img> is a tracking pixel: 1×1 or no size
// at all, hidden, or from a known beacon address.
func isTracker(img *html.Node) bool {
	small := func(k string) bool {
		v, ok := "", false
		for _, a := range img.Attr {
			if a.Key == k {
				v, ok = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(a.Val), "px")), true
			}
		}
		if !ok {
			return false
		}
		n, err := strconv.Atoi(v)
		return err == nil && n <= 1
	}
	if small("width") && small("height") || small("width") && getAttr(img, "width") == "0" || small("height") && getAttr(img, "height") == "0" {
		return true
	}
	if rxStyleTiny.MatchString(getAttr(img, "style")) {
		return true
	}
	for _, k := range []string{"src", "data-src", "data-original", "data-lazy-src"} {
		if v := getAttr(img, k); v != "" && rxTrackerURL.MatchString(v) {
			return true
		}
	}
	return false
}

// leadFigure returns a copy of the page's lead figure, taken before
// extraction, which often leaves it out: the first <figure> that shows
// the page's lead picture (og:image), else the first figure of the
// <article> that comes before its text.
func leadFigure(doc *html.Node, image string) *html.Node {
	base := imageBase(image)
	var byImage, first *html.Node
	inArticle := 0
	textSeen := false
	walk(doc, func(n *html.Node) bool {
		if byImage != nil || n.Type != html.ElementNode {
			return n.Type == html.ElementNode || n.Type == html.DocumentNode
		}
		switch n.Data {
		case "script", "style", "head", "nav", "aside", "footer", "template":
			return false
		case "article":
			inArticle++
		case "p":
			if inArticle > 0 && len(collapseSpace(textOf(n))) > 80 {
				textSeen = true
			}
		case "figure":
			if findElement(n, "img") == nil {
				return false
			}
			if base != "" && figureShows(n, base) {
				byImage = n
			} else if first == nil && inArticle > 0 && !textSeen {
				first = n
			}
			return false
		}
		return true
	})
	switch {
	case byImage != nil:
		return cloneNode(byImage)
	case first != nil:
		return cloneNode(first)
	}
	return nil
}

// figureShows reports whether a figure's picture has a candidate file
// called base.
func figureShows(fig *html.Node, base string) bool {
	found := false
	walk(fig, func(n *html.Node) bool {
		if found || n.Type != html.ElementNode {
			return !found
		}
		for _, a := range n.Attr {
			switch a.Key {
			case "src", "srcset", "data-src", "data-srcset", "data-original", "data-lazy-src":
				for _, c := range parseSrcset(a.Val) {
					if imageBase(c.ref) == base {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// keepLead puts the lead figure at the top of extracted content when
// the content does not show its picture already.
func keepLead(content, lead *html.Node) {
	if lead == nil {
		return
	}
	var bases []string
	walk(lead, func(n *html.Node) bool {
		if n.Type == html.ElementNode && (n.Data == "img" || n.Data == "source") {
			for _, k := range []string{"src", "srcset", "data-src", "data-srcset", "data-original"} {
				for _, c := range parseSrcset(getAttr(n, k)) {
					bases = append(bases, imageBase(c.ref))
				}
			}
		}
		return true
	})
	shown := false
	walk(content, func(n *html.Node) bool {
		if shown {
			return false
		}
		if n.Type == html.ElementNode && (n.Data == "img" || n.Data == "source") {
			for _, k := range []string{"src", "srcset", "data-src", "data-srcset", "data-original"} {
				for _, c := range parseSrcset(getAttr(n, k)) {
					for _, b := range bases {
						if b != "" && imageBase(c.ref) == b {
							shown = true
						}
					}
				}
			}
		}
		return !shown
	})
	if shown {
		return
	}
	target := content
	if c := firstElementChild(content); c != nil && c.Data == "div" && getAttr(c, "id") == "readability-page-1" {
		target = c
	}
	target.InsertBefore(lead, target.FirstChild)
}

func firstElementChild(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// cloneNode copies a node and its descendants.
func cloneNode(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace, Attr: append([]html.Attribute(nil), n.Attr...)}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(cloneNode(ch))
	}
	return c
}

// commentNames are the ids and class names of readers' comment sections.
var commentNames = map[string]bool{
	"comments": true, "comment-list": true, "commentlist": true, "comments-area": true,
	"comments-section": true, "comment-section": true, "comment-respond": true, "respond": true,
	"disqus_thread": true, "disqus": true, "comments-container": true, "article-comments": true,
	"user-comments": true, "reader-comments": true, "fb-comments": true, "comment-form": true,
}

// isCommentSection reports whether an element holds readers' comments
// (by its id or a class name, or its schema.org item type).
func isCommentSection(n *html.Node) bool {
	if commentNames[strings.ToLower(getAttr(n, "id"))] {
		return true
	}
	for _, c := range strings.Fields(strings.ToLower(getAttr(n, "class"))) {
		if commentNames[c] {
			return true
		}
	}
	return strings.Contains(getAttr(n, "itemtype"), "schema.org/Comment")
}

// isIcon reports whether an <img> outside a figure is an icon or a
// portrait thumbnail (its declared size is 100 pixels or less both ways).
func isIcon(img *html.Node) bool {
	for p := img.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "figure" {
			return false
		}
	}
	w, errW := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(getAttr(img, "width")), "px"))
	h, errH := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(getAttr(img, "height")), "px"))
	return errW == nil && errH == nil && w <= 100 && h <= 100
}

// imgCandidate is one address a picture may be loaded from.
type imgCandidate struct {
	ref   string
	width float64 // from a srcset descriptor (w, or x × 1000); 0 unknown
	order int
}

var rxPlaceholder = regexp.MustCompile(`(?i)(placeholder|blank|spacer|transparent|lazy|loading|loader|grey|gray|pixel|1x1|dummy|empty|default)[^/]*\.(gif|png|svg|jpe?g|webp)$`)

// lazyAttrs hold a picture's real address on pages that load pictures
// with scripts.
var lazyAttrs = []string{"data-src", "data-original", "data-lazy-src", "data-hi-res-src", "data-full-src", "data-url", "data-lazy"}
var lazySetAttrs = []string{"data-srcset", "data-lazy-srcset"}

// resolveImages chooses an address for every picture of extracted
// content, replacing <picture> elements by their <img>. Each <img> keeps
// its alt text, title and line and gets data-offprint-img, its index in
// the returned addresses; pictures with no usable address are removed.
func resolveImages(root *html.Node, file string, files fs.FS, pageURL string) []string {
	var pictures, imgs []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "picture":
				pictures = append(pictures, n)
			case "img":
				imgs = append(imgs, n)
			}
		}
		return true
	})
	extra := map[*html.Node][]imgCandidate{}
	for _, p := range pictures {
		var img *html.Node
		var cands []imgCandidate
		walk(p, func(n *html.Node) bool {
			if n.Type != html.ElementNode {
				return true
			}
			switch n.Data {
			case "img":
				if img == nil {
					img = n
				}
			case "source":
				for _, k := range append([]string{"srcset"}, lazySetAttrs...) {
					cands = append(cands, parseSrcset(getAttr(n, k))...)
				}
				if v := strings.TrimSpace(getAttr(n, "src")); v != "" {
					cands = append(cands, imgCandidate{ref: v})
				}
			}
			return true
		})
		if p.Parent == nil {
			continue
		}
		if img != nil {
			img.Parent.RemoveChild(img)
			p.Parent.InsertBefore(img, p)
			extra[img] = cands
		}
		p.Parent.RemoveChild(p)
	}
	var out []string
	dir := path.Dir(file)
	for _, img := range imgs {
		if img.Parent == nil {
			continue
		}
		ref := chooseImage(img, extra[img], dir, files, pageURL)
		if ref == "" || isTracker(img) {
			img.Parent.RemoveChild(img)
			continue
		}
		removeAttrs(img, func(k string) bool {
			return k == "alt" || k == "title" || k == "data-offprint-line"
		})
		setAttr(img, "data-offprint-img", strconv.Itoa(len(out)))
		out = append(out, ref)
	}
	return out
}

// chooseImage picks a picture's address among its candidates: a file
// next to the page that exists beats a remote address, which beats a
// local file that is missing; among equals the largest wins, then the
// first. Placeholders of lazy-loaded pictures and data: addresses are
// never chosen.
func chooseImage(img *html.Node, extra []imgCandidate, dir string, files fs.FS, pageURL string) string {
	var cands []imgCandidate
	lazy := false
	for _, k := range lazyAttrs {
		if v := strings.TrimSpace(getAttr(img, k)); v != "" {
			cands = append(cands, imgCandidate{ref: v})
			lazy = true
		}
	}
	for _, k := range lazySetAttrs {
		if c := parseSrcset(getAttr(img, k)); len(c) > 0 {
			cands = append(cands, c...)
			lazy = true
		}
	}
	cands = append(cands, parseSrcset(getAttr(img, "srcset"))...)
	cands = append(cands, extra...)
	if src := strings.TrimSpace(getAttr(img, "src")); src != "" {
		placeholder := lazy && rxPlaceholder.MatchString(imageBase(src))
		if !placeholder {
			w, _ := strconv.Atoi(strings.TrimSpace(getAttr(img, "width")))
			cands = append(cands, imgCandidate{ref: src, width: float64(max(0, w))})
		}
	}
	best, bestRank := imgCandidate{}, -1
	for i, c := range cands {
		c.order = i
		ref := strings.TrimSpace(c.ref)
		if !plausibleRef(ref) {
			continue
		}
		ref = absoluteRef(ref, pageURL)
		if ref == "" {
			continue
		}
		c.ref = ref
		rank := 1 // on the web
		if isLocalRef(ref) {
			switch {
			case files == nil:
				rank = 2
			case fileExists(files, localPath(dir, ref)):
				rank = 3
			default:
				rank = 0
			}
		}
		if rank > bestRank || rank == bestRank && c.width > best.width {
			best, bestRank = c, rank
		}
	}
	return best.ref
}

// plausibleRef reports whether an attribute's value can be a picture's
// address: not empty, not inline data, not JSON or markup some scripts
// keep in data- attributes.
func plausibleRef(ref string) bool {
	l := strings.ToLower(ref)
	return ref != "" && len(ref) <= 4096 && !strings.HasPrefix(l, "data:") && !strings.HasPrefix(l, "blob:") &&
		!strings.HasPrefix(l, "javascript:") && !strings.ContainsAny(ref, "{}<>\"'` \t\n\r")
}

// parseSrcset reads the candidates of a srcset.
func parseSrcset(v string) []imgCandidate {
	var out []imgCandidate
	for _, part := range splitSrcset(v) {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		c := imgCandidate{ref: f[0]}
		if len(f) > 1 {
			d := strings.ToLower(f[1])
			switch {
			case strings.HasSuffix(d, "w"):
				c.width, _ = strconv.ParseFloat(strings.TrimSuffix(d, "w"), 64)
			case strings.HasSuffix(d, "x"):
				x, _ := strconv.ParseFloat(strings.TrimSuffix(d, "x"), 64)
				c.width = x * 1000
			}
		}
		out = append(out, c)
		if len(out) >= 64 {
			break
		}
	}
	return out
}

// splitSrcset splits a srcset at the commas between candidates (a comma
// inside an address is followed by no space).
func splitSrcset(v string) []string {
	var out []string
	start := 0
	for i := 0; i < len(v); i++ {
		if v[i] == ',' && (i+1 == len(v) || v[i+1] == ' ' || v[i+1] == '\t' || v[i+1] == '\n') {
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// absoluteRef makes a protocol-relative address https, and resolves a
// root-relative one against the page's address when it is known.
func absoluteRef(ref, pageURL string) string {
	switch {
	case strings.HasPrefix(ref, "//"):
		return "https:" + ref
	case strings.HasPrefix(ref, "/") && pageURL != "":
		base, err := url.Parse(pageURL)
		if err != nil {
			return ref
		}
		r, err := url.Parse(ref)
		if err != nil {
			return ref
		}
		return base.ResolveReference(r).String()
	}
	return ref
}

// isLocalRef reports whether a reference names a file next to the page:
// relative, without a scheme.
func isLocalRef(ref string) bool {
	if strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, `\`) {
		return false
	}
	u, err := url.Parse(ref)
	return err == nil && u.Scheme == "" && u.Host == "" || err != nil && !strings.Contains(ref, ":")
}

// localPath resolves a local reference against the page's folder.
func localPath(dir, ref string) string {
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	if p, err := url.PathUnescape(ref); err == nil {
		ref = p
	}
	return path.Join(dir, strings.ReplaceAll(ref, `\`, "/"))
}

// fileExists reports whether a file exists in files (only its entry is
// looked at).
func fileExists(files fs.FS, p string) bool {
	if !fs.ValidPath(p) || p == "." {
		return false
	}
	st, err := fs.Stat(files, p)
	return err == nil && !st.IsDir()
}
