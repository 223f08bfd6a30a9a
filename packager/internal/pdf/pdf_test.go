package pdf

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/offprint/offprint/layouts"
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
	err := r.Render(context.Background(), ed, func(suffix string) (io.Writer, error) {
		b := &bytes.Buffer{}
		bufs[suffix] = b
		return b, nil
	})
	if err != nil {
		t.Fatalf("render %s: %v", l.Name, err)
	}
	for k, b := range bufs {
		out.files[k] = b.Bytes()
	}
	out.pages = r.Pages()
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
			r := render(t, name)
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
