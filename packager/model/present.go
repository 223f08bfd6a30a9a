package model

// This file holds what the presentation step adds to the model: the words,
// ids and link targets that every output shows the same way. The step
// fills these fields once, after Normalize; renderers read them and never
// work them out again. The fields the importers and Normalize set are left
// as they were, so that checks still see the edition as it was written.

// Presentation is what an edition says about itself on its cover, title
// page, contents and credits, worded once for every output.
type Presentation struct {
	// Title is the edition's title, or its fallback when it has none.
	Title string
	// IssueLabel is the edition's number as readers see it ("No. 7"), or
	// "" when the edition has none.
	IssueLabel string
	// DateLabel is the edition's range of days when it has one, else its
	// date ("6–12 January 2020", "3 January 2020").
	DateLabel string
	// Authors are the distinct article authors, in reading order, as one
	// list ("A, B and C").
	Authors string
	// AuthorNames are the same authors, one name each.
	AuthorNames []string
	// Credits is the "Sources and credits" page.
	Credits Credits
	// Meta is what the outputs' metadata say about the edition.
	Meta BookMeta
}

// BookMeta is the metadata every output carries (the EPUB's package
// document, the PDF's Info dictionary and XMP), decided once.
type BookMeta struct {
	// Title names the issue ("The Harbour Weekly — No. 7, 10 January
	// 2020"); it is the edition's title when the edition has no number
	// and no range of days.
	Title string
	// Description is the subtitle, or the edition's own description, and
	// the list of articles.
	Description string
	// Subjects are the edition's tags, then the articles' most frequent
	// tags.
	Subjects []string
	// Creator is the edition's editor, else its publisher; "" when it has
	// neither.
	Creator string
	// Contributors are the article authors, in reading order.
	Contributors []Contributor
	// Languages are the edition's language and then every other language
	// an article is written in.
	Languages []string
	// ConformsTo is the conformance the publisher claims ("EPUB
	// Accessibility 1.1 - WCAG 2.2 Level AA"), or "".
	ConformsTo string
	// CertifiedBy is who makes that claim: the publisher.
	CertifiedBy string
}

// Contributor is a name and the form it is sorted by ("Bendersky, Eli");
// a group's name sorts as it is written.
type Contributor struct {
	Name   string
	FileAs string
}

// Credits is the "Sources and credits" page as ready entries.
type Credits struct {
	Heading string
	// Intro says under which licence articles without their own are
	// published; "" when the edition names no default licence.
	Intro   string
	Entries []CreditEntry
}

// CreditEntry is one article's entry on the credits page.
type CreditEntry struct {
	Article *Article
	Title   string
	// Lines are the article's attribution, in order: by, source, URL,
	// licence, copyright; lines with nothing to say are left out.
	Lines []CreditLine
	// Figures credit every figure that shows a picture, a caption or a
	// credit; the article's figures without a credit share one line when
	// there are several.
	Figures []FigureCredit
}

// CreditLine is one labelled line of a credit entry ("Licence:" "CC BY
// 4.0"). Link, when set, is an external address the text links to.
type CreditLine struct {
	Label string
	Text  string
	Link  string
}

// FigureCredit is a figure's caption and credit as the credits page lists
// them, fallbacks included.
type FigureCredit struct {
	// Figure is the figure credited; nil for a line that sums up several.
	Figure *Figure
	// Count is how many figures a summing-up line stands for; 0 for one
	// figure's line.
	Count   int
	Caption string
	// NoCaption is true when Caption is the fallback wording.
	NoCaption bool
	Credit    string
	// NoCredit is true when Credit is the fallback wording.
	NoCredit bool
}

// NamePart is a piece of a byline: a name, or the words around names
// ("By ", ", ", " and ").
type NamePart struct {
	Text string
	Name bool
}

// BylineText is a byline as plain text ("By A and B").
func BylineText(parts []NamePart) string {
	s := ""
	for _, p := range parts {
		s += p.Text
	}
	return s
}

// LinkKind says where a resolved link leads.
type LinkKind uint8

// Link kinds.
const (
	// LinkExternal leads out of the edition (http, https, mailto); URL
	// holds the address.
	LinkExternal LinkKind = iota + 1
	// LinkInPage leads to an anchor in the same article.
	LinkInPage
	// LinkInternal leads to another article of the edition, or to an
	// anchor in it, or to a section.
	LinkInternal
)

// Target is where a link leads, resolved once for every output.
type Target struct {
	Kind LinkKind
	// URL is the address of an external link.
	URL string
	// Article is the ID of the article the link leads into ("" for a
	// section).
	Article string
	// ID is the model id the link leads to inside that article (a
	// heading, figure or footnote id), the article's own ID for its top,
	// or a section's ID.
	ID string
}
