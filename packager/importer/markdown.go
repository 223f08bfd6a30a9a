package importer

import "github.com/offprint/offprint/packager/model"

// Markdown imports CommonMark + GFM articles with YAML front matter.
type Markdown struct{}

// Import parses a Markdown article.
func (Markdown) Import(file string, src []byte) (*model.Article, []model.Diagnostic, error) {
	fm, body, bodyLine, err := SplitFrontMatter(file, src)
	if err != nil {
		return nil, nil, err
	}
	meta, warns, err := ParseFrontMatter(file, fm)
	if err != nil {
		return nil, nil, err
	}
	a := &model.Article{File: file}
	meta.Apply(a)
	_ = body
	_ = bodyLine
	return a, warns, nil
}
