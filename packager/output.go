package packager

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Sink receives a build's output files.
type Sink interface {
	// Create starts an output file with the given base name.
	Create(name string) (Output, error)
}

// Output is an output file being written. Nothing is visible under its name
// until Commit; Abort discards it and leaves any previous file of that name
// as it was.
type Output interface {
	io.Writer
	Commit() error
	Abort() error
}

// DirSink writes outputs into a folder on disk, each through a temporary
// file in the same folder that is synced and renamed over the final name on
// Commit. A build killed at any moment leaves the previous outputs intact
// and no partial file under a final name.
type DirSink struct {
	Dir string
}

// tempPrefix starts the names of temporary output files.
const tempPrefix = ".offprint-"

// Create makes the folder if needed and opens a temporary file in it.
func (s DirSink) Create(name string) (Output, error) {
	if strings.ContainsAny(name, `/\`) || name == "" || name[0] == '.' {
		return nil, fmt.Errorf("output name %q is not a plain file name", name)
	}
	if st, err := os.Stat(s.Dir); err == nil && !st.IsDir() {
		return nil, &OutDirError{Dir: s.Dir, Msg: "is a file, not a folder"}
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return nil, &OutDirError{Dir: s.Dir, Msg: "cannot be created", Err: err}
	}
	final := filepath.Join(s.Dir, name)
	if st, err := os.Stat(final); err == nil && st.IsDir() {
		return nil, &OutDirError{Dir: final, Msg: "is a folder; the output file cannot replace it"}
	}
	f, err := os.CreateTemp(s.Dir, tempPrefix+name+".*.tmp")
	if err != nil {
		return nil, &OutDirError{Dir: s.Dir, Msg: "cannot be written to", Err: err}
	}
	return &fileOutput{f: f, final: final}, nil
}

// Clean removes temporary files that an interrupted build left behind.
func (s DirSink) Clean() {
	matches, _ := filepath.Glob(filepath.Join(s.Dir, tempPrefix+"*.tmp"))
	for _, m := range matches {
		os.Remove(m)
	}
}

// OutDirError is an output folder that cannot be used.
type OutDirError struct {
	Dir string
	Msg string
	Err error
}

func (e *OutDirError) Error() string {
	if e.Err != nil {
		var pe *os.PathError
		if errors.As(e.Err, &pe) {
			return fmt.Sprintf("output %s %s: %v", e.Dir, e.Msg, pe.Err)
		}
		return fmt.Sprintf("output %s %s: %v", e.Dir, e.Msg, e.Err)
	}
	return fmt.Sprintf("output %s %s", e.Dir, e.Msg)
}

// Unwrap returns the underlying error.
func (e *OutDirError) Unwrap() error { return e.Err }

type fileOutput struct {
	f     *os.File
	final string
	done  bool
}

func (o *fileOutput) Write(p []byte) (int, error) { return o.f.Write(p) }

func (o *fileOutput) Commit() error {
	if o.done {
		return errors.New("output already finished")
	}
	o.done = true
	if err := o.f.Chmod(0o644); err != nil {
		o.f.Close()
		os.Remove(o.f.Name())
		return err
	}
	if err := o.f.Sync(); err != nil {
		o.f.Close()
		os.Remove(o.f.Name())
		return fmt.Errorf("writing %s: %w", o.final, err)
	}
	if err := o.f.Close(); err != nil {
		os.Remove(o.f.Name())
		return fmt.Errorf("writing %s: %w", o.final, err)
	}
	if err := os.Rename(o.f.Name(), o.final); err != nil {
		os.Remove(o.f.Name())
		return fmt.Errorf("writing %s: %w", o.final, err)
	}
	return nil
}

func (o *fileOutput) Abort() error {
	if o.done {
		return nil
	}
	o.done = true
	o.f.Close()
	return os.Remove(o.f.Name())
}
