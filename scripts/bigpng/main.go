// Command bigpng writes an edition of twelve 100-megapixel PNG pictures
// (10,000 × 10,000, solid-looking bands that compress to a few MB) for
// checking the peak memory of a build: see scripts/bigpng-rss.
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: bigpng FOLDER")
		os.Exit(2)
	}
	dir := os.Args[1]
	must(os.MkdirAll(filepath.Join(dir, "images"), 0o755))
	must(os.MkdirAll(filepath.Join(dir, "articles"), 0o755))
	const side = 10000
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	var md strings.Builder
	md.WriteString("---\ntitle: Huge pictures\nauthor: Test\nsource: generated\nlicense: CC0\n---\n\nTwelve 100-megapixel pictures.\n\n")
	for k := range 12 {
		for y := range side {
			c := color.RGBA{uint8(20 * k), uint8(y / 40), uint8(255 - y/40), 255}
			row := img.Pix[y*img.Stride : (y+1)*img.Stride]
			for x := 0; x < side; x++ {
				if x/500%2 == 1 {
					row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.B, c.G, c.R, 255
				} else {
					row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, 255
				}
			}
		}
		f, err := os.Create(filepath.Join(dir, "images", fmt.Sprintf("huge%02d.png", k+1)))
		must(err)
		must((&png.Encoder{CompressionLevel: png.BestCompression}).Encode(f, img))
		must(f.Close())
		fmt.Fprintf(&md, "![Picture %d](../images/huge%02d.png \"Generated\")\n\n", k+1, k+1)
	}
	must(os.WriteFile(filepath.Join(dir, "articles", "huge.md"), []byte(md.String()), 0o644))
	must(os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte("title: Huge\nissue: 1\ndate: 2020-01-06\n"), 0o644))
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bigpng:", err)
		os.Exit(1)
	}
}
