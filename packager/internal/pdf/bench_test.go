package pdf

import (
	"context"
	"fmt"
	"io"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// bigEdition is 200 articles of about 1,200 words with two photographs
// each; the photographs differ only by a JPEG comment, so each is
// embedded.
func bigEdition() (*model.Edition, fstest.MapFS) {
	fsys := fstest.MapFS{}
	real := jpegBytes(1600, 1100)
	ed := &model.Edition{Title: "Big", Slug: "big", Modified: time.Unix(0, 0).UTC()}
	for s := range 4 {
		sec := &model.Section{Title: fmt.Sprintf("Section %d", s+1)}
		for a := range 50 {
			var blocks []model.Block
			for p := range 12 {
				blocks = append(blocks, para(text(lorem(100))))
				if p == 3 || p == 8 {
					path := fmt.Sprintf("images/%d-%d-%d.jpg", s, a, p)
					fsys[path] = &fstest.MapFile{Data: withComment(real, path)}
					blocks = append(blocks, &model.Figure{Image: img(path, "jpeg", 1600, 1100),
						Caption: []model.Span{text("A photograph")}, Credit: "Credit: Agency"})
				}
				if p == 5 {
					blocks = append(blocks, &model.Heading{Level: 2, Spans: []model.Span{text("A heading")}})
				}
			}
			sec.Articles = append(sec.Articles, &model.Article{Title: fmt.Sprintf("Article %d.%d", s+1, a+1),
				Attribution: model.Attribution{Authors: []string{"A. Writer"}, License: "CC BY 4.0"}, Blocks: blocks})
		}
		ed.Sections = append(ed.Sections, sec)
	}
	return ed, fsys
}

func BenchmarkRenderMagazine(b *testing.B) {
	ed, fsys := bigEdition()
	benchRender(b, ed, fsys)
}

// benchRender renders an edition in the magazine layout, reporting pages
// and the megabytes of photographs it holds.
func benchRender(b *testing.B, ed *model.Edition, fsys fstest.MapFS) {
	l, err := layouts.Load("magazine", nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		r := New(Options{Layout: l, FS: fsys})
		files, err := renderPresented(context.Background(), r, ed, func(string) (io.Writer, error) { return io.Discard, nil })
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(files[0].Pages), "pages")
	}
	b.ReportMetric(photoMB(fsys), "MB-photos")
}

// withComment returns a JPEG with a comment segment after its start
// marker: the same picture, other bytes.
func withComment(jpg []byte, c string) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xFE, byte((len(c)+2)>>8), byte(len(c)+2))
	out = append(out, c...)
	return append(out, jpg[2:]...)
}

// BenchmarkRenderCorpus renders 200 articles shaped like the shared
// corpus generator's, with varied words, a figure, a heading, a quotation
// and a list each, in the magazine layout.
func BenchmarkRenderCorpus(b *testing.B) {
	ed, fsys := corpus(200, 12)
	for p, f := range fsys {
		f.Data = withComment(f.Data, p)
	}
	benchRender(b, ed, fsys)
}

// photoMB is the size of an edition's pictures in megabytes, to read the
// allocations against.
func photoMB(fsys fstest.MapFS) float64 {
	n := 0
	for _, f := range fsys {
		n += len(f.Data)
	}
	return float64(n) / 1e6
}
