package layouts

import (
	"strings"
	"testing"
)

func TestParseFit(t *testing.T) {
	for in, want := range map[string]Fit{
		"1 sheet": {1, true}, "2 sheets": {2, true}, "2 pages": {2, false}, "1 Page": {1, false}, " 3 ": {3, false}, "": {}, "none": {},
	} {
		got, err := ParseFit(in)
		if err != nil || got != want {
			t.Errorf("ParseFit(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"two pages", "0 pages", "1 leaf", "-1 sheets", "1 sheet extra"} {
		if _, err := ParseFit(in); err == nil {
			t.Errorf("ParseFit(%q) took it", in)
		}
	}
	if p := (Fit{1, true}).Pages("none"); p != 2 {
		t.Errorf("1 sheet is %d pages, want 2", p)
	}
	if p := (Fit{1, true}).Pages("2up"); p != 4 {
		t.Errorf("1 sheet in 2up is %d pages, want 4", p)
	}
}

func TestFitKeysValidate(t *testing.T) {
	l, err := Load("handout", nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.FitMinScale != 0.8 || l.FitMaxScale != 1 || l.Fit.N != 0 {
		t.Errorf("handout: fit %v, scales %g–%g", l.Fit, l.FitMinScale, l.FitMaxScale)
	}
	l.FitMinScale = 0.3
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), "fit_min_scale") {
		t.Errorf("fit_min_scale 0.3: %v", err)
	}
	l.FitMinScale, l.Color = 0.8, "sepia"
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), "color") {
		t.Errorf("color sepia: %v", err)
	}
}

func FuzzParseFit(f *testing.F) {
	for _, s := range []string{"1 sheet", "2 pages", "none", "", "x pages", "99999 sheets"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fit, err := ParseFit(s)
		if err != nil {
			return
		}
		if again, err := ParseFit(fit.String()); err != nil || again != fit {
			t.Errorf("%q: %v does not read back (%v, %v)", s, fit, again, err)
		}
	})
}
