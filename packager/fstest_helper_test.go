package packager

import (
	"io/fs"
	"testing/fstest"
)

// fstestMap is a folder of text files for tests.
type fstestMap map[string]string

func (m fstestMap) FS() fs.FS {
	out := fstest.MapFS{}
	for k, v := range m {
		out[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return out
}
