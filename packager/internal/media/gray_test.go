package media

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// TestGrayMakesOneChannel turns a colour JPEG and a transparent colour PNG
// grey: both come back with a single grey channel, the PNG laid over white
// where it was transparent, and a red pixel at its luminance.
func TestGrayMakesOneChannel(t *testing.T) {
	out, d, colour, err := Gray(detailOf(t, encJPEG(64, 48)))
	if err != nil || d.Format != "jpeg" || d.Components != 1 || !colour {
		t.Fatalf("JPEG: %+v, %v", d, err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(out))
	if err != nil || cfg.ColorModel != color.GrayModel || cfg.Width != 64 {
		t.Errorf("JPEG comes back %v %dx%d (%v), want one grey channel", cfg.ColorModel, cfg.Width, cfg.Height, err)
	}

	img := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	img.Set(0, 0, color.NRGBA{255, 0, 0, 255})
	img.Set(1, 0, color.NRGBA{0, 0, 0, 0})
	out, d, colour, err = Gray(detailOf(t, encPNG(img)))
	if err != nil || d.Format != "png" || !d.Plain || !colour {
		t.Fatalf("PNG: %+v, %v", d, err)
	}
	dec, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	g, ok := dec.(*image.Gray)
	if !ok {
		t.Fatalf("PNG comes back as %T, want grey", dec)
	}
	if red, clear := g.GrayAt(0, 0).Y, g.GrayAt(1, 0).Y; red < 70 || red > 80 || clear != 255 {
		t.Errorf("red prints at %d (want about 76), transparent at %d (want white)", red, clear)
	}
	if _, _, colour, _ := Gray(detailOf(t, encPNG(image.NewGray(image.Rect(0, 0, 3, 3))))); colour {
		t.Error("a grey PNG is said to have colour")
	}
	if _, _, _, err := Gray([]byte("not a picture"), Detail{Info: Info{Format: "png", Width: 1, Height: 1}}); err == nil {
		t.Error("Gray took bytes that are no picture")
	}
}

// detailOf reads a picture's header as Normalize does, for Gray.
func detailOf(t *testing.T, src []byte) ([]byte, Detail) {
	t.Helper()
	d, err := ProbeDetail(bytes.NewReader(src), 0)
	if err != nil {
		t.Fatal(err)
	}
	return src, d
}
