// Package epub renders an edition as an EPUB 3 book.
//
// It lays out the edition it is handed, presented (package present): the
// labels, bylines, alternative text, credits entries, ids, languages and
// link targets are read from the model, never worked out again here. What
// is the EPUB's own is where things go: file names, anchors made valid
// XML names, and the markup.
//
// Rendering has two steps. The pages are written first, in reading order:
// the cover, the title page, a page per titled section, a page per
// article (named by its id) and "Sources and credits", each one's body
// made by xhtml.go and pages.go. Then the book is written once, as a zip,
// by one piece of code (write.go):
//
//   - the package document carries the edition's metadata (every author,
//     publisher, date, coverage, a stable identifier, series and issue as
//     an EPUB 3 collection and for calibre, accessibility metadata) and
//     dcterms:modified from Edition.Modified, never the clock;
//   - the navigation document and the NCX list sections and their
//     articles, with landmarks;
//   - pictures are streamed from the edition folder (or from memory when
//     they were scaled or drawn), each once however many figures show it;
//     JPEG, PNG, GIF and WebP are stored as they are, SVG is deflated with
//     the text;
//   - entries are ordered (mimetype first and stored, then the container
//     and the package document, then by name), dated Edition.Modified and
//     written without extra fields or data descriptors, so that the same
//     edition gives the same bytes.
//
// Nothing in the package is shared between renders: editions may be
// rendered concurrently, and no URL is ever fetched.
//
// Problems that leave a usable book (an unreadable picture, a link that
// leads nowhere) are reported through Options.Warn; a figure whose picture
// cannot be used keeps its caption and credit.
package epub
