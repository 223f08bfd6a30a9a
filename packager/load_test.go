package packager

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/offprint/offprint/packager/model"
)

func md(title, date string, extra ...string) *fstest.MapFile {
	s := "---\ntitle: " + title + "\n"
	if date != "" {
		s += "date: " + date + "\n"
	}
	s += strings.Join(extra, "\n")
	if len(extra) > 0 {
		s += "\n"
	}
	return &fstest.MapFile{Data: []byte(s + "---\n\nBody.\n")}
}

func titles(l *Loaded) [][]string {
	var out [][]string
	for _, s := range l.Sections {
		var t []string
		for _, a := range s.Articles {
			t = append(t, a.Title)
		}
		out = append(out, t)
	}
	return out
}

func TestLoadWithoutSectionsSortsByDateThenTitle(t *testing.T) {
	fsys := fstest.MapFS{
		"articles/z.md":        md("Zebra", "2020-01-01"),
		"articles/a.md":        md("Apple", "2020-01-02"),
		"articles/sub/b.md":    md("Banana", "2020-01-01"),
		"articles/undated.md":  md("Undated", ""),
		"articles/.hidden.md":  md("Hidden", "2020-01-01"),
		"articles/notes.pdf":   {Data: []byte("%PDF")},
		"articles/page_files/": {Mode: 0o755 | 1<<31},
	}
	l, err := Load(context.Background(), fsys, &Config{File: "edition.yaml"}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := titles(l)
	want := "Banana,Zebra,Apple,Undated"
	if len(got) != 1 || strings.Join(got[0], ",") != want {
		t.Errorf("got %v, want one section %s", got, want)
	}
}

func TestLoadSectionsKeepOrderAndPlaceEachArticleOnce(t *testing.T) {
	fsys := fstest.MapFS{
		"articles/world/b.md": md("B", "2020-01-03", "tags: [world]"),
		"articles/world/a.md": md("A", "2020-01-04", "tags: [world, tech]"),
		"articles/tech.md":    md("Tech", "2020-01-05", "tags: [tech]"),
		"articles/old.md":     md("Old", "2019-12-01", "tags: [tech]"),
		"articles/draft.md":   md("Draft", "2020-01-06", "tags: [tech]", "draft: true"),
	}
	cfg := &Config{File: "edition.yaml", Sections: []SectionConfig{
		{Title: "World", Articles: []string{"articles/world/*.md", "articles/world/a.md"}},
		{Title: "Tech", Select: &Selection{Tags: []string{"tech"}, Since: "2020-01-01", Sort: "-date"}},
	}, Title: "T"}
	if _, err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	l, err := Load(context.Background(), fsys, cfg, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := titles(l)
	if strings.Join(got[0], ",") != "A,B" || strings.Join(got[1], ",") != "Tech" {
		t.Errorf("got %v, want [A B] [Tech]", got)
	}
	l, err = Load(context.Background(), fsys, cfg, LoadOptions{Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(l); strings.Join(got[1], ",") != "Draft,Tech" {
		t.Errorf("with drafts got %v", got)
	}
}

func TestLoadErrorsNameTheKeyOrFile(t *testing.T) {
	fsys := fstest.MapFS{
		"articles/a.md":   md("A", ""),
		"articles/bad.md": {Data: []byte("---\ntitle: x\ndate: [\n---\n")},
	}
	_, err := Load(context.Background(), fsys, &Config{File: "edition.yaml", Sections: []SectionConfig{{Title: "S", Articles: []string{"articles/a.md", "articles/missing.md"}}}}, LoadOptions{})
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Key != "sections.0.articles.1" || !strings.Contains(err.Error(), "articles/missing.md: no such file") {
		t.Errorf("missing file: %v", err)
	}
	_, err = Load(context.Background(), fsys, &Config{File: "edition.yaml", Sections: []SectionConfig{{Title: "S", Articles: []string{"articles/*.md"}}}}, LoadOptions{})
	var d *model.Diagnostic
	if !errors.As(err, &d) || d.File != "articles/bad.md" || (d.Line != 3 && d.Line != 4) {
		t.Errorf("bad front matter: %v", err)
	}
	_, err = Load(context.Background(), fsys, &Config{File: "edition.yaml", Sections: []SectionConfig{{Title: "S", Articles: []string{"../secret.md"}}}}, LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "leaves the edition folder") {
		t.Errorf("escaping path: %v", err)
	}
	_, err = Load(context.Background(), fstest.MapFS{}, &Config{File: "edition.yaml"}, LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "no articles") {
		t.Errorf("empty edition: %v", err)
	}
}

func TestLoadReadsUnsureEncodingsWithAWarning(t *testing.T) {
	fsys := fstest.MapFS{"articles/a.md": {Data: []byte("---\ntitle: A\n---\n\nok\n\xff\xfe bad\n")}}
	l, err := Load(context.Background(), fsys, &Config{File: "edition.yaml"}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Diags) != 1 || l.Diags[0].Code != "encoding" || l.Diags[0].Line != 6 || !strings.Contains(l.Diags[0].Msg, "read as") {
		t.Errorf("diags = %+v", l.Diags)
	}
}
