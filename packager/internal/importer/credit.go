package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/offprint/offprint/packager/model"
)

// A picture's credit is recognised by how it starts. Words must be followed
// by a colon ("Photo: Jane Doe"); "… by" phrases by a space ("Photo by Jane
// Doe"). Longer phrases come first so that they win.
var (
	creditColonWords = []string{
		"photo credits", "photo credit", "image credits", "image credit",
		"picture credits", "picture credit", "credits", "credit",
		"photographs", "photograph", "photography", "photos", "photo",
		"images", "image", "illustrations", "illustration", "sources", "source",
		// The same in other languages, for saved pages.
		"crédits photo", "crédit photo", "crédits", "crédit", "fotos", "foto", "bild",
		"imagen", "immagine", "تصوير", "الصورة", "صورة",
	}
	creditByWords = []string{
		"photographs by", "photograph by", "photography by", "photos by", "photo by",
		"images by", "image by", "illustrations by", "illustration by", "picture by",
	}
)

// isCredit reports whether text starts with a recognised credit prefix:
// "Credit:", "Credits:", "Photo:", "Photos:", "Photograph:", "Image:",
// "Illustration:", "Source:" (any case, also "Photo credit:" and "Photo by
// …", and the like in a few other languages: "Foto:", "Crédit :"), "©",
// "(c)" or "Copyright".
func isCredit(text string) bool {
	text = strings.TrimLeftFunc(text, unicode.IsSpace)
	n, _, _ := matchCreditPrefix(text)
	return n > 0 && hasWordAfter(text[n:])
}

// cutCredit separates a credit from text that may end with one (or with
// several, which are joined as joinCredits does). When text
// starts with a credit prefix, all of it is the credit. When a credit is
// appended after the text ("Protesters in Baghdad. Credit: AFP/GETTY",
// "Protesters in Baghdad (Photo: AFP)", "A harbour | © 2020 Jo Ng"), rest
// is the text before it, with separators ("|", "—") and the parentheses
// around the credit removed. The credit keeps its prefix as written. When
// there is no credit, rest is text and credit is "". White space is
// collapsed in both.
func cutCredit(text string) (rest, credit string) {
	text = collapseSpace(text)
	var credits []string
	for range maxCredits {
		end, cr, ok := findCredit(text)
		if !ok {
			break
		}
		credits = append([]string{cr}, credits...)
		text = text[:end]
	}
	return text, joinCredits(credits...)
}

// maxCredits bounds how many credits are cut from the end of one caption
// ("A boat (Photo: Jo Ng) Credit: AP" has two).
const maxCredits = 8

// splitCredit separates a picture's caption from its credit, given the
// caption (alt text, figcaption) and the picture's title. A credit appended
// to the caption is cut from it (see [cutCredit]). The title carries the
// credit: as written when it has no recognised prefix, but a title that
// only repeats the caption is not a credit, and a title that ends with a
// credit gives only that credit (its first part becomes the caption when
// the caption is empty). Two different credits are joined with "; ".
func splitCredit(caption, title string) (newCaption, credit string) {
	caption, c1 := cutCredit(caption)
	capt, c2 := titleCredit(caption, title)
	return capt, joinCredits(c1, c2)
}

// splitCreditSpans is [splitCredit] for a caption with inline styles: an
// appended credit is cut from the end of the spans.
func splitCreditSpans(caption []model.Span, title string) ([]model.Span, string) {
	var credits []string
	for range maxCredits {
		plain, offs := spanText(caption)
		end, cr, ok := findCredit(plain)
		if !ok {
			break
		}
		credits = append([]string{collapseSpace(cr)}, credits...)
		caption = cutSpans(caption, offs, end)
	}
	c1 := joinCredits(credits...)
	orig := model.PlainText(caption)
	capt, c2 := titleCredit(collapseSpace(orig), title)
	if len(caption) == 0 && capt != "" {
		caption = []model.Span{{Text: capt}}
	}
	return caption, joinCredits(c1, c2)
}

// titleCredit returns the credit a picture's title carries, and the caption
// (replaced from the title when empty).
func titleCredit(caption, title string) (string, string) {
	title = collapseSpace(title)
	if title == "" || strings.EqualFold(title, caption) {
		return caption, ""
	}
	end, cr, ok := findCredit(title)
	if !ok || end == 0 {
		return caption, title
	}
	if caption == "" {
		caption = title[:end]
	}
	return caption, cr
}

// joinCredits joins credits with "; ", leaving out empty ones and those
// another one already contains.
func joinCredits(credits ...string) string {
	var keep []string
outer:
	for _, c := range credits {
		c = collapseSpace(c)
		if c == "" {
			continue
		}
		lc := strings.ToLower(c)
		for i, k := range keep {
			lk := strings.ToLower(k)
			if strings.Contains(lk, lc) {
				continue outer
			}
			if strings.Contains(lc, lk) {
				keep[i] = c
				continue outer
			}
		}
		keep = append(keep, c)
	}
	return strings.Join(keep, "; ")
}

// findCredit finds the earliest credit in s that runs to its end. It
// returns where the text before the credit ends (separators trimmed) and
// the credit (enclosing parentheses removed).
func findCredit(s string) (end int, credit string, ok bool) {
	for i := 0; i < len(s); {
		if i == 0 || isCreditBoundary(s[i-1]) {
			if n, strong, paren := matchCreditPrefix(s[i:]); n > 0 && hasWordAfter(s[i+n:]) {
				if end, credit, ok := creditAt(s, i, strong, paren); ok {
					return end, credit, true
				}
			}
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return agencyCredit(s)
}

// agencyCredit finds a news agency's photo credit in parentheses at the
// end of s: "(AP Photo/Evan Vucci)", "(AP Photo/Evan Vucci, File)",
// "(Reuters Photo)". The agency is one to four capitalised words.
func agencyCredit(s string) (end int, credit string, ok bool) {
	t := strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '.' })
	if !strings.HasSuffix(t, ")") {
		return 0, "", false
	}
	open := strings.LastIndexByte(t, '(')
	if open < 0 || open > 0 && s[open-1] != ' ' {
		return 0, "", false
	}
	inner := strings.TrimSpace(t[open+1 : len(t)-1])
	if strings.ContainsAny(inner, "()") {
		return 0, "", false
	}
	agency, rest, found := strings.Cut(inner, "/")
	words := strings.Fields(agency)
	if len(words) < 2 || len(words) > 5 || found && strings.TrimSpace(rest) == "" {
		return 0, "", false
	}
	if last := strings.ToLower(words[len(words)-1]); last != "photo" && last != "photos" {
		return 0, "", false
	}
	for _, w := range words[:len(words)-1] {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return 0, "", false
		}
	}
	end = len(strings.TrimRightFunc(s[:open], func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|—–-/·•,;:", r)
	}))
	return end, collapseSpace(inner), true
}

func isCreditBoundary(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '(' || c == '['
}

// creditAt decides whether a credit prefix found at i starts a credit that
// ends the text: at the start, in parentheses at the end, after sentence
// punctuation or a separator, or (for a capitalised prefix or ©) after a
// plain space.
func creditAt(s string, i int, strong, paren bool) (int, string, bool) {
	credit := strings.TrimRightFunc(s[i:], unicode.IsSpace)
	before := s[:i]
	var closer byte
	if i > 0 && (s[i-1] == '(' || s[i-1] == '[') {
		closer = ')'
		if s[i-1] == '[' {
			closer = ']'
		}
		before = s[:i-1]
		c := strings.TrimRight(credit, ".")
		if !strings.HasSuffix(c, string(closer)) || strings.IndexByte(c, closer) != len(c)-1 && !paren {
			return 0, "", false
		}
		credit = strings.TrimSpace(c[:len(c)-1])
	}
	before = strings.TrimRightFunc(before, unicode.IsSpace)
	if before == "" {
		return 0, credit, true
	}
	last, _ := utf8.DecodeLastRuneInString(before)
	punct := strings.ContainsRune(".!?;:|—–-/·•)]\"”’»*", last)
	if !punct && closer == 0 && (!strong || paren) {
		return 0, "", false
	}
	end := len(strings.TrimRightFunc(before, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|—–-/·•,;:", r)
	}))
	return end, credit, true
}

// matchCreditPrefix reports the length of a credit prefix at the start of
// s (0 when there is none), whether it is strong enough to mark a credit
// after a plain space (capitalised words, ©), and whether it is "(c)".
func matchCreditPrefix(s string) (n int, strong, paren bool) {
	if strings.HasPrefix(s, "©") {
		return len("©"), true, false
	}
	if len(s) >= 3 && s[0] == '(' && (s[1] == 'c' || s[1] == 'C') && s[2] == ')' {
		if len(s) == 3 || s[3] == ' ' || s[3] >= '0' && s[3] <= '9' {
			return 3, false, true
		}
		return 0, false, false
	}
	upper := len(s) > 0 && s[0] >= 'A' && s[0] <= 'Z'
	if hasFoldPrefix(s, "copyright") {
		rest := s[len("copyright"):]
		if rest == "" || rest[0] == ' ' || rest[0] == ':' || rest[0] == '(' || rest[0] >= '0' && rest[0] <= '9' || strings.HasPrefix(rest, "©") {
			return len("copyright"), upper, false
		}
	}
	for _, w := range creditColonWords {
		if !hasFoldPrefix(s, w) {
			continue
		}
		j := len(w)
		for j < len(s) && s[j] == ' ' {
			j++
		}
		switch {
		case strings.HasPrefix(s[j:], ":"):
			return j + 1, upper, false
		case strings.HasPrefix(s[j:], "："):
			return j + len("："), upper, false
		}
	}
	for _, w := range creditByWords {
		if hasFoldPrefix(s, w) && len(s) > len(w) && s[len(w)] == ' ' {
			return len(w), upper, false
		}
	}
	return 0, false, false
}

// hasWordAfter reports whether s holds a letter or digit: a credit needs
// more than its prefix.
func hasWordAfter(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// spanText returns the text of spans as findCredit sees it (a line break
// is a space, a footnote reference nothing) and where each span starts in
// it.
func spanText(spans []model.Span) (string, []int) {
	var b strings.Builder
	offs := make([]int, len(spans))
	for i, s := range spans {
		offs[i] = b.Len()
		switch s.Kind {
		case model.Text:
			b.WriteString(s.Text)
		case model.Break:
			b.WriteByte(' ')
		}
	}
	return b.String(), offs
}

// cutSpans keeps the spans before offset end of their text, trimming
// white space and line breaks at the new end.
func cutSpans(spans []model.Span, offs []int, end int) []model.Span {
	var out []model.Span
	for i, s := range spans {
		if offs[i] >= end && !(s.Kind == model.NoteRef && offs[i] == end) {
			break
		}
		if s.Kind == model.Text && offs[i]+len(s.Text) > end {
			s.Text = s.Text[:end-offs[i]]
		}
		out = append(out, s)
	}
	for len(out) > 0 {
		last := &out[len(out)-1]
		if last.Kind == model.Break {
			out = out[:len(out)-1]
			continue
		}
		if last.Kind == model.Text {
			last.Text = strings.TrimRightFunc(last.Text, unicode.IsSpace)
			if last.Text == "" {
				out = out[:len(out)-1]
				continue
			}
		}
		break
	}
	return out
}
