package epub

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

var testModified = time.Date(2020, 1, 5, 10, 30, 0, 0, time.UTC)

func memPicture(name, id, mediaType string, data []byte) *picture {
	return &picture{
		Name: name, ID: id, MediaType: mediaType,
		Size: int64(len(data)), CRC: crc32.ChecksumIEEE(data),
		open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
	}
}

const testSVGChart = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`

// smallBook is a book of two pages, a stylesheet, a PNG and an SVG.
func smallBook(t *testing.T) *container {
	t.Helper()
	c := newContainer(testModified, &metadata{Identifier: "urn:uuid:stable", Title: "Fixed", Language: "fr", Modified: testModified})
	for _, p := range []*picture{
		memPicture("images/p.png", "img-p", "image/png", []byte("\x89PNG fake picture bytes")),
		memPicture("images/chart.svg", "img-chart", "image/svg+xml", []byte(testSVGChart)),
	} {
		if err := c.addPicture(p); err != nil {
			t.Fatal(err)
		}
	}
	must := func(p *part, err error) *part {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	must(c.addFile(cssFile, "", "text/css", "", []byte("p { margin: 0 }")))
	b := must(c.addFile("xhtml/b.xhtml", "", "application/xhtml+xml", "", xhtmlPage("B", "../"+cssFile, "fr", "", "<p>b</p>")))
	a := must(c.addFile("xhtml/a.xhtml", "", "application/xhtml+xml", "", xhtmlPage("A", "../"+cssFile, "fr", "", "<p>a</p>")))
	must(c.addFile("nav.xhtml", "nav", "application/xhtml+xml", "nav", []byte("<nav/>")))
	must(c.addFile("toc.ncx", "ncx", "application/x-dtbncx+xml", "", []byte("<ncx/>")))
	c.Spine = []string{b.ID, "nav", a.ID}
	return c
}

func writeBook(t *testing.T, c *container) ([]byte, error) {
	t.Helper()
	var out bytes.Buffer
	err := c.write(context.Background(), &out)
	return out.Bytes(), err
}

func TestWriteOrderAndHeaders(t *testing.T) {
	out, err := writeBook(t, smallBook(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte("PK\x03\x04")) || string(out[30:38]) != "mimetype" || string(out[38:58]) != "application/epub+zip" {
		t.Errorf("the zip does not open with a stored mimetype entry without extra field: %q", out[:60])
	}
	files, zr := entries(t, out)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	want := []string{"mimetype", "META-INF/container.xml", "EPUB/package.opf",
		"EPUB/css/offprint.css", "EPUB/images/chart.svg", "EPUB/images/p.png",
		"EPUB/nav.xhtml", "EPUB/toc.ncx", "EPUB/xhtml/a.xhtml", "EPUB/xhtml/b.xhtml"}
	if !slices.Equal(names, want) {
		t.Errorf("entries are %v, want %v", names, want)
	}
	stored := map[string]bool{"mimetype": true, "EPUB/images/p.png": true}
	for _, f := range zr.File {
		if !f.Modified.Equal(testModified) {
			t.Errorf("%s is dated %v, want %v", f.Name, f.Modified, testModified)
		}
		if len(f.Extra) != 0 || f.Flags&0x8 != 0 {
			t.Errorf("%s has an extra field or a data descriptor", f.Name)
		}
		wantMethod := zip.Deflate
		if stored[f.Name] {
			wantMethod = zip.Store
		}
		if f.Method != wantMethod {
			t.Errorf("%s has method %d, want %d", f.Name, f.Method, wantMethod)
		}
	}
	// Local headers carry sizes and checksums, as the central directory does.
	for _, f := range zr.File {
		off, err := f.DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		h := out[off-int64(30+len(f.Name)) : off]
		if binary.LittleEndian.Uint32(h[14:]) != f.CRC32 || uint64(binary.LittleEndian.Uint32(h[22:])) != f.UncompressedSize64 {
			t.Errorf("%s: the local header lacks its checksum or size", f.Name)
		}
	}
	if files["EPUB/images/chart.svg"] != testSVGChart {
		t.Errorf("the SVG picture changed on its way into the book")
	}
	contains(t, "container.xml", files["META-INF/container.xml"], `full-path="EPUB/package.opf"`)
	contains(t, "package", files["EPUB/package.opf"],
		`<item id="img-chart" href="images/chart.svg" media-type="image/svg+xml"/>`,
		`<item id="css-offprint" href="css/offprint.css" media-type="text/css"/>`,
		`<item id="b" href="xhtml/b.xhtml" media-type="application/xhtml+xml"/>`,
		`<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>`,
		"<itemref idref=\"b\"/>\n    <itemref idref=\"nav\"/>\n    <itemref idref=\"a\"/>",
		`<meta property="dcterms:modified">2020-01-05T10:30:00Z</meta>`)
	contains(t, "a.xhtml", files["EPUB/xhtml/a.xhtml"],
		`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="fr" xml:lang="fr">`,
		`<title dir="auto">A</title>`, `href="../css/offprint.css"`, "<p>a</p>")
}

func TestWriteReproducible(t *testing.T) {
	a, err := writeBook(t, smallBook(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := writeBook(t, smallBook(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("the same book gave different bytes")
	}
}

func TestWriteErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*container) error
		want string
	}{
		{"unknown spine", func(c *container) error { c.Spine = append(c.Spine, "zzz"); return nil }, "names zzz"},
		{"file twice", func(c *container) error {
			_, err := c.addFile("xhtml/A.xhtml", "", "application/xhtml+xml", "", nil)
			return err
		}, "in the book twice"},
		{"picture twice", func(c *container) error {
			return c.addPicture(memPicture("images/p.png", "img-q", "image/png", []byte("x")))
		}, "in the book twice"},
		{"picture id twice", func(c *container) error {
			return c.addPicture(memPicture("images/q.png", "img-p", "image/png", []byte("x")))
		}, "used twice"},
		{"picture changed", func(c *container) error { c.Parts[0].Pic.CRC++; return nil }, "changed while the EPUB was being written"},
		{"picture shrank", func(c *container) error { c.Parts[0].Pic.Size++; return nil }, "changed while the EPUB was being written"},
		{"picture grew", func(c *container) error { c.Parts[0].Pic.Size--; return nil }, "changed while the EPUB was being written"},
		{"svg changed", func(c *container) error { c.Parts[1].Pic.CRC++; return nil }, "changed while the EPUB was being written"},
		{"picture gone", func(c *container) error {
			c.Parts[0].Pic.Path = "images/p.png"
			c.Parts[0].Pic.open = func() (io.ReadCloser, error) { return nil, io.ErrUnexpectedEOF }
			return nil
		}, "picture images/p.png"},
	} {
		t.Run(c.name, func(t *testing.T) {
			book := smallBook(t)
			err := c.edit(book)
			if err == nil {
				_, err = writeBook(t, book)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error with %q", err, c.want)
			}
		})
	}
}

func TestXHTMLPage(t *testing.T) {
	got := string(xhtmlPage("Tom & \"Jerry\"", "../css/offprint.css", "ar", "rtl", "<p>x</p>"))
	want := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="ar" xml:lang="ar" dir="rtl">
  <head>
    <title dir="auto">Tom &amp; &quot;Jerry&quot;</title>
    <link rel="stylesheet" type="text/css" href="../css/offprint.css"></link>
  </head>
  <body dir="auto">
<p>x</p>
</body>
</html>
`
	if got != want {
		t.Errorf("page is\n%s\nwant\n%s", got, want)
	}
	if got := string(xhtmlPage("T", "", "", "", "")); !strings.Contains(got, "<title dir=\"auto\">T</title>") || strings.Contains(got, "lang=") || strings.Contains(got, "<link") {
		t.Errorf("a page without language or stylesheet is\n%s", got)
	}
}

func TestMSDOSTime(t *testing.T) {
	for _, c := range []struct {
		in   time.Time
		want time.Time
	}{
		{testModified, testModified},
		{time.Date(2020, 1, 5, 10, 30, 1, 999, time.UTC), testModified}, // two-second steps
		{time.Date(2020, 1, 5, 11, 30, 0, 0, time.FixedZone("CET", 3600)), testModified},
		{time.Time{}, time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)},
	} {
		d, c2 := msdosTime(c.in)
		got := time.Date(int(d>>9)+1980, time.Month(d>>5&0xf), int(d&0x1f), int(c2>>11), int(c2>>5&0x3f), int(c2&0x1f)*2, 0, time.UTC)
		if !got.Equal(c.want) {
			t.Errorf("msdosTime(%v) is %v, want %v", c.in, got, c.want)
		}
	}
}
