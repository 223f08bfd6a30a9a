package pdf

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/offprint/offprint/internal/testtool"
)

// needTool finds a command-line tool, skipping the test without it (or
// failing when OFFPRINT_REQUIRE_TOOLS=1).
func needTool(t *testing.T, name string) string {
	t.Helper()
	if !testtool.Require(t, name) {
		t.SkipNow()
	}
	p, _ := exec.LookPath(name)
	return p
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String()
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type outlineEntry struct {
	Title string         `json:"title"`
	Page  int            `json:"destpageposfrom1"`
	Kids  []outlineEntry `json:"kids"`
}

func outline(t *testing.T, file string) map[string]int {
	t.Helper()
	var doc struct {
		Outlines []outlineEntry `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json", "--json-key=outlines", file)), &doc); err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	var walk func([]outlineEntry)
	walk = func(es []outlineEntry) {
		for _, e := range es {
			m[e.Title] = e.Page
			walk(e.Kids)
		}
	}
	walk(doc.Outlines)
	return m
}

var spaces = regexp.MustCompile(`\s+`)

func normalize(s string) string { return spaces.ReplaceAllString(s, " ") }

// checkPDF runs the quality bars over a PDF in reading order.
func checkPDF(t *testing.T, file string, withTOC bool) {
	t.Helper()
	out := run(t, "qpdf", "--check", file)
	if !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	fonts := run(t, "pdffonts", file)
	lines := strings.Split(strings.TrimSpace(fonts), "\n")
	if len(lines) < 3 {
		t.Errorf("pdffonts lists no fonts:\n%s", fonts)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type [type…] encoding emb sub uni object ID
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
	txt := normalize(run(t, "pdftotext", "-enc", "UTF-8", file, "-"))
	var want []string
	want = append(want, fixtureTitles...)
	want = append(want, fixtureCaptions...)
	want = append(want, fixtureCredits...)
	want = append(want, fixtureAuthors...)
	want = append(want, fixtureURLs...)
	want = append(want, fixtureLicences...)
	want = append(want, "Sources and credits", "€3.50", "жизнь", "αβγ", "“quiet”")
	for _, w := range want {
		if !strings.Contains(txt, w) {
			t.Errorf("text layer lacks %q", w)
		}
	}

	// The contents' page numbers are the outline's targets.
	ol := outline(t, file)
	toc, ok := ol["Contents"]
	if !ok && withTOC {
		t.Fatalf("outline has no Contents entry: %v", ol)
	}
	first := 1 << 30
	for _, title := range fixtureTitles {
		p, ok := ol[title]
		if !ok {
			t.Errorf("outline lacks %q", title)
			continue
		}
		first = min(first, p)
	}
	if _, ok := ol["Sources and credits"]; !ok {
		t.Errorf("outline lacks the credits")
	}
	if !withTOC {
		return
	}
	tocText := run(t, "pdftotext", "-layout", "-enc", "UTF-8", "-f", strconv.Itoa(toc), "-l", strconv.Itoa(max(first-1, toc)), file, "-")
	num := regexp.MustCompile(`^\s*(\d+)`)
	for _, title := range fixtureTitles {
		found := false
		for _, line := range strings.Split(tocText, "\n") {
			i := strings.Index(line, title)
			if i < 0 {
				continue
			}
			m := num.FindStringSubmatch(line[i+len(title):])
			if m == nil {
				continue
			}
			found = true
			if n, _ := strconv.Atoi(m[1]); n != ol[title] {
				t.Errorf("contents print page %d for %q, the outline points to %d", n, title, ol[title])
			}
		}
		if !found {
			t.Errorf("contents have no page number for %q:\n%s", title, tocText)
		}
	}
}

type box struct{ x0, y0, x1, y1 float64 }

func boxes(t *testing.T, file string) (map[string]box, int) {
	t.Helper()
	out := run(t, "pdfinfo", "-box", file)
	m := map[string]box{}
	pages := 0
	for _, l := range strings.Split(out, "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		if k == "Pages" {
			pages, _ = strconv.Atoi(strings.TrimSpace(v))
			continue
		}
		if !strings.HasSuffix(k, "Box") {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 4 {
			continue
		}
		var b [4]float64
		for i := range f {
			b[i], _ = strconv.ParseFloat(f[i], 64)
		}
		m[k] = box{b[0], b[1], b[2], b[3]}
	}
	return m, pages
}

func near(a, b float64) bool { return a-b < 0.2 && b-a < 0.2 }

func TestQualityBars(t *testing.T) {
	for _, tool := range []string{"qpdf", "pdffonts", "pdftotext", "pdfinfo"} {
		needTool(t, tool)
	}
	const mm = 72 / 25.4
	for _, name := range []string{"ereader", "magazine", "handout", "booklet"} {
		t.Run(name, func(t *testing.T) {
			r := renderFixture(t, name)
			main := writeTemp(t, name+".pdf", r.files[""])
			reading := main
			if name == "booklet" {
				if r.files["-pages"] == nil {
					t.Fatal("booklet wrote no -pages file")
				}
				reading = writeTemp(t, name+"-pages.pdf", r.files["-pages"])
				run(t, "qpdf", "--check", main)
			}
			checkPDF(t, reading, name != "handout")
			bx, pages := boxes(t, main)
			switch name {
			case "magazine":
				w, h := 210*mm+6*mm, 297*mm+6*mm
				if mb := bx["MediaBox"]; !near(mb.x1-mb.x0, w) || !near(mb.y1-mb.y0, h) {
					t.Errorf("MediaBox %v, want %.2f × %.2f (A4 + 3 mm bleed)", mb, w, h)
				}
				if tb := bx["TrimBox"]; !near(tb.x0, 3*mm) || !near(tb.x1-tb.x0, 210*mm) || !near(tb.y1-tb.y0, 297*mm) {
					t.Errorf("TrimBox %v, want A4 inset by 3 mm", tb)
				}
				if bb, mb := bx["BleedBox"], bx["MediaBox"]; bb != mb {
					t.Errorf("BleedBox %v, want the MediaBox %v", bb, mb)
				}
			case "booklet":
				if mb := bx["MediaBox"]; !near(mb.x1-mb.x0, 297*mm) || !near(mb.y1-mb.y0, 210*mm) {
					t.Errorf("sheet MediaBox %v, want A4 landscape", mb)
				}
				_, rp := boxes(t, reading)
				if rp%4 != 0 || rp != r.pages {
					t.Errorf("booklet has %d pages (report %d), want a multiple of four", rp, r.pages)
				}
				if pages*2 != rp {
					t.Errorf("%d sheets sides for %d pages, want %d", pages, rp, rp/2)
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, name := range []string{"magazine", "booklet"} {
		a, b := renderFixture(t, name), render(t, name)
		for k := range a.files {
			if !bytes.Equal(a.files[k], b.files[k]) {
				t.Errorf("%s%s: two renders differ", name, k)
			}
		}
	}
}
