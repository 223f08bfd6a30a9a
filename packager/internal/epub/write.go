package epub

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/offprint/offprint/packager/internal/par"
	"github.com/offprint/offprint/packager/internal/xmltext"
)

// The zip entries of an EPUB that have fixed names, and where the book's
// own files go.
const (
	mimetypeName  = "mimetype"
	containerName = "META-INF/container.xml"
	epubMediaType = "application/epub+zip"
	contentDir    = "EPUB"
	opfEntry      = contentDir + "/package.opf"
	cssFile       = "css/offprint.css"
)

// containerXML points reading systems at the package document.
const containerXML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="` + opfEntry + `" media-type="application/oebps-package+xml" />
  </rootfiles>
</container>
`

// part is one file of the book under EPUB/: a page, the stylesheet, the
// navigation documents, or a picture.
type part struct {
	Name       string // relative to EPUB/ ("xhtml/title.xhtml")
	ID         string // manifest id
	MediaType  string
	Properties string
	// Data is the file's content; nil for a picture, which is read from
	// Pic when the zip is written.
	Data []byte
	Pic  *picture
}

// container is everything that goes into the EPUB file: the parts, the
// package metadata and the reading order. It is written once, by write.
type container struct {
	// Modified stamps every entry of the zip.
	Modified time.Time
	Meta     *metadata
	Parts    []*part
	// Spine lists manifest ids in reading order.
	Spine []string
	// PPD is the spine's page-progression-direction ("rtl" or "").
	PPD string

	ids   names // manifest ids in use
	files names // file names in use, lowercased
}

func newContainer(modified time.Time, meta *metadata) *container {
	// "ncx" and "nav" are the navigation documents' ids.
	return &container{Modified: modified, Meta: meta, ids: names{"ncx": true, "nav": true}, files: names{}}
}

// addPicture adds a picture under its own name and id.
func (c *container) addPicture(p *picture) error {
	if c.ids[p.ID] || strings.HasPrefix(p.ID, metaIDPrefix) {
		return fmt.Errorf("picture id %s is used twice", p.ID)
	}
	c.ids[p.ID] = true
	props := ""
	if p.Cover {
		props = "cover-image"
	}
	return c.add(&part{Name: p.Name, ID: p.ID, MediaType: p.MediaType, Properties: props, Pic: p})
}

// addFile adds a file made in memory; its id comes from its name, and
// "" for id means the name decides.
func (c *container) addFile(name, id, mediaType, props string, data []byte) (*part, error) {
	if id == "" {
		ext := path.Ext(name)
		stem := strings.TrimSuffix(path.Base(name), ext)
		if ext != ".xhtml" {
			stem = strings.TrimPrefix(ext, ".") + "-" + stem
		}
		id = ncName(stem, "x-")
		if strings.HasPrefix(id, metaIDPrefix) {
			id = "x-" + id
		}
		id = c.ids.unique(id)
	}
	p := &part{Name: name, ID: id, MediaType: mediaType, Properties: props, Data: data}
	return p, c.add(p)
}

func (c *container) add(p *part) error {
	key := strings.ToLower(p.Name)
	if c.files[key] {
		return fmt.Errorf("%s is in the book twice", p.Name)
	}
	c.files[key] = true
	c.Parts = append(c.Parts, p)
	return nil
}

// stored reports whether a file goes into the zip as it is: pictures that
// are compressed already gain nothing from deflate.
func stored(mediaType string) bool {
	switch mediaType {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return true
	}
	return false
}

// entry is a zip entry ready to be written: deflated (or stored) in
// memory, or a stored picture streamed when written.
type entry struct {
	name   string
	method uint16
	crc    uint32
	size   uint64 // uncompressed
	body   []byte // as it goes into the zip; nil for a streamed picture
	pic    *picture
}

// write writes the book to dst: mimetype first and stored, then the
// container, the package document, and every other entry in name order.
// Text (XHTML, CSS, SVG, the package and navigation documents) is
// deflated, on every core; compressed pictures are stored, streamed from
// where they were prepared. Every entry is dated c.Modified and has no
// extra fields or data descriptor, so the same book gives the same bytes.
func (c *container) write(ctx context.Context, dst io.Writer) error {
	doc := &packageDoc{Meta: c.Meta, PPD: c.PPD, Spine: c.Spine}
	parts := slices.Clone(c.Parts)
	slices.SortFunc(parts, func(a, b *part) int { return strings.Compare(a.Name, b.Name) })
	for _, p := range parts {
		doc.Items = append(doc.Items, manifestItem{ID: p.ID, Href: p.Name, MediaType: p.MediaType, Properties: p.Properties})
	}
	known := map[string]bool{}
	for _, it := range doc.Items {
		known[it.ID] = true
	}
	for _, id := range c.Spine {
		if !known[id] {
			return fmt.Errorf("the reading order names %s, which is not in the book", id)
		}
	}

	ents := make([]*entry, 3+len(parts))
	ents[0] = &entry{name: mimetypeName, method: zip.Store, body: []byte(epubMediaType)}
	ents[1] = &entry{name: containerName, method: zip.Deflate, body: []byte(containerXML)}
	ents[2] = &entry{name: opfEntry, method: zip.Deflate, body: doc.marshal()}
	for i, p := range parts {
		e := &entry{name: contentDir + "/" + p.Name, method: zip.Deflate, body: p.Data}
		if p.Pic != nil {
			e.pic, e.body = p.Pic, nil
			if stored(p.MediaType) {
				e.method = zip.Store
			}
		}
		ents[3+i] = e
	}
	errs := make([]error, len(ents))
	if err := par.Each(ctx, len(ents), func(i int) { errs[i] = ents[i].prepare() }); err != nil {
		return err
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}

	date, clock := msdosTime(c.Modified)
	zw := zip.NewWriter(dst)
	for _, e := range ents {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := e.write(zw, date, clock); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finishing the EPUB: %w", err)
	}
	return nil
}

// prepare compresses an entry that is deflated. A deflated picture (SVG)
// is read here, whole; a stored one is left to be streamed by write.
func (e *entry) prepare() error {
	if e.pic != nil {
		if e.method == zip.Store {
			e.crc, e.size = e.pic.CRC, uint64(e.pic.Size)
			return nil
		}
		data, err := e.pic.read()
		if err != nil {
			return err
		}
		e.body = data
	}
	e.crc = crc32.ChecksumIEEE(e.body)
	e.size = uint64(len(e.body))
	if e.method == zip.Store {
		return nil
	}
	var buf bytes.Buffer
	buf.Grow(len(e.body)/3 + 64)
	fw := deflaters.Get().(*flate.Writer)
	defer deflaters.Put(fw)
	fw.Reset(&buf)
	if _, err := fw.Write(e.body); err != nil {
		return fmt.Errorf("compressing %s: %w", e.name, err)
	}
	if err := fw.Close(); err != nil {
		return fmt.Errorf("compressing %s: %w", e.name, err)
	}
	e.body = buf.Bytes()
	return nil
}

// deflaters keeps compressors for reuse: each holds a large window that is
// costly to allocate for every entry.
var deflaters = sync.Pool{New: func() any {
	fw, err := flate.NewWriter(nil, flate.BestCompression)
	if err != nil {
		panic(err) // only for a level out of range
	}
	return fw
}}

// write writes the entry with its sizes and checksum in its header.
func (e *entry) write(zw *zip.Writer, date, clock uint16) error {
	compressed := uint64(len(e.body))
	if e.body == nil {
		compressed = e.size
	}
	fh := &zip.FileHeader{
		Name:               e.name,
		Method:             e.method,
		CRC32:              e.crc,
		UncompressedSize64: e.size,
		CompressedSize64:   compressed,
	}
	// CreateRaw writes the MS-DOS date and time as they are; Modified
	// would be ignored by it, and elsewhere adds an extra field.
	//lint:ignore SA1019 the deprecated fields are the only date CreateRaw writes
	fh.ModifiedDate, fh.ModifiedTime = date, clock
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return fmt.Errorf("writing %s: %w", e.name, err)
	}
	if e.body == nil {
		return e.pic.stream(w)
	}
	if _, err := w.Write(e.body); err != nil {
		return fmt.Errorf("writing %s: %w", e.name, err)
	}
	return nil
}

// source names a picture in errors.
func (p *picture) source() string {
	if p.Path != "" {
		return p.Path
	}
	return p.Name
}

// stream copies a picture into w. Its size and checksum were taken when it
// was prepared; a picture that changed since is an error rather than a
// corrupt book.
func (p *picture) stream(w io.Writer) error {
	rc, err := p.open()
	if err != nil {
		return fmt.Errorf("picture %s: %w", p.source(), err)
	}
	defer rc.Close()
	sum := crc32.NewIEEE()
	n, err := io.Copy(io.MultiWriter(w, sum), io.LimitReader(rc, p.Size+1))
	if err != nil {
		return fmt.Errorf("picture %s: %w", p.source(), err)
	}
	if n != p.Size || sum.Sum32() != p.CRC {
		return fmt.Errorf("picture %s changed while the EPUB was being written", p.source())
	}
	return nil
}

// read returns a picture's bytes, checked as stream checks them.
func (p *picture) read() ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(p.Size))
	if err := p.stream(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// msdosTime converts t to a zip entry's MS-DOS date and time (UTC, to two
// seconds, within 1980–2107).
func msdosTime(t time.Time) (date, clock uint16) {
	t = t.UTC()
	switch {
	case t.Year() < 1980:
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	case t.Year() > 2107:
		t = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}

// xhtmlPage wraps the body of a page in its document: the book's language
// and direction on the root element, the title, and the stylesheet
// (relative to the page).
func xhtmlPage(title, css, lang, dir, body string) []byte {
	var b strings.Builder
	b.Grow(len(body) + 512)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html>\n")
	b.WriteString(`<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"`)
	if lang != "" {
		b.WriteString(` lang="` + xmltext.Escape(lang) + `" xml:lang="` + xmltext.Escape(lang) + `"`)
	}
	if dir != "" {
		b.WriteString(` dir="` + xmltext.Escape(dir) + `"`)
	}
	b.WriteString(">\n  <head>\n    <title dir=\"auto\">" + xmltext.Escape(title) + "</title>\n")
	if css != "" {
		b.WriteString(`    <link rel="stylesheet" type="text/css" href="` + xmltext.Escape(css) + `"></link>` + "\n")
	}
	b.WriteString("  </head>\n  <body dir=\"auto\">\n")
	b.WriteString(body)
	b.WriteString("\n</body>\n</html>\n")
	return []byte(b.String())
}
