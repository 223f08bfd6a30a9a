package media

import (
	"bytes"
	"os"
	"path/filepath"
)

// Cache keeps prepared pictures between builds, by the key Policy.Key
// gives, so that a rebuild skips pictures it has already scaled.
// Implementations must be safe for concurrent use; a cache that fails to
// store or find something only costs time.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, data []byte)
}

// DirCache is a Cache in a folder on disk, one file per picture, written
// through a temporary file so that a killed build never leaves a partial
// entry. The folder is safe to delete at any time.
type DirCache struct {
	Dir string
}

func (c DirCache) path(key string) string {
	return filepath.Join(c.Dir, key[:2], key)
}

// Get returns a cached picture.
func (c DirCache) Get(key string) ([]byte, bool) {
	if len(key) < 3 {
		return nil, false
	}
	b, err := os.ReadFile(c.path(key))
	return b, err == nil
}

// Put stores a picture, quietly giving up on any error.
func (c DirCache) Put(key string, data []byte) {
	if len(key) < 3 {
		return
	}
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), p) != nil {
		os.Remove(f.Name())
	}
}

// PrepareCached is Prepare with a cache: a picture that needs work is
// looked up by its bytes and the policy first, and stored after. A nil
// cache is allowed.
func PrepareCached(src []byte, p Policy, c Cache) (Prepared, error) {
	if c == nil {
		return Prepare(src, p)
	}
	info, err := Probe(bytes.NewReader(src), p.MaxPixels)
	if err != nil {
		return Prepared{}, err
	}
	if !NeedsWork(info, p) {
		return Prepared{Data: src, Format: info.Format, Width: info.Width, Height: info.Height}, nil
	}
	key := p.Key(src)
	if b, ok := c.Get(key); ok {
		if got, err := Probe(bytes.NewReader(b), 0); err == nil {
			return Prepared{Data: b, Format: got.Format, Width: got.Width, Height: got.Height, Changed: true}, nil
		}
	}
	out, err := Prepare(src, p)
	if err == nil && out.Changed {
		c.Put(key, out.Data)
	}
	return out, err
}
