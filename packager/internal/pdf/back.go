package pdf

import (
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// creditsPages sets the credits pages the edition was presented with:
// every article's attribution and every picture's caption and credit.
func (c *composer) creditsPages() {
	cr := c.ed.Shown.Credits
	c.flow.Break()
	c.kind, c.title, c.opener = kindCredits, cr.Heading, true
	c.setLanguage("")
	defer func() { c.hyph = nil }()
	ts := c.headingStyle(c.size*1.9, true)
	mark := &typeset.Fixed{Fn: func(p *typeset.Page, x, y float64) {
		p.Add(typeset.Op{Kind: typeset.OpBookmark, Text: cr.Heading, Level: 0, Y: y})
	}}
	sect := &typeset.Tag{Role: "Sect"}
	head := &typeset.Keep{Items: []typeset.Element{mark, tagged(c.plain(cr.Heading, ts, c.blockWidth()), "H1", sect)}}
	c.flow.Span(head, typeset.Spacing{After: c.lead * 0.6})
	c.credits = len(c.pages)

	w := c.colWidth()
	small := c.bodyStyle(0.85)
	small.align = typeset.AlignLeft
	small.color = ink
	if cr.Intro != "" {
		intro := tagged(c.para([]model.Span{{Text: cr.Intro}}, small, w, 0), "P", sect)
		c.flow.Add(intro, typeset.Spacing{After: c.lead * 0.4})
	}
	for _, e := range cr.Entries {
		if c.ctx.Err() != nil {
			return
		}
		hs := c.headingStyle(c.size*0.95, true)
		tb := tagged(c.plain(e.Title, hs, w), "H2", sect)
		tb.Orphans, tb.Widows = 1, 1
		c.flow.Add(tb, typeset.Spacing{Before: c.lead * 0.8, After: c.lead * 0.1, KeepWithNext: true})
		var lines [][]model.Span
		for _, l := range e.Lines {
			text := model.Span{Text: l.Text}
			if l.Link != "" {
				text.Target = &model.Target{Kind: model.LinkExternal, URL: l.Link}
			}
			lines = append(lines, []model.Span{{Text: l.Label + " ", Style: model.Emph}, text})
		}
		for _, f := range e.Figures {
			label := "Picture: "
			if f.Count > 1 {
				label = "Pictures: "
			}
			lines = append(lines, []model.Span{{Text: label, Style: model.Emph}, {Text: f.Caption + " — " + f.Credit}})
		}
		ind := c.size * 0.8
		for _, l := range lines {
			tb := tagged(c.para(l, small, w-ind, 0), "P", sect)
			tb.Indent = ind
			c.flow.Add(tb, typeset.Spacing{})
		}
	}
	c.flow.Finish()
	c.flow.Balance()
	c.flow.Break()
}
