package epub

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"slices"
	"strings"
	"time"
)

// fixup is what the pass over go-epub's output changes. go-epub writes a
// sound container and XHTML pages; the pass adds what it cannot do: full
// package metadata, a fixed clock, pictures stored rather than deflated,
// and an order of entries that does not depend on map iteration.
type fixup struct {
	// Modified stamps every entry of the zip.
	Modified time.Time
	// Meta replaces go-epub's package metadata entirely.
	Meta *metadata
	// Replace gives new contents for files go-epub wrote, by their href
	// relative to the package document ("nav.xhtml"). Naming a file that
	// is not there is an error.
	Replace map[string][]byte
	// Lang and Dir go on the root element of every XHTML page go-epub
	// wrote, unless the page says otherwise (replaced entries are left as
	// they are).
	Lang, Dir string
	// Pictures are added as STORED entries next to the package document,
	// with their manifest items.
	Pictures []*picture
	// NavAfter, when set, puts the navigation document in the spine
	// right after the page with this href (relative to the package
	// document).
	NavAfter string
	// PPD is the spine's page-progression-direction ("rtl" or "").
	PPD string
}

// The zip entries of an EPUB that have fixed names.
const (
	mimetypeName  = "mimetype"
	containerName = "META-INF/container.xml"
	epubMediaType = "application/epub+zip"
)

// postprocess reads the EPUB go-epub wrote (src) and writes the finished
// book to dst: mimetype first and stored, then the container, the new
// package document, and every other entry in name order, pictures among
// them. Entries it does not change are copied without being recompressed.
func postprocess(src []byte, dst io.Writer, fx *fixup) error {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return fmt.Errorf("reading go-epub's output: %w", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		if files[f.Name] != nil {
			return fmt.Errorf("go-epub's output has %s twice", f.Name)
		}
		files[f.Name] = f
	}
	if files[mimetypeName] == nil {
		return errors.New("go-epub's output has no mimetype")
	}
	if files[containerName] == nil {
		return errors.New("go-epub's output has no " + containerName)
	}
	opfName, err := rootfile(files[containerName])
	if err != nil {
		return err
	}
	if files[opfName] == nil {
		return fmt.Errorf("go-epub's output has no %s", opfName)
	}
	old, err := readPackage(files[opfName])
	if err != nil {
		return err
	}
	dir := path.Dir(opfName)
	entry := func(href string) string { return path.Join(dir, href) }
	replace := map[string][]byte{}
	for href, data := range fx.Replace {
		if files[entry(href)] == nil {
			return fmt.Errorf("go-epub's output has no %s to replace", entry(href))
		}
		replace[entry(href)] = data
	}

	doc, err := newPackage(old, fx, func(href string) bool { return files[entry(href)] != nil })
	if err != nil {
		return err
	}
	pics := map[string]*picture{}
	for _, p := range fx.Pictures {
		pics[entry(p.Name)] = p
	}

	// Entry order: mimetype, container, package document, then by name.
	var rest []string
	for name := range files {
		if name != mimetypeName && name != containerName && name != opfName {
			rest = append(rest, name)
		}
	}
	for name := range pics {
		rest = append(rest, name)
	}
	slices.Sort(rest)

	date, clock := msdosTime(fx.Modified)
	zw := zip.NewWriter(dst)
	if err := writeRaw(zw, mimetypeName, []byte(epubMediaType), zip.Store, date, clock); err != nil {
		return err
	}
	if err := copyEntry(zw, files[containerName], date, clock); err != nil {
		return err
	}
	if err := writeRaw(zw, opfName, doc.marshal(), zip.Deflate, date, clock); err != nil {
		return err
	}
	for _, name := range rest {
		if p := pics[name]; p != nil {
			if err := writePicture(zw, name, p, date, clock); err != nil {
				return err
			}
			continue
		}
		f := files[name]
		switch {
		case replace[name] != nil:
			err = writeRaw(zw, name, replace[name], zip.Deflate, date, clock)
		case strings.HasSuffix(name, ".xhtml") && (fx.Lang != "" || fx.Dir != ""):
			var data []byte
			if data, err = readEntry(f); err == nil {
				err = writeRaw(zw, name, setRootLang(data, fx.Lang, fx.Dir), zip.Deflate, date, clock)
			}
		default:
			err = copyEntry(zw, f, date, clock)
		}
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finishing the EPUB: %w", err)
	}
	return nil
}

// rootfile reads the package document's name from container.xml.
func rootfile(f *zip.File) (string, error) {
	data, err := readEntry(f)
	if err != nil {
		return "", err
	}
	var c struct {
		Rootfiles []struct {
			FullPath  string `xml:"full-path,attr"`
			MediaType string `xml:"media-type,attr"`
		} `xml:"rootfiles>rootfile"`
	}
	if err := xml.Unmarshal(data, &c); err != nil {
		return "", fmt.Errorf("reading %s: %w", containerName, err)
	}
	for _, r := range c.Rootfiles {
		if r.MediaType == "application/oebps-package+xml" && r.FullPath != "" {
			return r.FullPath, nil
		}
	}
	return "", fmt.Errorf("%s names no package document", containerName)
}

// goPackage is what the pass keeps of go-epub's package document: its
// files and its reading order.
type goPackage struct {
	Items []struct {
		ID         string `xml:"id,attr"`
		Href       string `xml:"href,attr"`
		MediaType  string `xml:"media-type,attr"`
		Properties string `xml:"properties,attr"`
	} `xml:"manifest>item"`
	Spine []struct {
		IDRef string `xml:"idref,attr"`
	} `xml:"spine>itemref"`
}

func readPackage(f *zip.File) (*goPackage, error) {
	data, err := readEntry(f)
	if err != nil {
		return nil, err
	}
	var p goPackage
	if err := xml.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("reading %s: %w", f.Name, err)
	}
	return &p, nil
}

// mediaTypeByExt corrects what go-epub guesses from content ("text/plain"
// for a stylesheet given as data).
var mediaTypeByExt = map[string]string{
	".xhtml": "application/xhtml+xml",
	".css":   "text/css",
	".ncx":   "application/x-dtbncx+xml",
	".jpg":   "image/jpeg",
	".png":   "image/png",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".svg":   "image/svg+xml",
}

// newPackage builds the new package document: go-epub's files with ids
// derived from their names, the pictures, and go-epub's reading order.
func newPackage(old *goPackage, fx *fixup, exists func(href string) bool) (*packageDoc, error) {
	// "ncx" is named by the spine, "nav" kept for the navigation document.
	ids := names{"ncx": true, "nav": true}
	var items []manifestItem
	hrefs := map[string]bool{}
	for _, p := range fx.Pictures {
		if hrefs[p.Name] {
			return nil, fmt.Errorf("picture %s is in the book twice", p.Name)
		}
		if exists(p.Name) {
			return nil, fmt.Errorf("picture %s would replace a file go-epub wrote", p.Name)
		}
		if ids[p.ID] || strings.HasPrefix(p.ID, metaIDPrefix) {
			return nil, fmt.Errorf("picture id %s is used twice", p.ID)
		}
		hrefs[p.Name] = true
		ids[p.ID] = true
		props := ""
		if p.Cover {
			props = "cover-image"
		}
		items = append(items, manifestItem{ID: p.ID, Href: p.Name, MediaType: p.MediaType, Properties: props})
	}
	byOldID := map[string]string{}
	navID, ncxDone := "", false
	for _, it := range old.Items {
		if hrefs[it.Href] {
			return nil, fmt.Errorf("%s is in go-epub's manifest twice", it.Href)
		}
		if !exists(it.Href) {
			return nil, fmt.Errorf("go-epub's manifest lists %s, which it did not write", it.Href)
		}
		hrefs[it.Href] = true
		ext := path.Ext(it.Href)
		mt := mediaTypeByExt[ext]
		if mt == "" {
			mt, _, _ = strings.Cut(it.MediaType, ";")
			mt = strings.TrimSpace(mt)
		}
		var id string
		switch {
		case mt == "application/x-dtbncx+xml" && !ncxDone:
			id, ncxDone = "ncx", true
		case slices.Contains(strings.Fields(it.Properties), "nav") && navID == "":
			id, navID = "nav", "nav"
		default:
			stem := strings.TrimSuffix(path.Base(it.Href), ext)
			if ext != ".xhtml" {
				stem = strings.TrimPrefix(ext, ".") + "-" + stem
			}
			id = ncName(stem, "x-")
			if strings.HasPrefix(id, metaIDPrefix) {
				id = "x-" + id
			}
			id = ids.unique(id)
		}
		byOldID[it.ID] = id
		items = append(items, manifestItem{ID: id, Href: it.Href, MediaType: mt, Properties: it.Properties})
	}
	slices.SortFunc(items, func(a, b manifestItem) int { return strings.Compare(a.Href, b.Href) })

	doc := &packageDoc{Meta: fx.Meta, Items: items, PPD: fx.PPD}
	navPlaced := fx.NavAfter == ""
	for _, ref := range old.Spine {
		id, ok := byOldID[ref.IDRef]
		if !ok {
			return nil, fmt.Errorf("go-epub's spine names %s, which is not in its manifest", ref.IDRef)
		}
		doc.Spine = append(doc.Spine, id)
		if !navPlaced && hrefOf(items, id) == fx.NavAfter {
			if navID == "" {
				return nil, errors.New("go-epub's output has no navigation document")
			}
			doc.Spine = append(doc.Spine, navID)
			navPlaced = true
		}
	}
	if !navPlaced {
		return nil, fmt.Errorf("the spine has no %s to put the navigation document after", fx.NavAfter)
	}
	return doc, nil
}

func hrefOf(items []manifestItem, id string) string {
	for _, it := range items {
		if it.ID == id {
			return it.Href
		}
	}
	return ""
}

// setRootLang puts lang, xml:lang and dir on the <html> element of an
// XHTML page, unless it has them already.
func setRootLang(data []byte, lang, dir string) []byte {
	start := bytes.Index(data, []byte("<html"))
	if start < 0 {
		return data
	}
	end := bytes.IndexByte(data[start:], '>')
	if end < 0 {
		return data
	}
	end += start
	tag := data[start:end]
	var add strings.Builder
	if lang != "" && !bytes.Contains(tag, []byte(" lang=")) && !bytes.Contains(tag, []byte("xml:lang=")) {
		add.WriteString(` lang="` + esc(lang) + `" xml:lang="` + esc(lang) + `"`)
	}
	if dir != "" && !bytes.Contains(tag, []byte(" dir=")) {
		add.WriteString(` dir="` + esc(dir) + `"`)
	}
	if add.Len() == 0 {
		return data
	}
	if end > 0 && data[end-1] == '/' {
		end--
	}
	out := make([]byte, 0, len(data)+add.Len())
	out = append(out, data[:end]...)
	out = append(out, add.String()...)
	return append(out, data[end:]...)
}

func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", f.Name, err)
	}
	return data, nil
}

// header is a zip header without extra fields or a data descriptor, dated
// with MS-DOS date and time only.
func header(name string, method uint16, date, clock uint16) *zip.FileHeader {
	return &zip.FileHeader{
		Name:         name,
		Method:       method,
		ModifiedDate: date,
		ModifiedTime: clock,
	}
}

// copyEntry copies an entry as it is compressed, with the fixed date and
// without extra fields.
func copyEntry(zw *zip.Writer, f *zip.File, date, clock uint16) error {
	fh := f.FileHeader
	fh.Modified = time.Time{}
	fh.ModifiedDate, fh.ModifiedTime = date, clock
	fh.Extra = nil
	fh.Comment = ""
	fh.Flags &^= 0x8 // sizes and CRC are known: no data descriptor
	g := *f
	g.FileHeader = fh
	if err := zw.Copy(&g); err != nil {
		return fmt.Errorf("copying %s: %w", f.Name, err)
	}
	return nil
}

// writeRaw writes an entry from memory, compressing it first so that its
// sizes are in its header.
func writeRaw(zw *zip.Writer, name string, data []byte, method uint16, date, clock uint16) error {
	fh := header(name, method, date, clock)
	fh.CRC32 = crc32.ChecksumIEEE(data)
	fh.UncompressedSize64 = uint64(len(data))
	body := data
	if method == zip.Deflate {
		var buf bytes.Buffer
		fw, err := flate.NewWriter(&buf, flate.BestCompression)
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
		if err := fw.Close(); err != nil {
			return err
		}
		body = buf.Bytes()
	}
	fh.CompressedSize64 = uint64(len(body))
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// writePicture streams a picture into a STORED entry. Its size and
// checksum were taken when it was prepared; a picture that changed since
// is an error rather than a corrupt book.
func writePicture(zw *zip.Writer, name string, p *picture, date, clock uint16) error {
	fh := header(name, zip.Store, date, clock)
	fh.CRC32 = p.CRC
	fh.UncompressedSize64 = uint64(p.Size)
	fh.CompressedSize64 = uint64(p.Size)
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	src := p.Path
	if src == "" {
		src = name
	}
	rc, err := p.open()
	if err != nil {
		return fmt.Errorf("picture %s: %w", src, err)
	}
	defer rc.Close()
	sum := crc32.NewIEEE()
	n, err := io.Copy(io.MultiWriter(w, sum), io.LimitReader(rc, p.Size+1))
	if err != nil {
		return fmt.Errorf("picture %s: %w", src, err)
	}
	if n != p.Size || sum.Sum32() != p.CRC {
		return fmt.Errorf("picture %s changed while the EPUB was being written", src)
	}
	return nil
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
