// Package testtool is what the tests of several packages share for
// running the external validators: epubcheck over many EPUBs in one JVM,
// the rule for a validator that is not installed (skip with a message,
// or fail when OFFPRINT_REQUIRE_TOOLS=1), the page-economy check of a
// PDF from its text and picture positions (poppler's pdftotext,
// pdftohtml and pdftoppm), and a reproducible corpus of articles to
// build. Only tests import it.
package testtool
