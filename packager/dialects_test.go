package packager

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/offprint/offprint/packager/model"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files")

// TestDialects loads each site under testdata/dialects (Hugo, Zola,
// Jekyll, Pelican, Obsidian, pandoc), written the way those tools write
// them, through its edition file at the site's root, and compares what
// each article became with testdata/dialects/NAME.golden (rewritten with
// -update). No front matter, shortcode, wikilink, {#id} or header line may
// be left in the text, and every picture must be found.
func TestDialects(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/dialects/*/edition.yaml")
	if len(dirs) < 6 {
		t.Fatalf("found %d dialect sites", len(dirs))
	}
	for _, ef := range dirs {
		dir := filepath.Dir(ef)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			cfg := editionConfig(t, filepath.Dir(ef))
			fsys := os.DirFS(dir)
			loaded, err := Load(context.Background(), fsys, cfg, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			epoch := time.Unix(1577836800, 0).UTC()
			ed, diags, err := Normalize(fsys, cfg, loaded, NormalizeOptions{Now: epoch, Epoch: &epoch})
			if err != nil {
				t.Fatal(err)
			}
			diags = append(loaded.Diags, diags...)
			got := dumpEdition(ed, diags)
			for _, leftover := range []string{"{{", "{%", "%}", "}}", "[[", "]]", "%%", "{#", "+++", "Title:", "Date:", "==", "[!"} {
				for _, line := range strings.Split(got, "\n") {
					if strings.Contains(line, leftover) && !strings.HasPrefix(line, "warning ") && !strings.Contains(line, "Code") && !strings.HasPrefix(strings.TrimSpace(line), "|") && !strings.Contains(line, "written as text") {
						t.Errorf("%q left in the text: %s", leftover, line)
					}
				}
			}
			for _, a := range ed.Articles() {
				for _, f := range a.Figures() {
					if f.Image == nil || f.Image.Path == "" {
						t.Errorf("%s: picture %v not found", a.File, f.Image)
					}
				}
			}
			golden := filepath.Join("testdata/dialects", name+".golden")
			if *updateGolden {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run go test -update and review the diff):\n%s", golden, got)
			}
		})
	}
}

// dumpEdition writes what a reader would notice of each article.
func dumpEdition(ed *model.Edition, diags []model.Diagnostic) string {
	var b strings.Builder
	for _, s := range ed.Sections {
		fmt.Fprintf(&b, "## %s\n", s.Title)
		for _, a := range s.Articles {
			fmt.Fprintf(&b, "# %s  (%s)\n", a.Title, a.File)
			if len(a.Authors) > 0 {
				fmt.Fprintf(&b, "by: %s\n", strings.Join(a.Authors, " | "))
			}
			if !a.Date.IsZero() {
				fmt.Fprintf(&b, "date: %s\n", a.Date.Format(time.RFC3339))
			}
			if a.Summary != "" {
				fmt.Fprintf(&b, "summary: %s\n", a.Summary)
			}
			if a.Source != "" || a.URL != "" {
				fmt.Fprintf(&b, "source: %s %s\n", a.Source, a.URL)
			}
			if len(a.Tags) > 0 {
				fmt.Fprintf(&b, "tags: %s\n", strings.Join(a.Tags, " | "))
			}
			if a.Draft {
				b.WriteString("draft\n")
			}
			dumpModelBlocks(&b, a.Blocks, "  ")
		}
	}
	for _, d := range diags {
		fmt.Fprintf(&b, "%s %s %s:%d: %s\n", d.Severity, d.Code, d.File, d.Line, d.Msg)
	}
	return b.String()
}

func dumpModelBlocks(b *strings.Builder, blocks []model.Block, ind string) {
	for _, bl := range blocks {
		switch bl := bl.(type) {
		case *model.Paragraph:
			fmt.Fprintf(b, "%sP: %s\n", ind, dumpModelSpans(bl.Spans))
		case *model.Heading:
			fmt.Fprintf(b, "%sH%d #%s: %s\n", ind, bl.Level, bl.ID, dumpModelSpans(bl.Spans))
		case *model.List:
			for _, it := range bl.Items {
				fmt.Fprintf(b, "%s- item\n", ind)
				dumpModelBlocks(b, it.Blocks, ind+"    ")
			}
		case *model.Quote:
			fmt.Fprintf(b, "%sQuote\n", ind)
			dumpModelBlocks(b, bl.Blocks, ind+"  ")
		case *model.Aside:
			fmt.Fprintf(b, "%sAside %s %q\n", ind, bl.Kind, bl.Title)
			dumpModelBlocks(b, bl.Blocks, ind+"  ")
		case *model.CodeBlock:
			fmt.Fprintf(b, "%sCode %s\n", ind, bl.Lang)
			for _, l := range strings.Split(bl.Text, "\n") {
				fmt.Fprintf(b, "%s  |%s\n", ind, l)
			}
		case *model.Figure:
			p := ""
			if bl.Image != nil {
				p = bl.Image.Path
			}
			fmt.Fprintf(b, "%sFigure %s alt=%q caption=%q credit=%q\n", ind, p, bl.Alt, model.PlainText(bl.Caption), bl.Credit)
		case *model.Table:
			fmt.Fprintf(b, "%sTable\n", ind)
		case *model.Rule:
			fmt.Fprintf(b, "%sRule\n", ind)
		}
	}
}

func dumpModelSpans(spans []model.Span) string {
	var b strings.Builder
	for _, s := range spans {
		switch {
		case s.Kind == model.Break:
			b.WriteString("⏎")
		case s.Link != "":
			fmt.Fprintf(&b, "[%s](%s)", s.Text, s.Link)
		case s.Style&model.Mark != 0:
			fmt.Fprintf(&b, "<mark>%s</mark>", s.Text)
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
