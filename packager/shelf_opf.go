package packager

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// opfInfo is what the shelf needs from an EPUB's package document.
type opfInfo struct {
	Identifier   string
	Title        string
	Subtitle     string
	Authors      []string // dc:creator, in order
	Contributors []string // dc:contributor, in order
	Publisher    string
	Language     string
	Date         string // dc:date as written
	Modified     string // dcterms:modified as written
	Description  string
	Subjects     []string
	Series       string
	Issue        string // the position in the series as written ("7"), or ""
	CoverHref    string // relative to the package document, or ""
}

// opfPackage is the part of an OPF package document that is read.
type opfPackage struct {
	UniqueIdentifier string `xml:"unique-identifier,attr"`
	Metadata         struct {
		Identifiers  []opfElem `xml:"http://purl.org/dc/elements/1.1/ identifier"`
		Titles       []opfElem `xml:"http://purl.org/dc/elements/1.1/ title"`
		Creators     []opfElem `xml:"http://purl.org/dc/elements/1.1/ creator"`
		Contributors []opfElem `xml:"http://purl.org/dc/elements/1.1/ contributor"`
		Publishers   []opfElem `xml:"http://purl.org/dc/elements/1.1/ publisher"`
		Languages    []opfElem `xml:"http://purl.org/dc/elements/1.1/ language"`
		Dates        []opfElem `xml:"http://purl.org/dc/elements/1.1/ date"`
		Descriptions []opfElem `xml:"http://purl.org/dc/elements/1.1/ description"`
		Subjects     []opfElem `xml:"http://purl.org/dc/elements/1.1/ subject"`
		Metas        []opfMeta `xml:"meta"`
	} `xml:"metadata"`
	Items []opfItem `xml:"manifest>item"`
}

type opfElem struct {
	ID    string `xml:"id,attr"`
	Role  string `xml:"http://www.idpf.org/2007/opf role,attr"` // EPUB 2
	Value string `xml:",chardata"`
}

type opfMeta struct {
	ID       string `xml:"id,attr"`
	Property string `xml:"property,attr"`
	Refines  string `xml:"refines,attr"`
	Name     string `xml:"name,attr"`
	Content  string `xml:"content,attr"`
	Value    string `xml:",chardata"`
}

type opfItem struct {
	ID         string `xml:"id,attr"`
	Href       string `xml:"href,attr"`
	MediaType  string `xml:"media-type,attr"`
	Properties string `xml:"properties,attr"`
}

// maxOPFBytes bounds the package document that is read.
const maxOPFBytes = 4 << 20

// parseOPF reads an EPUB 3 or EPUB 2 package document.
func parseOPF(data []byte) (*opfInfo, error) {
	var p opfPackage
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "us-ascii") {
			return r, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported", label)
	}
	if err := dec.Decode(&p); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("line %d: %s", se.Line, se.Msg)
		}
		return nil, err
	}
	m := &p.Metadata
	info := &opfInfo{}
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	refined := func(id, property string) string {
		if id == "" {
			return ""
		}
		for _, me := range m.Metas {
			if me.Refines == "#"+id && me.Property == property {
				return clean(me.Value)
			}
		}
		return ""
	}
	for _, id := range m.Identifiers {
		if info.Identifier == "" || (p.UniqueIdentifier != "" && id.ID == p.UniqueIdentifier) {
			info.Identifier = clean(id.Value)
		}
	}
	for _, t := range m.Titles {
		v := clean(t.Value)
		switch refined(t.ID, "title-type") {
		case "main":
			info.Title = v
		case "subtitle":
			if info.Subtitle == "" {
				info.Subtitle = v
			}
		default:
			if info.Title == "" {
				info.Title = v
			}
		}
	}
	for _, c := range m.Creators {
		if v := clean(c.Value); v != "" {
			info.Authors = append(info.Authors, v)
		}
	}
	for _, c := range m.Contributors {
		if c.Role == "bkp" || refined(c.ID, "role") == "bkp" {
			continue // the program that made the book
		}
		if v := clean(c.Value); v != "" {
			info.Contributors = append(info.Contributors, v)
		}
	}
	for _, s := range m.Subjects {
		if v := clean(s.Value); v != "" {
			info.Subjects = append(info.Subjects, v)
		}
	}
	first := func(es []opfElem) string {
		for _, e := range es {
			if v := clean(e.Value); v != "" {
				return v
			}
		}
		return ""
	}
	info.Publisher = first(m.Publishers)
	info.Language = first(m.Languages)
	info.Date = first(m.Dates)
	info.Description = plainText(first(m.Descriptions))
	coverID := ""
	var calibreSeries, calibreIndex string
	for _, me := range m.Metas {
		switch {
		case me.Property == "dcterms:modified" && me.Refines == "":
			info.Modified = clean(me.Value)
		case me.Property == "belongs-to-collection" && me.Refines == "" && info.Series == "":
			if t := refined(me.ID, "collection-type"); t == "" || t == "series" || t == "set" {
				info.Series = clean(me.Value)
				info.Issue = refined(me.ID, "group-position")
			}
		case me.Name == "cover":
			coverID = me.Content
		case me.Name == "calibre:series":
			calibreSeries = clean(me.Content)
		case me.Name == "calibre:series_index":
			calibreIndex = clean(me.Content)
		}
	}
	if info.Series == "" && calibreSeries != "" {
		info.Series, info.Issue = calibreSeries, calibreIndex
	}
	if f, err := strconv.ParseFloat(info.Issue, 64); err != nil || f < 0 {
		info.Issue = ""
	} else if f == float64(int64(f)) {
		info.Issue = strconv.FormatInt(int64(f), 10)
	}
	for _, it := range p.Items {
		if strings.Contains(" "+it.Properties+" ", " cover-image ") {
			info.CoverHref = it.Href
			break
		}
	}
	if info.CoverHref == "" && coverID != "" {
		for _, it := range p.Items {
			if it.ID == coverID && strings.HasPrefix(it.MediaType, "image/") {
				info.CoverHref = it.Href
			}
		}
	}
	if info.Title == "" {
		return nil, errors.New("the package document has no dc:title")
	}
	return info, nil
}

// plainText is the text of a description that may be HTML, as calibre
// writes it.
func plainText(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			b.WriteByte(' ')
		}
	}
}

// containerDoc is META-INF/container.xml.
type containerDoc struct {
	Rootfiles []struct {
		FullPath  string `xml:"full-path,attr"`
		MediaType string `xml:"media-type,attr"`
	} `xml:"rootfiles>rootfile"`
}

// readEPUBInfo reads the package document of an EPUB and returns it with
// the bytes of its cover image (nil when it has none or it is too large).
func readEPUBInfo(r io.ReaderAt, size int64) (*opfInfo, []byte, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("not a zip archive: %w", err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	read := func(name string, limit int64) ([]byte, error) {
		f := files[name]
		if f == nil {
			return nil, fmt.Errorf("%s is missing", name)
		}
		if f.UncompressedSize64 > uint64(limit) {
			return nil, fmt.Errorf("%s is larger than %d bytes", name, limit)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, limit+1))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if int64(len(b)) > limit {
			return nil, fmt.Errorf("%s is larger than %d bytes", name, limit)
		}
		return b, nil
	}
	cb, err := read("META-INF/container.xml", 1<<20)
	if err != nil {
		return nil, nil, err
	}
	var c containerDoc
	if err := xml.Unmarshal(cb, &c); err != nil {
		return nil, nil, fmt.Errorf("META-INF/container.xml: %w", err)
	}
	opfPath := ""
	for _, rf := range c.Rootfiles {
		if rf.MediaType == "" || rf.MediaType == "application/oebps-package+xml" {
			opfPath = rf.FullPath
			break
		}
	}
	if opfPath == "" {
		return nil, nil, errors.New("META-INF/container.xml names no package document")
	}
	ob, err := read(opfPath, maxOPFBytes)
	if err != nil {
		return nil, nil, err
	}
	info, err := parseOPF(ob)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", opfPath, err)
	}
	var cover []byte
	if info.CoverHref != "" {
		name := path.Join(path.Dir(opfPath), unescapeHref(info.CoverHref))
		cover, _ = read(name, maxCoverBytes)
	}
	return info, cover, nil
}

// unescapeHref turns a manifest href into a zip entry name.
func unescapeHref(h string) string {
	if i := strings.IndexAny(h, "#?"); i >= 0 {
		h = h[:i]
	}
	var b strings.Builder
	for i := 0; i < len(h); i++ {
		if h[i] == '%' && i+2 < len(h) {
			if n, err := strconv.ParseUint(h[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(h[i])
	}
	return b.String()
}

// maxCoverBytes bounds the cover image that is read from an EPUB.
const maxCoverBytes = 32 << 20
