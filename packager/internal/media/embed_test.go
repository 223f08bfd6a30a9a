package media

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

func TestProbeDetail(t *testing.T) {
	enc := func(img image.Image, format string) []byte {
		var b bytes.Buffer
		var err error
		if format == "jpeg" {
			err = jpeg.Encode(&b, img, nil)
		} else {
			err = png.Encode(&b, img)
		}
		if err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	r := image.Rect(0, 0, 4, 3)
	rgba := enc(image.NewNRGBA(r), "png")
	interlaced := bytes.Clone(rgba)
	interlaced[28] = 1
	binary.BigEndian.PutUint32(interlaced[29:], crc32.ChecksumIEEE(interlaced[12:29]))
	for _, c := range []struct {
		name  string
		data  []byte
		comps int
		plain bool
	}{
		{"colour JPEG", enc(image.NewRGBA(r), "jpeg"), 3, false},
		{"grey JPEG", enc(image.NewGray(r), "jpeg"), 1, false},
		{"8-bit PNG with alpha", rgba, 0, true},
		{"paletted PNG", enc(image.NewPaletted(r, color.Palette{color.Black, color.White}), "png"), 0, true},
		{"16-bit PNG", enc(image.NewRGBA64(r), "png"), 0, false},
		{"interlaced PNG", interlaced, 0, false},
	} {
		d, err := ProbeDetail(bytes.NewReader(c.data), 0)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if d.Width != 4 || d.Height != 3 || d.Components != c.comps || d.Plain != c.plain {
			t.Errorf("%s: %+v, want %d components, plain %v", c.name, d, c.comps, c.plain)
		}
	}
	if _, err := ProbeDetail(bytes.NewReader(rgba), 10); err == nil {
		t.Errorf("a picture over the limit was let through")
	}
	if _, err := ProbeDetail(bytes.NewReader([]byte("not a picture")), 0); err != ErrUnknownFormat {
		t.Errorf("text: %v, want ErrUnknownFormat", err)
	}
}
