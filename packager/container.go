package packager

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/offprint/offprint/packager/internal/container"
	"github.com/offprint/offprint/packager/internal/importer"
	"github.com/offprint/offprint/packager/internal/par"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// ContainerExtensions lists the extensions of the files that hold pages
// rather than one article: MHTML, web archives, feeds and exports.
var ContainerExtensions = container.Extensions

// isContainerName reports whether a file's name is a container's.
func isContainerName(name string) bool { return container.Kind(name) != "" }

// isContainer reports whether a file of fsys holds pages: a container by
// its name, or a page saved by SingleFile.
func isContainer(fsys fs.FS, file string) bool {
	if isContainerName(file) {
		return true
	}
	ext := strings.ToLower(path.Ext(file))
	if ext != ".html" && ext != ".htm" {
		return false
	}
	f, err := fsys.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return container.IsSingleFile(head[:n])
}

// containerImport is what a container gives: its articles, in order,
// and the pictures they refer to.
type containerImport struct {
	articles []*model.Article
	diags    []model.Diagnostic
	pictures *container.Store
}

// importContainer opens a container and imports each of its pages with
// the HTML importer, as if it were a saved page: a page saved by
// SingleFile or as MHTML keeps the container's path; the pages of an
// archive, feed or export are named FILE/NAME.html. The container's own
// metadata (feed titles, authors, dates, tags; archived addresses and
// capture dates) completes or overrides the page's.
func importContainer(ctx context.Context, fsys fs.FS, file string) (*containerImport, error) {
	c, err := container.Open(fsys, file)
	if err != nil {
		return nil, err
	}
	files := container.Overlay(fsys, c.Pictures)
	out := &containerImport{diags: c.Diags, pictures: c.Pictures}
	type result struct {
		a     *model.Article
		diags []model.Diagnostic
		err   error
	}
	results := make([]result, len(c.Pages))
	err = par.Each(ctx, len(c.Pages), func(i int) {
		p := c.Pages[i]
		vfile := file
		if p.Name != "" {
			vfile = file + "/" + p.Name + ".html"
		}
		a, d, err := importPage(files, vfile, p)
		results[i] = result{a, d, err}
	})
	if err != nil {
		c.Close()
		return nil, err
	}
	for _, r := range results {
		if r.err != nil {
			c.Close()
			return nil, r.err
		}
		out.articles = append(out.articles, r.a)
		out.diags = append(out.diags, r.diags...)
	}
	return out, nil
}

// importPage imports one page of a container.
func importPage(files fs.FS, vfile string, p container.Page) (a *model.Article, diags []model.Diagnostic, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, diags = nil, nil
			err = &model.Diagnostic{Severity: model.Error, Code: "internal", File: vfile,
				Msg: fmt.Sprintf("could not be imported (internal error: %v)", r), Hint: "please report this with the file attached"}
		}
	}()
	src, err := p.HTML()
	if err != nil {
		return nil, nil, &model.Diagnostic{Severity: model.Error, Code: "read", File: vfile, Msg: "cannot be read: " + err.Error(), Err: err}
	}
	a, diags, err = importer.HTML{Files: files}.Import(vfile, src)
	if err != nil {
		return nil, nil, err
	}
	a.File = vfile
	if p.Title != "" {
		if a.Title != p.Title {
			// The page's own title was a guess; the container's is
			// stated. Drop the warning about guessing it.
			diags = slices.DeleteFunc(diags, func(d model.Diagnostic) bool { return d.Code == "html-title" })
		}
		a.Title = p.Title
	}
	if len(p.Authors) > 0 {
		a.Authors = p.Authors
	}
	if p.URL != "" {
		a.URL = p.URL
	}
	switch {
	case !p.Published.IsZero():
		a.Date = p.Published.UTC()
	case a.Date.IsZero() && !p.Saved.IsZero():
		a.Date = p.Saved.UTC()
	}
	for _, t := range p.Tags {
		if t = strings.TrimSpace(t); t != "" && !slices.ContainsFunc(a.Tags, func(h string) bool { return strings.EqualFold(h, t) }) {
			a.Tags = append(a.Tags, t)
		}
	}
	if p.Entry {
		// A feed's picture that is not saved beside it is not fetched:
		// the figure keeps its caption and prints the address.
		for _, f := range a.Figures() {
			if f.Image == nil || !isWebAddress(f.Image.Src) {
				continue
			}
			if len(f.Caption) > 0 {
				f.Caption = append(f.Caption, model.Span{Text: " "})
			}
			f.Caption = append(f.Caption, model.Span{Text: "Picture: "}, model.Span{Text: f.Image.Src, Link: f.Image.Src})
		}
	}
	if p.Summary {
		note := []model.Span{{Text: "This is the summary the feed carries, not the whole article.", Style: model.Emph}}
		if a.URL != "" {
			note = append(note, model.Span{Text: " The article is at ", Style: model.Emph}, model.Span{Text: a.URL, Link: a.URL, Style: model.Emph}, model.Span{Text: ".", Style: model.Emph})
		}
		a.Blocks = append(a.Blocks, &model.Paragraph{Spans: note})
		if !slices.Contains(a.Tags, "summary") {
			a.Tags = append(a.Tags, "summary")
		}
	}
	return a, diags, nil
}

// notContainer reports whether err says a file with a container's
// extension holds something else.
func notContainer(err error) bool {
	var nc *container.NotContainerError
	return errors.As(err, &nc)
}

// containerPages records which articles each container file became.
type containerPages struct {
	files    map[string][]string // container → its articles' files
	pictures []*container.Store
}

func (p *containerPages) add(file string, ci *containerImport) {
	if p.files == nil {
		p.files = map[string][]string{}
	}
	var list []string
	if ci != nil {
		for _, a := range ci.articles {
			list = append(list, a.File)
		}
		if ci.pictures != nil && ci.pictures.Len() > 0 {
			p.pictures = append(p.pictures, ci.pictures)
		}
	}
	p.files[file] = list
}

// expand replaces each container in files by its articles' files, in
// the container's order.
func (p *containerPages) expand(files []string) []string {
	if p == nil || len(p.files) == 0 {
		return files
	}
	out := make([]string, 0, len(files))
	for _, f := range files {
		if list, ok := p.files[f]; ok {
			out = append(out, list...)
			continue
		}
		out = append(out, f)
	}
	return out
}

// skipNotContainer is the warning for a .xml or .json file that is not a
// feed or export: it is skipped.
func skipNotContainer(file string, err error) model.Diagnostic {
	var nc *container.NotContainerError
	errors.As(err, &nc)
	return model.Warnf("not-article", file, 0, "is not %s and is skipped", nc.What).
		WithHint("move it out of articles/ if it is not meant to be read")
}

// FS returns the file system the edition's pictures are read from: base,
// with the pictures of the containers Load read (SingleFile pages, MHTML,
// web archives, feeds, exports) under their containers' paths.
func (l *Loaded) FS(base fs.FS) fs.FS {
	if l == nil {
		return base
	}
	return container.Overlay(base, l.pictures...)
}

// ImportArticles is ImportArticle for any file import reads: an article
// file gives one article; a container (a SingleFile page, MHTML, a web
// archive, a feed, a wallabag export) gives one per page, each named
// after its title and reading its pictures from the container (see
// Imported.FS).
func ImportArticles(fsys fs.FS, file string) ([]*Imported, error) {
	if !isContainer(fsys, file) {
		im, err := ImportArticle(fsys, file)
		if err != nil {
			return nil, err
		}
		return []*Imported{im}, nil
	}
	ci, err := importContainer(context.Background(), fsys, file)
	if err != nil {
		var nc *container.NotContainerError
		if errors.As(err, &nc) {
			return nil, &model.Diagnostic{Severity: model.Error, Code: "format", File: file, Msg: "is not " + nc.What,
				Hint: "import reads RSS, Atom and JSON feeds and wallabag exports among .xml and .json files"}
		}
		return nil, err
	}
	files := container.Overlay(fsys, ci.pictures)
	var out []*Imported
	used := map[string]int{}
	for i, a := range ci.articles {
		var slug string
		if a.File == file {
			slug = present.SlugWords(strings.TrimSuffix(path.Base(file), path.Ext(file)), 60)
		} else {
			slug = present.SlugWords(a.Title, 60)
		}
		if slug == "" {
			slug = fmt.Sprintf("article-%d", i+1)
		}
		if used[slug]++; used[slug] > 1 {
			slug = fmt.Sprintf("%s-%d", slug, used[slug])
		}
		var diags []model.Diagnostic
		if i == 0 {
			diags = ci.diags
		}
		im := importedOf(files, a, diags, slug)
		im.FS = files
		out = append(out, im)
	}
	return out, nil
}

// isWebAddress reports whether a picture reference is an http(s) address.
func isWebAddress(src string) bool {
	s := strings.ToLower(strings.TrimSpace(src))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}
