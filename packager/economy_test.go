package packager

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"gopkg.in/yaml.v3"

	"github.com/offprint/offprint/internal/testtool"
	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// economyLayouts are the built-in layouts the page economy is checked in.
var economyLayouts = []string{"magazine", "handout", "booklet", "ereader"}

// TestEconomy builds corpora of saved articles and the samples in every
// built-in layout, PDF only, and checks each PDF's pages from the
// positions of their text and pictures (testtool.PageEconomy): no article
// ends on a page with fewer than six of its lines, no page is blank but
// a verso, every picture has its caption directly under it, and a figure
// lies at most one page from its reference. -short checks the 30-article
// corpus with 1600-pixel photos and the samples.
func TestEconomy(t *testing.T) {
	if !testtool.Require(t, "pdftotext") || !testtool.Require(t, "pdftohtml") || !testtool.Require(t, "pdftoppm") {
		return
	}
	type corpus struct {
		name     string
		n, width int
	}
	corpora := []corpus{{"c30-1600", 30, 1600}, {"c30-1200", 30, 1200}, {"c200-1600", 200, 1600}}
	if testing.Short() {
		// The quick loop checks the samples; the corpora are for the
		// full run (and the renderer's own TestPageEconomy).
		corpora = nil
	}
	for _, c := range corpora {
		dir := t.TempDir()
		t0 := time.Now()
		figs, err := testtool.WriteCorpus(dir, c.n, c.width)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: corpus written in %v", c.name, time.Since(t0).Round(time.Millisecond))
		var refs []testtool.EconomyReference
		for _, f := range figs {
			refs = append(refs, testtool.EconomyReference{Text: f.Reference, Caption: f.Caption})
		}
		for _, lay := range economyLayouts {
			t.Run(c.name+"/"+lay, func(t *testing.T) {
				t.Parallel()
				checkEconomy(t, dir, lay, refs)
			})
		}
	}
	samples, err := filepath.Glob("../samples/*/edition.yaml")
	if err != nil || len(samples) == 0 {
		t.Fatalf("no samples found: %v", err)
	}
	sampleLayouts := economyLayouts
	if testing.Short() {
		// the two-column print layout and the smallest page
		sampleLayouts = []string{"magazine", "ereader"}
	}
	for _, s := range samples {
		dir := filepath.Dir(s)
		for _, lay := range sampleLayouts {
			t.Run("sample-"+filepath.Base(dir)+"/"+lay, func(t *testing.T) {
				t.Parallel()
				checkEconomy(t, dir, lay, nil)
			})
		}
	}
}

// checkEconomy builds the edition in dir as a PDF in a layout and checks
// its pages, knowing its titles and captions from the edition built and
// refs from the corpus.
func checkEconomy(t *testing.T, dir, layout string, refs []testtool.EconomyReference) {
	cfg := editionConfig(t, dir)
	fsys := os.DirFS(dir)
	lay, err := layouts.Load(layout, fsys)
	if err != nil {
		t.Fatal(err)
	}
	// The pages are the same untagged, and poppler reads them twice as
	// fast.
	lay.Tagged = false
	settings, err := cfg.Validate()
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	t0 := time.Now()
	rep, err := Build(context.Background(), BuildOptions{
		FS:        fsys,
		Config:    cfg,
		Layout:    lay,
		Formats:   []string{"pdf"},
		Out:       DirSink{Dir: out},
		Load:      LoadOptions{Since: settings.Range.Since, Until: settings.Range.Until},
		Normalize: NormalizeOptions{Now: time.Date(2020, 2, 1, 12, 0, 0, 0, time.UTC), Range: settings.Range},
	})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	built := time.Since(t0)
	file := ""
	for _, o := range rep.Outputs {
		if o.Format == "pdf" && (file == "" || strings.HasSuffix(o.Name, "-pages.pdf")) {
			file = filepath.Join(out, o.Name) // an imposed booklet's logical pages
		}
	}
	if file == "" {
		t.Fatalf("no PDF among %v", rep.Outputs)
	}
	opts := testtool.EconomyOptions{References: refs, Booklet: layout == "booklet"}
	for _, a := range rep.Edition.Articles() {
		opts.Titles = append(opts.Titles, a.Title)
		for _, f := range a.Figures() {
			switch {
			case f.Image == nil || len(f.Caption) == 0:
			case f.Image.Format == "svg":
				opts.DrawnCaptions = append(opts.DrawnCaptions, model.PlainText(f.Caption))
			default:
				opts.Captions = append(opts.Captions, model.PlainText(f.Caption))
			}
		}
	}
	t0 = time.Now()
	problems, err := testtool.PageEconomy(file, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: built in %v, checked in %v", filepath.Base(file), built.Round(time.Millisecond), time.Since(t0).Round(time.Millisecond))
	for _, p := range problems {
		t.Error(p)
	}
}

// editionConfig reads an edition folder's edition.yaml as the command
// line does, without flags.
func editionConfig(t *testing.T, dir string) *Config {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "edition.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	cfg := &Config{}
	d, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		Result:           cfg,
		WeaklyTypedInput: true,
		DecodeHook: func(from, to reflect.Type, data any) (any, error) {
			if d, ok := data.(time.Time); ok && to.Kind() == reflect.String {
				return d.Format("2006-01-02"), nil
			}
			return data, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Decode(raw); err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	cfg.File = "edition.yaml"
	return cfg
}
