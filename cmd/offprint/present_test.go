package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/offprint/offprint/internal/testtool"
	"golang.org/x/net/html"
)

// TestSamplesSayTheSameInBoth builds every sample and checks that its PDF
// shows what its EPUB shows: the issue label and the date, every entry of
// the credits page with its fallbacks, and the same external links.
func TestSamplesSayTheSameInBoth(t *testing.T) {
	if !testtool.Require(t, "pdftotext") {
		t.Skip("pdftotext is not installed; the PDF's text cannot be read")
	}
	dirs, _ := filepath.Glob("../../samples/*/edition.*")
	if len(dirs) < 2 {
		t.Fatalf("found %d samples", len(dirs))
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1577836800")
	for _, ef := range dirs {
		dir := filepath.Dir(ef)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			// magazine: a layout with a cover, which carries the issue
			// and the date in print.
			if code := run(context.Background(), []string{"build", dir, "-o", out, "--layout", "magazine"}, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			epubs, _ := filepath.Glob(filepath.Join(out, "*.epub"))
			pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
			if len(epubs) != 1 || len(pdfs) != 1 {
				t.Fatalf("outputs: %v %v", epubs, pdfs)
			}
			book := readBook(t, epubs[0])
			text, err := exec.Command("pdftotext", "-enc", "UTF-8", pdfs[0], "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			printed := squeeze(string(text))

			var want []string
			title := parseXHTML(t, book["EPUB/xhtml/title.xhtml"])
			for _, class := range []string{"issue", "date"} {
				if s := textOf(find(title, "p", class)); s != "" {
					want = append(want, s)
				}
			}
			if len(want) == 0 {
				t.Errorf("the EPUB's title page shows neither an issue nor a date")
			}
			credits := parseXHTML(t, book["EPUB/xhtml/credits.xhtml"])
			entries := findAll(credits, "div", "entry")
			if len(entries) == 0 {
				t.Fatalf("the EPUB's credits page has no entries")
			}
			if intro := find(credits, "p", "intro"); intro != nil {
				want = append(want, textOf(intro))
			}
			for _, e := range entries {
				for _, p := range findAll(e, "p", "") {
					want = append(want, textOf(p))
				}
				for _, li := range findAll(e, "li", "") {
					want = append(want, textOf(li))
				}
			}
			for _, w := range want {
				if !strings.Contains(printed, squeeze(w)) {
					t.Errorf("the EPUB shows %q; the PDF does not", w)
				}
			}

			// The same external links, whichever page they are on.
			var inBook []string
			for name, data := range book {
				if strings.HasPrefix(name, "EPUB/xhtml/") {
					for _, a := range findAll(parseXHTML(t, data), "a", "") {
						if h := attr(a, "href"); strings.HasPrefix(h, "http") || strings.HasPrefix(h, "mailto:") {
							inBook = append(inBook, h)
						}
					}
				}
			}
			raw, _ := os.ReadFile(pdfs[0])
			var inPrint []string
			for _, m := range regexp.MustCompile(`/URI \(([^)]*)\)`).FindAllSubmatch(raw, -1) {
				inPrint = append(inPrint, string(m[1]))
			}
			slices.Sort(inBook)
			slices.Sort(inPrint)
			if !slices.Equal(slices.Compact(inBook), slices.Compact(inPrint)) {
				t.Errorf("external links differ:\nEPUB %q\nPDF  %q", inBook, inPrint)
			}
		})
	}
}

// squeeze drops what line breaking adds or changes: white space and
// hyphens.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\t', '\r', '\f', '\u00a0', '-', '\u00ad', '\u2010':
			return -1
		}
		return r
	}, s)
}

func readBook(t *testing.T, file string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

func parseXHTML(t *testing.T, s string) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// findAll returns the elements named tag under n that have class among
// their classes ("" for any).
func findAll(n *html.Node, tag, class string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag && (class == "" || slices.Contains(strings.Fields(attr(n, "class")), class)) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func find(n *html.Node, tag, class string) *html.Node {
	if all := findAll(n, tag, class); len(all) > 0 {
		return all[0]
	}
	return nil
}

func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}
