package pdf

import (
	"errors"
	"strings"
	"testing"

	"github.com/offprint/offprint/layouts"
)

// TestFitFindsLargestScale asks the fixture for one page fewer than it
// takes: the scale chosen fits, half a percent more does not, and the
// same search gives the same scale again. Asked for far fewer pages, it
// fails naming the smallest scale and the overflow.
func TestFitFindsLargestScale(t *testing.T) {
	l, err := layouts.Load("handout", nil)
	if err != nil {
		t.Fatal(err)
	}
	ed, fsys := fixture()
	ed = presented(ed)
	natural, err := New(Options{Layout: l, FS: fsys}).layout(t.Context(), ed, false)
	if err != nil {
		t.Fatal(err)
	}
	n := len(natural.pages)
	if n < 3 {
		t.Fatalf("the fixture takes %d pages", n)
	}
	fit := *l
	fit.Fit = layouts.Fit{N: n - 1}
	fit.FitMinScale = 0.5
	var scales []float64
	for range 2 {
		c, err := New(Options{Layout: &fit, FS: fsys}).fitted(t.Context(), ed)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.pages) > n-1 || c.l.Scale >= 1 || c.l.Scale < 0.5 {
			t.Fatalf("fit %d pages: %d pages at scale %g", n-1, len(c.pages), c.l.Scale)
		}
		if float64(c.l.FontSize) != float64(l.FontSize)*c.l.Scale {
			t.Errorf("type at %s, want %g × %s", c.l.FontSize, c.l.Scale, l.FontSize)
		}
		scales = append(scales, c.l.Scale)
	}
	if scales[0] != scales[1] {
		t.Errorf("the search chose %g, then %g", scales[0], scales[1])
	}
	above, err := New(Options{Layout: scaled(l, scales[0]+0.005), FS: fsys}).layout(t.Context(), ed, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(above.pages) <= n-1 {
		t.Errorf("at %g it fits %d pages too: the search stopped short", scales[0]+0.005, len(above.pages))
	}

	fit.Fit, fit.FitMinScale = layouts.Fit{N: 1}, 0.9
	_, err = New(Options{Layout: &fit, FS: fsys}).fitted(t.Context(), ed)
	var fe *FitError
	if !errors.As(err, &fe) || fe.MinScale != 0.9 || fe.Pages <= 1 || !strings.Contains(err.Error(), "at the smallest size allowed (90 %)") {
		t.Errorf("fit 1 page: %v", err)
	}
}
