package packager

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var photo = func() []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 1600, 1067)), &jpeg.Options{Quality: 80})
	return b.Bytes()
}()

// corpus is an edition folder of n Markdown articles shaped like
// gencorpus's: front matter, a figure, a heading, a quote, a list, prose.
func corpus(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	para := strings.Repeat("The tide came in and went out again, “as it always does” — and nobody minded. ", 8)
	for i := 1; i <= n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: \"Report %d\"\nauthor: Staff Writer %d\ndate: 2020-01-%02d\nsource: Corpus Review\nurl: https://example.org/report-%d\nlicense: CC BY 4.0\ntags: [world, t%d]\n---\n\n", i, i%17, 1+i%28, i, i%5)
		for p := range 12 {
			switch p {
			case 3:
				fmt.Fprintf(&b, "![Figure %d: the harbour](images/fig-%04d.jpg \"Credit: Agency %d\")\n\n", i, i, i%7)
			case 6:
				fmt.Fprintf(&b, "## Section %d.%d\n\n", i, p)
			case 8:
				b.WriteString("> A quoted line.\n\n- one\n- two\n\n")
			}
			b.WriteString(para + "\n\n")
		}
		fsys[fmt.Sprintf("articles/article-%04d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
		fsys[fmt.Sprintf("articles/images/fig-%04d.jpg", i)] = &fstest.MapFile{Data: photo}
	}
	return fsys
}

// BenchmarkLoad reads and imports 200 articles.
func BenchmarkLoad(b *testing.B) {
	fsys := corpus(200)
	cfg := &Config{File: "edition.yaml", Title: "Bench"}
	b.ResetTimer()
	for range b.N {
		if _, err := Load(context.Background(), fsys, cfg, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadNormalize reads, imports and normalizes 200 articles,
// reading each picture's header.
func BenchmarkLoadNormalize(b *testing.B) {
	fsys := corpus(200)
	cfg := &Config{File: "edition.yaml", Title: "Bench"}
	b.ResetTimer()
	for range b.N {
		l, err := Load(context.Background(), fsys, cfg, LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := Normalize(fsys, cfg, l, NormalizeOptions{Now: time.Unix(0, 0)}); err != nil {
			b.Fatal(err)
		}
	}
}
