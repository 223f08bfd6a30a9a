package pdf

import (
	"fmt"
	"math"
	"strings"

	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// textLine draws s as a single line in ts at baseline y, from x within
// width w (aligned per ts.align), shortening it with an ellipsis when it
// does not fit. It returns the width drawn.
func (c *composer) textLine(p *typeset.Page, s string, ts textStyle, x, y, w float64) float64 {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" || w <= 0 {
		return 0
	}
	try := func(s string) (*typeset.TextBlock, bool) {
		tb := c.plain(s, ts, w)
		return tb, len(tb.Lines) <= 1
	}
	tb, ok := try(s)
	if !ok {
		words := strings.Fields(s)
		for n := len(words) - 1; n >= 1; n-- {
			if tb, ok = try(strings.Join(words[:n], " ") + " …"); ok {
				break
			}
		}
		if !ok {
			r := []rune(s)
			for n := len(r) - 1; n >= 1; n-- {
				if tb, ok = try(string(r[:n]) + "…"); ok {
					break
				}
			}
		}
	}
	if len(tb.Lines) == 0 {
		return 0
	}
	typeset.DrawLine(p, tb.B, tb.Lines[0], ts.align, x, y)
	return math.Min(tb.Lines[0].Width, w)
}

// drawClamped draws as many lines of a block as fit in maxH and returns
// the height drawn.
func (c *composer) drawClamped(p *typeset.Page, tb *typeset.TextBlock, x, y, maxH float64) float64 {
	var e typeset.Element = tb
	if tb.Height() > maxH {
		e, _ = tb.Split(maxH)
		if e == nil {
			return 0
		}
	}
	e.Draw(p, x, y)
	return e.Height()
}

// --- cover -----------------------------------------------------------------

func (c *composer) cover(p *typeset.Page) {
	ed := c.ed
	if c.l.Cover == "image" && ed.Cover != nil && ed.Cover.Path != "" {
		pic, err := c.pics.get(ed.Cover)
		if err == nil {
			c.imageCover(p, pic)
			return
		}
		c.warn(model.Diagnostic{Severity: model.Warning, Code: "unreadable-image", File: ed.Cover.Path,
			Msg: fmt.Sprintf("the cover picture cannot be used in the PDF: %v", err), Hint: "a masthead is drawn instead", Err: err})
	}
	c.masthead(p)
}

// imageCover fills the page, bleed included, with the cover picture,
// cropping what overflows.
func (c *composer) imageCover(p *typeset.Page, pic *picture) {
	b := float64(c.l.Bleed)
	x, y, w, h := -b, -b, c.pw+2*b, c.ph+2*b
	if pic.typ == "svg" {
		pic.svg.draw(p, 0, 0, c.pw, c.ph, c.fonts)
		return
	}
	iw, ih := float64(pic.w), float64(pic.h)
	s := math.Max(w/iw, h/ih)
	dw, dh := iw*s, ih*s
	p.Add(typeset.Op{Kind: typeset.OpClip, X: x, Y: y, W: w, H: h})
	p.Add(typeset.Op{Kind: typeset.OpImage, X: x + (w-dw)/2, Y: y + (h-dh)/2, W: dw, H: dh, Text: pic.name})
	p.Add(typeset.Op{Kind: typeset.OpClipEnd})
	c.coverBand(p)
}

// coverBand sets the title, issue and date on a white band across the top
// of a picture cover.
func (c *composer) coverBand(p *typeset.Page) {
	ed := c.ed
	r := c.textRect(1)
	b := float64(c.l.Bleed)
	title := ed.Shown.Title
	size := min(c.size*4, r.H/9)
	if tw := c.fonts.heading[bold].Width(title, 1); tw > 0 {
		size = min(size, max(r.W*0.98/tw, c.size*1.4))
	}
	ts := c.headingStyle(size, true)
	line := issueLine(ed)
	if ed.Subtitle != "" {
		line = append(line, ed.Subtitle)
	}
	ms := c.headingStyle(c.size*0.95, false)
	ms.color = grey
	h := r.Y + size*1.15 + c.size*0.8
	if len(line) > 0 {
		h += ms.lead
	}
	p.Rect(-b, -b, c.pw+2*b, h+b, 0xFFFFFF)
	p.Rect(-b, h, c.pw+2*b, max(c.size*0.3, 2), accent)
	y := r.Y + size
	c.textLine(p, title, ts, r.X, y, r.W)
	if len(line) > 0 {
		c.textLine(p, strings.Join(line, "  ·  "), ms, r.X, y+ms.lead*1.1, r.W)
	}
}

// masthead draws a typographic cover: title, subtitle, issue and date,
// the contents in brief, and the publisher.
func (c *composer) masthead(p *typeset.Page) {
	ed := c.ed
	r := c.textRect(1)
	x, w := r.X, r.W
	y := r.Y
	bottom := r.Y + r.H
	p.Rect(x, y, w, max(c.size*0.35, 2.5), accent)
	y += c.size * 1.6

	title := ed.Shown.Title
	face := c.fonts.heading[bold]
	size := min(c.size*5, r.H/7)
	if tw := face.Width(title, 1); tw > 0 {
		// as large as fits on at most two lines
		size = min(size, max(w*1.9/tw, c.size*1.6))
	}
	ts := c.headingStyle(size, true)
	ts.lead = size * 1.05
	// At most a third of the page for the title, a sixth for the subtitle.
	y += c.drawClamped(p, c.plain(title, ts, w), x, y, r.H/3) + c.size*0.6
	if ed.Subtitle != "" {
		st := textStyle{fam: c.fonts.body, size: c.size * 1.5, lead: c.size * 1.9, italic: true, color: grey, align: typeset.AlignLeft}
		y += c.drawClamped(p, c.plain(ed.Subtitle, st, w), x, y, r.H/6) + c.size*0.6
	}
	p.Line(x, y, x+w, y, 0.8, ink)
	y += c.size * 0.4
	line := issueLine(ed)
	if len(line) > 0 {
		ms := c.headingStyle(c.size*1.05, true)
		ms.color = grey
		y += ms.lead
		c.textLine(p, strings.Join(line, "  ·  "), ms, x, y-ms.lead*0.25, w)
		y += c.size * 0.2
	}
	p.Line(x, y+c.size*0.2, x+w, y+c.size*0.2, 0.4, rule)
	y += c.size * 2.2

	// In this issue.
	pubH := 0.0
	if ed.Publisher != "" {
		pubH = c.size * 3
	}
	ks := c.headingStyle(c.size*0.9, true)
	ks.color = accent
	es := textStyle{fam: c.fonts.body, size: c.size * 1.1, lead: c.size * 1.4, color: ink, align: typeset.AlignLeft}
	limit := bottom - pubH - c.size
	if y+ks.lead*2 < limit && len(ed.Articles()) > 0 {
		c.textLine(p, "IN THIS ISSUE", ks, x, y, w)
		y += ks.lead * 1.2
		left := len(ed.Articles()) // not yet listed
		// more closes a list cut short by the page: "and 3 more inside".
		more := func() {
			ms := es
			ms.fam = c.fonts.heading
			ms.size = c.size * 0.9
			ms.color = grey
			c.textLine(p, fmt.Sprintf("and %d more inside", left), ms, x, y, w)
		}
	outer:
		for _, s := range ed.Sections {
			if len(s.Articles) == 0 {
				continue
			}
			if len(ed.Sections) > 1 && s.Title != "" {
				if y+ks.lead*1.4+2*es.lead > limit {
					more()
					break
				}
				y += ks.lead * 0.4
				ss := c.headingStyle(c.size*0.8, true)
				ss.color = grey
				c.textLine(p, strings.ToUpper(s.Title), ss, x, y, w)
				y += ks.lead
			}
			for _, a := range s.Articles {
				if left > 1 && y+2*es.lead > limit {
					more()
					break outer
				}
				c.textLine(p, a.Title, es, x, y, w)
				y += es.lead
				left--
			}
		}
	}
	if ed.Publisher != "" {
		ps := c.headingStyle(c.size*1.1, true)
		p.Line(x, bottom-c.size*2, x+w, bottom-c.size*2, 0.4, rule)
		c.textLine(p, ed.Publisher, ps, x, bottom-c.size*0.5, w)
	}
}

// --- contents ----------------------------------------------------------------

// tocElements lays out the table of contents into flow; page numbers come
// from c.starts (0 while measuring).
func (c *composer) tocElements(f *typeset.Flow) {
	prev := c.flow
	c.flow = f
	defer func() { c.flow = prev }()
	ts := c.headingStyle(c.size*1.9, true)
	mark := &typeset.Fixed{Fn: func(p *typeset.Page, x, y float64) {
		p.Add(typeset.Op{Kind: typeset.OpBookmark, Text: "Contents", Level: 0, Y: y})
	}}
	head := &typeset.Keep{Items: []typeset.Element{mark, tagged(c.plain("Contents", ts, c.blockWidth()), "H1", nil)}}
	toc := &typeset.Tag{Role: "TOC"}
	f.Span(head, typeset.Spacing{After: c.lead * 0.8})
	w := c.colWidth()
	numFace := c.fonts.body[bold]
	numW := numFace.Width("0000", c.size)
	for _, s := range c.ed.Sections {
		if len(s.Articles) == 0 {
			continue
		}
		if s.Title != "" {
			ss := c.headingStyle(c.size*0.95, true)
			ss.color = accent
			tb := tagged(c.plain(strings.ToUpper(s.Title), ss, w), "TOCI", toc)
			tb.Orphans, tb.Widows = 1, 1
			f.Add(tb, typeset.Spacing{Before: c.lead * 0.9, After: c.lead * 0.2, KeepWithNext: true})
		}
		for _, a := range s.Articles {
			f.Add(&typeset.Tagged{El: c.tocEntry(a, w, numW), Tag: &typeset.Tag{Role: "TOCI", Parent: toc}}, typeset.Spacing{Before: c.lead * 0.35})
		}
	}
	f.Finish()
}

func (c *composer) tocEntry(a *model.Article, w, numW float64) typeset.Element {
	gap := c.size
	tts := textStyle{fam: c.fonts.body, size: c.size, lead: c.lead, color: ink, align: typeset.AlignLeft}
	title := c.plain(a.Title, tts, w-numW-gap)
	items := []typeset.Element{title}
	gaps := []float64{0}
	if len(a.Authors) > 0 {
		as := c.headingStyle(c.size*0.8, false)
		as.color = grey
		items = append(items, c.plain(present.JoinNames(a.Authors), as, w-numW-gap))
	}
	k := &typeset.Keep{Items: items, Gaps: gaps}
	h := k.Height()
	numTS := textStyle{fam: c.fonts.body, size: c.size, lead: c.lead, bold: true, color: ink, align: typeset.AlignRight}
	return &typeset.Fixed{H: h, Fn: func(p *typeset.Page, x, y float64) {
		k.Draw(p, x, y)
		page := c.starts[a]
		if page > 0 {
			c.textLine(p, fmtPage(page), numTS, x+w-numW, y+title.Baseline, numW)
			p.Add(typeset.Op{Kind: typeset.OpGoto, X: x, Y: y, W: w, H: h, Page: page})
		}
		// a dotted leader from the title's last line to the number
		if page > 0 && len(title.Lines) > 0 {
			last := title.Lines[len(title.Lines)-1]
			if len(title.Lines) == 1 {
				lx := x + math.Min(last.Width, last.Measure) + c.size*0.5
				rx := x + w - numW - c.size*0.3
				ly := y + title.Baseline
				for dx := lx; dx+1 < rx; dx += c.size * 0.5 {
					p.Rect(dx, ly-0.6, 0.6, 0.6, light)
				}
			}
		}
	}}
}

// measureTOC counts the pages the contents will take.
func (c *composer) measureTOC() int {
	var pages []*typeset.Page
	f := c.newFlow(func() (*typeset.Page, typeset.Rect) {
		pg := &typeset.Page{}
		pages = append(pages, pg)
		return pg, c.textRect(len(c.pages) + len(pages))
	})
	c.tocElements(f)
	return max(len(pages), 1)
}

// tocFill lays the contents out again, now with page numbers, into the
// pages reserved for it.
func (c *composer) tocFill(n int) {
	i := 0
	f := c.newFlow(func() (*typeset.Page, typeset.Rect) {
		if i < n {
			pi := c.pages[c.tocPage-1+i]
			i++
			return pi.page, c.textRect(c.tocPage - 1 + i)
		}
		// Cannot happen: the contents were measured with the same heights.
		// Draw the overflow on a page that is not kept.
		i++
		return &typeset.Page{}, c.textRect(c.tocPage - 1 + i)
	})
	c.tocElements(f)
}

// issueLine is what a cover says of an edition's place in its series:
// its number, then its range of days or its date ("No. 7", "6–12
// January 2020").
func issueLine(ed *model.Edition) []string {
	var line []string
	for _, s := range []string{ed.Shown.IssueLabel, ed.Shown.DateLabel} {
		if s != "" {
			line = append(line, s)
		}
	}
	return line
}
