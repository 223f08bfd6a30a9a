package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// atomFeed is an OPDS catalog as a client reads it.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel        string `xml:"rel,attr"`
	Href       string `xml:"href,attr"`
	Type       string `xml:"type,attr"`
	Title      string `xml:"title,attr"`
	FacetGroup string `xml:"http://opds-spec.org/2010/catalog facetGroup,attr"`
}

type atomEntry struct {
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Issued  string     `xml:"http://purl.org/dc/terms/ issued"`
	Authors []string   `xml:"author>name"`
	Summary string     `xml:"summary"`
	Links   []atomLink `xml:"link"`
}

// writeEditions makes n small editions under root: three series, each
// issue with its own number and date, as an archive of weeklies is laid
// out.
func writeEditions(t *testing.T, root string, n int) {
	t.Helper()
	series := []string{"The Harbour Weekly", "Coast & Town Review", "Night Shift <Notes>"}
	for i := range n {
		s := series[i%len(series)]
		issue := i/len(series) + 1
		date := time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i)
		dir := filepath.Join(root, fmt.Sprintf("s%d", i%len(series)), fmt.Sprintf("issue-%02d", issue))
		yaml := fmt.Sprintf("title: %q\nsubtitle: Issue %d of the %s\nseries: %q\nissue: %d\ndate: %s\npublisher: Harbour Press\n",
			s, issue, s, s, issue, date.Format("2006-01-02"))
		art := fmt.Sprintf("---\ntitle: Story of week %d\nauthor: Writer %d\ndate: %s\n---\n\nThe tide came in at %d o'clock.\n",
			i, i%4, date.Format("2006-01-02"), i%12+1)
		if err := os.MkdirAll(filepath.Join(dir, "articles"), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte(yaml), 0o644)
		os.WriteFile(filepath.Join(dir, "articles", "story.md"), []byte(art), 0o644)
	}
}

func runOffprint(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{stdout: &out, stderr: &errb, getenv: func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1577836800"
		}
		return ""
	}}
	if code := runEnv(context.Background(), args, e); code != 0 {
		t.Fatalf("offprint %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	return errb.String()
}

// resolve checks that a relative href, seen from the document at doc
// (slash path under root), names a file under root.
func resolve(t *testing.T, root, doc, href string) {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil || u.IsAbs() || u.Host != "" || strings.HasPrefix(u.Path, "/") {
		t.Errorf("%s: href %q is not a relative link", doc, href)
		return
	}
	if u.Path == "" {
		return // a fragment in the same page
	}
	p := path.Join(path.Dir(doc), u.Path)
	if strings.HasPrefix(p, "../") {
		t.Errorf("%s: href %q leaves the shelf", doc, href)
		return
	}
	if st, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err != nil || !st.Mode().IsRegular() {
		t.Errorf("%s: href %q resolves to no file", doc, href)
	}
}

func readFeed(t *testing.T, root, doc string) *atomFeed {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(doc)))
	if err != nil {
		t.Fatal(err)
	}
	var f atomFeed
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s is not Atom XML: %v", doc, err)
	}
	if f.ID == "" || f.Title == "" {
		t.Errorf("%s: feed without id or title", doc)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("%s: updated %q: %v", doc, f.Updated, err)
	}
	for _, l := range f.Links {
		resolve(t, root, doc, l.Href)
	}
	for _, e := range f.Entries {
		if e.ID == "" || e.Title == "" {
			t.Errorf("%s: entry without id or title: %+v", doc, e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("%s: %s: updated %q: %v", doc, e.Title, e.Updated, err)
		}
		for _, l := range e.Links {
			resolve(t, root, doc, l.Href)
		}
	}
	return &f
}

func TestShelfOfTwentyEditions(t *testing.T) {
	n := 20
	if testing.Short() {
		n = 4 // three series, one of them with two issues
	}
	root := t.TempDir()
	writeEditions(t, root, n)
	log := runOffprint(t, "build", "--all", "-q", root)
	if strings.Contains(log, "warning") || strings.Contains(log, "shelf of") {
		t.Errorf("build --all -q printed:\n%s", log)
	}
	cat := readFeed(t, root, "catalog.xml")
	if len(cat.Entries) != n {
		t.Fatalf("catalog has %d entries, want %d", len(cat.Entries), n)
	}
	facets := 0
	for _, l := range cat.Links {
		if l.Rel == "http://opds-spec.org/facet" && l.FacetGroup == "Series" {
			facets++
		}
	}
	if facets != 4 { // all series, and each of three
		t.Errorf("catalog has %d series facets, want 4", facets)
	}
	seen, seenSeries := map[string]bool{}, map[string]bool{}
	lastSeries, lastDate := "", ""
	for _, e := range cat.Entries {
		if seen[e.ID] {
			t.Errorf("id %s twice", e.ID)
		}
		seen[e.ID] = true
		rels := map[string]int{}
		var series string
		for _, l := range e.Links {
			rels[l.Rel+" "+l.Type]++
			if l.Rel == "collection" {
				series = l.Title
				readFeed(t, root, l.Href)
			}
		}
		for _, want := range []string{
			"http://opds-spec.org/acquisition application/epub+zip",
			"http://opds-spec.org/acquisition application/pdf",
			"http://opds-spec.org/image image/jpeg",
			"http://opds-spec.org/image/thumbnail image/jpeg",
		} {
			if rels[want] != 1 {
				t.Errorf("%s: %d links %q", e.Title, rels[want], want)
			}
		}
		if len(e.Authors) == 0 || e.Issued == "" || e.Summary == "" {
			t.Errorf("%s: authors %q, issued %q, summary %q", e.Title, e.Authors, e.Issued, e.Summary)
		}
		if !strings.Contains(e.Title, "No. ") {
			t.Errorf("entry title %q does not name the issue", e.Title)
		}
		// Grouped by series, newest first within each.
		if series == lastSeries && e.Issued > lastDate {
			t.Errorf("%s (%s) comes after an older issue (%s)", e.Title, e.Issued, lastDate)
		}
		if series != lastSeries && seenSeries[series] {
			t.Errorf("%s: the editions of %s are not together", e.Title, series)
		}
		seenSeries[series] = true
		lastSeries, lastDate = series, e.Issued
	}

	// Every link and picture of index.html resolves too.
	page, err := os.ReadFile(filepath.Join(root, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	links, imgs := 0, 0
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		if tok.Data == "script" {
			t.Error("index.html has a script")
		}
		for _, a := range tok.Attr {
			if (tok.Data == "a" || tok.Data == "link") && a.Key == "href" {
				links++
				resolve(t, root, "index.html", a.Val)
			}
			if tok.Data == "img" && a.Key == "src" {
				imgs++
				resolve(t, root, "index.html", a.Val)
			}
		}
	}
	if imgs != n || links < 2*n {
		t.Errorf("index.html has %d pictures and %d links for %d editions", imgs, links, n)
	}

	// The shelf alone gives the same bytes again.
	before := snapshot(t, root)
	runOffprint(t, "shelf", "-q", root)
	after := snapshot(t, root)
	if len(after) != len(before) {
		t.Errorf("shelf wrote %d files, build --all %d", len(after), len(before))
	}
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// snapshot reads the shelf's own files.
func snapshot(t *testing.T, root string) map[string][]byte {
	m := map[string][]byte{}
	for _, name := range []string{"catalog.xml", "index.html"} {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = b
	}
	ents, _ := os.ReadDir(filepath.Join(root, "shelf-files"))
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(root, "shelf-files", e.Name()))
		m["shelf-files/"+e.Name()] = b
	}
	return m
}
