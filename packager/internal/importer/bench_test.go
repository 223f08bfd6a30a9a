package importer

import (
	"os"
	"strings"
	"testing"
)

// benchArticle is a realistic article of about n bytes: the feature tour's
// body repeated.
func benchArticle(b *testing.B, n int) []byte {
	src, err := os.ReadFile("testdata/feature-tour.md")
	if err != nil {
		b.Fatal(err)
	}
	_, body, _, err := splitFrontMatter("a.md", src)
	if err != nil {
		b.Fatal(err)
	}
	var s strings.Builder
	s.WriteString("---\ntitle: Big\n---\n")
	for s.Len() < n {
		s.Write(body)
		s.WriteString("\n")
	}
	return []byte(s.String())
}

func benchImport(b *testing.B, src []byte) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := (Markdown{}).Import("a.md", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarkdown5MB imports a 5 MB article (it should take well under
// a second).
func BenchmarkMarkdown5MB(b *testing.B) { benchImport(b, benchArticle(b, 5<<20)) }

// BenchmarkMarkdownOneParagraph5MB imports one 5 MB paragraph.
func BenchmarkMarkdownOneParagraph5MB(b *testing.B) {
	line := "Some \"quoted\" text -- with www.example.com links and *emphasis* and `code`... It's nice.\n"
	benchImport(b, []byte(strings.Repeat(line, (5<<20)/len(line))))
}

// BenchmarkMarkdownDeepQuotes imports quotes nested 3,000 deep.
func BenchmarkMarkdownDeepQuotes(b *testing.B) {
	benchImport(b, []byte(strings.Repeat(">", 3000)+" deep\n"))
}

// BenchmarkMarkdownDeepLists imports a list nested 3,000 deep by
// indentation (9 MB of mostly spaces).
func BenchmarkMarkdownDeepLists(b *testing.B) {
	var s strings.Builder
	for i := range 3000 {
		s.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	benchImport(b, []byte(s.String()))
}

// BenchmarkMarkdownDeepMixed imports 3,000 lines of quotes and lists, each
// line nested a level deeper than the last.
func BenchmarkMarkdownDeepMixed(b *testing.B) {
	var s strings.Builder
	for i := range 3000 {
		s.WriteString(strings.Repeat("> - ", i/2) + "step\n")
	}
	benchImport(b, []byte(s.String()))
}

// BenchmarkMarkdownDeepEmphasis imports emphasis nested 100,000 deep.
func BenchmarkMarkdownDeepEmphasis(b *testing.B) {
	benchImport(b, []byte(strings.Repeat("*a ", 100000)+strings.Repeat("b* ", 100000)))
}

// BenchmarkMarkdownHTML imports a 2 MB block of raw HTML.
func BenchmarkMarkdownHTML(b *testing.B) {
	unit := "<div class=\"x\"><p>Some <em>text</em> &amp; <a href=\"https://x.org\">a link</a></p><script>x()</script></div>\n"
	benchImport(b, []byte("<div>\n"+strings.Repeat(unit, (2<<20)/len(unit))+"</div>\n"))
}
