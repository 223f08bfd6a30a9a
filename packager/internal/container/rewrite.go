package container

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// lazyAttrs are the attributes pages keep a picture's real address in
// while it waits to load.
var lazyAttrs = []string{"data-src", "data-original", "data-lazy-src"}

var setAttrs = []string{"srcset", "data-srcset", "data-lazy-srcset"}

// rewritePictures copies a page's markup, pointing every <img> whose
// picture resolve finds at that picture (a path relative to the page) and
// dropping its other candidates. Everything else is copied byte for byte.
// resolve gets the address as written and as resolved against base.
func rewritePictures(src []byte, base string, resolve func(raw, abs string) (string, bool)) []byte {
	baseURL, _ := url.Parse(base)
	abs := func(ref string) string {
		ref = strings.TrimSpace(ref)
		if baseURL == nil || strings.HasPrefix(ref, "data:") {
			return ref
		}
		u, err := baseURL.Parse(ref)
		if err != nil {
			return ref
		}
		return u.String()
	}
	find := func(ref string) (string, bool) {
		ref = strings.TrimSpace(ref)
		if ref == "" {
			return "", false
		}
		return resolve(ref, abs(ref))
	}
	z := html.NewTokenizer(bytes.NewReader(src))
	var out bytes.Buffer
	out.Grow(len(src))
	changed := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		rawCopy := append([]byte(nil), raw...)
		tok := z.Token()
		if tok.Data != "img" || len(tok.Attr) == 0 {
			out.Write(rawCopy)
			continue
		}
		attrs := map[string]string{}
		for _, a := range tok.Attr {
			attrs[a.Key] = a.Val
		}
		var cands []string
		for _, k := range lazyAttrs {
			cands = append(cands, attrs[k])
		}
		for _, k := range setAttrs {
			cands = append(cands, srcsetLargest(attrs[k])...)
		}
		cands = append(cands, attrs["src"])
		found := ""
		for _, c := range cands {
			if p, ok := find(c); ok {
				found = p
				break
			}
		}
		if found == "" {
			out.Write(rawCopy)
			continue
		}
		var kept []html.Attribute
		for _, a := range tok.Attr {
			switch a.Key {
			case "src", "srcset", "sizes", "data-src", "data-original", "data-lazy-src", "data-srcset", "data-lazy-srcset", "loading":
				continue
			}
			kept = append(kept, a)
		}
		tok.Attr = append([]html.Attribute{{Key: "src", Val: found}}, kept...)
		// Keep the tag's line breaks, so that lines still count as in
		// the page.
		out.WriteString(tok.String())
		out.WriteString(strings.Repeat("\n", bytes.Count(rawCopy, []byte("\n"))))
		changed = true
	}
	if !changed {
		return src
	}
	return out.Bytes()
}

// srcsetLargest returns a srcset's addresses, the widest first.
func srcsetLargest(set string) []string {
	set = strings.TrimSpace(set)
	if set == "" {
		return nil
	}
	if strings.HasPrefix(set, "data:") {
		// A data address holds commas of its own.
		if i := strings.IndexAny(set, " \t\n"); i > 0 {
			return []string{set[:i]}
		}
		return []string{set}
	}
	type cand struct {
		ref string
		w   float64
	}
	var cs []cand
	for _, part := range strings.Split(set, ",") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		c := cand{ref: f[0]}
		if len(f) > 1 {
			var n float64
			var unit string
			if _, err := fmtSscan(f[1], &n, &unit); err == nil {
				c.w = n
			}
		}
		cs = append(cs, c)
	}
	var out []string
	for len(cs) > 0 {
		best := 0
		for i, c := range cs {
			if c.w > cs[best].w {
				best = i
			}
		}
		out = append(out, cs[best].ref)
		cs = append(cs[:best], cs[best+1:]...)
	}
	return out
}
