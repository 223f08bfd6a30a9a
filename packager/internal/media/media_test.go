package media

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	return img
}

func encJPEG(w, h int) []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, photo(w, h), &jpeg.Options{Quality: 80})
	return b.Bytes()
}

func encPNG(img image.Image) []byte {
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func TestProbeReadsHeadersOnly(t *testing.T) {
	var g bytes.Buffer
	gif.Encode(&g, image.NewPaletted(image.Rect(0, 0, 7, 9), []color.Color{color.Black, color.White}), nil)
	for _, c := range []struct {
		name string
		data []byte
		want Info
	}{
		{"jpeg", encJPEG(64, 48), Info{Format: "jpeg", Width: 64, Height: 48, Orientation: 1}},
		{"png", encPNG(photo(10, 20)), Info{Format: "png", Width: 10, Height: 20}},
		{"gif", g.Bytes(), Info{Format: "gif", Width: 7, Height: 9}},
		{"svg viewBox", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 200"/>`), Info{Format: "svg", Width: 640, Height: 200}},
		{"svg size", []byte("<?xml version='1.0'?>\n<!-- c -->\n<svg width='2in' height='96px'></svg>"), Info{Format: "svg", Width: 192, Height: 96}},
		{"svg width only", []byte(`<svg width="300" viewBox="0 0 600 200"></svg>`), Info{Format: "svg", Width: 300, Height: 100}},
	} {
		got, err := Probe(bytes.NewReader(c.data), 0)
		if err != nil || got != c.want {
			t.Errorf("%s: got %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
	// Only the header is needed: a JPEG cut after its header still probes.
	full := encJPEG(300, 200)
	if _, err := Probe(bytes.NewReader(full[:600]), 0); err != nil {
		t.Errorf("truncated JPEG: %v", err)
	}
}

func TestProbeRefusesBadPictures(t *testing.T) {
	if _, err := Probe(strings.NewReader("hello"), 0); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("text: %v", err)
	}
	if _, err := Probe(strings.NewReader("\x89PNG\r\n\x1a\ngarbage"), 0); err == nil || !strings.Contains(err.Error(), "PNG") {
		t.Errorf("corrupt PNG: %v", err)
	}
	var tl *TooLargeError
	if _, err := Probe(bytes.NewReader(encPNG(photo(100, 100))), 5000); !errors.As(err, &tl) {
		t.Errorf("over the pixel limit: %v", err)
	}
	if _, err := Probe(strings.NewReader("<html><body/></html>"), 0); err == nil {
		t.Error("HTML probed as a picture")
	}
}

func TestPreparePassesThroughWhatNeedsNoChange(t *testing.T) {
	src := encJPEG(200, 100)
	p, err := prepare(src, Policy{MaxPx: 1600, Quality: 85})
	if err != nil || p.Changed || !bytes.Equal(p.Data, src) {
		t.Fatalf("changed=%v err=%v", p.Changed, err)
	}
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4000 4000"/>`)
	if p, _ := prepare(svg, Policy{MaxPx: 100, Grayscale: true}); p.Changed {
		t.Error("SVG was changed")
	}
}

func TestPrepareScalesAndGreys(t *testing.T) {
	p, err := prepare(encJPEG(400, 200), Policy{MaxPx: 100, Quality: 70})
	if err != nil || !p.Changed || p.Format != "jpeg" || p.Width != 100 || p.Height != 50 {
		t.Fatalf("got %+v, %v", p.Format, err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(p.Data))
	if err != nil || cfg.Width != 100 || cfg.Height != 50 {
		t.Errorf("re-encoded JPEG is %dx%d (%v)", cfg.Width, cfg.Height, err)
	}
	// A transparent PNG stays PNG, greyed.
	img := image.NewNRGBA(image.Rect(0, 0, 30, 60))
	img.Set(1, 1, color.NRGBA{255, 0, 0, 128})
	p, err = prepare(encPNG(img), Policy{MaxPx: 30, Grayscale: true})
	if err != nil || p.Format != "png" || p.Width != 15 || p.Height != 30 {
		t.Fatalf("got %+v %v", p, err)
	}
	dec, _ := png.Decode(bytes.NewReader(p.Data))
	r, g, b, _ := dec.At(0, 0).RGBA()
	if r != g || g != b {
		t.Errorf("pixel not grey: %d %d %d", r, g, b)
	}
}

func TestPrepareRefusesCorruptPictures(t *testing.T) {
	src := encJPEG(300, 300)
	if _, err := prepare(src[:len(src)/2], Policy{MaxPx: 100}); err == nil {
		t.Error("a truncated JPEG that must be scaled was accepted")
	}
}

func TestPolicyKey(t *testing.T) {
	a := Policy{MaxPx: 100}.Key([]byte("x"))
	if a != (Policy{MaxPx: 100}).Key([]byte("x")) || a == (Policy{MaxPx: 101}).Key([]byte("x")) || a == (Policy{MaxPx: 100}).Key([]byte("y")) {
		t.Error("keys do not follow bytes and policy")
	}
}

func FuzzProbe(f *testing.F) {
	f.Add(encJPEG(8, 8))
	f.Add(encPNG(photo(4, 4)))
	f.Add([]byte(`<svg viewBox="0 0 10 10"/>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := Probe(bytes.NewReader(b), 1<<20)
		if err == nil && info.Format != "svg" && (info.Width <= 0 || info.Height <= 0 || info.Width*info.Height > 1<<20) {
			t.Fatalf("accepted %+v", info)
		}
	})
}

type memCache map[string][]byte

func (m memCache) Get(k string) ([]byte, bool) { b, ok := m[k]; return b, ok }
func (m memCache) Put(k string, b []byte)      { m[k] = b }

func TestPrepareCachedReusesWork(t *testing.T) {
	src := encJPEG(400, 200)
	c := memCache{}
	pol := Policy{MaxPx: 100, Quality: 80}
	first, err := PrepareCached(src, pol, c)
	if err != nil || len(c) != 1 {
		t.Fatalf("first: %v, cache %d", err, len(c))
	}
	// A poisoned cache entry shows the second call reads from the cache.
	for k := range c {
		c[k] = encJPEG(100, 50)
	}
	second, _ := PrepareCached(src, pol, c)
	if bytes.Equal(first.Data, second.Data) || second.Width != 100 || !second.Changed {
		t.Error("second call did not come from the cache")
	}
	// Pictures that need no work are never cached.
	if _, err := PrepareCached(encJPEG(50, 50), pol, c); err != nil || len(c) != 1 {
		t.Errorf("small picture cached: %d entries", len(c))
	}
}

func TestDirCache(t *testing.T) {
	c := DirCache{Dir: t.TempDir()}
	if _, ok := c.Get("abcdef"); ok {
		t.Fatal("empty cache hit")
	}
	c.Put("abcdef", []byte("data"))
	if b, ok := c.Get("abcdef"); !ok || string(b) != "data" {
		t.Errorf("got %q %v", b, ok)
	}
}
