package layouts

import (
	"errors"
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

func TestBuiltinsLoadAndValidate(t *testing.T) {
	want := []string{"booklet", "ereader", "handout", "magazine"}
	if got := Builtins(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Builtins() = %v, want %v", got, want)
	}
	for _, name := range want {
		l, err := Load(name, nil)
		if err != nil {
			t.Fatalf("Load(%s): %v", name, err)
		}
		if l.Description == "" {
			t.Errorf("%s has no description", name)
		}
	}
}

func TestBuiltinPageGeometry(t *testing.T) {
	mm := func(l float64) float64 { return math.Round(l / PtPerMM) }
	for _, c := range []struct {
		name       string
		w, h       float64 // mm
		cols       int
		bleed      float64
		imposition string
	}{
		{"magazine", 210, 297, 2, 3, "none"},
		{"ereader", 90, 120, 1, 0, "none"},
		{"handout", 216, 279, 1, 0, "none"},
		{"booklet", 148, 210, 1, 0, "saddle"},
	} {
		l, err := Load(c.name, nil)
		if err != nil {
			t.Fatal(err)
		}
		if mm(l.PageWidth()) != c.w || mm(l.PageHeight()) != c.h {
			t.Errorf("%s page is %v x %v mm, want %v x %v", c.name, mm(l.PageWidth()), mm(l.PageHeight()), c.w, c.h)
		}
		if l.Columns != c.cols || math.Round(l.Bleed.MM()) != c.bleed || l.Imposition != c.imposition {
			t.Errorf("%s: columns %d bleed %v imposition %s", c.name, l.Columns, l.Bleed.MM(), l.Imposition)
		}
	}
}

func TestExtendsChangesOnlyWhatItSets(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/mine.yaml":      {Data: []byte("extends: magazine\ncolumns: 3\nfonts: {body: fonts/Body.ttf}\n")},
		"layouts/fonts/Body.ttf": {Data: []byte("not really a font")},
	}
	l, err := Load("mine", fsys)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := Load("magazine", nil)
	if l.Columns != 3 || l.Fonts.Body != "fonts/Body.ttf" {
		t.Errorf("got columns %d body %q", l.Columns, l.Fonts.Body)
	}
	if l.Fonts.Heading != base.Fonts.Heading || l.Bleed != base.Bleed || l.PageSize != "A4" || !l.Justify {
		t.Errorf("keys not set by mine.yaml changed: %+v", l)
	}
	if b, err := l.ReadFile(l.Fonts.Body); err != nil || string(b) != "not really a font" {
		t.Errorf("ReadFile(font) = %q, %v", b, err)
	}
	if _, err := l.ReadFile("../../etc/passwd"); err == nil {
		t.Error("ReadFile left the edition folder")
	}
	if l.Origin() != "layouts/mine.yaml" {
		t.Errorf("Origin() = %q", l.Origin())
	}
}

func TestEditionLayoutOverridesBuiltinOfSameName(t *testing.T) {
	fsys := fstest.MapFS{"layouts/magazine.yaml": {Data: []byte("extends: magazine\ncolumns: 1\n")}}
	l, err := Load("magazine", fsys)
	if err != nil {
		t.Fatal(err)
	}
	if l.Columns != 1 || l.PageSize != "A4" {
		t.Errorf("columns %d page %s", l.Columns, l.PageSize)
	}
	names := Names(fsys)
	if strings.Join(names, ",") != "booklet,ereader,handout,magazine" {
		t.Errorf("Names = %v", names)
	}
}

func TestErrorsNameFileLineAndKey(t *testing.T) {
	for _, c := range []struct {
		yaml string
		want string
	}{
		{"extends: magazine\ndescription: x\ncolumns: -1\n", "layouts/mine.yaml:3: columns: must be 1–4, got -1"},
		{"extends: magazine\ntoc_depth: 9\n", "layouts/mine.yaml:2: toc_depth: must be 1–6, got 9"},
		{"extends: magazine\ntoc_depth: deep\n", "layouts/mine.yaml:2: toc_depth:"},
		{"extends: magazine\ncolums: 3\n", "layouts/mine.yaml:2: colums: unknown key (did you mean columns?)"},
		{"extends: magazine\nmargins:\n  iner: 3mm\n", "layouts/mine.yaml:3: margins.iner: unknown key (did you mean inner?)"},
		{"extends: magazine\nmargins:\n  inner: wide\n", `layouts/mine.yaml:3: margins.inner: "wide" is not a length`},
		{"extends: magazine\ncolumns: many\n", "layouts/mine.yaml:2: columns: cannot unmarshal"},
		{"extends: glossy\n", `layouts/mine.yaml:1: extends: unknown layout "glossy"`},
		{"extends: magazine\npage_size: B7\n", `layouts/mine.yaml:2: page_size: "B7" is not a page size`},
		{"extends: magazine\nfonts: {body: comic}\n", `layouts/mine.yaml:2: fonts.body: "comic" is neither`},
		{"extends: magazine\nbleed: 0mm\ncrop_marks: true\n", "layouts/mine.yaml:3: crop_marks: need a bleed"},
		{"extends: magazine\ncolumns: [3\n", "layouts/mine.yaml:2: did not find expected"},
		{"extends: magazine\ntagged: sometimes\n", "layouts/mine.yaml:2: tagged: cannot unmarshal"},
		{"- just\n- a list\n", "layouts/mine.yaml:1: a layout is a mapping"},
		{"extends: mine\n", "layouts/mine.yaml: extends: a layout cannot extend itself"},
	} {
		fsys := fstest.MapFS{"layouts/mine.yaml": {Data: []byte(c.yaml)}}
		_, err := Load("mine", fsys)
		if err == nil {
			t.Errorf("%q loaded without error", c.yaml)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s", c.yaml, err, c.want)
		}
	}
}

func TestExtendsLoopIsReported(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/a.yaml": {Data: []byte("extends: b\n")},
		"layouts/b.yaml": {Data: []byte("extends: a\n")},
	}
	_, err := Load("a", fsys)
	var le *Error
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "loops back") {
		t.Fatalf("got %v", err)
	}
}

func TestUnknownLayoutListsThem(t *testing.T) {
	_, err := Load("nope", nil)
	var ue *UnknownError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v", err)
	}
	if err.Error() != `unknown layout "nope" (there are: booklet, ereader, handout, magazine)` {
		t.Errorf("got %q", err)
	}
}

func TestSourceIsTheCommentedYAML(t *testing.T) {
	src, err := Source("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "# ") || !strings.Contains(string(src), "columns: 2") {
		t.Errorf("magazine source lacks comments or columns:\n%s", src)
	}
	// What show prints loads back as a layout of its own.
	fsys := fstest.MapFS{"layouts/copy.yaml": {Data: src}}
	if _, err := Load("copy", fsys); err != nil {
		t.Errorf("a copied built-in does not load: %v", err)
	}
}

func TestLengths(t *testing.T) {
	for s, want := range map[string]float64{"10mm": 10 * PtPerMM, "1cm": 10 * PtPerMM, "0.5in": 36, "9pt": 9, "10": 10 * PtPerMM} {
		got, err := parseLength(s, "mm")
		if err != nil || math.Abs(got-want) > 1e-9 {
			t.Errorf("parseLength(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "mm", "ten", "NaN", "1e400"} {
		if _, err := parseLength(s, "mm"); err == nil {
			t.Errorf("parseLength(%q) accepted", s)
		}
	}
}

func FuzzLayoutYAML(f *testing.F) {
	for _, n := range Builtins() {
		src, _ := Source(n, nil)
		f.Add(string(src))
	}
	f.Add("extends: magazine\ncolumns: 3\n")
	f.Add("extends: mine\n")
	f.Fuzz(func(t *testing.T, src string) {
		fsys := fstest.MapFS{"layouts/mine.yaml": {Data: []byte(src)}}
		l, err := Load("mine", fsys)
		if err == nil {
			if verr := l.Validate(); verr != nil {
				t.Fatalf("Load returned an invalid layout: %v", verr)
			}
			return
		}
		if !strings.HasPrefix(err.Error(), "layouts/mine.yaml") && !strings.Contains(err.Error(), "unknown layout") && !strings.HasPrefix(err.Error(), "built-in") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}

// TestCheckFontsNamesTheFileThatSetTheKey: a font file that cannot be read
// or parsed is an error naming the layout file, line and key that named
// it, even when the key comes from the layout this one extends.
func TestCheckFontsNamesTheFileThatSetTheKey(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/base.yaml":      {Data: []byte("extends: magazine\ncolumns: 2\nfonts:\n  body: fonts/Body.ttf\n  heading: fonts/Gone.ttf\n")},
		"layouts/mine.yaml":      {Data: []byte("extends: base\ncolumns: 3\n")},
		"layouts/fonts/Body.ttf": {Data: []byte("<html>not a font</html>")},
	}
	l, err := Load("mine", fsys)
	if err != nil {
		t.Fatal(err)
	}
	notFont := errors.New("no glyf table")
	err = l.CheckFonts(func(name string, data []byte) error { return notFont })
	var le *Error
	if !errors.As(err, &le) || le.File != "layouts/base.yaml" || le.Line != 4 || le.Key != "fonts.body" ||
		le.Msg != "fonts/Body.ttf is not a TrueType font: no glyf table" || le.Hint == "" {
		t.Errorf("got %#v", err)
	}
	err = l.CheckFonts(func(string, []byte) error { return nil })
	if !errors.As(err, &le) || le.Line != 5 || le.Key != "fonts.heading" || !strings.Contains(le.Msg, "fonts/Gone.ttf is not there") {
		t.Errorf("got %#v", err)
	}
	// Built-in families need no files.
	m, _ := Load("magazine", nil)
	if err := m.CheckFonts(func(string, []byte) error { return notFont }); err != nil {
		t.Errorf("magazine: %v", err)
	}
}

// TestTabIndentationHasAHint: YAML does not allow tabs in indentation, and
// the error says so, naming the line.
func TestTabIndentationHasAHint(t *testing.T) {
	fsys := fstest.MapFS{"layouts/mine.yaml": {Data: []byte("columns: 2\nmargins:\n  top: 20mm\n\tbottom: 20mm\n")}}
	_, err := Load("mine", fsys)
	var le *Error
	if !errors.As(err, &le) || le.Line != 4 || !strings.Contains(le.Hint, "layouts/mine.yaml:4 is indented with a tab") {
		t.Errorf("got %#v", err)
	}
}
