package layouts

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/offprint/offprint/internal/yamlerr"
)

//go:embed builtin
var builtinFS embed.FS

// EditionDir is the folder of an edition that holds its own layouts.
const EditionDir = "layouts"

// maxExtends bounds a chain of extends: so that a loop is reported, not
// followed.
const maxExtends = 8

// Info describes a layout for listing.
type Info struct {
	Name        string
	Description string
	Origin      string // "built-in", or the edition file that defines it
}

// BaseCSS returns the stylesheet every EPUB starts from.
func BaseCSS() []byte {
	b, err := builtinFS.ReadFile("builtin/epub.css")
	if err != nil {
		panic(err) // embedded at build time
	}
	return b
}

// Builtins returns the names of the built-in layouts, sorted.
func Builtins() []string {
	ents, _ := fs.ReadDir(builtinFS, "builtin")
	var names []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// List returns every layout available to an edition: the built-ins and the
// edition's own layouts/*.yaml (which may override a built-in of the same
// name). edition may be nil.
func List(edition fs.FS) ([]Info, error) {
	byName := map[string]Info{}
	for _, n := range Builtins() {
		l, err := Load(n, nil)
		if err != nil {
			return nil, err
		}
		byName[n] = Info{Name: n, Description: l.Description, Origin: "built-in"}
	}
	for _, n := range editionNames(edition) {
		l, err := Load(n, edition)
		if err != nil {
			return nil, err
		}
		byName[n] = Info{Name: n, Description: l.Description, Origin: l.origin}
	}
	var out []Info
	for _, in := range byName {
		out = append(out, in)
	}
	slices.SortFunc(out, func(a, b Info) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func editionNames(edition fs.FS) []string {
	if edition == nil {
		return nil
	}
	ents, err := fs.ReadDir(edition, EditionDir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			names = append(names, n)
		}
	}
	return names
}

// Names returns the names of every layout available to an edition, sorted.
func Names(edition fs.FS) []string {
	names := append(Builtins(), editionNames(edition)...)
	slices.Sort(names)
	return slices.Compact(names)
}

// Source returns the YAML text of a layout as written: the edition's own
// file when it has one, else the built-in. It is the text `offprint layouts
// show` prints for copying and editing.
func Source(name string, edition fs.FS) ([]byte, error) {
	if edition != nil {
		if b, err := fs.ReadFile(edition, path.Join(EditionDir, name+".yaml")); err == nil {
			return b, nil
		}
	}
	b, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	if err != nil {
		return nil, &UnknownError{Name: name, Available: Names(edition)}
	}
	return b, nil
}

// Load resolves a layout by name: the edition's layouts/NAME.yaml when there
// is one (edition may be nil), else the built-in. A layout that names
// extends: starts from that layout; a layout that extends its own name
// starts from the built-in of that name. The result is validated.
func Load(name string, edition fs.FS) (*Layout, error) {
	l, err := load(name, edition, nil)
	if err != nil {
		return nil, err
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	return l, nil
}

type source struct {
	fsys   fs.FS
	file   string // path in fsys
	origin string // how messages name it
}

func find(name string, edition fs.FS, skipEdition bool) (source, bool) {
	if !validName(name) {
		return source{}, false
	}
	if edition != nil && !skipEdition {
		p := path.Join(EditionDir, name+".yaml")
		if st, err := fs.Stat(edition, p); err == nil && !st.IsDir() {
			return source{edition, p, p}, true
		}
	}
	p := "builtin/" + name + ".yaml"
	if _, err := fs.Stat(builtinFS, p); err == nil {
		return source{builtinFS, p, "built-in layout " + name}, true
	}
	return source{}, false
}

func validName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return !strings.HasPrefix(name, ".")
}

// load resolves name, following extends:. seen holds the files already on
// the chain.
func load(name string, edition fs.FS, seen []string) (*Layout, error) {
	src, ok := find(name, edition, false)
	if len(seen) > 0 && name == nameOf(seen[len(seen)-1]) {
		// A layout that extends its own name means the built-in.
		src, ok = find(name, edition, true)
		if !ok {
			return nil, &Error{File: seen[len(seen)-1], Key: "extends", Msg: fmt.Sprintf("a layout cannot extend itself, and there is no built-in layout %s to start from", name)}
		}
	}
	if !ok {
		return nil, &UnknownError{Name: name, Available: Names(edition)}
	}
	if slices.Contains(seen, src.origin) || len(seen) >= maxExtends {
		return nil, &Error{File: seen[len(seen)-1], Key: "extends", Msg: fmt.Sprintf("loops back to %s (%s)", name, strings.Join(append(seen, src.origin), " → "))}
	}
	data, err := fs.ReadFile(src.fsys, src.file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src.origin, err)
	}
	doc, err := parseNode(src.origin, data)
	if err != nil {
		return nil, err
	}
	var head struct {
		Extends string `yaml:"extends"`
	}
	_ = doc.Decode(&head)

	var l *Layout
	if head.Extends != "" {
		parent, err := load(head.Extends, edition, append(seen, src.origin))
		if err != nil {
			var ue *UnknownError
			if errors.As(err, &ue) && ue.Name == head.Extends {
				return nil, &Error{File: src.origin, Line: keyLine(doc, "extends"), Key: "extends", Msg: ue.Error()}
			}
			return nil, err
		}
		l = parent
		l.Description = ""
	} else {
		l = defaults()
	}
	if err := checkKeys(src.origin, doc, reflect.TypeOf(Layout{}), ""); err != nil {
		return nil, err
	}
	if err := decodeInto(src.origin, data, l); err != nil {
		var le *Error
		if errors.As(err, &le) && le.Key == "" {
			le.Key = keyAtLine(doc, le.Line, "")
		}
		return nil, err
	}
	if l.keys == nil {
		l.keys = map[string]keyPos{}
	}
	recordKeys(doc, src.origin, "", l.keys)
	l.Name = name
	l.Extends = head.Extends
	l.origin = src.origin
	l.fsys = src.fsys
	l.dir = path.Dir(src.file)
	if err := l.Validate(); err != nil {
		var le *Error
		if errors.As(err, &le) && le.File == src.origin {
			le.Line = keyLine(doc, le.Key)
		}
		return nil, err
	}
	return l, nil
}

func nameOf(origin string) string {
	if n, ok := strings.CutPrefix(origin, "built-in layout "); ok {
		return n
	}
	return strings.TrimSuffix(path.Base(origin), ".yaml")
}

// defaults is what every layout that extends nothing starts from.
func defaults() *Layout {
	return &Layout{
		PageSize:     "A4",
		Margins:      Margins{Top: 20 * PtPerMM, Bottom: 20 * PtPerMM, Inner: 20 * PtPerMM, Outer: 20 * PtPerMM},
		Columns:      1,
		Gutter:       5 * PtPerMM,
		Imposition:   "none",
		Color:        "color",
		FitMinScale:  0.8,
		FitMaxScale:  1,
		Sheet:        "A4",
		Fonts:        Fonts{Body: "serif", Heading: "sans", Mono: "mono"},
		FontSize:     10,
		Leading:      13,
		Paragraphs:   "indent",
		ArticleStart: "page",
		SectionStart: "page",
		Folios:       true,
		Cover:        "image",
		TOC:          true,
		TOCDepth:     3,
		Credits:      true,
		Formats:      []string{"epub", "pdf"},
		EPUB:         EPUB{MaxPx: 1600, Quality: 85},
		Images:       Images{MinPPI: 200, MaxPixels: 100_000_000, SpanRatio: 1.8, MinScale: 0.8},
		Justify:      true,
		Hyphenate:    true,
		FacingPages:  false,
	}
}

// parseNode parses YAML into a document node, turning syntax errors into
// errors that name the file and line.
func parseNode(origin string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(origin, data, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &Error{File: origin, Line: root.Line, Msg: "a layout is a mapping of keys (page_size:, columns:, …)"}
	}
	return root, nil
}

// syntaxError names the file and line of a YAML error, with a hint when
// the line is indented with a tab.
func syntaxError(origin string, data []byte, err error) *Error {
	line, msg := yamlerr.Split(err, data)
	e := &Error{File: origin, Line: line, Msg: msg}
	if tl := yamlerr.Tabs(err, data); tl > 0 {
		e.Line, e.Hint = tl, yamlerr.TabHint(origin, tl)
	}
	return e
}

// decodeInto decodes data over l, keeping the values of keys data does not
// set.
func decodeInto(origin string, data []byte, l *Layout) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(l); err != nil {
		var ve *valueError
		if errors.As(err, &ve) {
			return &Error{File: origin, Line: ve.line, Key: ve.key, Msg: ve.msg}
		}
		return syntaxError(origin, data, err)
	}
	return nil
}

// keyLine finds the line of a dotted key ("margins.inner") in a mapping
// node, or of its nearest present parent.
func keyLine(n *yaml.Node, dotted string) int {
	line := 0
	for _, part := range strings.Split(dotted, ".") {
		if n == nil || n.Kind != yaml.MappingNode {
			break
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				line = n.Content[i].Line
				next = n.Content[i+1]
			}
		}
		n = next
	}
	return line
}

// recordKeys notes the file and line of every dotted key set in n.
func recordKeys(n *yaml.Node, origin, prefix string, keys map[string]keyPos) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := prefix + n.Content[i].Value
		keys[k] = keyPos{file: origin, line: n.Content[i].Line}
		recordKeys(n.Content[i+1], origin, k+".", keys)
	}
}

// keyAtLine finds the dotted key whose value sits on line.
func keyAtLine(n *yaml.Node, line int, prefix string) string {
	if n == nil || n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if sub := keyAtLine(v, line, prefix+k.Value+"."); sub != "" {
			return sub
		}
		if k.Line == line || (v.Kind == yaml.ScalarNode && v.Line == line) {
			return prefix + k.Value
		}
	}
	return ""
}

// checkKeys reports the first key in n that the type t does not have,
// suggesting the nearest one it does.
func checkKeys(origin string, n *yaml.Node, t reflect.Type, prefix string) error {
	if n.Kind != yaml.MappingNode || t.Kind() != reflect.Struct {
		return nil
	}
	fields := map[string]reflect.Type{}
	var known []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		fields[tag] = f.Type
		known = append(known, tag)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		ft, ok := fields[k.Value]
		if !ok {
			msg := "unknown key"
			if s := Nearest(k.Value, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
			return &Error{File: origin, Line: k.Line, Key: prefix + k.Value, Msg: msg}
		}
		if err := checkKeys(origin, v, ft, prefix+k.Value+"."); err != nil {
			return err
		}
	}
	return nil
}

// valueError is a value that could not be decoded.
type valueError struct {
	line int
	key  string
	msg  string
}

func (e *valueError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// Nearest returns the candidate closest to s by edit distance, if it is
// close enough to be a likely typo, else "".
func Nearest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= max(2, len(s)/3) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
