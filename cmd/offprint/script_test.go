package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-fonts/dejavu/dejavuserif"
	"github.com/offprint/offprint/internal/testtool"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files and testscript expectations")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"offprint": func() { os.Exit(mainCode()) },
	})
}

// scriptEPUBs are the EPUBs the scripts made, checked together when the
// scripts are done.
var scriptEPUBs *testtool.EPUBBatch

func TestScripts(t *testing.T) {
	scriptEPUBs = testtool.NewEPUBBatch(t)
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("SOURCE_DATE_EPOCH", "1577836800")
			for _, k := range []string{"OFFPRINT_REQUIRE_TOOLS", "JAVA_HOME", "PATH"} {
				if v := os.Getenv(k); v != "" {
					e.Setenv(k, v)
				}
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			name, ok := strings.CutPrefix(cond, "tool:")
			if !ok {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			if testtool.Present(name) {
				return true, nil
			}
			if testtool.RequireTools() {
				return false, fmt.Errorf("%s is not installed, and OFFPRINT_REQUIRE_TOOLS=1", name)
			}
			return false, nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"unzip":     cmdUnzip,
			"epubcheck": cmdEpubcheck,
			"exits":     cmdExits,
			"interrupt": cmdInterrupt,
			"pdftext":   cmdPDFText,
			"mkimage":   cmdMkimage,
			"mkhostile": cmdMkhostile,
			"mkfont":    cmdMkfont,
		},
	})
}

// cmdUnzip prints the entries of a zip (an EPUB) whose names match a
// path.Match pattern: unzip FILE PATTERN.
func cmdUnzip(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: unzip FILE PATTERN")
	}
	zr, err := zip.OpenReader(ts.MkAbs(args[0]))
	ts.Check(err)
	defer zr.Close()
	n := 0
	for _, f := range zr.File {
		if ok, _ := path.Match(args[1], f.Name); !ok {
			continue
		}
		n++
		rc, err := f.Open()
		ts.Check(err)
		b, err := io.ReadAll(rc)
		rc.Close()
		ts.Check(err)
		fmt.Fprintf(ts.Stdout(), "== %s\n%s\n", f.Name, b)
	}
	if n == 0 && !neg {
		ts.Fatalf("no entry of %s matches %s", args[0], args[1])
	}
}

// requireTool skips the script when a validator is missing, unless
// OFFPRINT_REQUIRE_TOOLS=1 makes that a failure.
func requireTool(ts *testscript.TestScript, what string, ok bool) bool {
	if ok {
		return true
	}
	if testtool.RequireTools() {
		ts.Fatalf("%s is not installed, and OFFPRINT_REQUIRE_TOOLS=1", what)
	}
	ts.Logf("not checked: %s is not installed", what)
	return false
}

// cmdEpubcheck queues an EPUB for epubcheck, which must report no errors
// and no warnings: epubcheck FILE. The scripts' EPUBs are checked together
// in one JVM when every script has run, and not at all with -short.
func cmdEpubcheck(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: epubcheck FILE")
	}
	if testing.Short() {
		ts.Logf("%s: %s", testtool.ShortEpubcheck, args[0])
		return
	}
	ts.Check(scriptEPUBs.Add(ts.Name()+": "+args[0], ts.MkAbs(args[0])))
}

// cmdExits runs a program and checks its exit code: exits CODE PROG ARGS...
// Its standard output and error are kept for stdout and stderr.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 || neg {
		ts.Fatalf("usage: exits CODE PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	code := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		code = ee.ExitCode()
	}
	if code != want {
		ts.Fatalf("%s exited with %d, want %d", strings.Join(args[1:], " "), code, want)
	}
}

// cmdInterrupt starts offprint, waits until it writes a temporary output
// file in the folder OUT, then sends it Ctrl-C (SIGINT) and checks that it
// ends with exit code 130: interrupt OUT ARGS... Its standard output and
// error are printed for stdout and stderr.
func cmdInterrupt(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 || neg {
		ts.Fatalf("usage: interrupt OUT ARGS...")
	}
	bin, err := exec.LookPath("offprint") // testscript.Main put it on the PATH
	ts.Check(err)
	cmd := exec.Command(bin, args[1:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+ts.Getenv("SOURCE_DATE_EPOCH"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	ts.Check(cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	out := ts.MkAbs(args[0])
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if m, _ := filepath.Glob(filepath.Join(out, ".offprint-*")); len(m) > 0 {
			break
		}
		select {
		case err := <-done:
			ts.Fatalf("offprint ended (%v) before it wrote in %s:\n%s", err, args[0], stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			ts.Fatalf("offprint wrote nothing in %s", args[0])
		}
	}
	ts.Check(cmd.Process.Signal(os.Interrupt))
	err = <-done
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	}
	fmt.Fprint(ts.Stdout(), stdout.String())
	fmt.Fprint(ts.Stderr(), stderr.String())
	if code != exitInterrupted {
		ts.Fatalf("offprint exited with %d after Ctrl-C, want %d:\n%s", code, exitInterrupted, stderr.String())
	}
}

// cmdPDFText prints a PDF's text layer: pdftext FILE.
func cmdPDFText(ts *testscript.TestScript, neg bool, args []string) {
	if !requireTool(ts, "pdftotext (poppler-utils)", testtool.Present("pdftotext")) {
		ts.Fatalf("guard pdftext with [tool:pdftotext]")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", ts.MkAbs(args[0]), "-").CombinedOutput()
	if err != nil {
		ts.Fatalf("pdftotext %s: %v\n%s", args[0], err, out)
	}
	ts.Stdout().Write(out)
}

// cmdMkimage writes a test picture: mkimage FILE.png|FILE.jpg WIDTH HEIGHT.
func cmdMkimage(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: mkimage FILE WIDTH HEIGHT")
	}
	var w, h int
	fmt.Sscan(args[1], &w)
	fmt.Sscan(args[2], &h)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / max(1, w)), uint8(y * 255 / max(1, h)), 140, 255})
		}
	}
	p := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(path.Dir(p), 0o755))
	f, err := os.Create(p)
	ts.Check(err)
	defer f.Close()
	if strings.HasSuffix(p, ".png") {
		ts.Check(png.Encode(f, img))
	} else {
		ts.Check(jpeg.Encode(f, img, &jpeg.Options{Quality: 80}))
	}
}

// cmdMkhostile writes a hostile input: mkhostile KIND FILE [N].
//
//	bomb FILE N      a PNG header declaring N × N pixels, no pixel data
//	corrupt FILE     a JPEG header followed by garbage
//	deep FILE N      a Markdown article nesting N quotes and N lists
//	big FILE N       a Markdown article of about N megabytes
//	badutf8 FILE     a Markdown article with invalid UTF-8 in its body
func cmdMkhostile(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: mkhostile KIND FILE [N]")
	}
	n := 0
	if len(args) > 2 {
		fmt.Sscan(args[2], &n)
	}
	var b bytes.Buffer
	switch args[0] {
	case "bomb":
		b.WriteString("\x89PNG\r\n\x1a\n")
		ihdr := make([]byte, 13)
		binary.BigEndian.PutUint32(ihdr[0:], uint32(n))
		binary.BigEndian.PutUint32(ihdr[4:], uint32(n))
		ihdr[8], ihdr[9] = 8, 2
		binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
		chunk := append([]byte("IHDR"), ihdr...)
		b.Write(chunk)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	case "corrupt":
		b.WriteString("\xff\xd8\xff\xe0\x00\x10JFIF\x00garbage that is not a picture at all")
	case "deep":
		b.WriteString("---\ntitle: Deep\n---\n\n")
		b.WriteString(strings.Repeat(">", n) + " quoted\n\n")
		for i := 0; i < n; i++ {
			b.WriteString(strings.Repeat("  ", i) + "- item\n")
		}
	case "big":
		b.WriteString("---\ntitle: Big\n---\n\n")
		para := strings.Repeat("A sentence of a long article that goes on and on. ", 20) + "\n\n"
		for b.Len() < n<<20 {
			b.WriteString(para)
		}
	case "badutf8":
		b.WriteString("---\ntitle: Bad bytes\n---\n\nSome text \xff\xfe with bad bytes.\n")
	default:
		ts.Fatalf("unknown kind %q", args[0])
	}
	p := ts.MkAbs(args[1])
	ts.Check(os.MkdirAll(path.Dir(p), 0o755))
	ts.Check(os.WriteFile(p, b.Bytes(), 0o644))
}

// cmdMkfont writes a TrueType font (DejaVu Serif) for layouts that name a
// font file: mkfont FILE.
func cmdMkfont(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: mkfont FILE")
	}
	p := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(path.Dir(p), 0o755))
	ts.Check(os.WriteFile(p, dejavuserif.TTF, 0o644))
}
