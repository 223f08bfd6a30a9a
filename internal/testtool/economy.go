package testtool

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// RuntLines is the fewest lines of an article the page it ends on may
// hold.
const RuntLines = 6

// EconomyOptions tells PageEconomy what a PDF is known to hold. Every
// field may be empty: the titles are then found by their size alone, and
// only what the pages show is checked.
type EconomyOptions struct {
	// Titles are the articles' titles. When given, an article opens at
	// lines a quarter taller than the body's that spell one of them; a
	// large line that spells none (a section's title, "Contents") opens
	// no article, and a title not found is a problem.
	Titles []string
	// Captions are the captions of figures drawn as pictures: each must
	// lie directly under a picture.
	Captions []string
	// DrawnCaptions are the captions of figures drawn as lines and
	// shapes (SVG), which the PDF holds as no picture: each must have ink
	// other than text just above it on its page.
	DrawnCaptions []string
	// References pair a text that refers to a figure with the figure's
	// caption: they must lie at most one page apart.
	References []EconomyReference
	// Booklet allows the blank pages that pad a booklet at its end.
	Booklet bool
}

// EconomyReference is a text that refers to a figure ("(Figure 3).")
// and the figure's caption.
type EconomyReference struct {
	Text    string
	Caption string
}

// EconomyPage is one page as PageEconomy reads it: its text lines (not
// running heads and folios) and its pictures, in points from the top
// left corner.
type EconomyPage struct {
	Width, Height float64
	Lines         []EconomyLine
	Pictures      []EconomyBox
}

// EconomyLine is a line of text as pdftotext finds it.
type EconomyLine struct {
	EconomyBox
	Text string
}

// EconomyBox is a rectangle on a page.
type EconomyBox struct {
	X0, Y0, X1, Y1 float64
}

// ReadPages reads a PDF's text lines with pdftotext -bbox-layout and its
// pictures with pdftohtml -xml, leaving out the lines in the top and
// bottom margins (running heads and folios).
func ReadPages(file string) ([]EconomyPage, error) {
	// The two tools take as long as each other on a long PDF.
	type result struct {
		pics map[int][]EconomyBox
		err  error
	}
	picsDone := make(chan result, 1)
	go func() {
		pics, err := readPictures(file)
		picsDone <- result{pics, err}
	}()
	out, err := exec.Command("pdftotext", "-bbox-layout", file, "-").Output()
	r := <-picsDone
	if err != nil {
		return nil, fmt.Errorf("pdftotext -bbox-layout %s: %w", file, err)
	}
	if r.err != nil {
		return nil, r.err
	}
	pics := r.pics
	var doc struct {
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
	if err := xml.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("pdftotext -bbox-layout %s: %w", file, err)
	}
	pages := make([]EconomyPage, len(doc.Pages))
	for i, pg := range doc.Pages {
		p := &pages[i]
		p.Width, p.Height = pg.W, pg.H
		for _, l := range pg.Lines {
			if l.Y1 < pg.H*0.06 || l.Y0 > pg.H*0.94 {
				continue
			}
			p.Lines = append(p.Lines, EconomyLine{EconomyBox{l.X0, l.Y0, l.X1, l.Y1}, strings.Join(l.Words, " ")})
		}
		for _, b := range pics[i+1] {
			// Rules and ornaments drawn as pictures are no figures.
			if b.X1-b.X0 >= 12 && b.Y1-b.Y0 >= 12 {
				p.Pictures = append(p.Pictures, b)
			}
		}
	}
	return pages, nil
}

// readPictures returns the boxes of each page's pictures (by page
// number), from pdftohtml -xml at zoom 1, whose coordinates are
// pdftotext's: points from the top left corner.
func readPictures(file string) (map[int][]EconomyBox, error) {
	dir, err := os.MkdirTemp("", "offprint-economy-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	base := filepath.Join(dir, "p")
	if out, err := exec.Command("pdftohtml", "-xml", "-zoom", "1", "-q", "-nodrm", file, base).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftohtml -xml %s: %w: %s", file, err, out)
	}
	data, err := os.ReadFile(base + ".xml")
	if err != nil {
		return nil, err
	}
	var doc struct {
		Pages []struct {
			Number int `xml:"number,attr"`
			Images []struct {
				Top    float64 `xml:"top,attr"`
				Left   float64 `xml:"left,attr"`
				Width  float64 `xml:"width,attr"`
				Height float64 `xml:"height,attr"`
			} `xml:"image"`
		} `xml:"page"`
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("pdftohtml -xml %s: %w", file, err)
	}
	pics := map[int][]EconomyBox{}
	for _, p := range doc.Pages {
		for _, im := range p.Images {
			pics[p.Number] = append(pics[p.Number], EconomyBox{im.Left, im.Top, im.Left + im.Width, im.Top + im.Height})
		}
	}
	return pics, nil
}

// PageEconomy checks a PDF by the positions of its text and pictures,
// and describes each breach of these rules:
//
//   - no article ends on a page that holds fewer than RuntLines of its
//     lines, a picture of the article on that page counting as the body
//     lines its height takes, and at least one of them a line of its
//     text (not a caption), unless the whole article is shorter; the
//     cover, "Contents" and "Sources and credits" are no articles;
//   - no page is blank (no text, no picture) but an even page, or the
//     pages that pad a booklet at its end;
//   - every picture but a cover's has its caption directly under it:
//     the next line below it, overlapping it, within one and a half body
//     lines; every known caption lies directly under a picture (or, when
//     drawn, under ink that is not text);
//   - a figure's caption lies at most one page from the text that refers
//     to it.
//
// Articles run from one title (a line half as tall again as the body's,
// or a known title) to the next, in pdftotext's reading order.
func PageEconomy(file string, opts EconomyOptions) ([]string, error) {
	pages, err := ReadPages(file)
	if err != nil {
		return nil, err
	}
	ink := func(page int, band EconomyBox) (int, error) { return inkOutsideText(file, pages[page-1], page, band) }
	return checkEconomy(filepath.Base(file), pages, ink, opts)
}

// ecLine is a line with what checkEconomy learns of it.
type ecLine struct {
	EconomyLine
	page    int // 1-based
	title   bool
	caption bool // under a picture, or its credit
}

// checkEconomy is PageEconomy over pages already read; name names the
// file in messages, and ink counts the rows of dots in a box of a page
// that hold ink outside its text.
func checkEconomy(name string, pages []EconomyPage, ink func(page int, box EconomyBox) (int, error), opts EconomyOptions) ([]string, error) {
	var out []string
	problem := func(format string, args ...any) { out = append(out, name+": "+fmt.Sprintf(format, args...)) }
	var lines []*ecLine
	var heights []float64
	for pi, pg := range pages {
		for _, l := range pg.Lines {
			lines = append(lines, &ecLine{EconomyLine: l, page: pi + 1})
			heights = append(heights, l.Y1-l.Y0)
		}
	}
	if len(lines) == 0 {
		return []string{name + ": no text found"}, nil
	}
	body := mode(heights)
	pitch := linePitch(lines, body)
	top := math.Inf(1) // the top of the text area
	for _, l := range lines {
		top = min(top, l.Y0)
	}

	// Captions: the lines directly under each picture.
	type picture struct {
		EconomyBox
		page    int
		caption *ecLine // its first line; nil when none
	}
	var pics []*picture
	for pi, pg := range pages {
		for _, b := range pg.Pictures {
			p := &picture{EconomyBox: b, page: pi + 1}
			p.caption = captionUnder(lines, p.page, b, pitch)
			pics = append(pics, p)
		}
	}
	for _, p := range pics {
		if p.caption == nil {
			continue
		}
		markCaption(lines, p.caption, p.EconomyBox, body, pitch)
	}

	// Titles, and the articles they open: lines half as tall again as the
	// body's, or, when the titles are known, taller lines that spell one.
	known := map[string]bool{}
	for _, t := range opts.Titles {
		known[squeeze(t)] = true
	}
	isPrefix := func(s string) bool {
		for t := range known {
			if strings.HasPrefix(t, s) {
				return true
			}
		}
		return false
	}
	found := map[string]bool{}
	type segment struct {
		title      string
		article    bool
		from, to   int // indexes in lines
		first, end int // pages
	}
	var segs []segment
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		h := l.Y1 - l.Y0
		big := h > body*1.5
		if !big && !(len(known) > 0 && h > body*1.25 && isPrefix(squeeze(l.Text))) {
			continue
		}
		from, title := i, l.Text
		for i+1 < len(lines) && lines[i+1].page == l.page && lines[i+1].Y1-lines[i+1].Y0 > body*1.25 {
			next := title + " " + lines[i+1].Text
			if len(known) > 0 && !isPrefix(squeeze(next)) {
				break
			}
			i++
			title = next
		}
		for _, t := range lines[from : i+1] {
			t.title = true
		}
		// A section's kicker just above the title opens the article too.
		if p := lines[max(from-1, 0)]; from > 0 && p.page == l.page && l.Y0-p.Y1 < body && strings.ToUpper(p.Text) == p.Text {
			from--
		}
		s := segment{title: title, from: from, first: l.page, article: true}
		switch {
		case len(known) > 0:
			s.article = known[squeeze(title)]
			found[squeeze(title)] = s.article
		case title == "Contents" || title == "Sources and credits" || l.page == 1:
			s.article = false
		}
		segs = append(segs, s)
	}
	for _, t := range opts.Titles {
		if !found[squeeze(t)] {
			problem("title %q not found", t)
		}
	}
	for i := range segs {
		segs[i].to = len(lines) - 1
		if i+1 < len(segs) {
			segs[i].to = segs[i+1].from - 1
		}
		segs[i].end = lines[segs[i].to].page
	}

	// Runts.
	for _, s := range segs {
		if !s.article || s.end == s.first || s.to-s.from+1 < RuntLines {
			continue
		}
		last, text, drawn := 0, 0, 0
		mine := map[*ecLine]bool{}
		for _, l := range lines[s.from : s.to+1] {
			mine[l] = true
			if l.page == s.end {
				last++
				if !l.caption {
					text++
				}
			}
		}
		for _, p := range pics {
			if p.page == s.end && p.caption != nil && mine[p.caption] {
				drawn += int((p.Y1 - p.Y0) / pitch)
			}
		}
		switch {
		case text == 0:
			textPage := s.first
			for _, l := range lines[s.from : s.to+1] {
				if !l.caption && !l.title {
					textPage = l.page
				}
			}
			problem("%q ends on page %d with only a picture and its caption, after its text ends on page %d", s.title, s.end, textPage)
		case last+drawn < RuntLines:
			problem("%q ends on page %d with %d of its lines", s.title, s.end, last+drawn)
		}
	}

	// Blank pages.
	lastContent := 0
	for i, pg := range pages {
		if len(pg.Lines) > 0 || len(pg.Pictures) > 0 {
			lastContent = i + 1
		}
	}
	for i, pg := range pages {
		p := i + 1
		if len(pg.Lines) > 0 || len(pg.Pictures) > 0 || p%2 == 0 || (opts.Booklet && p > lastContent) {
			continue
		}
		problem("page %d is blank", p)
	}

	// Pictures and their captions; a cover's picture has none.
	cover := len(pages) > 0
	for _, s := range segs {
		if s.article && s.first == 1 {
			cover = false
		}
	}
	for _, p := range pics {
		if p.caption == nil && !(cover && p.page == 1) {
			problem("the picture on page %d at %.0f,%.0f (%.0f × %.0f pt) has no caption under it", p.page, p.X0, p.Y0, p.X1-p.X0, p.Y1-p.Y0)
		}
	}
	idx := newTextIndex(lines)
	for _, c := range opts.Captions {
		l := idx.find(c)
		switch {
		case l == nil:
			problem("caption %q not found", c)
		case !slices.ContainsFunc(pics, func(p *picture) bool { return p.caption == l }):
			problem("caption %q on page %d has no picture right above it", c, l.page)
		}
	}
	for _, c := range opts.DrawnCaptions {
		l := idx.find(c)
		if l == nil {
			problem("caption %q not found", c)
			continue
		}
		// A drawing's labels are text: what shows it is ink outside the
		// text, just above the caption.
		band := EconomyBox{l.X0, max(l.Y0-5*pitch, top-pitch), l.X1, l.Y0 - 1}
		rows, err := ink(l.page, band)
		if err != nil {
			return nil, err
		}
		if rows < 4 {
			problem("caption %q on page %d has no drawing right above it", c, l.page)
		}
	}

	// References.
	for _, r := range opts.References {
		ref, cap := idx.find(r.Text), idx.find(r.Caption)
		if ref == nil || cap == nil {
			problem("reference %q or caption %q not found", r.Text, r.Caption)
			continue
		}
		if d := cap.page - ref.page; d > 1 || d < -1 {
			problem("caption %q is on page %d, %d pages from its reference on page %d", r.Caption, cap.page, d, ref.page)
		}
	}
	return out, nil
}

// mode returns the most frequent of values rounded to a tenth.
func mode(values []float64) float64 {
	n := map[float64]int{}
	best := 0.0
	for _, v := range values {
		r := math.Round(v*10) / 10
		n[r]++
		if n[r] > n[best] || (n[r] == n[best] && r < best) {
			best = r
		}
	}
	return best
}

// linePitch is the median distance between the tops of consecutive
// lines of body text in one column; body when there are none.
func linePitch(lines []*ecLine, body float64) float64 {
	var d []float64
	for i := 1; i < len(lines); i++ {
		a, b := lines[i-1], lines[i]
		if a.page == b.page && math.Abs(a.X0-b.X0) < 1 && math.Abs((a.Y1-a.Y0)-body) < 0.5 && math.Abs((b.Y1-b.Y0)-body) < 0.5 {
			if g := b.Y0 - a.Y0; g > body*0.9 && g < body*2 {
				d = append(d, g)
			}
		}
	}
	if len(d) == 0 {
		return body
	}
	slices.Sort(d)
	return d[len(d)/2]
}

// captionUnder returns the first line under a picture: the line nearest
// below its bottom that overlaps it across, when its top is within one
// and a half lines of the bottom.
func captionUnder(lines []*ecLine, page int, b EconomyBox, pitch float64) *ecLine {
	var best *ecLine
	for _, l := range lines {
		if l.page != page || l.Y0 < b.Y1-2 || l.X1 <= b.X0 || l.X0 >= b.X1 {
			continue
		}
		if best == nil || l.Y0 < best.Y0 || (l.Y0 == best.Y0 && l.X0 < best.X0) {
			best = l
		}
	}
	if best == nil || best.Y0-b.Y1 > 1.5*pitch {
		return nil
	}
	return best
}

// markCaption marks a caption's lines: its first, the lines of its size,
// smaller than the body's, that follow it closely under the picture, and
// the lines beside them (a credit set on the caption's last line or just
// under it).
func markCaption(lines []*ecLine, first *ecLine, b EconomyBox, body, pitch float64) {
	first.caption = true
	h := first.Y1 - first.Y0
	bottom := first.Y1
	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			if l.caption || l.page != first.page || l.X1 <= b.X0 || l.X0 >= b.X1 {
				continue
			}
			beside := l.Y0 < bottom-1
			if l.Y0 >= first.Y0-1 && l.Y0 < bottom+0.5*pitch && l.Y1-l.Y0 < h+0.5 && (beside || l.Y1-l.Y0 < body*0.95) {
				l.caption = true
				bottom = max(bottom, l.Y1)
				changed = true
			}
		}
	}
}

// squeeze returns text without spaces, hyphens and soft hyphens, in
// lower case: text found across line breaks compares equal.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '\u00ad' || r == '‐' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// textIndex finds texts in a PDF's lines, across line and page breaks.
type textIndex struct {
	text string    // the lines squeezed, one after another
	at   []int     // the offset in text where each line starts
	of   []*ecLine // the lines
}

func newTextIndex(lines []*ecLine) *textIndex {
	x := &textIndex{of: lines}
	var b strings.Builder
	for _, l := range lines {
		x.at = append(x.at, b.Len())
		b.WriteString(squeeze(l.Text))
	}
	x.text = b.String()
	return x
}

// find returns the line a text starts on, or nil.
func (x *textIndex) find(s string) *ecLine {
	i := strings.Index(x.text, squeeze(s))
	if i < 0 || s == "" {
		return nil
	}
	n, _ := slices.BinarySearch(x.at, i+1)
	return x.of[n-1]
}

// inkOutsideText renders a page at 36 dots an inch and counts the rows
// of dots inside band that hold ink outside the page's text lines: a
// rule takes one or two, a drawing many.
func inkOutsideText(file string, pg EconomyPage, page int, band EconomyBox) (int, error) {
	dir, err := os.MkdirTemp("", "offprint-ink-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	base := filepath.Join(dir, "p")
	n := strconv.Itoa(page)
	if out, err := exec.Command("pdftoppm", "-gray", "-r", "36", "-f", n, "-l", n, "-singlefile", file, base).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("pdftoppm %s: %w: %s", file, err, out)
	}
	data, err := os.ReadFile(base + ".pgm")
	if err != nil {
		return 0, err
	}
	off := 0
	// The header ends after the fourth run of blanks.
	for fields, inField, i := 0, false, 0; i < len(data); i++ {
		blank := data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'
		if inField && blank {
			fields++
			if fields == 4 {
				off = i + 1
				break
			}
		}
		inField = !blank
	}
	head := strings.Fields(string(data[:off]))
	if len(head) != 4 || head[0] != "P5" {
		return 0, fmt.Errorf("pdftoppm %s: not a grey map", file)
	}
	w, _ := strconv.Atoi(head[1])
	h, _ := strconv.Atoi(head[2])
	pix := data[off:]
	scale := 36.0 / 72
	rows := 0
	for y := int(band.Y0 * scale); y < int(band.Y1*scale) && y < h; y++ {
		dots := 0
		for x := int(band.X0 * scale); x < int(band.X1*scale) && x < w; x++ {
			if y < 0 || x < 0 || y*w+x >= len(pix) || pix[y*w+x] > 230 {
				continue
			}
			px, py := (float64(x)+0.5)/scale, (float64(y)+0.5)/scale
			inText := false
			for _, l := range pg.Lines {
				if px > l.X0-2 && px < l.X1+2 && py > l.Y0-2 && py < l.Y1+2 {
					inText = true
					break
				}
			}
			if !inText {
				dots++
			}
		}
		if dots >= 2 {
			rows++
		}
	}
	return rows, nil
}
