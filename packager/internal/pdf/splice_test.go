package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"math/bits"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/internal/testtool"
	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/media"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// adobeJPEG writes by hand a baseline JPEG of one flat colour with an Adobe
// marker that says its components are stored as they are: CMYK for four
// values, RGB for three (Go's encoder writes neither).
func adobeJPEG(w, h int, vals ...uint8) []byte {
	n := len(vals)
	var b bytes.Buffer
	seg := func(marker byte, data ...byte) {
		b.Write([]byte{0xff, marker, byte((len(data) + 2) >> 8), byte(len(data) + 2)})
		b.Write(data)
	}
	b.Write([]byte{0xff, 0xd8})
	seg(0xee, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0)
	seg(0xdb, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...)...) // every quantiser 1
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(n)}
	sos := []byte{byte(n)}
	for c := range n {
		sof = append(sof, byte(c+1), 0x11, 0)
		sos = append(sos, byte(c+1), 0)
	}
	seg(0xc0, sof...)
	// DC: categories 0–11 as four-bit codes 0000–1011; AC: end of block
	// only, as the code 0.
	dc := []byte{0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	seg(0xc4, append(dc, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)...)
	seg(0xc4, 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	seg(0xda, append(sos, 0, 63, 0)...)
	var acc uint32
	var nacc uint
	put := func(v uint32, k uint) {
		for i := int(k) - 1; i >= 0; i-- {
			acc = acc<<1 | (v>>uint(i))&1
			nacc++
			if nacc == 8 {
				b.WriteByte(byte(acc))
				if byte(acc) == 0xff {
					b.WriteByte(0)
				}
				acc, nacc = 0, 0
			}
		}
	}
	mcus := ((w + 7) / 8) * ((h + 7) / 8)
	for m := range mcus {
		for _, v := range vals {
			diff := 0
			if m == 0 {
				diff = 8 * (int(v) - 128) // the DC term of a flat block
			}
			mag := diff
			if mag < 0 {
				mag = -mag
			}
			s := uint(bits.Len(uint(mag)))
			put(uint32(s), 4)
			if diff < 0 {
				diff += 1<<s - 1
			}
			put(uint32(diff), s)
			put(0, 1) // end of block
		}
	}
	for nacc != 0 {
		put(1, 1)
	}
	b.Write([]byte{0xff, 0xd9})
	return b.Bytes()
}

func greyJPEG(w, h int) []byte {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, g, &jpeg.Options{Quality: 90})
	return b.Bytes()
}

func TestAdobeJPEG(t *testing.T) {
	for _, c := range []struct {
		vals  []uint8
		model color.Model
	}{{[]uint8{10, 200, 30, 0}, color.CMYKModel}, {[]uint8{250, 20, 90}, color.RGBAModel}} {
		data := adobeJPEG(37, 21, c.vals...)
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width != 37 || cfg.Height != 21 || cfg.ColorModel != c.model {
			t.Fatalf("%d components: %+v, %v", len(c.vals), cfg, err)
		}
		if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
			t.Fatalf("%d components: %v", len(c.vals), err)
		}
	}
}

// spliceFixture is an edition folder of pictures in every colour space fpdf
// embeds a JPEG in, two of one width, one under two paths, one made RGB
// by an Adobe marker (made PNG) and a PNG with alpha (a soft mask).
func spliceFixture() fstest.MapFS {
	a := jpegBytes(64, 48)
	return fstest.MapFS{
		"a.jpg":   {Data: a, ModTime: time.Unix(1, 0)},
		"b.jpg":   {Data: jpegBytes(64, 30)},
		"dup.jpg": {Data: append([]byte(nil), a...)},
		"g.jpg":   {Data: greyJPEG(50, 40)},
		"c.jpg":   {Data: adobeJPEG(40, 24, 10, 200, 30, 0)},
		"rgb.jpg": {Data: adobeJPEG(30, 20, 250, 20, 90)},
		"p.png":   {Data: pngBytes(gradient(45, 25, true))},
	}
}

// splicePDF lays out the fixture's pictures on two pages, a.jpg on both,
// and a JPEG held in memory (as a re-encoded one is), and writes the PDF.
func splicePDF(t *testing.T, fsys fs.FS, between func()) ([]byte, error) {
	t.Helper()
	pics := newPictures(fsys, 0)
	mem, err := probeAndPrepare(jpegBytes(33, 22), 0)
	if err != nil {
		t.Fatal(err)
	}
	mem.name = "mem"
	pics.byPath["mem"] = mem
	pics.used = append(pics.used, mem)
	pages := []*pageInfo{{page: &typeset.Page{}}, {page: &typeset.Page{}}}
	for i, path := range []string{"a.jpg", "g.jpg", "c.jpg", "a.jpg", "b.jpg", "dup.jpg", "rgb.jpg", "p.png", "mem"} {
		pic, err := pics.get(probedImage(fsys, path))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		pg := pages[min(i/3, 1)].page
		pg.Add(typeset.Op{Kind: typeset.OpImage, X: 20, Y: float64(20 + 60*(i%3)), W: float64(pic.w), H: float64(pic.h), Text: pic.name})
	}
	ed := &model.Edition{Title: "Splice", Modified: time.Unix(0, 0).UTC()}
	d := newDrawer(docMeta{ed: ed}, 300, 300)
	if err := d.register(pages, pics); err != nil {
		t.Fatal(err)
	}
	pics.release()
	for _, pg := range pages {
		d.addPage(300, 300)
		d.draw(pg.page, 0, 0)
	}
	if between != nil {
		between()
	}
	var out bytes.Buffer
	err = (&Renderer{}).write(context.Background(), d, pics, func(string) (io.Writer, error) { return &out, nil }, "")
	return out.Bytes(), err
}

var (
	dictLine  = regexp.MustCompile(`(?m)^/(\w+) (.*)$`)
	lengthKey = regexp.MustCompile(`/Length (\d+)>*$`)
)

// pdfObject is one object of a PDF, found through its cross-reference
// table.
type pdfObject struct {
	dict   map[string]string
	stream []byte
}

// readPDF checks that every cross-reference offset and startxref point
// where they should and returns the objects.
func readPDF(t *testing.T, b []byte) map[int]pdfObject {
	t.Helper()
	x, err := parseXref(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b[x.start:], []byte("xref\n")) {
		t.Fatalf("startxref %d does not point at the table", x.start)
	}
	objs := map[int]pdfObject{}
	for num, off := range x.offsets {
		if num == 0 {
			continue
		}
		head := fmt.Sprintf("%d 0 obj\n", num)
		if !bytes.HasPrefix(b[off:], []byte(head)) {
			t.Fatalf("object %d: offset %d points at %q", num, off, b[off:min(off+20, len(b))])
		}
		body := b[off+len(head):]
		body = body[:bytes.Index(body, []byte("endobj\n"))]
		o := pdfObject{dict: map[string]string{}}
		if s := bytes.Index(body, []byte(">>\nstream\n")); s >= 0 {
			for _, m := range dictLine.FindAllSubmatch(body[2:s], -1) {
				o.dict[string(m[1])] = strings.TrimSuffix(string(m[2]), ">>")
			}
			if m := lengthKey.FindSubmatch(body[:s]); m != nil {
				o.dict["Length"] = string(m[1])
			}
			n, err := strconv.Atoi(o.dict["Length"])
			if err != nil {
				t.Fatalf("object %d: /Length %q", num, o.dict["Length"])
			}
			o.stream = body[s+len(">>\nstream\n"):]
			if len(o.stream) != n+len("\nendstream\n") || !bytes.HasSuffix(o.stream, []byte("\nendstream\n")) {
				t.Fatalf("object %d: /Length %d does not fit its stream", num, n)
			}
			o.stream = o.stream[:n]
		}
		objs[num] = o
	}
	return objs
}

// haveTool reports whether a tool is installed, failing the test when it
// must be (OFFPRINT_REQUIRE_TOOLS=1).
func haveTool(t *testing.T, name string) bool {
	t.Helper()
	return testtool.Require(t, name)
}

func TestSplice(t *testing.T) {
	fsys := spliceFixture()
	out, err := splicePDF(t, fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := splicePDF(t, fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, again) {
		t.Error("two writes differ")
	}
	if bytes.Contains(out, []byte(placeholderMark)) {
		t.Error("a placeholder is left in the PDF")
	}

	type want struct {
		w, h       int
		cs, decode string
		data       []byte
	}
	wants := map[string]want{
		"a":   {64, 48, "/DeviceRGB", "", fsys["a.jpg"].Data},
		"b":   {64, 30, "/DeviceRGB", "", fsys["b.jpg"].Data},
		"g":   {50, 40, "/DeviceGray", "", fsys["g.jpg"].Data},
		"c":   {40, 24, "/DeviceCMYK", "[1 0 1 0 1 0 1 0]", fsys["c.jpg"].Data},
		"mem": {33, 22, "/DeviceRGB", "", jpegBytes(33, 22)},
	}
	seen := map[string]int{}
	masks := 0
	for num, o := range readPDF(t, out) {
		if o.dict["Subtype"] != "/Image" {
			continue
		}
		w, _ := strconv.Atoi(o.dict["Width"])
		h, _ := strconv.Atoi(o.dict["Height"])
		switch o.dict["Filter"] {
		case "/FlateDecode":
			// The PNGs and a soft mask, with the picture's width for
			// the mask's predictor too.
			if (w != 45 || h != 25) && (w != 30 || h != 20) {
				t.Errorf("object %d: PNG or mask %d × %d, want 45 × 25 or 30 × 20", num, w, h)
			}
			if !strings.Contains(o.dict["DecodeParms"], fmt.Sprintf("/Columns %d", w)) {
				t.Errorf("object %d: /DecodeParms %s", num, o.dict["DecodeParms"])
			}
			seen[fmt.Sprint(w)]++
			if o.dict["ColorSpace"] == "/DeviceGray" {
				masks++
			}
			continue
		case "/DCTDecode":
		default:
			t.Errorf("object %d: unexpected image %v", num, o.dict)
			continue
		}
		name := ""
		for n, wt := range wants {
			if wt.w == w && wt.h == h {
				name = n
			}
		}
		wt, ok := wants[name]
		if !ok {
			t.Errorf("object %d: a JPEG of %d × %d, not one of the fixture's", num, w, h)
			continue
		}
		seen[name]++
		if o.dict["ColorSpace"] != wt.cs || o.dict["Decode"] != wt.decode || o.dict["BitsPerComponent"] != "8" {
			t.Errorf("%s: %v, want %s, /Decode %q", name, o.dict, wt.cs, wt.decode)
		}
		if wt.data != nil && !bytes.Equal(o.stream, wt.data) {
			t.Errorf("%s: the stream is not the file's bytes (%d bytes, want %d)", name, len(o.stream), len(wt.data))
		}
	}
	if seen["45"] != 2 || seen["30"] != 1 {
		t.Errorf("%d objects for the PNG and its mask, %d for the PNG made of rgb.jpg; want 2 and 1", seen["45"], seen["30"])
	}
	for name := range wants {
		if seen[name] != 1 {
			t.Errorf("%s embedded %d times, want once", name, seen[name])
		}
	}
	if masks != 1 {
		t.Errorf("%d soft masks, want 1", masks)
	}

	if haveTool(t, "qpdf") {
		f := writeTemp(t, "splice.pdf", out)
		if res := run(t, "qpdf", "--check", f); !strings.Contains(res, "No syntax or stream encoding errors") {
			t.Errorf("qpdf --check:\n%s", res)
		}
	}
	if haveTool(t, "pdftoppm") {
		f := writeTemp(t, "splice.pdf", out)
		cmd := exec.Command("pdftoppm", "-r", "20", "-png", f, f)
		if msg, err := cmd.CombinedOutput(); err != nil || len(msg) > 0 {
			t.Errorf("pdftoppm: %v\n%s", err, msg)
		}
	}
}

func TestSpliceNoticesChangedPicture(t *testing.T) {
	for name, change := range map[string]func(*fstest.MapFile){
		"longer":  func(f *fstest.MapFile) { f.Data = append(f.Data, 0) },
		"shorter": func(f *fstest.MapFile) { f.Data = f.Data[:len(f.Data)-1] },
		"touched": func(f *fstest.MapFile) { f.ModTime = f.ModTime.Add(time.Second) },
	} {
		fsys := spliceFixture()
		_, err := splicePDF(t, fsys, func() { change(fsys["a.jpg"]) })
		if err == nil || !strings.Contains(err.Error(), "a.jpg changed") {
			t.Errorf("%s: %v", name, err)
		}
	}
	fsys := spliceFixture()
	_, err := splicePDF(t, fsys, func() { delete(fsys, "a.jpg") })
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("removed: %v", err)
	}
}

func TestSpliceRejectsJunk(t *testing.T) {
	for _, doc := range []string{"", "%PDF-1.4\n", "startxref\n0\n%%EOF\n", "xref\n0 1\nstartxref\n0\n%%EOF\n",
		"xref\n0 2\n0000000000 65535 f \n0000000099 00000 n \ntrailer\n<<>>\nstartxref\n0\n%%EOF\n",
		"1 0 obj\n<</Type /XObject\n/Subtype /Image\n/Width 1\n/Length 3>>\nstream\nabc\nendstream\nendobj\n" +
			"xref\n0 2\n0000000000 65535 f \n0000000000 00000 n \ntrailer\n<<>>\nstartxref\n86\n%%EOF\n"} {
		if err := splice(context.Background(), io.Discard, []byte(doc), nil); err == nil {
			t.Errorf("splice accepted %q", doc)
		}
	}
}

// FuzzSplice feeds splice damaged fpdf output: it must fail, not panic.
func FuzzSplice(f *testing.F) {
	fsys := spliceFixture()
	pics := newPictures(fsys, 0)
	var images []*picture
	for _, p := range []string{"a.jpg", "c.jpg"} {
		pic, err := pics.get(probedImage(fsys, p))
		if err != nil {
			f.Fatal(err)
		}
		images = append(images, pic)
	}
	page := &typeset.Page{}
	for _, pic := range images {
		page.Add(typeset.Op{Kind: typeset.OpImage, X: 10, Y: 10, W: 40, H: 30, Text: pic.name})
	}
	d := newDrawer(docMeta{ed: &model.Edition{Title: "F"}}, 100, 100)
	if err := d.register([]*pageInfo{{page: page}}, pics); err != nil {
		f.Fatal(err)
	}
	d.addPage(100, 100)
	d.draw(page, 0, 0)
	var doc outputBuffer
	if err := d.pdf.Output(&doc); err != nil {
		f.Fatal(err)
	}
	f.Add(doc.b)
	objs := pics.xobjects(d.images)
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = splice(context.Background(), io.Discard, b, objs)
	})
}

// countingFS counts the bytes read from each file.
type countingFS struct {
	fs.FS
	mu   sync.Mutex
	read map[string]int64
}

type countingFile struct {
	fs.File
	c    *countingFS
	name string
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingFile{File: f, c: c, name: name}, nil
}

func (f *countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.c.mu.Lock()
	f.c.read[f.name] += int64(n)
	f.c.mu.Unlock()
	return n, err
}

// photoEdition is a few articles with a photograph each, the photographs
// padded past their end by pad bytes (which a PDF reader ignores), every
// one of another length.
func photoEdition(pad int) (*model.Edition, fstest.MapFS) {
	fsys := fstest.MapFS{}
	ed := &model.Edition{Title: "Photos", Slug: "photos", Modified: time.Unix(0, 0).UTC()}
	sec := &model.Section{Title: "World"}
	for a := range 4 {
		path := fmt.Sprintf("images/%d.jpg", a)
		data := photo(400, 300, int64(a))
		fsys[path] = &fstest.MapFile{Data: append(data, make([]byte, pad+a)...)}
		sec.Articles = append(sec.Articles, &model.Article{Title: fmt.Sprintf("Article %d", a+1),
			Blocks: []model.Block{para(text(lorem(200))), &model.Figure{Image: img(path, "jpeg", 400, 300),
				Caption: []model.Span{text("A photograph")}}, para(text(lorem(200)))}})
	}
	ed.Sections = []*model.Section{sec}
	return ed, fsys
}

// TestPicturesAreStreamed checks that a render reads each photograph once
// per file it writes, besides its header, and holds none of them.
func TestPicturesAreStreamed(t *testing.T) {
	for _, name := range []string{"magazine", "booklet"} {
		l, err := layouts.Load(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		ed, fsys := photoEdition(1 << 20)
		cfs := &countingFS{FS: fsys, read: map[string]int64{}}
		r := New(Options{Layout: l, FS: cfs})
		files := 0
		if _, err := renderPresented(context.Background(), r, ed, func(string) (io.Writer, error) { files++; return io.Discard, nil }); err != nil {
			t.Fatal(err)
		}
		for path, f := range fsys {
			size := int64(len(f.Data))
			if got := cfs.read[path]; got < size*int64(files) || got > size*int64(files)+16<<10 {
				t.Errorf("%s: %s read %d bytes for %d files of %d bytes each", name, path, got, files, size)
			}
		}
	}

	// What a render allocates does not grow with the photographs' size.
	l, err := layouts.Load("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	alloc := func(pad int) uint64 {
		ed, fsys := photoEdition(pad)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		r := New(Options{Layout: l, FS: fsys})
		if _, err := renderPresented(context.Background(), r, ed, discard); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, big := alloc(0), alloc(16<<20)
	t.Logf("allocated %.1f MB with small photographs, %.1f MB with photographs of 16 MB", float64(small)/1e6, float64(big)/1e6)
	if big > small+4<<20 {
		t.Errorf("a render allocated %d MB with photographs of 16 MB, %d MB with small ones", big>>20, small>>20)
	}
}

// TestRegisterImageSizes checks the width pictures are registered under,
// past what a JPEG header can say too.
func TestRegisterImageSizes(t *testing.T) {
	fsys := spliceFixture()
	pics := newPictures(fsys, 0)
	d := newDrawer(docMeta{ed: &model.Edition{Title: "R"}}, 100, 100)
	for i, c := range []struct {
		path  string
		width int
	}{{"a.jpg", 7}, {"c.jpg", 70000}, {"p.png", 3}, {"rgb.jpg", 1 << 20}} {
		pic, err := pics.get(probedImage(fsys, c.path))
		if err != nil {
			t.Fatal(err)
		}
		pic.name = fmt.Sprintf("r%d", i)
		ok, err := registerImage(d.pdf, pic, c.width)
		if !ok || err != nil {
			t.Fatalf("%s: %v, %v", c.path, ok, err)
		}
		if info := d.pdf.GetImageInfo(pic.name); info.Width() != float64(c.width) || info.Height() != float64(pic.h) {
			t.Errorf("%s: registered %v × %v, want %d × %d", c.path, info.Width(), info.Height(), c.width, pic.h)
		}
	}
}

// probedImage is the model's picture at path, its header read as the
// edition's normalizing reads it.
func probedImage(fsys fs.FS, path string) *model.Image {
	im := &model.Image{Src: path, Path: path}
	f, err := fsys.Open(path)
	if err != nil {
		return im
	}
	defer f.Close()
	if d, err := media.ProbeDetail(f, 0); err == nil {
		im.Format, im.Width, im.Height = d.Format, d.Width, d.Height
		im.Orientation, im.Components, im.Plain = d.Orientation, d.Components, d.Plain
	}
	return im
}
