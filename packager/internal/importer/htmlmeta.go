package importer

import (
	"encoding/json"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"

	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// pageMeta is what a page says about its article, from its <head>, its
// structured data and its footer, before and after extraction.
type pageMeta struct {
	title     string
	authors   []string
	date      time.Time
	dateText  string // a date the page states, parsed when date is zero
	site      string
	lang      string
	dir       string
	url       string
	license   string
	copyright string
	summary   string
	tags      []string
	image     string
	imageAlt  string
	imageLine int // where the page names its lead picture
}

// metaDateNames are <meta name|property|itemprop> keys that give the
// publication date, best first.
var metaDateNames = []string{
	"article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
	"publish-date", "publish_date", "article.published", "parsely-pub-date", "sailthru.date",
	"dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
	"citation_publication_date", "date",
}

// readPageMeta reads a page's metadata before extraction changes it.
// text is the page's source, for the "saved from url" comment browsers
// write.
func readPageMeta(doc *html.Node, text string) *pageMeta {
	m := &pageMeta{}
	metas := map[string][]string{}
	var canonical, ogURL, licenseLink, firstTime string
	var jsonLD []string
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.Data {
		case "html", "body":
			if v := strings.ToLower(strings.TrimSpace(getAttr(n, "dir"))); v == "rtl" || v == "ltr" {
				if n.Data == "html" || m.dir == "" {
					m.dir = v
				}
			}
			if v := strings.TrimSpace(getAttr(n, "lang")); v != "" && n.Data == "html" {
				m.lang = v
			}
		case "meta":
			content := strings.TrimSpace(getAttr(n, "content"))
			if content == "" {
				return false
			}
			for _, k := range []string{"name", "property", "itemprop", "http-equiv"} {
				if key := strings.ToLower(strings.TrimSpace(getAttr(n, k))); key != "" {
					metas[key] = append(metas[key], content)
				}
			}
			return false
		case "link", "a":
			rels := strings.Fields(strings.ToLower(getAttr(n, "rel")))
			href := strings.TrimSpace(getAttr(n, "href"))
			for _, r := range rels {
				switch {
				case r == "canonical" && n.Data == "link" && canonical == "":
					canonical = href
				case r == "license" && licenseLink == "":
					if strings.HasPrefix(href, "//") {
						href = "https:" + href
					}
					switch t := metaText(textOf(n)); {
					case isWebURL(href) || rxCCLicense.MatchString(href) || rxCCName.MatchString(href):
						licenseLink = href
					case n.Data == "a" && t != "" && utf8.RuneCountInString(t) <= 80:
						licenseLink = t
					}
				}
			}
		case "time":
			if firstTime == "" && (hasAttr(n, "pubdate") || strings.EqualFold(getAttr(n, "itemprop"), "datePublished")) {
				firstTime = getAttr(n, "datetime")
			}
		case "script":
			if strings.Contains(strings.ToLower(getAttr(n, "type")), "ld+json") && n.FirstChild != nil {
				jsonLD = append(jsonLD, n.FirstChild.Data)
			}
			return false
		case "style", "noscript", "template", "svg":
			return false
		}
		return true
	})
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := metas[k]; len(v) > 0 && v[0] != "" {
				return v[0]
			}
		}
		return ""
	}
	ogURL = first("og:url", "twitter:url")
	for _, u := range []string{canonical, ogURL, savedFrom(text)} {
		if isWebURL(u) {
			m.url = u
			break
		}
	}
	if m.lang == "" {
		m.lang = first("content-language", "og:locale", "language", "dc.language")
	}
	m.lang, _ = present.Lang(m.lang) // the language tag, or "" for none
	m.tags = mergeUnique(nil, metas["article:tag"])
	m.image = first("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
	m.imageAlt = first("og:image:alt", "twitter:image:alt")
	if m.image != "" {
		if i := strings.Index(text, m.image); i >= 0 {
			m.imageLine = 1 + strings.Count(text[:i], "\n")
		}
	}
	for _, k := range metaDateNames {
		if v := first(k); v != "" {
			m.dateText = v
			break
		}
	}
	ld := readJSONLD(jsonLD)
	if ld.date != "" {
		m.dateText = ld.date
	}
	if m.dateText == "" {
		m.dateText = firstTime
	}
	m.date = parseWebDate(m.dateText)

	// Licence: a rel=license link, else what the metadata says.
	switch {
	case licenseLink != "":
		m.license = licenseName(licenseLink)
	case first("license", "dc.rights", "dcterms.license", "dc.license", "rights") != "":
		m.license = licenseName(first("license", "dc.rights", "dcterms.license", "dc.license", "rights"))
	case ld.license != "":
		m.license = licenseName(ld.license)
	}
	if m.license != "" && isCopyrightLine(m.license) {
		m.license = "" // "rights" often holds a copyright notice
	}
	// Copyright: the footer's line, else the metadata's.
	m.copyright = footerCopyright(doc)
	if m.copyright == "" {
		if v := first("copyright", "dcterms.rightsholder", "dc.rights", "rights"); v != "" && utf8.RuneCountInString(v) <= 200 && !isWebURL(v) {
			m.copyright = asCopyright(v)
		} else if ld.copyright != "" {
			m.copyright = ld.copyright
		}
	}
	return m
}

// jsonLD is what a page's schema.org data adds to its metadata.
type jsonLD struct {
	date, license, copyright string
}

// readJSONLD reads the first datePublished, license and copyright of a
// page's JSON-LD scripts.
func readJSONLD(scripts []string) jsonLD {
	var out jsonLD
	var holder, year string
	for _, s := range scripts {
		if len(s) > 1<<20 {
			continue
		}
		var v any
		if json.Unmarshal([]byte(strings.TrimSpace(s)), &v) != nil {
			continue
		}
		stack := []any{v}
		for steps := 0; len(stack) > 0 && steps < 10000; steps++ {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch x := x.(type) {
			case []any:
				for i := len(x) - 1; i >= 0; i-- {
					stack = append(stack, x[i])
				}
			case map[string]any:
				str := func(k string) string {
					switch v := x[k].(type) {
					case string:
						return strings.TrimSpace(v)
					case float64:
						return strings.TrimSpace(strings.TrimSuffix(jsonNumber(v), ".0"))
					case map[string]any:
						if n, ok := v["name"].(string); ok {
							return strings.TrimSpace(n)
						}
					}
					return ""
				}
				if out.date == "" {
					out.date = str("datePublished")
				}
				if out.license == "" {
					out.license = str("license")
				}
				if holder == "" {
					holder = str("copyrightHolder")
				}
				if year == "" {
					year = str("copyrightYear")
				}
				for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage"} {
					if c, ok := x[k]; ok {
						stack = append(stack, c)
					}
				}
			}
		}
	}
	if holder != "" {
		out.copyright = strings.TrimSpace("© " + year + " " + holder)
		out.copyright = collapseSpace(out.copyright)
	}
	return out
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// savedFrom reads the address in the comment browsers write at the top
// of a saved page: <!-- saved from url=(0047)https://… -->.
func savedFrom(text string) string {
	head := text[:min(len(text), 4096)]
	i := strings.Index(head, "saved from url=(")
	if i < 0 {
		return ""
	}
	rest := head[i+len("saved from url=("):]
	j := strings.IndexByte(rest, ')')
	if j < 0 {
		return ""
	}
	rest = rest[j+1:]
	if k := strings.Index(rest, "-->"); k >= 0 {
		rest = rest[:k]
	}
	if k := strings.IndexAny(rest, " \t\r\n"); k >= 0 {
		rest = rest[:k]
	}
	return strings.TrimSpace(rest)
}

func isWebURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// parseWebDate reads a date as pages write it; dates without a zone are
// UTC. Years outside 1000–9999 give the zero time.
func parseWebDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	t, err := ParseDate(s)
	if err != nil {
		t, err = dateparse.ParseIn(s, time.UTC)
	}
	if err != nil || t.Year() < 1000 || t.Year() > 9999 {
		return time.Time{}
	}
	return t
}

var (
	rxCCLicense = regexp.MustCompile(`(?i)creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/([0-9.]+)`)
	rxCCName    = regexp.MustCompile(`(?i)creative[_ ]commons[_ ]attribution((?:[_ -](?:sharealike|share[_ ]alike|noderivs|noderivatives|no[_ ]derivatives|noncommercial|non[_ -]commercial))*)[_ ]([0-9.]+)`)
)

// licenseName names a licence by its address where it is a Creative
// Commons one ("CC BY 4.0", "CC0 1.0"); other values are kept.
func licenseName(s string) string {
	s = collapseSpace(s)
	if m := rxCCLicense.FindStringSubmatch(s); m != nil {
		kind, ver := strings.ToLower(m[2]), m[3]
		switch {
		case strings.ToLower(m[1]) == "publicdomain" && kind == "zero":
			return "CC0 " + ver
		case strings.ToLower(m[1]) == "publicdomain" && kind == "mark":
			return "Public Domain Mark " + ver
		case strings.ToLower(m[1]) == "licenses":
			return "CC " + strings.ToUpper(kind) + " " + ver
		}
	}
	if m := rxCCName.FindStringSubmatch(s); m != nil {
		name := "CC BY"
		parts := strings.ToLower(strings.NewReplacer("_", " ", "-", " ").Replace(m[1]))
		if strings.Contains(parts, "non") {
			name += "-NC"
		}
		if strings.Contains(parts, "deriv") {
			name += "-ND"
		}
		if strings.Contains(parts, "share") {
			name += "-SA"
		}
		return name + " " + m[2]
	}
	if utf8.RuneCountInString(s) > 200 {
		return ""
	}
	return s
}

// metaText is text from a page's metadata or markup as one line: white
// space, no-break spaces included, collapsed.
func metaText(s string) string {
	return collapseSpace(strings.ReplaceAll(s, "\u00a0", " "))
}

// rxNotName matches bylines that name no one ("Follow Author", "Last").
var rxNotName = regexp.MustCompile(`(?i)^(follow|last|first|admin|administrator|author|staff|editor|share|updated|posted|published|guest|anonymous|unknown)\b|\bfollow\b`)

// asCopyright makes a copyright notice of a holder's name ("Manyika
// Review" → "© Manyika Review"); a notice is kept as it is.
func asCopyright(s string) string {
	s = metaText(s)
	if rxCopyright.MatchString(s) || strings.HasPrefix(strings.ToLower(s), "copyright") {
		return s
	}
	return "© " + s
}

// footerCopyright finds the copyright line of a page: text starting with
// ©, (c) or Copyright inside a <footer> or an element whose class or id
// names a footer, a copyright or legal notice.
func footerCopyright(doc *html.Node) string {
	found := ""
	walk(doc, func(n *html.Node) bool {
		if found != "" {
			return false
		}
		switch n.Type {
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template", "head", "svg", "figure":
				return false
			}
		case html.TextNode:
			t := metaText(n.Data)
			if t == "" || !rxCopyright.MatchString(t) || !inFooter(n) {
				return false
			}
			line := t
			if p := n.Parent; p != nil {
				if pt := metaText(textOf(p)); strings.HasPrefix(pt, t) && isCopyrightLine(pt) {
					line = pt
				}
			}
			if isCopyrightLine(line) {
				found = trimCopyright(line)
			}
		}
		return true
	})
	return found
}

// rxFooterSep separates the parts of a footer line.
var rxFooterSep = regexp.MustCompile(`\s+[·|•—–]\s+|\s+-\s+`)

// trimCopyright keeps the copyright notice of a footer line and what
// reserves its rights, leaving out the links and boasts around it
// ("Proudly powered by WordPress").
func trimCopyright(line string) string {
	parts := rxFooterSep.Split(line, -1)
	out := parts[0]
	for _, p := range parts[1:] {
		if !rxRights.MatchString(p) {
			break
		}
		out += " " + p
	}
	return out
}

// rxRights matches "All rights reserved" and its translations.
var rxRights = regexp.MustCompile(`(?i)(all rights reserved|tous droits réservés|todos los derechos reservados|alle rechte vorbehalten|tutti i diritti riservati|direitos reservados)`)

// inFooter reports whether a node is inside a page's footer or a
// copyright notice.
func inFooter(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		if p.Data == "footer" || strings.EqualFold(getAttr(p, "role"), "contentinfo") {
			return true
		}
		cls := strings.ToLower(getAttr(p, "class") + " " + getAttr(p, "id"))
		if strings.Contains(cls, "footer") || strings.Contains(cls, "copyright") || strings.Contains(cls, "legal") {
			return true
		}
	}
	return false
}

// textOf returns the text of a node and its descendants.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if b.Len() > 4096 {
			return false
		}
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
		case html.ElementNode:
			switch c.Data {
			case "script", "style", "noscript", "template":
				return false
			case "br", "p", "div", "li":
				b.WriteByte(' ')
			}
		}
		return true
	})
	return b.String()
}

// fromReader completes the metadata with what readability found: title,
// byline, site name, language, date, summary and lead picture.
func (m *pageMeta) fromReader(art readability.Article) {
	m.title = metaText(art.Title())
	m.authors = bylineNames(art.Byline(), art.SiteName())
	m.site = metaText(art.SiteName())
	if m.lang == "" {
		m.lang, _ = present.Lang(art.Language())
	}
	if m.date.IsZero() {
		if t, err := art.PublishedTime(); err == nil && t.Year() >= 1000 && t.Year() <= 9999 {
			if t.Location() == time.Local {
				// Read without a zone: the wall clock, in UTC.
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
			}
			m.date = t
		}
	}
	// readability's excerpt is the first paragraph when the page has no
	// description, and that is often the byline: a byline is never the
	// summary.
	if s := collapseSpace(art.Excerpt()); utf8.RuneCountInString(s) <= 1000 && !isBylineText(s, m.authors) &&
		!strings.EqualFold(s, collapseSpace(art.Byline())) {
		m.summary = s
	}
	if img := strings.TrimSpace(art.ImageURL()); img != "" && m.image == "" {
		m.image = img
	}
	m.title = trimSiteName(m.title, m.site)
	if m.site == "" && m.url != "" {
		if u, err := url.Parse(m.url); err == nil {
			m.site = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		}
	}
}

// trimSiteName removes the site's name from the end of a page title
// ("How to build a terrarium | eHow").
func trimSiteName(title, site string) string {
	if site == "" {
		return title
	}
	lt, ls := strings.ToLower(title), strings.ToLower(site)
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • "} {
		if strings.HasSuffix(lt, sep+ls) && len(title) > len(sep+site) {
			return strings.TrimSpace(title[:len(title)-len(sep+site)])
		}
	}
	return title
}

var (
	rxBylinePrefix = regexp.MustCompile(`(?i)^(written by|words by|story by|reporting by|by|von|par|por|door|di|av|af|przez|bắt|بقلم|كتب|كتبت|מאת)\s*:?\s+`)
	rxBylineCut    = regexp.MustCompile(`(?i)\s*(\||•|·|—|–| - |\bupdated\b|\bpublished\b|\bposted\b|\bon (mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{4}-\d\d-\d\d).*$`)
)

// bylineNames turns a byline ("By Jane Doe and John Roe, Reuters |
// Updated 3 Jan") into authors' names. An agency or the site after a
// comma is left out; addresses and long text give none.
func bylineNames(byline, site string) []string {
	s := metaText(byline)
	if s == "" || utf8.RuneCountInString(s) > 200 || strings.Contains(s, "://") || strings.HasPrefix(s, "@") {
		return nil
	}
	s = rxBylinePrefix.ReplaceAllString(s, "")
	s = rxBylineCut.ReplaceAllString(s, "")
	s = strings.TrimRight(strings.TrimSpace(s), ",;:")
	if i := strings.LastIndex(s, ", "); i > 0 {
		tail := strings.TrimSpace(s[i+2:])
		if strings.EqualFold(tail, site) || tail == strings.ToUpper(tail) && len(tail) <= 8 || strings.HasPrefix(strings.ToLower(tail), "staff") || strings.Contains(strings.ToLower(tail), "correspondent") || strings.Contains(strings.ToLower(tail), "reporter") || strings.Contains(strings.ToLower(tail), "editor") || strings.Contains(strings.ToLower(tail), "writer") {
			s = strings.TrimSpace(s[:i])
		}
	}
	if s == "" || utf8.RuneCountInString(s) > 120 {
		return nil
	}
	var names []string
	for _, n := range splitNames(s) {
		if !rxNotName.MatchString(n) {
			names = append(names, n)
		}
	}
	return names
}

// apply copies the metadata into an article.
func (m *pageMeta) apply(a *model.Article) {
	a.Title = m.title
	a.Authors = m.authors
	a.Date = m.date
	a.Source = m.site
	a.URL = m.url
	a.License = m.license
	a.Copyright = m.copyright
	a.Tags = m.tags
	a.Lang = m.lang
	a.Summary = m.summary
	switch {
	case m.dir == "rtl":
		a.Dir = "rtl"
	case m.dir == "" && model.IsRTL(m.lang):
		a.Dir = "rtl"
	}
}

// tidyArticle removes from an extracted article what repeats its
// metadata or is site furniture: a first heading that repeats the title,
// a byline paragraph near the top, widget paragraphs ("Share this",
// "Advertisement"), and a copyright notice or "Read more" links at the
// end (the notice becomes the article's copyright). A summary that only
// repeats the first paragraph is dropped.
func tidyArticle(a *model.Article, m *pageMeta, diags []model.Diagnostic) []model.Diagnostic {
	if len(a.Blocks) > 0 {
		if h, ok := a.Blocks[0].(*model.Heading); ok && a.Title != "" && strings.EqualFold(collapseSpace(model.PlainText(h.Spans)), collapseSpace(a.Title)) {
			a.Blocks = a.Blocks[1:]
		}
	}
	var out []model.Block
	for i, b := range a.Blocks {
		p, ok := b.(*model.Paragraph)
		if !ok {
			out = append(out, b)
			continue
		}
		t := collapseSpace(model.PlainText(p.Spans))
		switch {
		case isBoilerplate(t) || isRelatedHeader(t):
			continue
		case i < 4 && isBylineText(t, a.Authors):
			continue
		}
		out = append(out, b)
	}
	// The end of the article.
	for len(out) > 0 {
		p, ok := out[len(out)-1].(*model.Paragraph)
		if !ok {
			break
		}
		t := collapseSpace(model.PlainText(p.Spans))
		switch {
		case isCopyrightLine(t):
			if a.Copyright == "" {
				a.Copyright = t
			}
		case isRightsReserved(t), isReadMore(t):
		default:
			goto done
		}
		out = out[:len(out)-1]
	}
done:
	if len(out) == 0 {
		out = nil
	}
	a.Blocks = out
	if a.Summary != "" {
		for _, b := range a.Blocks {
			if p, ok := b.(*model.Paragraph); ok {
				first := collapseSpace(model.PlainText(p.Spans))
				if strings.HasPrefix(first, strings.TrimSuffix(strings.TrimSuffix(a.Summary, "…"), "...")) {
					a.Summary = ""
				}
				break
			}
		}
	}
	if len(a.Blocks) == 0 {
		diags = append(diags, model.Warnf("html-empty", a.File, 0, "no article text was found in the page").
			WithHint("check that the file is the saved article, not a page that loads it with scripts"))
	}
	return diags
}

// isBylineText reports whether a short paragraph is the article's
// byline: "By Jane Doe", or only the authors' names.
func isBylineText(t string, authors []string) bool {
	if utf8.RuneCountInString(t) > 120 {
		return false
	}
	loc := rxBylinePrefix.FindStringIndex(t)
	if loc == nil {
		return len(authors) > 0 && strings.EqualFold(t, strings.Join(authors, " and "))
	}
	rest := t[loc[1]:]
	for _, a := range authors {
		if strings.Contains(strings.ToLower(rest), strings.ToLower(a)) {
			return true
		}
	}
	// Without known authors, "By" and a few capitalised words.
	words := strings.Fields(rest)
	if len(words) == 0 || len(words) > 6 || !strings.HasPrefix(strings.ToLower(t), "by") {
		return false
	}
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) && w != "and" && w != "&" {
			return false
		}
	}
	return true
}

// leadImage puts the page's lead picture (og:image) first when the
// article does not show it and it was saved next to the page (in the
// page's _files folder).
func (h HTML) leadImage(a *model.Article, file string, m *pageMeta) {
	if m.image == "" || h.Files == nil {
		return
	}
	base := imageBase(m.image)
	if base == "" {
		return
	}
	for _, f := range a.Figures() {
		if f.Image != nil && imageBase(f.Image.Src) == base {
			return
		}
	}
	page := strings.TrimSuffix(path.Base(file), path.Ext(file))
	for _, dir := range []string{page + "_files", page + "-Dateien", page + "_fichiers"} {
		ref := dir + "/" + base
		if fileExists(h.Files, path.Join(path.Dir(file), ref)) {
			caption := collapseSpace(m.imageAlt)
			f := &model.Figure{Image: &model.Image{Src: ref}, Alt: caption, Line: m.imageLine}
			if caption != "" {
				f.Caption, f.Credit = splitCreditSpans([]model.Span{{Text: caption}}, "")
				f.Alt = collapseSpace(model.PlainText(f.Caption))
			}
			a.Blocks = append([]model.Block{f}, a.Blocks...)
			return
		}
	}
}

// imageBase returns a picture address's file name, without query.
func imageBase(src string) string {
	if i := strings.IndexAny(src, "?#"); i >= 0 {
		src = src[:i]
	}
	b := path.Base(strings.ReplaceAll(src, `\`, "/"))
	if u, err := url.PathUnescape(b); err == nil {
		b = u
	}
	if b == "." || b == "/" {
		return ""
	}
	return b
}

func getAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttrs(n *html.Node, keep func(string) bool) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if keep(a.Key) {
			out = append(out, a)
		}
	}
	n.Attr = out
}
