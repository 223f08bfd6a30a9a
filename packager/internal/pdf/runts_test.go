package pdf

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// economyEdition is a corpus like a week of saved articles: articles of
// uneven length, most with a photograph (3:2, at two sizes), some with
// subheadings, one with a panorama.
func economyEdition(n int) (*model.Edition, fstest.MapFS) {
	fsys := fstest.MapFS{}
	big, small, pano := jpegBytes(1600, 1067), jpegBytes(1200, 800), jpegBytes(2400, 900)
	ed := &model.Edition{Title: "Economy", Slug: "economy", Modified: time.Unix(0, 0).UTC()}
	sec := &model.Section{Title: "News"}
	fig := 0
	for a := range n {
		var blocks []model.Block
		paras := 2 + (a*7)%13
		for p := range paras {
			blocks = append(blocks, para(text(lorem(30+(a*13+p*29)%110))))
			if p == 1 && a%5 != 4 {
				fig++
				path, w, h, data := fmt.Sprintf("images/%d.jpg", a), 1600, 1067, big
				switch {
				case a%3 == 2:
					w, h, data = 1200, 800, small
				case a == 7:
					w, h, data = 2400, 900, pano
				}
				fsys[path] = &fstest.MapFile{Data: withComment(data, path)}
				blocks = append(blocks, &model.Figure{Image: img(path, "jpeg", w, h),
					Caption: []model.Span{text(fmt.Sprintf("Figure %d: %s", fig, lorem(12)))}, Credit: "Credit: Agency"})
			}
			if p == 4 {
				blocks = append(blocks, &model.Heading{Level: 2, Spans: []model.Span{text("Further along")}})
			}
		}
		sec.Articles = append(sec.Articles, &model.Article{Title: fmt.Sprintf("Report %d on the harbour", a+1),
			Attribution: model.Attribution{Authors: []string{"A. Writer"}, License: "CC BY 4.0"}, Blocks: blocks,
			Closing: []model.Span{text("First published by the Harbour Gazette.")}})
		if a == n/2 {
			ed.Sections = append(ed.Sections, sec)
			sec = &model.Section{Title: "Features"}
		}
	}
	ed.Sections = append(ed.Sections, sec)
	return ed, fsys
}

// TestPageEconomy checks, from the text positions in the PDF, that no
// article ends on a page holding fewer than six of its lines, that no
// page is blank but an intended verso, and that no caption is on another
// page than its picture; in every built-in layout. OFFPRINT_CHECK_PDFS
// (a list of files) checks other PDFs by the same rules.
func TestPageEconomy(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfimages")
	n := 24
	if testing.Short() {
		n = 6
	}
	ed, fsys := economyEdition(n)
	for _, name := range []string{"magazine", "handout", "booklet", "ereader"} {
		t.Run(name, func(t *testing.T) {
			l, err := layouts.Load(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := renderWith(t, l, ed, fsys)
			data := r.files[""]
			if b, ok := r.files["-pages"]; ok {
				data = b // the logical pages of an imposed booklet
			}
			file := writeTemp(t, name+".pdf", data)
			for _, p := range economyProblems(t, file) {
				t.Error(p)
			}
		})
	}
	for _, f := range filepath.SplitList(os.Getenv("OFFPRINT_CHECK_PDFS")) {
		if f == "" {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			for _, p := range economyProblems(t, f) {
				t.Error(p)
			}
		})
	}
}

type bboxDoc struct {
	Pages []struct {
		W     float64 `xml:"width,attr"`
		H     float64 `xml:"height,attr"`
		Lines []struct {
			X0    float64  `xml:"xMin,attr"`
			Y0    float64  `xml:"yMin,attr"`
			X1    float64  `xml:"xMax,attr"`
			Y1    float64  `xml:"yMax,attr"`
			Words []string `xml:"word"`
		} `xml:"flow>block>line"`
	} `xml:"body>doc>page"`
}

type textLine struct {
	page       int // 1-based
	x0, y0, y1 float64
	text       string
	title      bool
}

// runtLinesChecked is the fewest lines of an article its last page may
// hold.
const runtLinesChecked = 6

var figureCaption = regexp.MustCompile(`^Figure \d+:`)

// economyProblems reads a PDF's lines with pdftotext -bbox-layout and its
// pictures with pdfimages -list, and describes each breach of the rules.
func economyProblems(t *testing.T, file string) []string {
	t.Helper()
	var doc bboxDoc
	if err := xml.Unmarshal([]byte(run(t, "pdftotext", "-bbox-layout", file, "-")), &doc); err != nil {
		t.Fatalf("pdftotext -bbox-layout %s: %v", file, err)
	}
	images := map[int]int{}
	for _, ln := range strings.Split(run(t, "pdfimages", "-list", file), "\n")[2:] {
		if f := strings.Fields(ln); len(f) > 2 && f[2] == "image" {
			p, _ := strconv.Atoi(f[0])
			images[p]++
		}
	}
	var lines []textLine
	var heights []float64
	for pi, pg := range doc.Pages {
		for _, l := range pg.Lines {
			// Running heads and folios lie in the margins.
			if l.Y1 < pg.H*0.06 || l.Y0 > pg.H*0.94 {
				continue
			}
			lines = append(lines, textLine{page: pi + 1, x0: l.X0, y0: l.Y0, y1: l.Y1, text: strings.Join(l.Words, " ")})
			heights = append(heights, l.Y1-l.Y0)
		}
	}
	if len(lines) == 0 {
		return []string{"no text found"}
	}
	slices.Sort(heights)
	body := heights[len(heights)/2]
	for i := range lines {
		lines[i].title = lines[i].y1-lines[i].y0 > body*1.8
	}
	// An article runs from its title to the next title.
	type segment struct {
		title      string
		from, to   int // indexes in lines
		first, end int // pages
	}
	var segs []segment
	for i, l := range lines {
		if l.title && (i == 0 || !lines[i-1].title || lines[i-1].page != l.page) {
			from := i
			// A section's kicker just above the title opens the article too.
			if p := lines[max(i-1, 0)]; i > 0 && p.page == l.page && l.y0-p.y1 < body && strings.ToUpper(p.text) == p.text {
				from = i - 1
			}
			segs = append(segs, segment{title: l.text, from: from, first: l.page})
		}
	}
	for i := range segs {
		segs[i].to = len(lines) - 1
		if i+1 < len(segs) {
			segs[i].to = segs[i+1].from - 1
		}
		segs[i].end = lines[segs[i].to].page
	}
	var out []string
	for _, s := range segs {
		if s.first == 1 || s.end == s.first || s.title == "Contents" || s.title == "Sources and credits" {
			continue
		}
		total := s.to - s.from + 1
		last := 0
		for _, l := range lines[s.from : s.to+1] {
			if l.page == s.end {
				last++
				if figureCaption.MatchString(l.text) && images[l.page] > 0 {
					last += runtLinesChecked // a picture is taller than the rule's lines
				}
			}
		}
		if last < runtLinesChecked && total >= runtLinesChecked {
			out = append(out, fmt.Sprintf("%s: %q ends on page %d with %d of its lines", filepath.Base(file), s.title, s.end, last))
		}
	}
	// Blank pages: only a verso (an even page) may be, or the pages that
	// pad a booklet at its end.
	text := map[int]bool{}
	for _, l := range lines {
		text[l.page] = true
	}
	lastContent := 0
	for p := 1; p <= len(doc.Pages); p++ {
		if text[p] || images[p] > 0 {
			lastContent = p
		}
	}
	for p := 1; p <= lastContent; p++ {
		if !text[p] && images[p] == 0 && p%2 == 1 {
			out = append(out, fmt.Sprintf("%s: page %d is blank", filepath.Base(file), p))
		}
	}
	// A caption is on the page of its picture.
	for _, l := range lines {
		if figureCaption.MatchString(l.text) && images[l.page] == 0 {
			out = append(out, fmt.Sprintf("%s: caption %q on page %d, which has no picture", filepath.Base(file), l.text, l.page))
		}
	}
	return out
}
