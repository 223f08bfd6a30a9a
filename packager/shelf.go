package packager

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ShelfFolder is the folder under the shelf's root that holds the covers,
// thumbnails and per-series catalogs that [Shelf] writes.
const ShelfFolder = "shelf-files"

// Names of the files [Shelf] writes into the shelf's root.
const (
	ShelfCatalog = "catalog.xml"
	ShelfIndex   = "index.html"
)

// ShelfOptions are the settings of [Shelf].
type ShelfOptions struct {
	// FS is the shelf's root: every EPUB under it is an edition.
	FS fs.FS
	// Out receives catalog.xml and index.html, written into the root.
	Out Sink
	// Files receives the covers, thumbnails and series catalogs, written
	// into the root's ShelfFolder.
	Files Sink
	// Now is the time the catalog says it was updated (SOURCE_DATE_EPOCH
	// for reproducible shelves).
	Now time.Time
	// Title names the shelf; default: its only series, else "Editions".
	Title string
}

// ShelfEdition is one edition on a shelf, as read from its EPUB.
type ShelfEdition struct {
	EPUB         string // slash path of the EPUB under the root
	PDF          string // slash path of the PDF beside it with the same name, or ""
	EPUBBytes    int64
	PDFBytes     int64
	Identifier   string
	Title        string
	Subtitle     string
	Authors      []string
	Contributors []string
	Publisher    string
	Language     string
	Date         time.Time // zero when the EPUB names none
	Modified     time.Time // zero when the EPUB names none
	Description  string
	Subjects     []string
	Series       string
	Issue        string // position in the series ("7"), or ""
	Cover        string // slash path of the cover picture under the root, or ""
	Thumbnail    string // slash path of the thumbnail under the root, or ""
	coverSize    [2]int // width and height of Cover
	thumbSize    [2]int // width and height of Thumbnail
	coverData    []byte // the EPUB's cover image
	key          string // unique file-name stem
}

// ShelfSeries is the editions of one series, newest first.
type ShelfSeries struct {
	Name     string
	Editions []*ShelfEdition
	slug     string
}

// ShelfReport is what [Shelf] found and wrote.
type ShelfReport struct {
	Title  string
	Series []*ShelfSeries // the series with the newest edition first
	// Skipped names EPUBs that could not be read, with the reason.
	Skipped []string
	// Files are the slash paths written under the root.
	Files []string
}

// Editions counts the editions on the shelf.
func (r *ShelfReport) Editions() int {
	n := 0
	for _, s := range r.Series {
		n += len(s.Editions)
	}
	return n
}

// ErrEmptyShelf is returned by [Shelf] when the root holds no readable
// EPUB.
var ErrEmptyShelf = errors.New("no EPUB editions found")

// Shelf reads every EPUB edition under a folder of built editions and
// writes an OPDS 1.2 acquisition catalog (catalog.xml), per-series
// catalogs, an index.html, and covers and thumbnails taken from the
// EPUBs. The outputs depend only on the EPUBs, the PDFs' sizes and
// opts.Now, so the same shelf gives the same bytes.
func Shelf(ctx context.Context, opts ShelfOptions) (*ShelfReport, error) {
	eds, skipped, err := scanShelf(ctx, opts.FS)
	if err != nil {
		return nil, err
	}
	rep := &ShelfReport{Skipped: skipped}
	if len(eds) == 0 {
		return rep, ErrEmptyShelf
	}
	rep.Series = groupShelf(eds)
	rep.Title = opts.Title
	if rep.Title == "" {
		rep.Title = "Editions"
		if len(rep.Series) == 1 && rep.Series[0].Name != "" {
			rep.Title = rep.Series[0].Name
		}
	}
	write := func(s Sink, name string, data []byte) error {
		o, err := s.Create(name)
		if err != nil {
			return err
		}
		if _, err := o.Write(data); err != nil {
			o.Abort()
			return err
		}
		return o.Commit()
	}
	for _, e := range eds {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if e.coverData == nil {
			continue
		}
		cover, thumb, err := shelfPictures(e)
		e.coverData = nil
		if err != nil {
			rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s: cover not shown: %v", e.EPUB, err))
			continue
		}
		for _, p := range []struct {
			name string
			data []byte
			dst  *string
		}{{e.key + ".jpg", cover, &e.Cover}, {e.key + "-thumb.jpg", thumb, &e.Thumbnail}} {
			if err := write(opts.Files, p.name, p.data); err != nil {
				return rep, err
			}
			*p.dst = ShelfFolder + "/" + p.name
			rep.Files = append(rep.Files, *p.dst)
		}
	}
	updated := opts.Now.UTC()
	for _, s := range rep.Series {
		name := "series-" + s.slug + ".xml"
		if err := write(opts.Files, name, shelfCatalog(rep, s, updated)); err != nil {
			return rep, err
		}
		rep.Files = append(rep.Files, ShelfFolder+"/"+name)
	}
	if err := write(opts.Out, ShelfCatalog, shelfCatalog(rep, nil, updated)); err != nil {
		return rep, err
	}
	if err := write(opts.Out, ShelfIndex, shelfIndex(rep, updated)); err != nil {
		return rep, err
	}
	rep.Files = append(rep.Files, ShelfCatalog, ShelfIndex)
	return rep, nil
}

// scanShelf finds and reads every EPUB under the root, skipping hidden
// folders and the shelf's own folder.
func scanShelf(ctx context.Context, fsys fs.FS) ([]*ShelfEdition, []string, error) {
	var eds []*ShelfEdition
	var skipped []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			skipped = append(skipped, fmt.Sprintf("%s: %v", p, err))
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		name := d.Name()
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(name, ".") || p == ShelfFolder) {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || !strings.EqualFold(path.Ext(name), ".epub") || !d.Type().IsRegular() {
			return nil
		}
		e, err := readShelfEdition(fsys, p)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s: %v", p, err))
			return nil
		}
		eds = append(eds, e)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return eds, skipped, nil
}

// readShelfEdition reads one EPUB and notes the PDF beside it.
func readShelfEdition(fsys fs.FS, p string) (*ShelfEdition, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	ra, ok := f.(io.ReaderAt)
	if !ok {
		b, err := io.ReadAll(f)
		if err != nil {
			return nil, err
		}
		ra = bytes.NewReader(b)
	}
	info, cover, err := readEPUBInfo(ra, st.Size())
	if err != nil {
		return nil, err
	}
	e := &ShelfEdition{
		EPUB:         p,
		EPUBBytes:    st.Size(),
		Identifier:   info.Identifier,
		Title:        info.Title,
		Subtitle:     info.Subtitle,
		Authors:      info.Authors,
		Contributors: info.Contributors,
		Publisher:    info.Publisher,
		Language:     info.Language,
		Date:         shelfDate(info.Date),
		Modified:     shelfDate(info.Modified),
		Description:  info.Description,
		Subjects:     info.Subjects,
		Series:       info.Series,
		Issue:        info.Issue,
		coverData:    cover,
	}
	pdf := strings.TrimSuffix(p, path.Ext(p)) + ".pdf"
	if st, err := fs.Stat(fsys, pdf); err == nil && st.Mode().IsRegular() {
		e.PDF, e.PDFBytes = pdf, st.Size()
	}
	sum := sha1.Sum([]byte(p))
	stem := shelfSlug(strings.TrimSuffix(path.Base(p), path.Ext(p)))
	e.key = stem + "-" + hex.EncodeToString(sum[:4])
	return e, nil
}

// shelfDate reads a W3CDTF date as EPUB writes it: a year, a month, a
// day or a full timestamp.
func shelfDate(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	if len(s) > 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t
		}
	}
	return time.Time{}
}

// groupShelf sorts the editions into series: within a series the newest
// first (by date, then issue), the series by their newest edition.
// Editions without a series form one group of their own, named "".
func groupShelf(eds []*ShelfEdition) []*ShelfSeries {
	sort.SliceStable(eds, func(i, j int) bool { return shelfNewer(eds[i], eds[j]) })
	bySeries := map[string]*ShelfSeries{}
	var out []*ShelfSeries
	slugs := map[string]int{}
	for _, e := range eds {
		s := bySeries[e.Series]
		if s == nil {
			s = &ShelfSeries{Name: e.Series}
			s.slug = shelfSlug(e.Series)
			if s.slug == "" {
				s.slug = "other"
			}
			if n := slugs[s.slug]; n > 0 {
				slugs[s.slug]++
				s.slug += "-" + strconv.Itoa(n+1)
			} else {
				slugs[s.slug] = 1
			}
			bySeries[e.Series] = s
			out = append(out, s)
		}
		s.Editions = append(s.Editions, e)
	}
	// Editions without a series go last.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name != "" && out[j].Name == "" })
	return out
}

// shelfNewer orders editions newest first: by date, then by issue, then by
// title and path so that the order never depends on the walk.
func shelfNewer(a, b *ShelfEdition) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	ai, _ := strconv.ParseFloat(a.Issue, 64)
	bi, _ := strconv.ParseFloat(b.Issue, 64)
	if ai != bi {
		return ai > bi
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.EPUB < b.EPUB
}

// shelfSlug makes a lowercase file-name stem of ASCII letters, digits and
// hyphens.
func shelfSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= 60 {
				break
			}
		} else {
			dash = true
		}
	}
	return b.String()
}
