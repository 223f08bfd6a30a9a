// Package pdf renders an edition as a print-ready PDF with go-pdf/fpdf.
//
// It lays out the edition it is handed, presented (package present): the
// labels, bylines, credits entries, ids, languages, link targets and the
// wording of the print-resolution warning are read from the model or
// asked of package present, never worked out again here. What is the
// PDF's own is where things go on the page.
//
// fpdf only draws; the typesetting is ours, in package typeset: text is
// measured with the embedded fonts, broken into lines, flowed into the
// columns of pages and recorded as display lists. Rendering is three
// steps:
//
//  1. compose: the model becomes elements (paragraphs, headings, lists,
//     tables, figures…) that a typeset.Flow places in columns, page by
//     page. Text is broken into lines by Knuth and Plass's total-fit
//     algorithm and hyphenated by the language of its article; pictures
//     are sized by the layout's one rule (layouts.Layout.FigureSize), and
//     wide ones, and tables too wide for a column, go across the page. The cover, the contents (measured first, filled in once every
//     article's first page is known), the articles and the credits each
//     append pages; running heads and folios are added last.
//  2. draw: each page's display list is written into an fpdf document,
//     with only the faces and pictures the pages use embedded. In a
//     tagged PDF (the layout's tagged key) what each element draws is
//     marked as the structure element the composer said it is
//     (typeset.Tag), everything else as an artifact; the structure tree,
//     its parent tree and the catalog's and pages' entries for it are
//     added in the pass over fpdf's output that splices in the pictures
//     (tags.go, splice.go).
//  3. impose: for saddle-stitched booklets and 2up handouts the same
//     display lists are drawn again, two to a sheet side, in saddle or
//     reading order (impose.go).
//
// A layout that asks to fit a number of pages (fit.go) is composed again
// at scales of its type, leading and pictures until the largest that
// fits is found. Before drawing, the print checks a printer's preflight
// makes are run on the composed pages (preflight.go); offprint check runs
// the same through Renderer.Preflight. A layout that prints in grey
// (gray.go) has its pictures converted once by media.Gray and paints
// only with grey operators, text in black.
//
// Pictures are read from the edition folder: JPEG passes through as it is,
// PNG that fpdf cannot take, GIF and WebP are decoded and re-encoded, SVG
// is drawn as vectors. A picture that cannot be used is reported and its
// caption and credit are printed in a box instead.
package pdf
