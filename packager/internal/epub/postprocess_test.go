package epub

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// The package document as go-epub writes it: random ids, a stylesheet
// typed text/plain, its own clock.
const goOPF = `<?xml version="1.0" encoding="UTF-8"?>
<package version="3.0" unique-identifier="pub-id" xmlns="http://www.idpf.org/2007/opf">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="pub-id">urn:uuid:0b8d5f3c-random</dc:identifier>
    <dc:title>T</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2099-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="id4a7c" href="css/style.css" media-type="text/plain; charset=utf-8"></item>
    <item id="b.xhtml" href="xhtml/b.xhtml" media-type="application/xhtml+xml"></item>
    <item id="a.xhtml" href="xhtml/a.xhtml" media-type="application/xhtml+xml"></item>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"></item>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"></item>
  </manifest>
  <spine toc="ncx">
    <itemref idref="a.xhtml"></itemref>
    <itemref idref="b.xhtml"></itemref>
  </spine>
</package>
`

const goContainer = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml" />
  </rootfiles>
</container>
`

const goPage = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
  <head><title dir="auto">A</title></head>
  <body dir="auto"><p>a</p></body>
</html>
`

// goFiles are the files of a small book as go-epub writes them, in an
// order of its own.
func goFiles() map[string]string {
	return map[string]string{
		"EPUB/xhtml/b.xhtml":     strings.Replace(goPage, ">a<", ">b<", 1),
		"mimetype":               "application/epub+zip",
		"EPUB/toc.ncx":           "<ncx/>",
		"META-INF/container.xml": goContainer,
		"EPUB/css/style.css":     "p { margin: 0 }",
		"EPUB/package.opf":       goOPF,
		"EPUB/xhtml/a.xhtml":     goPage,
		"EPUB/nav.xhtml":         "<nav/>",
	}
}

// goZip writes files the way go-epub's zip.Writer does: deflated, with
// data descriptors, in the order given (names sorted, mimetype not first,
// unless order says otherwise) and with dates and extra fields.
func goZip(t *testing.T, files map[string]string) []byte {
	t.Helper()
	names := keys(files)
	slices.Reverse(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, files[n])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func memPicture(name, id string, data []byte) *picture {
	return &picture{
		Name: name, ID: id, MediaType: "image/png",
		Size: int64(len(data)), CRC: crc32.ChecksumIEEE(data),
		open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
	}
}

var testModified = time.Date(2020, 1, 5, 10, 30, 0, 0, time.UTC)

func testFixup() *fixup {
	return &fixup{
		Modified: testModified,
		Meta:     &metadata{Identifier: "urn:uuid:stable", Title: "Fixed", Language: "fr", Modified: testModified},
		Replace:  map[string][]byte{"nav.xhtml": []byte("<nav>new</nav>")},
		Lang:     "fr",
		Pictures: []*picture{memPicture("images/p.png", "img-p", []byte("\x89PNG fake picture bytes"))},
		NavAfter: "xhtml/a.xhtml",
	}
}

func runPostprocess(t *testing.T, src []byte, fx *fixup) ([]byte, error) {
	t.Helper()
	var out bytes.Buffer
	err := postprocess(src, &out, fx)
	return out.Bytes(), err
}

func TestPostprocessOrderAndHeaders(t *testing.T) {
	out, err := runPostprocess(t, goZip(t, goFiles()), testFixup())
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
	want := []string{
		"mimetype", "META-INF/container.xml", "EPUB/package.opf",
		"EPUB/css/style.css", "EPUB/images/p.png", "EPUB/nav.xhtml", "EPUB/toc.ncx", "EPUB/xhtml/a.xhtml", "EPUB/xhtml/b.xhtml",
	}
	if !slices.Equal(names, want) {
		t.Errorf("entries are\n%v\nwant\n%v", names, want)
	}
	for _, f := range zr.File {
		if !f.Modified.Equal(testModified) {
			t.Errorf("%s is dated %v", f.Name, f.Modified)
		}
		if len(f.Extra) != 0 || f.Flags&0x8 != 0 {
			t.Errorf("%s has an extra field or a data descriptor", f.Name)
		}
		want := uint16(zip.Deflate)
		if f.Name == "mimetype" || f.Name == "EPUB/images/p.png" {
			want = zip.Store
		}
		if f.Method != want {
			t.Errorf("%s has method %d, want %d", f.Name, f.Method, want)
		}
	}
	if files["EPUB/images/p.png"] != "\x89PNG fake picture bytes" {
		t.Errorf("the picture's bytes changed")
	}
	if files["EPUB/nav.xhtml"] != "<nav>new</nav>" {
		t.Errorf("nav.xhtml was not replaced: %q", files["EPUB/nav.xhtml"])
	}
	contains(t, "a.xhtml", files["EPUB/xhtml/a.xhtml"], `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="fr" xml:lang="fr">`)
	if files["EPUB/toc.ncx"] != "<ncx/>" || files["EPUB/css/style.css"] != "p { margin: 0 }" || files["META-INF/container.xml"] != goContainer {
		t.Errorf("entries that were not to change changed")
	}
}

// Entries the pass does not change are copied as they were compressed.
func TestPostprocessCopiesRaw(t *testing.T) {
	src := goZip(t, goFiles())
	fx := testFixup()
	fx.Lang = ""
	out, err := runPostprocess(t, src, fx)
	if err != nil {
		t.Fatal(err)
	}
	raw := func(data []byte) map[string]string {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, f := range zr.File {
			r, err := f.OpenRaw()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r)
			m[f.Name] = string(b)
		}
		return m
	}
	in, got := raw(src), raw(out)
	for _, n := range []string{"META-INF/container.xml", "EPUB/css/style.css", "EPUB/toc.ncx", "EPUB/xhtml/a.xhtml", "EPUB/xhtml/b.xhtml"} {
		if in[n] != got[n] {
			t.Errorf("%s was recompressed", n)
		}
	}
}

func TestPostprocessPackage(t *testing.T) {
	out, err := runPostprocess(t, goZip(t, goFiles()), testFixup())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := entries(t, out)
	opf := files["EPUB/package.opf"]
	contains(t, "package", opf,
		`<dc:identifier id="pub-id">urn:uuid:stable</dc:identifier>`,
		`<meta property="dcterms:modified">2020-01-05T10:30:00Z</meta>`,
		`<item id="css-style" href="css/style.css" media-type="text/css"/>`,
		`<item id="img-p" href="images/p.png" media-type="image/png"/>`,
		`<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>`,
		`<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>`,
		`<item id="a" href="xhtml/a.xhtml" media-type="application/xhtml+xml"/>`,
	)
	lacks(t, "package", opf, "2099", "random", "charset", "id4a7c")
	if got := spine(t, opf); !slices.Equal(got, []string{"a", "nav", "b"}) {
		t.Errorf("spine is %v, want a, nav, b", got)
	}

	// Without NavAfter the navigation document stays out of the spine;
	// a cover picture gets its property.
	fx := testFixup()
	fx.NavAfter = ""
	fx.Pictures[0].Cover = true
	fx.PPD = "rtl"
	out, err = runPostprocess(t, goZip(t, goFiles()), fx)
	if err != nil {
		t.Fatal(err)
	}
	files, _ = entries(t, out)
	if got := spine(t, files["EPUB/package.opf"]); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("spine is %v, want a, b", got)
	}
	contains(t, "package", files["EPUB/package.opf"],
		`<item id="img-p" href="images/p.png" media-type="image/png" properties="cover-image"/>`,
		`<spine toc="ncx" page-progression-direction="rtl">`)
}

func TestPostprocessReproducible(t *testing.T) {
	a, err := runPostprocess(t, goZip(t, goFiles()), testFixup())
	if err != nil {
		t.Fatal(err)
	}
	b, err := runPostprocess(t, goZip(t, goFiles()), testFixup())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("the same input gave different bytes")
	}
}

func TestPostprocessErrors(t *testing.T) {
	without := func(name string) []byte {
		f := goFiles()
		delete(f, name)
		return goZip(t, f)
	}
	with := func(name, data string) []byte {
		f := goFiles()
		f[name] = data
		return goZip(t, f)
	}
	for _, c := range []struct {
		name string
		src  []byte
		fx   func(*fixup)
		want string
	}{
		{"not a zip", []byte("not a zip"), nil, "reading go-epub's output"},
		{"no mimetype", without("mimetype"), nil, "no mimetype"},
		{"no container", without("META-INF/container.xml"), nil, "no META-INF/container.xml"},
		{"no rootfile", with("META-INF/container.xml", `<container><rootfiles/></container>`), nil, "names no package document"},
		{"no package", without("EPUB/package.opf"), nil, "no EPUB/package.opf"},
		{"bad package", with("EPUB/package.opf", "<package><manifest>"), nil, "reading EPUB/package.opf"},
		{"missing file", without("EPUB/xhtml/b.xhtml"), nil, "lists xhtml/b.xhtml, which it did not write"},
		{"unknown spine", with("EPUB/package.opf", strings.Replace(goOPF, `idref="b.xhtml"`, `idref="zzz"`, 1)), nil, "spine names zzz"},
		{"replace unknown", goZip(t, goFiles()), func(fx *fixup) { fx.Replace["nope.xhtml"] = []byte("x") }, "no EPUB/nope.xhtml to replace"},
		{"nav after unknown", goZip(t, goFiles()), func(fx *fixup) { fx.NavAfter = "xhtml/zzz.xhtml" }, "no xhtml/zzz.xhtml to put"},
		{"picture clash", goZip(t, goFiles()), func(fx *fixup) { fx.Pictures[0].Name = "css/style.css" }, "would replace a file"},
		{"picture twice", goZip(t, goFiles()), func(fx *fixup) {
			fx.Pictures = append(fx.Pictures, memPicture("images/p.png", "img-q", []byte("x")))
		}, "in the book twice"},
		{"picture changed", goZip(t, goFiles()), func(fx *fixup) { fx.Pictures[0].CRC++ }, "changed while the EPUB was being written"},
		{"picture shrank", goZip(t, goFiles()), func(fx *fixup) { fx.Pictures[0].Size++ }, "changed while the EPUB was being written"},
		{"picture grew", goZip(t, goFiles()), func(fx *fixup) { fx.Pictures[0].Size-- }, "changed while the EPUB was being written"},
		{"picture gone", goZip(t, goFiles()), func(fx *fixup) {
			fx.Pictures[0].Path = "images/p.png"
			fx.Pictures[0].open = func() (io.ReadCloser, error) { return nil, io.ErrUnexpectedEOF }
		}, "picture images/p.png"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fx := testFixup()
			if c.fx != nil {
				c.fx(fx)
			}
			_, err := runPostprocess(t, c.src, fx)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error with %q", err, c.want)
			}
		})
	}
}

func TestSetRootLang(t *testing.T) {
	for _, c := range []struct{ in, lang, dir, want string }{
		{`<html xmlns="x"><body/></html>`, "fr", "", `<html xmlns="x" lang="fr" xml:lang="fr"><body/></html>`},
		{`<html xmlns="x"><body/></html>`, "ar", "rtl", `<html xmlns="x" lang="ar" xml:lang="ar" dir="rtl"><body/></html>`},
		{`<html xmlns="x" lang="de"><body/></html>`, "fr", "", `<html xmlns="x" lang="de"><body/></html>`},
		{`<html xmlns="x" dir="ltr">`, "", "rtl", `<html xmlns="x" dir="ltr">`},
		{`<html/>`, "en", "", `<html lang="en" xml:lang="en"/>`},
		{`<?xml version="1.0"?><p>no root</p>`, "en", "", `<?xml version="1.0"?><p>no root</p>`},
		{`<html`, "en", "", `<html`},
		{`<html>`, "a\"b", "", `<html lang="a&quot;b" xml:lang="a&quot;b">`},
	} {
		if got := string(setRootLang([]byte(c.in), c.lang, c.dir)); got != c.want {
			t.Errorf("setRootLang(%q, %q, %q) = %q, want %q", c.in, c.lang, c.dir, got, c.want)
		}
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
