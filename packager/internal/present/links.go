package present

import (
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/offprint/offprint/packager/model"
)

// externalSchemes are the schemes of links that lead out of the edition.
// Links with any other scheme are shown as plain text.
var externalSchemes = map[string]bool{"http": true, "https": true, "mailto": true}

// external returns the target of an address outside the edition (http,
// https or mailto), or nil when s is not one.
func external(s string) *model.Target {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil
	}
	u, err := url.Parse(t)
	if err != nil || !externalSchemes[strings.ToLower(u.Scheme)] {
		return nil
	}
	if strings.EqualFold(u.Scheme, "mailto") {
		if u.Opaque == "" && u.Path == "" {
			return nil
		}
	} else if u.Host == "" {
		return nil
	}
	return &model.Target{Kind: model.LinkExternal, URL: u.String()}
}

// entry is what the resolver knows of one article.
type entry struct {
	a     *model.Article
	local map[string]bool // ids inside it: its own, headings, figures, notes
	// heads are its headings' ids by their text, lowercased, for
	// wikilinks.
	heads map[string]string
}

// resolver finds where the links of an edition lead.
type resolver struct {
	byArt  map[*model.Article]*entry
	global map[string]model.Target // an id anywhere in the edition
	byPath map[string]*entry       // file path and bundle folder, lowercased
	bySite map[string]*entry       // site path ("/blog/go1.21"), lowercased
	byURL  map[string]*entry       // full url:, normalized
	byName map[string]*entry       // file base name and title, lowercased
}

// newResolver indexes the edition's articles, sections and the ids in
// them.
func newResolver(ed *model.Edition) *resolver {
	r := &resolver{
		byArt:  map[*model.Article]*entry{},
		global: map[string]model.Target{},
		byPath: map[string]*entry{},
		bySite: map[string]*entry{},
		byURL:  map[string]*entry{},
		byName: map[string]*entry{},
	}
	remember := func(m map[string]*entry, k string, e *entry) {
		if _, ok := m[k]; !ok && k != "" {
			m[k] = e
		}
	}
	for _, s := range ed.Sections {
		if s.ID != "" {
			r.global[s.ID] = model.Target{Kind: model.LinkInternal, ID: s.ID}
		}
	}
	for _, a := range ed.Articles() {
		e := &entry{a: a, local: map[string]bool{a.ID: true}, heads: map[string]string{}}
		r.byArt[a] = e
		var ids []string
		for _, fn := range a.Footnotes {
			ids = append(ids, fn.ID)
		}
		a.Walk(func(b model.Block) {
			switch b := b.(type) {
			case *model.Heading:
				ids = append(ids, b.ID)
				if b.ID != "" {
					if k := strings.ToLower(strings.TrimSpace(model.PlainText(b.Spans))); k != "" {
						if _, ok := e.heads[k]; !ok {
							e.heads[k] = b.ID
						}
					}
				}
			case *model.Figure:
				ids = append(ids, b.ID)
			}
		})
		for _, id := range ids {
			if id == "" {
				continue
			}
			e.local[id] = true
			if _, ok := r.global[id]; !ok {
				r.global[id] = model.Target{Kind: model.LinkInternal, Article: a.ID, ID: id}
			}
		}
		r.global[a.ID] = model.Target{Kind: model.LinkInternal, Article: a.ID, ID: a.ID} // an article's own id wins

		file := strings.ToLower(path.Clean(strings.ReplaceAll(a.File, `\`, "/")))
		remember(r.byPath, file, e)
		stem := strings.TrimSuffix(file, path.Ext(file))
		dir, base := path.Split(stem)
		if base == "index" || base == "_index" {
			// a bundle: the folder stands for the article
			stem = strings.TrimSuffix(dir, "/")
			if stem == "" {
				stem = "."
			}
			remember(r.byPath, stem, e)
			base = path.Base(stem)
		}
		remember(r.byName, base, e)
		if u, err := url.Parse(strings.TrimSpace(a.URL)); err == nil && a.URL != "" {
			if u.Host != "" {
				remember(r.byURL, normURL(u), e)
			}
			remember(r.bySite, sitePath(u.Path), e)
		}
		if stem != "." {
			remember(r.bySite, sitePath(stem), e)
		}
	}
	// Titles come after file names: a note is named by its file first.
	for _, a := range ed.Articles() {
		remember(r.byName, strings.ToLower(strings.TrimSpace(a.Title)), r.byArt[a])
	}
	return r
}

func sitePath(p string) string {
	p = strings.Trim(strings.ToLower(p), "/")
	if p == "" {
		return ""
	}
	return "/" + p
}

func normURL(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + strings.TrimSuffix(u.EscapedPath(), "/")
}

// resolve finds where a link written in article a leads. It returns nil
// for a link that leads nowhere; why is "" for a link that is silently
// shown as text (an unresolved wikilink), else what to tell the editor.
func (r *resolver) resolve(a *model.Article, href string) (t *model.Target, why string) {
	h := strings.TrimSpace(href)
	if h == "" {
		return nil, ""
	}
	from := r.byArt[a]
	if note, ok := strings.CutPrefix(h, "wikilink:"); ok {
		return r.wikilink(from, note), ""
	}
	if frag, ok := strings.CutPrefix(h, "#"); ok {
		if frag == "" {
			return nil, "leads nowhere"
		}
		if from != nil && from.local[frag] {
			return &model.Target{Kind: model.LinkInPage, Article: a.ID, ID: frag}, ""
		}
		if t, ok := r.global[frag]; ok {
			return &t, ""
		}
		return nil, "leads nowhere in the edition"
	}
	u, err := url.Parse(h)
	if err != nil {
		return nil, "is not an address"
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Host != "" {
			if e := r.byURL[normURL(u)]; e != nil {
				return r.into(from, e, u.Fragment), ""
			}
		}
		if t := external(h); t != nil {
			return t, ""
		}
		return nil, "is not a web or mail address"
	}
	p, err := url.PathUnescape(u.Path)
	if err != nil {
		p = u.Path
	}
	p = strings.ReplaceAll(p, `\`, "/")
	if strings.HasPrefix(p, "/") {
		if e := r.bySite[sitePath(p)]; e != nil {
			return r.into(from, e, u.Fragment), ""
		}
		return nil, "leads to no article of the edition"
	}
	dir := "."
	if a != nil {
		dir = path.Dir(strings.ReplaceAll(a.File, `\`, "/"))
	}
	q := strings.ToLower(path.Join(dir, p))
	if e := r.byPath[q]; e != nil {
		return r.into(from, e, u.Fragment), ""
	}
	// "other/" or "other" for the bundle other/index.md, "other.html"
	// or "other/" for other.md as a site would publish it.
	stem := strings.TrimSuffix(q, path.Ext(q))
	for _, k := range []string{strings.TrimSuffix(q, "/"), stem} {
		if e := r.byPath[k]; e != nil {
			return r.into(from, e, u.Fragment), ""
		}
		for _, ext := range []string{".md", ".markdown", ".html", ".htm", ".txt"} {
			if e := r.byPath[k+ext]; e != nil {
				return r.into(from, e, u.Fragment), ""
			}
		}
	}
	return nil, "leads to no article of the edition"
}

// into is a link from article from to article e, at fragment frag when it
// names an anchor there.
func (r *resolver) into(from, e *entry, frag string) *model.Target {
	id := e.a.ID
	if frag != "" && e.local[frag] {
		id = frag
	}
	if from == e {
		return &model.Target{Kind: model.LinkInPage, Article: e.a.ID, ID: id}
	}
	return &model.Target{Kind: model.LinkInternal, Article: e.a.ID, ID: id}
}

// wikilink resolves "Note#Heading" against file base names and titles,
// and the heading against the note's heading ids and texts, all without
// regard to case. "#Heading" alone is a heading of the same note.
func (r *resolver) wikilink(from *entry, note string) *model.Target {
	name, head, _ := strings.Cut(note, "#")
	name = strings.TrimSpace(name)
	e := from
	if name != "" {
		k := strings.ToLower(name)
		k = strings.TrimSuffix(k, ".md")
		e = r.byName[k]
		if e == nil {
			e = r.byName[strings.ToLower(path.Base(k))]
		}
	}
	if e == nil {
		return nil
	}
	id := e.a.ID
	if head = strings.TrimSpace(head); head != "" {
		switch {
		case e.local[head]:
			id = head
		case e.local[HeadingID(head)]:
			id = HeadingID(head)
		case e.heads[strings.ToLower(head)] != "":
			id = e.heads[strings.ToLower(head)]
		}
	}
	if e == from {
		return &model.Target{Kind: model.LinkInPage, Article: e.a.ID, ID: id}
	}
	return &model.Target{Kind: model.LinkInternal, Article: e.a.ID, ID: id}
}

// HeadingID is the automatic id of a heading with this text, as GitHub
// and Hugo make it: lowercase, spaces become hyphens, other punctuation
// is dropped.
func HeadingID(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(text)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// Links resolves every link in the articles' text and notes: a span's
// Target is set where its link leads, and left nil where it leads nowhere
// (the text is then shown without a link, with a warning unless it is a
// wikilink to a note outside the edition).
func Links(ed *model.Edition) []model.Diagnostic {
	r := newResolver(ed)
	var diags []model.Diagnostic
	warned := map[string]bool{}
	for _, a := range ed.Articles() {
		fix := func(spans []model.Span, line int) {
			for i := range spans {
				s := &spans[i]
				if s.Link == "" || s.Kind != model.Text {
					continue
				}
				t, why := r.resolve(a, s.Link)
				s.Target = t
				if t == nil && why != "" && !warned[a.File+"\x00"+s.Link] {
					warned[a.File+"\x00"+s.Link] = true
					diags = append(diags, model.Warnf("broken-link", a.File, line, "link to %s %s; its text is kept without the link", s.Link, why))
				}
			}
		}
		a.Walk(func(b model.Block) {
			switch b := b.(type) {
			case *model.Paragraph:
				fix(b.Spans, b.Line)
			case *model.Heading:
				fix(b.Spans, b.Line)
			case *model.Figure:
				fix(b.Caption, b.Line)
			case *model.Table:
				for i := range b.Header {
					fix(b.Header[i].Spans, b.Line)
				}
				for _, row := range b.Rows {
					for i := range row {
						fix(row[i].Spans, b.Line)
					}
				}
			}
		})
	}
	return diags
}
