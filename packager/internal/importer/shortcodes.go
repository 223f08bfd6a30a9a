package importer

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/offprint/offprint/packager/model"
)

// Static site generators put template calls in Markdown: Hugo shortcodes
// ({{< name … >}}, {{% name … %}}), Zola shortcodes ({{ name(…) }},
// {% name(…) %}…{% end %}) and Jekyll Liquid ({% include … %}, {{ site.… }}).
// expandShortcodes rewrites them into the Markdown they stand for before
// the text is parsed: figures become figures, code highlighting becomes
// fenced code, embedded videos and posts become one line naming them with
// their address (never fetched), references to other pages become
// relative links, site variables are dropped, and anything else is
// removed with a warning naming the file, line and shortcode. Obsidian
// %%comments%% are dropped here too. Fenced code and code spans are left
// as they are, and every line keeps its number.

// maxShortcodeLines and maxCallBytes bound how long one shortcode call
// (or code span) may be, so that text full of unclosed braces costs
// linear time.
const (
	maxShortcodeLines = 40
	maxCallBytes      = 4096
)

// scCall is one template call found in the text.
type scCall struct {
	start, end int    // byte offsets of the whole call
	open, shut string // its delimiters
	inner      string // between them, trimmed
	line       int    // file line of its start
}

var scOpeners = []struct{ open, shut string }{
	{"{{</*", "*/>}}"}, {"{{%/*", "*/%}}"}, // Hugo's escaped calls
	{"{{<", ">}}"}, {"{{%", "%}}"}, {"{{", "}}"}, {"{%", "%}"},
}

// expandShortcodes rewrites template calls and drops %%comments%%; the
// result has the same number of lines as b.
func (c *mdConv) expandShortcodes(b []byte) []byte {
	s := string(b)
	if !strings.Contains(s, "{{") && !strings.Contains(s, "{%") && !strings.Contains(s, "%%") {
		return b
	}
	var out strings.Builder
	out.Grow(len(s))
	fence := ""      // the open code fence, if any
	verbatim := ""   // a Liquid block kept as it is ({% raw %}), until its end tag
	dropping := ""   // a block dropped whole ({% comment %}), until its end tag
	comment := false // inside an Obsidian %% comment
	i, line := 0, c.lineOff+1
	for i < len(s) {
		// At a line start: code fences.
		if i == 0 || s[i-1] == '\n' {
			eol := strings.IndexByte(s[i:], '\n')
			if eol < 0 {
				eol = len(s) - i
			}
			l := strings.TrimLeft(s[i:i+eol], " ")
			if f := fenceOf(l); f != "" && verbatim == "" && dropping == "" && !comment {
				switch {
				case fence == "":
					fence = f
				case f[0] == fence[0] && len(f) >= len(fence) && strings.TrimSpace(l[len(f):]) == "":
					fence = ""
				}
				i, line = copyLine(&out, s, i, eol, line)
				continue
			}
			if fence != "" {
				i, line = copyLine(&out, s, i, eol, line)
				continue
			}
		}
		ch := s[i]
		if ch == '\n' {
			out.WriteByte('\n')
			line++
			i++
			continue
		}
		if comment {
			if strings.HasPrefix(s[i:], "%%") {
				comment = false
				i += 2
				continue
			}
			i++
			continue
		}
		if verbatim != "" {
			if call, ok := c.findCall(s, i, line); ok {
				name, _, closing := splitCall(call.inner)
				if closing && name == verbatim || name == "end"+verbatim {
					nl := strings.Count(s[call.start:call.end], "\n")
					if verbatim == "highlight" {
						out.WriteString("```")
					}
					out.WriteString(strings.Repeat("\n", nl))
					line += nl
					i = call.end
					verbatim = ""
					continue
				}
			}
			out.WriteByte(ch)
			i++
			continue
		}
		if ch == '`' { // a code span: copied as it is
			n := 0
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			ticks := s[i : i+n]
			if j := strings.Index(s[i+n:min(len(s), i+n+maxCallBytes)], ticks); j >= 0 && !strings.Contains(s[i+n:i+n+j], "\n\n") {
				seg := s[i : i+n+j+n]
				out.WriteString(seg)
				line += strings.Count(seg, "\n")
				i += len(seg)
				continue
			}
			out.WriteString(ticks)
			i += n
			continue
		}
		if ch == '\\' && i+1 < len(s) && s[i+1] != '\n' {
			out.WriteString(s[i : i+2])
			i += 2
			continue
		}
		if ch == '%' && strings.HasPrefix(s[i:], "%%") && dropping == "" {
			comment = true
			i += 2
			continue
		}
		if ch != '{' {
			if dropping == "" {
				out.WriteByte(ch)
			}
			i++
			continue
		}
		call, ok := c.findCall(s, i, line)
		if !ok {
			if dropping == "" {
				out.WriteByte(ch)
			}
			i++
			continue
		}
		nl := strings.Count(s[call.start:call.end], "\n")
		if dropping != "" {
			if call.open == "{%" && liquidName(call.inner) == dropping {
				dropping = ""
			}
			out.WriteString(strings.Repeat("\n", nl))
			line += nl
			i = call.end
			continue
		}
		repl, mode := c.expandCall(call)
		switch mode {
		case "raw", "highlight":
			verbatim = mode
		case "comment":
			dropping = "endcomment"
		}
		// Keep the line count: the replacement takes the call's lines.
		if k := strings.Count(repl, "\n"); k < nl {
			repl += strings.Repeat("\n", nl-k)
		}
		out.WriteString(repl)
		line += nl
		i = call.end
	}
	return []byte(out.String())
}

// copyLine copies the line at s[i:i+eol] with its line end.
func copyLine(out *strings.Builder, s string, i, eol, line int) (int, int) {
	end := i + eol
	if end < len(s) {
		end++ // the \n
		line++
	}
	out.WriteString(s[i:end])
	return end, line
}

// fenceOf returns the fence a line opens or closes (``` or ~~~ and
// longer), or "".
func fenceOf(l string) string {
	for _, f := range []byte{'`', '~'} {
		n := 0
		for n < len(l) && l[n] == f {
			n++
		}
		if n >= 3 {
			return l[:n]
		}
	}
	return ""
}

// findCall finds the template call starting at s[i] ("{…").
func (c *mdConv) findCall(s string, i, line int) (scCall, bool) {
	for _, d := range scOpeners {
		if !strings.HasPrefix(s[i:], d.open) {
			continue
		}
		from := i + len(d.open)
		if c.noShut[d.shut] {
			return scCall{}, false
		}
		j := strings.Index(s[from:min(len(s), from+maxCallBytes)], d.shut)
		if j < 0 {
			if from+maxCallBytes >= len(s) {
				// Not after this point, so not after any later one.
				if c.noShut == nil {
					c.noShut = map[string]bool{}
				}
				c.noShut[d.shut] = true
			}
			return scCall{}, false
		}
		inner := s[from : from+j]
		if strings.Count(inner, "\n") > maxShortcodeLines || strings.Contains(inner, "\n\n") && d.open != "{{<" && d.open != "{{%" {
			return scCall{}, false
		}
		if strings.TrimSpace(inner) == "" {
			return scCall{}, false
		}
		// {{ … }} and {% … %} need a name or a variable; a lone brace
		// in text ({{x}} in prose about templates) is left alone only
		// when it has neither.
		return scCall{start: i, end: from + j + len(d.shut), open: d.open, shut: d.shut, inner: strings.TrimSpace(inner), line: line}, true
	}
	return scCall{}, false
}

// liquidName returns the tag name of a Liquid or Zola call ("include",
// "endraw", "end", "youtube").
func liquidName(inner string) string {
	inner = strings.TrimLeft(strings.TrimSpace(inner), "-")
	inner = strings.TrimSpace(inner)
	n := 0
	for n < len(inner) && (isASCIIWord(inner[n]) || inner[n] == '.' || inner[n] == '/' || inner[n] == '-') {
		n++
	}
	return strings.ToLower(inner[:n])
}

// rxArg is one argument of a call: name="value", name='value',
// name=`value`, name=value, or a positional value.
var rxArg = regexp.MustCompile("(?s)(?:([A-Za-z_][\\w-]*)\\s*[=:]\\s*)?(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|`[^`]*`|[^\\s,()\"'`]+)")

// scArgs reads a call's arguments: named ones by name, positional ones
// as "0", "1" ….
func scArgs(s string) map[string]string {
	args := map[string]string{}
	pos := 0
	for _, m := range rxArg.FindAllStringSubmatch(s, 64) {
		v := m[2]
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'' || v[0] == '`') {
			v = v[1 : len(v)-1]
			if m[2][0] == '"' {
				v = strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(v)
			}
		}
		if m[1] != "" {
			args[strings.ToLower(m[1])] = v
			continue
		}
		args[fmt.Sprint(pos)] = v
		pos++
	}
	return args
}

// splitCall separates a call's name from its arguments: "figure src=…",
// "youtube(id=…)", "include figure.html image=…".
func splitCall(inner string) (name, rest string, closing bool) {
	inner = strings.TrimSpace(strings.Trim(inner, "-"))
	if strings.HasPrefix(inner, "/") {
		closing = true
		inner = strings.TrimSpace(inner[1:])
	}
	n := 0
	for n < len(inner) && (isASCIIWord(inner[n]) || inner[n] == '-' || inner[n] == '.' || inner[n] == '/') {
		n++
	}
	name, rest = strings.ToLower(inner[:n]), strings.TrimSpace(inner[n:])
	if strings.HasPrefix(rest, "(") && strings.HasSuffix(rest, ")") {
		rest = rest[1 : len(rest)-1]
	}
	return name, rest, closing
}

// first returns the first non-empty argument of those named.
func first(args map[string]string, names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(args[n]); v != "" {
			return v
		}
	}
	return ""
}

// siteVars are Liquid and Zola variables that only make sense on the web
// site ({{ site.baseurl }}, {{ page.title }}): dropped without a word.
var siteVars = []string{"site.", "page.", "layout.", "jekyll.", "paginator.", "include.", "config.", "section.", "get_url", "site", "page"}

// expandCall returns the text that replaces one call, and "raw" or
// "comment" when it opens a Liquid block kept verbatim or dropped.
func (c *mdConv) expandCall(call scCall) (string, string) {
	if call.open == "{{</*" || call.open == "{{%/*" {
		// Hugo's way to write a shortcode as text.
		return strings.TrimSuffix(call.open, "/*") + " " + call.inner + " " + strings.TrimPrefix(call.shut, "*/"), ""
	}
	name, rest, closing := splitCall(call.inner)
	args := scArgs(rest)
	liquid := call.open == "{%" || call.open == "{{"
	if call.open == "{{" && !strings.Contains(rest, "(") && !strings.HasPrefix(strings.TrimSpace(call.inner[len(name):]), "(") {
		// A Liquid or Tera variable, maybe with filters.
		for _, v := range siteVars {
			if strings.HasPrefix(name, v) || name == strings.TrimSuffix(v, ".") {
				return "", ""
			}
		}
		c.warnShortcode(call, name)
		return "", ""
	}
	switch {
	case name == "ref" || name == "relref":
		return c.refPath(first(args, "0", "path")), ""
	case name == "post_url":
		// A post by its file name, whatever its extension: resolved as
		// a wikilink is, by base name.
		return wikilinkPrefix + path.Base(first(args, "0")), ""
	case name == "link" && liquid:
		// A path from the site's root, where the edition file sits.
		return RelPath(path.Dir(c.file), path.Clean("/" + first(args, "0"))[1:]), ""
	case name == "raw":
		return "", "raw"
	case name == "endraw":
		return "", ""
	case name == "comment":
		return "", "comment"
	case name == "highlight" && !closing:
		return "```" + first(args, "0", "lang"), "highlight"
	case name == "include" && liquid:
		file := first(args, "0")
		base := strings.TrimSuffix(path.Base(file), path.Ext(file))
		switch {
		case base == "figure" || base == "image" || base == "img" || base == "picture":
			return c.figureMarkup(call, args)
		case embedKinds[base] != "":
			return embedLine(base, args), ""
		}
		c.warnShortcode(call, "include "+file)
		return "", ""
	case name == "figure" || name == "image" || name == "img":
		if closing {
			return "", ""
		}
		return c.figureMarkup(call, args)
	case embedKinds[name] != "":
		if closing {
			return "", ""
		}
		return embedLine(name, args), ""
	case name == "end" && call.open == "{%":
		return "", ""
	}
	if !closing && !strings.HasPrefix(name, "end") {
		c.warnShortcode(call, name)
	}
	return "", ""
}

// refPath turns a Hugo ref target into a link the presentation step
// resolves: "/posts/x.md" is relative to the site's content folder and
// becomes a path relative to the article's folder; other targets stay as
// written.
func (c *mdConv) refPath(p string) string {
	p = strings.TrimSpace(p)
	if strings.HasPrefix(p, "/") && strings.Contains("/"+c.file, "/content/") {
		return zolaLink(c.file, "@"+p)
	}
	return p
}

func (c *mdConv) warnShortcode(call scCall, name string) {
	if name == "" {
		name = strings.Fields(call.inner + " ?")[0]
	}
	c.diags = append(c.diags, model.Warnf("shortcode", c.file, call.line, "%s%s%s is not something offprint can show; it is left out", call.open, " "+name+" ", call.shut).
		WithHint("replace it with Markdown, or remove it"))
}

// figureMarkup writes a figure shortcode (Hugo's figure, Zola and Jekyll
// figure includes) as an HTML figure: its caption (title and caption),
// alt text and credit (attr, else attrlink).
func (c *mdConv) figureMarkup(call scCall, args map[string]string) (string, string) {
	src := first(args, "src", "image", "image_path", "path", "url", "file", "0")
	if src == "" {
		c.warnShortcode(call, "figure without a picture")
		return "", ""
	}
	caption := first(args, "caption", "desc", "description")
	if t := first(args, "title"); t != "" {
		if caption == "" {
			caption = t
		} else {
			caption = t + " — " + caption
		}
	}
	credit := first(args, "attr", "credit", "attrlink")
	alt := first(args, "alt")
	var b strings.Builder
	b.WriteString("<figure><img src=\"" + html.EscapeString(src) + "\"")
	if alt != "" {
		b.WriteString(" alt=\"" + html.EscapeString(alt) + "\"")
	}
	if credit != "" {
		b.WriteString(" title=\"" + html.EscapeString(credit) + "\"")
	}
	b.WriteString(">")
	if caption != "" {
		b.WriteString("<figcaption>" + html.EscapeString(stripTags(caption)) + "</figcaption>")
	}
	b.WriteString("</figure>")
	return b.String(), ""
}

var (
	rxAnyTag   = regexp.MustCompile(`<[^>]*>`)
	rxMdStrong = regexp.MustCompile(`\*\*([^*\n]+)\*\*|__([^_\n]+)__`)
	rxMdEmph   = regexp.MustCompile(`\*([^*\n]+)\*|\b_([^_\n]+)_\b`)
	// rxNoscript is a picture kept for readers without scripts, as
	// charting and lazy-loading scripts write it.
	rxNoscript = regexp.MustCompile(`(?is)<noscript>\s*(<img\b[^>]*>)\s*</noscript>`)
)

// stripTags drops HTML tags and Markdown emphasis marks from a caption
// written inside a shortcode.
func stripTags(s string) string {
	s = rxMdStrong.ReplaceAllString(s, "$1$2")
	s = rxMdEmph.ReplaceAllString(s, "$1$2")
	return html.UnescapeString(rxAnyTag.ReplaceAllString(s, ""))
}

// unwrapNoscript keeps the picture inside <noscript> (the fallback of a
// chart or a lazily loaded image) as a picture of the article, keeping
// the line count.
func unwrapNoscript(b []byte) []byte {
	if !bytes.Contains(bytes.ToLower(b), []byte("<noscript")) {
		return b
	}
	return rxNoscript.ReplaceAllFunc(b, func(m []byte) []byte {
		img := rxNoscript.FindSubmatch(m)[1]
		if rxTrackerURL.Match(img) {
			return m // a tracking pixel: dropped with its <noscript>
		}
		img = bytes.ReplaceAll(img, []byte("\n"), []byte(" "))
		return append(img, bytes.Repeat([]byte("\n"), bytes.Count(m, []byte("\n")))...)
	})
}

// embedKinds names what each embedding shortcode shows.
var embedKinds = map[string]string{
	"youtube": "YouTube video", "vimeo": "Vimeo video", "tweet": "Post on X", "x": "Post on X",
	"gist": "GitHub gist", "instagram": "Instagram post", "streamable": "Streamable video",
}

// embedLine names an embedded video or post with its address, never
// fetched: "YouTube video: https://www.youtube.com/watch?v=…".
func embedLine(kind string, args map[string]string) string {
	id := first(args, "id", "0")
	addr := first(args, "url", "src")
	if addr == "" {
		switch kind {
		case "youtube":
			addr = "https://www.youtube.com/watch?v=" + url.QueryEscape(id)
		case "vimeo":
			addr = "https://vimeo.com/" + url.PathEscape(id)
		case "tweet", "x":
			user := first(args, "user", "username")
			if user == "" {
				addr = "https://x.com/i/status/" + url.PathEscape(id)
			} else {
				addr = "https://x.com/" + url.PathEscape(user) + "/status/" + url.PathEscape(id)
			}
		case "gist":
			user, gid := first(args, "user", "0"), first(args, "id", "1")
			addr = "https://gist.github.com/" + url.PathEscape(user) + "/" + url.PathEscape(gid)
		case "instagram":
			addr = "https://www.instagram.com/p/" + url.PathEscape(id) + "/"
		case "streamable":
			addr = "https://streamable.com/" + url.PathEscape(id)
		}
	}
	if id == "" && addr == "" || strings.ContainsAny(addr, "<> ") {
		return embedKinds[kind]
	}
	return embedKinds[kind] + ": <" + addr + ">"
}
