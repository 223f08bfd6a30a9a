package importer

import (
	"os"
	"strings"
	"testing"
)

// repeatTo repeats s until the result is about n bytes long.
func repeatTo(s string, n int) string {
	return strings.Repeat(s, max(1, n/max(1, len(s))))
}

func benchFixture(b *testing.B, name string) string {
	src, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	return string(src)
}

// bigPage is the news fixture with its story repeated to about n bytes.
func bigPage(b *testing.B, n int) []byte {
	src := benchFixture(b, "testdata/html/news.html")
	start := strings.Index(src, `<div class="story-body">`)
	end := strings.Index(src, `<div class="share-buttons share bottom">`)
	body := src[start:end]
	return []byte(src[:start] + repeatTo(body, n) + src[end:])
}

func benchImporter(b *testing.B, imp Importer, name string, src []byte) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := imp.Import(name, src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTMLNewsPage(b *testing.B) {
	benchImporter(b, HTML{}, "a.html", []byte(benchFixture(b, "testdata/html/news.html")))
}

func BenchmarkHTML2MB(b *testing.B) { benchImporter(b, HTML{}, "a.html", bigPage(b, 2<<20)) }

// BenchmarkHTMLDeepFallback is a page too deep for reader mode: 100,000
// nested lists around paragraphs.
func BenchmarkHTMLDeepFallback(b *testing.B) {
	src := strings.Repeat("<ul><li>", 100000) + strings.Repeat("<p>Text &amp; more.</p>", 20000) + strings.Repeat("</li></ul>", 100000)
	benchImporter(b, HTML{}, "a.html", []byte(src))
}

func BenchmarkText5MB(b *testing.B) {
	benchImporter(b, Text{}, "a.txt", []byte(repeatTo(benchFixture(b, "testdata/soleimani-airstrike.txt")+"\n\n", 5<<20)))
}

// BenchmarkTextOneLine is 5 MB on one line: sentences without capitals,
// dots without spaces.
func BenchmarkTextOneLine(b *testing.B) {
	benchImporter(b, Text{}, "a.txt", []byte(repeatTo("a.b.c. d e. f.g ", 5<<20)))
}

func BenchmarkFormatMarkdown5MB(b *testing.B) {
	src := repeatTo(benchFixture(b, "testdata/soleimani-airstrike.txt")+"\n\n*a* & b -- c... \"d\" www.e.f g@h.i\n\n", 5<<20)
	a, _, err := Text{}.Import("a.txt", []byte(src))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		FormatMarkdown(a)
	}
}
