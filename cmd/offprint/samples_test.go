package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/offprint/offprint/internal/testtool"
)

// TestSamplesBuild builds every edition under samples/ and validates what
// it makes (with -short, only the PDFs, cheaply: epubcheck needs a JVM).
func TestSamplesBuild(t *testing.T) {
	dirs, _ := filepath.Glob("../../samples/*/edition.*")
	if len(dirs) < 2 {
		t.Fatalf("found %d samples", len(dirs))
	}
	epubs := testtool.NewEPUBBatch(t)
	for _, ef := range dirs {
		dir := filepath.Dir(ef)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := runEnv(context.Background(), []string{"build", dir, "-o", out}, env{&stdout, &stderr, func(k string) string {
				if k == "SOURCE_DATE_EPOCH" {
					return "1577836800"
				}
				return ""
			}})
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			if strings.Contains(stderr.String(), "offprint: warning:") {
				t.Errorf("a sample should build without warnings:\n%s", stderr.String())
			}
			ep, _ := filepath.Glob(filepath.Join(out, "*.epub"))
			pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
			if len(ep) != 1 || len(pdfs) < 1 {
				t.Fatalf("outputs: %v %v", ep, pdfs)
			}
			if err := epubs.Add(filepath.Base(dir)+": "+filepath.Base(ep[0]), ep[0]); err != nil {
				t.Fatal(err)
			}
			for _, pdf := range pdfs {
				// Print-ready: every page names its trim and bleed.
				raw, _ := os.ReadFile(pdf)
				if pages := bytes.Count(raw, []byte("/Type /Page\n")); pages == 0 || bytes.Count(raw, []byte("/TrimBox [")) != pages || bytes.Count(raw, []byte("/BleedBox [")) != pages {
					t.Errorf("%s: %d pages, %d TrimBoxes, %d BleedBoxes", filepath.Base(pdf), pages, bytes.Count(raw, []byte("/TrimBox [")), bytes.Count(raw, []byte("/BleedBox [")))
				}
				if testtool.Require(t, "qpdf") {
					if res, err := exec.Command("qpdf", "--check", pdf).CombinedOutput(); err != nil {
						t.Errorf("qpdf --check %s: %v\n%s", filepath.Base(pdf), err, res)
					}
				}
				if testtool.Require(t, "pdffonts") {
					res, err := exec.Command("pdffonts", pdf).CombinedOutput()
					if err != nil {
						t.Fatalf("pdffonts: %v\n%s", err, res)
					}
					lines := strings.Split(strings.TrimSpace(string(res)), "\n")
					if len(lines) < 3 {
						t.Errorf("%s has no fonts:\n%s", filepath.Base(pdf), res)
					}
					for _, l := range lines[2:] {
						f := strings.Fields(l)
						if len(f) < 5 || f[len(f)-5] != "yes" {
							t.Errorf("%s: font not embedded: %s", filepath.Base(pdf), l)
						}
					}
				}
			}
		})
	}
}

// TestSamplesInEveryLayout builds every sample's PDF with every built-in
// layout: each builds without warnings, and qpdf finds the files sound.
func TestSamplesInEveryLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every sample four times; TestSamplesBuild covers each sample with -short")
	}
	dirs, _ := filepath.Glob("../../samples/*/edition.*")
	for _, ef := range dirs {
		dir := filepath.Dir(ef)
		for _, layout := range []string{"ereader", "magazine", "handout", "booklet"} {
			t.Run(filepath.Base(dir)+"/"+layout, func(t *testing.T) {
				t.Parallel()
				out := t.TempDir()
				var stderr bytes.Buffer
				code := runEnv(context.Background(), []string{"build", "--format", "pdf", "--layout", layout, dir, "-o", out}, env{&bytes.Buffer{}, &stderr, func(string) string { return "" }})
				if code != 0 {
					t.Fatalf("exit %d\n%s", code, stderr.String())
				}
				if strings.Contains(stderr.String(), "offprint: warning:") {
					t.Errorf("warnings:\n%s", stderr.String())
				}
				pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
				if want := map[bool]int{true: 2, false: 1}[layout == "booklet"]; len(pdfs) != want {
					t.Fatalf("made %v, want %d PDF files", pdfs, want)
				}
				if testtool.Require(t, "qpdf") {
					for _, pdf := range pdfs {
						if res, err := exec.Command("qpdf", "--check", pdf).CombinedOutput(); err != nil {
							t.Errorf("qpdf --check %s: %v\n%s", filepath.Base(pdf), err, res)
						}
					}
				}
			})
		}
	}
}
