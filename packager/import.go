package packager

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/offprint/offprint/packager/internal/importer"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// ImportFile reads one article file of fsys with its importer, exactly as
// Load does for an edition: the same importers, the same checks on size
// and encoding. file is a path in fsys.
func ImportFile(fsys fs.FS, file string) (*model.Article, []model.Diagnostic, error) {
	return importFile(fsys, file)
}

// Imported is an article turned into a Markdown article by ImportArticle:
// the Markdown to write as Slug + ".md" and the pictures to copy beside
// it.
type Imported struct {
	// Article is the article as imported, its pictures' Src rewritten
	// to where they are copied.
	Article *model.Article
	// Diags are the importer's warnings, and those about pictures that
	// could not be copied.
	Diags []model.Diagnostic
	// Slug names the Markdown file: from the file's name, else from the
	// article's title.
	Slug     string
	Markdown []byte
	// Images are the local pictures the article shows, to be copied with
	// it; the Markdown refers to them by their To path.
	Images []ImportedImage
	// FS, when set, is the file system Images are read from instead of
	// the one imported from: it holds the pictures of a container.
	FS fs.FS
}

// ImportedImage is a picture to copy: From is its path in the source
// folder, To its path relative to the Markdown file
// ("images/SLUG/NAME").
type ImportedImage struct {
	From, To string
}

// ImportArticle imports one article file (.html, .htm, .txt or .md) with
// the importer Load uses and writes it as Markdown with front matter. Its
// local pictures that exist in fsys are renamed into images/SLUG/; remote
// pictures keep their addresses and missing ones their reference (with a
// warning). Nothing is written: the caller writes Markdown and copies
// Images.
func ImportArticle(fsys fs.FS, file string) (*Imported, error) {
	a, diags, err := ImportFile(fsys, file)
	if err != nil {
		return nil, err
	}
	slug := present.SlugWords(strings.TrimSuffix(path.Base(file), path.Ext(file)), 60)
	if slug == "" {
		slug = present.SlugWords(a.Title, 60)
	}
	return importedOf(fsys, a, diags, slug), nil
}

// importedOf turns an imported article into Markdown named slug, its
// local pictures (found in fsys) renamed into images/SLUG/.
func importedOf(fsys fs.FS, a *model.Article, diags []model.Diagnostic, slug string) *Imported {
	file := a.File
	im := &Imported{Article: a, Diags: diags, Slug: slug}
	if im.Slug == "" {
		im.Slug = "article"
	}
	names := map[string]string{} // source path → name given
	used := map[string]bool{}
	for _, f := range a.Figures() {
		if f.Image == nil {
			continue
		}
		rel, ok := LocalRef(f.Image.Src)
		if !ok {
			continue
		}
		from := path.Join(path.Dir(file), rel)
		if !fs.ValidPath(from) {
			im.Diags = append(im.Diags, model.Warnf("outside-image", file, f.Line, "picture %s is outside the folder it is imported from and is not copied", f.Image.Src))
			continue
		}
		if st, err := fs.Stat(fsys, from); err != nil || st.IsDir() {
			im.Diags = append(im.Diags, model.Warnf("missing-image", file, f.Line, "picture %s not found; its reference is kept as it is", f.Image.Src).
				WithHint("save the picture next to the page, or fix the reference in the Markdown"))
			continue
		}
		name, seen := names[from]
		if !seen {
			name = imageName(path.Base(from), used)
			names[from] = name
			im.Images = append(im.Images, ImportedImage{From: from, To: "images/" + im.Slug + "/" + name})
		}
		f.Image = &model.Image{Src: "images/" + im.Slug + "/" + name}
	}
	im.Markdown = importer.FormatMarkdown(a)
	return im
}

// LocalRef returns the path a picture reference names relative to its
// article's folder (unescaped, without query or fragment), and whether
// it is a local file at all: web addresses, data and absolute paths are
// not.
func LocalRef(src string) (string, bool) {
	ref := strings.TrimSpace(src)
	if ref == "" || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, `\`) || len(ref) > 1 && ref[1] == ':' {
		return "", false
	}
	if u, err := url.Parse(ref); err == nil && (u.Scheme != "" || u.Host != "") {
		return "", false
	}
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	if p, err := url.PathUnescape(ref); err == nil {
		ref = p
	}
	ref = path.Clean(strings.ReplaceAll(ref, `\`, "/"))
	if ref == "." {
		return "", false
	}
	return ref, true
}

// imageName makes a file name safe to write and to refer to from
// Markdown (letters, digits, "-", "_" and "."), unique among used.
func imageName(base string, used map[string]bool) string {
	ext := strings.ToLower(path.Ext(base))
	stem := present.SlugWords(strings.TrimSuffix(base, path.Ext(base)), 60)
	if stem == "" {
		stem = "picture"
	}
	if len(ext) > 6 || strings.ContainsFunc(ext[min(1, len(ext)):], func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) {
		ext = ""
	}
	name := stem + ext
	for n := 2; used[name]; n++ {
		name = fmt.Sprintf("%s-%d%s", stem, n, ext)
	}
	used[name] = true
	return name
}

// ArticleExtensions lists the file extensions that hold articles.
var ArticleExtensions = importer.Extensions

// IsArticle reports whether a file name has an article extension, or is
// a container of pages (MHTML, WARC, WACZ, feed, export).
func IsArticle(name string) bool { return importer.IsArticle(name) || isContainerName(name) }
