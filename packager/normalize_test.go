package packager

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

func pngBytes(w, h int) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)))
	return b.Bytes()
}

// bombPNG is a valid PNG header declaring width × height pixels, with no
// pixel data worth decoding.
func bombPNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func figureArticle(file string, srcs ...string) *model.Article {
	a := &model.Article{File: file, Title: "Pictures"}
	for i, s := range srcs {
		a.Blocks = append(a.Blocks, &model.Figure{Image: &model.Image{Src: s}, Caption: []model.Span{{Text: "cap"}}, Line: 10 + i})
	}
	return a
}

func TestNormalizeResolvesPicturesAndWarnsNamingArticleAndLine(t *testing.T) {
	fsys := fstest.MapFS{
		"images/ok.png":         {Data: pngBytes(40, 30)},
		"articles/pic.png":      {Data: pngBytes(8, 8)},
		"images/bomb.png":       {Data: bombPNG(100000, 100000)},
		"images/corrupt.jpg":    {Data: []byte("\xff\xd8\xff\xe0garbage")},
		"images/drawing.svg":    {Data: []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"></svg>`)},
		"images/with space.png": {Data: pngBytes(2, 2)},
	}
	a := figureArticle("articles/a.md",
		"../images/ok.png", "pic.png", "../images/gone.jpg", "https://example.org/x.jpg",
		"../../etc/passwd", "/etc/passwd", "../images/bomb.png", "../images/corrupt.jpg",
		"../images/drawing.svg", "../images/with%20space.png")
	ed, diags, err := Normalize(fsys, &Config{File: "edition.yaml", Title: "T"}, &Loaded{Sections: []LoadedSection{{Articles: []*model.Article{a}}}}, NormalizeOptions{Now: time.Unix(0, 0), MaxPixels: 100_000_000})
	if err != nil {
		t.Fatal(err)
	}
	figs := ed.Articles()[0].Figures()
	if p := figs[0].Image; p.Path != "images/ok.png" || p.Format != "png" || p.Width != 40 || p.Height != 30 {
		t.Errorf("ok.png resolved to %+v", p)
	}
	if p := figs[1].Image; p.Path != "articles/pic.png" {
		t.Errorf("pic.png resolved to %+v", p)
	}
	if p := figs[8].Image; p.Format != "svg" || p.Width != 300 || p.Height != 150 {
		t.Errorf("svg resolved to %+v", p)
	}
	if p := figs[9].Image; p.Path != "images/with space.png" {
		t.Errorf("escaped path resolved to %+v", p)
	}
	want := map[int]string{
		12: "missing-image: picture images/gone.jpg not found",
		13: "remote-image: picture https://example.org/x.jpg is on the web and is not fetched",
		14: "outside-image: picture ../../etc/passwd is outside the edition folder",
		15: "outside-image: picture /etc/passwd is an absolute path",
		16: "image-too-large: picture images/bomb.png is refused: picture is 100000 × 100000 pixels",
		17: "bad-image: picture images/corrupt.jpg cannot be used",
	}
	if len(diags) != len(want) {
		t.Errorf("got %d diagnostics, want %d: %v", len(diags), len(want), diags)
	}
	for _, d := range diags {
		w, ok := want[d.Line]
		if !ok || d.File != "articles/a.md" || !strings.HasPrefix(d.Code+": "+d.Msg, w) {
			t.Errorf("line %d: got %s: %s, want %s", d.Line, d.Code, d.Msg, w)
		}
	}
	for i := 2; i <= 7; i++ {
		if figs[i].Image == nil || figs[i].Image.Path != "" {
			t.Errorf("figure %d keeps a path after a warning: %+v", i, figs[i].Image)
		}
	}
}

func TestNormalizeMetadataDefaults(t *testing.T) {
	cfg := &Config{File: "edition.yaml", Title: "Corpus Weekly", Issue: "12", License: "CC BY 4.0", Date: "2020-01-03"}
	if _, err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	arts := []*model.Article{{File: "a.md", Title: "A"}, {File: "b.md", Title: "A", Attribution: model.Attribution{License: "CC0"}, Lang: "ar"}}
	ed, _, err := Normalize(fstest.MapFS{}, cfg, &Loaded{Sections: []LoadedSection{{Title: "S", Articles: arts}}}, NormalizeOptions{Now: time.Date(2030, 5, 5, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	present.Edition(ed)
	if ed.Slug != "corpus-weekly-012" || ed.Series != "Corpus Weekly" || ed.Language != "en" || ed.Issue != 12 {
		t.Errorf("edition = %+v", ed)
	}
	if ed.Date.Format("2006-01-02") != "2020-01-03" || ed.Modified.Year() != 2030 {
		t.Errorf("date %v modified %v", ed.Date, ed.Modified)
	}
	a, b := ed.Articles()[0], ed.Articles()[1]
	if a.License != "CC BY 4.0" || !a.LicenseFromEdition || b.License != "CC0" || b.LicenseFromEdition {
		t.Errorf("licences: %q %v, %q %v", a.License, a.LicenseFromEdition, b.License, b.LicenseFromEdition)
	}
	if a.ID == b.ID || b.Dir != "rtl" {
		t.Errorf("ids %q %q dir %q", a.ID, b.ID, b.Dir)
	}
	// The identifier is stable across builds and changes with the issue.
	ed2, _, _ := Normalize(fstest.MapFS{}, cfg, &Loaded{Sections: []LoadedSection{{Articles: []*model.Article{{Title: "X"}}}}}, NormalizeOptions{Now: time.Now()})
	if ed.Identifier != ed2.Identifier || !strings.HasPrefix(ed.Identifier, "urn:uuid:") {
		t.Errorf("identifier %q vs %q", ed.Identifier, ed2.Identifier)
	}
	cfg13 := *cfg
	cfg13.Issue = "13"
	cfg13.Validate()
	ed3, _, _ := Normalize(fstest.MapFS{}, &cfg13, &Loaded{Sections: []LoadedSection{{Articles: []*model.Article{{Title: "X"}}}}}, NormalizeOptions{Now: time.Now()})
	if ed3.Identifier == ed.Identifier {
		t.Error("issue 13 has issue 12's identifier")
	}
}

func TestNormalizeEpochWinsForTimestamps(t *testing.T) {
	epoch := time.Unix(1577836800, 0).UTC()
	ed, _, err := Normalize(fstest.MapFS{}, &Config{Title: "T"}, &Loaded{Sections: []LoadedSection{{Articles: []*model.Article{{Title: "X"}}}}}, NormalizeOptions{Now: time.Now(), Epoch: &epoch})
	if err != nil {
		t.Fatal(err)
	}
	if !ed.Modified.Equal(epoch) || ed.Date.Format("2006-01-02") != "2020-01-01" {
		t.Errorf("modified %v date %v", ed.Modified, ed.Date)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Corpus Weekly":             "corpus-weekly",
		"Café Naïve — Über Façade!": "cafe-naive-uber-facade",
		"  ":                        "edition",
		"日本語":                       "edition",
		strings.Repeat("long ", 30): "long-long-long-long-long-long-long-long-long-long-long-long",
	} {
		if got := Slug(in, 0); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Slug("Corpus Weekly", 12); got != "corpus-weekly-012" {
		t.Errorf("got %q", got)
	}
}
