package testtool

import (
	"bytes"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWriteCorpus checks that a corpus is the same at every writing, that
// its photos are JPEGs of the stated size, and that each article refers
// to its figure.
func TestWriteCorpus(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	t0 := time.Now()
	figs, err := WriteCorpus(a, 10, 1600)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("10 articles written in %v", time.Since(t0))
	if _, err := WriteCorpus(b, 10, 1600); err != nil {
		t.Fatal(err)
	}
	if len(figs) != 10 {
		t.Fatalf("%d figures, want 10", len(figs))
	}
	for _, name := range []string{"edition.yaml", "articles/article-0001.md", "articles/article-0005.md", "articles/images/fig-0001.jpg", "articles/images/fig-0005.jpg"} {
		x, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		y, _ := os.ReadFile(filepath.Join(b, name))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two writings", name)
		}
	}
	for i, want := range [][2]int{{1600, 1066}, {1066, 1600}} {
		name := []string{"fig-0001.jpg", "fig-0005.jpg"}[i]
		f, err := os.Open(filepath.Join(a, "articles", "images", name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s := img.Bounds().Size(); s.X != want[0] || s.Y != want[1] {
			t.Errorf("%s is %v, want %v", name, s, want)
		}
		if st, _ := os.Stat(filepath.Join(a, "articles", "images", name)); st.Size() > 60_000 {
			t.Errorf("%s takes %d bytes", name, st.Size())
		}
	}
	md, _ := os.ReadFile(filepath.Join(a, "articles", "article-0003.md"))
	for _, want := range []string{"title: \"Report 3: ", figs[2].Reference + "\n\n![" + figs[2].Caption + "](images/fig-0003.jpg \"Credit: Agency 3\")", "\n## ", "\n> ", "\n- "} {
		if !strings.Contains(string(md), want) {
			t.Errorf("article-0003.md lacks %q:\n%s", want, md)
		}
	}
}

// BenchmarkWriteCorpus writes the 200-article corpus with 1600-pixel
// photos.
func BenchmarkWriteCorpus(b *testing.B) {
	for range b.N {
		if _, err := WriteCorpus(b.TempDir(), 200, 1600); err != nil {
			b.Fatal(err)
		}
	}
}
