package epub

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"path"
	"strings"
	"testing"

	"github.com/offprint/offprint/internal/testtool"
)

// TestEpubcheck renders each distinct kind of book and checks its
// structure: the zip container, well-formed XML, a manifest that names
// every file and only files that exist, and links and pictures that point
// at files and ids in the book. The full suite also runs epubcheck over
// all of them, in one JVM.
func TestEpubcheck(t *testing.T) {
	batch := testtool.NewEPUBBatch(t)
	for _, c := range []struct {
		name   string
		render func(t *testing.T) []byte
	}{
		{"ereader.epub", func(t *testing.T) []byte {
			ed, fsys := testEdition(t)
			data, _ := renderBook(t, ed, fsys, builtinLayout(t, "ereader"))
			return data
		}},
		{"handout.epub", func(t *testing.T) []byte {
			ed, fsys := testEdition(t)
			data, _ := renderBook(t, ed, fsys, builtinLayout(t, "handout"))
			return data
		}},
		{"single-section.epub", func(t *testing.T) []byte {
			data, _ := renderBook(t, singleSection(), nil, nil)
			return data
		}},
		{"awkward.epub", func(t *testing.T) []byte {
			ed, fsys := awkwardEdition()
			data, _ := renderBook(t, ed, fsys, nil)
			return data
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			data := c.render(t)
			checkStructure(t, data)
			if err := batch.AddData(c.name, c.name, data); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// xmlNode is what checkStructure keeps of an XML file: its ids and the
// references it makes.
type xmlNode struct {
	ids  map[string]bool
	refs []string // href and src values
}

// parseXML parses an XML file strictly, collecting ids and references.
func parseXML(content string) (xmlNode, error) {
	n := xmlNode{ids: map[string]bool{}}
	dec := xml.NewDecoder(strings.NewReader(content))
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "id":
					n.ids[a.Value] = true
				case "href", "src":
					n.refs = append(n.refs, a.Value)
				}
			}
		}
	}
}

// checkStructure checks, without a validator, what epubcheck would find
// first in a book: the container, the package and every reference.
func checkStructure(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	if len(zr.File) == 0 || zr.File[0].Name != "mimetype" || zr.File[0].Method != zip.Store {
		t.Fatalf("the first entry must be mimetype, stored")
	}
	files, _ := entries(t, data)
	if files["mimetype"] != "application/epub+zip" {
		t.Errorf("mimetype is %q", files["mimetype"])
	}
	parsed := map[string]xmlNode{}
	for name, content := range files {
		switch path.Ext(name) {
		case ".xhtml", ".opf", ".ncx", ".xml":
			n, err := parseXML(content)
			if err != nil {
				t.Errorf("%s is not well-formed: %v", name, err)
			}
			parsed[name] = n
		}
	}

	var container struct {
		Rootfiles []struct {
			FullPath string `xml:"full-path,attr"`
		} `xml:"rootfiles>rootfile"`
	}
	if err := xml.Unmarshal([]byte(files["META-INF/container.xml"]), &container); err != nil || len(container.Rootfiles) != 1 {
		t.Fatalf("META-INF/container.xml names no package: %v", err)
	}
	opfPath := container.Rootfiles[0].FullPath
	var pkg struct {
		Items []struct {
			ID         string `xml:"id,attr"`
			Href       string `xml:"href,attr"`
			MediaType  string `xml:"media-type,attr"`
			Properties string `xml:"properties,attr"`
		} `xml:"manifest>item"`
		Spine []struct {
			IDRef string `xml:"idref,attr"`
		} `xml:"spine>itemref"`
	}
	if err := xml.Unmarshal([]byte(files[opfPath]), &pkg); err != nil {
		t.Fatalf("%s: %v", opfPath, err)
	}
	base := path.Dir(opfPath)
	manifest := map[string]string{} // id → file
	listed := map[string]bool{}
	nav := false
	for _, it := range pkg.Items {
		file := path.Join(base, it.Href)
		if manifest[it.ID] != "" {
			t.Errorf("manifest id %q is used twice", it.ID)
		}
		manifest[it.ID] = file
		listed[file] = true
		if _, ok := files[file]; !ok {
			t.Errorf("manifest item %s is not in the book", it.Href)
		}
		if it.MediaType == "" {
			t.Errorf("manifest item %s has no media type", it.Href)
		}
		nav = nav || strings.Contains(it.Properties, "nav")
	}
	if !nav {
		t.Errorf("no manifest item is the navigation document")
	}
	if len(pkg.Spine) == 0 {
		t.Errorf("the spine is empty")
	}
	for _, ref := range pkg.Spine {
		if manifest[ref.IDRef] == "" {
			t.Errorf("spine item %q is not in the manifest", ref.IDRef)
		}
	}
	for name := range files {
		if name != "mimetype" && name != opfPath && !strings.HasPrefix(name, "META-INF/") && !listed[name] {
			t.Errorf("%s is in the book but not in the manifest", name)
		}
	}

	for name, n := range parsed {
		if name == opfPath || strings.HasPrefix(name, "META-INF/") {
			continue
		}
		for _, ref := range n.refs {
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad reference %q: %v", name, ref, err)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue
			}
			target := name
			if u.Path != "" {
				target = path.Join(path.Dir(name), u.Path)
				if _, ok := files[target]; !ok {
					t.Errorf("%s: %q points at no file in the book", name, ref)
					continue
				}
			}
			if u.Fragment != "" {
				if tn, ok := parsed[target]; !ok || !tn.ids[u.Fragment] {
					t.Errorf("%s: %q points at no id in %s", name, ref, target)
				}
			}
		}
	}
}
