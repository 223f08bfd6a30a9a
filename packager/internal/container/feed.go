package container

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/offprint/offprint/packager/model"
)

// openFeedOrExport reads a feed (RSS 2.0, Atom, JSON Feed) or a wallabag
// JSON export, told apart by their content.
func openFeedOrExport(fsys fs.FS, c *Container) error {
	src, err := readAll(fsys, c.File, maxFileBytes)
	if err != nil {
		return err
	}
	trim := bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\ufeff")), " \t\r\n")
	if bytes.HasPrefix(trim, []byte("[")) {
		return openWallabag(fsys, c, src)
	}
	if bytes.HasPrefix(trim, []byte("{")) && !bytes.Contains(src[:min(len(src), 4096)], []byte("jsonfeed.org")) {
		return &NotContainerError{File: c.File, What: "a JSON Feed or a wallabag export"}
	}
	if bytes.HasPrefix(trim, []byte("<")) && !looksLikeFeed(trim) {
		return &NotContainerError{File: c.File, What: "an RSS, Atom or JSON feed"}
	}
	entries := bytes.Count(src, []byte("<item")) + bytes.Count(src, []byte("<entry"))
	if bytes.HasPrefix(trim, []byte("{")) {
		entries = bytes.Count(src, []byte(`"id"`))
	}
	if entries > maxPages {
		return errorf(c.File, "too-many", "holds %d entries, over the %d a feed may hold", entries, maxPages)
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(src))
	if err != nil {
		return errorf(c.File, "feed", "is not a readable feed: %v", err)
	}
	if len(feed.Items) == 0 {
		return errorf(c.File, "feed", "is a feed with no entries")
	}
	summaries := 0
	for i, it := range feed.Items {
		content, summary := it.Content, false
		if strings.TrimSpace(content) == "" {
			content, summary = it.Description, true
			summaries++
		}
		if strings.TrimSpace(content) == "" {
			continue
		}
		var authors []string
		for _, p := range it.Authors {
			if p != nil && strings.TrimSpace(p.Name) != "" {
				authors = append(authors, strings.TrimSpace(p.Name))
			}
		}
		if len(authors) == 0 && it.Author != nil && it.Author.Name != "" {
			authors = []string{it.Author.Name}
		}
		var pub time.Time
		if it.PublishedParsed != nil {
			pub = *it.PublishedParsed
		} else if it.UpdatedParsed != nil {
			pub = *it.UpdatedParsed
		}
		var pics []string
		if it.Image != nil && it.Image.URL != "" {
			pics = append(pics, it.Image.URL)
		}
		for _, e := range it.Enclosures {
			if e != nil && strings.HasPrefix(e.Type, "image/") && e.URL != "" && !slices.Contains(pics, e.URL) {
				pics = append(pics, e.URL)
			}
		}
		link := it.Link
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		lang := feed.Language
		c.Pages = append(c.Pages, c.entryPage(fsys, i+1, feedEntry{
			title: it.Title, authors: authors, published: pub, tags: it.Categories,
			link: link, content: content, pictures: pics, summary: summary, lang: lang,
		}))
	}
	if summaries > 0 {
		c.Diags = append(c.Diags, model.Warnf("feed-summary", c.File, 0, "%d of its %d entries carry only a summary; they become short articles marked as summaries", summaries, len(feed.Items)).
			WithHint("save the feed with full content, or save the articles themselves"))
	}
	if len(c.Pages) == 0 {
		return errorf(c.File, "feed", "has no entry with content")
	}
	return nil
}

// looksLikeFeed reports whether XML is an RSS, RDF or Atom feed.
func looksLikeFeed(b []byte) bool {
	head := b[:min(len(b), 4096)]
	return bytes.Contains(head, []byte("<rss")) || bytes.Contains(head, []byte("<feed")) || bytes.Contains(head, []byte("<rdf:RDF"))
}

// NotContainerError is a file with a container's extension whose content
// is not one: discovered in a folder, it is skipped.
type NotContainerError struct {
	File, What string
}

func (e *NotContainerError) Error() string {
	return fmt.Sprintf("%s is not %s", e.File, e.What)
}

// feedEntry is a feed entry or an exported article.
type feedEntry struct {
	title, link, content, lang string
	authors, tags, pictures    []string
	published                  time.Time
	summary                    bool
}

// entryPage makes a page of an entry: its HTML in a document of its own,
// pictures resolved to data in the file or to files saved beside it.
func (c *Container) entryPage(fsys fs.FS, n int, e feedEntry) Page {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html")
	if e.lang != "" {
		fmt.Fprintf(&b, " lang=\"%s\"", html.EscapeString(e.lang))
	}
	fmt.Fprintf(&b, "><head><meta charset=\"utf-8\"><title>%s</title></head>\n<body><article>\n", html.EscapeString(e.title))
	b.WriteString(e.content)
	for _, p := range e.pictures {
		if !strings.Contains(e.content, p) {
			fmt.Fprintf(&b, "\n<figure><img src=\"%s\" alt=\"\"></figure>", html.EscapeString(p))
		}
	}
	b.WriteString("\n</article></body></html>\n")
	dir := path.Dir(c.File)
	page := rewritePictures([]byte(b.String()), e.link, func(raw, abs string) (string, bool) {
		if strings.HasPrefix(raw, "data:") {
			data, err := decodeDataURL(raw)
			if err == nil {
				if name, err := c.Pictures.add(raw, data); err == nil {
					return picturePath(c.File, name, false), true
				}
			}
			return "", false
		}
		// A file saved beside the container: by the address as written,
		// by its path on the site, or by its file name.
		var cands []string
		if u, err := url.Parse(raw); err == nil {
			if u.Scheme == "" && u.Host == "" {
				cands = append(cands, u.Path)
			} else {
				cands = append(cands, strings.TrimPrefix(u.Path, "/"), path.Base(u.Path))
			}
		}
		for _, cand := range cands {
			if cand == "" || cand == "." || cand == "/" {
				continue
			}
			p := path.Join(dir, cand)
			if !fs.ValidPath(p) || strings.HasPrefix(p, "../") {
				continue
			}
			if st, err := fs.Stat(fsys, p); err == nil && !st.IsDir() {
				rel := strings.TrimPrefix(p, dir+"/")
				if dir == "." {
					rel = p
				}
				return "../" + rel, true
			}
		}
		return "", false
	})
	return Page{
		Name:  pageName(n, e.title, e.link),
		HTML:  func() ([]byte, error) { return page, nil },
		URL:   e.link,
		Title: strings.TrimSpace(e.title), Authors: e.authors, Published: e.published,
		Tags: e.tags, Summary: e.summary, Entry: true,
	}
}

// wallabagEntry is one article of a wallabag JSON export.
type wallabagEntry struct {
	Title          string          `json:"title"`
	URL            string          `json:"url"`
	Content        string          `json:"content"`
	PublishedBy    json.RawMessage `json:"published_by"`
	PublishedAt    string          `json:"published_at"`
	CreatedAt      string          `json:"created_at"`
	Tags           json.RawMessage `json:"tags"`
	Language       string          `json:"language"`
	PreviewPicture string          `json:"preview_picture"`
}

// openWallabag reads a wallabag JSON export: an array of articles.
func openWallabag(fsys fs.FS, c *Container, src []byte) error {
	dec := json.NewDecoder(bytes.NewReader(src))
	if _, err := dec.Token(); err != nil {
		return errorf(c.File, "export", "is not a readable JSON export: %v", err)
	}
	n := 0
	for dec.More() {
		var w wallabagEntry
		if err := dec.Decode(&w); err != nil {
			return errorf(c.File, "export", "entry %d cannot be read: %v", n+1, err)
		}
		if n++; n > maxPages {
			return errorf(c.File, "too-many", "holds over %d articles", maxPages)
		}
		if n == 1 && w.Content == "" && w.URL == "" {
			return &NotContainerError{File: c.File, What: "a wallabag export (articles with content and url)"}
		}
		if strings.TrimSpace(w.Content) == "" {
			c.Diags = append(c.Diags, model.Warnf("export-empty", c.File, 0, "article %d (%s) has no content and is skipped", n, w.URL))
			continue
		}
		pub := parseLooseDate(w.PublishedAt)
		if pub.IsZero() {
			pub = parseLooseDate(w.CreatedAt)
		}
		c.Pages = append(c.Pages, c.entryPage(fsys, n, feedEntry{
			title: w.Title, link: w.URL, content: w.Content, lang: w.Language,
			authors: stringsOf(w.PublishedBy, "name"), tags: stringsOf(w.Tags, "label"), published: pub,
		}))
	}
	if len(c.Pages) == 0 {
		return errorf(c.File, "export", "holds no article with content")
	}
	return nil
}

// stringsOf reads a JSON string, list of strings, or list of objects
// with a key (wallabag writes tags both ways over its versions).
func stringsOf(raw json.RawMessage, key string) []string {
	if len(raw) == 0 {
		return nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		if one = strings.TrimSpace(one); one != "" {
			return []string{one}
		}
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	var out []string
	for _, it := range list {
		var s string
		if json.Unmarshal(it, &s) != nil {
			var m map[string]any
			if json.Unmarshal(it, &m) == nil {
				s, _ = m[key].(string)
			}
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// parseLooseDate reads the dates exports write.
func parseLooseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05-0700", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
