package epub

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/packager/model"
)

func jpegOf(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y += 7 {
		for x := range w {
			img.Set(x, y, color.RGBA{200, uint8(x), 40, 255})
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	return b.Bytes()
}

// TestImagePolicy: pictures over epub.max_px are scaled down, greyed under
// epub.grayscale, and the rest go in byte for byte.
func TestImagePolicy(t *testing.T) {
	big, small := jpegOf(2400, 1200), jpegOf(300, 200)
	fsys := fstest.MapFS{"images/big.jpg": {Data: big}, "images/small.jpg": {Data: small}}
	fig := func(p string, w, h int) *model.Figure {
		return &model.Figure{Image: &model.Image{Src: p, Path: p, Format: "jpeg", Width: w, Height: h}, Alt: p, Caption: []model.Span{{Text: p}}, Credit: "Photo: Test"}
	}
	ed := &model.Edition{Title: "Policy", Language: "en", Identifier: "urn:uuid:00000000-0000-5000-8000-000000000000", Slug: "policy",
		Date: time.Unix(0, 0).UTC(), Modified: time.Unix(0, 0).UTC(),
		Sections: []*model.Section{{Articles: []*model.Article{{ID: "a1", Title: "A", Blocks: []model.Block{fig("images/big.jpg", 2400, 1200), fig("images/small.jpg", 300, 200)}}}}}}

	lay := builtinLayout(t, "ereader")
	lay.EPUB.MaxPx = 1000
	book, diags := renderBook(t, ed, fsys, lay)
	if len(diags) > 0 {
		t.Fatalf("warnings: %v", diags)
	}
	files, _ := entries(t, book)
	cfg, err := jpeg.DecodeConfig(bytes.NewReader([]byte(files["EPUB/images/big.jpg"])))
	if err != nil || cfg.Width != 1000 || cfg.Height != 500 {
		t.Errorf("big picture in the book is %dx%d (%v), want 1000x500", cfg.Width, cfg.Height, err)
	}
	if files["EPUB/images/small.jpg"] != string(small) {
		t.Error("a picture within max_px was re-encoded")
	}

	lay.EPUB.Grayscale = true
	book, _ = renderBook(t, ed, fsys, lay)
	files, _ = entries(t, book)
	img, err := jpeg.Decode(bytes.NewReader([]byte(files["EPUB/images/small.jpg"])))
	if err != nil {
		t.Fatal(err)
	}
	r, g, b, _ := img.At(5, 0).RGBA()
	if r>>8 != g>>8 || g>>8 != b>>8 {
		t.Errorf("grayscale picture has colour %d %d %d", r>>8, g>>8, b>>8)
	}
}

// TestSamePictureOnce: one photo saved under three paths (the same page
// kept in three containers, say) goes in the book once, and every page
// shows that one file.
func TestSamePictureOnce(t *testing.T) {
	photo := jpegOf(300, 200)
	fsys := fstest.MapFS{"a/photo.jpg": {Data: photo}, "b/photo.jpg": {Data: photo}, "c/shot.jpg": {Data: photo}, "d/other.jpg": {Data: jpegOf(200, 300)}}
	fig := func(p string, w, h int) *model.Figure {
		return &model.Figure{Image: &model.Image{Src: p, Path: p, Format: "jpeg", Width: w, Height: h}, Alt: p, Caption: []model.Span{{Text: p}}, Credit: "Photo: Test"}
	}
	art := func(id, p string, w, h int) *model.Article {
		return &model.Article{ID: id, Title: id, Blocks: []model.Block{fig(p, w, h)}}
	}
	ed := &model.Edition{Title: "Twice", Language: "en", Identifier: "urn:uuid:00000000-0000-5000-8000-000000000001", Slug: "twice",
		Date: time.Unix(0, 0).UTC(), Modified: time.Unix(0, 0).UTC(),
		Sections: []*model.Section{{Articles: []*model.Article{art("a1", "a/photo.jpg", 300, 200), art("a2", "b/photo.jpg", 300, 200),
			art("a3", "c/shot.jpg", 300, 200), art("a4", "d/other.jpg", 200, 300)}}}}
	book, _ := renderBook(t, ed, fsys, builtinLayout(t, "ereader"))
	files, _ := entries(t, book)
	var pics []string
	for name := range files {
		if strings.HasPrefix(name, "EPUB/images/") && !strings.Contains(name, "cover") {
			pics = append(pics, name)
		}
	}
	slices.Sort(pics)
	if want := []string{"EPUB/images/a-photo.jpg", "EPUB/images/d-other.jpg"}; !slices.Equal(pics, want) {
		t.Errorf("the book holds pictures %v, want %v", pics, want)
	}
	srcs := map[string]bool{}
	for name, body := range files {
		if strings.HasPrefix(name, "EPUB/xhtml/") {
			for _, m := range regexp.MustCompile(`<img[^>]* src="([^"]+)"`).FindAllStringSubmatch(body, -1) {
				srcs[m[1]] = true
			}
		}
	}
	delete(srcs, "../images/cover.png")
	if len(srcs) != 2 || !srcs["../images/a-photo.jpg"] {
		t.Errorf("pages show %v, want the photo's one file and the other picture", srcs)
	}
}
