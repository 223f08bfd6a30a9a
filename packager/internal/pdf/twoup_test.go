package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/offprint/offprint/layouts"
)

// TestTwoUpSheets prints a handout two pages to a sheet side: the sheets
// file has half as many sides as there are pages (rounded up), and each
// side shows page n on its left half and page n+1 on its right, in
// reading order.
func TestTwoUpSheets(t *testing.T) {
	l, err := layouts.Load("handout", nil)
	if err != nil {
		t.Fatal(err)
	}
	l.PageSize, l.Imposition, l.Sheet = "half-letter", "2up", "Letter"
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	ed, fsys := fixture()
	r := renderWith(t, l, ed, fsys)
	n := r.pages
	if n < 3 || n%2 != 0 {
		t.Fatalf("%d reading-order pages, want an even number above 2", n)
	}
	if got := twoUpOrder(5); len(got) != 3 || got[2] != (sheetSide{5, 6}) {
		t.Errorf("twoUpOrder(5) = %v", got)
	}
	needTool(t, "pdftotext")
	sheets := writeTemp(t, "h.pdf", r.files[""])
	pages := writeTemp(t, "h-pages.pdf", r.files["-pages"])
	info := run(t, "pdfinfo", sheets)
	if !strings.Contains(info, fmt.Sprintf("Pages:           %d\n", (n+1)/2)) {
		t.Fatalf("sheets file: want %d sides:\n%s", (n+1)/2, info)
	}
	if !strings.Contains(run(t, "pdfinfo", pages), "Tagged:          yes") || strings.Contains(info, "Tagged:          yes") {
		t.Error("the reading-order pages should be the tagged file, the sheets a print file")
	}
	// Cut marks: stroked lines on every side, none on the pages.
	needTool(t, "qpdf")
	lines := func(file string) int {
		qdf := filepath.Join(t.TempDir(), "q.pdf")
		run(t, "qpdf", "--qdf", "--object-streams=disable", file, qdf)
		raw, err := os.ReadFile(qdf)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Count(raw, []byte(" l S"))
	}
	if marks := lines(sheets) - lines(pages); marks < n/2*2 {
		t.Errorf("%d more stroked lines on the %d sides than on the pages, want cut marks on each", marks, n/2)
	}
	pw, ph, _ := layouts.PageDimensions(l.PageSize)
	sw, sh, _ := layouts.PageDimensions(l.Sheet)
	sw, sh = max(sw, sh), min(sw, sh)
	x0, y0 := (sw-2*pw)/2, (sh-ph)/2
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for side := 1; side <= n/2; side++ {
		for half := range 2 {
			page := 2*(side-1) + half + 1
			want := words(run(t, "pdftotext", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), pages, "-"))
			got := words(run(t, "pdftotext", "-f", fmt.Sprint(side), "-l", fmt.Sprint(side),
				"-x", fmt.Sprint(int(x0+float64(half)*pw)+1), "-y", fmt.Sprint(int(y0)+1),
				"-W", fmt.Sprint(int(pw)-2), "-H", fmt.Sprint(int(ph)-2), sheets, "-"))
			if got != want {
				t.Errorf("side %d, %s half: shows %.80q, want page %d: %.80q", side, [2]string{"left", "right"}[half], got, page, want)
			}
		}
	}
}
