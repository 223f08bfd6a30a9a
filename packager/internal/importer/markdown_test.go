package importer

import (
	"strconv"
	"strings"
	"testing"

	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// importBody imports src and returns the dump of its blocks and footnotes
// (without the metadata) and its warnings.
func importBody(t *testing.T, src string) (string, []model.Diagnostic) {
	t.Helper()
	a, diags, err := Markdown{}.Import("articles/a.md", []byte(src))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	var b strings.Builder
	dumpBlocks(&b, a.Blocks, "")
	for _, fn := range a.Footnotes {
		b.WriteString("Footnote " + strconv.Itoa(fn.Number) + " #" + fn.ID + "\n")
		dumpBlocks(&b, fn.Blocks, "  ")
	}
	return b.String(), diags
}

type mdCase struct {
	name string
	src  string
	want string // dump of the blocks, lines joined with \n
}

func runMD(t *testing.T, cases []mdCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, diags := importBody(t, c.src)
			want := strings.TrimLeft(c.want, "\n")
			if got != want {
				t.Errorf("source:\n%s\ngot:\n%s\nwant:\n%s", c.src, got, want)
			}
			if len(diags) > 0 {
				t.Errorf("warnings: %v", diags)
			}
		})
	}
}

func TestMarkdownSmartPunctuationAndEntities(t *testing.T) {
	runMD(t, []mdCase{
		{"quotes", `"Double" and 'single' quotes, it's 1990's.`,
			"Paragraph: “Double” and ‘single’ quotes, it’s 1990’s.\n"},
		{"dashes and ellipsis", "2019--2020 -- a pause --- and more...",
			"Paragraph: 2019–2020 – a pause — and more…\n"},
		{"angle quotes stay", "a << b >> c", "Paragraph: a << b >> c\n"},
		{"named entities", "Fish &amp; chips &copy; &eacute;t&eacute; &nbsp;x &hellip;",
			"Paragraph: Fish & chips © été \u00a0x …\n"},
		{"numeric entities", "&#8212; &#x2014; &#X2014; &#39; &#0; &#x110000;",
			"Paragraph: — — — ' \uFFFD \uFFFD\n"},
		{"unknown entity stays", "&bogus; & &amp", "Paragraph: &bogus; & &amp\n"},
		{"escapes", `\*not emphasis\* \_x\_ \\ \& \# \[a\] \"q\" \--`,
			`Paragraph: *not emphasis* _x_ \ & # [a] "q" --` + "\n"},
		{"escaped entity", `\&amp; stays`, "Paragraph: &amp; stays\n"},
		{"backslash before letter stays", `C:\path\to`, `Paragraph: C:\path\to` + "\n"},
		{"code span is raw", "`\"a\" -- &amp; \\*`", "Paragraph: {code|\"a\" -- &amp; \\*}\n"},
		{"entities in link and title", `[Fish &amp; chips](http://x.org/?a=1&amp;b=2 "t")`,
			"Paragraph: {link=http://x.org/?a=1&b=2|Fish & chips}\n"},
	})
}

func TestMarkdownInline(t *testing.T) {
	runMD(t, []mdCase{
		{"styles", "*em* _em_ **strong** __strong__ ***both*** ~~strike~~ ~one~ `code`",
			"Paragraph: {em|em} {em|em} {strong|strong} {strong|strong} {em,strong|both} {strike|strike} {strike|one} {code|code}\n"},
		{"nested styles", "**bold *and em* bold**", "Paragraph: {strong|bold }{em,strong|and em}{strong| bold}\n"},
		{"soft break is a space", "one\ntwo", "Paragraph: one two\n"},
		{"hard breaks", "one  \ntwo\\\nthree", "Paragraph: one⏎two⏎three\n"},
		{"links", "[abs](https://example.org/a) [mail](mailto:a@b.org) [anchor](#part-two)",
			"Paragraph: {link=https://example.org/a|abs} {link=mailto:a@b.org|mail} {link=#part-two|anchor}\n"},
		{"styled link", "[**bold** link](https://x.org)", "Paragraph: {strong,link=https://x.org|bold}{link=https://x.org| link}\n"},
		{"javascript link loses its link", "[click](javascript:alert(1)) [vb](VBScript:x) [data](data:text/html,x)",
			"Paragraph: click vb data\n"},
		{"relative links are kept for the edition to resolve", "[other](other.md) [up](../x.html) [site](/blog/go1.21#x) [js](javascript:alert(1))",
			"Paragraph: {link=other.md|other} {link=../x.html|up} {link=/blog/go1.21#x|site} js\n"},
		{"protocol-relative link", "[x](//example.org/p)", "Paragraph: {link=https://example.org/p|x}\n"},
		{"reference links", "[text][ref]\n\n[ref]: https://example.org \"Title\"", "Paragraph: {link=https://example.org|text}\n"},
		{"autolinks", "<https://example.org> <a@b.org> www.example.org and https://x.org/p.",
			"Paragraph: {link=https://example.org|https://example.org} {link=mailto:a@b.org|a@b.org} {link=http://www.example.org|www.example.org} and {link=https://x.org/p|https://x.org/p}.\n"},
		{"leading and trailing space trimmed", "   text   ", "Paragraph: text\n"},
	})
}

func TestMarkdownBlocks(t *testing.T) {
	runMD(t, []mdCase{
		{"empty body", "", ""},
		{"only blank lines", "\n\n   \n", ""},
		{"rule", "a\n\n***\n\nb", "Paragraph: a\nRule\nParagraph: b\n"},
		{"tight list", "- a\n- b", `
List bullet tight
  -
    Paragraph: a
  -
    Paragraph: b
`},
		{"loose ordered list from 3", "3. a\n\n4. b", `
List ordered start=3
  -
    Paragraph: a
  -
    Paragraph: b
`},
		{"task list", "- [x] done\n- [ ] to do\n- plain", `
List bullet tight
  - [x]
    Paragraph: done
  - [ ]
    Paragraph: to do
  -
    Paragraph: plain
`},
		{"nested list", "1. a\n   - b\n     > c", `
List ordered start=1 tight
  -
    Paragraph: a
    List bullet tight
      -
        Paragraph: b
        Quote
          Paragraph: c
`},
		{"quotes", "> a\n>\n> > b\n\nc", `
Quote
  Paragraph: a
  Quote
    Paragraph: b
Paragraph: c
`},
		{"fenced code exact", "```go\nfunc main() {\n\n\tfmt.Println(\"--\")  \n}\n```", `
Code lang="go"
  |func main() {
  |
  |	fmt.Println("--")  
  |}
`},
		{"code info string", "~~~ {.python .numberLines}\nx = 1\n~~~\n\n``` language-js extra\ny\n```", `
Code lang="python"
  |x = 1
Code lang="js"
  |y
`},
		{"indented code", "text\n\n    a &amp; b\n      c\n", `
Paragraph: text
Code lang=""
  |a &amp; b
  |  c
`},
		{"empty code", "```\n```", "Code lang=\"\"\n  |\n"},
		{"table alignment", "| L | C | R | D |\n|:--|:-:|--:|---|\n| *a* | b | `c\\|d` | |\n| short |", `
Table align=left,center,right,default
  header: | L | C | R | D |
  row: | {em|a} | b | {code|c|d} |  |
  row: | short |  |  |  |
`},
		{"strikethrough in table", "| a |\n|---|\n| ~~x~~ |", `
Table align=default
  header: | a |
  row: | {strike|x} |
`},
	})
}

func TestMarkdownHeadings(t *testing.T) {
	for _, c := range []struct {
		name, src, title, want string
	}{
		{"title from first heading", "# The Title\n\nText.\n\n## Part\n", "The Title",
			"Paragraph: Text.\nHeading 1 #part: Part\n"},
		{"title from setext heading", "The *Title*\n=====\n\nText.", "The Title", "Paragraph: Text.\n"},
		{"heading after a paragraph is no title", "Lead.\n\n# Late Title\n\nText.", "", "Paragraph: Lead.\nHeading 1 #late-title: Late Title\nParagraph: Text.\n"},
		{"front matter title wins", "---\ntitle: From Front Matter\n---\n# A Heading\n\nText.", "From Front Matter",
			"Heading 1 #a-heading: A Heading\nParagraph: Text.\n"},
		{"repeated title removed", "---\ntitle: The  Title\n---\n# The title\n\nText.", "The  Title", "Paragraph: Text.\n"},
		{"no title", "## Only a subheading\n\nText.", "", "Heading 1 #only-a-subheading: Only a subheading\nParagraph: Text.\n"},
		{"levels shift to 1", "# T\n\n### Three\n\n#### Four\n\n### Three", "T",
			"Heading 1 #three: Three\nHeading 2 #four: Four\nHeading 1 #three-1: Three\n"},
		{"second level one stays", "# T\n\n# Again\n\n## Sub", "T", "Heading 1 #again: Again\nHeading 2 #sub: Sub\n"},
		{"ids unique and plain", "# T\n\n## Café & Crème!\n\n## Café & crème\n\n## ???\n\n## fn1", "T",
			"Heading 1 #café--crème: Café & Crème!\nHeading 1 #café--crème-1: Café & crème\nHeading 1 #section: ???\nHeading 1 #fn1: fn1\n"},
		{"only a title", "# Just a Title\n", "Just a Title", ""},
		{"title with footnote ref", "# Title[^1]\n\nText[^1].\n\n[^1]: Note.", "Title",
			"Paragraph: Text[^1].\nFootnote 1 #fn1\n  Paragraph: Note.\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, _, err := Markdown{}.Import("a.md", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != c.title {
				t.Errorf("title = %q, want %q", a.Title, c.title)
			}
			got, _ := importBody(t, c.src)
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

func TestMarkdownFootnotes(t *testing.T) {
	runMD(t, []mdCase{
		{"numbered by first reference", "B first[^b], then a[^a], b again[^b].\n\n[^a]: Note A.\n[^b]: Note *B*.\n[^unused]: Never shown.", `
Paragraph: B first[^1], then a[^2], b again[^1].
Footnote 1 #fn1
  Paragraph: Note {em|B}.
Footnote 2 #fn2
  Paragraph: Note A.
`},
		{"long footnote", "Text[^long].\n\n[^long]: First paragraph.\n\n    Second paragraph[^inner].\n\n[^inner]: Inner.", `
Paragraph: Text[^1].
Footnote 1 #fn1
  Paragraph: First paragraph.
  Paragraph: Second paragraph[^2].
Footnote 2 #fn2
  Paragraph: Inner.
`},
		{"undefined reference stays text", "Text[^missing].", "Paragraph: Text[^missing].\n"},
	})
}

func TestMarkdownFigures(t *testing.T) {
	runMD(t, []mdCase{
		{"alone in a paragraph", `![Boats leave the harbour](images/harbour.jpg "Photo: Jo Ng")`,
			"Figure line=1 src=\"images/harbour.jpg\" alt=\"Boats leave the harbour\" credit=\"Photo: Jo Ng\"\n  caption: Boats leave the harbour\n"},
		{"title without prefix is the credit", `![Boats](b.jpg "Jo Ng/Harbour Weekly")`,
			"Figure line=1 src=\"b.jpg\" alt=\"Boats\" credit=\"Jo Ng/Harbour Weekly\"\n  caption: Boats\n"},
		{"credit appended to the alt text", `![Protesters in Baghdad. Credit: AFP/GETTY](p.jpg)`,
			"Figure line=1 src=\"p.jpg\" alt=\"Protesters in Baghdad.\" credit=\"Credit: AFP/GETTY\"\n  caption: Protesters in Baghdad.\n"},
		{"styled caption", `![The *Lowen* at sea](l.jpg "© 2020 AFP")`,
			"Figure line=1 src=\"l.jpg\" alt=\"The Lowen at sea\" credit=\"© 2020 AFP\"\n  caption: The {em|Lowen} at sea\n"},
		{"no alt", `![](x.png)`, "Figure line=1 src=\"x.png\" alt=\"\" credit=\"\"\n"},
		{"address as written", `![a](<images/my photo.jpg>) ![b](../img/b%20c.png?x=1#f)`, `
Figure line=1 src="images/my photo.jpg" alt="a" credit=""
  caption: a
Figure line=1 src="../img/b%20c.png?x=1#f" alt="b" credit=""
  caption: b
`},
		{"inside running text moves after", "Before ![A pic](a.jpg) after,\nand ![B pic](b.jpg \"Credit: AP\") more.", `
Paragraph: Before after, and more.
Figure line=1 src="a.jpg" alt="A pic" credit=""
  caption: A pic
Figure line=2 src="b.jpg" alt="B pic" credit="Credit: AP"
  caption: B pic
`},
		{"linked picture", `[![Chart](chart.png)](https://example.org/data)`,
			"Figure line=1 src=\"chart.png\" alt=\"Chart\" credit=\"\"\n  caption: Chart\n"},
		{"in a list item", "- item ![A](a.jpg)\n- two", `
List bullet tight
  -
    Paragraph: item
    Figure line=1 src="a.jpg" alt="A" credit=""
      caption: A
  -
    Paragraph: two
`},
		{"in a table cell", "| a |\n|---|\n| ![P](p.jpg) |", `
Table align=default
  header: | a |
  row: |  |
Figure line=3 src="p.jpg" alt="P" credit=""
  caption: P
`},
		{"reference picture", "![Ref pic][r]\n\n[r]: r.jpg \"Photo: R\"",
			"Figure line=1 src=\"r.jpg\" alt=\"Ref pic\" credit=\"Photo: R\"\n  caption: Ref pic\n"},
	})
}

func TestMarkdownFigureLines(t *testing.T) {
	src := "---\ntitle: Lines\nauthor: Ada\n---\n\nIntro.\n\n![One](1.jpg)\n\n> quoted\n> ![Two](2.jpg)\n\n<figure>\n  <img src=\"3.jpg\" alt=\"Three\">\n</figure>\n\nText <img src=\"4.jpg\" alt=\"Four\"> text.\n\n- ![Five](5.jpg)\n"
	a, _, err := Markdown{}.Import("a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	figs := a.Figures()
	want := map[string]int{"1.jpg": 8, "2.jpg": 11, "3.jpg": 14, "4.jpg": 17, "5.jpg": 19}
	if len(figs) != len(want) {
		t.Fatalf("%d figures, want %d", len(figs), len(want))
	}
	for _, f := range figs {
		if f.Line != want[f.Image.Src] {
			t.Errorf("%s: line %d, want %d", f.Image.Src, f.Line, want[f.Image.Src])
		}
	}
}

func TestMarkdownRawHTML(t *testing.T) {
	runMD(t, []mdCase{
		{"figure with figcaption", "<figure>\n  <img src=\"t.png\" alt=\"A terminal\" title=\"Screenshot: Rosa\">\n  <figcaption>The whole <em>build</em>.</figcaption>\n</figure>",
			"Figure line=2 src=\"t.png\" alt=\"A terminal\" credit=\"Screenshot: Rosa\"\n  caption: The whole {em|build}.\n"},
		{"credit in the figcaption", "<figure><img src=\"a.jpg\" alt=\"Alt\"><figcaption>Protesters in Baghdad. Credit: AFP/GETTY</figcaption></figure>",
			"Figure line=1 src=\"a.jpg\" alt=\"Alt\" credit=\"Credit: AFP/GETTY\"\n  caption: Protesters in Baghdad.\n"},
		{"credit element", "<figure>\n<img src=\"a.jpg\" alt=\"Alt\">\n<figcaption>A cat. <span class=\"photo-credit\">Jane Doe/AP</span></figcaption>\n</figure>",
			"Figure line=2 src=\"a.jpg\" alt=\"Alt\" credit=\"Jane Doe/AP\"\n  caption: A cat.\n"},
		{"byline and copyright classes", "<figure><img src=\"a.jpg\"><figcaption>Cap <cite class=\"byline\">Jo</cite> <small class=\"Copyright\">© X</small></figcaption></figure>",
			"Figure line=1 src=\"a.jpg\" alt=\"Cap\" credit=\"Jo; © X\"\n  caption: Cap\n"},
		{"picture element", "<figure>\n<picture>\n<source srcset=\"c.webp 1x, c2.webp 2x\" type=\"image/webp\">\n<img src=\"c.jpg\" alt=\"A cat\">\n</picture>\n<figcaption>Asleep</figcaption>\n</figure>",
			"Figure line=4 src=\"c.jpg\" alt=\"A cat\" credit=\"\"\n  caption: Asleep\n"},
		{"picture without img src", "<figure><picture><source srcset=\"c.webp\"><img alt=\"A cat\"></picture></figure>",
			"Figure line=1 src=\"c.webp\" alt=\"A cat\" credit=\"\"\n  caption: A cat\n"},
		{"lazy image", "<figure><img src=\"data:image/gif;base64,R0l\" data-src=\"real.jpg\" alt=\"R\"></figure>",
			"Figure line=1 src=\"real.jpg\" alt=\"R\" credit=\"\"\n  caption: R\n"},
		{"figure without caption uses alt", "<figure><img src=\"a.jpg\" alt=\"Alt text. © AFP\"></figure>",
			"Figure line=1 src=\"a.jpg\" alt=\"Alt text. © AFP\" credit=\"© AFP\"\n  caption: Alt text.\n"},
		{"figure over blank lines with Markdown inside", "<figure>\n\n![Markdown pic](m.jpg)\n\n<figcaption>Caption (Photo: Bob)</figcaption>\n</figure>\n\nAfter.",
			"Figure line=3 src=\"m.jpg\" alt=\"Markdown pic\" credit=\"Photo: Bob\"\n  caption: Caption\nParagraph: After.\n"},
		{"figure whose picture was dropped", "<figure><video src=\"v.mp4\">No video</video><figcaption>A clip. Credit: BBC</figcaption></figure>",
			"Figure line=1 src=<none> alt=\"A clip.\" credit=\"Credit: BBC\"\n  caption: A clip.\n"},
		{"figure of a quote is text", "<figure><blockquote>To be.</blockquote><figcaption>— Hamlet</figcaption></figure>",
			"Paragraph: To be.\nParagraph: — Hamlet\n"},
		{"lone img block", "<img src=\"d.png\" alt=\"Lonely\" title=\"© 2020 AFP\">",
			"Figure line=1 src=\"d.png\" alt=\"Lonely\" credit=\"© 2020 AFP\"\n  caption: Lonely\n"},
		{"title repeating the alt is no credit", "<img src=\"d.png\" alt=\"Lonely\" title=\"Lonely\">",
			"Figure line=1 src=\"d.png\" alt=\"Lonely\" credit=\"\"\n  caption: Lonely\n"},
		{"inline img", "Text <img src=\"e.png\" alt=\"E\"> more.",
			"Paragraph: Text more.\nFigure line=1 src=\"e.png\" alt=\"E\" credit=\"\"\n  caption: E\n"},
		{"img without address is dropped", "Text <img alt=\"nothing\"> more.", "Paragraph: Text more.\n"},
		{"inline tags", "<em>em</em> <i>i</i> <strong>s</strong> <b>b</b> <del>d</del> <s>s</s> <strike>k</strike> <code>c</code> <kbd>K</kbd> <samp>S</samp> x<sup>2</sup> H<sub>2</sub>O <span class=\"x\">span</span> <mark>m</mark>",
			"Paragraph: {em|em} {em|i} {strong|s} {strong|b} {strike|d} {strike|s} {strike|k} {code|c} {code|K} {code|S} x{sup|2} H{sub|2}O span m\n"},
		{"inline links", "<a href=\"https://x.org\">ok</a> <a href=\"javascript:alert(1)\">js</a> <a href=\" JaVa&#09;ScRiPt:x\">js2</a> <a name=\"x\">anchor</a>",
			"Paragraph: {link=https://x.org|ok} js js2 anchor\n"},
		{"inline br", "one<br>two<br/>three", "Paragraph: one⏎two⏎three\n"},
		{"nested inline tags", "<b>bold <i>both</i></b> plain", "Paragraph: {strong|bold }{em,strong|both} plain\n"},
		{"unclosed inline tag ends with the paragraph", "<b>bold\n\nplain", "Paragraph: {strong|bold}\nParagraph: plain\n"},
		{"inline script dropped", "before <script>alert('x')</script> after", "Paragraph: before after\n"},
		{"inline comment dropped", "before <!-- a comment --> after", "Paragraph: before after\n"},
		{"block script dropped", "<script>\nvar x = \"<p>no</p>\";\n</script>\n\nText.", "Paragraph: Text.\n"},
		{"block style dropped", "<style>\np { color: red }\n</style>\n\nText.", "Paragraph: Text.\n"},
		{"comments dropped", "<!--\nhidden\n-->\n\nText.", "Paragraph: Text.\n"},
		{"everything dropped", "<div>\n<iframe src=\"https://x\">frame</iframe><noscript>no js</noscript><object data=\"x\">obj</object><embed src=\"x\"><form><input value=\"v\">form text</form>kept\n</div>",
			"Paragraph: kept\n"},
		{"div with paragraphs", "<div class=\"note\">\n  <p>If a tool needs the network <em>sometimes</em>,\n  it should say so.</p>\n  <p>Second.</p>\n</div>",
			"Paragraph: If a tool needs the network {em|sometimes}, it should say so.\nParagraph: Second.\n"},
		{"list items split paragraphs", "<ul>\n<li>One</li>\n<li>Two &amp; three</li>\n</ul>", "Paragraph: One\nParagraph: Two & three\n"},
		{"html headings", "<h2>Part &ldquo;two&rdquo;</h2>\n<p>Text</p>", "Heading 1 #part-two: Part “two”\nParagraph: Text\n"},
		{"html pre", "<pre><code class=\"language-go\">\nif a &lt; b {\n\treturn\n}\n</code></pre>", `
Code lang="go"
  |if a < b {
  |	return
  |}
`},
		{"html hr", "<p>a</p>\n<hr>\n<p>b</p>", "Paragraph: a\nRule\nParagraph: b\n"},
		{"unknown markup keeps its text", "<details><summary>More</summary>\n<custom-el>Hidden <u>text</u></custom-el>\n</details>", "Paragraph: More\nParagraph: Hidden text\n"},
		{"html text in markdown paragraphs", "<div>\n\n*markdown* inside\n\n</div>", "Paragraph: {em|markdown} inside\n"},
		{"inline img in html block", "<p>Text <img src=\"i.png\" alt=\"I\"> more</p>",
			"Paragraph: Text more\nFigure line=1 src=\"i.png\" alt=\"I\" credit=\"\"\n  caption: I\n"},
	})
}

func TestMarkdownDeepNesting(t *testing.T) {
	depth := func(blocks []model.Block) int {
		max := 0
		var walk func([]model.Block, int)
		walk = func(bs []model.Block, d int) {
			if d > max {
				max = d
			}
			for _, b := range bs {
				switch b := b.(type) {
				case *model.Quote:
					walk(b.Blocks, d+1)
				case *model.List:
					for _, it := range b.Items {
						walk(it.Blocks, d+1)
					}
				}
			}
		}
		walk(blocks, 0)
		return max
	}
	var indented strings.Builder
	for i := range 3000 {
		indented.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	var stairs strings.Builder
	for i := range 3000 {
		stairs.WriteString(strings.Repeat(">", i+1) + " step\n")
	}
	for _, c := range []struct {
		name string
		src  string
		text string // text that must survive
		line int
	}{
		{"quotes", "---\ntitle: Deep\n---\n" + strings.Repeat(">", 3000) + " deepest words\n", "deepest words", 4},
		{"quotes with spaces", strings.Repeat("> ", 3000) + "deepest words\n", "deepest words", 1},
		{"bullets", strings.Repeat("- ", 3000) + "deepest words\n", "deepest words", 1},
		{"ordered", strings.Repeat("1. ", 3000) + "deepest words\n", "deepest words", 1},
		{"mixed", strings.Repeat("> - ", 1500) + "deepest words\n", "deepest words", 1},
		{"indented lists", indented.String(), "item", 13},
		{"stairs", stairs.String(), "step", 13},
		{"thirteen", "Intro.\n\n" + strings.Repeat("> ", 13) + "thirteen\n", "thirteen", 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, diags, err := Markdown{}.Import("a.md", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if d := depth(a.Blocks); d != maxNesting {
				t.Errorf("nesting depth %d, want %d", d, maxNesting)
			}
			if len(diags) != 1 || diags[0].Code != "deep-nesting" || diags[0].Line != c.line || diags[0].Severity != model.Warning {
				t.Errorf("diagnostics %+v, want one deep-nesting warning on line %d", diags, c.line)
			}
			var all strings.Builder
			dumpBlocks(&all, a.Blocks, "")
			if !strings.Contains(all.String(), c.text) {
				t.Errorf("%q lost", c.text)
			}
		})
	}
	// Twelve levels are fine.
	_, diags, _ := Markdown{}.Import("a.md", []byte(strings.Repeat("> ", 12)+"twelve\n"))
	if len(diags) != 0 {
		t.Errorf("twelve levels warned: %v", diags)
	}
}

func TestMarkdownNestingCapKeepsCode(t *testing.T) {
	deep := strings.Repeat("> ", 40) + "not a quote in code"
	src := "```\n" + deep + "\n" + strings.Repeat(" ", 200) + "indented\n```\n"
	a, diags, err := Markdown{}.Import("a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 0 {
		t.Errorf("warnings: %v", diags)
	}
	cb, ok := a.Blocks[0].(*model.CodeBlock)
	if !ok || cb.Text != deep+"\n"+strings.Repeat(" ", 200)+"indented" {
		t.Errorf("code changed: %#v", a.Blocks[0])
	}
}

func TestMarkdownOddInput(t *testing.T) {
	for name, src := range map[string]string{
		"crlf":         "---\r\ntitle: T\r\n---\r\nOne\r\ntwo\r\n\r\n![A](a.jpg)\r\n",
		"lone cr":      "One\rtwo\r\r![A](a.jpg)",
		"nul":          "a\x00b",
		"invalid utf8": "caf\xe9 \xff",
		"bom":          "\ufeff# T\n\nText",
	} {
		t.Run(name, func(t *testing.T) {
			a, _, err := Markdown{}.Import("a.md", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			dumpBlocks(&b, a.Blocks, "")
			if strings.Contains(b.String(), "\r") || strings.Contains(b.String(), "\x00") || !validUTF8(b.String()) {
				t.Errorf("bad text: %q", b.String())
			}
		})
	}
}

func validUTF8(s string) bool { return strings.ToValidUTF8(s, "") == s }

// TestCapNestingFences checks that the nesting caps leave fenced code alone
// but are not fooled into leaving deep lines uncapped by what only looks
// like a fence.
func TestCapNestingFences(t *testing.T) {
	deep := strings.Repeat("> ", 40) + "x\n"
	for _, c := range []struct {
		name   string
		before string
		capped bool
	}{
		{"in a fence", "```\n", false},
		{"in a tilde fence", "~~~~ go\n", false},
		{"in a fence in a list item", "- ```\n", true}, // the deep line ends the item
		{"in a fence in a list item, indented", "- ```\n  ", false},
		{"in a fence in a quote", "> ```\n> ", false},
		{"after a fence in a quote ended", "> ```\n\n", true},
		{"after an indented code block that looks like a fence", "    ```\n\n", true},
		{"after a closed fence", "```\ncode\n```\n", true},
		{"backtick fence with backticks in its info is no fence", "``` a`b\n", true},
		{"no fence", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := c.before + deep
			out, line := capNesting([]byte(src))
			if got := line > 0; got != c.capped {
				t.Errorf("capped = %v, want %v:\n%s", got, c.capped, out)
			}
			if strings.Count(string(out), "\n") != strings.Count(src, "\n") {
				t.Errorf("line count changed")
			}
		})
	}
}

func TestMarkdownLinkWarningsNameTheLine(t *testing.T) {
	src := "---\ntitle: Lines\n---\n\nFirst.\n\nIntro with [a gone page](#gone).\n\n## See [elsewhere](#nowhere)\n\n- item\n- a [list link](#lost)\n"
	a, _, err := Markdown{}.Import("articles/a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a.ID = "a001-lines"
	ed := &model.Edition{Sections: []*model.Section{{ID: "s01", Articles: []*model.Article{a}}}}
	want := map[string]int{"#gone": 7, "#nowhere": 9, "#lost": 12}
	diags := present.Links(ed)
	if len(diags) != len(want) {
		t.Fatalf("warnings = %v, want %d", diags, len(want))
	}
	for _, d := range diags {
		found := false
		for href, line := range want {
			if strings.Contains(d.Msg, href+" ") {
				found = true
				if d.Line != line || d.File != "articles/a.md" {
					t.Errorf("%s:%d: %s, want line %d", d.File, d.Line, d.Msg, line)
				}
			}
		}
		if !found {
			t.Errorf("unexpected warning %s", d.Msg)
		}
	}
}
