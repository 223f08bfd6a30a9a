package importer

import (
	"path"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/offprint/offprint/packager/model"
)

// isBundleIndex reports whether a file is the text of a page bundle
// (folder/index.md, folder/index.html, as Hugo and Zola write them): the
// article is named after its folder and its pictures sit beside it.
func isBundleIndex(file string) bool {
	base := strings.ToLower(path.Base(file))
	ext := path.Ext(base)
	return strings.TrimSuffix(base, ext) == "index" && IsArticle(base)
}

// IsSectionPage reports whether a file is a Hugo section page (_index.md),
// which lists other pages and is never an article.
func IsSectionPage(file string) bool {
	base := strings.ToLower(path.Base(file))
	return strings.TrimSuffix(base, path.Ext(base)) == "_index"
}

// articleName returns the name an article file goes by: its base name
// without the extension, or the folder's name for a page bundle.
func articleName(file string) string {
	if isBundleIndex(file) {
		if d := path.Base(path.Dir(file)); d != "." && d != "/" {
			return d
		}
	}
	base := path.Base(file)
	return strings.TrimSuffix(base, path.Ext(base))
}

var (
	// rxNameDate is a Jekyll post name's date: 2024-11-06-title.
	rxNameDate = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[-_ ]+|$)`)
	// rxPathDate is a dated path: …/2024/11/28/….
	rxPathDate = regexp.MustCompile(`(?:^|/)(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)`)
)

// titleFromPath makes a title from an article's file name, or its page
// bundle's folder name, as Obsidian and Bear do: "Harbour notes.md" is
// "Harbour notes"; a slug such as 2024-11-06-the-long-road.md becomes
// "The long road".
func titleFromPath(file string) string {
	name := articleName(file)
	if m := rxNameDate.FindStringIndex(name); m != nil && m[1] < len(name) {
		name = name[m[1]:]
	}
	if !strings.ContainsRune(name, ' ') && strings.ContainsAny(name, "-_") {
		name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' }), " ")
	}
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		name = articleName(file)
	}
	if r, n := utf8.DecodeRuneInString(name); n > 0 && unicode.IsLower(r) {
		name = string(unicode.ToUpper(r)) + name[n:]
	}
	return name
}

// dateFromPath reads a date from an article's file or bundle folder name
// (2024-11-06-title.md, Jekyll's convention) or from a dated path
// (2024/11/28/title.md); it returns the zero time when there is none.
func dateFromPath(file string) time.Time {
	name := articleName(file)
	if m := rxNameDate.FindStringSubmatch(name); m != nil {
		if t, err := ParseDate(m[1] + "-" + m[2] + "-" + m[3]); err == nil {
			return t
		}
	}
	if m := rxPathDate.FindAllStringSubmatch(path.Dir(file)+"/", -1); m != nil {
		l := m[len(m)-1]
		if t, err := ParseDate(l[1] + "-" + l[2] + "-" + l[3]); err == nil {
			return t
		}
	}
	return time.Time{}
}

// FillFromPath gives an article what its file's path says when its text
// does not: a title from the file or bundle folder name, a date from a
// Jekyll-style name or a dated path.
func FillFromPath(a *model.Article, file string) {
	if strings.TrimSpace(a.Title) == "" {
		a.Title = titleFromPath(file)
	}
	if a.Date.IsZero() {
		a.Date = dateFromPath(file)
	}
}

// RelPath returns the path of target relative to the folder dir, both
// paths in the edition folder ("a/b", "a/c/x.png" → "../c/x.png").
func RelPath(dir, target string) string {
	if dir == "." || dir == "" {
		return target
	}
	d := strings.Split(dir, "/")
	t := strings.Split(target, "/")
	i := 0
	for i < len(d) && i < len(t)-1 && d[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(d)-i) + strings.Join(t[i:], "/")
}

// zolaLink turns a Zola internal link (@/blog/post.md, relative to the
// site's content folder) into a path relative to the article's folder.
func zolaLink(file, dest string) string {
	rest, ok := strings.CutPrefix(dest, "@/")
	if !ok {
		return dest
	}
	root := ""
	if i := strings.LastIndex("/"+file, "/content/"); i >= 0 {
		root = file[:i] + "content/"
		if i == 0 {
			root = "content/"
		}
	}
	return RelPath(path.Dir(file), root+rest)
}
