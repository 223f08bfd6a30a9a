package importer

import (
	"io/fs"
	"path"
	"strings"

	"github.com/offprint/offprint/packager/model"
)

// Importer turns the bytes of one article file into an article. file is the
// article's path in the edition folder, used in messages and to resolve
// relative references. Problems that let the article be used are returned as
// warnings; an error (a *model.Diagnostic naming file and line) means the
// article cannot be used.
type Importer interface {
	Import(file string, src []byte) (*model.Article, []model.Diagnostic, error)
}

// For returns the importer for a file name by its extension, or nil when
// the extension is not an article format.
func For(name string) Importer { return ForFS(nil, name) }

// ForFS is For for an article in a folder: files is the folder the
// article's path is relative to (the edition folder). The HTML importer
// looks up which of a picture's candidate files exist there; files may be
// nil.
func ForFS(files fs.FS, name string) Importer {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown":
		return Markdown{}
	case ".txt":
		return Text{}
	case ".html", ".htm":
		return HTML{Files: files}
	}
	return nil
}

// Extensions lists the file extensions that hold articles.
var Extensions = []string{".md", ".markdown", ".html", ".htm", ".txt"}

// IsArticle reports whether a file name has an article extension.
func IsArticle(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}
