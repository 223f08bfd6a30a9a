package epub

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"sync"

	goepub "github.com/go-shiori/go-epub"
	"github.com/vincent-petithory/dataurl"

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
}

// Renderer writes EPUB 3 books.
type Renderer struct {
	opts Options
}

// New returns an EPUB renderer.
func New(opts Options) *Renderer { return &Renderer{opts: opts} }

// Format returns "epub".
func (r *Renderer) Format() string { return "epub" }

// goepubMu guards go-epub's package-level file system: WriteTo builds the
// book in a map that has no lock of its own, and editions may be rendered
// concurrently.
var goepubMu sync.Mutex

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
	pics.prefetch(ctx, picturePaths(ed))
	bk := plan(ed, pics, warn)

	css := r.stylesheet(warn)
	cover := r.cover(ed, lay, pics, warn)

	lang, id, title := ed.Language, ed.Identifier, label(ed.Shown.Title)

	e, err := goepub.NewEpub(title)
	if err != nil {
		return fmt.Errorf("starting the book: %w", err)
	}
	// go-epub fetches http(s) sources; it is only ever given data, and a
	// client that cannot reach the network makes sure of it.
	e.Client = &http.Client{Transport: offline{}}
	e.SetIdentifier(id)
	e.SetLang(lang)
	cssPath, err := e.AddCSS(dataurl.New(css, "text/css", "charset", "utf-8").String(), "offprint.css")
	if err != nil {
		return fmt.Errorf("adding the stylesheet: %w", err)
	}
	if err := addPages(ctx, e, bk, lay, cover, cssPath); err != nil {
		return err
	}
	src, err := writeGoEpub(e)
	if err != nil {
		return err
	}

	meta := bookMetadata(ed, ed.Shown.AuthorNames)
	meta.Identifier = id
	meta.Language = lang
	meta.Visual = bk.figurePictures
	meta.AccessibilitySummary = accessibilitySummary(bk.figurePictures)
	if cover != nil {
		meta.CoverID = cover.ID
	}
	dir := ""
	if model.IsRTL(lang) {
		dir = "rtl"
	}
	nav := &navDoc{
		Identifier: id,
		Title:      title,
		Author:     present.JoinNames(creatorNames(meta.Creators)),
		Lang:       lang,
		Dir:        dir,
		CSS:        strings.TrimPrefix(cssPath, "../"),
		Heading:    "Contents",
		Points:     bk.contents(lay.credits),
		Landmarks:  bk.landmarks(lay, cover != nil),
	}
	fx := &fixup{
		Modified: ed.Modified,
		Meta:     meta,
		Replace: map[string][]byte{
			"nav.xhtml": nav.xhtml(),
			"toc.ncx":   nav.ncx(),
		},
		Lang:     lang,
		Dir:      dir,
		Pictures: pics.list,
		PPD:      dir,
	}
	if lay.toc {
		fx.NavAfter = "xhtml/" + titleFile
	}
	w, err := open(ed.Slug + ".epub")
	if err != nil {
		return err
	}
	return postprocess(src, w, fx)
}

// addPages hands go-epub every page in reading order: cover, title page,
// each section's page with its articles under it, Sources and credits.
func addPages(ctx context.Context, e *goepub.Epub, bk *book, lay settings, cover *picture, cssPath string) error {
	add := func(body, title, file string) error {
		if _, err := e.AddSection(body, label(title), file, cssPath); err != nil {
			return fmt.Errorf("adding %s: %w", file, err)
		}
		return nil
	}
	if cover != nil && lay.coverPage {
		if err := add(bk.coverPage(cover), "Cover", coverFile); err != nil {
			return err
		}
	}
	if err := add(bk.titlePage(), bk.ed.Title, titleFile); err != nil {
		return err
	}
	for _, si := range bk.secs {
		if si.file != "" {
			if err := add(bk.sectionPage(si), si.sec.Title, si.file); err != nil {
				return err
			}
		}
		for _, ai := range si.arts {
			if err := ctx.Err(); err != nil {
				return err
			}
			body := bk.articlePage(ai)
			if si.file == "" {
				if err := add(body, ai.a.Title, ai.file); err != nil {
					return err
				}
				continue
			}
			if _, err := e.AddSubSection(si.file, body, label(ai.a.Title), ai.file, cssPath); err != nil {
				return fmt.Errorf("adding %s: %w", ai.file, err)
			}
		}
	}
	if lay.credits {
		if err := add(bk.creditsPage(), "Sources and credits", creditsFile); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// settings are the parts of a layout the EPUB follows.
type settings struct {
	coverStyle string // image, masthead or none
	coverPage  bool
	toc        bool
	credits    bool
	pictures   policy
}

func settingsOf(l *layouts.Layout) settings {
	if l == nil {
		return settings{coverStyle: "image", coverPage: true, toc: true, credits: true}
	}
	return settings{
		coverStyle: l.Cover,
		// cover: none leaves the cover page out of the reading order; the
		// book still carries a cover image for library thumbnails.
		coverPage: l.Cover != "none",
		toc:       l.TOC,
		credits:   l.Credits,
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
		p, _, err := pics.get(ed.Cover.Path)
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

// writeGoEpub has go-epub write the book into memory.
func writeGoEpub(e *goepub.Epub) ([]byte, error) {
	goepubMu.Lock()
	defer goepubMu.Unlock()
	if err := goepub.Use(goepub.MemoryFS); err != nil {
		return nil, fmt.Errorf("go-epub: %w", err)
	}
	var buf bytes.Buffer
	if _, err := e.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("go-epub: %w", err)
	}
	return buf.Bytes(), nil
}

// offline is an http.RoundTripper that refuses every request.
type offline struct{}

func (offline) RoundTrip(req *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("offprint never touches the network (asked for %s)", req.URL.Redacted())
}

func creatorNames(cs []creator) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// picturePaths lists the distinct pictures an edition shows, cover first.
func picturePaths(ed *model.Edition) []string {
	seen := map[string]bool{}
	var out []string
	add := func(im *model.Image) {
		if im != nil && im.Path != "" && !seen[im.Path] {
			seen[im.Path] = true
			out = append(out, im.Path)
		}
	}
	add(ed.Cover)
	for _, s := range ed.Sections {
		if s == nil {
			continue
		}
		for _, a := range s.Articles {
			if a == nil {
				continue
			}
			for _, f := range a.Figures() {
				if f != nil {
					add(f.Image)
				}
			}
		}
	}
	return out
}
