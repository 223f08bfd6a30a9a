package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"html"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/offprint/offprint/internal/testtool"
)

// structNode is one line of `pdfinfo -struct-text`: a structure element
// with its children, or (text set) a piece of marked content.
type structNode struct {
	role   string
	inline bool     // a link, read on with the text around it
	text   []string // the element's marked content, piece by piece
	parent *structNode
	kids   []*structNode
	// seq is the element's content and children in order: a piece of
	// text, or nil for the next child
	seq []*string
}

// parseStructText reads `pdfinfo -struct-text` into a tree, by indent.
func parseStructText(out string) *structNode {
	root := &structNode{role: "(root)"}
	type level struct {
		indent int
		n      *structNode
	}
	stack := []level{{-1, root}}
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if trimmed == "" {
			continue
		}
		indent := len(line) - len(trimmed)
		for len(stack) > 1 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		top := stack[len(stack)-1].n
		if strings.HasPrefix(trimmed, `"`) {
			piece := strings.TrimSuffix(strings.TrimPrefix(trimmed, `"`), `"`)
			top.text = append(top.text, piece)
			top.seq = append(top.seq, &piece)
			continue
		}
		if strings.HasPrefix(trimmed, "Object ") {
			continue // an annotation the element refers to
		}
		role, _, _ := strings.Cut(trimmed, " ")
		n := &structNode{role: role, parent: top, inline: strings.HasSuffix(trimmed, "(inline)")}
		top.kids = append(top.kids, n)
		top.seq = append(top.seq, nil)
		stack = append(stack, level{indent, n})
	}
	return root
}

// all returns the elements of the tree with the role, in order.
func (n *structNode) all(role string) []*structNode {
	var out []*structNode
	for _, k := range n.kids {
		if k.role == role {
			out = append(out, k)
		}
		out = append(out, k.all(role)...)
	}
	return out
}

// words is the tree's text in structure order: an element's pieces read
// on (a word broken across lines is two pieces), elements are apart. The
// text a picture draws is left out.
func (n *structNode) words() []string {
	var b strings.Builder
	n.read(&b, false)
	return strings.Fields(b.String())
}

// flowWords is the tree's text without its figures: a figure stands at
// the top or foot of a column, beside the text, and may part the two
// pieces of a paragraph that reads on as one.
func (n *structNode) flowWords() []string {
	var b strings.Builder
	n.read(&b, true)
	return strings.Fields(b.String())
}

func (n *structNode) read(b *strings.Builder, noFigures bool) {
	if noFigures && n.role == "Figure" {
		return
	}
	if !n.inline {
		b.WriteByte(' ')
	}
	k := 0
	for _, piece := range n.seq {
		switch {
		case piece == nil:
			n.kids[k].read(b, noFigures)
			k++
		case n.role != "Figure": // a picture reads by its alternative text
			b.WriteString(*piece)
		}
	}
	if !n.inline {
		b.WriteByte(' ')
	}
}

func (n *structNode) textAll() string { return strings.Join(n.words(), " ") }

// TestTaggedPDF: the weekly sample's PDF is tagged; its structure holds
// every article as an Art with its title as H1, paragraphs, a figure with
// alternative text and a caption, and footnotes; the structure's text
// reads in the order of the page (as pdftotext reads it) and leaves out
// the running heads and folios.
func TestTaggedPDF(t *testing.T) {
	for _, tool := range []string{"pdfinfo", "pdftotext", "qpdf"} {
		if !testtool.Require(t, tool) {
			return
		}
	}
	out := t.TempDir()
	var stderr bytes.Buffer
	code := runEnv(context.Background(), []string{"build", "-q", "--layout", "magazine", "--format", "pdf", "../../samples/weekly", "-o", out}, env{&bytes.Buffer{}, &stderr, func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1577836800"
		}
		return ""
	}})
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(files) != 1 {
		t.Fatalf("built %v", files)
	}
	pdf := files[0]
	tool := func(name string, args ...string) string {
		t.Helper()
		b, err := exec.Command(name, args...).Output()
		if err != nil {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		return string(b)
	}
	if info := tool("pdfinfo", pdf); !strings.Contains(info, "Tagged:          yes") {
		t.Fatalf("pdfinfo does not report a tagged PDF:\n%s", info)
	}
	tree := parseStructText(tool("pdfinfo", "-struct-text", pdf))
	if len(tree.kids) != 1 || tree.kids[0].role != "Document" {
		t.Fatalf("the structure does not start with one Document: %v", tree.kids)
	}
	titles := []string{"The Harbour Wakes Before the Town", "Reading the Tide Tables", "A Lighthouse Keeper’s Last Log",
		"Letters to the Editor", "What the Saturday Market Sells", "Sourdough, Slowly"}
	arts := tree.all("Art")
	if len(arts) != len(titles) {
		t.Fatalf("%d articles tagged Art, want %d", len(arts), len(titles))
	}
	for i, a := range arts {
		if a.parent.role != "Part" {
			t.Errorf("article %d is in a %s, not a Part", i+1, a.parent.role)
		}
		if len(a.kids) == 0 || a.kids[0].role != "H1" || a.kids[0].textAll() != titles[i] {
			t.Errorf("article %d does not open with its title as H1: %+v", i+1, a.kids[0])
		}
		if len(a.all("P")) < 2 {
			t.Errorf("article %q has %d paragraphs tagged P", titles[i], len(a.all("P")))
		}
	}
	figs := tree.all("Figure")
	if len(figs) == 0 {
		t.Fatal("no Figure in the structure")
	}
	for _, f := range figs {
		if len(f.all("Caption")) != 1 {
			t.Errorf("a figure has %d captions", len(f.all("Caption")))
		}
	}
	notes := tree.all("Note")
	if len(notes) == 0 {
		t.Error("no footnote tagged Note")
	}
	for _, n := range notes {
		if !strings.HasPrefix(n.textAll(), "1.") && !strings.ContainsAny(n.textAll()[:1], "0123456789") {
			t.Errorf("a note does not start with its number: %q", n.textAll())
		}
	}

	// Every Figure has alternative text (pdfinfo does not show it).
	var doc struct {
		Qpdf []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(tool("qpdf", "--json=2", "--json-key=qpdf", pdf)), &doc); err != nil || len(doc.Qpdf) != 2 {
		t.Fatalf("reading qpdf's JSON: %v", err)
	}
	var objs map[string]struct {
		Value map[string]any `json:"value"`
	}
	if err := json.Unmarshal(doc.Qpdf[1], &objs); err != nil {
		t.Fatalf("reading qpdf's JSON: %v", err)
	}
	alts := 0
	{
		for _, o := range objs {
			if o.Value["/S"] == "/Figure" {
				alt, _ := o.Value["/Alt"].(string)
				if strings.TrimPrefix(alt, "u:") == "" {
					t.Errorf("a Figure without alternative text: %v", o.Value)
				}
				alts++
			}
		}
	}
	if alts != len(figs) {
		t.Errorf("%d figures with alternative text, %d figures", alts, len(figs))
	}

	// The articles read in page order: their words are, in order, the
	// pages' words read column by column, less what is not in them
	// (running heads, folios, the cover, contents and credits) and the
	// figures beside the text.
	page := readingOrder(t, tool("pdftotext", "-bbox-layout", pdf, "-"))
	var words []string
	for _, p := range tree.all("Part") {
		words = append(words, p.flowWords()...)
	}
	j := 0
	// a word broken across lines reads as one, without its hyphen; a
	// note's number reads with the word it follows
	is := func(j int, w string) bool {
		if page[j] == w {
			return true
		}
		if j+1 < len(page) && (strings.TrimSuffix(page[j], "-")+page[j+1] == w || page[j]+page[j+1] == w) {
			page[j] = w
			page = slices.Delete(page, j+1, j+2)
			return true
		}
		return false
	}
	for i, w := range words {
		for j < len(page) && !is(j, w) {
			j++
		}
		if j == len(page) {
			lo := max(i-8, 0)
			t.Fatalf("the structure's text leaves page order at word %d %q (after %q)", i, w, strings.Join(words[lo:i], " "))
		}
		j++
	}
	// Running heads and folios are not in it: an article's title is in
	// the articles once, its H1, however many running heads repeat it.
	body := ""
	for _, p := range tree.all("Part") {
		body += " " + p.textAll()
	}
	for _, title := range titles {
		if n := strings.Count(body, title); n != 1 {
			t.Errorf("%q is %d times in the structure", title, n)
		}
	}
	// (a table's cell or a note's reference may be a bare number)
	var folios func(n *structNode)
	folios = func(n *structNode) {
		for _, p := range n.text {
			if p = strings.TrimSpace(p); p != "" && strings.Trim(p, "0123456789") == "" && n.role != "TD" && n.role != "TH" && n.role != "Link" {
				t.Errorf("a bare number %q (a folio?) is in the structure, in a %s", p, n.role)
			}
		}
		for _, k := range n.kids {
			folios(k)
		}
	}
	folios(tree)
}

var (
	pageRE = regexp.MustCompile(`<page width="([0-9.]+)"`)
	lineRE = regexp.MustCompile(`<line xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">`)
	wordRE = regexp.MustCompile(`<word [^>]*>([^<]*)</word>`)
)

// readingOrder reads the words of pdftotext's -bbox-layout output as a
// reader of columns does: on each page, a line across the middle of the
// page (a headline, a caption across the columns, a single column's line)
// or a tall space with no text beside it (a picture across the columns)
// divides it into bands, and each band reads its left column top to
// bottom, then its right.
func readingOrder(t *testing.T, bbox string) []string {
	t.Helper()
	type line struct {
		x0, y, x1, y1 float64
		words         []string
	}
	var out []string
	pages := strings.Split(bbox, "<page ")
	for _, pg := range pages[1:] {
		m := pageRE.FindStringSubmatch("<page " + pg)
		if m == nil {
			t.Fatal("pdftotext -bbox-layout: a page without a width")
		}
		mid, _ := strconv.ParseFloat(m[1], 64)
		mid /= 2
		var lines []line
		for _, chunk := range strings.Split(pg, "</line>") {
			lm := lineRE.FindStringSubmatchIndex(chunk)
			if lm == nil {
				continue
			}
			f := func(i int) float64 {
				v, _ := strconv.ParseFloat(chunk[lm[2*i]:lm[2*i+1]], 64)
				return v
			}
			l := line{x0: f(1), y: f(2), x1: f(3), y1: f(4)}
			for _, w := range wordRE.FindAllStringSubmatch(chunk[lm[1]:], -1) {
				l.words = append(l.words, html.UnescapeString(w[1]))
			}
			lines = append(lines, l)
		}
		across := func(l line) bool { return l.x0 < mid-6 && l.x1 > mid+6 }
		col := func(l line) int {
			if l.x0 >= mid {
				return 1
			}
			return 0
		}
		slices.SortStableFunc(lines, func(a, b line) int { return cmp.Compare(a.y, b.y) })
		var band []line
		flush := func() {
			slices.SortStableFunc(band, func(a, b line) int {
				return cmp.Or(cmp.Compare(col(a), col(b)), cmp.Compare(a.y, b.y))
			})
			for _, l := range band {
				out = append(out, l.words...)
			}
			band = band[:0]
		}
		bottom := 0.0
		for _, l := range lines {
			// a picture across the page, or a space that ends the
			// columns above it, also divides the page
			if l.y-bottom > 24 {
				flush()
			}
			bottom = max(bottom, l.y1)
			if across(l) {
				flush()
				out = append(out, l.words...)
				continue
			}
			band = append(band, l)
		}
		flush()
	}
	return out
}
