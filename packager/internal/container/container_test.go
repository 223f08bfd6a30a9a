package container

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWARCPages(t *testing.T) {
	c, err := Open(os.DirFS("testdata"), "coastal.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var urls []string
	for _, p := range c.Pages {
		urls = append(urls, p.URL)
		b, err := p.HTML()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s %s %s %d", p.Name, p.URL, p.Saved, len(b))
	}
	if len(urls) != 2 || urls[0] != "http://127.0.0.1:8731/harbour.html" || urls[1] != "http://127.0.0.1:8731/market.html" {
		t.Errorf("pages = %q, want the two articles (not the index, the 404 or the pictures)", urls)
	}
	if n := c.Pictures.Len(); n != 2 {
		t.Errorf("pictures = %d, want 2", n)
	}
}

func TestGzipBombIsAnError(t *testing.T) {
	if testing.Short() {
		t.Skip("compresses 100 MB")
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	const n = 100 << 20
	fmt.Fprintf(zw, "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://example.org/x.jpg\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n", n)
	zeros := make([]byte, 1<<20)
	for range n >> 20 {
		zw.Write(zeros)
	}
	zw.Close()
	fsys := fstest.MapFS{"bomb.warc.gz": {Data: buf.Bytes()}}
	_, err := Open(fsys, "bomb.warc.gz")
	if err == nil || !strings.Contains(err.Error(), "bomb.warc.gz") || !strings.Contains(err.Error(), "compression bomb") {
		t.Fatalf("err = %v, want a compression bomb error naming the file", err)
	}
}

func TestTruncatedWARC(t *testing.T) {
	full, err := os.ReadFile("testdata/coastal.warc.gz")
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{len(full) / 3, len(full) * 2 / 3, len(full) - 40} {
		fsys := fstest.MapFS{"cut.warc.gz": {Data: full[:cut]}}
		c, err := Open(fsys, "cut.warc.gz")
		if err != nil {
			if !strings.Contains(err.Error(), "cut.warc.gz") {
				t.Errorf("cut at %d: error does not name the file: %v", cut, err)
			}
			continue
		}
		warned := false
		for _, d := range c.Diags {
			warned = warned || d.Code == "warc-truncated" && d.File == "cut.warc.gz"
		}
		if !warned {
			t.Errorf("cut at %d: %d pages and no warning that the archive is cut short: %v", cut, len(c.Pages), c.Diags)
		}
		c.Close()
	}
}

func TestHugeFeedIsRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>`)
	for i := range 100000 {
		fmt.Fprintf(&b, "<item><title>%d</title><description>x</description></item>\n", i)
	}
	b.WriteString("</channel></rss>")
	fsys := fstest.MapFS{"big.rss": {Data: []byte(b.String())}}
	_, err := Open(fsys, "big.rss")
	if err == nil || !strings.Contains(err.Error(), "big.rss") || !strings.Contains(err.Error(), "100000 entries") {
		t.Fatalf("err = %v, want an error naming the file and counting its entries", err)
	}
}

func TestMHTMLParts(t *testing.T) {
	c, err := Open(os.DirFS("testdata"), "harbour.mhtml")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if len(c.Pages) != 1 || c.Pages[0].URL != "http://127.0.0.1:8731/harbour.html" || c.Pages[0].Saved.IsZero() {
		t.Fatalf("pages = %+v", c.Pages)
	}
	b, _ := c.Pages[0].HTML()
	if !bytes.Contains(b, []byte("Vågsøy")) || !bytes.Contains(b, []byte(`src="harbour.mhtml/harbour-`)) {
		t.Errorf("the page is not decoded from quoted-printable with its picture resolved:\n%.400s", b)
	}
}

func TestAtomAndJSONFeed(t *testing.T) {
	atom := `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coastal</title><id>urn:x</id><updated>2026-11-20T00:00:00Z</updated>
<entry><title>Tide tables</title><link href="https://news.example.org/tides"/><id>urn:1</id><published>2026-11-19T08:00:00Z</published><updated>2026-11-19T08:00:00Z</updated>
<author><name>Ada Berg</name></author><category term="harbour"/>
<content type="html">&lt;p&gt;The tide tables for winter are out.&lt;/p&gt;</content></entry></feed>`
	jf := `{"version":"https://jsonfeed.org/version/1.1","title":"Coastal","items":[
{"id":"1","url":"https://news.example.org/ferry","title":"Ferry","content_html":"<p>Two sailings fewer on Sundays.</p>","date_published":"2026-11-21T10:00:00Z","authors":[{"name":"Jonas Reiter"}],"tags":["ferry"]}]}`
	fsys := fstest.MapFS{"a.atom": {Data: []byte(atom)}, "f.json": {Data: []byte(jf)}}
	for file, want := range map[string]string{
		"a.atom": "Tide tables|https://news.example.org/tides|Ada Berg|harbour|2026-11-19|winter",
		"f.json": "Ferry|https://news.example.org/ferry|Jonas Reiter|ferry|2026-11-21|Sundays",
	} {
		c, err := Open(fsys, file)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		p := c.Pages[0]
		b, _ := p.HTML()
		got := strings.Join([]string{p.Title, p.URL, strings.Join(p.Authors, ","), strings.Join(p.Tags, ","), p.Published.Format("2006-01-02")}, "|")
		if !strings.HasPrefix(want, got) || !bytes.Contains(b, []byte(want[strings.LastIndex(want, "|")+1:])) || p.Summary {
			t.Errorf("%s: got %s, want %s", file, got, want)
		}
	}
}
