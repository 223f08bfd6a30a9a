package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Marks on the upright picture: red top-left, blue top-right, green
// bottom-left; the rest is grey. Together they tell every one of the eight
// EXIF orientations apart.
var (
	markRed   = color.RGBA{230, 20, 20, 255}
	markBlue  = color.RGBA{20, 20, 230, 255}
	markGreen = color.RGBA{20, 200, 20, 255}
	markGrey  = color.RGBA{150, 150, 150, 255}
)

func uprightMark(x, y, w, h int) color.RGBA {
	left, top := x < w/3, y < h/3
	right, bottom := x >= w-w/3, y >= h-h/3
	switch {
	case left && top:
		return markRed
	case right && top:
		return markBlue
	case left && bottom:
		return markGreen
	}
	return markGrey
}

// phoneJPEG writes a JPEG the way a phone camera does: SOI, then an APP1
// Exif segment (TIFF in the camera's byte order, IFD0 with Make, Model and
// Orientation), then the pixels as the sensor stored them, turned so that
// the Orientation tag is needed to show them upright. w × h is the
// upright size.
func phoneJPEG(t *testing.T, o, w, h int) []byte {
	t.Helper()
	sw, sh := w, h
	if o >= 5 {
		sw, sh = h, w
	}
	stored := image.NewRGBA(image.Rect(0, 0, sw, sh))
	for sy := range sh {
		for sx := range sw {
			// Where this stored pixel shows on the upright picture, per
			// the meaning of row 0 and column 0 in the EXIF standard.
			var ux, uy int
			switch o {
			case 1:
				ux, uy = sx, sy
			case 2:
				ux, uy = w-1-sx, sy
			case 3:
				ux, uy = w-1-sx, h-1-sy
			case 4:
				ux, uy = sx, h-1-sy
			case 5:
				ux, uy = sy, sx
			case 6:
				ux, uy = w-1-sy, sx
			case 7:
				ux, uy = w-1-sy, h-1-sx
			case 8:
				ux, uy = sy, h-1-sx
			}
			stored.SetRGBA(sx, sy, uprightMark(ux, uy, w, h))
		}
	}
	var px bytes.Buffer
	if err := jpeg.Encode(&px, stored, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	// TIFF: odd orientations in Intel order (as Samsung writes), even in
	// Motorola order (as Apple writes).
	var bo binary.AppendByteOrder = binary.BigEndian
	tiff := []byte("MM\x00*")
	if o%2 == 1 {
		bo, tiff = binary.LittleEndian, []byte("II*\x00")
	}
	tiff = bo.AppendUint32(tiff, 8)
	make_, model := "Apple\x00", "iPhone 12\x00"
	dataAt := uint32(8 + 2 + 3*12 + 4)
	tiff = bo.AppendUint16(tiff, 3)
	entry := func(tag, typ uint16, count, value uint32, short bool) {
		tiff = bo.AppendUint16(tiff, tag)
		tiff = bo.AppendUint16(tiff, typ)
		tiff = bo.AppendUint32(tiff, count)
		if short {
			tiff = bo.AppendUint16(tiff, uint16(value))
			tiff = append(tiff, 0, 0)
		} else {
			tiff = bo.AppendUint32(tiff, value)
		}
	}
	entry(0x010f, 2, uint32(len(make_)), dataAt, false)
	entry(0x0110, 2, uint32(len(model)), dataAt+uint32(len(make_)), false)
	entry(0x0112, 3, 1, uint32(o), true)
	tiff = bo.AppendUint32(tiff, 0) // no next IFD
	tiff = append(tiff, make_+model...)
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	var out bytes.Buffer
	out.WriteString("\xff\xd8\xff\xe1")
	binary.Write(&out, binary.BigEndian, uint16(len(app1)+2))
	out.Write(app1)
	out.Write(px.Bytes()[2:]) // the encoder's segments after its SOI
	return out.Bytes()
}

func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func runQuiet(t *testing.T, args ...string) (code int, stderr string) {
	t.Helper()
	var e bytes.Buffer
	code = runEnv(context.Background(), args, env{&bytes.Buffer{}, &e, func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1577836800"
		}
		return ""
	}})
	return code, e.String()
}

// blob is a patch of one mark colour on a rendered page.
type blob struct {
	n      int
	sx, sy float64
}

func (b blob) x() float64 { return b.sx / float64(b.n) }
func (b blob) y() float64 { return b.sy / float64(b.n) }

// markBlobs finds the patches of each mark colour on a page.
func markBlobs(img image.Image) map[string][]blob {
	b := img.Bounds()
	kind := func(x, y int) string {
		r, g, bl, _ := img.At(x, y).RGBA()
		r, g, bl = r>>8, g>>8, bl>>8
		switch {
		case r > 170 && g < 90 && bl < 90:
			return "red"
		case bl > 170 && r < 90 && g < 90:
			return "blue"
		case g > 140 && r < 90 && bl < 90:
			return "green"
		}
		return ""
	}
	seen := make([]bool, b.Dx()*b.Dy())
	out := map[string][]blob{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			k := kind(x, y)
			if k == "" || seen[(y-b.Min.Y)*b.Dx()+x-b.Min.X] {
				continue
			}
			var bl blob
			stack := []image.Point{{x, y}}
			seen[(y-b.Min.Y)*b.Dx()+x-b.Min.X] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				bl.n++
				bl.sx += float64(p.X)
				bl.sy += float64(p.Y)
				for _, d := range []image.Point{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
					q := p.Add(d)
					if !q.In(b) || seen[(q.Y-b.Min.Y)*b.Dx()+q.X-b.Min.X] || kind(q.X, q.Y) != k {
						continue
					}
					seen[(q.Y-b.Min.Y)*b.Dx()+q.X-b.Min.X] = true
					stack = append(stack, q)
				}
			}
			if bl.n >= 20 {
				out[k] = append(out[k], bl)
			}
		}
	}
	return out
}

// uprightPhotos counts the photos on a page whose marks sit the right way
// up: blue level with red and right of it, green below red.
func uprightPhotos(t *testing.T, name string, img image.Image) (upright int) {
	blobs := markBlobs(img)
	for _, red := range blobs["red"] {
		nearest := func(k string) (blob, bool) {
			best, ok := blob{}, false
			for _, c := range blobs[k] {
				d := (c.x()-red.x())*(c.x()-red.x()) + (c.y()-red.y())*(c.y()-red.y())
				bd := (best.x()-red.x())*(best.x()-red.x()) + (best.y()-red.y())*(best.y()-red.y())
				if !ok || d < bd {
					best, ok = c, true
				}
			}
			return best, ok
		}
		blue, ok1 := nearest("blue")
		green, ok2 := nearest("green")
		tol := 0.25 * (blue.x() - red.x())
		if ok1 && ok2 && blue.x() > red.x() && abs(blue.y()-red.y()) < max(tol, 2) &&
			green.y() > red.y() && abs(green.x()-red.x()) < max(0.25*(green.y()-red.y()), 2) {
			upright++
		} else {
			t.Errorf("%s: a photo is not upright: red at (%.0f,%.0f), blue at (%.0f,%.0f), green at (%.0f,%.0f)",
				name, red.x(), red.y(), blue.x(), blue.y(), green.x(), green.y())
		}
	}
	return upright
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// TestPhonePhotosUpright builds an edition with a phone photo in each of
// the eight EXIF orientations and checks both outputs show them upright:
// the PDF by rendering its pages, the EPUB by decoding its pictures the
// way a reader that ignores EXIF would.
func TestPhonePhotosUpright(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"edition.yaml": []byte("title: Phones\nissue: 1\ndate: 2020-01-06\n"),
	}
	var md strings.Builder
	md.WriteString("---\ntitle: Eight ways up\nauthor: Jo\nsource: phone\nlicense: CC0\n---\n\nPhotos as phones save them.\n\n")
	photos := map[int][]byte{}
	for o := 1; o <= 8; o++ {
		photos[o] = phoneJPEG(t, o, 480, 360)
		files[fmt.Sprintf("images/o%d.jpg", o)] = photos[o]
		fmt.Fprintf(&md, "![A test card photographed with orientation %d](../images/o%d.jpg \"Photo: Phone\")\n\n", o, o)
	}
	files["articles/phones.md"] = []byte(md.String())
	writeFiles(t, dir, files)

	if code, stderr := runQuiet(t, "check", dir); code != 0 || !strings.Contains(stderr, " 0 warnings") {
		t.Errorf("check: exit %d\n%s", code, stderr)
	}
	out := filepath.Join(dir, "out")
	if code, stderr := runQuiet(t, "build", "-q", dir, "-o", out); code != 0 || strings.Contains(stderr, "warning") {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}

	// EPUB: every picture upright when decoded without EXIF; the upright
	// one is the original file, byte for byte. Photos that come out the
	// same once turned are one file in the book.
	epubs, _ := filepath.Glob(filepath.Join(out, "*.epub"))
	if len(epubs) != 1 {
		t.Fatalf("epubs: %v", epubs)
	}
	zr, err := zip.OpenReader(epubs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	n, kept, same, imgs := 0, 0, false, 0
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "EPUB/xhtml/") {
			rc, _ := f.Open()
			page, _ := io.ReadAll(rc)
			rc.Close()
			imgs += strings.Count(string(page), `<img src="../images/o`)
		}
		if !strings.HasPrefix(f.Name, "EPUB/images/o") {
			continue
		}
		kept++
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Equal(data, photos[1]) {
			same = true
		}
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		b := img.Bounds()
		if b.Dx() != 480 || b.Dy() != 360 {
			t.Errorf("%s is %d × %d, want 480 × 360", f.Name, b.Dx(), b.Dy())
		}
		n += uprightPhotos(t, f.Name, img)
	}
	if n != kept || kept == 0 || !same || imgs != 8 {
		t.Errorf("EPUB: %d of %d picture files upright, shown %d times (want 8); orientation 1 kept byte for byte: %v", n, kept, imgs, same)
	}

	// PDF: render the pages and find the marks.
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm is not installed")
	}
	pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(pdfs) != 1 {
		t.Fatalf("pdfs: %v", pdfs)
	}
	pdf, _ := os.ReadFile(pdfs[0])
	if !bytes.Contains(pdf, photos[1][:len(photos[1])-2]) {
		t.Error("the upright JPEG is not in the PDF as it is")
	}
	pages := filepath.Join(t.TempDir(), "p")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if o, err := exec.CommandContext(ctx, "pdftoppm", "-r", "40", "-png", pdfs[0], pages).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, o)
	}
	pngs, _ := filepath.Glob(pages + "*.png")
	n = 0
	for _, p := range pngs {
		f, _ := os.Open(p)
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		n += uprightPhotos(t, filepath.Base(p), img)
	}
	if n != 8 {
		t.Errorf("PDF: %d of 8 photos found upright on %d pages", n, len(pngs))
	}
}

// TestHostileSVGAndLinks builds an edition with an entity bomb, an SVG
// with an external entity, one with a script, a real chart with base64
// ids, escaped picture names and symbolic links, and checks the warnings,
// that captions are kept, and that epubcheck passes the EPUB quickly.
func TestHostileSVGAndLinks(t *testing.T) {
	if testing.Short() && os.Getenv("OFFPRINT_PICTURE_TESTS") == "" {
		t.Skip("builds an edition and runs epubcheck")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "ed")
	bomb := "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n <!ENTITY lol \"lol\">\n <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\"><text x=\"0\" y=\"20\">&lol9;</text></svg>\n"
	xxe := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\"><text y=\"20\">&xxe;</text></svg>\n"
	script := `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="alert(1)"><script>alert(2)</script><circle cx="50" cy="50" r="40" fill="red"/></svg>`
	chart := `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 400 200" width="400" height="200">
<defs><clipPath id='cpMC4wMHwwLjAwfDAuMDB8MC4wMA=='><rect x='0' y='0' width='400' height='200'/></clipPath></defs>
<g clip-path='url(#cpMC4wMHwwLjAwfDAuMDB8MC4wMA==)'><rect width="300" height="150" fill="#36c"/></g>
</svg>`
	photo := phoneJPEG(t, 1, 480, 360)
	md := "---\ntitle: Hostile pictures\nauthor: Jo\nsource: web\nlicense: CC0\n---\n\nText.\n\n" +
		"![Bomb caption](../images/bomb.svg)\n\n![XXE caption](../images/xxe.svg)\n\n![Script caption](../images/script.svg)\n\n" +
		"![Chart caption](../images/chart.svg)\n\n![Hash](../images/hash%231.jpg)\n\n![Question](../images/what%3F.jpg?v=1)\n\n" +
		"![Outside](../images/outside.jpg)\n\n![Inside link](../images/inside.jpg)\n"
	writeFiles(t, dir, map[string][]byte{
		"edition.yaml":       []byte("title: Hostile\nissue: 1\ndate: 2020-01-06\n"),
		"articles/a.md":      []byte(md),
		"images/bomb.svg":    []byte(bomb),
		"images/xxe.svg":     []byte(xxe),
		"images/script.svg":  []byte(script),
		"images/chart.svg":   []byte(chart),
		"images/hash#1.jpg":  photo,
		"images/what?.jpg":   photo,
		"images/real.jpg":    photo,
		"../secret/own.jpg":  photo,
		"../secret/other.md": []byte("---\ntitle: Outside\n---\n\nSecret.\n"),
	})
	os.Symlink("../../secret/own.jpg", filepath.Join(dir, "images", "outside.jpg"))
	os.Symlink("real.jpg", filepath.Join(dir, "images", "inside.jpg"))

	out := filepath.Join(dir, "out")
	code, stderr := runQuiet(t, "build", dir, "-o", out)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"bomb.svg", "xxe.svg", "script.svg", "images/outside.jpg is a link to ../../secret/own.jpg, outside the edition folder"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no warning about %s in\n%s", want, stderr)
		}
	}
	for _, unwanted := range []string{"chart.svg", "images/hash", "images/what", "inside.jpg"} {
		if strings.Contains(stderr, unwanted) {
			t.Errorf("warning about %s in\n%s", unwanted, stderr)
		}
	}
	epubs, _ := filepath.Glob(filepath.Join(out, "*.epub"))
	zr, err := zip.OpenReader(epubs[0])
	if err != nil {
		t.Fatal(err)
	}
	var pages, svgs strings.Builder
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		switch {
		case strings.HasSuffix(f.Name, ".xhtml"):
			pages.Write(b)
		case strings.HasSuffix(f.Name, ".svg"):
			svgs.Write(b)
		}
	}
	zr.Close()
	for _, c := range []string{"Bomb caption", "XXE caption", "Script caption", "Chart caption"} {
		if !strings.Contains(pages.String(), c) {
			t.Errorf("caption %q lost", c)
		}
	}
	for _, bad := range []string{"lol", "ENTITY", "alert", "onload", "=="} {
		if strings.Contains(svgs.String(), bad) {
			t.Errorf("%q reached the EPUB", bad)
		}
	}
	if jar := "/usr/share/java/epubcheck.jar"; fileExists(jar) {
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
		defer cancel()
		o, err := exec.CommandContext(ctx, "java", "-jar", jar, epubs[0]).CombinedOutput()
		took := time.Since(start)
		if err != nil || !bytes.Contains(o, []byte("No errors or warnings")) {
			t.Errorf("epubcheck: %v\n%s", err, o)
		}
		// An entity bomb used to keep epubcheck busy for minutes; how long
		// it takes now is reported, not tested (speed is for benchmarks).
		t.Logf("epubcheck took %v", took)
		if t.Failed() {
			t.Logf("build:\n%s", stderr)
		}
	}

	// A picture link loop is an error that says so.
	os.Symlink("loop2.jpg", filepath.Join(dir, "images", "loop1.jpg"))
	os.Symlink("loop1.jpg", filepath.Join(dir, "images", "loop2.jpg"))
	os.WriteFile(filepath.Join(dir, "articles", "b.md"), []byte("---\ntitle: Loop\n---\n\n![Loop](../images/loop1.jpg)\n"), 0o644)
	if code, stderr := runQuiet(t, "check", dir); code == 0 || !strings.Contains(stderr, "articles/b.md:5: picture images/loop1.jpg is a symbolic link loop") {
		t.Errorf("picture loop: exit %d\n%s", code, stderr)
	}
	os.Remove(filepath.Join(dir, "articles", "b.md"))

	// An article linked from outside is refused, naming the link; a loop
	// says it is a loop.
	os.Symlink("../../secret/other.md", filepath.Join(dir, "articles", "other.md"))
	if code, stderr := runQuiet(t, "check", dir); code == 0 || !strings.Contains(stderr, "articles/other.md is a link to ../../secret/other.md, outside the edition folder") {
		t.Errorf("outside article: exit %d\n%s", code, stderr)
	}
	os.Remove(filepath.Join(dir, "articles", "other.md"))
	os.Symlink("loop2.md", filepath.Join(dir, "articles", "loop1.md"))
	os.Symlink("loop1.md", filepath.Join(dir, "articles", "loop2.md"))
	if code, stderr := runQuiet(t, "check", dir); code == 0 || !strings.Contains(stderr, "symbolic link loop") {
		t.Errorf("article loop: exit %d\n%s", code, stderr)
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestImportWritesUTF8 imports files as Notepad and old editors save them
// and checks the Markdown written is UTF-8 with the right letters.
func TestImportWritesUTF8(t *testing.T) {
	dir := t.TempDir()
	utf16le := func(s string) []byte {
		out := []byte{0xff, 0xfe}
		for _, r := range strings.ReplaceAll(s, "\n", "\r\n") {
			out = append(out, byte(r), byte(r>>8)) // BMP only
		}
		return out
	}
	writeFiles(t, dir, map[string][]byte{
		"notepad.txt": utf16le("Grüße aus Köln\n\nDie Straße am Fluß ist schön.\n"),
		"latin1.md":   []byte("---\ntitle: Stra\xdfe\n---\n\nGr\xfc\xdfe aus K\xf6ln, \xfcber die Br\xfccke und die Stra\xdfe entlang.\n"),
		"cp1252.html": []byte("<!DOCTYPE html>\r\n<html><head><meta charset=\"windows-1252\"><title>Caf\xe9 \x96 Men\xfc</title></head>\r\n<body><article><h1>Caf\xe9 \x96 Men\xfc</h1><p>\x93Sch\xf6n\x94, sagte sie: 5 \x80 f\xfcr den Kaffee, und noch einmal 5 \x80 f\xfcr den Kuchen. Das ist nicht billig, aber der Kuchen ist gut.</p><p>Noch ein Absatz mit genug Text, damit der Artikel als Artikel erkannt wird, und mit \xdf und \xe4.</p></article></body></html>\r\n"),
	})
	out := filepath.Join(dir, "articles")
	for _, c := range []struct{ file, want string }{
		{"notepad.txt", "Die Straße am Fluß ist schön."},
		{"latin1.md", "Grüße aus Köln, über die Brücke"},
		{"cp1252.html", "“Schön”, sagte sie: 5 € für den Kaffee"},
	} {
		if code, stderr := runQuiet(t, "import", filepath.Join(dir, c.file), "--to", out); code != 0 {
			t.Fatalf("import %s: exit %d\n%s", c.file, code, stderr)
		}
		mds, _ := filepath.Glob(filepath.Join(out, "*.md"))
		found := false
		for _, m := range mds {
			b, _ := os.ReadFile(m)
			if !utf8Valid(b) || strings.ContainsAny(string(b), "\x00\uFFFD") {
				t.Errorf("%s is not clean UTF-8", m)
			}
			if strings.Contains(string(b), c.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no %q in the imported Markdown", c.file, c.want)
		}
	}
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "") == string(b) }
