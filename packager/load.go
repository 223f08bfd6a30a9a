package packager

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/offprint/offprint/packager/internal/container"
	"github.com/offprint/offprint/packager/internal/importer"
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
		if sel.Since != "" || sel.Until != "" {
			since, _ := parseOptDay(sel.Since)
			until, _ := parseOptDay(sel.Until)
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
		if st, err := fs.Stat(fsys, m); err == nil && !st.IsDir() && (importer.IsArticle(m) || isContainerName(m)) {
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
			return nil
		}
		if !strings.HasPrefix(name, ".") && (importer.IsArticle(name) || isContainerName(name)) {
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

// importAll reads and imports files in parallel. The first error (in file
// order) wins; warnings come back in file order.
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
	for i, r := range results {
		if r.err != nil && notContainer(r.err) {
			diags = append(diags, skipNotContainer(files[i], r.err))
			pages.add(files[i], nil)
			continue
		}
		if r.err != nil {
			return nil, nil, nil, r.err
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
	ext := strings.ToLower(path.Ext(file))
	if ext != ".html" && ext != ".htm" {
		var line int
		if src, line = importer.RepairUTF8(src); line > 0 {
			diags = append(diags, model.Diagnostic{Severity: model.Warning, Code: "encoding", File: file, Line: line,
				Msg: "is not valid UTF-8; bad bytes are shown as �", Hint: "save the file as UTF-8"})
		}
	}
	a, d, err := imp.Import(file, src)
	if err != nil {
		return nil, nil, err
	}
	a.File = file
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
	since, _ := parseOptDay(sel.Since)
	until, _ := parseOptDay(sel.Until)
	return inRange(a.Date, since, until)
}

func parseOptDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return importer.ParseDate(s)
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
