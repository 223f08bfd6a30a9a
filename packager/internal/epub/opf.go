package epub

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/offprint/offprint/packager/internal/xmltext"
	"github.com/offprint/offprint/packager/model"
)

// metadata is what the package document says about the book.
type metadata struct {
	Identifier string
	Title      string
	Subtitle   string
	Creators   []creator
	// Contributors are the article authors.
	Contributors []creator
	Language     string
	// Languages are the other languages articles are written in.
	Languages   []string
	Subjects    []string
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
	// TextualSufficient is true when the text alone conveys the book:
	// no picture needs a description it lacks.
	TextualSufficient bool
	// ConformsTo and CertifiedBy are the publisher's accessibility
	// claim, or "".
	ConformsTo  string
	CertifiedBy string
	// PageBreakSource names the printed edition whose page numbers the
	// book carries; "" when it carries none.
	PageBreakSource string
	// AccessibilitySummary describes the book's accessibility in a sentence
	// or two.
	AccessibilitySummary string
	// CoverID is the manifest id of the cover image, or "".
	CoverID string
}

// creator is a dc:creator or dc:contributor; Role is a MARC relator
// ("aut"), or "", and FileAs the name's sorting form, or "".
type creator struct {
	Name   string
	Role   string
	FileAs string
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

// bookMetadata is the package metadata of a presented edition.
func bookMetadata(ed *model.Edition) *metadata {
	shown := ed.Shown.Meta
	m := &metadata{
		Identifier:  ed.Identifier,
		Title:       shown.Title,
		Subtitle:    ed.Subtitle,
		Language:    ed.Language,
		Publisher:   ed.Publisher,
		Modified:    ed.Modified,
		Description: shown.Description,
		Coverage:    model.HumanRange(ed.Range),
		Series:      ed.Series,
		Issue:       ed.Issue,
		Subjects:    shown.Subjects,
		ConformsTo:  shown.ConformsTo,
		CertifiedBy: shown.CertifiedBy,
	}
	if len(ed.PrintPages) > 0 {
		m.PageBreakSource = ed.PrintSource
	}
	if len(shown.Languages) > 1 {
		m.Languages = shown.Languages[1:]
	}
	if !ed.Date.IsZero() {
		m.Date = ed.Date.Format("2006-01-02")
	}
	if shown.Creator != "" {
		// The one responsible for the issue as a whole (its editor, else
		// its publisher) carries no relator: e-reader libraries list only
		// creators without one, or authors, as a book's authors.
		m.Creators = []creator{{Name: shown.Creator}}
	}
	for _, c := range shown.Contributors {
		m.Contributors = append(m.Contributors, creator{Name: c.Name, Role: "aut", FileAs: c.FileAs})
	}
	if ed.License != "" {
		m.Rights = "Unless an article states otherwise, articles are reproduced under " + ed.License +
			". “Sources and credits” at the end of the book gives each article’s source, licence and copyright."
	}
	return m
}

// accessibilitySummary says what a reader can rely on, and no more.
func accessibilitySummary(m *metadata) string {
	s := "This publication has a table of contents that lists every section, article and heading, " +
		"headings that mark the start of every article and a logical reading order."
	if m.Visual {
		if m.TextualSufficient {
			s += " Every picture is described by its alternative text or its caption, and its credit is given in the text."
		} else {
			s += " Some pictures are described only briefly, so readers who cannot see them may miss what they show."
		}
	}
	if m.PageBreakSource != "" {
		s += " It marks where each page of the printed edition (" + m.PageBreakSource + ") begins, and lists those pages."
	}
	if m.ConformsTo != "" {
		s += " The publisher states that it meets " + m.ConformsTo + "."
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
				b.WriteString(" " + attrs[i] + `="` + xmltext.Escape(attrs[i+1]) + `"`)
			}
		}
		b.WriteString(">" + xmltext.Escape(text) + "</" + name + ">\n")
	}
	meta := func(property, text string, attrs ...string) {
		tag("    ", "meta", text, append(attrs, "property", property)...)
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id"`)
	if m.Language != "" {
		b.WriteString(` xml:lang="` + xmltext.Escape(m.Language) + `"`)
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
	people := func(elem, prefix string, cs []creator) {
		for i, c := range cs {
			id := prefix + strconv.Itoa(i+1)
			tag("    ", elem, c.Name, "id", id)
			if c.Role != "" {
				meta("role", c.Role, "refines", "#"+id, "scheme", "marc:relators")
			}
			if c.FileAs != "" {
				meta("file-as", c.FileAs, "refines", "#"+id)
			}
		}
	}
	people("dc:creator", "pub-creator", m.Creators)
	people("dc:contributor", "pub-contributor", m.Contributors)
	tag("    ", "dc:language", m.Language)
	for _, l := range m.Languages {
		tag("    ", "dc:language", l)
	}
	for _, s := range m.Subjects {
		tag("    ", "dc:subject", s)
	}
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
	if m.PageBreakSource != "" {
		// The printed edition the page numbers are taken from, in the
		// EPUB 3.2 form reading systems read, and below as the EPUB
		// Accessibility 1.1 pageBreakSource.
		tag("    ", "dc:source", m.PageBreakSource, "id", "print-source")
		meta("source-of", "pagination", "refines", "#print-source")
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
	if !m.Visual || m.TextualSufficient {
		meta("schema:accessModeSufficient", "textual")
	}
	if m.Visual {
		meta("schema:accessModeSufficient", "textual,visual")
	}
	features := []string{"structuralNavigation", "tableOfContents", "readingOrder"}
	if m.Visual && m.TextualSufficient {
		features = append(features, "alternativeText")
	}
	if m.PageBreakSource != "" {
		features = append(features, "pageBreakMarkers", "pageNavigation")
	}
	for _, f := range features {
		meta("schema:accessibilityFeature", f)
	}
	meta("schema:accessibilityHazard", "none")
	if m.PageBreakSource != "" {
		meta("schema:pageBreakSource", m.PageBreakSource)
	}
	if m.AccessibilitySummary != "" {
		meta("schema:accessibilitySummary", m.AccessibilitySummary)
	}
	if m.ConformsTo != "" {
		meta("dcterms:conformsTo", m.ConformsTo)
		if m.CertifiedBy != "" {
			meta("a11y:certifiedBy", m.CertifiedBy)
		}
	}
	// EPUB 2 and calibre metadata, for reading systems that look for it.
	empty := func(name, content string) {
		b.WriteString(`    <meta name="` + xmltext.Escape(name) + `" content="` + xmltext.Escape(content) + `"/>` + "\n")
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
		b.WriteString(`    <item id="` + xmltext.Escape(it.ID) + `" href="` + xmltext.Escape(it.Href) + `" media-type="` + xmltext.Escape(it.MediaType) + `"`)
		if it.Properties != "" {
			b.WriteString(` properties="` + xmltext.Escape(it.Properties) + `"`)
		}
		b.WriteString("/>\n")
	}
	b.WriteString("  </manifest>\n")
	b.WriteString(`  <spine toc="ncx"`)
	if d.PPD != "" {
		b.WriteString(` page-progression-direction="` + xmltext.Escape(d.PPD) + `"`)
	}
	b.WriteString(">\n")
	for _, id := range d.Spine {
		b.WriteString(`    <itemref idref="` + xmltext.Escape(id) + `"/>` + "\n")
	}
	b.WriteString("  </spine>\n</package>\n")
	return []byte(b.String())
}
