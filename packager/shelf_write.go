package packager

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/disintegration/imaging"
	"github.com/offprint/offprint/packager/internal/media"
	"github.com/offprint/offprint/packager/internal/xmltext"
)

// Sizes of the pictures a shelf shows: the cover fits in the first box,
// the thumbnail in the second.
const (
	shelfCoverW, shelfCoverH = 600, 900
	shelfThumbW, shelfThumbH = 160, 240
	// shelfMaxPixels refuses covers that would take too much memory.
	shelfMaxPixels = 40_000_000
)

// shelfPictures makes the cover and thumbnail JPEGs of an edition from its
// EPUB's cover image, recording their sizes.
func shelfPictures(e *ShelfEdition) (cover, thumb []byte, err error) {
	flat, err := media.DecodeOnWhite(e.coverData, shelfMaxPixels)
	if err != nil {
		return nil, nil, fmt.Errorf("cover image: %w", err)
	}
	enc := func(w, h, q int) ([]byte, [2]int, error) {
		var img image.Image = flat
		if flat.Bounds().Dx() > w || flat.Bounds().Dy() > h {
			img = imaging.Fit(flat, w, h, imaging.Lanczos)
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
			return nil, [2]int{}, err
		}
		return b.Bytes(), [2]int{img.Bounds().Dx(), img.Bounds().Dy()}, nil
	}
	if cover, e.coverSize, err = enc(shelfCoverW, shelfCoverH, 85); err != nil {
		return nil, nil, err
	}
	if thumb, e.thumbSize, err = enc(shelfThumbW, shelfThumbH, 80); err != nil {
		return nil, nil, err
	}
	return cover, thumb, nil
}

// Media types of OPDS catalogs and of what they link to.
const (
	opdsAcquisitionType = "application/atom+xml;profile=opds-catalog;kind=acquisition"
	opdsAcquisition     = "http://opds-spec.org/acquisition"
	opdsImage           = "http://opds-spec.org/image"
	opdsThumbnail       = "http://opds-spec.org/image/thumbnail"
	opdsFacet           = "http://opds-spec.org/facet"
)

// shelfHref makes a relative URL of a slash path under the root, seen from a
// document in the root (prefix "") or in ShelfFolder (prefix "../").
func shelfHref(prefix, p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return prefix + strings.Join(parts, "/")
}

// shelfUUID makes a name-based (version 5 style) UUID URN.
func shelfUUID(name string) string {
	h := sha1.Sum([]byte("offprint shelf\x00" + name))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	s := hex.EncodeToString(h[:16])
	return "urn:uuid:" + s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

// isUUID reports whether s is a bare UUID.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}

// displayTitle is the title an edition is listed under: its own title,
// with the issue added when the title does not already name it.
func (e *ShelfEdition) displayTitle() string {
	if e.Issue == "" {
		return e.Title
	}
	for _, f := range strings.FieldsFunc(e.Title, func(r rune) bool { return r < '0' || r > '9' }) {
		if strings.TrimLeft(f, "0") == strings.TrimLeft(e.Issue, "0") {
			return e.Title
		}
	}
	return e.Title + " — No. " + e.Issue
}

// when says which issue of which day an edition is: "No. 7 · 10 January
// 2020".
func (e *ShelfEdition) when() string {
	var parts []string
	if e.Issue != "" {
		parts = append(parts, "No. "+e.Issue)
	}
	if !e.Date.IsZero() {
		parts = append(parts, e.Date.Format("2 January 2006"))
	}
	return strings.Join(parts, " · ")
}

// summary is the edition's description, else its subtitle.
func (e *ShelfEdition) summary() string {
	if e.Description != "" {
		return e.Description
	}
	return e.Subtitle
}

// shelfBytes writes a file size for people.
func shelfBytes(n int64) string {
	switch {
	case n >= 10<<20:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt((n+512)>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// shelfCatalog writes the OPDS acquisition feed of the whole shelf (only
// nil) or of one series, which lives in ShelfFolder.
func shelfCatalog(rep *ShelfReport, only *ShelfSeries, updated time.Time) []byte {
	var b strings.Builder
	prefix, self, title := "", ShelfCatalog, rep.Title
	if only != nil {
		prefix, self = "../", "series-"+only.slug+".xml"
		title = only.Name
		if title == "" {
			title = "Other editions"
		}
	}
	link := func(ind, rel, href, typ, title string, extra ...string) {
		b.WriteString(ind + `<link rel="` + xmltext.Escape(rel) + `" href="` + xmltext.Escape(href) + `"`)
		if typ != "" {
			b.WriteString(` type="` + xmltext.Escape(typ) + `"`)
		}
		if title != "" {
			b.WriteString(` title="` + xmltext.Escape(title) + `"`)
		}
		for i := 0; i+1 < len(extra); i += 2 {
			b.WriteString(" " + extra[i] + `="` + xmltext.Escape(extra[i+1]) + `"`)
		}
		b.WriteString("/>\n")
	}
	elem := func(ind, name, text string) {
		if text != "" {
			b.WriteString(ind + "<" + name + ">" + xmltext.Escape(text) + "</" + name + ">\n")
		}
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/" xmlns:opds="http://opds-spec.org/2010/catalog" xmlns:thr="http://purl.org/syndication/thread/1.0">` + "\n")
	id := rep.Title
	if only != nil {
		id += "\x00series\x00" + only.Name
	}
	elem("  ", "id", shelfUUID(id))
	elem("  ", "title", title)
	elem("  ", "updated", updated.Format(time.RFC3339))
	b.WriteString("  <author>\n")
	elem("    ", "name", shelfPublisher(rep))
	b.WriteString("  </author>\n")
	link("  ", "self", self, opdsAcquisitionType, "")
	link("  ", "start", prefix+ShelfCatalog, opdsAcquisitionType, rep.Title)
	if only != nil {
		link("  ", "up", prefix+ShelfCatalog, opdsAcquisitionType, rep.Title)
	}
	link("  ", "alternate", prefix+ShelfIndex, "text/html", "")
	// The series are facets of the whole shelf: one feed per series.
	if len(rep.Series) > 1 {
		facet := func(href, title string, n int, active bool) {
			extra := []string{"opds:facetGroup", "Series", "thr:count", strconv.Itoa(n)}
			if active {
				extra = append(extra, "opds:activeFacet", "true")
			}
			link("  ", opdsFacet, href, opdsAcquisitionType, title, extra...)
		}
		facet(prefix+ShelfCatalog, "All series", rep.Editions(), only == nil)
		for _, s := range rep.Series {
			name := s.Name
			if name == "" {
				name = "Other editions"
			}
			facet(prefix+ShelfFolder+"/series-"+s.slug+".xml", name, len(s.Editions), s == only)
		}
	}
	for _, s := range rep.Series {
		if only != nil && s != only {
			continue
		}
		for _, e := range s.Editions {
			b.WriteString("  <entry>\n")
			elem("    ", "title", e.displayTitle())
			ident := e.Identifier
			switch {
			case ident == "":
				ident = shelfUUID("edition\x00" + e.EPUB)
			case isUUID(ident):
				ident = "urn:uuid:" + strings.ToLower(ident)
			case !strings.Contains(ident, ":"):
				// An Atom id is an IRI: an ISBN or a bare number is not.
				ident = shelfUUID("identifier\x00" + ident)
			}
			elem("    ", "id", ident)
			up := e.Modified
			if up.IsZero() {
				up = updated
			}
			elem("    ", "updated", up.Format(time.RFC3339))
			for _, a := range e.Authors {
				b.WriteString("    <author>\n")
				elem("      ", "name", a)
				b.WriteString("    </author>\n")
			}
			for _, a := range e.Contributors {
				b.WriteString("    <contributor>\n")
				elem("      ", "name", a)
				b.WriteString("    </contributor>\n")
			}
			if !e.Date.IsZero() {
				elem("    ", "dc:issued", e.Date.Format("2006-01-02"))
			}
			elem("    ", "dc:language", e.Language)
			elem("    ", "dc:publisher", e.Publisher)
			for _, sub := range e.Subjects {
				b.WriteString(`    <category term="` + xmltext.Escape(sub) + `" label="` + xmltext.Escape(sub) + `"/>` + "\n")
			}
			if sum := e.summary(); sum != "" {
				b.WriteString(`    <summary type="text">` + xmltext.Escape(sum) + "</summary>\n")
			}
			var content []string
			if e.Series != "" {
				c := e.Series
				if e.Issue != "" {
					c = "No. " + e.Issue + " of " + e.Series
				}
				content = append(content, c)
			}
			if !e.Date.IsZero() {
				content = append(content, e.Date.Format("2 January 2006"))
			}
			if len(content) > 0 {
				b.WriteString(`    <content type="text">` + xmltext.Escape(strings.Join(content, ", ")+".") + "</content>\n")
			}
			if e.Cover != "" {
				link("    ", opdsImage, shelfHref(prefix, e.Cover), "image/jpeg", "")
				link("    ", opdsThumbnail, shelfHref(prefix, e.Thumbnail), "image/jpeg", "")
			}
			link("    ", opdsAcquisition, shelfHref(prefix, e.EPUB), "application/epub+zip", "EPUB", "length", strconv.FormatInt(e.EPUBBytes, 10))
			if e.PDF != "" {
				link("    ", opdsAcquisition, shelfHref(prefix, e.PDF), "application/pdf", "PDF", "length", strconv.FormatInt(e.PDFBytes, 10))
			}
			if only == nil && len(rep.Series) > 1 && s.Name != "" {
				link("    ", "collection", ShelfFolder+"/series-"+s.slug+".xml", opdsAcquisitionType, s.Name)
			}
			b.WriteString("  </entry>\n")
		}
	}
	b.WriteString("</feed>\n")
	return []byte(b.String())
}

// shelfCSS styles index.html for phones and e-ink browsers: black on
// white, no colour that carries meaning, large tap targets.
const shelfCSS = `html{background:#fff;color:#000}
body{margin:0 auto;max-width:44rem;padding:0 1rem 3rem;font:1.0625rem/1.45 Georgia,"DejaVu Serif",serif}
h1{font-size:1.7rem;line-height:1.2;margin:1.2rem 0 .3rem}
h2{font-size:1.35rem;margin:2rem 0 0;padding-top:.8rem;border-top:3px solid #000}
h3{font-size:1.15rem;line-height:1.25;margin:0 0 .2rem}
p{margin:.2rem 0}
a{color:#000}
.lead{margin-bottom:.6rem}
.series{list-style:none;padding:0;margin:.4rem 0 0}
.series li{display:inline-block;margin:0 .4rem .4rem 0}
.eds{list-style:none;padding:0;margin:0}
.ed{display:flex;gap:1rem;align-items:flex-start;padding:1rem 0;border-bottom:1px solid #000}
.ed img{flex:none;width:96px;height:auto;border:1px solid #000;background:#eee}
.ed div{flex:1;min-width:0}
.when{font-weight:bold}
.by,.sum{font-size:.95rem}
.get{margin-top:.5rem}
.btn,.series a{display:inline-block;box-sizing:border-box;min-height:48px;min-width:48px;padding:.7rem 1rem;margin:.25rem .5rem .25rem 0;border:2px solid #000;border-radius:6px;font-weight:bold;text-decoration:none;line-height:1.2}
.btn span{font-weight:normal}
footer{margin-top:2rem;font-size:.9rem}
`

// shelfIndex writes index.html: the shelf for a browser, with the same
// covers and links as the catalog and no scripts.
func shelfIndex(rep *ShelfReport, updated time.Time) []byte {
	var b strings.Builder
	lang := "en"
	if e := rep.Series[0].Editions[0]; e.Language != "" {
		lang = e.Language
	}
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + xmltext.Escape(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + xmltext.Escape(rep.Title) + "</title>\n")
	b.WriteString("<link rel=\"alternate\" type=\"" + opdsAcquisitionType + "\" title=\"OPDS catalog\" href=\"" + ShelfCatalog + "\">\n")
	b.WriteString("<style>\n" + shelfCSS + "</style>\n</head>\n<body>\n<header>\n")
	b.WriteString("<h1>" + xmltext.Escape(rep.Title) + "</h1>\n")
	count := shelfPlural(rep.Editions(), "edition", "editions")
	if len(rep.Series) > 1 {
		count += " in " + shelfPlural(len(rep.Series), "series", "series")
	}
	b.WriteString("<p class=\"lead\">" + count + ", newest first. In an e-reader app (KOReader, Foliate, Thorium, calibre) add this folder’s <a href=\"" + ShelfCatalog + "\">OPDS catalog</a>.</p>\n")
	if len(rep.Series) > 1 {
		b.WriteString("<nav aria-label=\"Series\">\n<ul class=\"series\">\n")
		for _, s := range rep.Series {
			b.WriteString("<li><a href=\"#" + xmltext.Escape(s.slug) + "\">" + xmltext.Escape(shelfSeriesName(s)) + "</a></li>\n")
		}
		b.WriteString("</ul>\n</nav>\n")
	}
	b.WriteString("</header>\n<main>\n")
	for _, s := range rep.Series {
		b.WriteString("<section id=\"" + xmltext.Escape(s.slug) + "\">\n")
		if len(rep.Series) > 1 {
			b.WriteString("<h2>" + xmltext.Escape(shelfSeriesName(s)) + "</h2>\n")
		}
		b.WriteString("<ol class=\"eds\">\n")
		for _, e := range s.Editions {
			b.WriteString("<li class=\"ed\">\n")
			if e.Thumbnail != "" {
				// The title follows, so the picture needs no text of its own.
				fmt.Fprintf(&b, "<img src=\"%s\" width=\"%d\" height=\"%d\" alt=\"\">\n", xmltext.Escape(shelfHref("", e.Thumbnail)), e.thumbSize[0], e.thumbSize[1])
			}
			b.WriteString("<div>\n<h3>" + xmltext.Escape(e.Title) + "</h3>\n")
			if w := e.when(); w != "" {
				b.WriteString("<p class=\"when\">" + xmltext.Escape(w) + "</p>\n")
			}
			if by := shelfNames(e.Authors, e.Contributors); by != "" {
				b.WriteString("<p class=\"by\">" + xmltext.Escape(by) + "</p>\n")
			}
			if sum := e.summary(); sum != "" {
				b.WriteString("<p class=\"sum\">" + xmltext.Escape(shelfShorten(sum, 280)) + "</p>\n")
			}
			b.WriteString("<p class=\"get\">")
			fmt.Fprintf(&b, "<a class=\"btn\" href=\"%s\" type=\"application/epub+zip\" download>EPUB <span>%s</span></a>", xmltext.Escape(shelfHref("", e.EPUB)), shelfBytes(e.EPUBBytes))
			if e.PDF != "" {
				fmt.Fprintf(&b, "\n<a class=\"btn\" href=\"%s\" type=\"application/pdf\">PDF <span>%s</span></a>", xmltext.Escape(shelfHref("", e.PDF)), shelfBytes(e.PDFBytes))
			}
			b.WriteString("</p>\n</div>\n</li>\n")
		}
		b.WriteString("</ol>\n</section>\n")
	}
	b.WriteString("</main>\n<footer><p>Updated " + updated.Format("2 January 2006") + ".</p></footer>\n</body>\n</html>\n")
	return []byte(b.String())
}

// shelfPublisher is the publisher of every edition on the shelf, else
// the shelf's title.
func shelfPublisher(rep *ShelfReport) string {
	pub := ""
	for _, s := range rep.Series {
		for _, e := range s.Editions {
			if e.Publisher == "" || (pub != "" && e.Publisher != pub) {
				return rep.Title
			}
			pub = e.Publisher
		}
	}
	return pub
}

// shelfSeriesName is a series' heading.
func shelfSeriesName(s *ShelfSeries) string {
	if s.Name == "" {
		return "Other editions"
	}
	return s.Name
}

// shelfNames lists the authors, then the contributors, up to four names.
func shelfNames(authors, contributors []string) string {
	names := append(append([]string(nil), authors...), contributors...)
	switch {
	case len(names) == 0:
		return ""
	case len(names) > 4:
		return strings.Join(names[:3], ", ") + " and " + strconv.Itoa(len(names)-3) + " others"
	case len(names) == 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// shelfShorten cuts text to about n characters at a word boundary.
func shelfShorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

// shelfPlural writes a count with its noun.
func shelfPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
