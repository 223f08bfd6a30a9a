package epub

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/packager/model"
)

// Small pictures made in the test, so that nothing depends on files.
func testPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), 90, uint8(y * 255 / h), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testGIF(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetColorIndex(x, y, uint8((x+y)%256))
		}
	}
	var b bytes.Buffer
	if err := gif.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testWebP is a 1×1 transparent lossless WebP picture.
const testWebP = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="

const testSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80">
  <rect x="0" y="0" width="120" height="80" fill="#eee"/>
  <circle cx="60" cy="40" r="30" fill="#c33"/>
</svg>
`

func mustBase64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func tx(s string) model.Span                    { return model.Span{Text: s} }
func st(s string, style model.Style) model.Span { return model.Span{Text: s, Style: style} }
func ln(s, link string) model.Span              { return model.Span{Text: s, Link: link} }
func para(spans ...model.Span) *model.Paragraph { return &model.Paragraph{Spans: spans} }
func note(n int) model.Span                     { return model.Span{Kind: model.NoteRef, Note: n} }
func img(p, format string, w, h int) *model.Image {
	return &model.Image{Src: p, Path: p, Format: format, Width: w, Height: h}
}

// testEdition is an edition with every kind of block, figures with and
// without pictures, footnotes, a right-to-left article and titles that
// need escaping, and the folder its pictures are in.
func testEdition(t testing.TB) (*model.Edition, fstest.MapFS) {
	fsys := fstest.MapFS{
		"images/harbour.jpg":     {Data: testJPEG(t, 64, 48)},
		"images/chart.png":       {Data: testPNG(t, 40, 30)},
		"images/spinner.gif":     {Data: testGIF(t, 16, 16)},
		"images/diagram.svg":     {Data: []byte(testSVG)},
		"images/broken.jpg":      {Data: []byte("this is not a picture")},
		"images/pixel.webp":      {Data: mustBase64(t, testWebP)},
		"articles/rock-roll.md":  {Data: []byte("…")},
		"articles/arabic.md":     {Data: []byte("…")},
		"articles/tech/specs.md": {Data: []byte("…")},
	}
	yes, no := true, false
	rock := &model.Article{
		ID:       "a001-rock-and-roll",
		File:     "articles/rock-roll.md",
		Title:    `Rock & Roll <Live> "at" the harbour`,
		Subtitle: "A night of noise & light",
		Date:     day(2020, 1, 2),
		Attribution: model.Attribution{
			Authors:   []string{"Jane Doe", "Ada O'Neil"},
			Source:    "Harbour Gazette",
			URL:       "https://example.org/news/rock?x=1&y=2",
			License:   "CC BY-SA 4.0",
			Copyright: "© 2020 Harbour Gazette",
		},
		Blocks: []model.Block{
			para(tx("Plain, "), st("emphasis", model.Emph), tx(", "), st("strong", model.Strong), tx(", "),
				st("struck", model.Strike), tx(", "), st("code & <tags>", model.Code), tx(", E=mc"), st("2", model.Sup),
				tx(", H"), st("2", model.Sub), tx("O, "), st("both", model.Emph|model.Strong), tx("."),
				model.Span{Kind: model.Break}, tx("After a break, a "), ln("link with ", "https://example.com/a b"),
				model.Span{Text: "bold", Style: model.Strong, Link: "https://example.com/a b"}, tx(" and a note"), note(1), tx(".")),
			&model.Heading{Level: 1, ID: "the-stage", Spans: []model.Span{tx("The stage & the crowd")}},
			para(tx("See "), ln("the stage", "#the-stage"), tx(", the "), ln("specs", "#power-budget"),
				tx(" and the note again"), note(1), tx(" and another"), note(2), tx(". A "), ln("bad link", "javascript:alert(1)"), tx(".")),
			&model.Heading{Level: 2, ID: "lists", Spans: []model.Span{tx("Lists")}},
			&model.List{Ordered: true, Start: 3, Tight: true, Items: []model.ListItem{
				{Blocks: []model.Block{para(tx("third"))}},
				{Blocks: []model.Block{para(tx("fourth")), &model.List{Tight: true, Items: []model.ListItem{
					{Blocks: []model.Block{para(tx("nested"))}},
				}}}},
			}},
			&model.List{Tight: false, Items: []model.ListItem{
				{Blocks: []model.Block{para(tx("loose one")), para(tx("second paragraph"))}},
				{Blocks: []model.Block{para(tx("loose two"))}},
			}},
			&model.List{Tight: true, Items: []model.ListItem{
				{Checked: &yes, Blocks: []model.Block{para(tx("done task"))}},
				{Checked: &no, Blocks: []model.Block{para(tx("open task"))}},
			}},
			&model.Heading{Level: 3, Spans: []model.Span{tx("Quotes and code")}},
			&model.Quote{Blocks: []model.Block{
				para(tx("A quote with "), st("style", model.Emph), tx(".")),
				&model.Figure{ID: "fig-in-quote", Image: img("images/chart.png", "png", 40, 30),
					Caption: []model.Span{tx("A chart in a quote")}, Credit: "Chart: Harbour Gazette"},
			}},
			&model.CodeBlock{Lang: "go", Text: "if a < b && c > d {\n\treturn \"x\"\n}\n"},
			&model.Table{
				Align:  []model.Align{model.AlignLeft, model.AlignCenter, model.AlignRight, model.AlignDefault},
				Header: []model.Cell{{Spans: []model.Span{tx("Band")}}, {Spans: []model.Span{tx("Set")}}, {Spans: []model.Span{tx("Decibels")}}, {Spans: []model.Span{tx("Notes")}}},
				Rows: [][]model.Cell{
					{{Spans: []model.Span{tx("The <Loud> & Co")}}, {Spans: []model.Span{tx("1")}}, {Spans: []model.Span{tx("110")}}, {Spans: []model.Span{st("encore", model.Emph)}}},
					{{Spans: []model.Span{tx("Quiet")}}, {Spans: []model.Span{tx("2")}}, {Spans: []model.Span{tx("60")}}, {}},
				},
			},
			&model.Rule{},
			&model.Figure{ID: "harbour", Image: img("images/harbour.jpg", "jpeg", 64, 48), Alt: "Boats in the harbour at night",
				Caption: []model.Span{tx("The harbour at "), st("night", model.Emph), tx(" & the boats")}, Credit: "Photo: Sam Roe", Line: 20},
			&model.Figure{ID: "diagram", Image: img("images/diagram.svg", "svg", 120, 80),
				Caption: []model.Span{tx("A red dot, as a diagram")}, Credit: "Diagram: offprint"},
			&model.Figure{ID: "lost", Caption: []model.Span{tx("A photo the scraper lost")}, Credit: "Credit: AP", Line: 24},
			&model.Figure{ID: "remote", Image: &model.Image{Src: "https://example.com/x.jpg"},
				Caption: []model.Span{tx("A remote picture, never fetched")}, Credit: "© 2020 AFP", Line: 26},
			&model.Figure{ID: "broken", Image: img("images/broken.jpg", "jpeg", 10, 10),
				Caption: []model.Span{tx("A picture that cannot be read")}, Credit: "Photo: nobody", Line: 28},
			&model.Figure{ID: "bare", Image: img("images/chart.png", "png", 40, 30)},
		},
		Footnotes: []model.Footnote{
			{Number: 1, ID: "fn-loud", Blocks: []model.Block{para(tx("Very loud & very late."))}},
			{Number: 2, Blocks: []model.Block{para(tx("A second note with "), ln("a link", "https://example.net/")), para(tx("and a second paragraph."))}},
		},
	}
	arabic := &model.Article{
		ID:    "a002-arabic",
		File:  "articles/arabic.md",
		Title: "مرفأ في الليل",
		Lang:  "ar",
		Dir:   "rtl",
		Date:  day(2020, 1, 3),
		Attribution: model.Attribution{
			Authors:            []string{"Layla Haddad"},
			License:            "CC BY 4.0",
			LicenseFromEdition: true,
		},
		Blocks: []model.Block{
			para(tx("هذه مقالة قصيرة عن المرفأ.")),
			&model.Figure{ID: "harbour-again", Image: img("images/harbour.jpg", "jpeg", 64, 48),
				Caption: []model.Span{tx("المرفأ مرة أخرى")}, Credit: "Photo: Sam Roe"},
		},
	}
	specs := &model.Article{
		ID:    "a003-specs",
		File:  "articles/tech/specs.md",
		Title: "Specs: <power> & sound",
		Attribution: model.Attribution{
			Source:             "Tech Notes",
			URL:                "http://tech.example/specs",
			License:            "CC BY 4.0",
			LicenseFromEdition: true,
		},
		Blocks: []model.Block{
			&model.Heading{Level: 1, ID: "power-budget", Spans: []model.Span{tx("Power budget")}},
			para(tx("Back to "), ln("the rock article", "#a001-rock-and-roll"), tx(" and "), ln("nowhere", "#no-such-id"), tx(".")),
			&model.Figure{ID: "spinner", Image: img("images/spinner.gif", "gif", 16, 16),
				Caption: []model.Span{tx("A spinner")}, Credit: "GIF: Tech Notes"},
			&model.Figure{ID: "pixel", Image: img("images/pixel.webp", "webp", 1, 1),
				Caption: []model.Span{tx("A WebP pixel")}, Credit: "Pixel: Tech Notes"},
		},
	}
	ed := &model.Edition{
		Title:       "Corpus & Weekly <Special>",
		Subtitle:    `News "worth" keeping`,
		Publisher:   "Corpus Review & Sons",
		Language:    "en",
		Series:      "Corpus Weekly",
		Issue:       12,
		Date:        day(2020, 1, 3),
		Modified:    time.Date(2020, 1, 5, 10, 30, 0, 0, time.UTC),
		Range:       model.DateRange{Since: day(2019, 12, 28), Until: day(2020, 1, 3)},
		License:     "CC BY 4.0",
		Description: "Stories from the harbour & beyond.",
		Identifier:  "urn:uuid:3f1c1d5e-8a1e-5b7e-9c1f-0a1b2c3d4e5f",
		Slug:        "corpus-weekly-012",
		Sections: []*model.Section{
			{Title: "World & <Politics>", ID: "s01", Articles: []*model.Article{rock, arabic}},
			{Title: "Empty", ID: "s02"},
			{Title: "Technology", ID: "s03", Articles: []*model.Article{specs}},
		},
	}
	return ed, fsys
}

// singleSection is an edition of one implicit section (no title), without
// pictures or authors.
func singleSection() *model.Edition {
	return &model.Edition{
		Title:      "Handout",
		Language:   "en",
		Date:       day(2021, 6, 1),
		Modified:   time.Date(2021, 6, 1, 8, 0, 0, 0, time.UTC),
		Identifier: "urn:uuid:00000000-0000-5000-8000-000000000001",
		Slug:       "handout",
		Sections: []*model.Section{{ID: "s01", Articles: []*model.Article{
			{ID: "a001-first", Title: "First", Blocks: []model.Block{para(tx("One."))}},
			{ID: "a002-second", Title: "Second", Blocks: []model.Block{para(tx("Two."))}},
		}}},
	}
}
