package importer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/offprint/offprint/packager/model"
)

// Text imports scraped plain text (.txt): optional YAML front matter, then
// paragraphs separated by blank lines. Without a title in the front
// matter, the first line is the title when it reads like one; else the
// title is made from the first sentence, with a warning.
//
// Lines are recognised for what sites leave in copied text: a line that
// ends with a picture's credit ("… Credit: AP", "… (AP Photo/Jo Ng)") is a
// figure without a picture; a copyright line ("© 2020 Manyika Review")
// becomes the article's copyright; share, comment and subscribe widgets
// and similar boilerplate lines are dropped. Only whole lines are
// recognised, never text inside a paragraph. Paragraphs are kept word for
// word: the lines of a paragraph are joined with a space, and only white
// space at their ends is trimmed.
type Text struct{}

// Limits of what reads like a title line.
const (
	maxTitleRunes = 120
	maxTitleWords = 16
)

// txtLine is one non-blank line of a text article.
type txtLine struct {
	text string // trimmed at both ends
	line int    // in the file
}

// txtBlock is what a run of lines becomes: a paragraph (its lines) or a
// figure.
type txtBlock struct {
	lines []txtLine
	fig   *model.Figure
}

// Import reads a text article.
func (Text) Import(file string, src []byte) (*model.Article, []model.Diagnostic, error) {
	a, body, bodyLine, warns, err := ReadFrontMatter(file, src)
	if err != nil {
		return nil, nil, err
	}
	tagged := len(a.Tags) > 0 // front matter tags win over a Tags: line
	body = cleanBody(body)

	// Blocks of lines between blank lines.
	var groups [][]txtLine
	var cur []txtLine
	for i, l := range strings.Split(string(body), "\n") {
		t := strings.TrimFunc(l, unicode.IsSpace)
		if t == "" {
			if cur != nil {
				groups = append(groups, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, txtLine{text: t, line: bodyLine + i + 1})
	}
	if cur != nil {
		groups = append(groups, cur)
	}

	var copyright []string
	var blocks []*txtBlock
	for _, g := range groups {
		var para *txtBlock
		endPara := func() {
			if para != nil {
				blocks = append(blocks, para)
				para = nil
			}
		}
		for i := 0; i < len(g); i++ {
			l := g[i]
			next := ""
			if i+1 < len(g) {
				next = g[i+1].text
			}
			switch {
			case isCopyrightLine(l.text):
				endPara()
				copyright = append(copyright, l.text)
				continue
			case isRightsReserved(l.text):
				endPara()
				if k := len(copyright); k > 0 && i > 0 && g[i-1].text == copyright[k-1] {
					copyright[k-1] += " " + l.text
				}
				continue
			case isRelatedHeader(l.text):
				endPara()
				// The headlines listed under it go with it.
				j := i + 1
				for j < len(g) && isHeadlineLike(g[j].text) {
					j++
				}
				if j == len(g) {
					i = j
				}
				continue
			case isBoilerplate(l.text):
				endPara()
				continue
			}
			if tags, ok := tagLine(l.text); ok {
				endPara()
				if !tagged {
					a.Tags = mergeUnique(a.Tags, tags)
				}
				continue
			}
			if fig := captionLine(l, next); fig != nil {
				endPara()
				blocks = append(blocks, &txtBlock{fig: fig})
				continue
			}
			if para == nil {
				para = &txtBlock{}
			}
			para.lines = append(para.lines, l)
		}
		endPara()
	}
	// "Read more: …" lines at the end.
	for len(blocks) > 0 {
		last := blocks[len(blocks)-1]
		if last.fig != nil || len(last.lines) != 1 || !isReadMore(last.lines[0].text) {
			break
		}
		blocks = blocks[:len(blocks)-1]
	}
	if a.Copyright == "" && len(copyright) > 0 {
		a.Copyright = joinCredits(copyright...)
	}

	var diags []model.Diagnostic
	diags = append(diags, warns...)
	blocks, diags = txtTitle(a, file, blocks, diags)
	blocks = txtByline(a, blocks)

	for _, b := range blocks {
		if b.fig != nil {
			a.Blocks = append(a.Blocks, b.fig)
			continue
		}
		if len(b.lines) == 0 {
			continue
		}
		texts := make([]string, len(b.lines))
		for i, l := range b.lines {
			texts[i] = l.text
		}
		a.Blocks = append(a.Blocks, &model.Paragraph{Spans: []model.Span{{Text: strings.Join(texts, " ")}}})
	}
	return a, diags, nil
}

// txtTitle gives the article its title when the front matter did not:
// the first line when it reads like a title (it then leaves the body),
// else the first sentence, with a warning. A first line that repeats the
// front matter's title leaves the body.
func txtTitle(a *model.Article, file string, blocks []*txtBlock, diags []model.Diagnostic) ([]*txtBlock, []model.Diagnostic) {
	if len(blocks) == 0 || blocks[0].fig != nil {
		if a.Title == "" {
			for _, b := range blocks {
				if b.fig == nil && len(b.lines) > 0 {
					return blocks, append(diags, sentenceTitle(a, file, b))
				}
			}
		}
		return blocks, diags
	}
	first := blocks[0]
	l := first.lines[0]
	next := ""
	if len(first.lines) > 1 {
		next = first.lines[1].text
	}
	switch {
	case a.Title != "":
		if !strings.EqualFold(collapseSpace(l.text), collapseSpace(a.Title)) {
			return blocks, diags
		}
	case isTitleLine(l.text, next):
		a.Title = l.text
	default:
		return blocks, append(diags, sentenceTitle(a, file, first))
	}
	first.lines = first.lines[1:]
	if len(first.lines) == 0 {
		blocks = blocks[1:]
	}
	return blocks, diags
}

// rxTextByline matches a byline line: "By Jane Doe and John Roe".
var rxTextByline = regexp.MustCompile(`^(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by)\s*:?\s+\p{Lu}`)

// txtByline takes the authors from a byline line ("By Jane Doe") at the
// top of the text, when the front matter names none.
func txtByline(a *model.Article, blocks []*txtBlock) []*txtBlock {
	if len(a.Authors) > 0 || len(blocks) == 0 || blocks[0].fig != nil || len(blocks[0].lines) == 0 {
		return blocks
	}
	l := blocks[0].lines[0].text
	if utf8.RuneCountInString(l) > 80 || len(strings.Fields(l)) > 10 || !rxTextByline.MatchString(l) || strings.HasSuffix(l, ".") {
		return blocks
	}
	names := bylineNames(l, "")
	if len(names) == 0 {
		return blocks
	}
	a.Authors = names
	blocks[0].lines = blocks[0].lines[1:]
	if len(blocks[0].lines) == 0 {
		blocks = blocks[1:]
	}
	return blocks
}

// sentenceTitle titles an article by the first sentence of a paragraph
// and returns the warning that says so.
func sentenceTitle(a *model.Article, file string, b *txtBlock) model.Diagnostic {
	var texts []string
	for _, l := range b.lines {
		texts = append(texts, l.text)
	}
	a.Title = titleFromSentence(firstSentence(collapseSpace(strings.Join(texts, " "))))
	return model.Warnf("txt-title", file, b.lines[0].line, "the first line does not read like a title; the title %q is made from the first sentence", a.Title).
		WithHint(`give the article a title in front matter at the top of the file: a line "---", a line "title: …" and a line "---"`)
}

// isTitleLine reports whether a first line reads like a title: short, no
// final period or comma, and not the first line of a wrapped paragraph
// (next, the line after it in the same paragraph, starts in lowercase).
func isTitleLine(s, next string) bool {
	if utf8.RuneCountInString(s) > maxTitleRunes || len(strings.Fields(s)) > maxTitleWords {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(".,;:-–", last) && !strings.HasSuffix(s, "...") {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(next); next != "" && unicode.IsLower(r) {
		return false
	}
	return true
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "sen": true,
	"rep": true, "gov": true, "lt": true, "col": true, "capt": true, "sgt": true, "maj": true,
	"st": true, "jr": true, "sr": true, "inc": true, "ltd": true, "co": true, "corp": true,
	"vs": true, "etc": true, "no": true, "fig": true, "vol": true, "pp": true, "ed": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "rev": true, "hon": true,
	"est": true, "approx": true, "dept": true, "univ": true, "mt": true, "ft": true, "pres": true,
}

// firstSentence returns the first sentence of s: up to a ".", "!" or "?"
// followed by a space and a capital letter, a digit or a quote, where the
// word before a period is not an abbreviation or an initial.
func firstSentence(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(s) && strings.ContainsRune(`"”’')`, rune(s[j])) {
			j++
		}
		if j < len(s) && s[j] == 0xe2 { // closing curly quotes
			for _, q := range []string{"”", "’"} {
				if strings.HasPrefix(s[j:], q) {
					j += len(q)
				}
			}
		}
		if j >= len(s) {
			return s
		}
		if r, _ := utf8.DecodeRuneInString(s[j:]); !unicode.IsSpace(r) {
			continue
		}
		k := j
		for k < len(s) {
			r, w := utf8.DecodeRuneInString(s[k:])
			if !unicode.IsSpace(r) {
				break
			}
			k += w
		}
		if k >= len(s) {
			return s[:j]
		}
		r, _ := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune(`"“‘'`, r) {
			continue
		}
		if c == '.' {
			w := s[:i]
			if sp := strings.LastIndexFunc(w, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`("“`, r) }); sp >= 0 {
				_, n := utf8.DecodeRuneInString(w[sp:])
				w = w[sp+n:]
			}
			if utf8.RuneCountInString(w) == 1 || strings.Contains(w, ".") || abbreviations[strings.ToLower(w)] {
				continue
			}
		}
		return s[:j]
	}
	return s
}

// titleFromSentence makes a title of a sentence: its final period
// dropped, and when it is long, cut at a clause boundary or a word with
// an ellipsis.
func titleFromSentence(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "...") {
		s = strings.TrimSpace(strings.TrimSuffix(s, "."))
	}
	if utf8.RuneCountInString(s) <= maxTitleRunes {
		return s
	}
	limit := 0 // byte offset of the maxTitleRunes'th rune
	for i := range s {
		if limit == maxTitleRunes {
			limit = i
			break
		}
		limit++
	}
	head := s[:limit]
	best := -1
	for _, sep := range []string{", ", "; ", " – ", " — ", ": "} {
		if i := strings.LastIndex(head, sep); i > best {
			best = i
		}
	}
	if best >= 40 {
		return strings.TrimSpace(head[:best]) + "…"
	}
	if i := strings.LastIndexByte(head[:len(head)-len("…")], ' '); i > 0 {
		return strings.TrimSpace(head[:i]) + "…"
	}
	return head + "…"
}

// captionLine returns a figure without a picture for a line that ends
// with a picture's credit (next is the following line of the paragraph,
// "" when there is none), or nil. A caption is short, its credit shorter
// and capitalised; a line whose paragraph goes on in lowercase is not a
// caption but wrapped text.
func captionLine(l txtLine, next string) *model.Figure {
	if utf8.RuneCountInString(l.text) > 400 {
		return nil
	}
	if r, _ := utf8.DecodeRuneInString(next); next != "" && unicode.IsLower(r) {
		return nil
	}
	rest, credit := cutCredit(l.text)
	if credit == "" || rest == "" {
		return nil
	}
	if hasFoldPrefix(credit, "source") || utf8.RuneCountInString(credit) > 80 || len(strings.Fields(credit)) > 10 || len(strings.Fields(rest)) > 80 {
		return nil
	}
	// What follows the prefix names someone: a capital, a digit or ©.
	n, _, _ := matchCreditPrefix(credit)
	after := strings.TrimLeft(credit[n:], " :")
	if r, _ := utf8.DecodeRuneInString(after); !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '©' {
		return nil
	}
	return &model.Figure{Caption: []model.Span{{Text: rest}}, Alt: rest, Credit: credit, Line: l.line}
}

var (
	rxCopyright      = regexp.MustCompile(`(?i)^(©|\(c\)\s*\d|copyright\s*(:\s*)?(©|\(c\)|\d{4}))`)
	rxRightsReserved = regexp.MustCompile(`(?i)^all rights reserved\.?$`)
	rxRelated        = regexp.MustCompile(`(?i)^(related( posts| articles| stories| content| news| reading| coverage)?|you (may|might) also (like|enjoy)|recommended( for you| stories)?|more stories|trending( now)?|most (read|popular|viewed))\s*:?$`)
	rxReadMore       = regexp.MustCompile(`(?i)^(read more|read also|also read|see also|more on this( story)?|read next|continue reading)\b`)
	rxTags           = regexp.MustCompile(`(?i)^(tags|tagged|tagged with|filed under|topics)\s*:\s*(.+)$`)
	rxBoilerplate    = regexp.MustCompile(`(?i)^(` + strings.Join([]string{
		`facebook comments( box| plugin)?`,
		`(share|sharing)( this( article| story| post| page)?)?( on| via)?( facebook| twitter| x| whatsapp| email| linkedin| reddit)?\s*[:!.]?`,
		`share on .{1,40}`,
		`click to (share|email|print|tweet|pin|like)\b.*`,
		`like this\s*:?`,
		`like loading(\.\.\.|…)?`,
		`loading(\.\.\.|…)?`,
		`subscribe\b.*`,
		`sign up (for|to) (our|the) .{0,40}newsletters?.*`,
		`(get|join) our newsletter.*`,
		`leave a (comment|reply)\.?`,
		`(\d+ )?comments?\s*:?`,
		`no comments( yet)?\.?`,
		`(post|add|write) a comment`,
		`join the (conversation|discussion)`,
		`(view|show|load) (more )?comments`,
		`advertisement`, `advertising`, `sponsored( content)?`, `ad`,
		`story continues (below|after) (this )?advertisement`,
		`continue reading the main story`,
		`(tweet|pin it|pin|email|e-mail|print|whatsapp|reddit|linkedin|facebook|twitter|telegram|pinterest|copy link|copied)`,
		`follow us( on .{1,40})?\s*:?`,
		`skip to (main )?content`, `back to top`,
		`(print|email) this (article|story|page)`,
		`(previous|next) (post|article|story)\s*:?.{0,80}`,
		`photo gallery`, `watch video`, `listen to (this )?article`,
	}, "|") + `)$`)
)

// isCopyrightLine reports whether a line is a copyright notice: short and
// starting with ©, (c) and a year, or Copyright and a year or ©.
func isCopyrightLine(s string) bool {
	if utf8.RuneCountInString(s) > 200 || len(strings.Fields(s)) > 30 {
		return false
	}
	loc := rxCopyright.FindStringIndex(s)
	return loc != nil && hasWordAfter(strings.TrimPrefix(s[loc[0]:], "©"))
}

func isRightsReserved(s string) bool { return rxRightsReserved.MatchString(s) }

// isBoilerplate reports whether a whole line is a share, comment or
// subscribe widget, an advertisement label or the like.
func isBoilerplate(s string) bool {
	return utf8.RuneCountInString(s) <= 80 && rxBoilerplate.MatchString(s)
}

// isRelatedHeader reports whether a line heads a list of links to other
// stories ("Related posts", "You may also like").
func isRelatedHeader(s string) bool {
	return utf8.RuneCountInString(s) <= 40 && rxRelated.MatchString(s)
}

// isHeadlineLike reports whether a line could be a headline in a list of
// links: short, and not a sentence that ends with a period.
func isHeadlineLike(s string) bool {
	return utf8.RuneCountInString(s) <= maxTitleRunes && !strings.HasSuffix(s, ".")
}

// isReadMore reports whether a line points to another story ("Read more:
// …"); such lines are dropped at the end of an article.
func isReadMore(s string) bool {
	return utf8.RuneCountInString(s) <= 200 && rxReadMore.MatchString(s)
}

// tagLine reads a "Tags: a, b" line.
func tagLine(s string) ([]string, bool) {
	if utf8.RuneCountInString(s) > 200 {
		return nil, false
	}
	m := rxTags.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	var tags []string
	for _, t := range strings.FieldsFunc(m[2], func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '•' }) {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags, len(tags) > 0
}
