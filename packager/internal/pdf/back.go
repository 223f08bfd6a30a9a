package pdf

import (
	"strings"

	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// creditsPages sets the "Sources and credits" pages: every article's
// attribution and every picture's caption and credit.
func (c *composer) creditsPages() {
	c.flow.Break()
	c.kind, c.title, c.opener = kindCredits, "Sources and credits", true
	c.setLanguage("")
	defer func() { c.hyph = nil }()
	ts := c.headingStyle(c.size*1.9, true)
	mark := &typeset.Fixed{Fn: func(p *typeset.Page, x, y float64) {
		p.Add(typeset.Op{Kind: typeset.OpBookmark, Text: "Sources and credits", Level: 0, Y: y})
	}}
	head := &typeset.Keep{Items: []typeset.Element{mark, c.plain("Sources and credits", ts, c.blockWidth())}}
	c.flow.Span(head, typeset.Spacing{After: c.lead * 0.6})
	c.credits = len(c.pages)

	w := c.colWidth()
	small := c.bodyStyle(0.85)
	small.align = typeset.AlignLeft
	small.color = ink
	label := func(spans []model.Span, key string, value string) []model.Span {
		return append(spans, model.Span{Text: key + ": ", Style: model.Emph}, model.Span{Text: value})
	}
	if c.ed.License != "" {
		intro := c.para([]model.Span{{Text: "Articles without a licence of their own are published under the edition's licence, " + c.ed.License + "."}}, small, w, 0)
		c.flow.Add(intro, typeset.Spacing{After: c.lead * 0.4})
	}
	for _, a := range c.ed.Articles() {
		if c.ctx.Err() != nil {
			return
		}
		hs := c.headingStyle(c.size*0.95, true)
		tb := c.plain(orUntitled(a.Title), hs, w)
		tb.Orphans, tb.Widows = 1, 1
		c.flow.Add(tb, typeset.Spacing{Before: c.lead * 0.8, After: c.lead * 0.1, KeepWithNext: true})
		var lines [][]model.Span
		if len(a.Authors) > 0 {
			lines = append(lines, label(nil, "By", joinNames(a.Authors)))
		}
		if a.Source != "" {
			lines = append(lines, label(nil, "Source", a.Source))
		}
		if a.URL != "" {
			lines = append(lines, []model.Span{{Text: "URL: ", Style: model.Emph}, {Text: a.URL, Link: a.URL}})
		}
		switch {
		case a.License != "" && a.LicenseFromEdition:
			lines = append(lines, label(nil, "Licence", a.License+" (the edition's default licence)"))
		case a.License != "":
			lines = append(lines, label(nil, "Licence", a.License))
		default:
			lines = append(lines, label(nil, "Licence", "none stated"))
		}
		if a.Copyright != "" {
			lines = append(lines, label(nil, "Copyright", a.Copyright))
		}
		for _, f := range a.Figures() {
			sp := []model.Span{{Text: "Picture: ", Style: model.Emph}}
			capt := strings.TrimSpace(model.PlainText(f.Caption))
			if capt == "" {
				capt = strings.TrimSpace(f.Alt)
			}
			if capt == "" {
				capt = "untitled"
			}
			sp = append(sp, model.Span{Text: capt})
			if f.Credit != "" {
				sp = append(sp, model.Span{Text: " — " + f.Credit})
			} else {
				sp = append(sp, model.Span{Text: " — no credit given"})
			}
			lines = append(lines, sp)
		}
		ind := c.size * 0.8
		for _, l := range lines {
			tb := c.para(l, small, w-ind, 0)
			tb.Indent = ind
			c.flow.Add(tb, typeset.Spacing{})
		}
	}
	c.flow.Finish()
	c.flow.Balance()
	c.flow.Break()
}
