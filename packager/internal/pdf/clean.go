package pdf

import "github.com/offprint/offprint/packager/model"

// cleanEdition returns the edition without nil sections, articles or
// blocks (typed nil pointers included), so that the layout code can trust
// every pointer. It copies only what it changes.
func cleanEdition(ed *model.Edition) *model.Edition {
	out := *ed
	out.Sections = make([]*model.Section, 0, len(ed.Sections))
	for _, s := range ed.Sections {
		if s == nil {
			continue
		}
		sc := *s
		sc.Articles = make([]*model.Article, 0, len(s.Articles))
		for _, a := range s.Articles {
			if a == nil {
				continue
			}
			blocks, changed := cleanBlocks(a.Blocks)
			notes := a.Footnotes
			for i, fn := range a.Footnotes {
				if nb, ch := cleanBlocks(fn.Blocks); ch {
					if !changed && &notes[0] == &a.Footnotes[0] {
						notes = append([]model.Footnote(nil), a.Footnotes...)
					}
					notes[i].Blocks = nb
					changed = true
				}
			}
			if changed {
				ac := *a
				ac.Blocks, ac.Footnotes = blocks, notes
				a = &ac
			}
			sc.Articles = append(sc.Articles, a)
		}
		out.Sections = append(out.Sections, &sc)
	}
	return &out
}

// cleanBlocks drops nil blocks at any depth; changed reports whether the
// result differs from bs.
func cleanBlocks(bs []model.Block) ([]model.Block, bool) {
	var out []model.Block
	changed := false
	for i, b := range bs {
		nb, ok := cleanBlock(b)
		if !ok || nb != b {
			if !changed {
				out = append(make([]model.Block, 0, len(bs)), bs[:i]...)
				changed = true
			}
			if ok {
				out = append(out, nb)
			}
			continue
		}
		if changed {
			out = append(out, b)
		}
	}
	if !changed {
		return bs, false
	}
	return out, true
}

// cleanBlock returns b, or a copy without nil children; ok is false when b
// is nil.
func cleanBlock(b model.Block) (model.Block, bool) {
	switch v := b.(type) {
	case nil:
		return nil, false
	case *model.Paragraph:
		return b, v != nil
	case *model.Heading:
		return b, v != nil
	case *model.CodeBlock:
		return b, v != nil
	case *model.Table:
		return b, v != nil
	case *model.Figure:
		return b, v != nil
	case *model.Rule:
		return b, v != nil
	case *model.Quote:
		if v == nil {
			return nil, false
		}
		if nb, ch := cleanBlocks(v.Blocks); ch {
			return &model.Quote{Blocks: nb}, true
		}
		return b, true
	case *model.Aside:
		if v == nil {
			return nil, false
		}
		if nb, ch := cleanBlocks(v.Blocks); ch {
			return &model.Aside{Kind: v.Kind, Title: v.Title, Blocks: nb}, true
		}
		return b, true
	case *model.List:
		if v == nil {
			return nil, false
		}
		var items []model.ListItem
		for i, it := range v.Items {
			if nb, ch := cleanBlocks(it.Blocks); ch {
				if items == nil {
					items = append([]model.ListItem(nil), v.Items...)
				}
				items[i].Blocks = nb
			}
		}
		if items != nil {
			lc := *v
			lc.Items = items
			return &lc, true
		}
		return b, true
	}
	return b, true
}
