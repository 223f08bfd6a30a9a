package media

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"
)

// Gray converts a raster picture to shades of grey for black-and-white
// printing, once: it is turned upright by its EXIF orientation, laid over
// white paper where it is transparent, and re-encoded with one grey
// channel, as JPEG when it was a JPEG or WebP photo and as PNG otherwise.
// d is what src's header says (read once, when the edition was
// normalized). It returns the new bytes, what their header says (a grey
// JPEG or an 8-bit grey PNG, upright) and whether the picture had colour
// at all. Decoding waits for its share of DecodeBudget; corrupt pictures
// are an error.
func Gray(src []byte, d Detail) ([]byte, Detail, bool, error) {
	info := d.Info
	var decode func([]byte) (image.Image, error)
	switch info.Format {
	case "jpeg":
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
	case "png":
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
	case "gif":
		decode = func(b []byte) (image.Image, error) { return gif.Decode(bytes.NewReader(b)) }
	case "webp":
		decode = func(b []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(b)) }
	default:
		return nil, Detail{}, false, fmt.Errorf("cannot turn %s pictures grey", info.Format)
	}
	release := decodes.acquire(prepareCost(info, Policy{Grayscale: true}))
	defer release()
	img, err := decode(src)
	if err != nil {
		return nil, Detail{}, false, fmt.Errorf("corrupt %s picture: %w", info.Format, err)
	}
	img = orient(img, info.Orientation)
	colour := hasColour(img)
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(g, g.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(g, g.Bounds(), img, b.Min, draw.Over)
	var out bytes.Buffer
	if info.Format == "jpeg" || info.Format == "webp" {
		if err := jpeg.Encode(&out, g, &jpeg.Options{Quality: 90}); err != nil {
			return nil, Detail{}, false, fmt.Errorf("encoding grey JPEG: %w", err)
		}
		return out.Bytes(), Detail{Info: Info{Format: "jpeg", Width: b.Dx(), Height: b.Dy(), Orientation: 1}, Components: 1}, colour, nil
	}
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, g); err != nil {
		return nil, Detail{}, false, fmt.Errorf("encoding grey PNG: %w", err)
	}
	return out.Bytes(), Detail{Info: Info{Format: "png", Width: b.Dx(), Height: b.Dy()}, Plain: true}, colour, nil
}

// hasColour reports whether any pixel of img is not a grey.
func hasColour(img image.Image) bool {
	switch img.ColorModel() {
	case color.GrayModel, color.Gray16Model:
		return false
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 != g>>8 || g>>8 != bl>>8 {
				return true
			}
		}
	}
	return false
}
