package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/packager/model"
)

// The fixture: an edition with every kind of block and picture.

func gradient(w, h int, alpha bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			a := uint8(255)
			if alpha {
				a = uint8(255 * x / w)
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(255 * x / w), uint8(255 * y / h), 140, a})
		}
	}
	return img
}

func jpegBytes(w, h int) []byte {
	var b bytes.Buffer
	_ = jpeg.Encode(&b, gradient(w, h, false), &jpeg.Options{Quality: 80})
	return b.Bytes()
}

func pngBytes(img image.Image) []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

func gifBytes(w, h int) []byte {
	pal := color.Palette{color.Transparent, color.NRGBA{200, 40, 40, 255}, color.NRGBA{40, 40, 200, 255}}
	img := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	for y := range h {
		for x := range w {
			img.SetColorIndex(x, y, uint8((x/8+y/8)%3))
		}
	}
	var b bytes.Buffer
	_ = gif.Encode(&b, img, nil)
	return b.Bytes()
}

// interlacedPNG writes an Adam7-interlaced RGB PNG by hand (Go's encoder
// cannot).
func interlacedPNG(w, h int) []byte {
	var raw bytes.Buffer
	passes := [][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
	for _, p := range passes {
		for y := p[1]; y < h; y += p[3] {
			row := []byte{}
			for x := p[0]; x < w; x += p[2] {
				row = append(row, uint8(255*x/w), uint8(255*y/h), 60)
			}
			if len(row) == 0 {
				continue
			}
			raw.WriteByte(0)
			raw.Write(row)
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		out.WriteString(typ)
		out.Write(data)
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		binary.Write(&out, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9], ihdr[12] = 8, 2, 1
	chunk("IHDR", ihdr)
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

func png16(w, h int) []byte {
	img := image.NewNRGBA64(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA64(x, y, color.NRGBA64{uint16(65535 * x / w), 30000, uint16(65535 * y / h), 65535})
		}
	}
	return pngBytes(img)
}

const testSVG = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
  <rect x="0" y="0" width="400" height="200" fill="#eef"/>
  <g transform="translate(20,20) rotate(5)" stroke="navy" stroke-width="3">
    <circle cx="60" cy="60" r="50" fill="orange"/>
    <ellipse cx="180" cy="60" rx="50" ry="30" fill="rgb(20,160,90)"/>
    <line x1="0" y1="140" x2="360" y2="140"/>
    <polyline points="0,160 40,150 80,170 120,150" fill="none"/>
    <polygon points="250,20 300,100 200,100" fill="crimson"/>
  </g>
  <path d="M300,150 a30,30 0 1,0 60,0 a30,30 0 1,0 -60,0 Z M 310 20 q 20 -20 40 0 t 40 0 C 390 60 350 60 340 80 s -20 20 -30 10 h 10 v 10 z" fill="#369" fill-rule="evenodd" style="stroke:#000;stroke-width:1"/>
  <text x="200" y="190" font-size="16" text-anchor="middle" fill="black">Vector chart</text>
</svg>`

// Titles, captions, credits and so on that must reach the text layer.
var (
	fixtureTitles   = []string{"The Long Road Home", "Photographs from the Coast", "A Short Note", "Nothing Here", "The Long Read on Tables"}
	fixtureCaptions = []string{"Harbour at dawn", "A translucent gradient", "A palette picture", "A vector chart", "An interlaced picture", "A deep picture", "A WebP picture", "The lost photograph", "The missing picture", "A broken file"}
	fixtureCredits  = []string{"Credit: AP", "Photo: Jane Doe", "© 2020 AFP", "Credit: Chart Desk", "Credit: Ilse", "Credit: Deep Co", "Credit: Web Desk", "Credit: Lost Agency", "Photo: Nobody Known", "Credit: Broken Ltd"}
	fixtureAuthors  = []string{"Ana Lima", "Kwame Mensah", "Sofia Ríos"}
	fixtureURLs     = []string{"https://example.org/long-road", "https://example.net/coast"}
	fixtureLicences = []string{"CC BY 4.0", "CC BY-SA 4.0"}
)

func text(s string) model.Span { return model.Span{Text: s} }

func para(spans ...model.Span) *model.Paragraph { return &model.Paragraph{Spans: spans} }

func lorem(n int) string {
	words := strings.Fields("the harbour lay quiet under a grey sky while fishermen mended nets and talked of weather prices and the long road that ran from the coast to the capital through villages that had seen better years")
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[(i*7+i/3)%len(words)])
	}
	return b.String()
}

func img(path, format string, w, h int) *model.Image {
	return &model.Image{Src: path, Path: path, Format: format, Width: w, Height: h}
}

func fixture() (*model.Edition, fstest.MapFS) {
	fsys := fstest.MapFS{
		"images/harbour.jpg":    {Data: jpegBytes(600, 400)},
		"images/alpha.png":      {Data: pngBytes(gradient(300, 200, true))},
		"images/palette.gif":    {Data: gifBytes(160, 120)},
		"images/chart.svg":      {Data: []byte(testSVG)},
		"images/interlaced.png": {Data: interlacedPNG(64, 48)},
		"images/deep.png":       {Data: png16(80, 60)},
		"images/broken.jpg":     {Data: []byte("\xff\xd8\xff\xe0 this is not really a jpeg")},
		"images/tall.jpg":       {Data: jpegBytes(200, 2400)},
		"images/solid.webp":     {Data: webpBytes(90, 60, 30, 120, 200, 255)},
	}
	checked, unchecked := true, false
	date := time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC)
	long := &model.Article{
		ID: "a01-the-long-road-home", File: "articles/long-road.md",
		Title: "The Long Road Home", Subtitle: "A journey along the coast, told in “curly quotes” — and dashes",
		Date: date, Tags: []string{"world", "travel"},
		Attribution: model.Attribution{Authors: []string{"Ana Lima", "Kwame Mensah"}, Source: "Manyika Review",
			URL: "https://example.org/long-road", License: "CC BY 4.0", Copyright: "© 2020 Manyika Review"},
		Blocks: []model.Block{
			para(text("It was a “quiet” morning — the kind that the café owners in Évora call "), model.Span{Text: "la calma", Style: model.Emph},
				text(". Prices were €3.50, water was H"), model.Span{Text: "2", Style: model.Sub}, text("O, and E = mc"), model.Span{Text: "2", Style: model.Sup},
				text(". Greek: αβγ δέλτα; Cyrillic: жизнь и судьба. "), model.Span{Text: "Strong words", Style: model.Strong},
				text(" and "), model.Span{Text: "struck words", Style: model.Strike}, text(" and "), model.Span{Text: "inline code()", Style: model.Code},
				text(". See "), model.Span{Text: "the original report", Link: "https://example.org/report"}, text(" for more, and "),
				model.Span{Text: "the short note", Link: "#a03-short"}, text(" and "), model.Span{Text: "the numbers", Link: "#numbers"}, text("."),
				model.Span{Kind: model.NoteRef, Note: 1}),
			para(text(lorem(120)), model.Span{Kind: model.NoteRef, Note: 2}),
			&model.Heading{Level: 1, Spans: []model.Span{text("Along the coast")}},
			para(text("A very long word: Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft and a URL https://example.org/a/very/long/path/that/does/not/fit/in/any/column/at/all?query=string&and=more in plain text.")),
			&model.Figure{ID: "f1", Image: img("images/harbour.jpg", "jpeg", 600, 400), Alt: "Harbour at dawn",
				Caption: []model.Span{text("Harbour at dawn")}, Credit: "Credit: AP", Line: 12},
			para(text(lorem(80))),
			&model.List{Items: []model.ListItem{
				{Blocks: []model.Block{para(text("First bullet point with enough words to wrap onto a second line in narrow columns"))}},
				{Blocks: []model.Block{para(text("Second point")), &model.List{Ordered: true, Start: 1, Items: []model.ListItem{
					{Blocks: []model.Block{para(text("Nested one"))}},
					{Blocks: []model.Block{para(text("Nested two"))}},
				}}}},
			}},
			&model.List{Tight: true, Items: []model.ListItem{
				{Checked: &checked, Blocks: []model.Block{para(text("A task done"))}},
				{Checked: &unchecked, Blocks: []model.Block{para(text("A task to do"))}},
			}},
			&model.Quote{Blocks: []model.Block{para(text("A quotation, set in italic, with "), model.Span{Text: "emphasis", Style: model.Emph}, text(" inside it and enough words to wrap."))}},
			&model.CodeBlock{Lang: "go", Text: "func main() {\n\tfmt.Println(\"hello, world\")\n\tx := []int{1, 2, 3} // a comment that is much too long to fit on one line of a narrow column\n}\n"},
			&model.Rule{},
			&model.Heading{Level: 2, ID: "numbers", Spans: []model.Span{text("Numbers")}},
			&model.Table{Align: []model.Align{model.AlignLeft, model.AlignRight, model.AlignCenter},
				Header: []model.Cell{{Spans: []model.Span{text("Town")}}, {Spans: []model.Span{text("People")}}, {Spans: []model.Span{text("Note")}}},
				Rows: [][]model.Cell{
					{{Spans: []model.Span{text("Évora")}}, {Spans: []model.Span{text("56,596")}}, {Spans: []model.Span{text("a walled town with a temple")}}},
					{{Spans: []model.Span{text("Sines")}}, {Spans: []model.Span{text("14,238")}}, {Spans: []model.Span{text("port")}}},
				}},
			para(text("And one more paragraph after the table, to close the article.")),
		},
		Footnotes: []model.Footnote{
			{Number: 1, ID: "fn1", Blocks: []model.Block{para(text("The first note, about quiet mornings."))}},
			{Number: 2, ID: "fn2", Blocks: []model.Block{para(text("The second note."))}},
		},
	}
	coast := &model.Article{
		ID: "a02-photographs", File: "articles/coast.md", Title: "Photographs from the Coast",
		Date: date, Attribution: model.Attribution{Authors: []string{"Sofia Ríos"}, Source: "Coastal Post",
			URL: "https://example.net/coast", License: "CC BY-SA 4.0"},
		Blocks: []model.Block{
			para(text("Pictures of every kind follow.")),
			&model.Figure{Image: img("images/alpha.png", "png", 300, 200), Caption: []model.Span{text("A translucent gradient")}, Credit: "Photo: Jane Doe"},
			&model.Figure{Image: img("images/palette.gif", "gif", 160, 120), Caption: []model.Span{text("A palette picture")}, Credit: "© 2020 AFP"},
			para(text(lorem(60))),
			&model.Figure{Image: img("images/chart.svg", "svg", 400, 200), Caption: []model.Span{text("A vector chart")}, Credit: "Credit: Chart Desk"},
			&model.Figure{Image: img("images/interlaced.png", "png", 64, 48), Caption: []model.Span{text("An interlaced picture")}, Credit: "Credit: Ilse"},
			&model.Figure{Image: img("images/deep.png", "png", 80, 60), Caption: []model.Span{text("A deep picture")}, Credit: "Credit: Deep Co"},
			&model.Figure{Image: img("images/solid.webp", "webp", 90, 60), Caption: []model.Span{text("A WebP picture")}, Credit: "Credit: Web Desk"},
			&model.Figure{Image: nil, Caption: []model.Span{text("The lost photograph")}, Credit: "Credit: Lost Agency"},
			&model.Figure{Image: &model.Image{Src: "images/nope.jpg"}, Caption: []model.Span{text("The missing picture")}, Credit: "Photo: Nobody Known"},
			&model.Figure{Image: img("images/broken.jpg", "jpeg", 10, 10), Caption: []model.Span{text("A broken file")}, Credit: "Credit: Broken Ltd", Line: 40},
			&model.Figure{Image: img("images/tall.jpg", "jpeg", 200, 2400), Caption: []model.Span{text("A very tall picture")}},
			para(text(lorem(40))),
		},
	}
	short := &model.Article{
		ID: "a03-short", File: "articles/short.txt", Title: "A Short Note",
		Attribution: model.Attribution{License: "CC BY 4.0", LicenseFromEdition: true},
		Blocks:      []model.Block{para(text("Just a short note, with an emoji 😀, Chinese 中文 and hieroglyphs 𓀀 characters."))},
	}
	empty := &model.Article{ID: "a04-empty", File: "articles/empty.md", Title: "Nothing Here"}
	var deep model.Block = para(text("the deepest item"))
	for i := range 14 {
		deep = &model.List{Ordered: i%2 == 0, Start: 1, Items: []model.ListItem{{Blocks: []model.Block{para(text(fmt.Sprintf("level %d", 14-i))), deep}}}}
	}
	var rows [][]model.Cell
	for r := range 40 {
		var row []model.Cell
		for c := range 8 {
			row = append(row, model.Cell{Spans: []model.Span{text(fmt.Sprintf("r%dc%d %s", r, c, lorem(c%3+1)))}})
		}
		rows = append(rows, row)
	}
	var blocks []model.Block
	for i := range 12 {
		blocks = append(blocks, para(text(lorem(90+i*7))))
		if i == 3 {
			blocks = append(blocks, deep)
		}
		if i == 5 {
			blocks = append(blocks, &model.Table{Header: []model.Cell{{Spans: []model.Span{text("A")}}, {Spans: []model.Span{text("B")}}, {Spans: []model.Span{text("C")}},
				{Spans: []model.Span{text("D")}}, {Spans: []model.Span{text("E")}}, {Spans: []model.Span{text("F")}}, {Spans: []model.Span{text("G")}}, {Spans: []model.Span{text("H")}}}, Rows: rows})
		}
		if i == 7 {
			blocks = append(blocks, &model.CodeBlock{Text: strings.Repeat("x", 400) + "\n" + strings.Repeat("line\n", 30)})
		}
	}
	longRead := &model.Article{ID: "a05-long", File: "articles/long.md", Title: "The Long Read on Tables",
		Subtitle: "Many pages", Attribution: model.Attribution{Authors: []string{"Ana Lima"}, License: "CC BY 4.0", LicenseFromEdition: true},
		Blocks: blocks}
	ed := &model.Edition{
		Title: "Corpus Weekly", Subtitle: "News worth keeping", Publisher: "Corpus Review", Language: "en",
		Series: "Corpus Weekly", Issue: 12, Date: date, Modified: time.Date(2020, 1, 3, 12, 0, 0, 0, time.UTC),
		License: "CC BY 4.0", Slug: "corpus-weekly-012",
		Sections: []*model.Section{
			{Title: "World", ID: "world", Articles: []*model.Article{long, coast}},
			{Title: "Technology", ID: "technology", Articles: []*model.Article{short, empty, longRead}},
		},
	}
	return ed, fsys
}

// webpBytes writes a lossless WebP of one colour by hand: every prefix code
// is a "simple" code of one symbol, so the pixels take no bits at all.
func webpBytes(w, h int, r, g, b, a uint8) []byte {
	var bits []byte
	var acc uint64
	var n uint
	put := func(v uint64, k uint) {
		acc |= v << n
		n += k
		for n >= 8 {
			bits = append(bits, byte(acc))
			acc >>= 8
			n -= 8
		}
	}
	put(uint64(w-1), 14)
	put(uint64(h-1), 14)
	put(1, 1) // alpha used
	put(0, 3) // version
	put(0, 1) // no transform
	put(0, 1) // no colour cache
	put(0, 1) // no meta prefix codes
	for _, sym := range []uint8{g, r, b, a} {
		put(1, 1) // simple code
		put(0, 1) // one symbol
		put(1, 1) // eight-bit symbol
		put(uint64(sym), 8)
	}
	put(1, 1) // distance: simple code
	put(0, 1)
	put(0, 1) // one-bit symbol
	put(0, 1)
	if n > 0 {
		bits = append(bits, byte(acc))
	}
	data := append([]byte{0x2f}, bits...)
	var out bytes.Buffer
	chunkLen := len(data)
	pad := chunkLen % 2
	out.WriteString("RIFF")
	binary.Write(&out, binary.LittleEndian, uint32(4+8+chunkLen+pad))
	out.WriteString("WEBPVP8L")
	binary.Write(&out, binary.LittleEndian, uint32(chunkLen))
	out.Write(data)
	if pad == 1 {
		out.WriteByte(0)
	}
	return out.Bytes()
}
