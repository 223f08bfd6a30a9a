package pdf

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// printPages says where each composed page begins in the edition's text,
// for the EPUB to mark the printed page numbers. It reads the text the
// page sets first and finds it in the article's words, in order. It
// runs before the running heads and folios are added.
func (c *composer) printPages() []model.PageStart {
	out := make([]model.PageStart, len(c.pages))
	seenArticle := false
	var cur *model.Article
	var stream *wordStream
	for i, pi := range c.pages {
		ps := model.PageStart{Label: strconv.Itoa(i + 1), Block: -1}
		switch {
		case pi.art != nil:
			seenArticle = true
			if pi.art != cur {
				cur, stream = pi.art, newWordStream(pi.art)
			}
			ps.Article = cur.ID
			if !pi.opener {
				ps.Block, ps.Word = stream.find(pageText(pi))
			}
		case !seenArticle:
			ps.Part = "front"
		case pi.kind == kindBlank && cur != nil && i+1 < len(c.pages) && c.pages[i+1].art != nil:
			// A blank page between articles ends the one before it.
			ps.Article, ps.Block = cur.ID, len(cur.Blocks)
		default:
			ps.Part = "back"
		}
		out[i] = ps
	}
	return out
}

// pageText is the text a page sets first, in the order it is set:
// letters and digits only, lower case, without the hyphens that breaking
// lines added; alternatives skip what may not be in the words (a list's
// number, a note's, the labels of a chart).
func pageText(pi *pageInfo) [][]rune {
	var ops [][]rune
	for _, op := range pi.page.Ops {
		if op.Kind != typeset.OpText || op.Hyphen || op.Text == "" {
			continue
		}
		if t := letters(op.Text); len(t) > 0 {
			ops = append(ops, t)
		}
		if len(ops) >= 40 {
			break
		}
	}
	var alts [][]rune
	for skip := 0; skip < 12 && skip < len(ops); skip++ {
		var t []rune
		for _, o := range ops[skip:] {
			t = append(t, o...)
			if len(t) >= 32 {
				break
			}
		}
		alts = append(alts, t[:min(len(t), 32)])
	}
	return alts
}

// letters is s lower-cased, with its letters and digits only.
func letters(s string) []rune {
	var out []rune
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, r)
		}
	}
	return out
}

// wordStream is an article's words as letters, each letter knowing the
// block and word it belongs to, and how far the pages found so far are.
type wordStream struct {
	text     []rune
	block    []int
	word     []int
	cursor   int
	blocks   int
	blocksOf []model.Block
}

func newWordStream(a *model.Article) *wordStream {
	s := &wordStream{blocks: len(a.Blocks), blocksOf: a.Blocks}
	for bi, b := range a.Blocks {
		for wi, w := range model.BlockWords(b) {
			for _, r := range letters(w) {
				s.text = append(s.text, r)
				s.block = append(s.block, bi)
				s.word = append(s.word, wi)
			}
		}
	}
	return s
}

// find returns the block and word where the first of the alternatives
// that occurs after the pages found so far begins; after the last block
// when none does (the page begins with the notes or the attribution).
func (s *wordStream) find(alts [][]rune) (block, word int) {
	for _, want := range alts {
		if len(want) < 8 {
			continue
		}
		if i := index(s.text[s.cursor:], want); i >= 0 {
			at := s.cursor + i
			s.cursor = at + 1
			if _, fig := s.blocksOf[s.block[at]].(*model.Figure); fig {
				// A page that begins with a picture begins before it.
				return s.block[at], 0
			}
			return s.block[at], s.word[at]
		}
	}
	return s.blocks, 0
}

func index(text, want []rune) int {
	for i := 0; i+len(want) <= len(text); i++ {
		match := true
		for j, r := range want {
			if text[i+j] != r {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}
