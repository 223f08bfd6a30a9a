package pdf

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/offprint/offprint/layouts"
)

// TestGrayPrinting renders the fixture (a colour JPEG, a transparent PNG,
// a GIF, an SVG chart and coloured headings) with color: gray: every
// picture is embedded grey, and the pages paint in grey operators only,
// text in pure black.
func TestGrayPrinting(t *testing.T) {
	l, err := layouts.Load("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Color = "gray"
	ed, fsys := fixture()
	r := renderWith(t, l, ed, fsys)
	needTool(t, "pdfimages")
	needTool(t, "qpdf")
	file := writeTemp(t, "gray.pdf", r.files[""])
	list := run(t, "pdfimages", "-list", file)
	rows := 0
	for _, line := range strings.Split(list, "\n")[2:] {
		f := strings.Fields(line)
		if len(f) < 6 || f[2] == "smask" {
			continue
		}
		rows++
		if f[5] != "gray" {
			t.Errorf("a picture is embedded in %s: %s", f[5], line)
		}
	}
	if rows < 3 {
		t.Fatalf("%d pictures listed, want the fixture's:\n%s", rows, list)
	}
	qdf := filepath.Join(t.TempDir(), "q.pdf")
	run(t, "qpdf", "--qdf", "--object-streams=disable", file, qdf)
	b, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?m)^[^\n]*\b(rg|RG|k|K)\n`).Find(b); m != nil {
		t.Errorf("a page paints in colour: %q", m)
	}
	// Text is set in black: every text object's colour is 0 g.
	for _, m := range regexp.MustCompile(`(?s)BT.*?ET`).FindAll(b, -1) {
		for _, g := range regexp.MustCompile(`([0-9.]+) g\b`).FindAllSubmatch(m, -1) {
			if v := string(g[1]); v != "0" && v != "0.000" {
				t.Fatalf("text in grey %s, want black: %.200q", v, m)
			}
		}
	}
	if !regexp.MustCompile(`\n0\.[0-9]*[1-9][0-9]* g\n`).Match(b) && !regexp.MustCompile(`\n0\.[0-9]*[1-9][0-9]* G\n`).Match(b) {
		t.Error("no grey rules or decorations at all")
	}
}
