package pdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/offprint/offprint/packager/internal/media"
)

func TestPreparePicture(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		typ  string
		w, h int
	}{
		{"jpeg passes through", jpegBytes(40, 30), "jpg", 40, 30},
		{"png with alpha passes through", pngBytes(gradient(20, 10, true)), "png", 20, 10},
		{"interlaced png is re-encoded", interlacedPNG(33, 17), "png", 33, 17},
		{"16-bit png is re-encoded", png16(12, 8), "png", 12, 8},
		{"gif", gifBytes(16, 16), "png", 16, 16},
		{"webp", webpBytes(9, 7, 1, 2, 3, 255), "png", 9, 7},
		{"svg", []byte(testSVG), "svg", 400, 200},
	}
	for _, c := range cases {
		p, err := probeAndPrepare(c.data, 0)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if p.typ != c.typ || p.w != c.w || p.h != c.h {
			t.Errorf("%s: got %s %d×%d, want %s %d×%d", c.name, p.typ, p.w, p.h, c.typ, c.w, c.h)
		}
	}
	jp := jpegBytes(40, 30)
	if p, _ := probeAndPrepare(jp, 0); &p.data[0] != &jp[0] {
		t.Error("a JPEG was copied or re-encoded instead of passed through")
	}
	for _, bad := range [][]byte{nil, []byte("hello"), []byte("\xff\xd8\xff garbage"), []byte("\x89PNG\r\n\x1a\n short"), []byte("<svg")} {
		if _, err := probeAndPrepare(bad, 0); err == nil {
			t.Errorf("preparePicture(%q) accepted junk", bad)
		}
	}
	if _, err := probeAndPrepare(jpegBytes(100, 100), 5000); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("a picture over the pixel limit was accepted: %v", err)
	}
}

// probeAndPrepare reads a picture's header as the edition's normalizing
// does, then prepares it as a render does.
func probeAndPrepare(data []byte, maxPixels int) (*picture, error) {
	d, err := media.ProbeDetail(bytes.NewReader(data), maxPixels)
	if err != nil {
		return nil, err
	}
	return preparePicture(data, d)
}
