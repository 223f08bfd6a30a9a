// Package epub renders an edition as an EPUB 3 book with go-shiori/go-epub.
//
// It lays out the edition it is handed, presented (package present): the
// labels, bylines, alternative text, credits entries, ids, languages and
// link targets are read from the model, never worked out again here. What
// is the EPUB's own is where things go: file names, anchors made valid
// XML names, and the markup.
//
// go-epub writes the container and one XHTML page per part of the book:
// the cover, the title page, a page per titled section, a page per
// article (named by its id) and "Sources and credits". Everything it
// cannot do is done by one pass over its output (postprocess.go):
//
//   - the package document is written anew, with the edition's metadata
//     (every author, publisher, date, a stable identifier, series and
//     issue as an EPUB 3 collection and for calibre, accessibility
//     metadata) and dcterms:modified from Edition.Modified, never the
//     clock;
//   - the navigation document and the NCX, which list sections and their
//     articles, replace go-epub's;
//   - pictures never pass through go-epub: they are streamed from the
//     edition folder into STORED entries, each once however many figures
//     show it;
//   - entries are ordered (mimetype first and stored) and dated
//     Edition.Modified, so that the same edition gives the same bytes.
//
// go-epub is only ever given data (the stylesheet as a data: URL), never
// a URL, and its HTTP client cannot reach the network. Its in-memory file
// system is shared by the whole process, so writing is serialised.
//
// Problems that leave a usable book (an unreadable picture, a link that
// leads nowhere) are reported through Options.Warn; a figure whose picture
// cannot be used keeps its caption and credit.
package epub
