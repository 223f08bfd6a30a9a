package container

import (
	"os"
	"testing"
	"testing/fstest"
)

// fuzzOpen opens data as a file named name and reads every page: it
// may fail, never panic.
func fuzzOpen(t *testing.T, name string, data []byte) {
	c, err := Open(fstest.MapFS{name: {Data: data}}, name)
	if err != nil {
		return
	}
	defer c.Close()
	for _, p := range c.Pages {
		if _, err := p.HTML(); err != nil {
			t.Logf("page %s: %v", p.Name, err)
		}
	}
}

func seed(f *testing.F, file string) {
	if b, err := os.ReadFile(file); err == nil {
		f.Add(b)
	}
}

func FuzzWARC(f *testing.F) {
	seed(f, "testdata/coastal.warc.gz")
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://a/\r\nContent-Type: application/http;msgtype=response\r\nContent-Length: 60\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>hello</p>\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzOpen(t, "x.warc", b) })
}

func FuzzWACZ(f *testing.F) {
	seed(f, "testdata/coastal.wacz")
	f.Fuzz(func(t *testing.T, b []byte) { fuzzOpen(t, "x.wacz", b) })
}

func FuzzMHTML(f *testing.F) {
	seed(f, "testdata/harbour.mhtml")
	f.Add([]byte("Content-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>a=3Db</p>\r\n--b--\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzOpen(t, "x.mhtml", b) })
}

func FuzzSingleFile(f *testing.F) {
	f.Add([]byte("<html><!--\n Page saved with SingleFile \n url: https://a.example/ \n saved date: Wed Dec 02 2026 13:40:31 GMT+0100 (CET)\n--><p>x<img src=\"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\"></p>"))
	f.Add([]byte("<!-- Page saved with SingleFile --><img src=data:,x srcset=\"data:image/png;base64,AAAA 2x, a.png 1x\">"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzOpen(t, "x.html", b) })
}

func FuzzFeed(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><item><title>a</title><description>b</description><enclosure url="x.jpg" type="image/jpeg"/></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title><content type="html">&lt;p&gt;b&lt;/p&gt;</content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","content_html":"<p>x</p>"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzOpen(t, "x.xml", b) })
}

func FuzzWallabag(f *testing.F) {
	f.Add([]byte(`[{"title":"t","url":"https://a/","content":"<p>x</p>","published_by":["A"],"tags":["x"],"published_at":"2026-01-01T00:00:00+01:00"}]`))
	f.Add([]byte(`[{"title":"t","url":"u","content":"<img src=\"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\">","tags":[{"label":"x"}]}]`))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzOpen(t, "x.json", b) })
}
