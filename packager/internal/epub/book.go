package epub

import (
	"fmt"
	"strings"

	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// book is what rendering one edition needs to know across pages: which
// file every article, section, heading, figure and note ends up in, and
// the pictures.
type book struct {
	ed   *model.Edition
	pics *pictureSet
	warn func(model.Diagnostic)

	files  names // XHTML file names in xhtml/, lowercased
	secs   []*secInfo
	arts   []*artInfo
	byArt  map[*model.Article]*artInfo
	byID   map[string]*artInfo
	global map[string]target // a model id → where it is
	warned map[string]bool
	// figurePictures is set once a figure shows a picture.
	figurePictures bool
	// pageRefs are the print pages' markers, in the order written.
	pageRefs []pageRef
	// backInArticle puts the markers of the printed back pages at the end
	// of the last article, when the book has no credits page.
	backInArticle bool
}

// secInfo is a section that has articles, and its page ("" file for the
// implicit section of an edition without section titles).
type secInfo struct {
	sec  *model.Section
	file string
	id   string
	arts []*artInfo
}

// target is an anchor in a file of xhtml/ ("" anchor: the top of it).
type target struct{ file, anchor string }

// artInfo is where an article and everything in it are.
type artInfo struct {
	a       *model.Article
	sec     *model.Section
	lang    string // the article's language tag, checked; "" for the book's
	dir     string // "rtl" or ""
	file    string // in xhtml/
	anchor  string // id of the <article> element
	anchors names  // ids used in the article's file
	local   map[string]string
	heads   map[*model.Heading]string
	figs    map[*model.Figure]string
	figures []*model.Figure // every figure, in order, notes included
	notes   map[int]string  // footnote number → anchor of the note
	backref map[int]string  // footnote number → anchor of its first reference
}

func (ai *artInfo) headAnchor(h *model.Heading) string {
	if ai == nil {
		return ""
	}
	return ai.heads[h]
}

func (ai *artInfo) figAnchor(f *model.Figure) string {
	if ai == nil {
		return ""
	}
	return ai.figs[f]
}

func (ai *artInfo) noteAnchor(n int) string {
	if ai == nil {
		return ""
	}
	return ai.notes[n]
}

// Fixed pages in xhtml/.
const (
	coverFile   = "cover.xhtml"
	titleFile   = "title.xhtml"
	creditsFile = "credits.xhtml"
)

// plan gives every section and article a file and every heading, figure
// and footnote an anchor, before any page is written, so that links may
// point forwards.
func plan(ed *model.Edition, pics *pictureSet, warn func(model.Diagnostic)) *book {
	bk := &book{
		ed:     ed,
		pics:   pics,
		warn:   warn,
		files:  names{coverFile: true, titleFile: true, creditsFile: true},
		byArt:  map[*model.Article]*artInfo{},
		byID:   map[string]*artInfo{},
		global: map[string]target{},
		warned: map[string]bool{},
	}
	for _, sec := range ed.Sections {
		si := &secInfo{sec: sec}
		if present.Listed(sec) {
			si.file = bk.files.uniqueFile(ncName(sec.ID, "s-"), ".xhtml")
			si.id = strings.TrimSuffix(si.file, ".xhtml")
			bk.remember(sec.ID, target{si.file, si.id})
		}
		for _, a := range sec.Articles {
			si.arts = append(si.arts, bk.planArticle(a, sec))
		}
		if len(si.arts) > 0 {
			bk.secs = append(bk.secs, si)
		}
	}
	return bk
}

func (bk *book) remember(id string, t target) {
	if _, ok := bk.global[id]; !ok && id != "" {
		bk.global[id] = t
	}
}

func (bk *book) planArticle(a *model.Article, sec *model.Section) *artInfo {
	stem := ncName(a.ID, "a-")
	ai := &artInfo{
		a:       a,
		sec:     sec,
		file:    bk.files.uniqueFile(stem, ".xhtml"),
		anchors: names{},
		local:   map[string]string{},
		heads:   map[*model.Heading]string{},
		figs:    map[*model.Figure]string{},
		notes:   map[int]string{},
		backref: map[int]string{},
	}
	bk.arts = append(bk.arts, ai)
	bk.byArt[a] = ai
	bk.byID[a.ID] = ai
	ai.lang, ai.dir = a.Lang, a.Dir
	// Notes first: their anchors are fn-N.
	for _, fn := range a.Footnotes {
		if fn.Number <= 0 || ai.notes[fn.Number] != "" {
			continue
		}
		ai.notes[fn.Number] = ai.anchors.unique(fmt.Sprintf("fn-%d", fn.Number))
		if fn.ID != "" {
			ai.local[fn.ID] = ai.notes[fn.Number]
		}
	}
	ai.anchor = ai.anchors.unique(stem)
	ai.local[a.ID] = ai.anchor
	a.Walk(func(b model.Block) {
		switch b := b.(type) {
		case *model.Heading:
			if b.ID != "" {
				ai.heads[b] = ai.anchors.unique(ncName(b.ID, "h-"))
				if _, ok := ai.local[b.ID]; !ok {
					ai.local[b.ID] = ai.heads[b]
				}
			}
		case *model.Figure:
			ai.figures = append(ai.figures, b)
			if b.ID != "" {
				ai.figs[b] = ai.anchors.unique(ncName(b.ID, "fig-"))
				if _, ok := ai.local[b.ID]; !ok {
					ai.local[b.ID] = ai.figs[b]
				}
			}
		}
	})
	for id, anchor := range ai.local {
		bk.remember(id, target{ai.file, anchor})
	}
	bk.global[a.ID] = target{ai.file, ai.anchor} // an article's own id wins
	return ai
}

// warnOnce reports d unless the same message was reported already.
func (bk *book) warnOnce(d model.Diagnostic) {
	key := d.Code + "\x00" + d.File + "\x00" + d.Msg
	if bk.warned[key] {
		return
	}
	bk.warned[key] = true
	if bk.warn != nil {
		bk.warn(d)
	}
}

// href is where a resolved link leads from the page file: an external
// address, or the file and anchor where the target's id ended up. It is
// "" for no target; the text is then kept without a link.
func (bk *book) href(file string, t *model.Target) string {
	if t == nil {
		return ""
	}
	if t.Kind == model.LinkExternal {
		return t.URL
	}
	tg, ok := target{}, false
	if ai := bk.byID[t.Article]; ai != nil {
		var anchor string
		if anchor, ok = ai.local[t.ID]; ok {
			tg = target{ai.file, anchor}
		}
	}
	if !ok {
		if tg, ok = bk.global[t.ID]; !ok {
			return ""
		}
	}
	switch {
	case tg.file == file:
		return "#" + tg.anchor
	case tg.anchor == "":
		return tg.file
	}
	return tg.file + "#" + tg.anchor
}

// figurePicture returns the picture a figure shows in the book, or nil
// when it has none or its picture cannot be used (reported once).
func (bk *book) figurePicture(ai *artInfo, f *model.Figure) *picture {
	if f.Image == nil || f.Image.Path == "" {
		return nil
	}
	pic, fresh, err := bk.pics.get(f.Image)
	file := ""
	if ai != nil {
		file = ai.a.File
	}
	if err == nil && fresh {
		code, hint := "svg-link", "give each link in the SVG a <title>, or remove the links"
		if !strings.Contains(pic.Note, "hyperlink") {
			code, hint = "svg-cleaned", "the picture is shown without what was removed"
		}
		bk.warnOnce(model.Diagnostic{
			Severity: model.Warning, Code: code, File: file, Line: f.Line,
			Msg:  fmt.Sprintf("picture %s: %s", f.Image.Path, pic.Note),
			Hint: hint,
		})
	}
	if err != nil {
		if fresh {
			bk.warnOnce(model.Diagnostic{
				Severity: model.Warning, Code: "bad-image", File: file, Line: f.Line,
				Msg:  fmt.Sprintf("picture %s cannot go into the EPUB (%v); its caption and credit are shown without it", f.Image.Path, err),
				Hint: "check that the file is a readable JPEG, PNG, GIF, WebP or SVG picture",
				Err:  err,
			})
		}
		return nil
	}
	bk.figurePictures = true
	return pic
}
