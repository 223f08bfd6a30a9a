package packager

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/media"
)

// countingFS hands out files it can recognise again: every picture header
// read goes through media's probe, and media.ProbeHook sees the reader it
// was given, which for a picture read from the edition folder is one of
// these files.
type countingFS struct{ fs.FS }

type countedFile struct {
	fs.File
	name string
}

func (c countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }
func (c countingFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(c.FS, name) }
func (c countingFS) ReadLink(name string) (string, error)       { return fs.ReadLink(c.FS, name) }
func (c countingFS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(c.FS, name) }

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &countedFile{f, name}, nil
}

// TestEachPictureProbedOnce builds two samples, EPUB and PDF, and counts
// the times each picture's header is read. Every header read, by any part
// of a build, goes through media.Probe or media.ProbeDetail (nothing else
// decodes picture headers: a grep over the sources shows it), and the
// hook those call receives the reader they read: a file of the edition
// folder, recognised by its name, or bytes already in memory. Reading a
// whole file to stream or prepare its bytes is not counted, since it reads
// no header; a renderer that probed bytes it had read would show up as an
// unnamed probe, and one that probed the file again as a second count.
func TestEachPictureProbedOnce(t *testing.T) {
	dirs := []string{"../samples/weekly", "../samples/blog"}
	var mu sync.Mutex
	probes := map[string]int{}
	unnamed := 0
	media.ProbeHook = func(r io.Reader) {
		mu.Lock()
		defer mu.Unlock()
		if f, ok := r.(*countedFile); ok {
			probes[f.name]++
		} else {
			unnamed++
		}
	}
	defer func() { media.ProbeHook = nil }()

	for _, dir := range dirs {
		name := filepath.Base(dir)
		clear(probes)
		unnamed = 0
		lay, err := layouts.Load("magazine", nil)
		if err != nil {
			t.Fatal(err)
		}
		opts := BuildOptions{
			FS:      countingFS{os.DirFS(dir)},
			Config:  &Config{File: "edition.yaml", Title: name},
			Layout:  lay,
			Formats: []string{"epub", "pdf"},
			Out:     DirSink{Dir: t.TempDir()},
		}
		if _, err := Build(context.Background(), opts); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		pictures := 0
		for file, n := range probes {
			switch strings.ToLower(path.Ext(file)) {
			case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg":
				pictures++
			}
			if n != 1 {
				t.Errorf("%s: the header of %s was read %d times, want once", name, file, n)
			}
		}
		if unnamed > 0 {
			t.Errorf("%s: %d headers were read from bytes in memory, not from the edition folder", name, unnamed)
		}
		if pictures == 0 {
			t.Errorf("%s: no picture was probed at all", name)
		}
		t.Logf("%s: %d pictures, each header read once", name, pictures)
	}
}
