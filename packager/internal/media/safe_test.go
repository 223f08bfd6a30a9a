package media

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// The classic billion laughs, as circulated.
const entityBomb = `<?xml version="1.0"?>
<!DOCTYPE svg [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><text x="0" y="20">&lol9;</text></svg>
`

const externalEntity = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><text y="20">&xxe;</text></svg>
`

const scriptSVG = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100" onload="alert(1)">
<script type="text/javascript"><![CDATA[ alert(document.cookie) ]]></script>
<foreignObject width="100" height="50"><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
<a xlink:href="javascript:alert(2)" xlink:title="x"><rect width="10" height="10" onclick="evil()"/></a>
<circle cx="50" cy="50" r="20" fill="red"/>
</svg>`

// chartSVG is how charting libraries write ids: base64, ending in '='.
const chartSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 400 200" width="400" height="200">
<defs><clipPath id='cpMC4wMHwwLjAwfDAuMDB8MC4wMA=='><rect x='0' y='0' width='400' height='200'/></clipPath>
<linearGradient id="1grad"><stop offset="0" stop-color="#00f"/></linearGradient></defs>
<g clip-path='url(#cpMC4wMHwwLjAwfDAuMDB8MC4wMA==)'><rect width="100" height="50" style="fill:url('#1grad')"/>
<use xlink:href="#1grad"/><use href="#cpMC4wMHwwLjAwfDAuMDB8MC4wMA=="/></g>
<style>.a{fill:url(#1grad)}</style>
</svg>`

func TestSafeSVGRefusesEntitiesAndOutsideReferences(t *testing.T) {
	for name, src := range map[string]string{
		"entity bomb":     entityBomb,
		"external entity": externalEntity,
		"outside image":   `<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>`,
		"outside css":     `<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://example.com/a.css);</style></svg>`,
		"outside fill":    `<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(other.svg#p)"/></svg>`,
		"deep":            `<svg xmlns="http://www.w3.org/2000/svg">` + strings.Repeat("<g>", maxSVGDepth+1) + strings.Repeat("</g>", maxSVGDepth+1) + `</svg>`,
		"many":            `<svg xmlns="http://www.w3.org/2000/svg">` + strings.Repeat("<g/>", maxSVGElements+1) + `</svg>`,
		"cut short":       `<svg xmlns="http://www.w3.org/2000/svg"><rect`,
		"not svg":         `<html><body/></html>`,
	} {
		_, _, _, err := SafeSVG([]byte(src))
		var u *unsafeSVGError
		if !errors.As(err, &u) {
			t.Errorf("%s: %v, want an *unsafeSVGError", name, err)
		}
	}
}

func TestSafeSVGRemovesScripts(t *testing.T) {
	out, notes, changed, err := SafeSVG([]byte(scriptSVG))
	if err != nil || !changed {
		t.Fatalf("%v %v", err, changed)
	}
	for _, bad := range []string{"<script", "alert", "onload", "onclick", "foreignObject", "javascript:", "<div"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("%q left in:\n%s", bad, out)
		}
	}
	if !bytes.Contains(out, []byte(`<circle cx="50" cy="50" r="20" fill="red">`)) {
		t.Errorf("the drawing was lost:\n%s", out)
	}
	if len(notes) < 3 {
		t.Errorf("notes: %q", notes)
	}
	if _, err := Probe(bytes.NewReader(out), 0); err != nil {
		t.Errorf("cleaned SVG does not probe: %v", err)
	}
}

func TestSafeSVGRenamesIDsWithTheirReferences(t *testing.T) {
	out, _, changed, err := SafeSVG([]byte(chartSVG))
	if err != nil || !changed {
		t.Fatalf("%v %v", err, changed)
	}
	s := string(out)
	for _, want := range []string{`id="svgid1"`, `clip-path="url(#svgid1)"`, `href="#svgid1"`, `id="svgid2"`,
		`style="fill:url(&#39;#svgid2&#39;)"`, `xlink:href="#svgid2"`, `.a{fill:url(#svgid2)}`} {
		if !strings.Contains(s, want) && !strings.Contains(s, strings.ReplaceAll(want, "&#39;", "'")) {
			t.Errorf("no %s in\n%s", want, s)
		}
	}
	if strings.Contains(s, "==") || strings.Contains(s, "1grad") {
		t.Errorf("old ids left:\n%s", s)
	}
	// A clean SVG is passed through as it is.
	clean := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect id="a" width="1" height="1"/></svg>`)
	if out, _, changed, err := SafeSVG(clean); err != nil || changed || !bytes.Equal(out, clean) {
		t.Errorf("clean SVG changed: %v %v", changed, err)
	}
}

func FuzzSafeSVG(f *testing.F) {
	f.Add([]byte(chartSVG))
	f.Add([]byte(scriptSVG))
	f.Add([]byte(externalEntity))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, _, changed, err := SafeSVG(b)
		if err != nil || !changed {
			return
		}
		// What comes out is safe and stays the same when cleaned again.
		again, _, _, err := SafeSVG(out)
		if err != nil {
			t.Fatalf("cleaned SVG refused: %v\n%s", err, out)
		}
		if bytes.Contains(bytes.ToLower(again), []byte("<script")) {
			t.Fatalf("script left: %s", again)
		}
	})
}

func TestJPEGOrientation(t *testing.T) {
	// An APP1 Exif segment as phones write it, in both byte orders.
	le := []byte("\xff\xd8\xff\xe1\x00\x22Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00\x00\x00\x00\x00")
	be := []byte("\xff\xd8\xff\xe1\x00\x22Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x08\x00\x00\x00\x00\x00\x00")
	if o := jpegOrientation(le); o != 6 {
		t.Errorf("little-endian: %d", o)
	}
	if o := jpegOrientation(be); o != 8 {
		t.Errorf("big-endian: %d", o)
	}
	for i := range le {
		jpegOrientation(le[:i]) // cut anywhere: no panic
	}
	if o := jpegOrientation(encJPEG(8, 8)); o != 1 {
		t.Errorf("no EXIF: %d", o)
	}
}

func FuzzJPEGOrientation(f *testing.F) {
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x22Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if o := jpegOrientation(b); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}

func TestDirCacheRebuildsCorruptEntries(t *testing.T) {
	dir := t.TempDir()
	c := DirCache{Dir: dir}
	src := encJPEG(400, 200)
	pol := Policy{MaxPx: 100, Quality: 80}
	first, err := PrepareCached(src, pol, c)
	if err != nil {
		t.Fatal(err)
	}
	entry := filepath.Join(dir, pol.Key(src)[:2], pol.Key(src))
	if _, err := os.Stat(entry); err != nil {
		t.Fatalf("no cache entry: %v", err)
	}
	// Truncate the entry as a full disk or killed copy would.
	b, _ := os.ReadFile(entry)
	os.WriteFile(entry, b[:len(b)/2], 0o644)
	if _, ok := c.Get(pol.Key(src)); ok {
		t.Fatal("a truncated entry was reused")
	}
	again, err := PrepareCached(src, pol, c)
	if err != nil || !bytes.Equal(again.Data, first.Data) {
		t.Fatalf("rebuilt picture differs: %v", err)
	}
	// One changed byte is caught too; the rebuilt entry is good again.
	b, _ = os.ReadFile(entry)
	b[len(b)/3] ^= 0xff
	os.WriteFile(entry, b, 0o644)
	if _, ok := c.Get(pol.Key(src)); ok {
		t.Fatal("a changed entry was reused")
	}
	PrepareCached(src, pol, c)
	if got, ok := c.Get(pol.Key(src)); !ok || !bytes.Equal(got, first.Data) {
		t.Error("the entry was not rebuilt")
	}
}

func TestDecodeBudgetIsRespected(t *testing.T) {
	w := newWeighted(100)
	var wg sync.WaitGroup
	var mu sync.Mutex
	held, most := int64(0), int64(0)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := int64(10 + i%7*15) // 10 … 100
			if i == 7 {
				n = 1000 // over the budget: reserves all of it
			}
			release := w.acquire(n)
			mu.Lock()
			held += min(n, 100)
			most = max(most, held)
			mu.Unlock()
			mu.Lock()
			held -= min(n, 100)
			mu.Unlock()
			release()
		}()
	}
	wg.Wait()
	if most > 100 || w.peak > 100 || w.used != 0 || w.calls != 50 {
		t.Errorf("held %d at most (peak %d, used %d, calls %d), budget 100", most, w.peak, w.used, w.calls)
	}
	// prepare reserves a picture's decoded size from the package budget.
	before := decodes.calls
	if _, err := prepare(encJPEG(300, 200), Policy{MaxPx: 100}); err != nil {
		t.Fatal(err)
	}
	if decodes.calls != before+1 || decodes.used != 0 {
		t.Errorf("prepare did not reserve and give back its budget")
	}
	if c := prepareCost(Info{Width: 10000, Height: 10000}, Policy{MaxPx: 1600}); c > decodeBudget || 2*c <= decodeBudget {
		t.Error("the budget should hold one 100-megapixel picture and not two")
	}
}

func TestLocalRefCutsBeforeUnescaping(t *testing.T) {
	for in, want := range map[string]string{
		"hash%231.jpg":       "hash#1.jpg",
		"what%3F.jpg":        "what?.jpg",
		"a.jpg?v=2":          "a.jpg",
		"a.jpg#frag":         "a.jpg",
		"my%20photo.jpg":     "my photo.jpg",
		`images\win.jpg`:     "images/win.jpg",
		"../images/x%23.png": "../images/x#.png",
	} {
		if got, ok := LocalRef(in); !ok || got != want {
			t.Errorf("LocalRef(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, remote := range []string{"https://x.org/a.jpg", "/abs.jpg", "C:/x.jpg", "data:image/png;base64,AA"} {
		if _, ok := LocalRef(remote); ok {
			t.Errorf("%s taken as local", remote)
		}
	}
}

func TestResolvePathFollowsLinksInsideOnly(t *testing.T) {
	root := t.TempDir()
	ed := filepath.Join(root, "ed")
	os.MkdirAll(filepath.Join(ed, "images", "sub"), 0o755)
	os.WriteFile(filepath.Join(ed, "images", "sub", "real.jpg"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "secret.jpg"), []byte("x"), 0o644)
	os.Symlink("sub/real.jpg", filepath.Join(ed, "images", "in.jpg"))
	os.Symlink("../../secret.jpg", filepath.Join(ed, "images", "out.jpg"))
	os.Symlink(filepath.Join(root, "secret.jpg"), filepath.Join(ed, "images", "abs.jpg"))
	os.Symlink("loop2.jpg", filepath.Join(ed, "images", "loop1.jpg"))
	os.Symlink("loop1.jpg", filepath.Join(ed, "images", "loop2.jpg"))
	os.Symlink("sub", filepath.Join(ed, "linkdir"))
	fsys := os.DirFS(ed)

	if p, err := ResolvePath(fsys, "images/in.jpg"); err != nil || p != "images/sub/real.jpg" {
		t.Errorf("inside link: %q %v", p, err)
	}
	if p, err := ResolvePath(fsys, "images/sub/real.jpg"); err != nil || p != "images/sub/real.jpg" {
		t.Errorf("plain file: %q %v", p, err)
	}
	for _, name := range []string{"images/out.jpg", "images/abs.jpg"} {
		var out *linkOutsideError
		_, err := ResolvePath(fsys, name)
		if !errors.As(err, &out) || out.Link != name || !strings.Contains(err.Error(), "secret.jpg") {
			t.Errorf("%s: %v", name, err)
		}
	}
	var loop *LinkLoopError
	if _, err := ResolvePath(fsys, "images/loop1.jpg"); !errors.As(err, &loop) || !strings.Contains(err.Error(), "loop") {
		t.Errorf("loop: %v", err)
	}
	if p, err := ResolvePath(fsys, "images/missing.jpg"); err != nil || p != "images/missing.jpg" {
		t.Errorf("missing: %q %v", p, err)
	}
	// A file system without links passes paths through.
	if p, err := ResolvePath(fstest.MapFS{"a.jpg": {}}, "a.jpg"); err != nil || p != "a.jpg" {
		t.Errorf("MapFS: %q %v", p, err)
	}
}

func TestSafeSVGPassesCleanDrawingsThrough(t *testing.T) {
	for _, src := range []string{
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"80\">\n  <!-- a comment -->\n  <circle cx=\"60\" cy=\"40\" r=\"30\" fill=\"#c33\"/>\n</svg>\n",
		`<svg xmlns="http://www.w3.org/2000/svg"><style><![CDATA[ a > b { fill: red } ]]></style></svg>`,
	} {
		out, notes, changed, err := SafeSVG([]byte(src))
		if err != nil || changed || notes != nil || string(out) != src {
			t.Errorf("changed %v, notes %q, err %v:\n%s", changed, notes, err, out)
		}
	}
	// Once it must be written anew, comments stay and the DOCTYPE goes.
	out, _, changed, err := SafeSVG([]byte("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- kept --><rect/></svg>"))
	if err != nil || !changed || bytes.Contains(out, []byte("DOCTYPE")) || !bytes.Contains(out, []byte("<!-- kept -->")) {
		t.Errorf("%v %v\n%s", changed, err, out)
	}
}
