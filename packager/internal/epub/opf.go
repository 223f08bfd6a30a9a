package epub

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/offprint/offprint/packager/model"
)

// metadata is what the package document says about the book.
type metadata struct {
	Identifier  string
	Title       string
	Subtitle    string
	Creators    []creator
	Language    string
	Publisher   string
	Date        string // YYYY-MM-DD, or ""
	Modified    time.Time
	Description string
	// Coverage is the span of days the edition covers ("13–19 January
	// 2020"), or "".
	Coverage string
	Rights   string
	Series   string
	Issue    int // 0: no position in the series
	// Visual is true when the book has pictures: it adds the visual access
	// mode and the alternativeText feature.
	Visual bool
	// AccessibilitySummary describes the book's accessibility in a sentence
	// or two.
	AccessibilitySummary string
	// CoverID is the manifest id of the cover image, or "".
	CoverID string
}

// creator is a dc:creator; Role is a MARC relator ("aut"), or "".
type creator struct {
	Name string
	Role string
}

// manifestItem is one file of the book.
type manifestItem struct {
	ID         string
	Href       string // relative to EPUB/
	MediaType  string
	Properties string
}

// The ids of metadata elements all start with metaIDPrefix; manifest ids
// never do.
const metaIDPrefix = "pub-"

// packageDoc is the package document (EPUB/package.opf).
type packageDoc struct {
	Meta  *metadata
	Items []manifestItem
	Spine []string // manifest ids in reading order
	// PPD is the spine's page-progression-direction: "rtl", or "" for the
	// default.
	PPD string
}

// bookMetadata is the package metadata of an edition whose articles have
// these authors.
func bookMetadata(ed *model.Edition, authors []string) *metadata {
	m := &metadata{
		Identifier:  ed.Identifier,
		Title:       label(ed.Shown.Title),
		Subtitle:    ed.Subtitle,
		Language:    ed.Language,
		Publisher:   ed.Publisher,
		Modified:    ed.Modified,
		Description: ed.Description,
		Coverage:    model.HumanRange(ed.Range),
		Series:      ed.Series,
		Issue:       ed.Issue,
	}
	if !ed.Date.IsZero() {
		m.Date = ed.Date.Format("2006-01-02")
	}
	for _, a := range authors {
		m.Creators = append(m.Creators, creator{Name: a, Role: "aut"})
	}
	if len(m.Creators) == 0 {
		name := ed.Publisher
		if name == "" {
			name = ed.Title
		}
		m.Creators = []creator{{Name: name}}
	}
	if ed.License != "" {
		m.Rights = "Unless an article states otherwise, articles are reproduced under " + ed.License +
			". “Sources and credits” at the end of the book gives each article’s source, licence and copyright."
	}
	return m
}

// accessibilitySummary says what a reader can rely on.
func accessibilitySummary(pictures bool) string {
	s := "This publication has a table of contents that lists every section and article, " +
		"headings that mark the start of every article and a logical reading order."
	if pictures {
		s += " Every picture has a text alternative, and its caption and credit are given in the text."
	}
	return s
}

// marshal writes the package document. The output depends only on d, so
// the same book gives the same bytes.
func (d *packageDoc) marshal() []byte {
	m := d.Meta
	var b strings.Builder
	tag := func(ind, name, text string, attrs ...string) {
		b.WriteString(ind + "<" + name)
		for i := 0; i+1 < len(attrs); i += 2 {
			if attrs[i+1] != "" {
				b.WriteString(" " + attrs[i] + `="` + esc(attrs[i+1]) + `"`)
			}
		}
		b.WriteString(">" + esc(text) + "</" + name + ">\n")
	}
	meta := func(property, text string, attrs ...string) {
		tag("    ", "meta", text, append(attrs, "property", property)...)
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id"`)
	if m.Language != "" {
		b.WriteString(` xml:lang="` + esc(m.Language) + `"`)
	}
	b.WriteString(">\n")
	b.WriteString(`  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n")
	tag("    ", "dc:identifier", m.Identifier, "id", "pub-id")
	tag("    ", "dc:title", m.Title, "id", "pub-title")
	if m.Subtitle != "" {
		meta("title-type", "main", "refines", "#pub-title")
		tag("    ", "dc:title", m.Subtitle, "id", "pub-subtitle")
		meta("title-type", "subtitle", "refines", "#pub-subtitle")
	}
	for i, c := range m.Creators {
		id := "pub-creator" + strconv.Itoa(i+1)
		tag("    ", "dc:creator", c.Name, "id", id)
		if c.Role != "" {
			meta("role", c.Role, "refines", "#"+id, "scheme", "marc:relators")
		}
	}
	tag("    ", "dc:language", m.Language)
	if m.Publisher != "" {
		tag("    ", "dc:publisher", m.Publisher)
	}
	if m.Date != "" {
		tag("    ", "dc:date", m.Date)
	}
	if m.Description != "" {
		tag("    ", "dc:description", m.Description)
	} else if m.Coverage != "" && m.Issue > 0 {
		tag("    ", "dc:description", fmt.Sprintf("Issue %d, %s.", m.Issue, m.Coverage))
	}
	if m.Coverage != "" {
		tag("    ", "dc:coverage", m.Coverage)
	}
	if m.Rights != "" {
		tag("    ", "dc:rights", m.Rights)
	}
	meta("dcterms:modified", m.Modified.UTC().Format("2006-01-02T15:04:05Z"))
	if m.Series != "" {
		meta("belongs-to-collection", m.Series, "id", "pub-series")
		meta("collection-type", "series", "refines", "#pub-series")
		if m.Issue > 0 {
			meta("group-position", strconv.Itoa(m.Issue), "refines", "#pub-series")
		}
	}
	meta("schema:accessMode", "textual")
	if m.Visual {
		meta("schema:accessMode", "visual")
	}
	meta("schema:accessModeSufficient", "textual")
	features := []string{"structuralNavigation", "tableOfContents", "readingOrder"}
	if m.Visual {
		features = append(features, "alternativeText")
	}
	for _, f := range features {
		meta("schema:accessibilityFeature", f)
	}
	meta("schema:accessibilityHazard", "none")
	if m.AccessibilitySummary != "" {
		meta("schema:accessibilitySummary", m.AccessibilitySummary)
	}
	// EPUB 2 and calibre metadata, for reading systems that look for it.
	empty := func(name, content string) {
		b.WriteString(`    <meta name="` + esc(name) + `" content="` + esc(content) + `"/>` + "\n")
	}
	if m.CoverID != "" {
		empty("cover", m.CoverID)
	}
	if m.Series != "" {
		empty("calibre:series", m.Series)
		if m.Issue > 0 {
			empty("calibre:series_index", strconv.Itoa(m.Issue))
		}
	}
	b.WriteString("  </metadata>\n  <manifest>\n")
	for _, it := range d.Items {
		b.WriteString(`    <item id="` + esc(it.ID) + `" href="` + esc(it.Href) + `" media-type="` + esc(it.MediaType) + `"`)
		if it.Properties != "" {
			b.WriteString(` properties="` + esc(it.Properties) + `"`)
		}
		b.WriteString("/>\n")
	}
	b.WriteString("  </manifest>\n")
	b.WriteString(`  <spine toc="ncx"`)
	if d.PPD != "" {
		b.WriteString(` page-progression-direction="` + esc(d.PPD) + `"`)
	}
	b.WriteString(">\n")
	for _, id := range d.Spine {
		b.WriteString(`    <itemref idref="` + esc(id) + `"/>` + "\n")
	}
	b.WriteString("  </spine>\n</package>\n")
	return []byte(b.String())
}
