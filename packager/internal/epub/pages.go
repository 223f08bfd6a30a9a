package epub

import (
	"strconv"
	"strings"

	"github.com/offprint/offprint/packager/model"
)

// joinNames lists names as people write them: "A", "A and B", "A, B and C".
func joinNames(ns []string) string {
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

// editionDate is the date an edition shows: its range of days when it has
// one, else its date.
func editionDate(ed *model.Edition) string {
	if !ed.Range.IsZero() {
		return model.HumanRange(ed.Range)
	}
	return model.HumanDate(ed.Date)
}

func issueLabel(ed *model.Edition) string {
	if ed.Issue <= 0 {
		return ""
	}
	return "Issue " + strconv.Itoa(ed.Issue)
}

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
	for _, s := range []string{ed.Subtitle, issueLabel(ed), editionDate(ed), ed.Publisher} {
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
	p.element("h1", ed.Title, "class", "title")
	p.raw("\n")
	for _, l := range []struct{ class, text string }{
		{"subtitle", ed.Subtitle},
		{"issue", issueLabel(ed)},
		{"date", editionDate(ed)},
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
	p.open("section", "id", si.id, "class", "section-title", "epub:type", "part")
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
	p.articleHeader(ai)
	p.blocks(a.Blocks)
	p.footnotes(ai)
	p.attribution(a)
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
	if len(a.Authors) > 0 {
		p.raw(`<p class="byline">By `)
		for i, n := range a.Authors {
			switch {
			case i == 0:
			case i == len(a.Authors)-1:
				p.raw(" and ")
			default:
				p.raw(", ")
			}
			p.element("span", n, "class", "author")
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
	spans := model.AttributionSpans(a)
	if len(spans) == 0 {
		return
	}
	p.raw(`<p class="attribution">`)
	p.spans(spans)
	p.raw("</p>\n")
}

// url writes an address as text, linked when it is one the reader can
// follow.
func (p *page) url(u string) {
	if h := externalLink(u); h != "" {
		p.open("a", "href", h, "class", "url")
		p.text(u)
		p.close("a")
		return
	}
	p.element("span", u, "class", "url")
}

// creditsPage lists, for every article, who wrote it, where it came from,
// its address, licence and copyright, and for every figure its caption and
// credit.
func (bk *book) creditsPage() string {
	p := &page{bk: bk, file: creditsFile}
	p.raw(`<section class="credits" id="credits" epub:type="appendix">` + "\n")
	p.raw("<h1>Sources and credits</h1>\n")
	for _, ai := range bk.arts {
		a := ai.a
		p.open("div", "class", "entry", "id", "credit-"+strings.TrimSuffix(ai.file, ".xhtml"))
		p.raw("\n")
		// The article's own language and direction for its title and
		// captions.
		own := append(langAttrs(ai.lang), "dir", ai.dir)
		p.raw(`<p class="entry-title">`)
		p.open("a", append([]string{"href", ai.file + "#" + ai.anchor}, own...)...)
		p.text(a.Title)
		p.raw("</a></p>\n")
		line := func(label, text string) {
			if text == "" {
				return
			}
			p.raw("<p>")
			p.element("span", label, "class", "label")
			p.raw(" ")
			p.text(text)
			p.raw("</p>\n")
		}
		line("By", joinNames(a.Authors))
		line("Source:", a.Source)
		if a.URL != "" {
			p.raw(`<p><span class="label">URL:</span> `)
			p.url(a.URL)
			p.raw("</p>\n")
		}
		switch {
		case a.License == "":
			line("Licence:", "not stated")
		case a.LicenseFromEdition:
			line("Licence:", a.License+" (the edition’s default licence)")
		default:
			line("Licence:", a.License)
		}
		line("Copyright:", a.Copyright)
		var figs []*model.Figure
		for _, f := range ai.figures {
			if hasText(f.Caption) || strings.TrimSpace(f.Credit) != "" || (f.Image != nil && f.Image.Path != "") {
				figs = append(figs, f)
			}
		}
		if len(figs) > 0 {
			p.raw(`<ul class="figure-credits">` + "\n")
			for _, f := range figs {
				p.raw("<li>")
				if hasText(f.Caption) {
					p.element("span", strings.TrimSpace(model.PlainText(f.Caption)), append([]string{"class", "caption"}, own...)...)
				} else {
					p.raw(`<span class="caption">Picture without a caption</span>`)
				}
				p.raw(" — ")
				if c := strings.TrimSpace(f.Credit); c != "" {
					p.element("span", c, "class", "credit")
				} else {
					p.raw(`<span class="credit no-credit">no credit given</span>`)
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
