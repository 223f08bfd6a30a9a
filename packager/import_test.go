package packager

import (
	"context"
	"os"
	"path"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/offprint/offprint/packager/model"
)

// TestImportIsOneExtractionPath imports saved pages and scraped text into
// Markdown and loads both editions: every article is the same, apart from
// its file, its figures' lines and the paths of the pictures copied.
func TestImportIsOneExtractionPath(t *testing.T) {
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	orig := fstest.MapFS{
		"articles/saved-complete.html": {Data: read("internal/importer/testdata/html/saved-complete.html")},
		"articles/news.html":           {Data: read("internal/importer/testdata/html/news.html")},
		"articles/rtl-arabic.html":     {Data: read("internal/importer/testdata/html/rtl-arabic.html")},
		"articles/windows-1252.html":   {Data: read("internal/importer/testdata/html/windows-1252.html")},
		"articles/seed.txt":            {Data: read("internal/importer/testdata/soleimani-airstrike.txt")},
		"articles/notes.md":            {Data: []byte("---\ntitle: Notes\nlang: ar\n---\n\n![A boat](../images/boat.jpg \"Credit: AP\")\n\nText with a note.[^1]\n\n[^1]: The note.\n")},
		"images/boat.jpg":              {Data: []byte("boat")},
	}
	for _, f := range []string{"harbour-800.jpg", "harbour-1600.jpg", "placeholder.gif", "market.jpg", "ferry.jpg", "lead.jpg"} {
		orig["articles/saved-complete_files/"+f] = &fstest.MapFile{Data: []byte(f)}
	}
	orig["articles/almina_files/sadd.jpg"] = &fstest.MapFile{Data: []byte("sadd")}

	copied := fstest.MapFS{}
	files, err := articleFiles(orig)
	if err != nil {
		t.Fatal(err)
	}
	slugs := map[string]string{}
	for _, f := range files {
		im, err := ImportArticle(orig, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		slugs[f] = im.Slug
		copied["articles/"+im.Slug+".md"] = &fstest.MapFile{Data: im.Markdown}
		for _, c := range im.Images {
			data, err := readMap(orig, c.From)
			if err != nil {
				t.Fatalf("%s: %v", c.From, err)
			}
			copied["articles/"+c.To] = &fstest.MapFile{Data: data}
		}
	}
	if len(copied["articles/saved-complete.md"].Data) == 0 {
		t.Fatalf("no Markdown for the saved page: %v", slugs)
	}
	for _, want := range []string{"articles/images/saved-complete/harbour-1600.jpg", "articles/images/saved-complete/lead.jpg", "articles/images/notes/boat.jpg", "articles/images/rtl-arabic/sadd.jpg"} {
		if copied[want] == nil {
			t.Errorf("%s not copied", want)
		}
	}

	cfg := &Config{File: "edition.yaml"}
	la, err := Load(context.Background(), orig, cfg, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lb, err := Load(context.Background(), copied, cfg, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]*model.Article{}
	for _, a := range lb.Sections[0].Articles {
		byFile[a.File] = a
	}
	for _, a := range la.Sections[0].Articles {
		b := byFile["articles/"+slugs[a.File]+".md"]
		if b == nil {
			t.Errorf("%s: no copy", a.File)
			continue
		}
		fa, fb := a.Figures(), b.Figures()
		if len(fa) != len(fb) {
			t.Errorf("%s: %d figures, the copy %d", a.File, len(fa), len(fb))
			continue
		}
		for i := range fa {
			if fa[i].Image != nil && fb[i].Image != nil {
				if rel, ok := LocalRef(fa[i].Image.Src); ok && fileIn(orig, "articles", rel) {
					if !strings.HasPrefix(fb[i].Image.Src, "images/"+slugs[a.File]+"/") {
						t.Errorf("%s: picture %s copied as %s", a.File, fa[i].Image.Src, fb[i].Image.Src)
					}
				} else if fa[i].Image.Src != fb[i].Image.Src {
					t.Errorf("%s: picture %s became %s", a.File, fa[i].Image.Src, fb[i].Image.Src)
				}
				fa[i].Image.Src, fb[i].Image.Src = "", ""
			}
			fa[i].Line, fb[i].Line = 0, 0
		}
		a.File, b.File = "", ""
		clearTableLines(a.Blocks)
		clearTableLines(b.Blocks)
		if a.Date.Equal(b.Date) {
			b.Date = a.Date
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the imported Markdown loads differently:\n%+v\n%+v", slugs[a.File], a, b)
		}
	}
	if len(la.Diags) != 1 || la.Diags[0].Code != "txt-title" {
		t.Errorf("warnings loading the originals: %v", la.Diags)
	}
	if len(lb.Diags) != 0 {
		t.Errorf("warnings loading the copies: %v", lb.Diags)
	}

	// Importing a copy again changes nothing.
	for name, f := range copied {
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		im, err := ImportArticle(copied, name)
		if err != nil {
			t.Fatal(err)
		}
		if string(im.Markdown) != string(f.Data) {
			t.Errorf("%s: importing the copy gives other Markdown:\n%s\n---\n%s", name, f.Data, im.Markdown)
		}
		for _, c := range im.Images {
			if "articles/"+c.To != c.From {
				t.Errorf("%s: picture %s would move to %s", name, c.From, c.To)
			}
		}
	}
}

func readMap(fsys fstest.MapFS, name string) ([]byte, error) {
	f, ok := fsys[name]
	if !ok {
		return nil, os.ErrNotExist
	}
	return f.Data, nil
}

func fileIn(fsys fstest.MapFS, dir, rel string) bool {
	_, ok := fsys[path.Join(dir, rel)]
	return ok
}

func TestImportArticlePictures(t *testing.T) {
	fsys := fstest.MapFS{
		"in/a b.md":                  {Data: []byte("---\ntitle: T\n---\n\n![One](pics/photo.jpg)\n\n![Again](pics/photo.jpg)\n\n![Same name](other/photo.jpg)\n\n![Odd](pics/Ünïcode%20name!.JPEG)\n\n![Gone](pics/gone.jpg)\n\n![Web](https://example.org/x.jpg)\n\n![Up](../top.png)\n")},
		"in/pics/photo.jpg":          {Data: []byte("1")},
		"in/other/photo.jpg":         {Data: []byte("2")},
		"in/pics/Ünïcode name!.JPEG": {Data: []byte("3")},
		"top.png":                    {Data: []byte("4")},
	}
	im, err := ImportArticle(fsys, "in/a b.md")
	if err != nil {
		t.Fatal(err)
	}
	if im.Slug != "a-b" {
		t.Errorf("slug %q", im.Slug)
	}
	var got []string
	for _, c := range im.Images {
		got = append(got, c.From+" → "+c.To)
	}
	want := "in/pics/photo.jpg → images/a-b/photo.jpg|in/other/photo.jpg → images/a-b/photo-2.jpg|in/pics/Ünïcode name!.JPEG → images/a-b/unicode-name.jpeg|top.png → images/a-b/top.png"
	if strings.Join(got, "|") != want {
		t.Errorf("images\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	md := string(im.Markdown)
	for _, s := range []string{"![One](images/a-b/photo.jpg)", "![Again](images/a-b/photo.jpg)", "![Same name](images/a-b/photo-2.jpg)", "![Odd](images/a-b/unicode-name.jpeg)", "![Gone](pics/gone.jpg)", "![Web](https://example.org/x.jpg)", "![Up](images/a-b/top.png)"} {
		if !strings.Contains(md, s) {
			t.Errorf("%q not in\n%s", s, md)
		}
	}
	if len(im.Diags) != 1 || im.Diags[0].Code != "missing-image" || im.Diags[0].Line != 13 {
		t.Errorf("diagnostics %v", im.Diags)
	}

	for _, c := range []struct {
		src, rel string
		ok       bool
	}{
		{"a.jpg", "a.jpg", true}, {"./x/../a%20b.jpg?v=2#f", "a b.jpg", true}, {"../up.jpg", "../up.jpg", true},
		{"https://x/a.jpg", "", false}, {"//x/a.jpg", "", false}, {"/abs.jpg", "", false}, {"C:\\a.jpg", "", false},
		{"data:image/png;base64,xx", "", false}, {"", "", false},
	} {
		rel, ok := LocalRef(c.src)
		if rel != c.rel || ok != c.ok {
			t.Errorf("LocalRef(%q) = %q %v, want %q %v", c.src, rel, ok, c.rel, c.ok)
		}
	}
}

// clearTableLines forgets the lines tables, paragraphs and headings start
// on, which a Markdown copy does not keep.
func clearTableLines(bs []model.Block) {
	for _, b := range bs {
		switch b := b.(type) {
		case *model.Table:
			b.Line = 0
		case *model.Paragraph:
			b.Line = 0
		case *model.Heading:
			b.Line = 0
		case *model.Quote:
			clearTableLines(b.Blocks)
		case *model.List:
			for _, it := range b.Items {
				clearTableLines(it.Blocks)
			}
		}
	}
}
