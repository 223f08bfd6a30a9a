package present

import (
	"testing"

	"github.com/offprint/offprint/packager/model"
)

// linkEdition is a small edition written the way a Hugo site and an
// Obsidian vault lay out their files.
func linkEdition() (*model.Edition, *model.Article, *model.Article, *model.Article) {
	intro := &model.Article{ID: "a001-intro", File: "articles/intro.md", Title: "Introduction",
		Blocks: []model.Block{&model.Heading{Level: 2, ID: "getting-started", Spans: []model.Span{{Text: "Getting started"}}}}}
	release := &model.Article{ID: "a002-go-1-21", File: "content/blog/go1.21/index.md", Title: "Go 1.21 is released",
		Blocks: []model.Block{&model.Heading{Level: 2, ID: "tools", Spans: []model.Span{{Text: "Tools"}}}}}
	release.URL = "https://go.dev/blog/go1.21"
	note := &model.Article{ID: "a003-daily-note", File: "vault/Daily Note.md", Title: "A daily note",
		Blocks: []model.Block{&model.Heading{Level: 2, ID: "what-i-read", Spans: []model.Span{{Text: "What I read"}}}}}
	ed := &model.Edition{Sections: []*model.Section{{ID: "s01", Articles: []*model.Article{intro, release, note}}}}
	return ed, intro, release, note
}

func TestResolveEveryTargetForm(t *testing.T) {
	ed, intro, _, note := linkEdition()
	r := newResolver(ed)
	internal := func(art, id string) *model.Target {
		return &model.Target{Kind: model.LinkInternal, Article: art, ID: id}
	}
	cases := []struct {
		from *model.Article
		href string
		want *model.Target
		warn bool
	}{
		{intro, "#getting-started", &model.Target{Kind: model.LinkInPage, Article: "a001-intro", ID: "getting-started"}, false},
		{intro, "#tools", internal("a002-go-1-21", "tools"), false},
		{intro, "#a003-daily-note", internal("a003-daily-note", "a003-daily-note"), false},
		{intro, "#s01", &model.Target{Kind: model.LinkInternal, ID: "s01"}, false},
		{intro, "#nowhere", nil, true},
		// relative file paths, with and without a heading
		{intro, "../content/blog/go1.21/index.md", internal("a002-go-1-21", "a002-go-1-21"), false},
		{intro, "../content/blog/go1.21/index.md#tools", internal("a002-go-1-21", "tools"), false},
		{intro, "../vault/Daily%20Note.md", internal("a003-daily-note", "a003-daily-note"), false},
		{intro, "intro.md#getting-started", &model.Target{Kind: model.LinkInPage, Article: "a001-intro", ID: "getting-started"}, false},
		// a bundle by its folder
		{intro, "../content/blog/go1.21/", internal("a002-go-1-21", "a002-go-1-21"), false},
		// site paths: the url: path, and the file's path
		{intro, "/blog/go1.21", internal("a002-go-1-21", "a002-go-1-21"), false},
		{intro, "/blog/go1.21/#tools", internal("a002-go-1-21", "tools"), false},
		{intro, "/articles/intro", &model.Target{Kind: model.LinkInPage, Article: "a001-intro", ID: "a001-intro"}, false},
		{intro, "/blog/go1.22", nil, true},
		// the article's full url:
		{intro, "https://go.dev/blog/go1.21", internal("a002-go-1-21", "a002-go-1-21"), false},
		{intro, "HTTPS://GO.DEV/blog/go1.21/#tools", internal("a002-go-1-21", "tools"), false},
		// wikilinks by file name and by title, any case, with headings
		{intro, "wikilink:Daily Note", internal("a003-daily-note", "a003-daily-note"), false},
		{intro, "wikilink:daily note#What I read", internal("a003-daily-note", "what-i-read"), false},
		{intro, "wikilink:Go 1.21 is released#tools", internal("a002-go-1-21", "tools"), false},
		{note, "wikilink:#What I read", &model.Target{Kind: model.LinkInPage, Article: "a003-daily-note", ID: "what-i-read"}, false},
		{intro, "wikilink:Somewhere else", nil, false},
		// external addresses: one list of schemes
		{intro, "https://example.com/a?b=c#d", &model.Target{Kind: model.LinkExternal, URL: "https://example.com/a?b=c#d"}, false},
		{intro, "http://example.com", &model.Target{Kind: model.LinkExternal, URL: "http://example.com"}, false},
		{intro, "mailto:editor@example.com", &model.Target{Kind: model.LinkExternal, URL: "mailto:editor@example.com"}, false},
		{intro, "tel:+441234567", nil, true},
		{intro, "ftp://example.com/file", nil, true},
		{intro, "javascript:alert(1)", nil, true},
		{intro, "images/chart.pdf", nil, true},
	}
	for _, c := range cases {
		got, why := r.resolve(c.from, c.href)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("resolve(%s, %q) = %+v, want %+v", c.from.File, c.href, got, c.want)
		}
		if (why != "") != c.warn {
			t.Errorf("resolve(%s, %q) warns %q, want a warning: %v", c.from.File, c.href, why, c.warn)
		}
	}
}

func TestLinksWarnOnceAndKeepText(t *testing.T) {
	ed, intro, _, _ := linkEdition()
	intro.Blocks = append(intro.Blocks,
		&model.Paragraph{Spans: []model.Span{{Text: "gone", Link: "../missing.md"}, {Text: " and again", Link: "../missing.md"}}},
		&model.Paragraph{Spans: []model.Span{{Text: "lost note", Link: "wikilink:Lost"}, {Text: "web", Link: "https://example.com"}}})
	diags := Links(ed)
	if len(diags) != 1 || diags[0].File != "articles/intro.md" || diags[0].Code != "broken-link" {
		t.Fatalf("warnings = %v, want one broken-link in articles/intro.md", diags)
	}
	p := intro.Blocks[1].(*model.Paragraph)
	if p.Spans[0].Target != nil || p.Spans[0].Text != "gone" {
		t.Errorf("unresolved link: %+v, want its text without a target", p.Spans[0])
	}
	q := intro.Blocks[2].(*model.Paragraph)
	if q.Spans[0].Target != nil || q.Spans[1].Target == nil || q.Spans[1].Target.Kind != model.LinkExternal {
		t.Errorf("spans = %+v", q.Spans)
	}
}

func TestHeadingID(t *testing.T) {
	for in, want := range map[string]string{
		"What I read":          "what-i-read",
		"Go 1.21: what's new?": "go-121-whats-new",
		"Café au lait":         "café-au-lait",
	} {
		if got := HeadingID(in); got != want {
			t.Errorf("HeadingID(%q) = %q, want %q", in, got, want)
		}
	}
}

// Any href, however it is written, resolves without panicking to nothing,
// an address with an external scheme, or an id that exists.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"#tools", "../content/blog/go1.21/index.md#tools", "/blog/go1.21/", "https://go.dev/blog/go1.21",
		"wikilink:Daily Note#What I read", "wikilink:", "mailto:a@b", "tel:1", "%zz", "../../../x", "\\\\server\\share", "http://[::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, href string) {
		ed, intro, _, _ := linkEdition()
		r := newResolver(ed)
		tg, _ := r.resolve(intro, href)
		if tg == nil {
			return
		}
		switch tg.Kind {
		case model.LinkExternal:
			if external(tg.URL) == nil {
				t.Errorf("%q: external target %q is not an external address", href, tg.URL)
			}
		case model.LinkInPage, model.LinkInternal:
			if _, ok := r.global[tg.ID]; !ok {
				t.Errorf("%q: target id %q is nowhere in the edition", href, tg.ID)
			}
		default:
			t.Errorf("%q: target of kind %d", href, tg.Kind)
		}
	})
}
