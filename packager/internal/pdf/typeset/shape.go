package typeset

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// Arabic joining: each letter's presentation forms, isolated, final,
// initial and medial (the last two zero for letters that join only to the
// letter before them).
var arabicForms = map[rune][4]rune{
	0x0621: {0xFE80, 0, 0, 0},
	0x0622: {0xFE81, 0xFE82, 0, 0},
	0x0623: {0xFE83, 0xFE84, 0, 0},
	0x0624: {0xFE85, 0xFE86, 0, 0},
	0x0625: {0xFE87, 0xFE88, 0, 0},
	0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
	0x0627: {0xFE8D, 0xFE8E, 0, 0},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92},
	0x0629: {0xFE93, 0xFE94, 0, 0},
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
	0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8},
	0x062F: {0xFEA9, 0xFEAA, 0, 0},
	0x0630: {0xFEAB, 0xFEAC, 0, 0},
	0x0631: {0xFEAD, 0xFEAE, 0, 0},
	0x0632: {0xFEAF, 0xFEB0, 0, 0},
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC},
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4},
	0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0},
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4},
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC},
	0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC},
	0x0648: {0xFEED, 0xFEEE, 0, 0},
	0x0649: {0xFEEF, 0xFEF0, 0, 0},
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
	0x0671: {0xFB50, 0xFB51, 0, 0},
	0x0679: {0xFB66, 0xFB67, 0xFB68, 0xFB69},
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59},
	0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D},
	0x0688: {0xFB88, 0xFB89, 0, 0},
	0x0691: {0xFB8C, 0xFB8D, 0, 0},
	0x0698: {0xFB8A, 0xFB8B, 0, 0},
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91},
	0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95},
	0x06BA: {0xFB9E, 0xFB9F, 0, 0},
	0x06BE: {0xFBAA, 0xFBAB, 0xFBAC, 0xFBAD},
	0x06C1: {0xFBA6, 0xFBA7, 0xFBA8, 0xFBA9},
	0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF},
	0x06D2: {0xFBAE, 0xFBAF, 0, 0},
}

// lamAlef are the ligatures of lam with a following alef: isolated, final.
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6},
	0x0623: {0xFEF7, 0xFEF8},
	0x0625: {0xFEF9, 0xFEFA},
	0x0627: {0xFEFB, 0xFEFC},
}

const (
	zwnj    = '\u200C'
	zwj     = '\u200D'
	tatweel = '\u0640'
)

// joinsNext reports whether r connects to the letter after it.
func joinsNext(r rune) bool {
	if r == tatweel || r == zwj {
		return true
	}
	f, ok := arabicForms[r]
	return ok && f[2] != 0
}

// joinsPrev reports whether r connects to the letter before it.
func joinsPrev(r rune) bool {
	if r == tatweel || r == zwj {
		return true
	}
	f, ok := arabicForms[r]
	return ok && f[1] != 0
}

// transparent reports whether r is skipped when joining (a vowel mark).
func transparent(r rune) bool { return unicode.Is(unicode.Mn, r) }

// hasArabic reports whether s has a letter that joins.
func hasArabic(s string) bool {
	for _, r := range s {
		if r >= 0x0600 && r <= 0x06FF {
			return true
		}
	}
	return false
}

// shapeArabic replaces Arabic letters by their contextual presentation
// forms (isolated, initial, medial, final) and lam followed by alef by
// their ligature, in logical order. has tells whether a form can be
// drawn; a letter whose form cannot is left as it is.
func shapeArabic(s string, has func(rune) bool) string {
	if !hasArabic(s) {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	prevJoins := false // the letter before (skipping marks) joins forward
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		forms, ok := arabicForms[r]
		if !ok {
			if !transparent(r) {
				prevJoins = r == tatweel || r == zwj
			}
			out = append(out, r)
			continue
		}
		// the next letter, skipping marks
		j := i + 1
		for j < len(rs) && transparent(rs[j]) {
			j++
		}
		nextJoins := j < len(rs) && joinsPrev(rs[j]) && forms[2] != 0
		if r == 0x0644 && j < len(rs) {
			if lig, ok := lamAlef[rs[j]]; ok {
				form := lig[0]
				if prevJoins {
					form = lig[1]
				}
				if has(form) {
					out = append(out, form)
					out = append(out, rs[i+1:j]...) // marks on the lam
					i = j
					prevJoins = false
					continue
				}
			}
		}
		var form rune
		switch {
		case prevJoins && nextJoins:
			form = forms[3]
		case prevJoins && forms[1] != 0:
			form = forms[1]
		case nextJoins:
			form = forms[2]
		default:
			form = forms[0]
		}
		if form == 0 || !has(form) {
			form = r
		}
		out = append(out, form)
		prevJoins = joinsNext(r)
	}
	return string(out)
}

// rtlRune reports whether r is a right-to-left letter.
func rtlRune(r rune) bool {
	p, _ := bidi.LookupRune(r)
	c := p.Class()
	return c == bidi.R || c == bidi.AL
}

func hasRTL(s string) bool {
	for _, r := range s {
		if r >= 0x0590 && rtlRune(r) {
			return true
		}
	}
	return false
}

// levels returns the bidi embedding level of every rune of s, in a
// paragraph whose direction is right to left when rtl is set: even levels
// run left to right, odd ones right to left.
func levels(s string, rtl bool) []uint8 {
	n := utf8.RuneCountInString(s)
	base := uint8(0)
	if rtl {
		base = 1
	}
	lv := make([]uint8, n)
	if !rtl && !hasRTL(s) {
		return lv
	}
	// one paragraph: paragraph separators would end it
	flat := strings.Map(func(r rune) rune {
		p, _ := bidi.LookupRune(r)
		if p.Class() == bidi.B {
			return ' '
		}
		return r
	}, s)
	var p bidi.Paragraph
	opt := bidi.DefaultDirection(bidi.LeftToRight)
	if rtl {
		opt = bidi.DefaultDirection(bidi.RightToLeft)
	}
	if _, err := p.SetString(flat, opt); err != nil {
		for i := range lv {
			lv[i] = base
		}
		return lv
	}
	o, err := p.Order()
	if err != nil {
		for i := range lv {
			lv[i] = base
		}
		return lv
	}
	runes := []rune(flat)
	type run struct {
		start, end int
		rtl        bool
	}
	var runs []run
	for i := range o.NumRuns() {
		r := o.Run(i)
		st, en := r.Pos()
		runs = append(runs, run{st, min(en+1, n), r.Direction() == bidi.RightToLeft})
	}
	for i, r := range runs {
		var l uint8
		switch {
		case r.rtl:
			l = 1
		case rtl:
			l = 2
		default:
			l = 0
			// numbers between right-to-left runs stay among them
			if i > 0 && i+1 < len(runs) && runs[i-1].rtl && runs[i+1].rtl && !hasStrongL(runes[r.start:r.end]) {
				l = 2
			}
		}
		for k := max(r.start, 0); k < r.end; k++ {
			lv[k] = l
		}
	}
	return lv
}

func hasStrongL(rs []rune) bool {
	for _, r := range rs {
		p, _ := bidi.LookupRune(r)
		if p.Class() == bidi.L {
			return true
		}
	}
	return false
}

// visual returns a fragment's text in the order it is drawn: reversed
// (marks kept after their letter, brackets mirrored) at an odd level.
func visual(text string, level uint8) string {
	if level%2 == 0 {
		return text
	}
	return string(bidi.AppendReverse(nil, []byte(text)))
}

// dropped reports whether r is never drawn: format characters (joiners,
// direction marks; soft hyphen and zero-width space are handled apart),
// variation selectors and emoji modifiers.
func dropped(r rune) bool {
	switch {
	case r == '\u00AD' || r == '\u200B':
		return false
	case unicode.Is(unicode.Cf, r):
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF:
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF:
		return true
	}
	return false
}

// prepare readies text for setting: composed (NFC), Arabic joined, the
// characters that are never drawn taken out, characters outside the BMP
// that the emoji face has given its aliases.
func (b *Builder) prepare(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	if hasArabic(s) {
		s = shapeArabic(s, b.canDraw)
	}
	var alias map[rune]rune
	if b.emoji == nil && b.Emoji != nil && strings.ContainsFunc(s, func(r rune) bool { return r > 0xFFFF }) {
		b.emoji = b.Emoji()
	}
	if b.emoji != nil {
		alias = b.emoji.Alias
	}
	return strings.Map(func(r rune) rune {
		if dropped(r) {
			return -1
		}
		if a, ok := alias[r]; ok && r > 0xFFFF {
			return a
		}
		return r
	}, s)
}

// canDraw reports whether some face of the builder has r.
func (b *Builder) canDraw(r rune) bool {
	for i := range b.Styles {
		if b.Styles[i].Face.Has(r) {
			return true
		}
	}
	if b.Fallback != nil && len(b.Styles) > 0 {
		return b.Fallback(r, b.Styles[0].Face) != nil
	}
	return false
}
