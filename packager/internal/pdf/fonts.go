package pdf

import (
	_ "embed"
	"fmt"
	"sync"
	"unicode"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansmono"
	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonobolditalic"
	"github.com/go-fonts/liberation/liberationmonoitalic"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/klauspost/compress/zstd"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// Font styles, indexing a family.
const (
	regular = iota
	bold
	italic
	boldItalic
)

// family is the four faces of a type family.
type family [4]*typeset.Face

func (f family) face(b, i bool) *typeset.Face {
	switch {
	case b && i:
		return f[boldItalic]
	case b:
		return f[bold]
	case i:
		return f[italic]
	}
	return f[regular]
}

// builtinFace is a face inside the binary, parsed once per process.
type builtinFace struct {
	name string
	data []byte
	pua  bool // read with typeset.ParseFacePUA
	zst  bool // data is zstd-compressed
	once sync.Once
	face *typeset.Face
	err  error
}

func (b *builtinFace) get() (*typeset.Face, error) {
	b.once.Do(func() {
		data := b.data
		if b.zst {
			zr, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
			if err != nil {
				b.err = fmt.Errorf("font %s: %w", b.name, err)
				return
			}
			data, err = zr.DecodeAll(data, nil)
			zr.Close()
			if err != nil {
				b.err = fmt.Errorf("font %s: %w", b.name, err)
				return
			}
		}
		if b.pua {
			b.face, b.err = typeset.ParseFacePUA(b.name, data)
			return
		}
		b.face, b.err = typeset.ParseFace(b.name, data)
	})
	return b.face, b.err
}

var builtinFamilies = map[string][4]*builtinFace{
	"serif": {
		{name: "Liberation Serif", data: liberationserifregular.TTF},
		{name: "Liberation Serif Bold", data: liberationserifbold.TTF},
		{name: "Liberation Serif Italic", data: liberationserifitalic.TTF},
		{name: "Liberation Serif Bold Italic", data: liberationserifbolditalic.TTF},
	},
	"sans": {
		{name: "Liberation Sans", data: liberationsansregular.TTF},
		{name: "Liberation Sans Bold", data: liberationsansbold.TTF},
		{name: "Liberation Sans Italic", data: liberationsansitalic.TTF},
		{name: "Liberation Sans Bold Italic", data: liberationsansbolditalic.TTF},
	},
	"mono": {
		{name: "Liberation Mono", data: liberationmonoregular.TTF},
		{name: "Liberation Mono Bold", data: liberationmonobold.TTF},
		{name: "Liberation Mono Italic", data: liberationmonoitalic.TTF},
		{name: "Liberation Mono Bold Italic", data: liberationmonobolditalic.TTF},
	},
}

// The fallback faces for Chinese, Japanese and Korean, and for emoji,
// with their licences beside them in fontdata/.
var (
	//go:embed fontdata/DroidSansFallbackFull.ttf.zst
	droidSansFallback []byte
	//go:embed fontdata/NotoEmoji-Regular.woff
	notoEmoji []byte
)

var (
	fallbackCJK = &builtinFace{name: "Droid Sans Fallback", data: droidSansFallback, zst: true}
	// fallbackEmoji is read with its characters outside the BMP moved to
	// the Private Use Area (typeset.ParseFacePUA).
	fallbackEmoji    = &builtinFace{name: "Noto Emoji", data: notoEmoji, pua: true}
	fallbackSans     = &builtinFace{name: "DejaVu Sans", data: dejavusans.TTF}
	fallbackSansBold = &builtinFace{name: "DejaVu Sans Bold", data: dejavusansbold.TTF}
	fallbackMono     = &builtinFace{name: "DejaVu Sans Mono", data: dejavusansmono.TTF}
)

// fontSet is every face a render uses.
type fontSet struct {
	body, heading, mono    family
	fbSans, fbBold, fbMono *typeset.Face

	warn    func(model.Diagnostic)
	missing map[string]bool // scripts already reported
}

func loadFamily(l *layouts.Layout, ref string, variants [3]string, key string) (family, error) {
	var fam family
	if !layouts.FontFile(ref) {
		bf, ok := builtinFamilies[ref]
		if !ok {
			return fam, fmt.Errorf("fonts.%s: %q is not a built-in family (serif, sans, mono)", key, ref)
		}
		for i, b := range bf {
			f, err := b.get()
			if err != nil {
				return fam, fmt.Errorf("built-in font: %w", err)
			}
			fam[i] = f
		}
		return fam, nil
	}
	read := func(name string) (*typeset.Face, error) {
		data, err := l.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("fonts.%s: %w", key, err)
		}
		f, err := typeset.ParseFace(name, data)
		if err != nil {
			return nil, fmt.Errorf("fonts.%s: %w", key, err)
		}
		return f, nil
	}
	reg, err := read(ref)
	if err != nil {
		return fam, err
	}
	fam = family{reg, reg, reg, reg}
	for i, v := range variants {
		if v == "" {
			continue
		}
		f, err := read(v)
		if err != nil {
			return fam, err
		}
		fam[i+1] = f
	}
	if variants[2] == "" && variants[0] != "" {
		fam[boldItalic] = fam[bold]
	}
	return fam, nil
}

func loadFonts(l *layouts.Layout, warn func(model.Diagnostic)) (*fontSet, error) {
	fs := &fontSet{warn: warn, missing: map[string]bool{}}
	var err error
	if fs.body, err = loadFamily(l, l.Fonts.Body, [3]string{l.Fonts.BodyBold, l.Fonts.BodyItalic, l.Fonts.BodyBoldItalic}, "body"); err != nil {
		return nil, err
	}
	if fs.heading, err = loadFamily(l, l.Fonts.Heading, [3]string{}, "heading"); err != nil {
		return nil, err
	}
	if fs.mono, err = loadFamily(l, l.Fonts.Mono, [3]string{}, "mono"); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		dst **typeset.Face
		b   *builtinFace
	}{{&fs.fbSans, fallbackSans}, {&fs.fbBold, fallbackSansBold}, {&fs.fbMono, fallbackMono}} {
		f, err := p.b.get()
		if err != nil {
			return nil, fmt.Errorf("built-in font: %w", err)
		}
		*p.dst = f
	}
	return fs, nil
}

// fallback returns a face that has r, for text set in primary.
func (fs *fontSet) fallback(r rune, primary *typeset.Face) *typeset.Face {
	isBold := primary == fs.body[bold] || primary == fs.body[boldItalic] || primary == fs.heading[bold] || primary == fs.heading[boldItalic]
	isMono := primary == fs.mono[regular] || primary == fs.mono[bold] || primary == fs.mono[italic] || primary == fs.mono[boldItalic]
	cands := [...]*typeset.Face{fs.fbSans, fs.fbBold, fs.fbMono}
	order := [3]int{0, 1, 2}
	if isBold {
		order = [3]int{1, 0, 2}
	} else if isMono {
		order = [3]int{2, 0, 1}
	}
	for _, i := range order {
		if cands[i].Has(r) {
			return cands[i]
		}
	}
	// the other faces of the layout may have it (a custom body font
	// lacking Greek, say)
	for _, fam := range []family{fs.body, fs.heading} {
		if fam[regular] != primary && fam[regular].Has(r) {
			return fam[regular]
		}
	}
	// Chinese, Japanese and Korean
	if f, err := fallbackCJK.get(); err == nil && f.Has(r) {
		return f
	}
	if f := fs.emoji(); f != nil && f.Has(r) {
		return f
	}
	return nil
}

// emoji returns the emoji face, or nil when it cannot be read.
func (fs *fontSet) emoji() *typeset.Face {
	f, err := fallbackEmoji.get()
	if err != nil {
		return nil
	}
	return f
}

// missingRune warns once per script about characters no font has.
func (fs *fontSet) missingRune(r rune, file string) {
	script := scriptOf(r)
	if fs.missing[script] {
		return
	}
	fs.missing[script] = true
	if fs.warn != nil {
		fs.warn(model.Warnf("missing-glyphs", file, 0,
			"the PDF fonts have no glyphs for %s characters (first seen: %U); they are shown as \"?\"", script, r).
			WithHint("use a layout font (fonts.body) that covers this script"))
	}
}

func scriptOf(r rune) string {
	if r > 0xFFFF && unicode.Is(unicode.So, r) {
		return "emoji and symbol"
	}
	names := make([]string, 0, 4)
	for name, tab := range unicode.Scripts {
		if unicode.Is(tab, r) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "unassigned"
	}
	best := names[0]
	for _, n := range names[1:] {
		if n < best {
			best = n
		}
	}
	return best
}
