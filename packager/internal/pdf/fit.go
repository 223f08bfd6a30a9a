package pdf

import (
	"context"
	"fmt"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// FitError is an edition that does not fit the pages a layout's fit asks
// for, even at the smallest scale the layout allows.
type FitError struct {
	// Edition names the edition (its title).
	Edition string
	// Fit is what was asked for, and Want the pages it allows.
	Fit  layouts.Fit
	Want int
	// MinScale is the smallest scale tried, and Pages the pages the
	// edition takes at it.
	MinScale float64
	Pages    int
}

// Error says by how much the edition overflows at the smallest size.
func (e *FitError) Error() string {
	what := e.Fit.String()
	if e.Fit.Sheets {
		what += fmt.Sprintf(" (%d pages)", e.Want)
	}
	return fmt.Sprintf("%s does not fit %s: at the smallest size allowed (%.0f %%) it takes %d pages; %d too many",
		e.Edition, what, e.MinScale*100, e.Pages, e.Pages-e.Want)
}

// Hint says what would make the edition fit.
func (e *FitError) Hint() string {
	return fmt.Sprintf("ask for more pages (fit: %d pages would do at %.0f %%), or allow a smaller size with fit_min_scale in the layout",
		e.Pages, e.MinScale*100)
}

// scaled is l with type, leading and pictures scaled by s.
func scaled(l *layouts.Layout, s float64) *layouts.Layout {
	c := *l
	c.FontSize = layouts.Size(float64(l.FontSize) * s)
	c.Leading = layouts.Size(float64(l.Leading) * s)
	c.Scale = s
	return &c
}

// fitted composes the edition: at the layout's own size, or, when the
// layout asks to fit a number of pages, at the largest scale between
// fit_min_scale and fit_max_scale at which it fits, found by a binary
// search over whole layouts in steps of half a percent (so the same
// edition always gets the same scale). It is a *FitError when the
// edition does not fit even at fit_min_scale.
func (r *Renderer) fitted(ctx context.Context, ed *model.Edition) (*composer, error) {
	l := r.opts.Layout
	if l.Fit.N == 0 {
		return r.layout(ctx, ed, false)
	}
	want := l.Fit.Pages(l.Imposition)
	var pics *pictures
	type trial struct {
		c     *composer
		warns []model.Diagnostic
	}
	tried := map[int]trial{}
	try := func(permille int) (trial, error) {
		if t, ok := tried[permille]; ok {
			return t, nil
		}
		var t trial
		c, err := r.layoutWith(ctx, scaled(l, float64(permille)/1000), ed, false, func(d model.Diagnostic) { t.warns = append(t.warns, d) }, pics)
		if err != nil {
			return t, err
		}
		pics = c.pics // loaded (and converted) once for every trial
		t.c = c
		tried[permille] = t
		return t, nil
	}
	done := func(t trial) (*composer, error) {
		if r.opts.Warn != nil {
			for _, d := range t.warns {
				r.opts.Warn(d)
			}
		}
		return t.c, nil
	}
	lo, hi := int(l.FitMinScale*1000+0.5), int(l.FitMaxScale*1000+0.5)
	top, err := try(hi)
	if err != nil {
		return nil, err
	}
	if len(top.c.pages) <= want {
		return done(top)
	}
	bottom, err := try(lo)
	if err != nil {
		return nil, err
	}
	if len(bottom.c.pages) > want {
		return nil, &FitError{Edition: ed.Shown.Title, Fit: l.Fit, Want: want, MinScale: float64(lo) / 1000, Pages: len(bottom.c.pages)}
	}
	// lo fits, hi does not.
	for hi-lo > 5 {
		mid := (lo + hi) / 2
		t, err := try(mid)
		if err != nil {
			return nil, err
		}
		if len(t.c.pages) <= want {
			delete(tried, lo) // its pages are done with
			lo = mid
		} else {
			delete(tried, mid)
			hi = mid
		}
	}
	return done(tried[lo])
}
