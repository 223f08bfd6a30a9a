package container

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/offprint/offprint/packager/model"
)

// Limits on what a container may hold.
const (
	// maxPages is the most pages (feed entries, export articles,
	// archived HTML pages) one container yields.
	maxPages = 10000
	// maxRecords is the most records a web archive may hold.
	maxRecords = 1_000_000
	// maxPageBytes is the largest page's HTML that is read.
	maxPageBytes = 16 << 20
	// maxPictureBytes is the largest picture that is kept.
	maxPictureBytes = 64 << 20
	// maxFileBytes is the largest feed, export, MHTML or SingleFile
	// page read (archives are streamed and have no such limit).
	maxFileBytes = 64 << 20
	// maxExpand is how much a compressed archive may expand to in all.
	maxExpand = 64 << 30
	// maxRatio is how many times its compressed size a compressed
	// stream may expand to, once past bombFloor bytes.
	maxRatio = 200
	// bombFloor is the expanded size below which the ratio is not
	// checked.
	bombFloor = 64 << 20
)

// Page is one web page a container holds.
type Page struct {
	// Name is unique within the container and safe as a file name
	// ("0003-the-long-road"). The page is imported as if it were the
	// file Name + ".html" in a folder named after the container.
	Name string
	// HTML returns the page's markup, its pictures' addresses rewritten
	// to the container's picture paths where the container has them.
	HTML func() ([]byte, error)
	// URL is the page's address (the archived or linked one).
	URL string
	// Saved is when the page was captured or saved; it dates the
	// article when the page itself carries no date.
	Saved time.Time
	// The container's own metadata, which wins over the page's: feeds
	// and exports state them for each entry.
	Title     string
	Authors   []string
	Published time.Time
	Tags      []string
	// Summary is true for a feed entry that carries only a summary.
	Summary bool
	// Entry is true for a feed entry or an exported article (HTML
	// written for a reader, not a page saved from the web).
	Entry bool
}

// Container is an opened container: its pages, in order, and the
// pictures they refer to.
type Container struct {
	// File is the container's path in the edition folder.
	File string
	// Pages are the pages, in the container's order.
	Pages []Page
	// Pictures serves the container's pictures under File + "/".
	Pictures *Store
	// Diags are warnings about the container as a whole.
	Diags []model.Diagnostic
}

// Close releases the container's temporary files.
func (c *Container) Close() error {
	if c == nil || c.Pictures == nil {
		return nil
	}
	return c.Pictures.Close()
}

// Kind names the container format of a file by its name, or "" when
// it is none (SingleFile pages are .html and are told by IsSingleFile).
func Kind(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".warc"), strings.HasSuffix(n, ".warc.gz"):
		return "warc"
	case strings.HasSuffix(n, ".wacz"):
		return "wacz"
	case strings.HasSuffix(n, ".mhtml"), strings.HasSuffix(n, ".mht"):
		return "mhtml"
	case strings.HasSuffix(n, ".rss"), strings.HasSuffix(n, ".atom"), strings.HasSuffix(n, ".xml"):
		return "feed"
	case strings.HasSuffix(n, ".json"):
		return "json"
	}
	return ""
}

// Extensions lists the file extensions that hold containers of pages.
var Extensions = []string{".mhtml", ".mht", ".warc", ".warc.gz", ".wacz", ".rss", ".atom", ".xml", ".json"}

// Open opens a container of fsys by its kind. It reads SingleFile pages
// too, given a .html file for which IsSingleFile is true.
func Open(fsys fs.FS, file string) (*Container, error) {
	kind := Kind(file)
	if kind == "" {
		kind = "singlefile"
	}
	c := &Container{File: file, Pictures: newStore(file)}
	var err error
	switch kind {
	case "singlefile":
		err = openSingleFile(fsys, c)
	case "mhtml":
		err = openMHTML(fsys, c)
	case "warc":
		err = openWARCFile(fsys, c)
	case "wacz":
		err = openWACZ(fsys, c)
	case "feed", "json":
		err = openFeedOrExport(fsys, c)
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// errorf is an error naming the container.
func errorf(file, code, format string, a ...any) error {
	return &model.Diagnostic{Severity: model.Error, Code: code, File: file, Msg: fmt.Sprintf(format, a...)}
}

// readAll reads a whole file of fsys, refusing one over max bytes.
func readAll(fsys fs.FS, file string, max int64) ([]byte, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, &model.Diagnostic{Severity: model.Error, Code: "read", File: file, Msg: "cannot be read", Err: err}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, &model.Diagnostic{Severity: model.Error, Code: "read", File: file, Msg: "cannot be read: " + err.Error(), Err: err}
	}
	if int64(len(b)) > max {
		return nil, errorf(file, "too-large", "is over the %d MB a file of its kind may be", max>>20)
	}
	return b, nil
}

// slug makes a short file-safe name of s ("" when s has no letters or
// digits).
func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= max {
				return b.String()
			}
		default:
			dash = true
		}
	}
	return b.String()
}

// pageName names the n-th page (1-based) of a container after its title
// or address.
func pageName(n int, title, addr string) string {
	s := slug(title, 50)
	if s == "" {
		s = slug(strings.TrimSuffix(path.Base(strings.TrimRight(addr, "/")), path.Ext(addr)), 50)
	}
	if s == "" {
		s = "page"
	}
	return fmt.Sprintf("%04d-%s", n, s)
}

// pictureName gives a picture a stable name: its address's file name
// (or "picture") and a digest of its bytes, with the extension of its
// format.
func pictureName(addr string, data []byte, format string) string {
	base := addr
	if i := strings.IndexAny(base, "?#"); i >= 0 {
		base = base[:i]
	}
	if strings.HasPrefix(base, "data:") {
		base = ""
	}
	base = path.Base(base)
	stem := slug(strings.TrimSuffix(base, path.Ext(base)), 40)
	if stem == "" {
		stem = "picture"
	}
	sum := sha256.Sum256(data)
	ext := format
	if ext == "jpeg" {
		ext = "jpg"
	}
	return stem + "-" + hex.EncodeToString(sum[:5]) + "." + ext
}
