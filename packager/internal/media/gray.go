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
// It returns the new bytes and their format ("jpeg" or "png"). Decoding
// waits for its share of DecodeBudget; corrupt pictures are an error.
func Gray(src []byte, maxPixels int) ([]byte, string, error) {
	info, err := Probe(bytes.NewReader(src), maxPixels)
	if err != nil {
		return nil, "", err
	}
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
		return nil, "", fmt.Errorf("cannot turn %s pictures grey", info.Format)
	}
	release := decodes.acquire(prepareCost(info, Policy{Grayscale: true}))
	defer release()
	img, err := decode(src)
	if err != nil {
		return nil, "", fmt.Errorf("corrupt %s picture: %w", info.Format, err)
	}
	img = orient(img, info.Orientation)
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(g, g.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(g, g.Bounds(), img, b.Min, draw.Over)
	var out bytes.Buffer
	if info.Format == "jpeg" || info.Format == "webp" {
		if err := jpeg.Encode(&out, g, &jpeg.Options{Quality: 90}); err != nil {
			return nil, "", fmt.Errorf("encoding grey JPEG: %w", err)
		}
		return out.Bytes(), "jpeg", nil
	}
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, g); err != nil {
		return nil, "", fmt.Errorf("encoding grey PNG: %w", err)
	}
	return out.Bytes(), "png", nil
}
