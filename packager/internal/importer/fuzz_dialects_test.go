package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/offprint/offprint/packager/model"
)

// FuzzFrontMatterForms checks that TOML, JSON, header-line and pandoc
// front matter never panic, that errors are diagnostics within the file,
// and that the body keeps the rest of the file.
func FuzzFrontMatterForms(f *testing.F) {
	for _, s := range []string{
		"+++\ntitle = 'A'\ndate = 2024-01-14T07:07:07+01:00\n[taxonomies]\ntags = ['x']\n[extra]\nauthor = 'B'\n+++\nBody\n",
		"+++\ntitle = \n+++\n", "+++\n", "+++\r\n[[x]]\r\n+++\r\n",
		"{\n  \"title\": \"A\",\n  \"authors\": [{\"name\": \"B\"}]\n}\nBody", "{\n\"title\": [\n", "{\"a\":1}x",
		"Title: A\nDate: 2024-4-9\nAuthors: B, C\n  continued\n\nBody", "Title:\nNote: x\nBody", "Tags: a,,b\n",
		"% Title\n% A; B\n  C\n% 9 April 2024\n\nBody", "%\n%\n%\n%", "% x",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		a, body, bodyLine, warns, err := readFrontMatter("a.md", src, true)
		lines := countLines(src)
		if err != nil {
			d, ok := err.(*model.Diagnostic)
			if !ok {
				t.Fatalf("error %T is not a *model.Diagnostic: %v", err, err)
			}
			if d.Line < 1 || d.Line > lines+1 {
				t.Errorf("error on line %d of %d: %v", d.Line, lines, err)
			}
			return
		}
		if a == nil || bodyLine < 0 || bodyLine > lines {
			t.Fatalf("article %v, body line %d of %d", a, bodyLine, lines)
		}
		if !bytes.HasSuffix(src, body) {
			t.Errorf("body %q is not the end of the file", body)
		}
		for _, w := range warns {
			if w.File != "a.md" || w.Line < 0 || w.Line > lines+1 {
				t.Errorf("bad warning %+v", w)
			}
		}
	})
}

// FuzzShortcodes checks that rewriting shortcodes, Liquid and comments
// never panics and keeps every line where it was.
func FuzzShortcodes(f *testing.F) {
	for _, s := range []string{
		"{{< figure src=\"a.png\" caption=\"C\" attr=\"D\" >}}", "{{% notice %}}\nx\n{{% /notice %}}",
		"{{< highlight go >}}\n{{< x >}}\n{{< /highlight >}}", "{{ youtube(id=\"x\") }}", "{% quote() %}\nx\n{% end %}",
		"{% include figure.html image=\"a\" caption='b' %}", "{% raw %}{{ x }}{% endraw %}", "{% comment %}\n{{ x }}\n{% endcomment %}",
		"{{ site.baseurl }}/a", "%%a\n\nb%%", "`{{< x >}}` {{</* y */>}}", "```\n{{< x >}}\n```\n{{", "{{<\n\n>}}", "\\{{ x }}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		src = cleanBody(src)
		c := newMDConv("a.md", nil, 0)
		out := c.expandShortcodes(src)
		if got, want := bytes.Count(out, []byte("\n")), bytes.Count(src, []byte("\n")); got != want {
			t.Errorf("%d lines became %d:\n%q\n%q", want, got, src, out)
		}
		for _, d := range c.diags {
			if d.Line < 1 || d.Line > countLines(src)+1 {
				t.Errorf("warning on line %d: %+v", d.Line, d)
			}
		}
	})
}

// FuzzWikilinks checks that Obsidian links, embeds, highlights and
// callouts never panic and give well-formed links.
func FuzzWikilinks(f *testing.F) {
	for _, s := range []string{
		"[[Note]] [[Note|alias]] [[Note#Head]] [[#Head]]", "![[a.png]] ![[a.png|300]] ![[a.png|cap]] ![[Other]]",
		"[[", "[[]]", "![[|]]", "[[a|b|c]]", "| [[a\\|b]] |\n|---|", "==x== ==a ==b== ===", "> [!tip]- T\n> x",
		"> [!NOTE]\n", "> [!x]\n> > [!y] z",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		a, _, err := Markdown{}.Import("a.md", src)
		if err != nil {
			return
		}
		checkArticle(t, a)
		var walk func([]model.Block)
		walk = func(bs []model.Block) {
			for _, b := range bs {
				switch b := b.(type) {
				case *model.Paragraph:
					for _, s := range b.Spans {
						if strings.HasPrefix(s.Link, wikilinkPrefix) && len(s.Link) == len(wikilinkPrefix) {
							t.Errorf("empty wikilink in %q", src)
						}
					}
				case *model.Aside:
					if b.Kind == "" || b.Title == "" {
						t.Errorf("aside without kind or title: %+v", b)
					}
					walk(b.Blocks)
				case *model.Quote:
					walk(b.Blocks)
				}
			}
		}
		walk(a.Blocks)
	})
}
