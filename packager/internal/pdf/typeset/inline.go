package typeset

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Color is an RGB colour as 0xRRGGBB.
type Color uint32

// RGB returns the colour's components, 0–255.
func (c Color) RGB() (r, g, b int) { return int(c >> 16 & 0xFF), int(c >> 8 & 0xFF), int(c & 0xFF) }

// Style is how a run of text is set.
type Style struct {
	Face  *Face
	Size  float64
	Rise  float64 // baseline shift, up positive
	Color Color
	// Strike draws a line through the text.
	Strike bool
	// Link is an absolute URL the text links to.
	Link string
	// NoHyphens keeps the builder's hyphenator away from the text (code).
	NoHyphens bool
	// Letter spacing is not supported; Tracking is reserved.
}

// Frag is a piece of text set in one face and style: what a box draws.
type Frag struct {
	Text  string
	Face  *Face // the face that has the glyphs (a fallback when needed)
	Style int32 // index into the builder's styles
	Width float64
	// Level is the bidi embedding level: odd for right-to-left text,
	// which is drawn reversed.
	Level uint8
}

// Builder turns styled text into an item list for a Breaker. The zero
// value is not usable: set Fallback (may return nil) first.
type Builder struct {
	// Fallback returns a face that has r when primary lacks it, or nil.
	Fallback func(r rune, primary *Face) *Face
	// Missing is told about every rune no face has (it is shown as "?").
	Missing func(r rune)
	// Justify gives interword glue stretch and shrink; otherwise lines are
	// set at their natural width.
	Justify bool
	// Hyphenate, when set, returns the rune offsets inside a word where it
	// may be hyphenated; each becomes a flagged penalty. It is given the
	// letters of a word without the punctuation around them, and never
	// words with digits or other signs, words in a style with NoHyphens,
	// parts of URLs and e-mail addresses, or words with soft hyphens
	// (which break only there).
	Hyphenate func(word string) []int
	// RTL sets the paragraph right to left: lines run from the right, and
	// ragged text is aligned to the right.
	RTL bool
	// Emoji, when set, returns the face for characters outside the Basic
	// Multilingual Plane that its Alias maps (or nil); it is called only
	// for text that has such characters.
	Emoji func() *Face

	Styles []Style
	Items  []Item
	Frags  []Frag

	// the fragment being gathered
	segStart int // byte offset in the text being added
	segFace  *Face
	// the whitespace-separated token being added is not to be hyphenated
	tokNoHyph bool
	// the bidi level of the text being added
	level uint8
	// the emoji face, once text has needed it
	emoji *Face
}

// AddStyle registers a style and returns its index.
func (b *Builder) AddStyle(s Style) int32 {
	for i := len(b.Styles) - 1; i >= 0 && i >= len(b.Styles)-4; i-- {
		if b.Styles[i] == s {
			return int32(i)
		}
	}
	b.Styles = append(b.Styles, s)
	return int32(len(b.Styles) - 1)
}

// Indent adds an empty box of width w (a first-line indent).
func (b *Builder) Indent(w float64) {
	if w > 0 {
		b.Items = append(b.Items, Item{Kind: Box, Width: w, Frag: -1})
	}
}

// AddBox adds a box drawing frag text in a style, unbreakable.
func (b *Builder) AddBox(text string, style int32) {
	st := &b.Styles[style]
	b.Frags = append(b.Frags, Frag{Text: text, Face: st.Face, Style: style, Width: st.Face.Width(text, st.Size), Level: b.baseLevel()})
	b.Items = append(b.Items, Item{Kind: Box, Width: b.Frags[len(b.Frags)-1].Width, Frag: int32(len(b.Frags) - 1)})
}

// Space adds interword glue sized for a style.
func (b *Builder) Space(style int32) {
	if len(b.Items) == 0 {
		return
	}
	last := b.Items[len(b.Items)-1]
	if last.Kind == Glue || last.Kind == Penalty && last.Penalty <= -Inf {
		return
	}
	st := &b.Styles[style]
	w := float64(st.Face.Advance(' ')) * st.Size / 1000
	if w <= 0 {
		w = st.Size / 4
	}
	it := Item{Kind: Glue, Width: w, Frag: -1}
	if b.Justify {
		it.Stretch, it.Shrink = w/2, w/3
	}
	b.Items = append(b.Items, it)
}

// Text adds text in a style, splitting it into words and spaces and
// choosing a fallback face for runes the style's face lacks.
func (b *Builder) Text(s string, style int32) {
	st := &b.Styles[style]
	s = b.prepare(s)
	lv := levels(s, b.RTL)
	b.segStart, b.segFace = -1, nil
	dashPen := 0.0 // a break allowed after a dash, if a word follows it
	dashFlag := false
	cjkPrev := false // a break may follow the last rune (Chinese, Japanese)
	tokStart := true
	ri := -1
	for i, r := range s {
		ri++
		if l := lv[ri]; l != b.level {
			b.flush(s, i, style)
			b.level = l
		}
		if cjkPrev {
			// Chinese and Japanese break between any two characters,
			// but never before closing punctuation or small kana.
			cjkPrev = false
			if r != ' ' && r != '\t' && r != '\n' && r != '\r' && !strings.ContainsRune(cjkNoStart, r) {
				b.flush(s, i, style)
				it := Item{Kind: Glue, Frag: -1}
				if b.Justify {
					it.Stretch = st.Size * 0.1
				}
				b.Items = append(b.Items, it)
			}
		}
		cjkPrev = cjkBreakAfter(r)
		if dashPen > 0 {
			// A break after a dash needs a word after it: never a line
			// that starts with punctuation.
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.Items = append(b.Items, Item{Kind: Penalty, Penalty: dashPen, Flagged: dashFlag, Frag: -1})
			}
			dashPen = 0
		}
		if tokStart && b.Hyphenate != nil {
			b.tokNoHyph = st.NoHyphens || noHyphens(s[i:])
		}
		tokStart = false
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			b.flush(s, i, style)
			b.Space(style)
			tokStart = true
			continue
		case r == '\u00AD': // soft hyphen
			b.flush(s, i, style)
			b.hyphenPoint(style, 50, true)
			continue
		case r == '\u200B': // zero-width space
			b.flush(s, i, style)
			b.Items = append(b.Items, Item{Kind: Penalty, Frag: -1})
			continue
		case r < 0x20 || r == 0x7F || r >= 0x80 && r < 0xA0 || r == utf8.RuneError && isBadRune(s[i:]) || dropped(r):
			b.flush(s, i, style)
			continue
		}
		f := st.Face
		if r >= puaFirst && r <= puaLast && b.emoji != nil && b.emoji.Has(r) {
			f = b.emoji
		} else if !f.Has(r) {
			f = nil
			if b.Fallback != nil {
				f = b.Fallback(r, st.Face)
			}
			if f == nil {
				if b.Missing != nil && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Cf, r) {
					b.Missing(r)
				}
				b.flush(s, i, style)
				if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) {
					continue // an unsupported mark or format character: drop it
				}
				b.addFrag("?", st.Face, style)
				continue
			}
		}
		if f != b.segFace {
			b.flush(s, i, style)
			b.segStart, b.segFace = i, f
		} else if b.segStart < 0 {
			b.segStart, b.segFace = i, f
		}
		if r == '-' || r == '–' || r == '—' || r == '/' {
			// A break may follow a hyphen, a dash or a slash.
			b.flush(s, i+utf8.RuneLen(r), style)
			dashPen = 50
			// A line ending with a hyphen is hyphenated, for the
			// breaker's hyphen demerits and for the page breaker.
			dashFlag = r == '-'
			if r == '/' {
				dashPen = 100
			}
		}
	}
	b.flush(s, len(s), style)
	b.level = b.baseLevel()
}

func (b *Builder) baseLevel() uint8 {
	if b.RTL {
		return 1
	}
	return 0
}

// cjkNoStart are the characters a line of Chinese or Japanese does not
// start with.
const cjkNoStart = "、。，．：；！？）」』】〕〉》〙〗〟｝］’”ー々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ…‥・゠〜"

// cjkBreakAfter reports whether a line may break after r: an ideograph,
// kana, or closing punctuation of Chinese or Japanese.
func cjkBreakAfter(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		strings.ContainsRune("、。，．：；！？）」』】〕〉》", r)
}

func isBadRune(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return r == utf8.RuneError && n <= 1
}

// flush ends the fragment being gathered at byte end.
func (b *Builder) flush(s string, end int, style int32) {
	if b.segStart >= 0 && end > b.segStart {
		b.addWord(s[b.segStart:end], b.segFace, style)
	}
	b.segStart, b.segFace = -1, nil
}

// noHyphens reports whether the token at the start of s (up to the next
// space) is not to be hyphenated: a URL, an e-mail address, a domain or
// path, or a word with soft hyphens of its own.
func noHyphens(s string) bool {
	if i := strings.IndexAny(s, " \t\r\n"); i >= 0 {
		s = s[:i]
	}
	if strings.ContainsRune(s, '\u00AD') || strings.Contains(s, "://") || strings.HasPrefix(s, "www.") ||
		strings.ContainsRune(s, '@') || strings.ContainsRune(s, '\\') {
		return true
	}
	// an inner dot or slash between letters: example.org, a/b/c
	for i := 1; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '/') && isASCIILetter(s[i-1]) && isASCIILetter(s[i+1]) {
			return true
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// addWord adds a fragment, with hyphenation points when a hyphenator is
// set and the fragment is a word of letters with, perhaps, punctuation
// around it.
func (b *Builder) addWord(text string, face *Face, style int32) {
	if b.Hyphenate == nil || b.tokNoHyph || len(text) < 5 {
		b.addFrag(text, face, style)
		return
	}
	// The word is the letters between leading and trailing punctuation.
	lead := strings.IndexFunc(text, unicode.IsLetter)
	if lead < 0 {
		b.addFrag(text, face, style)
		return
	}
	end := strings.LastIndexFunc(text, unicode.IsLetter)
	_, n := utf8.DecodeRuneInString(text[end:])
	end += n
	for _, r := range text[:lead] {
		if unicode.IsDigit(r) || r == '@' || r == '#' || r == '_' || r == '\\' {
			b.addFrag(text, face, style)
			return
		}
	}
	for _, r := range text[end:] {
		if unicode.IsDigit(r) || unicode.IsLetter(r) || r == '@' || r == '_' || r == '\\' {
			b.addFrag(text, face, style)
			return
		}
	}
	core := text[lead:end]
	if utf8.RuneCountInString(core) < 5 || !allLetters(core) {
		b.addFrag(text, face, style)
		return
	}
	points := b.Hyphenate(core)
	if len(points) == 0 {
		b.addFrag(text, face, style)
		return
	}
	if lead > 0 {
		shift := utf8.RuneCountInString(text[:lead])
		shifted := make([]int, len(points))
		for i, p := range points {
			shifted[i] = p + shift
		}
		points = shifted
	}
	st := &b.Styles[style]
	hyph := face.Width("-", st.Size)
	if !face.Has('-') {
		hyph = 0
	}
	ri, start, pi := 0, 0, 0
	for bi := range text {
		for pi < len(points) && points[pi] < ri {
			pi++
		}
		if pi < len(points) && points[pi] == ri && bi > start && bi < end {
			b.addFrag(text[start:bi], face, style)
			b.Frags = append(b.Frags, Frag{Text: "-", Face: face, Style: style, Width: hyph, Level: b.level})
			b.Items = append(b.Items, Item{Kind: Penalty, Penalty: 50, Flagged: true, Auto: true, Width: hyph, Frag: int32(len(b.Frags) - 1)})
			start = bi
		}
		ri++
	}
	b.addFrag(text[start:], face, style)
}

// hyphenates reports whether a word may be broken with a hyphen next to
// r: a letter of an alphabet that hyphenates (Latin, Greek, Cyrillic).
func hyphenates(r rune) bool {
	return unicode.IsLetter(r) && (r < 0x250 || unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic))
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func (b *Builder) addFrag(text string, face *Face, style int32) {
	st := &b.Styles[style]
	b.Frags = append(b.Frags, Frag{Text: text, Face: face, Style: style, Width: face.Width(text, st.Size), Level: b.level})
	b.Items = append(b.Items, Item{Kind: Box, Width: b.Frags[len(b.Frags)-1].Width, Frag: int32(len(b.Frags) - 1)})
}

// hyphenPoint adds a flagged penalty that draws a hyphen when taken.
func (b *Builder) hyphenPoint(style int32, pen float64, flagged bool) {
	st := &b.Styles[style]
	b.Frags = append(b.Frags, Frag{Text: "-", Face: st.Face, Style: style, Width: st.Face.Width("-", st.Size)})
	b.Items = append(b.Items, Item{Kind: Penalty, Penalty: pen, Flagged: flagged, Width: b.Frags[len(b.Frags)-1].Width, Frag: int32(len(b.Frags) - 1)})
}

// LineBreak adds a forced line break.
func (b *Builder) LineBreak() {
	b.trimGlue()
	if len(b.Items) == 0 {
		return
	}
	b.Items = append(b.Items, Item{Kind: Glue, Stretch: math.Inf(1), Frag: -1}, Item{Kind: Penalty, Penalty: -Inf, Frag: -1})
}

func (b *Builder) trimGlue() {
	for len(b.Items) > 0 && b.Items[len(b.Items)-1].Kind == Glue {
		b.Items = b.Items[:len(b.Items)-1]
	}
}

// Finish ends the paragraph. Any run of boxes with no break point that is
// wider than maxWidth is given emergency break points between its
// characters, so that no line need overflow a measure of maxWidth.
func (b *Builder) Finish(maxWidth float64) {
	b.trimGlue()
	b.Items = append(b.Items, Item{Kind: Glue, Stretch: math.Inf(1), Frag: -1}, Item{Kind: Penalty, Penalty: -Inf, Frag: -1})
	b.ensureBreakable(maxWidth)
}

// Empty reports whether the paragraph has nothing to draw.
func (b *Builder) Empty() bool {
	for _, it := range b.Items {
		if it.Kind == Box {
			return false
		}
	}
	return true
}

func (b *Builder) ensureBreakable(maxWidth float64) {
	if maxWidth <= 0 {
		return
	}
	var out []Item
	runStart, runW := 0, 0.0
	changed := false
	for i := 0; i <= len(b.Items); i++ {
		if i < len(b.Items) && b.Items[i].Kind == Box {
			runW += b.Items[i].Width
			continue
		}
		if runW > maxWidth+eps {
			if !changed {
				out = append(make([]Item, 0, len(b.Items)+64), b.Items[:runStart]...)
				changed = true
			}
			out = b.splitRun(out, b.Items[runStart:i])
		} else if changed {
			out = append(out, b.Items[runStart:i]...)
		}
		if i < len(b.Items) && changed {
			out = append(out, b.Items[i])
		}
		runStart, runW = i+1, 0
	}
	if changed {
		b.Items = out
	}
}

// splitRun breaks boxes into one box per character, with break points
// between them: cheap after URL punctuation, dear elsewhere, and drawing
// a hyphen between two letters of a word.
func (b *Builder) splitRun(out []Item, run []Item) []Item {
	first := true
	var prev rune
	for _, it := range run {
		if it.Frag < 0 {
			out = append(out, it)
			continue
		}
		fr := b.Frags[it.Frag]
		st := &b.Styles[fr.Style]
		text := fr.Text
		// Words are broken with a hyphen; code, addresses and the like
		// without.
		hyph := !st.NoHyphens && fr.Face.Has('-') && !strings.ContainsAny(text, "/.:@\\_=&?#") && !noHyphens(text)
		hyphW := fr.Face.Width("-", st.Size)
		for len(text) > 0 {
			r, n := utf8.DecodeRuneInString(text)
			// keep combining marks with their base
			for n < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[n:])
				if !unicode.Is(unicode.Mn, r2) {
					break
				}
				n += n2
			}
			if !first {
				if hyph && hyphenates(prev) && hyphenates(r) {
					// inside a word: break with a hyphen
					b.Frags = append(b.Frags, Frag{Text: "-", Face: fr.Face, Style: fr.Style, Width: hyphW, Level: fr.Level})
					out = append(out, Item{Kind: Penalty, Penalty: 900, Flagged: true, Emergency: true, Width: hyphW, Frag: int32(len(b.Frags) - 1)})
				} else {
					out = append(out, Item{Kind: Penalty, Penalty: 900, Frag: -1})
				}
			}
			prev = r
			first = false
			piece := text[:n]
			text = text[n:]
			b.Frags = append(b.Frags, Frag{Text: piece, Face: fr.Face, Style: fr.Style, Width: fr.Face.Width(piece, st.Size), Level: fr.Level})
			out = append(out, Item{Kind: Box, Width: b.Frags[len(b.Frags)-1].Width, Frag: int32(len(b.Frags) - 1)})
			if strings.ContainsRune("/.-_?&=#:", r) && len(out) >= 2 {
				// a cheaper break after URL punctuation
				out = append(out, Item{Kind: Penalty, Penalty: 20, Frag: -1})
				first = true
			}
		}
	}
	return out
}

// Placed is a fragment at a position on a line.
type Placed struct {
	X    float64
	Frag *Frag
	// Text is the fragment's text in drawing order (reversed for
	// right-to-left text).
	Text string
}

// Align is how lines sit in their measure.
type Align uint8

// Alignments.
const (
	AlignLeft Align = iota
	AlignJustify
	AlignCenter
	AlignRight
)

// PlaceLine calls fn for every fragment of a line, with its x offset from
// the start of the measure, from left to right. Right-to-left runs are
// reordered for display; in a right-to-left paragraph ragged lines are
// set flush right, and so is the last line of a justified one.
func (b *Builder) PlaceLine(l Line, align Align, fn func(Placed)) {
	x := 0.0
	ratio := l.Ratio
	if b.RTL {
		switch align {
		case AlignLeft:
			align = AlignRight
		case AlignRight:
			align = AlignLeft
		}
	}
	switch align {
	case AlignJustify:
		if l.Last && ratio > 0 {
			ratio = 0
		}
		if l.Last && b.RTL && ratio == 0 {
			x = max(l.Measure-l.Width, 0)
		}
	default:
		if ratio > 0 {
			ratio = 0
		}
		slack := l.Measure - l.Width
		if ratio < 0 {
			slack = 0
		}
		switch align {
		case AlignCenter:
			x = max(slack/2, 0)
		case AlignRight:
			x = max(slack, 0)
		}
	}
	type el struct {
		w     float64
		frag  int32
		level int
	}
	els := make([]el, 0, l.End-l.Start+1)
	mixed := b.RTL
	for i := l.Start; i < l.End && i < len(b.Items); i++ {
		it := &b.Items[i]
		switch it.Kind {
		case Box:
			lv := -1
			if it.Frag >= 0 {
				lv = int(b.Frags[it.Frag].Level)
				mixed = mixed || lv != 0
			}
			els = append(els, el{it.Width, it.Frag, lv})
		case Glue:
			w := it.Width
			if ratio > 0 && !math.IsInf(it.Stretch, 1) {
				w += ratio * it.Stretch
			} else if ratio < 0 {
				w += ratio * it.Shrink
			}
			els = append(els, el{w, -1, -1})
		}
	}
	if l.End < len(b.Items) {
		if it := &b.Items[l.End]; it.Kind == Penalty && it.Frag >= 0 {
			els = append(els, el{b.Frags[it.Frag].Width, it.Frag, -2})
		}
	}
	if mixed {
		reorder(els, int(b.baseLevel()), func(e *el) *int { return &e.level })
	}
	for _, e := range els {
		if e.frag >= 0 {
			fr := &b.Frags[e.frag]
			text := fr.Text
			if mixed {
				text = visual(text, uint8(max(e.level, 0)))
			}
			fn(Placed{X: x, Frag: fr, Text: text})
		}
		x += e.w
	}
}

// reorder resolves the levels of a line's pieces that have none (spaces
// take the lower level of their neighbours, a hyphen the level of what it
// follows) and puts them in display order (rule L2 of the bidi algorithm).
func reorder[E any](els []E, base int, level func(*E) *int) {
	n := len(els)
	prev := base
	for i := range els {
		lv := level(&els[i])
		switch {
		case *lv >= 0:
			prev = *lv
		case *lv == -2:
			*lv = prev
		default:
			next := base
			for j := i + 1; j < n; j++ {
				if l := *level(&els[j]); l >= 0 {
					next = l
					break
				}
			}
			if i == 0 {
				prev = base
			}
			*lv = max(min(prev, next), base)
		}
	}
	hi, lowOdd := 0, 1<<30
	for i := range els {
		l := *level(&els[i])
		hi = max(hi, l)
		if l%2 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for lv := hi; lv >= lowOdd && lv > 0; lv-- {
		for i := 0; i < n; {
			if *level(&els[i]) < lv {
				i++
				continue
			}
			j := i
			for j < n && *level(&els[j]) >= lv {
				j++
			}
			for a, z := i, j-1; a < z; a, z = a+1, z-1 {
				els[a], els[z] = els[z], els[a]
			}
			i = j
		}
	}
}
