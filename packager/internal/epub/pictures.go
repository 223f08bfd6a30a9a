package epub

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/offprint/offprint/packager/internal/media"
	"github.com/offprint/offprint/packager/internal/par"
	"github.com/offprint/offprint/packager/model"
)

// picture is one picture as it goes into the book: a zip entry under EPUB/,
// streamed from the edition folder (or from memory for a scaled picture or
// the drawn masthead) when the zip is written; stored, except SVG, which is
// deflated.
type picture struct {
	// Path is the picture's path in the edition folder ("" for a picture
	// offprint made, such as the masthead).
	Path string
	// Name is the entry's path inside EPUB/ ("images/photo.jpg"); pages in
	// xhtml/ refer to it as "../" + Name.
	Name          string
	ID            string // manifest id
	MediaType     string
	Width, Height int
	// Size and CRC are those of the bytes open returns, known before the
	// entry is written so that it can be stored without a data descriptor.
	Size int64
	CRC  uint32
	// Cover marks the cover image (manifest property cover-image).
	Cover bool
	// Note is a problem worth reporting that still lets the picture be
	// used, or "".
	Note string

	open func() (io.ReadCloser, error)
}

// pictureSet hands out each picture of the edition once, however many
// figures show it, and remembers the ones that could not be used.
type pictureSet struct {
	fsys   fs.FS
	policy policy
	byPath map[string]*picture
	failed map[string]error
	// ready holds pictures prepared ahead, in parallel, by prefetch; get
	// names them in order of first use.
	ready map[string]prepared
	names names // entry names, lowercased
	ids   names
	list  []*picture // in order of first use
}

// policy is what the layout says about pictures in the EPUB, and where
// prepared pictures are kept between builds.
type policy struct {
	media.Policy
	Cache media.Cache // may be nil
}

func newPictureSet(fsys fs.FS, pol policy) *pictureSet {
	if pol.Quality <= 0 || pol.Quality > 100 {
		pol.Quality = 85
	}
	return &pictureSet{
		fsys:   fsys,
		policy: pol,
		byPath: map[string]*picture{},
		failed: map[string]error{},
		names:  names{},
		ids:    names{},
	}
}

// get returns the picture im in the edition folder, preparing it the
// first time it is asked for. A picture that cannot be used gives the same
// error every time; fresh reports whether this call is the first to see
// that error, or the picture's Note.
func (s *pictureSet) get(im *model.Image) (pic *picture, fresh bool, err error) {
	p := im.Path
	if pic := s.byPath[p]; pic != nil {
		return pic, false, nil
	}
	if err := s.failed[p]; err != nil {
		return nil, false, err
	}
	if s.fsys == nil {
		err := errors.New("no edition folder to read it from")
		s.failed[p] = err
		return nil, true, err
	}
	if r, ok := s.ready[p]; ok {
		pic, err = r.pic, r.err
	} else {
		pic, err = preparePicture(s.fsys, im, s.policy)
	}
	if err != nil {
		s.failed[p] = err
		return nil, true, err
	}
	if same := s.sameAs(pic); same != nil {
		// The same picture under another path (a page saved twice, in two
		// containers): the book holds it once.
		s.byPath[p] = same
		return same, false, nil
	}
	s.add(pic, strings.TrimPrefix(p, "images/"))
	s.byPath[p] = pic
	return pic, pic.Note != "", nil
}

// sameAs returns the picture already in the book whose bytes are pic's,
// or nil.
func (s *pictureSet) sameAs(pic *picture) *picture {
	for _, q := range s.list {
		if q.Size == pic.Size && q.CRC == pic.CRC && q.MediaType == pic.MediaType && sameBytes(q, pic) {
			return q
		}
	}
	return nil
}

// sameBytes reports whether two pictures open to the same bytes.
func sameBytes(a, b *picture) bool {
	if a.open == nil || b.open == nil {
		return false
	}
	ra, err := a.open()
	if err != nil {
		return false
	}
	defer ra.Close()
	rb, err := b.open()
	if err != nil {
		return false
	}
	defer rb.Close()
	bufA, bufB := make([]byte, 32<<10), make([]byte, 32<<10)
	for {
		na, errA := io.ReadFull(ra, bufA)
		nb, errB := io.ReadFull(rb, bufB)
		if na != nb || !bytes.Equal(bufA[:na], bufB[:nb]) {
			return false
		}
		if errA != nil || errB != nil {
			return (errA == io.EOF || errA == io.ErrUnexpectedEOF) && (errB == io.EOF || errB == io.ErrUnexpectedEOF)
		}
	}
}

// prepared is the outcome of preparing one picture.
type prepared struct {
	pic *picture
	err error
}

// prefetch prepares the pictures ims in parallel, on every core:
// reading, checksumming and, where the policy asks, scaling and
// re-encoding them. It names nothing; get does that in reading order, so
// the book is the same however the work was shared out.
func (s *pictureSet) prefetch(ctx context.Context, ims []*model.Image) {
	if s.fsys == nil || len(ims) == 0 {
		return
	}
	results := make([]prepared, len(ims))
	par.Each(ctx, len(ims), func(i int) {
		pic, err := preparePicture(s.fsys, ims[i], s.policy)
		results[i] = prepared{pic, err}
	})
	if s.ready == nil {
		s.ready = map[string]prepared{}
	}
	for i, im := range ims {
		if results[i].pic != nil || results[i].err != nil {
			s.ready[im.Path] = results[i]
		}
	}
}

// addMemory adds a picture offprint made itself.
func (s *pictureSet) addMemory(stem string, mediaType string, data []byte, w, h int) *picture {
	pic := &picture{
		MediaType: mediaType,
		Width:     w,
		Height:    h,
		Size:      int64(len(data)),
		CRC:       crc32.ChecksumIEEE(data),
		open:      func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
	}
	s.add(pic, stem+extension(mediaType))
	return pic
}

// add names a picture inside the book after where it came from.
func (s *pictureSet) add(pic *picture, from string) {
	ext := extension(pic.MediaType)
	stem := strings.TrimSuffix(from, path.Ext(from))
	stem = ncName(strings.ReplaceAll(stem, "/", "-"), "img-")
	pic.Name = "images/" + s.names.uniqueFile(stem, ext)
	pic.ID = s.ids.unique("img-" + ncName(strings.TrimSuffix(path.Base(pic.Name), ext), ""))
	s.list = append(s.list, pic)
}

func extension(mediaType string) string {
	switch mediaType {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "image/svg+xml":
		return ".svg"
	}
	return ".bin"
}

// mediaTypes are the picture formats a book may hold, by the name
// the model gives them.
var mediaTypes = map[string]string{
	"jpeg": "image/jpeg",
	"png":  "image/png",
	"gif":  "image/gif",
	"svg":  "image/svg+xml",
}

// preparePicture decides what of a picture in the edition folder goes into
// the book, reading it once, start to end, for its size and checksum, so
// that the zip entry can be written in one pass later. Its format, size
// and orientation are the model's, read from its own bytes (never from
// its name) when the edition was normalized; it is not probed again.
//
// This is the one place where the layout's image policy applies. Pictures
// within epub.max_px pass through untouched, byte for byte; larger ones are
// scaled down, all are turned grey under epub.grayscale, and WebP (which
// EPUB 3.2 reading systems need not show) becomes a JPEG, or a PNG when it
// has transparency. Prepared pictures come from and go to the cache.
func preparePicture(fsys fs.FS, im *model.Image, pol policy) (*picture, error) {
	p := im.Path
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, err
	} else if st.IsDir() {
		return nil, errors.New("it is a folder, not a file")
	}
	sum := crc32.NewIEEE()
	n := &countWriter{}
	if im.Format == "" {
		return nil, media.ErrUnknownFormat
	}
	info := media.Info{Format: im.Format, Width: im.Width, Height: im.Height, Orientation: im.Orientation}
	if err := media.CheckSize(info.Width, info.Height, pol.MaxPixels); err != nil && info.Format != "svg" {
		return nil, err
	}
	if _, err := io.Copy(io.MultiWriter(sum, n), f); err != nil {
		return nil, fmt.Errorf("reading it: %w", err)
	}
	if media.NeedsWork(info, pol.Policy) {
		return convertPicture(fsys, p, pol)
	}
	mt, ok := mediaTypes[info.Format]
	if !ok {
		return nil, fmt.Errorf("%s pictures cannot go into an EPUB", info.Format)
	}
	return &picture{
		Path:      p,
		MediaType: mt,
		Width:     info.Width,
		Height:    info.Height,
		Size:      n.n,
		CRC:       sum.Sum32(),
		open:      func() (io.ReadCloser, error) { return fsys.Open(p) },
	}, nil
}

// convertPicture reads a picture that needs work and prepares it under the
// policy, keeping the result in memory for the zip entry.
func convertPicture(fsys fs.FS, p string, pol policy) (*picture, error) {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, err
	}
	out, err := media.PrepareCached(src, pol.Policy, pol.Cache)
	if err != nil {
		return nil, err
	}
	mt, ok := mediaTypes[out.Format]
	if !ok {
		return nil, fmt.Errorf("%s pictures cannot go into an EPUB", out.Format)
	}
	data := out.Data
	return &picture{
		Note:      strings.Join(out.Notes, "; "),
		Path:      p,
		MediaType: mt,
		Width:     out.Width,
		Height:    out.Height,
		Size:      int64(len(data)),
		CRC:       crc32.ChecksumIEEE(data),
		open:      func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
	}, nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }
