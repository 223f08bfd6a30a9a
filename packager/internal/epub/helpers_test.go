package epub

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"sync"
	"testing"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/mediatest"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// renderBook renders ed with a layout (nil: none) and returns the EPUB's
// bytes and the warnings.
func renderBook(t testing.TB, ed *model.Edition, fsys fs.FS, lay *layouts.Layout) ([]byte, []model.Diagnostic) {
	t.Helper()
	var mu sync.Mutex
	var diags []model.Diagnostic
	r := New(Options{Layout: lay, FS: fsys, Warn: func(d model.Diagnostic) {
		mu.Lock()
		defer mu.Unlock()
		diags = append(diags, d)
	}})
	var buf bytes.Buffer
	opened := 0
	diags = append(diags, present.Edition(ed)...)
	mediatest.ReadHeaders(ed, fsys)
	err := r.Render(context.Background(), ed, func(name string) (io.Writer, error) {
		if name != ed.Slug+".epub" {
			t.Errorf("open(%q): the EPUB is one file, <slug>.epub", name)
		}
		opened++
		return &buf, nil
	})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if opened != 1 {
		t.Fatalf("Render opened %d outputs, want 1", opened)
	}
	return buf.Bytes(), diags
}

// presented presents ed, as a build does before rendering.
func presented(ed *model.Edition) *model.Edition {
	present.Edition(ed)
	return ed
}

func builtinLayout(t testing.TB, name string) *layouts.Layout {
	t.Helper()
	l, err := layouts.Load(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// entries reads a zip into a map of entry name to contents.
func entries(t testing.TB, data []byte) (map[string]string, *zip.Reader) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = string(b)
	}
	return out, zr
}
