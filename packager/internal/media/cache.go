package media

import (
	"bytes"
	"crypto/sha256"
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
// entry. Each entry ends with the SHA-256 of the picture before it, and is
// checked against it before reuse: an entry that was cut short or changed
// on disk is deleted and counts as a miss, so the picture is prepared
// again. The folder is safe to delete at any time.
type DirCache struct {
	Dir string
}

func (c DirCache) path(key string) string {
	return filepath.Join(c.Dir, key[:2], key)
}

// Get returns a cached picture whose recorded hash matches it.
func (c DirCache) Get(key string) ([]byte, bool) {
	if len(key) < 3 {
		return nil, false
	}
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return nil, false
	}
	if len(b) < sha256.Size {
		os.Remove(c.path(key))
		return nil, false
	}
	data, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(data); !bytes.Equal(got[:], sum) {
		os.Remove(c.path(key))
		return nil, false
	}
	return data, true
}

// Put stores a picture with its hash, quietly giving up on any error.
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
	sum := sha256.Sum256(data)
	_, werr := f.Write(data)
	if werr == nil {
		_, werr = f.Write(sum[:])
	}
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), p) != nil {
		os.Remove(f.Name())
	}
}

// PrepareCached is prepare with a cache: a picture that needs work is
// looked up by its bytes and the policy first, and stored after. A nil
// cache is allowed.
func PrepareCached(src []byte, p Policy, c Cache) (Prepared, error) {
	if c == nil {
		return prepare(src, p)
	}
	d, err := probe(bytes.NewReader(src), p.MaxPixels)
	info := d.Info
	if err != nil {
		return Prepared{}, err
	}
	if !NeedsWork(info, p) || info.Format == "svg" {
		// SVG is cheap to clean, and its notes must be reported on
		// every build.
		if info.Format == "svg" {
			return prepare(src, p)
		}
		return Prepared{Data: src, Format: info.Format, Width: info.Width, Height: info.Height}, nil
	}
	key := p.Key(src)
	if b, ok := c.Get(key); ok {
		if got, err := probe(bytes.NewReader(b), 0); err == nil {
			return Prepared{Data: b, Format: got.Format, Width: got.Width, Height: got.Height, Changed: true}, nil
		}
	}
	out, err := prepare(src, p)
	if err == nil && out.Changed {
		c.Put(key, out.Data)
	}
	return out, err
}
