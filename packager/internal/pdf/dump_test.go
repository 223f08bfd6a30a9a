package pdf

import (
	"os"
	"testing"

	"github.com/offprint/offprint/layouts"
)

// TestDumpCorpus writes the 30-article corpus in every layout to the
// folder OFFPRINT_CORPUS_DUMP names, to look at:
//
//	OFFPRINT_CORPUS_DUMP=/tmp/pdfs go test ./packager/pdf -run TestDumpCorpus
//	pdftoppm -r 50 -png /tmp/pdfs/magazine.pdf /tmp/p
func TestDumpCorpus(t *testing.T) {
	dir := os.Getenv("OFFPRINT_CORPUS_DUMP")
	if dir == "" {
		t.Skip("set OFFPRINT_CORPUS_DUMP to a folder to write the corpus PDFs to")
	}
	ed, fsys := corpus(30, 12)
	for name, lf := range map[string]func(testing.TB) *layouts.Layout{
		"magazine": builtin("magazine"), "three-columns": threeColumns, "ereader": builtin("ereader"),
		"handout": builtin("handout"), "booklet": builtin("booklet"),
	} {
		l := lf(t)
		l.Name = name
		t.Setenv("OFFPRINT_PDF_DUMP", dir)
		renderWith(t, l, ed, fsys)
	}
}
