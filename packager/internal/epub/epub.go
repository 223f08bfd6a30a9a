package epub

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/media"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// Options configure the EPUB renderer.
type Options struct {
	Layout *layouts.Layout
	// FS is the edition folder: pictures are read from it.
	FS fs.FS
	// Warn receives problems found while rendering; safe for concurrent use.
	Warn func(model.Diagnostic)
	// Cache keeps scaled pictures between builds; nil for none.
	Cache media.Cache
	// WaitPrint, when set, returns once the edition's PrintPages are
	// known (the PDF built with the book is laid out); the book's
	// pictures are prepared meanwhile.
	WaitPrint func(ctx context.Context)
}

// Renderer writes EPUB 3 books.
type Renderer struct {
	opts Options
}

// New returns an EPUB renderer.
func New(opts Options) *Renderer { return &Renderer{opts: opts} }

// Format returns "epub".
func (r *Renderer) Format() string { return "epub" }

// Render writes the edition as <slug>.epub.
//
// The reading order is: cover, title page, contents (when the layout has a
// table of contents), then each section's page and its articles, then
// "Sources and credits" (when the layout has a credits page). Problems
// that leave a usable book, such as a picture that cannot be read, go to
// Options.Warn; the figure keeps its caption and credit.
func (r *Renderer) Render(ctx context.Context, ed *model.Edition, open func(name string) (io.Writer, error)) error {
	if ed == nil || ed.Shown == nil {
		return errors.New("no presented edition to render")
	}
	var warnMu sync.Mutex
	warn := func(d model.Diagnostic) {
		if r.opts.Warn == nil {
			return
		}
		warnMu.Lock()
		defer warnMu.Unlock()
		r.opts.Warn(d)
	}
	lay := settingsOf(r.opts.Layout)
	lay.pictures.Cache = r.opts.Cache
	pics := newPictureSet(r.opts.FS, lay.pictures)
	pics.prefetch(ctx, pictureList(ed))
	bk := plan(ed, pics, warn)

	css := r.stylesheet(warn)
	cover := r.cover(ed, lay, pics, warn)

	lang, id, title := ed.Language, ed.Identifier, ed.Shown.Title
	dir := ""
	if model.IsRTL(lang) {
		dir = "rtl"
	}

	if r.opts.WaitPrint != nil {
		r.opts.WaitPrint(ctx)
	}
	pages, err := pagesOf(ctx, bk, lay, cover)
	if err != nil {
		return err
	}

	meta := bookMetadata(ed)
	meta.Identifier = id
	meta.Language = lang
	meta.Visual = bk.figurePictures
	meta.TextualSufficient = present.TextualSufficient(ed)
	meta.AccessibilitySummary = accessibilitySummary(meta)
	if cover != nil {
		meta.CoverID = cover.ID
	}
	c := newContainer(ed.Modified, meta)
	c.PPD = dir
	for _, p := range pics.list {
		if err := c.addPicture(p); err != nil {
			return err
		}
	}
	if _, err := c.addFile(cssFile, "", "text/css", "", css); err != nil {
		return err
	}
	for _, pg := range pages {
		body := xhtmlPage(pg.title, "../"+cssFile, lang, dir, pg.body)
		p, err := c.addFile("xhtml/"+pg.file, "", "application/xhtml+xml", "", body)
		if err != nil {
			return err
		}
		c.Spine = append(c.Spine, p.ID)
		if lay.toc && pg.file == titleFile {
			c.Spine = append(c.Spine, "nav")
		}
	}
	nav := &navDoc{
		Identifier: id,
		Title:      title,
		Author:     present.JoinNames(creatorNames(meta.Creators)),
		Lang:       lang,
		Dir:        dir,
		CSS:        cssFile,
		Heading:    "Contents",
		Points:     bk.contentsTo(lay.credits, lay.tocDepth),
		Landmarks:  bk.landmarks(lay, cover != nil),
		PageList:   bk.pageRefs,
	}
	if _, err := c.addFile("nav.xhtml", "nav", "application/xhtml+xml", "nav", nav.xhtml()); err != nil {
		return err
	}
	if _, err := c.addFile("toc.ncx", "ncx", "application/x-dtbncx+xml", "", nav.ncx()); err != nil {
		return err
	}
	w, err := open(ed.Slug + ".epub")
	if err != nil {
		return err
	}
	return c.write(ctx, w)
}

// pageDoc is the body of one page of the book, its title and its file in
// xhtml/.
type pageDoc struct{ file, title, body string }

// pagesOf writes every page in reading order: cover, title page, each
// section's page followed by its articles, Sources and credits.
func pagesOf(ctx context.Context, bk *book, lay settings, cover *picture) ([]pageDoc, error) {
	var out []pageDoc
	add := func(body, title, file string) { out = append(out, pageDoc{file: file, title: title, body: body}) }
	bk.backInArticle = !lay.credits
	if cover != nil && lay.coverPage {
		add(bk.coverPage(cover), "Cover", coverFile)
	}
	add(bk.titlePage(), bk.ed.Shown.Title, titleFile)
	for _, si := range bk.secs {
		if si.file != "" {
			add(bk.sectionPage(si), si.sec.Title, si.file)
		}
		for _, ai := range si.arts {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			add(bk.articlePage(ai), ai.a.Title, ai.file)
		}
	}
	if lay.credits {
		add(bk.creditsPage(), "Sources and credits", creditsFile)
	}
	return out, ctx.Err()
}

// settings are the parts of a layout the EPUB follows.
type settings struct {
	coverStyle string // image, masthead or none
	coverPage  bool
	toc        bool
	credits    bool
	tocDepth   int // levels of the navigation, articles being the first
	pictures   policy
}

func settingsOf(l *layouts.Layout) settings {
	if l == nil {
		return settings{coverStyle: "image", coverPage: true, toc: true, credits: true, tocDepth: 3}
	}
	return settings{
		coverStyle: l.Cover,
		// cover: none leaves the cover page out of the reading order; the
		// book still carries a cover image for library thumbnails.
		coverPage: l.Cover != "none",
		toc:       l.TOC,
		credits:   l.Credits,
		tocDepth:  l.TOCDepth,
		pictures: policy{Policy: media.Policy{
			MaxPx:     l.EPUB.MaxPx,
			Quality:   l.EPUB.Quality,
			Grayscale: l.EPUB.Grayscale,
			MaxPixels: l.Images.MaxPixels,
		}},
	}
}

// stylesheet is the built-in stylesheet followed by the layout's own.
func (r *Renderer) stylesheet(warn func(model.Diagnostic)) []byte {
	css := bytes.Clone(layouts.BaseCSS())
	l := r.opts.Layout
	if l == nil || l.EPUB.CSS == "" {
		return css
	}
	extra, err := l.ReadFile(l.EPUB.CSS)
	if err != nil {
		warn(model.Diagnostic{
			Severity: model.Warning, Code: "layout-css", File: l.Origin(),
			Msg:  fmt.Sprintf("epub.css: %s cannot be read (%v); the EPUB uses the built-in stylesheet only", l.EPUB.CSS, err),
			Hint: "the path is relative to the layout file",
			Err:  err,
		})
		return css
	}
	if !bytes.HasSuffix(css, []byte("\n")) {
		css = append(css, '\n')
	}
	css = append(css, fmt.Sprintf("\n/* %s */\n", strings.ReplaceAll(l.EPUB.CSS, "*/", "* /"))...)
	return append(css, extra...)
}

// cover returns the book's cover image: the edition's cover picture, else
// a drawn masthead (also when the layout asks for one). It returns nil
// only when neither can be had.
func (r *Renderer) cover(ed *model.Edition, lay settings, pics *pictureSet, warn func(model.Diagnostic)) *picture {
	var pic *picture
	if lay.coverStyle != "masthead" && ed.Cover != nil && ed.Cover.Path != "" {
		p, _, err := pics.get(ed.Cover)
		if err != nil {
			warn(model.Diagnostic{
				Severity: model.Warning, Code: "cover",
				Msg: fmt.Sprintf("cover picture %s cannot go into the EPUB (%v); a masthead is drawn instead", ed.Cover.Path, err),
				Err: err,
			})
		} else {
			pic = p
		}
	}
	if pic == nil {
		data, err := drawMasthead(ed)
		if err != nil {
			warn(model.Diagnostic{Severity: model.Warning, Code: "cover", Msg: fmt.Sprintf("the cover cannot be drawn: %v", err), Err: err})
			return nil
		}
		pic = pics.addMemory("cover", "image/png", data, mastheadW, mastheadH)
	}
	pic.Cover = true
	return pic
}

func creatorNames(cs []creator) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// pictureList lists the distinct pictures an edition shows, cover first.
func pictureList(ed *model.Edition) []*model.Image {
	seen := map[string]bool{}
	var out []*model.Image
	for _, im := range ed.Images() {
		if im.Path != "" && !seen[im.Path] {
			seen[im.Path] = true
			out = append(out, im)
		}
	}
	return out
}
