package container

import (
	"os"
	"testing"
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
	t.Log(c.Diags, c.Pictures.byKey)
}
