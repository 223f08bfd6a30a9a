package model

import "strings"

// BlockWords returns the words of a block as the EPUB writes them, in
// order: the text of its paragraphs, headings, list items, quotes,
// callouts, table cells, code and captions, split at spaces. Callout
// titles, note numbers and credits are not counted.
func BlockWords(b Block) []string {
	var out []string
	spans := func(ss []Span) {
		var sb strings.Builder
		for _, s := range ss {
			switch s.Kind {
			case Break:
				sb.WriteByte(' ')
			case Text:
				sb.WriteString(s.Text)
			}
		}
		out = append(out, strings.Fields(sb.String())...)
	}
	var block func(b Block)
	blocks := func(bs []Block) {
		for _, b := range bs {
			block(b)
		}
	}
	block = func(b Block) {
		switch b := b.(type) {
		case *Paragraph:
			spans(b.Spans)
		case *Heading:
			spans(b.Spans)
		case *List:
			for _, it := range b.Items {
				blocks(it.Blocks)
			}
		case *CodeBlock:
			out = append(out, strings.Fields(b.Text)...)
		case *Quote:
			blocks(b.Blocks)
		case *Aside:
			blocks(b.Blocks)
		case *Table:
			for _, c := range b.Header {
				spans(c.Spans)
			}
			for _, r := range b.Rows {
				for _, c := range r {
					spans(c.Spans)
				}
			}
		case *Figure:
			spans(b.Caption)
		}
	}
	block(b)
	return out
}
