package packager

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/offprint/offprint/packager/internal/container"
	"github.com/offprint/offprint/packager/model"
)

const containerFixtures = "internal/container/testdata"

// comparable returns an article as JSON with what differs by container
// alone taken out: the file it came from, the lines of its figures, and
// its pictures' names (replaced by a digest of their bytes).
func comparable(t *testing.T, files fs.FS, a *model.Article) string {
	t.Helper()
	for _, f := range a.Figures() {
		f.Line = 0
		if f.Image == nil {
			continue
		}
		p := path.Join(path.Dir(a.File), f.Image.Src)
		b, err := fs.ReadFile(files, p)
		if err != nil {
			t.Errorf("%s: picture %s cannot be read: %v", a.File, p, err)
			continue
		}
		sum := sha256.Sum256(b)
		f.Image = &model.Image{Src: hex.EncodeToString(sum[:8])}
	}
	c := *a
	c.File = ""
	j, err := json.MarshalIndent(&c, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(j)
}

func importAny(t *testing.T, fsys fs.FS, file string) ([]*model.Article, fs.FS) {
	t.Helper()
	if !isContainer(fsys, file) {
		a, _, err := importFile(fsys, file)
		if err != nil {
			t.Fatal(err)
		}
		return []*model.Article{a}, fsys
	}
	ci, err := importContainer(context.Background(), fsys, file)
	if err != nil {
		t.Fatal(err)
	}
	return ci.articles, container.Overlay(fsys, ci.pictures)
}

// TestSamePageAnyContainer imports one page saved four ways — as a
// browser's "Web page, complete", by SingleFile, as Chrome's MHTML, and
// recorded by wget in a WARC — and expects the same article from each.
func TestSamePageAnyContainer(t *testing.T) {
	fsys := os.DirFS(containerFixtures)
	saved, files := importAny(t, fsys, "saved/harbour.html")
	want := comparable(t, files, saved[0])
	if !strings.Contains(want, "Rebuilt") || len(saved[0].Figures()) != 1 {
		t.Fatalf("the saved page did not import as expected:\n%s", want)
	}
	for _, file := range []string{"harbour-singlefile.html", "harbour.mhtml", "coastal.warc.gz", "coastal.wacz"} {
		arts, files := importAny(t, fsys, file)
		var a *model.Article
		for _, x := range arts {
			if strings.HasPrefix(x.Title, "The Harbour") {
				a = x
			}
		}
		if a == nil {
			t.Errorf("%s: no harbour article among %d", file, len(arts))
			continue
		}
		if a.URL != "http://127.0.0.1:8731/harbour.html" {
			t.Errorf("%s: url = %q", file, a.URL)
		}
		// The saved page has no address of its own; the containers
		// record it.
		a.URL = ""
		if got := comparable(t, files, a); got != want {
			t.Errorf("%s: the article differs from the saved page's:\n%s\nwant:\n%s", file, got, want)
		}
	}
}

func TestSingleFileHeaderAndPictures(t *testing.T) {
	page := `<!DOCTYPE html> <html lang=en><!--
 Page saved with SingleFile 
 url: https://news.example.org/2026/quay 
 saved date: Wed Dec 02 2026 13:40:31 GMT+0100 (Central European Standard Time)
--><meta charset=utf-8>
<title>The quay</title>
<style>body{margin:0}</style>
<body><article><h1>The quay</h1><p class=byline>By Ada Berg</p>
<p>` + strings.Repeat("The quay was rebuilt by hand over a long summer of work. ", 12) + `</p>
<figure><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="A dot"><figcaption>The only picture.</figcaption></figure>
<p>` + strings.Repeat("Boats came home to it in the autumn. ", 12) + `</p></article>`
	fsys := fstestMap{"articles/quay.html": page}
	arts, files := importAny(t, fsys.FS(), "articles/quay.html")
	a := arts[0]
	if a.URL != "https://news.example.org/2026/quay" {
		t.Errorf("url = %q, want the one in the header comment", a.URL)
	}
	if got := a.Date.Format("2006-01-02 15:04"); got != "2026-12-02 12:40" {
		t.Errorf("date = %s, want the saved date in UTC", got)
	}
	if a.Summary != "" {
		t.Errorf("summary = %q: the byline became the summary", a.Summary)
	}
	figs := a.Figures()
	if len(figs) != 1 || figs[0].Image == nil {
		t.Fatalf("figures = %d, want one with its picture", len(figs))
	}
	im, d := resolveImage(files, path.Dir(a.File), figs[0].Image.Src, 1_000_000)
	if d != nil || im.Format != "gif" || im.Width != 1 {
		t.Errorf("picture %s: %v %+v", figs[0].Image.Src, d, im)
	}
	if name := path.Base(figs[0].Image.Src); !strings.HasPrefix(name, "picture-") || !strings.HasSuffix(name, ".gif") {
		t.Errorf("picture name = %q, want a stable name from its bytes", name)
	}
}

func TestFeedEntries(t *testing.T) {
	fsys := os.DirFS(containerFixtures)
	arts, files := importAny(t, fsys, "feed/coastal.rss")
	if len(arts) != 20 {
		t.Fatalf("articles = %d, want one per entry (20)", len(arts))
	}
	a := arts[4] // the fifth entry has a picture saved beside the feed
	if a.Title != "Harbour Dispatch 5" || a.URL != "http://127.0.0.1:8731/dispatch/5/" ||
		a.Date.Format("2006-01-02") != "2026-11-06" || strings.Join(a.Authors, ",") != "Maren Solberg" ||
		strings.Join(a.Tags, ",") != "Harbour,Dispatch" {
		t.Errorf("entry 5 = %q %q %s %q %q", a.Title, a.URL, a.Date, a.Authors, a.Tags)
	}
	figs := a.Figures()
	if len(figs) != 1 || figs[0].Image == nil {
		t.Fatalf("entry 5 figures = %d", len(figs))
	}
	if _, d := resolveImage(files, path.Dir(a.File), figs[0].Image.Src, 1_000_000); d != nil {
		t.Errorf("entry 5 picture %s: %v", figs[0].Image.Src, d)
	}
	if figs := arts[2].Figures(); len(figs) != 1 {
		t.Errorf("entry 3 has an enclosure picture; figures = %d", len(figs))
	}
}

func TestFeedSummaries(t *testing.T) {
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Only a summary</title><link>https://example.org/a</link><description>A short summary of the story.</description><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate></item>
<item><title>Another</title><link>https://example.org/b</link><description>Another summary.</description></item>
</channel></rss>`
	fsys := fstestMap{"articles/x.rss": feed}.FS()
	ci, err := importContainer(context.Background(), fsys, "articles/x.rss")
	if err != nil {
		t.Fatal(err)
	}
	if len(ci.articles) != 2 || !strings.Contains(model.PlainText(ci.articles[0].Blocks[len(ci.articles[0].Blocks)-1].(*model.Paragraph).Spans), "summary") {
		t.Errorf("summaries are not marked: %d articles", len(ci.articles))
	}
	n := 0
	for _, d := range ci.diags {
		if d.Code == "feed-summary" {
			n++
			if !strings.Contains(d.Msg, "2 of its 2 entries") {
				t.Errorf("warning = %q", d.Msg)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d summary warnings, want one that counts them", n)
	}
}

func TestWallabagExport(t *testing.T) {
	fsys := os.DirFS(containerFixtures)
	arts, files := importAny(t, fsys, "wallabag-export.json")
	if len(arts) != 2 {
		t.Fatalf("articles = %d", len(arts))
	}
	m := arts[1]
	if m.Title != "A Night Market Comes Back to Life" || m.URL != "http://127.0.0.1:8731/market.html" ||
		m.Date.Format(time.RFC3339) != "2026-11-20T18:00:00Z" || strings.Join(m.Authors, ",") != "Jonas Reiter" || strings.Join(m.Tags, ",") != "market" {
		t.Errorf("market = %q %q %s %q %q", m.Title, m.URL, m.Date, m.Authors, m.Tags)
	}
	figs := m.Figures()
	if len(figs) != 1 || figs[0].Image == nil {
		t.Fatalf("market figures = %d", len(figs))
	}
	if _, d := resolveImage(files, path.Dir(m.File), figs[0].Image.Src, 1_000_000); d != nil {
		t.Errorf("market picture: %v", d)
	}
}

// TestLoadContainers loads an edition whose articles/ holds a web
// archive, a feed and a stray .json that is neither: the archive and the
// feed give their articles, select: picks among them like any others,
// and the stray file is skipped with a warning.
func TestLoadContainers(t *testing.T) {
	warc, _ := os.ReadFile(containerFixtures + "/coastal.warc.gz")
	rss, _ := os.ReadFile(containerFixtures + "/feed/coastal.rss")
	fsys := fstest.MapFS{
		"articles/site.warc.gz":  {Data: warc},
		"articles/coastal.rss":   {Data: rss},
		"articles/settings.json": {Data: []byte(`{"theme": "dark"}`)},
		"articles/dispatch-x.md": {Data: []byte("---\ntitle: Not from the feed\ndate: 2026-11-30\ntags: [Dispatch]\n---\nText.\n")},
	}
	cfg := &Config{File: "edition.yaml", Sections: []SectionConfig{
		{Title: "Archive", Articles: []string{"articles/site.warc.gz"}},
		{Title: "Dispatches", Select: &Selection{Tags: []string{"dispatch"}, Since: "2026-11-15", Sort: "-date", Limit: 3}},
	}}
	l, err := Load(context.Background(), fsys, cfg, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := titles(l)
	if strings.Join(got[0], ",") != "The Harbour That Rebuilt Itself,A Night Market Comes Back to Life" {
		t.Errorf("archive section = %q", got[0])
	}
	if strings.Join(got[1], ",") != "Not from the feed,Harbour Dispatch 20,Harbour Dispatch 19" {
		t.Errorf("selected = %q", got[1])
	}
	skipped := false
	for _, d := range l.Diags {
		skipped = skipped || d.File == "articles/settings.json" && d.Code == "not-article"
	}
	if !skipped {
		t.Errorf("no warning about the stray .json: %v", l.Diags)
	}
	// The pictures of the archive are there for the outputs.
	for _, a := range l.Sections[0].Articles {
		for _, f := range a.Figures() {
			if _, d := resolveImage(l.FS(fsys), path.Dir(a.File), f.Image.Src, 1_000_000); d != nil {
				t.Errorf("%s: %v", a.File, d)
			}
		}
	}
}

func TestFeedRemotePictureKeepsCaptionAndAddress(t *testing.T) {
	feed := `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
<item><title>Remote</title><link>https://news.example.org/r</link><content:encoded><![CDATA[<p>The lowest tide of the year left the harbour floor bare.</p><figure><img src="https://cdn.example.org/tide.jpg" alt="Tide"><figcaption>The floor at noon.</figcaption></figure>]]></content:encoded></item>
</channel></rss>`
	ci, err := importContainer(context.Background(), fstestMap{"articles/f.rss": feed}.FS(), "articles/f.rss")
	if err != nil {
		t.Fatal(err)
	}
	figs := ci.articles[0].Figures()
	if len(figs) != 1 || model.PlainText(figs[0].Caption) != "The floor at noon. Picture: https://cdn.example.org/tide.jpg" {
		t.Errorf("figures = %d, caption %q", len(figs), model.PlainText(figs[0].Caption))
	}
}
