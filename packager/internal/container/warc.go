package container

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/nlnwa/gowarc/v3"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/offprint/offprint/packager/model"
)

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// errBomb means compressed data expands beyond what a real file of its
// kind does.
var errBomb = errors.New("expands too much: it looks like a compression bomb")

// bombGuard fails once the data read through it is both over bombFloor
// and maxRatio times the compressed bytes read, or over maxExpand.
type bombGuard struct {
	r          io.Reader
	compressed *countReader
	n          int64
}

func (g *bombGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.n += int64(n)
	if g.n > maxExpand || g.n > bombFloor && g.n > maxRatio*max(g.compressed.n, 1) {
		return n, errBomb
	}
	return n, err
}

// unzipStream returns r decompressed when it starts as gzip, guarded
// against compression bombs.
func unzipStream(r io.Reader) (io.Reader, error) {
	cr := &countReader{r: r}
	br := bufio.NewReaderSize(cr, 64<<10)
	head, _ := br.Peek(2)
	if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	return &bombGuard{r: zr, compressed: cr}, nil
}

// openWARCFile reads a .warc or .warc.gz file.
func openWARCFile(fsys fs.FS, c *Container) error {
	f, err := fsys.Open(c.File)
	if err != nil {
		return &model.Diagnostic{Severity: model.Error, Code: "read", File: c.File, Msg: "cannot be read", Err: err}
	}
	defer f.Close()
	a := newArchive(c)
	if err := a.read(f, c.File); err != nil {
		return err
	}
	return a.finish()
}

// openWACZ reads a WACZ file: a zip holding WARC files under archive/
// (and an index, which is not needed to read them all).
func openWACZ(fsys fs.FS, c *Container) error {
	f, err := fsys.Open(c.File)
	if err != nil {
		return &model.Diagnostic{Severity: model.Error, Code: "read", File: c.File, Msg: "cannot be read", Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return &model.Diagnostic{Severity: model.Error, Code: "read", File: c.File, Msg: "cannot be read", Err: err}
	}
	ra, ok := f.(io.ReaderAt)
	if !ok {
		return errorf(c.File, "read", "cannot be read as a zip file")
	}
	zr, err := zip.NewReader(ra, st.Size())
	if err != nil {
		return errorf(c.File, "wacz", "is not a WACZ file: %v", err)
	}
	a := newArchive(c)
	found := false
	for _, zf := range zr.File {
		n := strings.ToLower(zf.Name)
		if !strings.HasSuffix(n, ".warc") && !strings.HasSuffix(n, ".warc.gz") {
			continue
		}
		found = true
		rc, err := zf.Open()
		if err != nil {
			return errorf(c.File, "wacz", "%s cannot be read: %v", zf.Name, err)
		}
		cr := &countReader{r: rc}
		var r io.Reader = &bombGuard{r: cr, compressed: &countReader{n: int64(zf.CompressedSize64)}}
		if zf.Method == zip.Store {
			r = cr
		}
		err = a.read(r, c.File+": "+zf.Name)
		rc.Close()
		if err != nil {
			return err
		}
	}
	if !found {
		return errorf(c.File, "wacz", "is not a WACZ file: it holds no WARC files under archive/")
	}
	return a.finish()
}

// archive gathers a web archive's pages and pictures as its records are
// streamed: pictures and pages are spooled, and pages are rewritten to
// their pictures once every record has been seen.
type archive struct {
	c       *Container
	records int
	pages   []archivedPage
	skipped int
}

type archivedPage struct {
	url   string
	date  time.Time
	html  func() ([]byte, error)
	title string
}

func newArchive(c *Container) *archive { return &archive{c: c} }

// read streams one WARC file's records.
func (a *archive) read(r io.Reader, name string) error {
	r, err := unzipStream(r)
	if err != nil {
		return errorf(name, "warc", "is not a readable WARC file: %v", err)
	}
	// Checking digests is what makes the reader keep each record's
	// block (in memory up to 1 MB, past that in a temporary file) for
	// it to be read; findings are collected, not fatal.
	wf, err := gowarc.NewWarcFileReaderFromStream(newTargetFilter(r), 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore), gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore), gowarc.WithSkipParseBlock(),
		gowarc.WithBufferMaxMemBytes(1<<20))
	if err != nil {
		return errorf(name, "warc", "is not a readable WARC file: %v", err)
	}
	defer wf.Close()
	for {
		rec, err := wf.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			switch {
			case errors.Is(err, errBomb):
				return errorf(name, "bomb", "%v", err)
			case a.records == 0:
				return errorf(name, "warc", "is not a WARC file: %v", err)
			case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || strings.Contains(err.Error(), "EOF"):
				a.c.Diags = append(a.c.Diags, model.Warnf("warc-truncated", name, 0, "is cut short after %d records; the pages read so far are used", a.records).
					WithHint("record or download the archive again"))
				return nil
			}
			return errorf(name, "warc", "record %d cannot be read: %v", a.records+1, err)
		}
		a.records++
		if a.records > maxRecords {
			return errorf(name, "warc", "holds over %d records", maxRecords)
		}
		err = a.record(rec.WarcRecord)
		rec.WarcRecord.Close()
		if err != nil {
			if errors.Is(err, errBomb) {
				return errorf(name, "bomb", "%v", err)
			}
			if errors.Is(err, io.ErrUnexpectedEOF) {
				a.c.Diags = append(a.c.Diags, model.Warnf("warc-truncated", name, 0, "is cut short in record %d; the pages read so far are used", a.records).
					WithHint("record or download the archive again"))
				return nil
			}
			return errorf(name, "warc", "record %d: %v", a.records, err)
		}
	}
}

// record takes in one WARC record: an HTML page or a picture. Everything
// else is skipped.
func (a *archive) record(rec gowarc.WarcRecord) error {
	h := rec.WarcHeader()
	target := strings.Trim(h.Get(gowarc.WarcTargetURI), "<> ")
	date, _ := rec.Date()
	raw, err := rec.Block().RawBytes()
	if err != nil {
		return err
	}
	var ct string
	var body io.Reader
	switch rec.Type() {
	case gowarc.Response:
		if !strings.HasPrefix(target, "http") {
			return nil
		}
		resp, err := http.ReadResponse(bufio.NewReader(raw), nil)
		if err != nil {
			return nil // not an HTTP response: skipped
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil
		}
		ct = resp.Header.Get("Content-Type")
		body = resp.Body
		if enc := strings.ToLower(resp.Header.Get("Content-Encoding")); enc == "gzip" {
			cr := &countReader{r: resp.Body}
			zr, err := gzip.NewReader(cr)
			if err != nil {
				return nil
			}
			body = &bombGuard{r: zr, compressed: cr}
		} else if enc != "" && enc != "identity" {
			return nil
		}
	case gowarc.Resource:
		ct = h.Get(gowarc.ContentType)
		body = raw
	default:
		return nil
	}
	mt, params, _ := mime.ParseMediaType(ct)
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		b, err := io.ReadAll(io.LimitReader(body, maxPageBytes+1))
		if err != nil {
			return err
		}
		if len(b) > maxPageBytes {
			a.c.Diags = append(a.c.Diags, model.Warnf("too-large", a.c.File, 0, "page %s is over %d MB and is skipped", target, maxPageBytes>>20))
			return nil
		}
		if cs := params["charset"]; cs != "" && !strings.EqualFold(cs, "utf-8") {
			if r, err := charset.NewReaderLabel(cs, bytes.NewReader(b)); err == nil {
				if u, err := io.ReadAll(r); err == nil {
					b = u
				}
			}
		}
		if !readsAsArticle(b) {
			a.skipped++
			return nil
		}
		if len(a.pages) >= maxPages {
			a.skipped++
			return nil
		}
		read, err := a.c.Pictures.spoolBytes(b)
		if err != nil {
			return err
		}
		a.pages = append(a.pages, archivedPage{url: target, date: date, html: read, title: pageTitle(b)})
	case strings.HasPrefix(mt, "image/"):
		if _, err := a.c.Pictures.addSpooled(target, body); err != nil {
			if errors.Is(err, errBomb) || errors.Is(err, io.ErrUnexpectedEOF) {
				return err
			}
			a.c.Diags = append(a.c.Diags, model.Warnf("bad-image", a.c.File, 0, "%v", err))
		}
	}
	return nil
}

// readsAsArticle reports whether a page reads as an article by the
// reader-mode score: listing pages, feeds and error pages do not.
func readsAsArticle(b []byte) bool {
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return false
	}
	return readability.CheckDocument(doc)
}

// pageTitle is a page's <title>, for its name.
func pageTitle(b []byte) string {
	z := html.NewTokenizer(bytes.NewReader(b[:min(len(b), 64<<10)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken:
			if n, _ := z.TagName(); string(n) == "title" {
				if z.Next() == html.TextToken {
					return string(z.Text())
				}
				return ""
			}
		}
	}
}

// finish turns the archived pages into the container's pages, each
// rewritten to the archive's pictures.
func (a *archive) finish() error {
	if len(a.pages) == 0 {
		return errorf(a.c.File, "warc", "holds no page that reads as an article (%d records read, %d HTML pages skipped)", a.records, a.skipped)
	}
	if a.skipped > 0 && len(a.pages) >= maxPages {
		a.c.Diags = append(a.c.Diags, model.Warnf("too-many", a.c.File, 0, "holds over %d article pages; only the first %d are used", maxPages, maxPages))
	}
	for i, p := range a.pages {
		read := p.html
		page := p
		a.c.Pages = append(a.c.Pages, Page{
			Name: pageName(i+1, p.title, p.url),
			URL:  p.url, Saved: p.date,
			HTML: func() ([]byte, error) {
				b, err := read()
				if err != nil {
					return nil, err
				}
				return rewritePictures(b, page.url, func(raw, abs string) (string, bool) {
					if name, ok := a.c.Pictures.Lookup(abs); ok {
						return picturePath(a.c.File, name, false), true
					}
					return "", false
				}), nil
			},
		})
	}
	return nil
}

// targetFilter blanks the angle brackets around WARC-Target-URI values
// (wget writes "WARC-Target-URI: <http://…>", the form of WARC 1.0's
// examples, which the reader's checks refuse). The brackets become
// spaces, so that every record keeps its length.
type targetFilter struct {
	r       *bufio.Reader
	pending []byte
	atStart bool
}

var targetPrefix = []byte("WARC-Target-URI: <")

func newTargetFilter(r io.Reader) *targetFilter {
	return &targetFilter{r: bufio.NewReaderSize(r, 64<<10), atStart: true}
}

func (f *targetFilter) Read(p []byte) (int, error) {
	if len(f.pending) == 0 {
		chunk, err := f.r.ReadSlice('\n')
		if len(chunk) == 0 {
			if err == bufio.ErrBufferFull {
				err = nil
			}
			return 0, err
		}
		if f.atStart && bytes.HasPrefix(chunk, targetPrefix) {
			line := append([]byte(nil), chunk...)
			line[len(targetPrefix)-1] = ' '
			if i := bytes.LastIndexByte(line, '>'); i > len(targetPrefix) {
				line[i] = ' '
			}
			chunk = line
		}
		f.atStart = chunk[len(chunk)-1] == '\n'
		f.pending = chunk
		if err != nil && err != bufio.ErrBufferFull && err != io.EOF {
			n := copy(p, f.pending)
			f.pending = f.pending[n:]
			return n, err
		}
	}
	n := copy(p, f.pending)
	f.pending = f.pending[n:]
	return n, nil
}
