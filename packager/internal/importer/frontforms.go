package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"

	"github.com/offprint/offprint/packager/model"
)

// The forms front matter takes besides YAML between --- lines:
//
//   - TOML between +++ lines (Hugo, Zola), tables such as [extra] and
//     [taxonomies] included;
//   - a JSON object at the top of the file (Hugo);
//   - Key: value header lines up to the first blank line (Pelican,
//     MultiMarkdown), in Markdown articles;
//   - a pandoc title block of % lines (title, authors, date), in Markdown
//     articles.
//
// Each is turned into the same YAML node tree, with each key's file line,
// so that every form shares one table of keys and one set of messages.

// readFrontMatter is ReadFrontMatter; headers also accepts the forms only
// Markdown writers use (header lines and a pandoc title block).
func readFrontMatter(file string, src []byte, headers bool) (a *model.Article, body []byte, bodyLine int, warns []model.Diagnostic, err error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, _, _ := cutLine(src)
	pandoc := headers && bytes.HasPrefix(first, []byte("%"))
	pelican := headers && !pandoc && headerKey(first) != ""
	if pandoc || pelican {
		if !utf8.Valid(src) {
			src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
		}
		src = bytes.ReplaceAll(src, []byte{0}, []byte("\uFFFD"))
	}
	var meta Meta
	switch {
	case isFence(first, "+++"):
		meta, body, bodyLine, warns, err = readTOML(file, src)
	case strings.TrimSpace(string(first)) == "{" || bytes.HasPrefix(first, []byte("{\"")):
		meta, body, bodyLine, warns, err = readJSON(file, src)
	case pandoc:
		meta, body, bodyLine, warns = readPandoc(file, src)
	case pelican:
		meta, body, bodyLine, warns, err = readHeaderLines(file, src)
	default:
		var fm []byte
		fm, body, bodyLine, err = splitFrontMatter(file, src)
		if err == nil {
			meta, warns, err = parseFrontMatter(file, fm)
		}
	}
	if err != nil {
		return nil, nil, 0, nil, err
	}
	a = &model.Article{File: file}
	meta.apply(a)
	return a, body, bodyLine, warns, nil
}

// readTOML reads TOML front matter between +++ lines.
func readTOML(file string, src []byte) (m Meta, body []byte, bodyLine int, warns []model.Diagnostic, err error) {
	_, rest, _ := cutLine(src)
	start := len(src) - len(rest)
	lines := 1
	end := -1
	for off := start; off < len(src); {
		line, next, _ := cutLine(src[off:])
		lines++
		if isFence(line, "+++") {
			end, body, bodyLine = off, next, lines
			break
		}
		off = len(src) - len(next)
		if next == nil {
			break
		}
	}
	if end < 0 {
		return m, nil, 0, nil, &model.Diagnostic{Severity: model.Error, Code: "front-matter", File: file, Line: 1,
			Msg: "front matter opened with +++ is never closed", Hint: "end the front matter with a line of three plus signs (+++)"}
	}
	text := src[start:end]
	if !utf8.Valid(text) {
		return m, nil, 0, nil, &model.Diagnostic{Severity: model.Error, Code: "encoding", File: file, Line: 2, Msg: "front matter is not valid UTF-8", Hint: "save the file as UTF-8"}
	}
	var v map[string]any
	if err := toml.Unmarshal(text, &v); err != nil {
		line := 2
		var de *toml.DecodeError
		msg := err.Error()
		if errors.As(err, &de) {
			row, _ := de.Position()
			line = 1 + row
			msg = de.Error()
		}
		return m, nil, 0, nil, &model.Diagnostic{Severity: model.Error, Code: "front-matter", File: file, Line: line,
			Msg: "front matter (TOML): " + msg, Err: err}
	}
	root := mapNode(v, keyLines(text, `(?m)^[ \t]*["']?%s["']?[ \t]*=`, 1))
	m, warns, err = metaFromNode(file, root, 0)
	return m, body, bodyLine, warns, err
}

// readJSON reads a JSON object at the top of the file (Hugo's JSON front
// matter). A first line that is only "{" must open front matter; other
// text starting with "{" that is not a JSON object is the body.
func readJSON(file string, src []byte) (m Meta, body []byte, bodyLine int, warns []model.Diagnostic, err error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var v map[string]any
	if derr := dec.Decode(&v); derr != nil {
		first, _, _ := cutLine(src)
		if strings.TrimSpace(string(first)) != "{" {
			return m, src, 0, nil, nil
		}
		off := len(src)
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(derr, &se):
			off = int(se.Offset)
		case errors.As(derr, &te):
			off = int(te.Offset)
		}
		return m, nil, 0, nil, &model.Diagnostic{Severity: model.Error, Code: "front-matter", File: file,
			Line: max(1, countLines(src[:min(off, len(src))])), Msg: "front matter (JSON): " + derr.Error(), Err: derr}
	}
	end := int(dec.InputOffset())
	text := src[:end]
	// The body starts on the line after the closing brace.
	_, rest, _ := cutLine(src[end:])
	if rest == nil {
		rest = []byte{}
	}
	bodyLine = countLines(src[:len(src)-len(rest)])
	root := mapNode(v, keyLines(text, `"%s"[ \t]*:`, 0))
	m, warns, err = metaFromNode(file, root, 0)
	return m, rest, bodyLine, warns, err
}

// keyLines returns a function giving the file line where a key is first
// written (0 when not found). pattern has one %s for the quoted key;
// before is the number of file lines before text.
func keyLines(text []byte, pattern string, before int) func(string) int {
	return func(key string) int {
		rx, err := regexp.Compile(fmt.Sprintf(pattern, regexp.QuoteMeta(key)))
		if err != nil {
			return 0
		}
		loc := rx.FindIndex(text)
		if loc == nil {
			return 0
		}
		return before + countLines(text[:loc[0]+1])
	}
}

// mapNode turns a decoded TOML or JSON table into a YAML mapping node,
// keys in the order they are written.
func mapNode(v map[string]any, lineOf func(string) int) *yaml.Node {
	type kv struct {
		k    string
		line int
	}
	keys := make([]kv, 0, len(v))
	for k := range v {
		keys = append(keys, kv{k, lineOf(k)})
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].line != keys[j].line {
			return keys[i].line < keys[j].line
		}
		return keys[i].k < keys[j].k
	})
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, k := range keys {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k.k, Line: k.line},
			valueNode(v[k.k], lineOf, k.line))
	}
	return n
}

// valueNode turns one decoded TOML or JSON value into a YAML node.
func valueNode(v any, lineOf func(string) int, line int) *yaml.Node {
	s := func(tag, val string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: val, Line: line}
	}
	switch v := v.(type) {
	case nil:
		return s("!!null", "")
	case string:
		return s("!!str", v)
	case bool:
		return s("!!bool", strconv.FormatBool(v))
	case int64:
		return s("!!int", strconv.FormatInt(v, 10))
	case float64:
		return s("!!float", strconv.FormatFloat(v, 'g', -1, 64))
	case json.Number:
		return s("!!str", v.String())
	case time.Time:
		return s("!!str", v.Format(time.RFC3339))
	case toml.LocalDate:
		return s("!!str", v.String())
	case toml.LocalDateTime:
		return s("!!str", v.String())
	case toml.LocalTime:
		return s("!!str", v.String())
	case map[string]any:
		return mapNode(v, lineOf)
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line}
		for _, x := range v {
			n.Content = append(n.Content, valueNode(x, lineOf, line))
		}
		return n
	case []map[string]any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line}
		for _, x := range v {
			n.Content = append(n.Content, mapNode(x, lineOf))
		}
		return n
	}
	return s("!!str", fmt.Sprint(v))
}

// headerKeys are the keys whose first line starts Pelican and
// MultiMarkdown metadata (lower case).
var headerKeys = map[string]bool{
	"title": true, "date": true, "modified": true, "author": true, "authors": true, "category": true,
	"tags": true, "summary": true, "slug": true, "lang": true, "subtitle": true, "status": true,
}

var rxHeaderLine = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_ -]{0,40}):(?:[ \t]+(.*)|[ \t]*)$`)

// headerKey returns the key of a "Key: value" header line ("" when the
// line is not one). The first line must name a key Pelican knows, so
// that a paragraph starting "Note: …" stays text.
func headerKey(line []byte) string {
	m := rxHeaderLine.FindSubmatch(bytes.TrimRight(line, " \t\r"))
	if m == nil || !headerKeys[strings.ToLower(string(m[1]))] {
		return ""
	}
	return string(m[1])
}

// readHeaderLines reads Pelican/MultiMarkdown metadata: Key: value lines
// up to the first blank line, indented lines continuing the one before.
func readHeaderLines(file string, src []byte) (m Meta, body []byte, bodyLine int, warns []model.Diagnostic, err error) {
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	rest := src
	lineNo := 0
	var last *yaml.Node
	for len(rest) > 0 {
		line, next, _ := cutLine(rest)
		t := strings.TrimRight(string(line), " \t")
		if strings.TrimSpace(t) == "" {
			rest, lineNo = next, lineNo+1
			break
		}
		if last != nil && (t[0] == ' ' || t[0] == '\t') {
			last.Value = strings.TrimSpace(last.Value + " " + strings.TrimSpace(t))
			rest, lineNo = next, lineNo+1
			continue
		}
		mm := rxHeaderLine.FindStringSubmatch(t)
		if mm == nil {
			break // the body starts without a blank line
		}
		lineNo++
		key := strings.ToLower(strings.TrimSpace(mm[1]))
		last = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: strings.TrimSpace(mm[2]), Line: lineNo}
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: lineNo}, last)
		rest = next
	}
	// Pelican separates several authors with commas.
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i].Value; k == "author" || k == "authors" {
			root.Content[i+1] = listNode(root.Content[i+1], ",")
		}
	}
	if rest == nil {
		rest = []byte{}
	}
	m, warns, err = metaFromNode(file, root, 0)
	return m, rest, lineNo, warns, err
}

// listNode splits a scalar node's text into a list node.
func listNode(v *yaml.Node, sep string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: v.Line}
	for _, p := range strings.Split(v.Value, sep) {
		if p = strings.TrimSpace(p); p != "" {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: p, Line: v.Line})
		}
	}
	return n
}

// readPandoc reads a pandoc title block: up to three lines starting with
// %, the title, the authors (separated by ;) and the date; a line that
// starts with a space continues the one before, and an empty % line
// leaves that field out.
func readPandoc(file string, src []byte) (m Meta, body []byte, bodyLine int, warns []model.Diagnostic) {
	var fields []string
	var lines []int
	rest := src
	lineNo := 0
	for len(rest) > 0 && len(fields) <= 3 {
		line, next, _ := cutLine(rest)
		t := strings.TrimRight(string(line), " \t")
		switch {
		case strings.HasPrefix(t, "%") && len(fields) < 3:
			fields = append(fields, strings.TrimSpace(t[1:]))
			lines = append(lines, lineNo+1)
		case len(fields) > 0 && t != "" && (t[0] == ' ' || t[0] == '\t'):
			fields[len(fields)-1] += " " + strings.TrimSpace(t)
		default:
			goto done
		}
		rest, lineNo = next, lineNo+1
	}
done:
	if rest == nil {
		rest = []byte{}
	}
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i, f := range fields {
		if f == "" {
			continue
		}
		key := [3]string{"title", "author", "date"}[i]
		v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f, Line: lines[i]}
		if key == "author" {
			v = listNode(v, ";")
		}
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: lines[i]}, v)
	}
	m, warns, _ = metaFromNode(file, root, 0) // only text: no wrong kinds
	return m, rest, lineNo, warns
}
