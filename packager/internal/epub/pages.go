package epub

import (
	"strconv"
	"strings"

	"github.com/offprint/offprint/packager/model"
)

// coverPage shows the cover picture alone.
func (bk *book) coverPage(pic *picture) string {
	p := &page{bk: bk, file: coverFile}
	p.raw(`<section class="cover" epub:type="cover">` + "\n")
	p.empty("img", "src", "../"+pic.Name, "alt", coverAlt(bk.ed))
	p.raw("\n</section>")
	return p.b.String()
}

// coverAlt describes the cover for readers who cannot see it.
func coverAlt(ed *model.Edition) string {
	parts := []string{"Cover: " + ed.Title}
	for _, s := range []string{ed.Subtitle, ed.Shown.IssueLabel, ed.Shown.DateLabel, ed.Publisher} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// titlePage is the masthead in text.
func (bk *book) titlePage() string {
	ed := bk.ed
	p := &page{bk: bk, file: titleFile}
	p.raw(`<section class="masthead" epub:type="titlepage">` + "\n")
	p.pageBreaks(bk.printPages("", "front"))
	p.element("h1", ed.Title, "class", "title")
	p.raw("\n")
	for _, l := range []struct{ class, text string }{
		{"subtitle", ed.Subtitle},
		{"issue", ed.Shown.IssueLabel},
		{"date", ed.Shown.DateLabel},
		{"publisher", ed.Publisher},
		{"description", ed.Description},
	} {
		if l.text != "" {
			p.element("p", l.text, "class", l.class)
			p.raw("\n")
		}
	}
	p.raw("</section>")
	return p.b.String()
}

// sectionPage opens a titled section.
func (bk *book) sectionPage(si *secInfo) string {
	p := &page{bk: bk, file: si.file}
	p.open("section", "id", si.id, "class", "section-title", "epub:type", "part", "role", "doc-part")
	p.raw("\n")
	p.element("h1", si.sec.Title)
	p.raw("\n</section>")
	return p.b.String()
}

// articlePage is one article: its header, its body, its notes and where
// it came from.
func (bk *book) articlePage(ai *artInfo) string {
	a := ai.a
	p := &page{bk: bk, file: ai.file, art: ai}
	attrs := []string{"id", ai.anchor, "class", "article"}
	attrs = append(attrs, langAttrs(ai.lang)...)
	attrs = append(attrs, "dir", ai.dir)
	p.open("article", attrs...)
	p.raw("\n")
	p.br.marks = bk.printPages(a.ID, "")
	p.startBlock(-1)
	p.articleHeader(ai)
	for i, b := range a.Blocks {
		p.startBlock(i)
		p.block(b)
	}
	p.startBlock(len(a.Blocks))
	p.pageBreaks(p.br.marks)
	p.br.marks = nil
	p.footnotes(ai)
	p.attribution(a)
	if bk.backInArticle && len(bk.arts) > 0 && bk.arts[len(bk.arts)-1] == ai {
		p.pageBreaks(bk.printPages("", "back"))
	}
	p.raw("</article>")
	return p.b.String()
}

func (p *page) articleHeader(ai *artInfo) {
	a := ai.a
	p.raw(`<header class="article">` + "\n")
	if ai.sec != nil && strings.TrimSpace(ai.sec.Title) != "" {
		p.element("p", ai.sec.Title, "class", "kicker")
		p.raw("\n")
	}
	p.element("h1", a.Title)
	p.raw("\n")
	if a.Subtitle != "" {
		p.element("p", a.Subtitle, "class", "standfirst")
		p.raw("\n")
	}
	if len(a.Byline) > 0 {
		p.raw(`<p class="byline">`)
		for _, part := range a.Byline {
			if part.Name {
				p.element("span", part.Text, "class", "author")
			} else {
				p.text(part.Text)
			}
		}
		p.raw("</p>\n")
	}
	date := model.HumanDate(a.Date)
	if date != "" || a.Source != "" {
		p.raw(`<p class="dateline">`)
		if date != "" {
			p.element("time", date, "datetime", a.Date.Format("2006-01-02"))
		}
		if date != "" && a.Source != "" {
			p.raw(" · ")
		}
		if a.Source != "" {
			p.element("span", a.Source, "class", "source")
		}
		p.raw("</p>\n")
	}
	p.raw("</header>\n")
}

// footnotes writes the article's notes, each linking back to where it is
// first referenced.
func (p *page) footnotes(ai *artInfo) {
	if len(ai.a.Footnotes) == 0 {
		return
	}
	p.raw(`<section class="footnotes" epub:type="footnotes" aria-label="Notes">` + "\n")
	done := map[int]bool{}
	for _, fn := range ai.a.Footnotes {
		anchor := ai.notes[fn.Number]
		if anchor == "" || done[fn.Number] {
			continue
		}
		done[fn.Number] = true
		p.open("aside", "id", anchor, "class", "footnote", "epub:type", "footnote", "role", "doc-footnote")
		p.raw("\n")
		num := strconv.Itoa(fn.Number)
		mark := func() {
			if back := ai.backref[fn.Number]; back != "" {
				p.open("a", "href", "#"+back, "class", "note-number", "role", "doc-backlink")
				p.raw(num + ".</a> ")
			} else {
				p.raw(`<span class="note-number">` + num + ".</span> ")
			}
		}
		rest := fn.Blocks
		if para, ok := firstParagraph(rest); ok {
			p.raw("<p>")
			mark()
			p.spans(para.Spans)
			p.raw("</p>\n")
			rest = rest[1:]
		} else {
			p.raw("<p>")
			mark()
			p.raw("</p>\n")
		}
		p.blocks(rest)
		p.raw("</aside>\n")
	}
	p.raw("</section>\n")
}

// attribution closes an article with where it first appeared and on what
// terms it is reproduced.
func (p *page) attribution(a *model.Article) {
	if len(a.Closing) == 0 {
		return
	}
	p.raw(`<p class="attribution">`)
	p.spans(a.Closing)
	p.raw("</p>\n")
}

// creditsPage lays out the credits page the edition was presented with:
// for every article who wrote it, where it came from, its address,
// licence and copyright, and for every figure its caption and credit.
func (bk *book) creditsPage() string {
	cr := bk.ed.Shown.Credits
	p := &page{bk: bk, file: creditsFile}
	p.raw(`<section class="credits" id="credits" epub:type="appendix" role="doc-appendix">` + "\n")
	p.pageBreaks(bk.printPages("", "back"))
	p.element("h1", cr.Heading)
	p.raw("\n")
	if cr.Intro != "" {
		p.element("p", cr.Intro, "class", "intro")
		p.raw("\n")
	}
	for _, e := range cr.Entries {
		ai := bk.byArt[e.Article]
		p.open("div", "class", "entry", "id", "credit-"+strings.TrimSuffix(ai.file, ".xhtml"))
		p.raw("\n")
		// The article's own language and direction for its title and
		// captions.
		own := append(langAttrs(ai.lang), "dir", ai.dir)
		p.raw(`<p class="entry-title">`)
		p.open("a", append([]string{"href", ai.file + "#" + ai.anchor}, own...)...)
		p.text(e.Title)
		p.raw("</a></p>\n")
		for _, l := range e.Lines {
			p.raw("<p>")
			p.element("span", l.Label, "class", "label")
			p.raw(" ")
			switch {
			case l.Link != "":
				p.open("a", "href", l.Link, "class", "url")
				p.text(l.Text)
				p.close("a")
			case l.Label == "URL:":
				p.element("span", l.Text, "class", "url")
			default:
				p.text(l.Text)
			}
			p.raw("</p>\n")
		}
		if len(e.Figures) > 0 {
			p.raw(`<ul class="figure-credits">` + "\n")
			for _, f := range e.Figures {
				p.raw("<li>")
				if f.NoCaption {
					p.element("span", f.Caption, "class", "caption")
				} else {
					p.element("span", f.Caption, append([]string{"class", "caption"}, own...)...)
				}
				p.raw(" — ")
				if f.NoCredit {
					p.element("span", f.Credit, "class", "credit no-credit")
				} else {
					p.element("span", f.Credit, "class", "credit")
				}
				p.raw("</li>\n")
			}
			p.raw("</ul>\n")
		}
		p.raw("</div>\n")
	}
	p.raw("</section>")
	return p.b.String()
}
