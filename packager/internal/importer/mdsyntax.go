package importer

import (
	"bytes"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/offprint/offprint/packager/model"
)

// Markdown that real sites and note apps write beyond CommonMark and GFM:
// Obsidian wikilinks and embeds, ==highlights==, GitHub alerts and
// Obsidian callouts, and GitHub-style automatic heading ids.

// wikilinkPrefix starts the href of an Obsidian [[wikilink]]
// ("wikilink:Note#Heading"); the presentation step resolves it against
// the edition's articles by file name and title.
const wikilinkPrefix = "wikilink:"

// EmbedPrefix starts the picture address of an Obsidian embed
// (![[photo.jpg]]) until Load finds the picture by name in the edition
// folder.
const EmbedPrefix = "embed:"

// maxWikiBytes bounds how far a [[wikilink]] or ==highlight== looks for
// its end, so that a long line of openers costs linear time.
const maxWikiBytes = 1024

// wikiParser reads [[Note]], [[Note|alias]], [[Note#Heading]] and
// ![[embed]] (Obsidian).
type wikiParser struct{}

func (wikiParser) Trigger() []byte { return []byte{'[', '!'} }

// pictureExts are the file extensions Obsidian embeds as pictures.
var pictureExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".webp": true, ".bmp": true, ".avif": true}

var rxSize = regexp.MustCompile(`^\d+(x\d+)?$`)

func (wikiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	embed := false
	if bytes.HasPrefix(line, []byte("![[")) {
		embed = true
		line = line[1:]
	} else if !bytes.HasPrefix(line, []byte("[[")) {
		return nil
	}
	end := bytes.Index(line[:min(len(line), maxWikiBytes)], []byte("]]"))
	if end < 3 {
		return nil
	}
	inner := string(line[2:end])
	if strings.ContainsAny(inner, "[]\n") {
		return nil
	}
	inner = strings.ReplaceAll(inner, `\|`, "|") // escaped inside tables
	target, label, hasLabel := strings.Cut(inner, "|")
	target, label = strings.TrimSpace(target), strings.TrimSpace(label)
	if target == "" {
		return nil
	}
	n := end + 2
	if embed {
		n++
	}
	block.Advance(n)
	if embed && pictureExts[strings.ToLower(path.Ext(target))] {
		img := ast.NewImage(ast.NewLink())
		img.Destination = []byte(EmbedPrefix + target)
		if hasLabel && !rxSize.MatchString(label) {
			img.AppendChild(img, ast.NewString([]byte(label)))
		}
		return img
	}
	link := ast.NewLink()
	link.Destination = []byte(wikilinkPrefix + target)
	if !hasLabel || label == "" {
		label = strings.TrimPrefix(target, "#")
		if note, head, ok := strings.Cut(target, "#"); ok && note != "" {
			label = note + " › " + head
		}
	}
	link.AppendChild(link, ast.NewString([]byte(label)))
	return link
}

// markNode is ==highlighted== text.
type markNode struct {
	ast.BaseInline
}

var kindMark = ast.NewNodeKind("Mark")

func (n *markNode) Kind() ast.NodeKind { return kindMark }

func (n *markNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// markParser reads ==highlight== (Obsidian, and many Markdown editors)
// within one line.
type markParser struct{}

func (markParser) Trigger() []byte { return []byte{'='} }

func (markParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("==")) || bytes.HasPrefix(line, []byte("===")) {
		return nil
	}
	end := bytes.Index(line[2:min(len(line), maxWikiBytes)], []byte("=="))
	if end <= 0 {
		return nil
	}
	inner := line[2 : 2+end]
	if unicode.IsSpace(rune(inner[0])) || unicode.IsSpace(rune(inner[len(inner)-1])) {
		return nil
	}
	n := &markNode{}
	n.AppendChild(n, ast.NewTextSegment(text.NewSegment(seg.Start+2, seg.Start+2+end)))
	block.Advance(end + 4)
	return n
}

// mdInlineParsers come before goldmark's link parser (priority 200).
var mdInlineParsers = []util.PrioritizedValue{
	util.Prioritized(wikiParser{}, 199),
	util.Prioritized(markParser{}, 199),
}

var rxCallout = regexp.MustCompile(`^\[!([A-Za-z][\w-]*)\]([-+]?)[ \t]*(.*)$`)

// callout reads a GitHub alert or Obsidian callout: a quote whose first
// line is [!KIND] and an optional title. It returns the aside, with the
// marker line taken out of the quote's first paragraph, or nil.
func (c *mdConv) callout(q *ast.Blockquote, depth int) *model.Aside {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return nil
	}
	first := p.Lines().At(0)
	m := rxCallout.FindSubmatch(bytes.TrimRight(first.Value(c.src), " \t\n"))
	if m == nil {
		return nil
	}
	kind := strings.ToLower(string(m[1]))
	title := strings.TrimSpace(string(m[3]))
	if title == "" {
		title = strings.ToUpper(kind[:1]) + strings.ReplaceAll(kind[1:], "-", " ")
	}
	// Drop the inline nodes of the marker line.
	for n := p.FirstChild(); n != nil; {
		next := n.NextSibling()
		if inlineStart(n) < first.Stop {
			p.RemoveChild(p, n)
		}
		n = next
	}
	if p.FirstChild() == nil {
		q.RemoveChild(q, p)
	}
	return &model.Aside{Kind: kind, Title: title, Blocks: c.blocks(q, depth+1)}
}

// inlineStart returns the offset where an inline node's text starts.
func inlineStart(n ast.Node) int {
	for ; n != nil; n = n.FirstChild() {
		if t, ok := n.(*ast.Text); ok {
			return t.Segment.Start
		}
		if p := n.Pos(); p >= 0 {
			return p
		}
	}
	return -1
}

// HeadingID makes a heading's automatic id as GitHub and Hugo do: lower
// case, spaces as hyphens, punctuation other than - and _ dropped, letters
// and digits of every script kept.
func HeadingID(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// uniqueID returns id, or id-1, id-2 … when it is already used, as
// GitHub and Hugo number repeated headings.
func uniqueID(id string, used map[string]bool) string {
	out := id
	for n := 1; used[out]; n++ {
		out = id + "-" + strconv.Itoa(n)
	}
	used[out] = true
	return out
}
