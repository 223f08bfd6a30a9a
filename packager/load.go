package packager

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/offprint/offprint/packager/internal/container"
	"github.com/offprint/offprint/packager/internal/importer"
	"github.com/offprint/offprint/packager/internal/media"
	"github.com/offprint/offprint/packager/internal/par"
	"github.com/offprint/offprint/packager/model"
)

// ArticlesDir is the folder of an edition that holds its articles.
const ArticlesDir = "articles"

// MaxArticleBytes is the largest article file read.
const MaxArticleBytes = 64 << 20

// LoadOptions change which articles Load picks.
type LoadOptions struct {
	// Drafts includes articles marked draft: true.
	Drafts bool
	// Since and Until, when set, narrow every section to articles dated
	// within them (inclusive days).
	Since, Until time.Time
	// Progress, when set, is called as each article file is imported,
	// from any goroutine, with the count done and the total.
	Progress func(done, total int)
}

// Loaded is the result of Load: the edition's sections with their articles
// imported, in order, and what was noticed on the way.
type Loaded struct {
	Sections []LoadedSection
	Diags    []model.Diagnostic
	// pictures are the pictures of the containers read (see FS).
	pictures []*container.Store
}

// LoadedSection is a section and its articles, in order.
type LoadedSection struct {
	Title    string
	Articles []*model.Article
}

// Load reads the edition's articles: the files each section names (paths
// and globs, in order) or selects by front matter, or, with no sections,
// every article under articles/ sorted by date then title. Each file is
// read and imported once, in parallel; an article named twice appears once,
// in its first place. Errors name the file and line.
func Load(ctx context.Context, fsys fs.FS, cfg *Config, opts LoadOptions) (*Loaded, error) {
	type pick struct {
		files    []string
		selector *Selection
	}
	var picks []pick
	needAll := len(cfg.Sections) == 0
	for i, s := range cfg.Sections {
		var p pick
		for j, pat := range s.Articles {
			files, err := expand(fsys, pat)
			if err != nil {
				return nil, &ConfigError{File: cfg.File, Key: fmt.Sprintf("sections.%d.articles.%d", i, j), Msg: err.Error()}
			}
			p.files = append(p.files, files...)
		}
		if s.Select != nil {
			p.selector = s.Select
			needAll = true
		}
		picks = append(picks, p)
	}
	var all []string
	if needAll {
		var err error
		all, err = articleFiles(fsys)
		if err != nil {
			return nil, err
		}
		if len(cfg.Sections) == 0 && len(all) == 0 {
			return nil, &model.Diagnostic{Severity: model.Error, Code: "no-articles", File: ArticlesDir,
				Msg: "the edition has no articles", Hint: "put .md, .html or .txt files under articles/, or list them under sections: in " + cfg.File}
		}
	}

	// Import every file once.
	want := slices.Clone(all)
	for _, p := range picks {
		want = append(want, p.files...)
	}
	slices.Sort(want)
	want = slices.Compact(want)
	articles, diags, pages, err := importAll(ctx, fsys, want, opts.Progress)
	if err != nil {
		return nil, err
	}
	resolvePictureRefs(fsys, articles)
	out := &Loaded{Diags: diags, pictures: pages.pictures}
	all = pages.expand(all)
	for i := range picks {
		picks[i].files = pages.expand(picks[i].files)
	}
	keep := func(a *model.Article) bool {
		if a.Draft && !opts.Drafts {
			return false
		}
		return inRange(a.Date, opts.Since, opts.Until)
	}
	placed := map[string]bool{}
	if len(cfg.Sections) == 0 {
		var list []*model.Article
		for _, f := range all {
			if a := articles[f]; keep(a) {
				list = append(list, a)
			}
		}
		sortArticles(list, "date")
		if len(list) == 0 {
			return nil, &model.Diagnostic{Severity: model.Error, Code: "empty", File: cfg.File,
				Msg: "the edition is empty: " + explainEmpty(nil, nil, collect(articles, all), opts, nil), Hint: emptyHint(opts)}
		}
		out.Sections = []LoadedSection{{Articles: list}}
		return out, nil
	}
	var why []string
	for i, s := range cfg.Sections {
		var list []*model.Article
		add := func(a *model.Article) {
			if !placed[a.File] && keep(a) {
				placed[a.File] = true
				list = append(list, a)
			}
		}
		for _, f := range picks[i].files {
			add(articles[f])
		}
		if sel := picks[i].selector; sel != nil {
			var matched []*model.Article
			for _, f := range all {
				if a := articles[f]; selects(sel, a) && !placed[a.File] && keep(a) {
					matched = append(matched, a)
				}
			}
			sortArticles(matched, sel.Sort)
			if sel.Limit > 0 && len(matched) > sel.Limit {
				matched = matched[:sel.Limit]
			}
			for _, a := range matched {
				add(a)
			}
		}
		if len(list) == 0 {
			var named []*model.Article
			for _, f := range picks[i].files {
				named = append(named, articles[f])
			}
			reason := fmt.Sprintf("section %q is empty: %s", s.Title, explainEmpty(named, picks[i].selector, collect(articles, all), opts, placed))
			why = append(why, reason)
			out.Diags = append(out.Diags, model.Diagnostic{Severity: model.Warning, Code: "empty-section", File: cfg.File, Msg: reason + "; it is left out", Hint: emptyHint(opts)})
			continue
		}
		out.Sections = append(out.Sections, LoadedSection{Title: s.Title, Articles: list})
	}
	if len(out.Sections) == 0 {
		return nil, &model.Diagnostic{Severity: model.Error, Code: "empty", File: cfg.File,
			Msg: "the edition is empty:\n" + strings.Join(why, "\n"), Hint: emptyHint(opts)}
	}
	return out, nil
}

func collect(m map[string]*model.Article, files []string) []*model.Article {
	out := make([]*model.Article, 0, len(files))
	for _, f := range files {
		out = append(out, m[f])
	}
	return out
}

// explainEmpty says which filter left nothing: it applies the section's
// filters one after another to the articles it named and the pool it
// selects from, and reports the count after each.
func explainEmpty(named []*model.Article, sel *Selection, pool []*model.Article, opts LoadOptions, placed map[string]bool) string {
	var steps []string
	step := func(list []*model.Article, what string, keep func(*model.Article) bool) []*model.Article {
		var out []*model.Article
		for _, a := range list {
			if keep(a) {
				out = append(out, a)
			}
		}
		steps = append(steps, fmt.Sprintf("%d %s", len(out), what))
		return out
	}
	var list []*model.Article
	switch {
	case len(named) > 0:
		list = named
		steps = append(steps, fmt.Sprintf("it names %d", len(named)))
	case sel == nil:
		list = pool
		steps = append(steps, fmt.Sprintf("articles/ holds %d", len(pool)))
	default:
		list = pool
		steps = append(steps, fmt.Sprintf("of %d articles", len(pool)))
	}
	if sel != nil && len(named) == 0 {
		if len(sel.Tags) > 0 {
			list = step(list, "have tags "+strings.Join(sel.Tags, ", "), func(a *model.Article) bool { return anyTag(a.Tags, sel.Tags) })
		}
		if len(sel.ExcludeTags) > 0 {
			list = step(list, "are left without tags "+strings.Join(sel.ExcludeTags, ", "), func(a *model.Article) bool { return !anyTag(a.Tags, sel.ExcludeTags) })
		}
		if len(sel.Sources) > 0 {
			list = step(list, "come from "+strings.Join(sel.Sources, ", "), func(a *model.Article) bool {
				return slices.ContainsFunc(sel.Sources, func(s string) bool { return strings.EqualFold(s, a.Source) })
			})
		}
		if !sel.dates.IsZero() {
			since, until := sel.dates.Since, sel.dates.Until
			list = step(list, "fall within "+rangeText(since, until)+" (select:)", func(a *model.Article) bool { return inRange(a.Date, since, until) })
		}
	}
	if !opts.Since.IsZero() || !opts.Until.IsZero() {
		list = step(list, "fall within "+rangeText(opts.Since, opts.Until)+" (--week, --since, --until)", func(a *model.Article) bool { return inRange(a.Date, opts.Since, opts.Until) })
	}
	if !opts.Drafts {
		list = step(list, "are not drafts", func(a *model.Article) bool { return !a.Draft })
	}
	if len(placed) > 0 {
		step(list, "are not already in an earlier section", func(a *model.Article) bool { return !placed[a.File] })
	}
	return strings.Join(steps, ", ")
}

func rangeText(since, until time.Time) string {
	switch {
	case since.IsZero():
		return "up to " + until.Format("2006-01-02")
	case until.IsZero():
		return "from " + since.Format("2006-01-02")
	}
	return since.Format("2006-01-02") + " – " + until.Format("2006-01-02")
}

func emptyHint(opts LoadOptions) string {
	if !opts.Since.IsZero() || !opts.Until.IsZero() {
		return "check the dates: articles are picked by the date in their front matter"
	}
	return "check the section's articles and select: filters, or pass --drafts if they are drafts"
}

// expand turns one articles: entry into files: a path, or a glob whose
// matches are sorted by name.
func expand(fsys fs.FS, pat string) ([]string, error) {
	if err := checkPattern(pat); err != nil {
		return nil, err
	}
	pat = path.Clean(strings.ReplaceAll(pat, `\`, "/"))
	if !strings.ContainsAny(pat, "*?[") {
		st, err := fs.Stat(fsys, pat)
		if err != nil {
			return nil, fmt.Errorf("%s: no such file", pat)
		}
		if st.IsDir() {
			files, err := articleFilesUnder(fsys, pat)
			if err != nil {
				return nil, err
			}
			return files, nil
		}
		if !importer.IsArticle(pat) && !isContainerName(pat) {
			return nil, fmt.Errorf("%s is not an article (articles are %s files)", pat, strings.Join(importer.Extensions, ", "))
		}
		return []string{pat}, nil
	}
	matches, err := fs.Glob(fsys, pat)
	if err != nil {
		return nil, fmt.Errorf("%q is not a valid pattern: %v", pat, err)
	}
	var files []string
	for _, m := range matches {
		st, err := fs.Stat(fsys, m)
		switch {
		case err != nil:
		case st.IsDir():
			if index := bundleIndex(fsys, m); index != "" {
				files = append(files, index)
			}
		case (importer.IsArticle(m) || isContainerName(m)) && !importer.IsSectionPage(m):
			files = append(files, m)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s matches no article files", pat)
	}
	return files, nil
}

// articleFiles lists every article file under articles/, sorted by path.
func articleFiles(fsys fs.FS) ([]string, error) {
	if _, err := fs.Stat(fsys, ArticlesDir); err != nil {
		return nil, nil
	}
	return articleFilesUnder(fsys, ArticlesDir)
}

// articleFilesUnder lists the article files under dir, sorted by path.
// A page bundle (a folder holding index.md or index.html, as Hugo and
// Zola write them) is one article: its index file, the rest of the
// folder being its pictures and attachments. A Hugo section page
// (_index.md) is never an article.
func articleFilesUnder(fsys fs.FS, dir string) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			// Skip hidden folders and the _files folders browsers save
			// next to a web page.
			if p != dir && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "_files")) {
				return fs.SkipDir
			}
			if p != dir {
				if index := bundleIndex(fsys, p); index != "" {
					files = append(files, index)
					return fs.SkipDir
				}
			}
			return nil
		}
		if !strings.HasPrefix(name, ".") && (importer.IsArticle(name) || isContainerName(name)) && !importer.IsSectionPage(name) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	slices.Sort(files)
	return files, nil
}

// bundleIndex returns the index file of a page bundle folder, or "".
func bundleIndex(fsys fs.FS, dir string) string {
	for _, name := range []string{"index.md", "index.markdown", "index.html", "index.htm"} {
		p := path.Join(dir, name)
		if st, err := fs.Stat(fsys, p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// resolvePictureRefs rewrites the picture addresses that only the whole
// edition folder can answer into paths relative to the article's folder:
// an Obsidian embed (![[photo.jpg]]) is found by name anywhere in the
// folder, as Obsidian finds it, the nearest to the article first; a site
// path (/images/x.png) is looked up in the site's static/ folder (Hugo,
// Zola) and at its root (Jekyll). A picture not found keeps the address
// as written, so that the warning names it.
func resolvePictureRefs(fsys fs.FS, articles map[string]*model.Article) {
	var byName map[string][]string // lower-case base name → paths
	index := func() map[string][]string {
		if byName != nil {
			return byName
		}
		byName = map[string][]string{}
		_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if p != "." && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			k := strings.ToLower(d.Name())
			byName[k] = append(byName[k], p)
			return nil
		})
		return byName
	}
	exists := func(p string) bool {
		st, err := fs.Stat(fsys, p)
		return err == nil && !st.IsDir()
	}
	for _, a := range articles {
		if a == nil {
			continue
		}
		dir := path.Dir(a.File)
		for _, f := range a.Figures() {
			if f.Image == nil {
				continue
			}
			src := f.Image.Src
			if name, ok := strings.CutPrefix(src, importer.EmbedPrefix); ok {
				f.Image.Src = name
				clean := path.Clean("/" + name)[1:]
				switch {
				case exists(path.Join(dir, clean)):
				case exists(clean):
					f.Image.Src = importer.RelPath(dir, clean)
				default:
					cands := index()[strings.ToLower(path.Base(clean))]
					best := ""
					for _, c := range cands {
						if best == "" || distance(dir, c) < distance(dir, best) {
							best = c
						}
					}
					if best != "" {
						f.Image.Src = importer.RelPath(dir, best)
					}
				}
				continue
			}
			if strings.HasPrefix(src, "/") && !strings.HasPrefix(src, "//") {
				ref := src
				if i := strings.IndexAny(ref, "?#"); i >= 0 {
					ref = ref[:i]
				}
				if u, err := url.PathUnescape(ref); err == nil {
					ref = u
				}
				clean := path.Clean(ref)[1:]
				for _, c := range []string{path.Join("static", clean), clean} {
					if clean != "" && fs.ValidPath(c) && exists(c) {
						f.Image.Src = importer.RelPath(dir, c)
						break
					}
				}
			}
		}
	}
}

// distance is how many folders apart a folder and a file are.
func distance(dir, file string) int {
	return strings.Count(importer.RelPath(dir, file), "/")
}

// ArticleErrors is every article that could not be read, each a
// diagnostic naming its file and line. Load reads all articles before it
// reports them, so that one run shows every problem.
type ArticleErrors struct {
	Diags []model.Diagnostic
}

func (e *ArticleErrors) Error() string {
	var b strings.Builder
	if len(e.Diags) == 1 {
		return e.Diags[0].Error()
	}
	files := map[string]bool{}
	for _, d := range e.Diags {
		files[d.File] = true
	}
	fmt.Fprintf(&b, "%d errors in %d articles:", len(e.Diags), len(files))
	for _, d := range e.Diags {
		b.WriteString("\n  ")
		b.WriteString(d.Error())
		if d.Hint != "" {
			b.WriteString(" (" + d.Hint + ")")
		}
	}
	return b.String()
}

// Unwrap returns each diagnostic as an error.
func (e *ArticleErrors) Unwrap() []error {
	out := make([]error, len(e.Diags))
	for i := range e.Diags {
		out[i] = &e.Diags[i]
	}
	return out
}

// importAll reads and imports files in parallel. Every file is read; the
// errors of all of them come back together as *ArticleErrors, in file
// order, and warnings in file order.
func importAll(ctx context.Context, fsys fs.FS, files []string, progress func(done, total int)) (map[string]*model.Article, []model.Diagnostic, *containerPages, error) {
	type result struct {
		a     *model.Article
		diags []model.Diagnostic
		err   error
		many  *containerImport
	}
	results := make([]result, len(files))
	var done atomic.Int64
	err := par.Each(ctx, len(files), func(i int) {
		if isContainer(fsys, files[i]) {
			ci, err := importContainer(ctx, fsys, files[i])
			results[i] = result{many: ci, err: err}
		} else {
			a, d, err := importFile(fsys, files[i])
			results[i] = result{a, d, err, nil}
		}
		if n := done.Add(1); progress != nil {
			progress(int(n), len(files))
		}
	})
	if err != nil {
		return nil, nil, nil, err
	}
	out := make(map[string]*model.Article, len(files))
	pages := &containerPages{}
	var diags []model.Diagnostic
	var errs []model.Diagnostic
	for i, r := range results {
		if r.err != nil && notContainer(r.err) {
			diags = append(diags, skipNotContainer(files[i], r.err))
			pages.add(files[i], nil)
			continue
		}
		if r.err != nil {
			var d *model.Diagnostic
			if errors.As(r.err, &d) {
				errs = append(errs, *d)
			} else {
				errs = append(errs, model.Diagnostic{Severity: model.Error, Code: "read", File: files[i], Msg: r.err.Error(), Err: r.err})
			}
			continue
		}
		if r.many != nil {
			diags = append(diags, r.many.diags...)
			for _, a := range r.many.articles {
				out[a.File] = a
			}
			pages.add(files[i], r.many)
			continue
		}
		diags = append(diags, r.diags...)
		out[files[i]] = r.a
	}
	if len(errs) > 0 {
		return nil, diags, nil, &ArticleErrors{Diags: errs}
	}
	return out, diags, pages, nil
}

// importFile reads one article file and hands it to its importer.
func importFile(fsys fs.FS, file string) (a *model.Article, diags []model.Diagnostic, err error) {
	defer func() {
		// An importer bug must not take the whole build down without
		// saying which file caused it.
		if r := recover(); r != nil {
			a, diags = nil, nil
			err = &model.Diagnostic{Severity: model.Error, Code: "internal", File: file,
				Msg: fmt.Sprintf("could not be imported (internal error: %v)", r), Hint: "please report this with the file attached"}
		}
	}()
	imp := importer.ForFS(fsys, file)
	if imp == nil {
		return nil, nil, &model.Diagnostic{Severity: model.Error, Code: "format", File: file,
			Msg: "is not an article format offprint reads", Hint: "articles are " + strings.Join(importer.Extensions, ", ") + " files"}
	}
	if _, err := media.ResolvePath(fsys, file); err != nil {
		return nil, nil, &model.Diagnostic{Severity: model.Error, Code: "link", File: file, Msg: "is not read: " + err.Error(), Err: err,
			Hint: "copy the file into the edition folder instead of linking to it"}
	}
	st, err := fs.Stat(fsys, file)
	if err != nil {
		return nil, nil, &model.Diagnostic{Severity: model.Error, Code: "read", File: file, Msg: "cannot be read", Err: err}
	}
	if st.Size() > MaxArticleBytes {
		return nil, nil, &model.Diagnostic{Severity: model.Error, Code: "too-large", File: file,
			Msg: fmt.Sprintf("is %d MB, over the %d MB an article may be", st.Size()>>20, MaxArticleBytes>>20)}
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, nil, &model.Diagnostic{Severity: model.Error, Code: "read", File: file, Msg: "cannot be read: " + err.Error(), Err: err}
	}
	src, diags = importer.DecodeText(file, src)
	a, d, err := imp.Import(file, src)
	if err != nil {
		return nil, nil, err
	}
	a.File = file
	importer.FillFromPath(a, file)
	return a, append(diags, d...), nil
}

// selects reports whether a selection matches an article by its front
// matter (dates are checked by inRange).
func selects(sel *Selection, a *model.Article) bool {
	if len(sel.Tags) > 0 && !anyTag(a.Tags, sel.Tags) {
		return false
	}
	if len(sel.ExcludeTags) > 0 && anyTag(a.Tags, sel.ExcludeTags) {
		return false
	}
	if len(sel.Sources) > 0 && !slices.ContainsFunc(sel.Sources, func(s string) bool { return strings.EqualFold(s, a.Source) }) {
		return false
	}
	return inRange(a.Date, sel.dates.Since, sel.dates.Until)
}

func anyTag(have, want []string) bool {
	for _, w := range want {
		for _, h := range have {
			if strings.EqualFold(w, h) {
				return true
			}
		}
	}
	return false
}

// inRange reports whether d falls within [since, until] by calendar day.
// An undated article is outside any range.
func inRange(d, since, until time.Time) bool {
	if since.IsZero() && until.IsZero() {
		return true
	}
	if d.IsZero() {
		return false
	}
	day := d.Format("2006-01-02")
	if !since.IsZero() && day < since.Format("2006-01-02") {
		return false
	}
	if !until.IsZero() && day > until.Format("2006-01-02") {
		return false
	}
	return true
}

// sortArticles orders articles: "date" (oldest first, undated last, then
// title), "-date" (newest first), "title", or "" / "given" (as they are).
func sortArticles(list []*model.Article, by string) {
	byTitle := func(a, b *model.Article) int {
		if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
			return c
		}
		return strings.Compare(a.File, b.File)
	}
	byDate := func(a, b *model.Article) int {
		switch {
		case a.Date.IsZero() && !b.Date.IsZero():
			return 1
		case !a.Date.IsZero() && b.Date.IsZero():
			return -1
		}
		return a.Date.Compare(b.Date)
	}
	switch by {
	case "date":
		slices.SortStableFunc(list, func(a, b *model.Article) int {
			if c := byDate(a, b); c != 0 {
				return c
			}
			return byTitle(a, b)
		})
	case "-date":
		slices.SortStableFunc(list, func(a, b *model.Article) int {
			if c := byDate(b, a); c != 0 && !a.Date.IsZero() && !b.Date.IsZero() {
				return c
			} else if c != 0 {
				return byDate(a, b) // undated still last
			}
			return byTitle(a, b)
		})
	case "title":
		slices.SortStableFunc(list, byTitle)
	}
}
