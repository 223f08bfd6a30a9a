package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/offprint/offprint/internal/testtool"
)

// TestPrintPageNumbers builds samples whose EPUB carries the page numbers
// of the PDF made with it: the page list has an entry for every page of
// the PDF, and at a few pages picked at random, the first words after the
// EPUB's marker are the first words of the PDF's page.
func TestPrintPageNumbers(t *testing.T) {
	if !testtool.Require(t, "pdftotext") || !testtool.Require(t, "pdfinfo") {
		return
	}
	epubs := testtool.NewEPUBBatch(t)
	for _, sample := range []string{"weekly", "blog", "site"} {
		t.Run(sample, func(t *testing.T) {
			out := t.TempDir()
			var stderr bytes.Buffer
			if code := runEnv(context.Background(), []string{"build", "../../samples/" + sample, "-o", out}, env{&bytes.Buffer{}, &stderr, func(string) string { return "" }}); code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			eps, _ := filepath.Glob(filepath.Join(out, "*.epub"))
			pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
			if len(eps) != 1 || len(pdfs) != 1 {
				t.Fatalf("outputs: %v %v", eps, pdfs)
			}
			if err := epubs.Add(sample+": "+filepath.Base(eps[0]), eps[0]); err != nil {
				t.Fatal(err)
			}
			info, err := exec.Command("pdfinfo", pdfs[0]).Output()
			if err != nil {
				t.Fatal(err)
			}
			pages, _ := strconv.Atoi(regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(string(info))[1])

			book := readBook(t, eps[0])
			nav := book["EPUB/nav.xhtml"]
			i := strings.Index(nav, `epub:type="page-list"`)
			if i < 0 {
				t.Fatal("the nav has no page-list")
			}
			list := nav[i:]
			list = list[:strings.Index(list, "</nav>")]
			entries := regexp.MustCompile(`<a href="xhtml/([^"#]+)#([^"]+)">([^<]+)</a>`).FindAllStringSubmatch(list, -1)
			if len(entries) != pages {
				t.Fatalf("the page-list has %d entries, the PDF %d pages", len(entries), pages)
			}
			if opf := book["EPUB/package.opf"]; !strings.Contains(opf, `<meta property="schema:pageBreakSource">`+filepath.Base(pdfs[0])+`</meta>`) {
				t.Errorf("the package document names no page source:\n%s", opf)
			}
			// The pages that begin in an article, in their own words.
			var body [][]string
			for n, e := range entries {
				if e[3] != strconv.Itoa(n+1) {
					t.Errorf("entry %d is labelled %q", n+1, e[3])
				}
				if strings.HasPrefix(e[1], "a") && !strings.HasPrefix(e[1], "cover") {
					body = append(body, e)
				}
			}
			rng := rand.New(rand.NewPCG(14, 1))
			rng.Shuffle(len(body), func(i, j int) { body[i], body[j] = body[j], body[i] })
			for _, e := range body[:min(5, len(body))] {
				n, _ := strconv.Atoi(e[3])
				txt, err := exec.Command("pdftotext", "-f", e[3], "-l", e[3], pdfs[0], "-").Output()
				if err != nil {
					t.Fatal(err)
				}
				want := firstWords(string(txt), 3)
				page := book["EPUB/xhtml/"+e[1]]
				at := strings.Index(page, `id="`+e[2]+`"`)
				if at < 0 {
					t.Fatalf("page %d: no marker %s in %s", n, e[2], e[1])
				}
				after := page[at:]
				after = after[strings.Index(after, "</span>")+len("</span>"):]
				got := firstWords(markup.ReplaceAllString(after, " "), 3)
				if strings.HasPrefix(strings.TrimSpace(after), "<figure") {
					// A page that begins with a picture: the picture's
					// caption is near the top of the page (after the
					// words of a chart).
					if !strings.Contains(" "+strings.Join(firstWords(string(txt), 40), " ")+" ", " "+strings.Join(got, " ")+" ") {
						t.Errorf("page %d: the EPUB's marker is before a figure whose caption begins %q, not near the top of the PDF's page: %q", n, got, firstWords(string(txt), 40))
					}
					continue
				}
				if floated(page, want) {
					// The page begins with a picture the PDF moved past
					// the text around it; the EPUB keeps the picture where
					// the text has it, and the page's marker in order.
					continue
				}
				// The EPUB repeats the section's name over every article;
				// the PDF prints it over the first.
				noKicker := firstWords(markup.ReplaceAllString(kicker.ReplaceAllString(after, ""), " "), 3)
				if !pageBegins(string(txt), got) && !pageBegins(string(txt), noKicker) {
					t.Errorf("page %d: the EPUB's marker is before %q, the PDF's page begins %q", n, got, want)
				}
			}
		})
	}
}

// pageBegins reports whether the text of a PDF page begins with words,
// after its running head (the first line of a page that continues an
// article) and the number of a list item.
func pageBegins(page string, words []string) bool {
	cands := []string{page}
	if _, rest, ok := strings.Cut(strings.TrimSpace(page), "\n"); ok {
		cands = append(cands, rest)
	}
	for _, c := range cands {
		fw := firstWords(c, len(words)+1)
		if len(fw) > len(words) {
			if _, err := strconv.Atoi(fw[0]); err == nil && slicesEqual(fw[1:], words) {
				return true
			}
		}
		if slicesEqual(firstWords(c, len(words)), words) {
			return true
		}
	}
	return false
}

// floated reports whether words begin the caption of one of the page's
// figures.
func floated(page string, words []string) bool {
	for _, m := range caption.FindAllStringSubmatch(page, -1) {
		if slicesEqual(firstWords(markup.ReplaceAllString(m[1], " "), len(words)), words) {
			return true
		}
	}
	return false
}

var (
	caption = regexp.MustCompile(`<span class="caption">(.*?)</span>`)
	markup  = regexp.MustCompile(`<[^>]*>`)
	kicker  = regexp.MustCompile(`^\s*<header class="article">\s*<p class="kicker">[^<]*</p>`)
)

// firstWords is the first n words of s, lower case, letters and digits
// only.
func firstWords(s string, n int) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		w = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, w)
		if w != "" {
			out = append(out, w)
		}
		if len(out) == n {
			break
		}
	}
	return out
}

func slicesEqual(a, b []string) bool { return strings.Join(a, " ") == strings.Join(b, " ") }
