package model

import (
	"crypto/sha1"
	"fmt"
	"strings"
	"time"
)

// Edition is one issue of a publication: metadata and sections of articles,
// in reading order.
type Edition struct {
	Title     string
	Subtitle  string
	Publisher string
	Language  string // BCP 47
	Series    string // defaults to Title
	Issue     int    // 0 when the edition has no number
	// Date is the edition's date (from edition.yaml, else the build clock).
	Date time.Time
	// Modified stamps the outputs (SOURCE_DATE_EPOCH, else the build clock).
	Modified time.Time
	// Range, when set, is the span of dates the edition covers, shown on
	// its title page ("6–12 January 2020").
	Range DateRange
	// License is the default licence of articles that name none.
	License string
	// Description is a one-paragraph blurb for the metadata.
	Description string
	// Editor is who edited the edition ("" when not given).
	Editor string
	// Tags are the edition's own subjects.
	Tags []string
	// TitleFormat makes an issue's full title from {title}, {issue} and
	// {date}; "" means the default.
	TitleFormat string
	// Conforms is the publisher's claim that the EPUB meets EPUB
	// Accessibility 1.1, WCAG 2.2 Level AA.
	Conforms bool
	// Identifier is stable for the same title, series, issue and date, as
	// a URN ("urn:uuid:…").
	Identifier string
	// Slug names the output files ("corpus-weekly-012").
	Slug string
	// Cover is the edition's cover picture; nil means a masthead is drawn.
	Cover *Image

	Sections []*Section

	// Shown is set by the presentation step: what the edition says about
	// itself, worded once for every output. Nil before it.
	Shown *Presentation

	// PrintPages is where each page of the printed edition begins, in
	// page order, when the PDF was made in the same build; nil otherwise.
	// The EPUB marks these points with the printed page numbers.
	PrintPages []PageStart
	// PrintSource names the printed edition PrintPages come from (the
	// PDF's file name).
	PrintSource string
}

// PageStart is the point of the text where a printed page begins.
type PageStart struct {
	// Label is the page number as printed.
	Label string
	// Article is the ID of the article the page begins in; "" for a page
	// outside the articles, which Part names.
	Article string
	// Part is where a page outside the articles belongs: "front" (cover,
	// contents and blank pages before the articles) or "back" (credits,
	// blank pages after them).
	Part string
	// Block is the index in the article's Blocks of the block the page
	// begins in; -1 when it begins with the article's header, and
	// len(Blocks) when it begins after the blocks (notes, attribution).
	Block int
	// Word is how many words of the block come before the page: the
	// words of its text, in reading order, split at spaces.
	Word int
}

// DateRange is an inclusive span of days; the zero value is no range.
type DateRange struct {
	Since, Until time.Time
}

// IsZero reports whether the range is unset.
func (r DateRange) IsZero() bool { return r.Since.IsZero() && r.Until.IsZero() }

// Articles returns every article of the edition in reading order.
func (e *Edition) Articles() []*Article {
	var out []*Article
	for _, s := range e.Sections {
		out = append(out, s.Articles...)
	}
	return out
}

// Images returns the pictures the edition shows, in reading order: the
// cover first, then every figure's; the same file may come more than once.
func (e *Edition) Images() []*Image {
	var out []*Image
	if e.Cover != nil {
		out = append(out, e.Cover)
	}
	for _, s := range e.Sections {
		if s == nil {
			continue
		}
		for _, a := range s.Articles {
			if a == nil {
				continue
			}
			for _, f := range a.Figures() {
				if f != nil && f.Image != nil {
					out = append(out, f.Image)
				}
			}
		}
	}
	return out
}

// Authors returns the distinct article authors in reading order.
func (e *Edition) Authors() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range e.Articles() {
		for _, n := range a.Authors {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// Section is a titled run of articles.
type Section struct {
	Title    string
	ID       string // unique within the edition, usable as a file name and anchor
	Articles []*Article
}

// Article is one piece of writing with its attribution.
type Article struct {
	// ID is unique within the edition and usable as a file name and
	// anchor ("a03-the-long-road").
	ID string
	// File is the article's path in the edition folder, for messages.
	File string

	Title    string
	Subtitle string
	Summary  string
	Date     time.Time // zero when unknown
	Lang     string    // when it differs from the edition
	Dir      string    // "rtl" for right-to-left scripts, else ""
	Tags     []string
	Draft    bool

	Attribution

	Blocks    []Block
	Footnotes []Footnote

	// Set by the presentation step:

	// Byline is "By " and the authors, in pieces; nil without authors.
	Byline []NamePart
	// Closing says where the article first appeared and on what terms it
	// is reproduced, with the address as an external link; nil when the
	// article names none of these.
	Closing []Span
}

// Attribution is who wrote an article, where it first appeared and on what
// terms it is reproduced.
type Attribution struct {
	Authors   []string
	Source    string // where it was first published
	URL       string // the original address: printed, never fetched
	License   string // e.g. "CC BY 4.0"
	Copyright string // e.g. "© 2020 Manyika Review"
	// LicenseFromEdition is true when License is the edition's default
	// rather than the article's own.
	LicenseFromEdition bool
}

// Figures returns every figure of the article, in order, including those
// nested in quotes and lists.
func (a *Article) Figures() []*Figure {
	var out []*Figure
	a.Walk(func(b Block) {
		if f, ok := b.(*Figure); ok {
			out = append(out, f)
		}
	})
	return out
}

// Walk calls fn with every block of the article, its notes' included, at
// any depth, in reading order: a quote, aside or list before the blocks it
// holds.
func (a *Article) Walk(fn func(Block)) {
	var walk func([]Block)
	walk = func(bs []Block) {
		for _, b := range bs {
			fn(b)
			switch b := b.(type) {
			case *Quote:
				walk(b.Blocks)
			case *Aside:
				walk(b.Blocks)
			case *List:
				for _, it := range b.Items {
					walk(it.Blocks)
				}
			}
		}
	}
	walk(a.Blocks)
	for _, n := range a.Footnotes {
		walk(n.Blocks)
	}
}

// Footnote is a note referenced from the text by its number.
type Footnote struct {
	Number int // 1-based, in order of first reference
	ID     string
	Blocks []Block
}

// Block is a paragraph-level element: *Paragraph, *Heading, *List, *Quote,
// *Aside, *CodeBlock, *Table, *Figure or *Rule.
type Block interface{ block() }

// Paragraph is running text.
type Paragraph struct {
	Spans []Span
	Line  int // the line of the article the paragraph starts on (0 if unknown), for warnings about its links
}

// Heading is a heading inside an article; level 1 is the highest inside the
// article (the article title is not a heading block).
type Heading struct {
	Level int // 1–6
	ID    string
	Spans []Span
	Line  int // the line of the article the heading is on (0 if unknown), for warnings about its links
}

// List is a bulleted or numbered list.
type List struct {
	Ordered bool
	Start   int // first number of an ordered list
	Tight   bool
	Items   []ListItem
}

// ListItem is one entry of a list; Checked is non-nil for task list items.
type ListItem struct {
	Blocks  []Block
	Checked *bool
}

// Quote is a block quotation.
type Quote struct {
	Blocks []Block
}

// Aside is a boxed note set apart from the running text: a GitHub alert
// ("> [!NOTE]") or an Obsidian callout ("> [!tip] Title"). Renderers
// draw it as a box headed by its title.
type Aside struct {
	// Kind is the alert's or callout's type in lower case ("note",
	// "tip", "warning", "important", "caution", "quote", …).
	Kind string
	// Title is the heading of the box: the callout's own title, else its
	// kind in words ("Note").
	Title  string
	Blocks []Block
}

// CodeBlock is preformatted text, kept exactly.
type CodeBlock struct {
	Lang string
	Text string
}

// Table is a grid of cells with an optional header row.
type Table struct {
	Align  []Align // one per column
	Header []Cell  // nil when the table has no header
	Rows   [][]Cell
	Line   int // the line of the article the table starts on (0 if unknown)
}

// Cell is the text of one table cell.
type Cell struct {
	Spans []Span
}

// Align is a table column's alignment.
type Align int

// Column alignments.
const (
	AlignDefault Align = iota
	AlignLeft
	AlignCenter
	AlignRight
)

// Figure is a picture with its caption and credit. A figure without a
// picture (Image nil) still shows its caption and credit: scraped text often
// keeps the caption of a photo it lost.
type Figure struct {
	ID    string
	Image *Image // nil when there is no usable picture
	// Alt describes the picture for readers who cannot see it. It is the
	// caption's text unless the article gave its own.
	Alt     string
	Caption []Span
	// Credit is the picture's credit as it is shown, prefix included
	// ("Credit: AP", "Photo: Jane Doe", "© 2020 AFP").
	Credit string
	// Line is the line of the article the figure came from (0 if unknown).
	Line int

	// ShownAlt is the alternative text the outputs give the picture: ""
	// when the caption describes it; set by the presentation step.
	ShownAlt string
	// Described is the picture's description where a description must
	// not be empty (a tagged PDF's Figure /Alt): ShownAlt, else the
	// caption's text; set by the presentation step.
	Described string
}

// Rule is a thematic break.
type Rule struct{}

func (*Paragraph) block() {}
func (*Heading) block()   {}
func (*List) block()      {}
func (*Quote) block()     {}
func (*Aside) block()     {}
func (*CodeBlock) block() {}
func (*Table) block()     {}
func (*Figure) block()    {}
func (*Rule) block()      {}

// Image is a picture an article refers to, resolved against the edition
// folder.
type Image struct {
	// Src is the reference as the article wrote it.
	Src string
	// Path is the picture's path in the edition folder ("" when it could
	// not be used: missing, remote, outside the edition, unreadable).
	Path string
	// Format is "jpeg", "png", "gif" or "svg".
	Format string
	// Width and Height are the picture's size in pixels (for SVG, its
	// declared size in CSS pixels; 0 when unknown). For a JPEG its EXIF
	// turns, they are its upright size.
	Width, Height int
	// Orientation is a JPEG's EXIF orientation (1–8; 0 for other
	// formats).
	Orientation int
	// Components is a JPEG's number of colour components when a PDF can
	// take it as it is (grey 1, YCbCr 3, CMYK 4), else 0.
	Components int
	// Plain is true for a PNG a PDF can take as it is.
	Plain bool
}

// MediaType returns the picture's MIME type.
func (im *Image) MediaType() string {
	switch im.Format {
	case "jpeg":
		return "image/jpeg"
	case "png":
		return "image/png"
	case "gif":
		return "image/gif"
	case "svg":
		return "image/svg+xml"
	case "webp":
		return "image/webp"
	}
	return "application/octet-stream"
}

// Span is a run of inline text with one style. A paragraph is a sequence of
// spans; links and footnote references are spans too.
type Span struct {
	Kind  SpanKind
	Text  string
	Style Style
	// Link is the target of a hyperlink: an absolute URL (printed, never
	// fetched) or "#id" within the edition.
	Link string
	// Note is the footnote number of a NoteRef span.
	Note int
	// Target is where Link leads, set by the presentation step; nil when
	// the span has no link or its link leads nowhere (its text is then
	// shown without a link).
	Target *Target
}

// SpanKind tells text from line breaks and footnote references.
type SpanKind uint8

// Span kinds.
const (
	Text    SpanKind = iota
	Break            // a hard line break
	NoteRef          // a footnote reference; Note holds its number
)

// Style is a set of inline styles.
type Style uint8

// Inline styles, combinable.
const (
	Emph Style = 1 << iota
	Strong
	Strike
	Code
	Sup
	Sub
	// Mark is highlighted text (==text== in Obsidian, <mark> in HTML).
	Mark
)

// PlainText returns the text of spans without styles, line breaks as
// spaces and footnote references dropped.
func PlainText(spans []Span) string {
	n := 0
	for _, s := range spans {
		n += len(s.Text)
	}
	b := make([]byte, 0, n)
	for _, s := range spans {
		switch s.Kind {
		case Text:
			b = append(b, s.Text...)
		case Break:
			b = append(b, ' ')
		}
	}
	return string(b)
}

// HumanDate formats a date as renderers show it: "3 January 2020".
func HumanDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// HumanRange formats a date range: "6–12 January 2020", "30 December 2019 –
// 5 January 2020".
func HumanRange(r DateRange) string {
	switch {
	case r.IsZero():
		return ""
	case r.Since.IsZero():
		return "until " + HumanDate(r.Until)
	case r.Until.IsZero():
		return "since " + HumanDate(r.Since)
	case r.Since.Year() == r.Until.Year() && r.Since.Month() == r.Until.Month():
		return r.Since.Format("2") + "–" + r.Until.Format("2 January 2006")
	case r.Since.Year() == r.Until.Year():
		return r.Since.Format("2 January") + " – " + r.Until.Format("2 January 2006")
	}
	return HumanDate(r.Since) + " – " + HumanDate(r.Until)
}

// IsRTL reports whether a language (BCP 47) is written right to left.
func IsRTL(lang string) bool {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch base {
	case "ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ku", "ckb":
		return true
	}
	return false
}

// StableIdentifier derives a URN for an edition from its series, issue,
// date and title (a name-based UUID), so that rebuilding an issue gives the
// same identifier and e-readers treat it as the same book.
func StableIdentifier(ed *Edition) string {
	h := sha1.New()
	fmt.Fprintf(h, "offprint\x00%s\x00%d\x00%s\x00%s", ed.Series, ed.Issue, ed.Date.Format("2006-01-02"), ed.Title)
	sum := h.Sum(nil)
	sum[6] = (sum[6] & 0x0f) | 0x50 // version 5
	sum[8] = (sum[8] & 0x3f) | 0x80 // RFC 4122 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// AttributionSpans says, in a sentence or three, where an article first
// appeared and on what terms it is reproduced ("First published by Corpus
// Review at https://…. © 2020 Corpus Review. Licence: CC BY 4.0."), with
// the address as a link. Both renderers close an article with it; it is
// empty when the article names none of these.
func AttributionSpans(a *Article) []Span {
	var out []Span
	add := func(s Span) {
		if len(out) > 0 && s.Link == "" && len(out[len(out)-1].Link) == 0 {
			out[len(out)-1].Text += s.Text
			return
		}
		out = append(out, s)
	}
	sep := func() {
		if len(out) > 0 {
			add(Span{Text: " "})
		}
	}
	if a.Source != "" || a.URL != "" {
		add(Span{Text: "First published"})
		if a.Source != "" {
			add(Span{Text: " by " + a.Source})
		}
		if a.URL != "" {
			add(Span{Text: " at "})
			out = append(out, Span{Text: a.URL, Link: a.URL})
		}
		add(Span{Text: "."})
	}
	if a.Copyright != "" {
		sep()
		add(Span{Text: sentence(a.Copyright)})
	}
	if a.License != "" {
		sep()
		add(Span{Text: "Licence: " + sentence(a.License)})
	}
	return out
}

// sentence ends s with a full stop unless it ends with punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?)") {
		return s
	}
	return s + "."
}
