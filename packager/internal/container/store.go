package container

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/offprint/offprint/packager/internal/media"
)

// Store holds a container's pictures, by name, and serves them as files
// under the container's path ("articles/site.warc.gz/photo-1a2b3c4d5e.jpg").
// Pictures are kept in memory, or in a temporary spool file for archives.
type Store struct {
	// Dir is the folder the pictures appear in: the container's path.
	Dir string

	mu      sync.Mutex
	byKey   map[string]string // address → name
	entries map[string]entry  // name → bytes
	spool   *os.File
	end     int64
}

type entry struct {
	data    []byte // in memory, or
	off, n  int64  // in the spool
	spooled bool
}

func newStore(dir string) *Store {
	return &Store{Dir: dir, byKey: map[string]string{}, entries: map[string]entry{}}
}

// Len is the number of pictures stored.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

// Close removes the spool file.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spool == nil {
		return nil
	}
	name := s.spool.Name()
	err := s.spool.Close()
	os.Remove(name)
	s.spool = nil
	return err
}

// normKey is how an address is looked up: without its fragment.
func normKey(addr string) string {
	addr = strings.TrimSpace(addr)
	if i := strings.IndexByte(addr, '#'); i >= 0 && !strings.HasPrefix(addr, "data:") {
		addr = addr[:i]
	}
	return addr
}

// add stores a picture under an address, unless it is not a picture; it
// returns the picture's name.
func (s *Store) add(addr string, data []byte) (string, error) {
	name, err := checkPicture(addr, data)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.entries[name]; !ok {
		s.entries[name] = entry{data: data}
	}
	s.byKey[normKey(addr)] = name
	return name, nil
}

// checkPicture refuses what is too large or not a picture, and names the
// picture found at addr by its bytes and format. A container's picture is
// bytes, not yet a file of the edition: its header is read here to refuse
// what is not a picture and to name the file by its format. Once it is a
// file, the edition's normalizing reads its header as it reads every
// other picture's, for both outputs.
func checkPicture(addr string, data []byte) (string, error) {
	if len(data) > maxPictureBytes {
		return "", fmt.Errorf("picture %s is over %d MB", shortAddr(addr), maxPictureBytes>>20)
	}
	info, err := media.Probe(bytes.NewReader(data), 0)
	if err != nil {
		return "", fmt.Errorf("picture %s: %w", shortAddr(addr), err)
	}
	return pictureName(addr, data, info.Format), nil
}

// addSpooled stores a picture read from r under an address in the spool
// file; it returns the picture's name.
func (s *Store) addSpooled(addr string, r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxPictureBytes+1))
	if err != nil {
		return "", err
	}
	name, err := checkPicture(addr, data)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.entries[name]; !ok {
		off, err := s.spoolLocked(data)
		if err != nil {
			return "", err
		}
		s.entries[name] = entry{off: off, n: int64(len(data)), spooled: true}
	}
	s.byKey[normKey(addr)] = name
	return name, nil
}

// spoolBytes writes data to the spool file and returns a function that
// reads it back.
func (s *Store) spoolBytes(data []byte) (func() ([]byte, error), error) {
	s.mu.Lock()
	off, err := s.spoolLocked(data)
	f := s.spool
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	n := len(data)
	return func() ([]byte, error) {
		b := make([]byte, n)
		_, err := f.ReadAt(b, off)
		return b, err
	}, nil
}

func (s *Store) spoolLocked(data []byte) (int64, error) {
	if s.spool == nil {
		f, err := os.CreateTemp("", "offprint-container-*")
		if err != nil {
			return 0, fmt.Errorf("cannot make a temporary file: %w", err)
		}
		s.spool = f
		// Unlinked at once where the system allows it, so that nothing
		// is left behind however the program ends.
		os.Remove(f.Name())
	}
	off := s.end
	if _, err := s.spool.WriteAt(data, off); err != nil {
		return 0, fmt.Errorf("cannot write a temporary file: %w", err)
	}
	s.end += int64(len(data))
	return off, nil
}

// Lookup returns the name of the picture stored under an address.
func (s *Store) Lookup(addr string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name, ok := s.byKey[normKey(addr)]
	if !ok {
		// Addresses are recorded escaped or not, by one tool or another.
		if u, err := url.Parse(normKey(addr)); err == nil {
			name, ok = s.byKey[u.String()]
		}
	}
	return name, ok
}

// Names lists the stored pictures' names.
func (s *Store) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for n := range s.entries {
		out = append(out, n)
	}
	return out
}

// Open opens a stored picture by its path (Dir + "/" + name).
func (s *Store) Open(p string) (fs.File, error) {
	name, ok := strings.CutPrefix(p, s.Dir+"/")
	if !ok || strings.Contains(name, "/") {
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
	}
	s.mu.Lock()
	e, ok := s.entries[name]
	spool := s.spool
	s.mu.Unlock()
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
	}
	var r *io.SectionReader
	if e.spooled {
		r = io.NewSectionReader(spool, e.off, e.n)
	} else {
		r = io.NewSectionReader(bytes.NewReader(e.data), 0, int64(len(e.data)))
	}
	return &picFile{r: r, name: name}, nil
}

type picFile struct {
	r    *io.SectionReader
	name string
}

func (f *picFile) Read(b []byte) (int, error)                { return f.r.Read(b) }
func (f *picFile) ReadAt(b []byte, off int64) (int, error)   { return f.r.ReadAt(b, off) }
func (f *picFile) Seek(off int64, whence int) (int64, error) { return f.r.Seek(off, whence) }
func (f *picFile) Close() error                              { return nil }
func (f *picFile) Stat() (fs.FileInfo, error)                { return picInfo{f.name, f.r.Size()}, nil }

type picInfo struct {
	name string
	size int64
}

func (i picInfo) Name() string       { return i.name }
func (i picInfo) Size() int64        { return i.size }
func (i picInfo) Mode() fs.FileMode  { return 0o444 }
func (i picInfo) ModTime() time.Time { return time.Time{} }
func (i picInfo) IsDir() bool        { return false }
func (i picInfo) Sys() any           { return nil }

// Overlay is a file system that serves the pictures of stores under their
// containers' paths and everything else from base.
func Overlay(base fs.FS, stores ...*Store) fs.FS {
	if len(stores) == 0 {
		return base
	}
	return overlay{base, stores}
}

type overlay struct {
	base   fs.FS
	stores []*Store
}

func (o overlay) Open(name string) (fs.File, error) {
	for _, s := range o.stores {
		if strings.HasPrefix(name, s.Dir+"/") {
			f, err := s.Open(name)
			if err == nil || !errors.Is(err, fs.ErrNotExist) {
				return f, err
			}
		}
	}
	return o.base.Open(name)
}

// shortAddr shortens a data: address for messages.
func shortAddr(addr string) string {
	if strings.HasPrefix(addr, "data:") {
		if i := strings.IndexAny(addr, ";,"); i > 0 {
			return addr[:i] + "…"
		}
		return "data:…"
	}
	if len(addr) > 120 {
		return addr[:120] + "…"
	}
	return addr
}

// picturePath is how a page refers to a stored picture: relative to the
// folder of the page's file. single is true when the container is itself
// the page (a SingleFile page or an MHTML file), which sits beside the
// container's folder rather than in it.
func picturePath(container, name string, single bool) string {
	if single {
		return path.Base(container) + "/" + name
	}
	return name
}
