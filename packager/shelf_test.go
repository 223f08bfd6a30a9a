package packager

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// calibreOPF is an EPUB 2 package document as calibre writes it.
const calibreOPF = `<?xml version='1.0' encoding='utf-8'?>
<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="uuid_id" version="2.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:identifier opf:scheme="calibre" id="calibre_id">42</dc:identifier>
    <dc:identifier opf:scheme="uuid" id="uuid_id">0b6f0e52-6c57-4f36-9c0b-8d1d1f0e5a11</dc:identifier>
    <dc:title>Night Shift, No. 3</dc:title>
    <dc:creator opf:file-as="Hartley, Nell" opf:role="aut">Nell Hartley</dc:creator>
    <dc:contributor opf:file-as="calibre" opf:role="bkp">calibre (7.6.0) [https://calibre-ebook.com]</dc:contributor>
    <dc:date>2020-03-05T00:00:00+00:00</dc:date>
    <dc:description>&lt;p&gt;Stories from the night.&lt;/p&gt;</dc:description>
    <dc:language>en</dc:language>
    <dc:subject>Harbour</dc:subject>
    <meta name="calibre:series" content="Night Shift"/>
    <meta name="calibre:series_index" content="3.0"/>
    <meta name="cover" content="cover"/>
  </metadata>
  <manifest>
    <item href="cover.jpeg" id="cover" media-type="image/jpeg"/>
    <item href="index.html" id="html" media-type="application/xhtml+xml"/>
  </manifest>
  <spine><itemref idref="html"/></spine>
</package>
`

func TestParseOPFReadsCalibreMetadata(t *testing.T) {
	info, err := parseOPF([]byte(calibreOPF))
	if err != nil {
		t.Fatal(err)
	}
	if info.Identifier != "0b6f0e52-6c57-4f36-9c0b-8d1d1f0e5a11" || info.Title != "Night Shift, No. 3" ||
		info.Series != "Night Shift" || info.Issue != "3" || info.CoverHref != "cover.jpeg" ||
		len(info.Authors) != 1 || info.Authors[0] != "Nell Hartley" || info.Date != "2020-03-05T00:00:00+00:00" ||
		len(info.Subjects) != 1 {
		t.Errorf("got %+v", info)
	}
	if d := shelfDate(info.Date); !d.Equal(time.Date(2020, 3, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date %v", d)
	}
}

func TestParseOPFRefusesWhatIsNotAPackage(t *testing.T) {
	for _, in := range []string{"", "<package", `<package><metadata></metadata></package>`,
		`<?xml version="1.0" encoding="windows-1252"?><package/>`} {
		if _, err := parseOPF([]byte(in)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// FuzzParseOPF feeds the package-document reader anything: it returns an
// error or a title, and never panics.
func FuzzParseOPF(f *testing.F) {
	f.Add([]byte(calibreOPF))
	f.Add([]byte(`<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title id="t">A</dc:title><meta refines="#t" property="title-type">main</meta><meta property="belongs-to-collection" id="c">S</meta><meta refines="#c" property="group-position">1e400</meta></metadata><manifest><item properties="cover-image" href="c%20d.png"/></manifest></package>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := parseOPF(data)
		if err == nil && info.Title == "" {
			t.Error("no error and no title")
		}
		if err == nil {
			unescapeHref(info.CoverHref)
		}
	})
}

// makeEPUB writes a minimal EPUB with the given package document and a
// cover picture of w × h pixels.
func makeEPUB(t *testing.T, opf string, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	add := func(name string, data []byte) {
		fw, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	add("mimetype", []byte("application/epub+zip"))
	add("META-INF/container.xml", []byte(`<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`))
	add("OEBPS/content.opf", []byte(opf))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 90, uint8(128 + x%128)})
		}
	}
	var pb bytes.Buffer
	png.Encode(&pb, img)
	add("OEBPS/cover.jpeg", pb.Bytes()) // calibre names it .jpeg whatever it is
	zw.Close()
	return b.Bytes()
}

func TestShelfOfACalibreEPUB(t *testing.T) {
	root := t.TempDir()
	fsys := fstest.MapFS{
		"Night Shift/Night Shift, No. 3.epub": {Data: makeEPUB(t, calibreOPF, 300, 500)},
		"Night Shift/broken.epub":             {Data: []byte("not a zip")},
		".cache/hidden.epub":                  {Data: []byte("never read")},
	}
	now := time.Date(2021, 2, 3, 4, 5, 6, 0, time.UTC)
	rep, err := Shelf(context.Background(), ShelfOptions{
		FS: fsys, Out: DirSink{Dir: root}, Files: DirSink{Dir: filepath.Join(root, ShelfFolder)}, Now: now,
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Editions() != 1 || rep.Title != "Night Shift" || len(rep.Skipped) != 1 || !strings.HasPrefix(rep.Skipped[0], "Night Shift/broken.epub: not a zip") {
		t.Fatalf("report %+v", rep)
	}
	e := rep.Series[0].Editions[0]
	if e.coverSize != [2]int{300, 500} || e.thumbSize != [2]int{144, 240} {
		t.Errorf("cover %v, thumbnail %v", e.coverSize, e.thumbSize)
	}
	cat, _ := os.ReadFile(filepath.Join(root, ShelfCatalog))
	for _, want := range []string{
		`<title>Night Shift, No. 3</title>`, // the title names the issue already
		`<updated>2021-02-03T04:05:06Z</updated>`,
		`href="Night%20Shift/Night%20Shift%2C%20No.%203.epub"`,
		`<id>urn:uuid:0b6f0e52-6c57-4f36-9c0b-8d1d1f0e5a11</id>`,
		`<summary type="text">Stories from the night.</summary>`,
	} {
		if !strings.Contains(string(cat), want) {
			t.Errorf("catalog lacks %s:\n%s", want, cat)
		}
	}
	if strings.Contains(string(cat), "application/pdf") || strings.Contains(string(cat), "calibre (") {
		t.Error("a PDF link without a PDF, or the program that made the book as a contributor")
	}
	if _, err := Shelf(context.Background(), ShelfOptions{FS: fstest.MapFS{}, Out: DirSink{Dir: root}, Files: DirSink{Dir: root}}); err != ErrEmptyShelf {
		t.Errorf("empty shelf: %v", err)
	}
}
