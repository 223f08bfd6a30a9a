// Package typeset is offprint's small typesetting engine: it knows fonts,
// lines, columns and pages, and nothing of the edition model or of PDF.
//
// Inline text goes through a Builder, which turns styled runs into a list
// of items after Knuth and Plass (boxes, glue and penalties), choosing a
// fallback face for characters the main face lacks. A Breaker chooses the
// line breaks; Greedy is a first-fit breaker, and an optimal breaker can
// take its place behind the same interface. Lines become a TextBlock, one
// of the Elements (with Fixed, Keep and Stack) that a Flow paginates into
// the columns of pages, splitting, moving or floating them so that nothing
// passes the bottom of a column. What the Flow places is recorded as each
// Page's display list of Ops, which a renderer draws.
package typeset
