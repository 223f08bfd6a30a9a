package media

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SVG limits: a drawing over these is refused rather than cleaned, as no
// real chart comes near them and hostile files do.
const (
	// maxSVGElements is the most elements an SVG may hold.
	maxSVGElements = 100000
	// maxSVGDepth is the deepest elements may nest.
	maxSVGDepth = 200
	// maxSVGBytes is the largest SVG file read.
	maxSVGBytes = 16 << 20
)

// unsafeSVGError is an SVG that cannot be made safe: it declares XML
// entities, refers to files or addresses outside itself, is over the
// limits, or is not well-formed.
type unsafeSVGError struct{ Reason string }

func (e *unsafeSVGError) Error() string { return "the SVG " + e.Reason }

func unsafeSVG(format string, a ...any) error {
	return &unsafeSVGError{Reason: fmt.Sprintf(format, a...)}
}

// SafeSVG is the one pass every SVG goes through before any output uses
// it. It refuses what cannot be made safe with an *unsafeSVGError: a
// DOCTYPE declaring entities (entity bombs, external entities), references
// to pictures, fonts or stylesheets outside the SVG, more than
// maxSVGElements elements or nesting deeper than maxSVGDepth. It removes
// what can go: scripts, event handler attributes (on…), foreignObject,
// processing instructions and any DOCTYPE, each removal of active content
// named in notes. It renames ids that are not XML names (such as base64 ids charting
// tools write) together with every reference to them (url(#…), href="#…",
// xlink:href), so that the drawing is valid in an EPUB. The result is
// UTF-8; changed is false when src was already clean and is returned as
// it is.
func SafeSVG(src []byte) (out []byte, notes []string, changed bool, err error) {
	if len(src) > maxSVGBytes {
		return nil, nil, false, unsafeSVG("is %d MB, over the %d MB limit", len(src)>>20, maxSVGBytes>>20)
	}
	toks, ids, notes, err := readSVG(src)
	if err != nil {
		return nil, nil, false, err
	}
	rename := renameIDs(ids)
	if len(notes) == 0 && len(rename) == 0 && !hasDropped(toks) {
		return src, nil, false, nil
	}
	var b bytes.Buffer
	b.Grow(len(src))
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	for _, t := range toks {
		writeToken(&b, t, rename)
	}
	return b.Bytes(), notes, true, nil
}

// svgTok is one kept token; dropped marks a token read but left out.
type svgTok struct {
	tok     xml.Token
	dropped bool
	quiet   bool // dropped without changing the drawing (the XML declaration, space outside the root)
	inStyle bool
}

func hasDropped(toks []svgTok) bool {
	for _, t := range toks {
		if t.dropped && !t.quiet {
			return true
		}
	}
	return false
}

// readSVG reads the whole drawing, checking it and marking what to drop.
func readSVG(src []byte) (toks []svgTok, ids []string, notes []string, err error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = true
	dec.AutoClose = nil
	dec.Entity = map[string]string{}
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	depth, elements := 0, 0
	skip := 0 // depth inside a removed element
	seenRoot := false
	noted := map[string]bool{}
	note := func(s string) {
		if !noted[s] {
			noted[s] = true
			notes = append(notes, s)
		}
	}
	inStyle := false
	untitled := false
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, nil, unsafeSVG("cannot be read: %v", err)
		}
		tok = xml.CopyToken(tok)
		switch t := tok.(type) {
		case xml.Directive:
			d := strings.ToUpper(string(t))
			if strings.Contains(d, "ENTITY") {
				return nil, nil, nil, unsafeSVG("declares XML entities, which can make it huge or read other files")
			}
			toks = append(toks, svgTok{tok: t, dropped: true})
		case xml.ProcInst:
			// The XML declaration is written anew; other instructions go.
			toks = append(toks, svgTok{tok: t, dropped: true, quiet: t.Target == "xml"})
		case xml.Comment:
			toks = append(toks, svgTok{tok: t, dropped: skip > 0 || bytes.Contains(t, []byte("--"))})
		case xml.StartElement:
			depth++
			elements++
			if depth > maxSVGDepth {
				return nil, nil, nil, unsafeSVG("nests elements more than %d deep", maxSVGDepth)
			}
			if elements > maxSVGElements {
				return nil, nil, nil, unsafeSVG("has more than %d elements", maxSVGElements)
			}
			name := strings.ToLower(t.Name.Local)
			if !seenRoot {
				seenRoot = true
				if name != "svg" {
					return nil, nil, nil, unsafeSVG("has <%s> as its root element", t.Name.Local)
				}
			}
			if untitled && name != "title" {
				note("the SVG has a hyperlink without a title, which epubcheck reports")
			}
			untitled = false
			if skip > 0 {
				skip++
				toks = append(toks, svgTok{tok: t, dropped: true})
				continue
			}
			switch name {
			case "script":
				note("the SVG had a script, which was removed")
				skip = 1
				toks = append(toks, svgTok{tok: t, dropped: true})
				continue
			case "foreignobject":
				note("the SVG had a foreignObject, which was removed")
				skip = 1
				toks = append(toks, svgTok{tok: t, dropped: true})
				continue
			}
			inStyle = name == "style"
			kept := t.Attr[:0:0]
			titled := false
			for _, a := range t.Attr {
				attr := strings.ToLower(a.Name.Local)
				switch {
				case strings.HasPrefix(attr, "on") && a.Name.Space != "xmlns":
					note("the SVG had event handlers (" + a.Name.Local + "), which were removed")
					continue
				case attr == "href" && name != "a" && outsideRef(a.Value):
					return nil, nil, nil, unsafeSVG("refers to %s, outside itself", a.Value)
				case attr == "href" && name == "a" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Value)), "javascript:"):
					note("the SVG had a javascript: link, which was removed")
					continue
				case attr == "style" && outsideCSS(a.Value):
					return nil, nil, nil, unsafeSVG("has a style that refers to a file outside it")
				case attr == "id" && a.Name.Space == "":
					ids = append(ids, a.Value)
				case attr == "title" && strings.TrimSpace(a.Value) != "":
					titled = true
				}
				if a.Name.Space == "" && attr != "style" && attr != "href" && outsideCSSURL(a.Value) {
					return nil, nil, nil, unsafeSVG("refers to %s, outside itself", a.Value)
				}
				kept = append(kept, a)
			}
			t.Attr = kept
			untitled = name == "a" && !titled
			toks = append(toks, svgTok{tok: t})
		case xml.EndElement:
			depth--
			if untitled {
				note("the SVG has a hyperlink without a title, which epubcheck reports")
			}
			untitled = false
			inStyle = false
			if skip > 0 {
				skip--
				toks = append(toks, svgTok{tok: t, dropped: true})
				continue
			}
			toks = append(toks, svgTok{tok: t})
		case xml.CharData:
			if skip > 0 || depth == 0 {
				toks = append(toks, svgTok{tok: t, dropped: true, quiet: depth == 0 && skip == 0})
				continue
			}
			if inStyle && outsideCSS(string(t)) {
				return nil, nil, nil, unsafeSVG("has a stylesheet that refers to a file outside it")
			}
			toks = append(toks, svgTok{tok: t, inStyle: inStyle})
		}
	}
	if !seenRoot {
		return nil, nil, nil, unsafeSVG("has no <svg> element")
	}
	if depth != 0 {
		return nil, nil, nil, unsafeSVG("is cut short")
	}
	return toks, ids, notes, nil
}

// outsideRef reports whether a reference leads out of the SVG: anything
// but a fragment ("#id") or inline data.
func outsideRef(ref string) bool {
	r := strings.ToLower(strings.TrimSpace(ref))
	return r != "" && !strings.HasPrefix(r, "#") && !strings.HasPrefix(r, "data:")
}

var cssURLRe = regexp.MustCompile(`(?i)url\(\s*['"]?\s*([^'")\s]*)`)

// outsideCSS reports whether CSS imports a stylesheet or refers to
// anything by url() other than a fragment or inline data.
func outsideCSS(css string) bool {
	if strings.Contains(strings.ToLower(css), "@import") {
		return true
	}
	return outsideCSSURL(css)
}

func outsideCSSURL(s string) bool {
	if !strings.Contains(strings.ToLower(s), "url(") {
		return false
	}
	for _, m := range cssURLRe.FindAllStringSubmatch(s, -1) {
		if outsideRef(m[1]) {
			return true
		}
	}
	return false
}

// isXMLName reports whether s is an XML name without colons, as ids must
// be in an EPUB.
func isXMLName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || unicode.IsLetter(r)
		if i > 0 {
			ok = ok || r == '-' || r == '.' || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '\u00b7'
		}
		if !ok || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// renameIDs gives each id that is not an XML name a new one, unused by
// any other id of the drawing.
func renameIDs(ids []string) map[string]string {
	taken := map[string]bool{}
	for _, id := range ids {
		taken[id] = true
	}
	rename := map[string]string{}
	n := 0
	for _, id := range ids {
		if isXMLName(id) || rename[id] != "" {
			continue
		}
		var nid string
		for {
			n++
			nid = fmt.Sprintf("svgid%d", n)
			if !taken[nid] {
				break
			}
		}
		taken[nid] = true
		rename[id] = nid
	}
	return rename
}

var urlRefRe = regexp.MustCompile(`url\(\s*(['"]?)#([^'")]*)(['"]?)\s*\)`)

// renameRefs rewrites the fragment references in an attribute value or
// stylesheet.
func renameRefs(s string, rename map[string]string) string {
	if len(rename) == 0 || !strings.Contains(s, "#") {
		return s
	}
	return urlRefRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := urlRefRe.FindStringSubmatch(m)
		if nid, ok := rename[sub[2]]; ok {
			return "url(" + sub[1] + "#" + nid + sub[3] + ")"
		}
		return m
	})
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// writeToken writes one kept token, with ids and references renamed.
func writeToken(b *bytes.Buffer, t svgTok, rename map[string]string) {
	if t.dropped {
		return
	}
	switch tok := t.tok.(type) {
	case xml.StartElement:
		b.WriteByte('<')
		b.WriteString(qname(tok.Name))
		for _, a := range tok.Attr {
			v := a.Value
			local := strings.ToLower(a.Name.Local)
			switch {
			case local == "id" && a.Name.Space == "":
				if nid, ok := rename[v]; ok {
					v = nid
				}
			case local == "href" && strings.HasPrefix(v, "#"):
				if nid, ok := rename[v[1:]]; ok {
					v = "#" + nid
				}
			default:
				v = renameRefs(v, rename)
			}
			b.WriteByte(' ')
			b.WriteString(qname(a.Name))
			b.WriteString(`="`)
			escapeAttr(b, v)
			b.WriteByte('"')
		}
		b.WriteByte('>')
	case xml.EndElement:
		b.WriteString("</")
		b.WriteString(qname(tok.Name))
		b.WriteByte('>')
	case xml.Comment:
		b.WriteString("<!--")
		b.Write(tok)
		b.WriteString("-->")
	case xml.CharData:
		s := string(tok)
		if t.inStyle {
			s = renameRefs(s, rename)
		}
		xml.EscapeText(b, []byte(s))
	}
}

func escapeAttr(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '"':
			b.WriteString("&quot;")
		case '\n':
			b.WriteString("&#xA;")
		case '\t':
			b.WriteString("&#x9;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
}
