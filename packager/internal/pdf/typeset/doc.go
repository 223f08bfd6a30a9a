// Package typeset is offprint's small typesetting engine: it knows fonts,
// lines, columns and pages, and nothing of the edition model or of PDF.
//
// Inline text goes through a Builder, which turns styled runs into a list
// of items after Knuth and Plass (boxes, glue and penalties), choosing a
// fallback face for characters the main face lacks and, given a
// hyphenator (package hyphen), marking where words may break. A Breaker
// chooses the line breaks: KnuthPlass is TeX's total-fit algorithm, for
// justified and ragged text alike; Greedy is first fit. Lines become a
// TextBlock, one of the Elements (with Fixed, Keep and Stack) that a Flow
// paginates into the columns of pages on a baseline grid: it splits them
// without leaving a widow, an orphan or a hyphen at the foot of a column,
// keeps headings with their text, floats figures to the next column or
// across the top or foot of a page, balances the columns of a last page,
// and never lets anything pass the bottom of a column. What the Flow
// places is recorded as each Page's display list of Ops, which a renderer
// draws.
package typeset
