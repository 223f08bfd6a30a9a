package pdf

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/internal/pdf/typeset/hyphen"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// Colours.
const (
	black  typeset.Color = 0x000000
	ink    typeset.Color = 0x1A1A1A
	grey   typeset.Color = 0x5A5A5A
	light  typeset.Color = 0x8C8C8C
	rule   typeset.Color = 0x9A9A9A
	shade  typeset.Color = 0xF0F0F0
	accent typeset.Color = 0x8C1C13
	link   typeset.Color = 0x1F4E8C
)

type pageKind uint8

const (
	kindCover pageKind = iota
	kindBlank
	kindTOC
	kindArticle
	kindCredits
)

// pageInfo is one page of the edition in reading order.
type pageInfo struct {
	page   *typeset.Page
	kind   pageKind
	title  string // the article's title, for running heads
	opener bool   // an article's first page: no running head

	art *model.Article // the article the page begins in; nil outside them
}

// composer lays out an edition into pages.
type composer struct {
	// outline gives the article's headings that the outline lists their
	// level in it.
	outline map[*model.Heading]int
	ctx     context.Context
	// the structure elements of the section and article being set
	partTag, artTag *typeset.Tag
	l               *layouts.Layout
	ed              *model.Edition
	fonts           *fontSet
	kp              *typeset.KnuthPlass // justified text
	rag             *typeset.KnuthPlass // ragged text; Ragged set per paragraph
	hyph            *hyphen.Hyphenator  // the current text's language, or nil
	pics            *pictures
	warn            func(model.Diagnostic)

	pw, ph float64 // trimmed page
	size   float64 // body size
	lead   float64 // body leading

	pages []*pageInfo
	flow  *typeset.Flow
	// what new pages of the main flow are
	kind   pageKind
	title  string
	opener bool

	trace  bool                   // record what the flow places (tests)
	warned map[*model.Figure]bool // low-resolution warnings given
	starts map[*model.Article]int // first page of each article
	art    *model.Article         // the article being set
	// Against runts: paragraphs from loosenFrom on are set a line longer
	// while loosen lasts; figScale shrinks the article's figures; pin
	// keeps figures where they are referred to, the text after them
	// waiting for them.
	paraN, paras, loosenFrom, loosen, looseQ int
	figScale                                 float64
	pin                                      bool
	tocPage                                  int // first page of the contents (0: none)
	credits                                  int // first page of the credits (0: none)

	// printStarts is where each page begins in the text.
	printStarts []model.PageStart
}

func newComposer(ctx context.Context, l *layouts.Layout, ed *model.Edition, fonts *fontSet, pics *pictures, warn func(model.Diagnostic)) *composer {
	c := &composer{
		ctx: ctx, l: l, ed: ed, fonts: fonts, pics: pics, warn: warn,
		kp: &typeset.KnuthPlass{}, rag: &typeset.KnuthPlass{},
		pw: l.PageWidth(), ph: l.PageHeight(),
		size: float64(l.FontSize), lead: float64(l.Leading),
		starts: map[*model.Article]int{}, warned: map[*model.Figure]bool{},
	}
	if c.size <= 0 {
		c.size = 10
	}
	if c.lead < c.size {
		c.lead = c.size * 1.2
	}
	c.flow = c.newFlow(func() (*typeset.Page, typeset.Rect) {
		p := &pageInfo{page: &typeset.Page{Trace: c.trace}, kind: c.kind, title: c.title, opener: c.opener, art: c.art}
		c.opener = false
		c.pages = append(c.pages, p)
		return p.page, c.textRect(len(c.pages))
	})
	return c
}

func (c *composer) newFlow(newPage func() (*typeset.Page, typeset.Rect)) *typeset.Flow {
	f := &typeset.Flow{Columns: c.l.Columns, Gutter: float64(c.l.Gutter), NewPage: newPage}
	if c.l.Columns > 1 {
		// Body lines sit on a grid, so that they line up across columns.
		f.Grid = c.lead
	}
	return f
}

// onGrid reports whether text in ts sits on the baseline grid: body text
// at the body leading.
func (c *composer) onGrid(ts textStyle) bool {
	return ts.lead > c.lead-1e-6 && ts.lead < c.lead+1e-6
}

// textRect is the text block of page n (1-based): facing pages swap the
// inner and outer margins on even pages.
func (c *composer) textRect(n int) typeset.Rect {
	m := c.l.Margins
	left, right := float64(m.Inner), float64(m.Outer)
	if c.l.FacingPages && n%2 == 0 {
		left, right = right, left
	}
	w := max(c.pw-left-right, 36)
	h := max(c.ph-float64(m.Top)-float64(m.Bottom), 36)
	return typeset.Rect{X: left, Y: float64(m.Top), W: w, H: h}
}

func (c *composer) blockWidth() float64 { return c.textRect(1).W }
func (c *composer) colWidth() float64   { return c.flow.ColumnWidth(c.blockWidth()) }

// colHeight is the height of one column's text area.
func (c *composer) colHeight() float64 { return c.textRect(1).H }

// addPage appends a page outside any flow.
func (c *composer) addPage(kind pageKind) *pageInfo {
	p := &pageInfo{page: &typeset.Page{}, kind: kind}
	c.pages = append(c.pages, p)
	return p
}

// compose lays out the whole edition.
func (c *composer) compose() error {
	if c.l.Cover != "none" {
		c.cover(c.addPage(kindCover).page)
		if c.l.FacingPages {
			c.addPage(kindBlank)
		}
	}
	tocPages := 0
	if c.l.TOC {
		tocPages = c.measureTOC()
		c.tocPage = len(c.pages) + 1
		for i := range tocPages {
			c.addPage(kindTOC).opener = i == 0
		}
	}
	for si, s := range c.ed.Sections {
		for ai, a := range s.Articles {
			if err := c.ctx.Err(); err != nil {
				return err
			}
			c.article(si, s, ai == 0, a)
		}
	}
	c.flow.Balance()
	c.flow.Break()
	c.flow.RTL = false
	if c.l.Credits {
		c.creditsPages()
	}
	if c.l.TOC && tocPages > 0 {
		c.tocFill(tocPages)
	}
	if len(c.pages) == 0 {
		c.addPage(kindBlank)
	}
	return nil
}

// --- inline text -----------------------------------------------------------

// textStyle is how a paragraph's text is set.
type textStyle struct {
	fam          family
	size, lead   float64
	bold, italic bool
	color        typeset.Color
	align        typeset.Align
	// hyph lets the text be hyphenated (when the layout hyphenates)
	hyph bool
}

func (c *composer) bodyStyle(scale float64) textStyle {
	al := typeset.AlignLeft
	if c.l.Justify || c.rtl() {
		al = typeset.AlignJustify
	}
	return textStyle{fam: c.fonts.body, size: c.size * scale, lead: c.lead * scale, color: ink, align: al, hyph: true}
}

// setLanguage chooses the hyphenation patterns for text in lang (a BCP
// 47 tag), falling back to the edition's language.
func (c *composer) setLanguage(lang string) {
	if lang == "" {
		lang = c.ed.Language
	}
	c.hyph = hyphen.For(lang)
}

func (c *composer) builder(ts textStyle) *typeset.Builder {
	b := &typeset.Builder{
		Fallback: c.fonts.fallback,
		Missing: func(r rune) {
			file := ""
			if c.art != nil {
				file = c.art.File
			}
			c.fonts.missingRune(r, file)
		},
		Justify: ts.align == typeset.AlignJustify,
		RTL:     c.rtl(),
		Emoji:   c.fonts.emoji,
	}
	if ts.hyph && c.l.Hyphenate && c.hyph != nil {
		b.Hyphenate = c.hyph.Points
	}
	return b
}

// style returns the builder style for text with model styles in ts,
// linked to t when it is set.
func (c *composer) style(b *typeset.Builder, ts textStyle, st model.Style, t *model.Target) int32 {
	fam := ts.fam
	size := ts.size
	bo := ts.bold != (st&(model.Strong|model.Mark) != 0) // highlighted text prints bold
	it := ts.italic != (st&model.Emph != 0)
	if st&model.Code != 0 {
		fam = c.fonts.mono
		size *= 0.9
	}
	s := typeset.Style{Face: fam.face(bo, it), Size: size, Color: ts.color, Strike: st&model.Strike != 0, NoHyphens: st&model.Code != 0}
	switch {
	case st&model.Sup != 0:
		s.Size, s.Rise = size*0.68, size*0.36
	case st&model.Sub != 0:
		s.Size, s.Rise = size*0.68, -size*0.16
	}
	if t != nil {
		s.Link = c.linkRef(t)
		s.Color = link
	}
	return b.AddStyle(s)
}

// spans adds model spans to a builder.
func (c *composer) spans(b *typeset.Builder, ts textStyle, spans []model.Span) {
	for _, sp := range spans {
		switch sp.Kind {
		case model.Break:
			b.LineBreak()
		case model.NoteRef:
			var t *model.Target
			if c.art != nil {
				for _, fn := range c.art.Footnotes {
					if fn.Number == sp.Note && fn.ID != "" {
						t = &model.Target{Kind: model.LinkInPage, Article: c.art.ID, ID: fn.ID}
						break
					}
				}
			}
			st := c.style(b, ts, model.Sup, t)
			b.AddBox(strconv.Itoa(sp.Note), st)
		default:
			b.Text(sp.Text, c.style(b, ts, sp.Style, sp.Target))
		}
	}
}

// para sets spans as a text block of the given width. indent is the first
// line's indent.
func (c *composer) para(spans []model.Span, ts textStyle, width, indent float64) *typeset.TextBlock {
	b := c.builder(ts)
	b.Indent(indent)
	c.spans(b, ts, spans)
	return c.finish(b, ts, width)
}

// plain sets a plain string.
func (c *composer) plain(s string, ts textStyle, width float64) *typeset.TextBlock {
	b := c.builder(ts)
	b.Text(s, c.style(b, ts, 0, nil))
	return c.finish(b, ts, width)
}

func (c *composer) finish(b *typeset.Builder, ts textStyle, width float64) *typeset.TextBlock {
	width = max(width, 12)
	b.Finish(width)
	face := ts.fam.face(ts.bold, ts.italic)
	return typeset.NewTextBlock(b, c.breaker(ts), width, ts.lead, ts.size, face, ts.align)
}

// breaker returns the line breaker for text in ts: total fit, justified or
// ragged with a right edge that may fall short by about three ems.
func (c *composer) breaker(ts textStyle) typeset.Breaker {
	if ts.align == typeset.AlignJustify {
		return c.kp
	}
	c.rag.Ragged = 3 * ts.size
	return c.rag
}

// --- articles ---------------------------------------------------------------

// anchorName is the name of a link target inside the current article.
func (c *composer) anchorName(id string) string {
	if c.art == nil {
		return id
	}
	return c.art.ID + "\x00" + id
}

// linkRef is the link a resolved target becomes: its address, or the
// anchor of the id inside its article ("#article\x00id"; the drawer falls
// back to the bare id for an article's or a section's own anchor).
func (c *composer) linkRef(t *model.Target) string {
	switch {
	case t.Kind == model.LinkExternal:
		return t.URL
	case t.Article == "":
		return "#" + t.ID
	}
	return "#" + t.Article + "\x00" + t.ID
}

func (c *composer) article(si int, s *model.Section, first bool, a *model.Article) {
	start := c.l.ArticleStart
	if first {
		start = c.l.SectionStart
	}
	c.art = a
	c.setLanguage(a.Lang)
	defer func() { c.art, c.hyph = nil, nil }()
	c.tagArticle(s, first, a)
	w := c.blockWidth()
	if start == "column" && c.l.Columns > 1 {
		w = c.colWidth()
	}
	header := c.articleHeader(s, first, a, w)
	// The outline entries go in with the header (drawn before any column
	// material, which balancing may set again).
	// An untitled section is no entry: its articles stand at the top.
	up := 0
	if !present.Listed(s) {
		up = 1
	}
	marks := &typeset.Fixed{Fn: func(p *typeset.Page, x, y float64) {
		if first {
			if up == 0 {
				p.Add(typeset.Op{Kind: typeset.OpBookmark, Text: present.TitleOr(s.Title), Level: 0, Y: y})
			}
			if s.ID != "" {
				p.Add(typeset.Op{Kind: typeset.OpAnchor, Text: s.ID, Y: y})
			}
		}
		p.Add(typeset.Op{Kind: typeset.OpBookmark, Text: a.Title, Level: 1 - up, Y: y})
		if a.ID != "" {
			p.Add(typeset.Op{Kind: typeset.OpAnchor, Text: a.ID, Y: y})
		}
	}}
	header.Items = append([]typeset.Element{marks}, header.Items...)
	header.Gaps = append([]float64{0}, header.Gaps...)
	c.kind, c.title = kindArticle, a.Title
	c.outline = map[*model.Heading]int{}
	for _, e := range present.Outline(a, c.l.TOCDepth) {
		c.outline[e.Heading] = e.Level - up
	}
	// set places the header and the text; onPage starts the article on a
	// new page whatever the layout's start.
	set := func(onPage, pin bool) (continued, ok bool) {
		switch {
		case !onPage && start == "continue" && c.flow.Page() != nil && c.flow.Room() >= header.Height()+c.lead*(runtLines+2):
			// Straight after the article before, below a rule.
			c.flow.SpanHere(c.rule(), typeset.Spacing{Before: c.lead, After: c.lead * 0.6})
			c.flow.SpanHere(header, typeset.Spacing{After: c.lead})
			continued = true
		case !onPage && start == "column" && c.l.Columns > 1:
			c.flow.NewColumn()
			c.opener = c.flow.Page() == nil
			c.flow.Add(header, typeset.Spacing{After: c.lead, KeepWithNext: true})
		default:
			c.flow.Balance()
			c.flow.Break()
			c.opener = true
			c.flow.Span(header, typeset.Spacing{After: c.lead})
		}
		// Its columns start here, read in its direction.
		c.flow.RTL = c.rtl()
		c.starts[a] = max(len(c.pages), 1)
		return continued, c.body(a, pin)
	}
	r := c.startRetry()
	continued, ok := set(false, false)
	// Only a short article, one that ran onto a page or two more, is set
	// again: from a page of its own, or with its figures held in place.
	added := len(c.pages) - r.pages
	continued = continued && added <= 1
	again := func(onPage, pin bool) bool {
		r.rewind()
		_, ok := set(onPage, pin)
		return ok
	}
	figures := added <= 2 && c.hasFigures(a)
	switch {
	case ok || !continued && !figures:
	case continued && again(true, false) && len(c.pages)-r.pages == 1:
		// An article that runs on below the one before and still ends on
		// a page of a few lines starts a page of its own instead, when it
		// then fits that page.
	case figures && again(false, true):
		// Or its figures stay where they are referred to.
	default:
		again(false, false)
	}
	r.done()
}

// retry is where the setting of an article (or of its text) began, to set
// it again from there: the flow, the pages, the figures warned about, and
// the warnings given since, held back until the setting that stays is
// chosen.
type retry struct {
	c      *composer
	flow   *typeset.FlowState
	pages  int
	opener bool
	warned map[*model.Figure]bool
	warn   func(model.Diagnostic)
	held   []model.Diagnostic
}

// startRetry records where a setting begins and holds its warnings back.
func (c *composer) startRetry() *retry {
	r := &retry{c: c, flow: c.flow.Save(), pages: len(c.pages), opener: c.opener, warned: maps.Clone(c.warned), warn: c.warn}
	c.warn = func(d model.Diagnostic) { r.held = append(r.held, d) }
	return r
}

// rewind returns to where the setting began, forgetting its warnings.
func (r *retry) rewind() {
	c := r.c
	c.flow.Restore(r.flow)
	c.pages, c.opener, c.warned, r.held = c.pages[:r.pages], r.opener, maps.Clone(r.warned), r.held[:0]
}

// done gives the warnings of the setting that stays.
func (r *retry) done() {
	r.c.warn = r.warn
	for _, d := range r.held {
		r.c.warn(d)
	}
}

// body sets an article's text after its header. When its last page would
// hold fewer than runtLines of its lines, it is set again: with some
// paragraphs a line longer, then with its figures smaller (down to
// images.min_scale), until one setting leaves no runt; else as at first.
func (c *composer) body(a *model.Article, pin bool) bool {
	r := c.startRetry()
	startPage := c.flow.Page()
	set := func(q, loose int, scale float64, pin bool, before func()) {
		r.rewind()
		c.pin = pin
		if before != nil {
			before()
		}
		c.paraN, c.looseQ, c.loosen, c.loosenFrom, c.figScale = 0, q, loose, 0, scale
		if loose > 0 {
			c.loosenFrom = max(c.paras-3*loose, 0)
		}
		bc := blockCtx{width: c.colWidth(), scale: 1, art: a, tag: c.artTag, rtl: c.rtl()}
		c.blocks(a.Blocks, bc)
		// The text has ended: a figure waiting at the foot of its column
		// goes under it, above the notes and the closing lines.
		c.flow.Settle()
		if len(a.Footnotes) > 0 {
			c.footnotes(a, bc)
		}
		c.attribution(a, bc)
		c.flow.Finish()
		c.paras = c.paraN
	}
	c.paras = 0
	set(0, 0, 1, false, nil)
	added := len(c.pages) - r.pages
	first := c.runt(startPage)
	ok := first == 0
	if !ok {
		need := runtLines - first
		type try struct {
			q, n  int
			scale float64
			short int  // lines the page before the last is shorter
			pin   bool // figures stay where they are referred to
		}
		// Paragraphs a line shorter take the last page's lines back, or a
		// line longer push enough onto it.
		tries := []try{{-1, first, 1, 0, false}, {1, need, 1, 0, false}, {-1, 2 * first, 1, 0, false}, {1, 2 * need, 1, 0, false}}
		// Then figures a little smaller each time, down to the layout's
		// limit, with paragraphs a line shorter or longer.
		if c.hasFigures(a) {
			for i := 19; float64(i)/20 >= c.l.Images.MinScale-1e-9; i-- {
				sc := float64(i) / 20
				tries = append(tries, try{0, 0, sc, 0, false}, try{-1, first, sc, 0, false}, try{1, need, sc, 0, false})
			}
		}
		// Last, the page before runs a line or two short.
		cols := max(c.l.Columns, 1)
		for extra := range 3 {
			tries = append(tries, try{0, 0, 1, (need+cols-1)/cols + extra, false})
		}
		// Or the figures stay where they are referred to, the text after
		// them following them to the next page, with that page short too.
		if pin && c.hasFigures(a) {
			for short := range 5 {
				tries = append(tries, try{0, 0, 1, short, true})
			}
		}
		for _, t := range tries {
			if t.short > 0 {
				// the page before the last, counted from where the text began
				k := added - 1
				set(t.q, min(t.n, c.paras), t.scale, t.pin, func() { c.flow.ShortenPage(k, float64(t.short)*c.lead) })
			} else {
				set(t.q, min(t.n, c.paras), t.scale, t.pin, nil)
			}
			if c.runt(startPage) == 0 {
				ok = true
				break
			}
		}
		if !ok {
			set(0, 0, 1, false, nil)
		}
	}
	c.loosen, c.figScale, c.pin = 0, 1, false
	r.done()
	return ok
}

// hasFigures reports whether an article has a figure among its blocks
// (not inside lists or quotations).
func (c *composer) hasFigures(a *model.Article) bool {
	for _, b := range a.Blocks {
		if _, ok := b.(*model.Figure); ok {
			return true
		}
	}
	return false
}

// runt returns how many lines of the article just set its last page
// holds when that is fewer than runtLines, and 0 when it holds enough or
// the whole article is on one page (startPage, where its text began). Its
// lines are counted over all columns of that last page, which holds
// nothing else yet.
func (c *composer) runt(startPage *typeset.Page) int {
	if len(c.pages) == 0 {
		return 0
	}
	last := c.pages[len(c.pages)-1].page
	if last == startPage {
		return 0
	}
	minX := math.Inf(1)
	for _, op := range last.Ops {
		if op.Kind == typeset.OpText {
			minX = min(minX, op.X)
		}
	}
	step := c.colWidth() + float64(c.l.Gutter)
	type key struct{ col, y int }
	seen := map[key]bool{}
	pictures := 0.0 // a figure counts as the lines it is tall
	text := 0       // text ops outside figures
	var open []*typeset.Tag
	for _, op := range last.Ops {
		switch op.Kind {
		case typeset.OpTagBegin:
			open = append(open, op.Tag)
		case typeset.OpTagEnd:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case typeset.OpText:
			seen[key{int((op.X - minX + 1) / step), int(math.Round(op.Y))}] = true
			if !slices.ContainsFunc(open, inFigure) {
				text++
			}
		case typeset.OpImage:
			pictures += op.H / c.lead
		}
	}
	switch n := len(seen); {
	case n > 0 && float64(n)+pictures < runtLines:
		return n
	case text == 0 && pictures > 0:
		// Only its pictures, with their captions: a page its text never
		// reached.
		return 1
	}
	return 0
}

// inFigure reports whether a structure element is a figure or its caption.
func inFigure(t *typeset.Tag) bool { return t != nil && (t.Role == "Figure" || t.Role == "Caption") }

// runtLines is the fewest lines of an article its last page may hold.
const runtLines = 6

// rule is the line between an article and the next on the same page.
func (c *composer) rule() typeset.Element {
	w := c.blockWidth()
	return &typeset.Fixed{H: 1, Fn: func(p *typeset.Page, x, y float64) {
		p.Line(x+w*0.35, y+0.5, x+w*0.65, y+0.5, 0.8, rule)
	}}
}

func (c *composer) headingStyle(size float64, bold bool) textStyle {
	return textStyle{fam: c.fonts.heading, size: size, lead: size * 1.18, bold: bold, color: ink, align: typeset.AlignLeft}
}

// articleHeader is the opener: kicker, headline, standfirst, byline, date
// and source, spanning the text block.
func (c *composer) articleHeader(s *model.Section, first bool, a *model.Article, w float64) *typeset.Keep {
	var items []typeset.Element
	var gaps []float64
	add := func(e typeset.Element, gap float64) {
		items = append(items, e)
		gaps = append(gaps, gap)
	}
	if first && present.Listed(s) {
		ts := c.headingStyle(c.size*0.85, true)
		ts.color = accent
		add(tagged(c.plain(strings.ToUpper(s.Title), ts, w), "H1", c.partTag), c.lead*0.3)
	}
	hs := min(c.size*2.3, max(w/13, c.size*1.3))
	ts := c.headingStyle(hs, true)
	ts.lead = hs * 1.12
	add(tagged(c.plain(a.Title, ts, w), "H1", c.artTag), c.lead*0.4)
	if a.Subtitle != "" {
		st := textStyle{fam: c.fonts.body, size: c.size * 1.2, lead: c.size * 1.2 * 1.28, italic: true, color: grey, align: typeset.AlignLeft}
		add(tagged(c.plain(a.Subtitle, st, w), "P", c.artTag), c.lead*0.4)
	}
	if len(a.Byline) > 0 {
		ts := c.headingStyle(c.size*0.9, true)
		add(tagged(c.plain(model.BylineText(a.Byline), ts, w), "P", c.artTag), c.lead*0.1)
	}
	var meta []string
	if d := model.HumanDate(a.Date); d != "" {
		meta = append(meta, d)
	}
	if a.Source != "" {
		meta = append(meta, a.Source)
	}
	if len(meta) > 0 {
		ts := c.headingStyle(c.size*0.85, false)
		ts.color = grey
		add(tagged(c.plain(strings.Join(meta, " · "), ts, w), "P", c.artTag), 0)
	}
	add(&typeset.Fixed{H: c.lead * 0.6, Fn: func(p *typeset.Page, x, y float64) {
		p.Line(x, y+c.lead*0.45, x+w, y+c.lead*0.45, 0.6, rule)
	}}, 0)
	return &typeset.Keep{Items: items, Gaps: gaps}
}

// blockCtx is where blocks are being set.
type blockCtx struct {
	width  float64 // the column
	left   float64 // indent from the column's left edge
	right  float64
	scale  float64 // type size relative to the body
	italic bool
	quote  int
	list   int
	rtl    bool // right-to-left: indents and markers on the right
	art    *model.Article
	tag    *typeset.Tag // the structure element blocks here are part of
}

func (bc blockCtx) measure() float64 {
	return max(bc.width-bc.left-bc.right, min(bc.width*0.4, 72))
}

// indented returns bc indented by d, keeping a usable measure.
func (bc blockCtx) indented(d float64) blockCtx {
	if bc.width-bc.left-bc.right-d < bc.width*0.45 {
		d = 0
	}
	if bc.rtl {
		bc.right += d
	} else {
		bc.left += d
	}
	return bc
}

func (c *composer) blocks(bs []model.Block, bc blockCtx) {
	prevPara := false
	for _, b := range bs {
		prevPara = c.block(b, bc, prevPara)
	}
}

// block adds one block; it reports whether it was a paragraph (for the
// first-line indent of the next).
func (c *composer) block(b model.Block, bc blockCtx, prevPara bool) bool {
	ts := c.bodyStyle(bc.scale)
	ts.italic = bc.italic
	switch b := b.(type) {
	case *model.Paragraph:
		sp := typeset.Spacing{}
		indent := 0.0
		if c.l.Paragraphs == "indent" {
			if prevPara {
				indent = ts.size * 1.2
			} else {
				sp.Before = ts.lead * 0.5
			}
		} else {
			sp.Before = ts.lead * 0.55
		}
		tb := c.para(b.Spans, ts, bc.measure(), indent)
		if tb.NumLines() == 0 {
			return prevPara
		}
		tb.Indent = bc.left
		tb.Role = "body"
		tb.Tag = &typeset.Tag{Role: "P", Parent: bc.tag}
		if c.loosen > 0 && c.paraN >= c.loosenFrom && tb.Loosen(c.breaker(ts), c.looseQ) {
			c.loosen--
		}
		c.paraN++
		c.quoteBar(tb, bc)
		sp.Grid = c.onGrid(ts)
		c.flow.Add(tb, sp)
		return true
	case *model.Heading:
		lv := min(max(b.Level, 1), 6)
		scale := [...]float64{1.4, 1.22, 1.08, 1, 0.95, 0.9}[lv-1]
		hts := c.headingStyle(c.size*scale*bc.scale, true)
		if lv >= 5 {
			hts.italic = true
		}
		tb := c.para(b.Spans, hts, bc.measure(), 0)
		if tb.NumLines() == 0 {
			return false
		}
		tb.Indent = bc.left
		tb.Orphans, tb.Widows = 1, 1
		tb.Role = "heading"
		// The article's title is its H1: its own headings rank below it.
		tb.Tag = &typeset.Tag{Role: "H" + strconv.Itoa(min(lv+1, 6)), Parent: bc.tag}
		if ol, ok := c.outline[b]; ok {
			// Articles are outline level 1, under their sections.
			tb.Outline, tb.OutlineLevel = model.PlainText(b.Spans), ol
		}
		if b.ID != "" {
			tb.Anchor = c.anchorName(b.ID)
		}
		c.flow.Add(tb, typeset.Spacing{Before: c.lead * 1.0 * bc.scale, After: c.lead * 0.3 * bc.scale, KeepWithNext: true})
	case *model.List:
		c.list(b, bc)
	case *model.Quote:
		q := bc.indented(ts.size * 1.2)
		q.italic = !bc.italic
		q.quote++
		q.tag = &typeset.Tag{Role: "BlockQuote", Parent: bc.tag}
		c.flow.Add(&typeset.Fixed{H: 0}, typeset.Spacing{Before: ts.lead * 0.4})
		c.blocks(b.Blocks, q)
		c.flow.Add(&typeset.Fixed{H: 0}, typeset.Spacing{After: ts.lead * 0.4})
	case *model.Aside:
		// A boxed note: its title in bold, its text beside a rule.
		q := bc.indented(ts.size * 1.2)
		q.quote++
		// Rules above and below close the box the bar starts.
		edge := func(before, after float64) {
			x0, x1 := q.left-c.size*0.7, q.left+q.measure()
			if q.rtl {
				x0, x1 = q.left, q.left+q.measure()+c.size*0.7
			}
			c.flow.Add(&typeset.Fixed{H: ts.lead * 0.3, Fn: func(p *typeset.Page, x, y float64) {
				p.Line(x+x0, y+ts.lead*0.15, x+x1, y+ts.lead*0.15, 0.6, rule)
			}}, typeset.Spacing{Before: before, After: after, KeepWithNext: before > 0})
		}
		edge(ts.lead*0.4, 0)
		if tb := c.para([]model.Span{{Text: b.Title, Style: model.Strong}}, ts, q.measure(), 0); tb.NumLines() > 0 {
			tb.Indent = q.left
			tb.Role = "body"
			c.quoteBar(tb, q)
			c.flow.Add(tb, typeset.Spacing{KeepWithNext: true})
		}
		c.blocks(b.Blocks, q)
		edge(0, ts.lead*0.4)
	case *model.CodeBlock:
		c.code(b, bc)
	case *model.Table:
		c.table(b, bc)
	case *model.Figure:
		// A figure floats: the text around it reads on as one, with no
		// break where the figure was.
		c.figure(b, bc)
		return prevPara
	case *model.Rule:
		w := bc.measure()
		x0 := bc.left
		c.flow.Add(&typeset.Fixed{H: ts.lead, Fn: func(p *typeset.Page, x, y float64) {
			cx := x + x0 + w/2
			p.Line(cx-w/6, y+ts.lead/2, cx+w/6, y+ts.lead/2, 0.5, rule)
		}}, typeset.Spacing{Before: ts.lead * 0.5, After: ts.lead * 0.5})
	}
	return false
}

// quoteBar marks text inside a quotation with a rule at its left.
func (c *composer) quoteBar(tb *typeset.TextBlock, bc blockCtx) {
	if bc.quote > 0 {
		tb.Bar, tb.BarX, tb.BarColor = 1.2, bc.left-c.size*0.7, rule
		if bc.rtl {
			// on the right, the side the text starts from
			tb.BarX = bc.width - bc.right + c.size*0.7
		}
	}
}

var bullets = []string{"•", "◦", "▪", "–"}

func (c *composer) list(l *model.List, bc blockCtx) {
	ts := c.bodyStyle(bc.scale)
	ts.italic = bc.italic
	// The marker column is as wide as the widest number.
	markW := ts.size * 1.3
	if l.Ordered {
		last := l.Start + len(l.Items) - 1
		markW = max(markW, c.fonts.body[regular].Width(strconv.Itoa(last)+".", ts.size)+ts.size*0.45)
	}
	inner := bc.indented(markW)
	inner.list++
	gap := ts.size * 0.4
	lt := &typeset.Tag{Role: "L", Parent: bc.tag}
	for i, it := range l.Items {
		inner.tag = &typeset.Tag{Role: "LBody", Parent: &typeset.Tag{Role: "LI", Parent: lt}}
		marker := bullets[min(bc.list, len(bullets)-1)]
		if l.Ordered {
			marker = strconv.Itoa(l.Start+i) + "."
		}
		if it.Checked != nil {
			marker = "☐"
			if *it.Checked {
				marker = "☑"
			}
		}
		mfrag, mstyle := c.marker(marker, ts.fam.face(false, bc.italic), ts.size)
		sp := typeset.Spacing{}
		if !l.Tight || i == 0 {
			sp.Before = ts.lead * 0.3
		}
		blocks := it.Blocks
		var first *model.Paragraph
		if len(blocks) > 0 {
			first, _ = blocks[0].(*model.Paragraph)
		}
		if first != nil {
			tb := c.para(first.Spans, ts, inner.measure(), 0)
			if tb.NumLines() > 0 {
				tb.Indent = inner.left
				tb.Marker, tb.MarkerGap, tb.MarkerStyle, tb.MarkerRight = mfrag, gap, mstyle, bc.rtl
				tb.Role = "body"
				tb.Tag = &typeset.Tag{Role: "P", Parent: inner.tag}
				c.quoteBar(tb, bc)
				sp.Grid = c.onGrid(ts)
				c.flow.Add(tb, sp)
				mfrag = nil
			}
			blocks = blocks[1:]
		}
		if mfrag != nil {
			mx := max(inner.left-gap-mfrag.Width, 0)
			if bc.rtl {
				mx = inner.left + inner.measure() + gap
			}
			lead := ts.lead
			base := (lead + (mfrag.Face.Ascent-mfrag.Face.Descent)*ts.size) / 2
			fr := *mfrag
			c.flow.Add(&typeset.Fixed{H: lead, Fn: func(p *typeset.Page, x, y float64) {
				p.Text(x+mx, y+base, fr.Face, mstyle.Size, mstyle.Color, fr.Text)
			}}, typeset.Spacing{Before: sp.Before, KeepWithNext: len(blocks) > 0})
		}
		prev := first != nil
		for _, b := range blocks {
			prev = c.block(b, inner, prev)
		}
	}
	c.flow.Add(&typeset.Fixed{H: 0}, typeset.Spacing{After: ts.lead * 0.3})
}

// marker sets a list marker as one fragment, in face or, when face lacks
// its first character, a fallback face that has it.
func (c *composer) marker(text string, face *typeset.Face, size float64) (*typeset.Frag, *typeset.Style) {
	b := c.builder(textStyle{})
	st := b.AddStyle(typeset.Style{Face: face, Size: size, Color: ink})
	b.Text(text, st)
	if len(b.Frags) == 0 {
		return nil, nil
	}
	f := b.Frags[0]
	if len(b.Frags) > 1 {
		// Mixed faces: set the whole marker in the first fragment's face.
		f.Text, f.Width = text, f.Face.Width(text, size)
	}
	return &f, &b.Styles[st]
}

// code sets a code block in mono, exactly, wrapping only lines too wide.
func (c *composer) code(cb *model.CodeBlock, bc blockCtx) {
	size := c.size * 0.85 * bc.scale
	ts := textStyle{fam: c.fonts.mono, size: size, lead: size * 1.25, color: ink, align: typeset.AlignLeft}
	pad := size * 0.5
	b := c.builder(ts)
	st := c.style(b, ts, 0, nil)
	text := strings.TrimRight(strings.ReplaceAll(cb.Text, "\r\n", "\n"), "\n")
	for li, line := range strings.Split(text, "\n") {
		if li > 0 {
			b.LineBreak()
		}
		codeLine(b, expandTabs(line), st)
	}
	measure := max(bc.measure()-2*pad, 24)
	b.Finish(measure)
	// Code keeps its lines: first fit wraps only what is too long.
	tb := typeset.NewTextBlock(b, typeset.Greedy{}, measure, ts.lead, size, ts.fam[regular], typeset.AlignLeft)
	if tb.NumLines() == 0 {
		return
	}
	tb.Indent = bc.left + pad
	tb.Pad = pad * 0.6
	tb.Role = "code"
	tb.Tag = &typeset.Tag{Role: "Code", Parent: bc.tag}
	// A short listing stays whole; a long one leaves at least three lines
	// on either side of a column break.
	tb.Orphans, tb.Widows = 3, 3
	if tb.NumLines() <= 8 {
		tb.Orphans = tb.NumLines()
	}
	tb.HasBackground, tb.Background, tb.BgLeft, tb.BgRight = true, shade, bc.left, bc.left+measure+2*pad
	c.flow.Add(tb, typeset.Spacing{Before: c.lead * 0.5 * bc.scale, After: c.lead * 0.5 * bc.scale})
}

// codeLine adds one line of code: every space kept, a break allowed after
// each run of spaces.
func codeLine(b *typeset.Builder, line string, st int32) {
	if line == "" {
		b.AddBox(" ", st)
		return
	}
	i := 0
	for i < len(line) {
		j := i
		for j < len(line) && line[j] == ' ' {
			j++
		}
		if j > i {
			b.AddBox(line[i:j], st)
			if j < len(line) && i > 0 {
				b.Items = append(b.Items, typeset.Item{Kind: typeset.Penalty, Penalty: 0, Frag: -1})
			}
			i = j
			continue
		}
		for j < len(line) && line[j] != ' ' {
			j++
		}
		b.Text(line[i:j], st)
		i = j
	}
}

func expandTabs(s string) string {
	if !strings.ContainsRune(s, '\t') {
		return s
	}
	var sb strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 4 - col%4
			sb.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		sb.WriteRune(r)
		col++
	}
	return sb.String()
}

// footnotes sets an article's notes after its text.
func (c *composer) footnotes(a *model.Article, bc blockCtx) {
	w := bc.width
	c.flow.Add(&typeset.Fixed{H: c.lead * 0.8, Fn: func(p *typeset.Page, x, y float64) {
		p.Line(x, y+c.lead*0.4, x+w/3, y+c.lead*0.4, 0.5, rule)
	}}, typeset.Spacing{Before: c.lead})
	nb := bc
	nb.scale = 0.85
	numW := c.fonts.body[regular].Width("00.", c.size*0.85) + c.size*0.3
	nb = nb.indented(numW)
	for _, fn := range a.Footnotes {
		nb.tag = &typeset.Tag{Role: "Note", Parent: bc.tag}
		ts := c.bodyStyle(0.85)
		label := strconv.Itoa(fn.Number) + "."
		blocks := fn.Blocks
		mb := c.builder(ts)
		mst := mb.AddStyle(typeset.Style{Face: ts.fam[regular], Size: ts.size, Color: ink})
		mb.AddBox(label, mst)
		mf := mb.Frags[0]
		mstyle := mb.Styles[mst]
		var first *model.Paragraph
		if len(blocks) > 0 {
			first, _ = blocks[0].(*model.Paragraph)
		}
		if first != nil {
			tb := c.para(first.Spans, ts, nb.measure(), 0)
			tb.Indent = nb.left
			tb.Role = "footnote"
			tb.Tag = &typeset.Tag{Role: "P", Parent: nb.tag}
			tb.Marker, tb.MarkerGap, tb.MarkerStyle = &mf, c.size*0.3, &mstyle
			if fn.ID != "" {
				tb.Anchor = c.anchorName(fn.ID)
			}
			if tb.NumLines() > 0 {
				c.flow.Add(tb, typeset.Spacing{Before: ts.lead * 0.25})
				blocks = blocks[1:]
			} else {
				first = nil
			}
		}
		if first == nil {
			x0 := max(nb.left-c.size*0.3-mf.Width, 0)
			lead := ts.lead
			base := (lead + (mf.Face.Ascent-mf.Face.Descent)*ts.size) / 2
			anchor := ""
			if fn.ID != "" {
				anchor = c.anchorName(fn.ID)
			}
			c.flow.Add(&typeset.Fixed{H: lead, Fn: func(p *typeset.Page, x, y float64) {
				if anchor != "" {
					p.Add(typeset.Op{Kind: typeset.OpAnchor, Text: anchor, Y: y})
				}
				p.Text(x+x0, y+base, mf.Face, mstyle.Size, ink, mf.Text)
			}}, typeset.Spacing{Before: ts.lead * 0.25, KeepWithNext: len(blocks) > 0})
		}
		c.blocks(blocks, nb)
	}
}

// attribution closes an article with where it first appeared and on what
// terms it is reproduced, in small type.
func (c *composer) attribution(a *model.Article, bc blockCtx) {
	if len(a.Closing) == 0 {
		return
	}
	ts := c.bodyStyle(0.8)
	ts.align = typeset.AlignLeft
	tb := c.para(a.Closing, ts, bc.measure(), 0)
	tb.Orphans, tb.Widows = 1, 1
	tb.Tag = &typeset.Tag{Role: "P", Parent: bc.tag}
	c.flow.Add(tb, typeset.Spacing{Before: c.lead})
}

// fmtPage formats a page number.
func fmtPage(n int) string { return fmt.Sprint(n) }
