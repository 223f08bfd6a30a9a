package pdf

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/mediatest"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

type rendered struct {
	files map[string][]byte // by suffix
	warns []model.Diagnostic
	pages int
}

func render(t testing.TB, layout string) rendered {
	t.Helper()
	l, err := layouts.Load(layout, nil)
	if err != nil {
		t.Fatal(err)
	}
	ed, fsys := fixture()
	return renderWith(t, l, ed, fsys)
}

// fixtureRenders holds the fixture rendered in each layout, for the tests
// that only read the result: rendering it again for each would take most
// of the package's time.
var fixtureRenders struct {
	sync.Mutex
	m map[string]rendered
}

// renderFixture is render, done once per layout.
func renderFixture(t testing.TB, layout string) rendered {
	t.Helper()
	fixtureRenders.Lock()
	defer fixtureRenders.Unlock()
	if r, ok := fixtureRenders.m[layout]; ok {
		return r
	}
	r := render(t, layout)
	if fixtureRenders.m == nil {
		fixtureRenders.m = map[string]rendered{}
	}
	fixtureRenders.m[layout] = r
	return r
}

func renderWith(t testing.TB, l *layouts.Layout, ed *model.Edition, fsys fs.FS) rendered {
	t.Helper()
	var mu sync.Mutex
	out := rendered{files: map[string][]byte{}}
	bufs := map[string]*bytes.Buffer{}
	r := New(Options{Layout: l, FS: fsys, Warn: func(d model.Diagnostic) {
		mu.Lock()
		out.warns = append(out.warns, d)
		mu.Unlock()
	}})
	files, err := renderPresented(context.Background(), r, ed, func(name string) (io.Writer, error) {
		b := &bytes.Buffer{}
		bufs[name] = b
		return b, nil
	})
	if err != nil {
		t.Fatalf("render %s: %v", l.Name, err)
	}
	for _, f := range files {
		// by suffix: "" for <slug>.pdf, "-pages" for <slug>-pages.pdf
		suffix := strings.TrimSuffix(strings.TrimPrefix(f.Name, ed.Slug), ".pdf")
		out.files[suffix] = bufs[f.Name].Bytes()
		out.pages = max(out.pages, f.Pages)
	}
	if dir := os.Getenv("OFFPRINT_PDF_DUMP"); dir != "" {
		for k, b := range out.files {
			_ = os.MkdirAll(dir, 0o755)
			_ = os.WriteFile(filepath.Join(dir, l.Name+k+".pdf"), b, 0o644)
		}
	}
	return out
}

func TestRenderBuiltins(t *testing.T) {
	for _, name := range layouts.Builtins() {
		t.Run(name, func(t *testing.T) {
			r := renderFixture(t, name)
			if len(r.files[""]) == 0 {
				t.Fatal("no PDF written")
			}
			for _, w := range r.warns {
				t.Logf("warning: %s: %s", w.Code, w.Error())
			}
		})
	}
}

func discard(string) (io.Writer, error) { return io.Discard, nil }

// renderPresented presents ed, as a build does before rendering, and
// renders it.
func renderPresented(ctx context.Context, r *Renderer, ed *model.Edition, open func(string) (io.Writer, error)) ([]File, error) {
	present.Edition(ed)
	mediatest.ReadHeaders(ed, r.opts.FS)
	return r.Render(ctx, ed, open)
}

// presented presents ed, as a build does before rendering, and returns it.
func presented(ed *model.Edition) *model.Edition {
	present.Edition(ed)
	return ed
}
