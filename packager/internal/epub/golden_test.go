package epub

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden compares the package document and the navigation documents
// of the test edition with testdata/*.golden; -update rewrites them.
func TestGolden(t *testing.T) {
	ed, fsys := testEdition(t)
	data, _ := renderBook(t, ed, fsys, builtinLayout(t, "ereader"))
	files, _ := entries(t, data)
	for _, c := range []struct{ entry, golden string }{
		{opfName, "package.opf.golden"},
		{navName, "nav.xhtml.golden"},
		{ncxName, "toc.ncx.golden"},
	} {
		got := files[c.entry]
		file := filepath.Join("testdata", c.golden)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test -update to write it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", c.entry, file, lineDiff(string(want), got))
		}
	}
}

// lineDiff shows the lines of got that are not where want has them.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl + "\n")
		}
	}
	return b.String()
}
