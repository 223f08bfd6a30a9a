package packager

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestDirSinkShowsOnlyCommittedFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	s := DirSink{Dir: dir}
	o, err := s.Create("x.epub")
	if err != nil {
		t.Fatal(err)
	}
	o.Write([]byte("first"))
	if _, err := os.Stat(filepath.Join(dir, "x.epub")); !os.IsNotExist(err) {
		t.Fatal("output visible before Commit")
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	// A second build that fails leaves the first output as it was.
	o2, _ := s.Create("x.epub")
	o2.Write([]byte("half"))
	o2.Abort()
	if b, _ := os.ReadFile(filepath.Join(dir, "x.epub")); string(b) != "first" {
		t.Errorf("after abort the output is %q", b)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("left behind: %v", ents)
	}
}

func TestDirSinkCleansTemporariesOfKilledBuilds(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".offprint-x.epub.123.tmp"), []byte("partial"), 0o644)
	os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644)
	DirSink{Dir: dir}.Clean()
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "keep.txt" {
		t.Errorf("after Clean: %v", ents)
	}
}

func TestDirSinkRefusesAFileAsFolder(t *testing.T) {
	f := filepath.Join(t.TempDir(), "out")
	os.WriteFile(f, []byte("a file"), 0o644)
	_, err := DirSink{Dir: f}.Create("x.pdf")
	var oe *OutDirError
	if !errors.As(err, &oe) || err.Error() != "output "+f+" is a file, not a folder" {
		t.Errorf("got %v", err)
	}
}
