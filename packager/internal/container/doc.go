// Package container opens the files people archive web pages in —
// SingleFile pages, MHTML, web archives (WARC, WACZ), feeds (RSS, Atom,
// JSON Feed) and wallabag exports — into pages: each page's HTML, its
// address, the dates and names the container records, and the pictures
// it carries. The pages are articles for the HTML importer; this package
// only unpacks them, so that a page builds the same whichever container
// it arrives in.
//
// Every container is untrusted input: the number of pages and records,
// the size of each part, and what compressed data may expand to are
// limited, and archives are streamed (pages and pictures are spooled to
// a temporary file), never read whole into memory.
package container
