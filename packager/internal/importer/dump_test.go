package importer

import (
	"fmt"
	"strings"

	"github.com/offprint/offprint/packager/model"
)

// dumpArticle writes an article as readable text, for golden files and
// failure messages.
func dumpArticle(a *model.Article, diags []model.Diagnostic) string {
	var b strings.Builder
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	field("title", a.Title)
	field("subtitle", a.Subtitle)
	field("summary", a.Summary)
	if len(a.Authors) > 0 {
		field("authors", strings.Join(a.Authors, " | "))
	}
	if !a.Date.IsZero() {
		field("date", a.Date.Format("2006-01-02 15:04:05 -0700"))
	}
	field("source", a.Source)
	field("url", a.URL)
	field("license", a.License)
	field("copyright", a.Copyright)
	if len(a.Tags) > 0 {
		field("tags", strings.Join(a.Tags, " | "))
	}
	field("lang", a.Lang)
	if a.Draft {
		field("draft", "true")
	}
	b.WriteString("---\n")
	dumpBlocks(&b, a.Blocks, "")
	for _, fn := range a.Footnotes {
		fmt.Fprintf(&b, "Footnote %d #%s\n", fn.Number, fn.ID)
		dumpBlocks(&b, fn.Blocks, "  ")
	}
	for _, d := range diags {
		fmt.Fprintf(&b, "%s %s %s:%d: %s\n", d.Severity, d.Code, d.File, d.Line, d.Msg)
	}
	return b.String()
}

func dumpBlocks(b *strings.Builder, blocks []model.Block, ind string) {
	for _, bl := range blocks {
		switch bl := bl.(type) {
		case *model.Paragraph:
			fmt.Fprintf(b, "%sParagraph: %s\n", ind, dumpSpans(bl.Spans))
		case *model.Heading:
			fmt.Fprintf(b, "%sHeading %d #%s: %s\n", ind, bl.Level, bl.ID, dumpSpans(bl.Spans))
		case *model.List:
			kind := "bullet"
			if bl.Ordered {
				kind = fmt.Sprintf("ordered start=%d", bl.Start)
			}
			if bl.Tight {
				kind += " tight"
			}
			fmt.Fprintf(b, "%sList %s\n", ind, kind)
			for _, it := range bl.Items {
				mark := "-"
				if it.Checked != nil {
					mark = "- [ ]"
					if *it.Checked {
						mark = "- [x]"
					}
				}
				fmt.Fprintf(b, "%s  %s\n", ind, mark)
				dumpBlocks(b, it.Blocks, ind+"    ")
			}
		case *model.Aside:
			fmt.Fprintf(b, "%sAside %s %q\n", ind, bl.Kind, bl.Title)
			dumpBlocks(b, bl.Blocks, ind+"  ")
		case *model.Quote:
			fmt.Fprintf(b, "%sQuote\n", ind)
			dumpBlocks(b, bl.Blocks, ind+"  ")
		case *model.CodeBlock:
			fmt.Fprintf(b, "%sCode lang=%q\n", ind, bl.Lang)
			for _, l := range strings.Split(bl.Text, "\n") {
				fmt.Fprintf(b, "%s  |%s\n", ind, l)
			}
		case *model.Table:
			var al []string
			for _, a := range bl.Align {
				al = append(al, [...]string{"default", "left", "center", "right"}[a])
			}
			fmt.Fprintf(b, "%sTable align=%s\n", ind, strings.Join(al, ","))
			row := func(kind string, cells []model.Cell) {
				var cs []string
				for _, c := range cells {
					cs = append(cs, dumpSpans(c.Spans))
				}
				fmt.Fprintf(b, "%s  %s: | %s |\n", ind, kind, strings.Join(cs, " | "))
			}
			if bl.Header != nil {
				row("header", bl.Header)
			}
			for _, r := range bl.Rows {
				row("row", r)
			}
		case *model.Figure:
			src := "<none>"
			if bl.Image != nil {
				src = fmt.Sprintf("%q", bl.Image.Src)
			}
			fmt.Fprintf(b, "%sFigure line=%d src=%s alt=%q credit=%q\n", ind, bl.Line, src, bl.Alt, bl.Credit)
			if bl.Caption != nil {
				fmt.Fprintf(b, "%s  caption: %s\n", ind, dumpSpans(bl.Caption))
			}
		case *model.Rule:
			fmt.Fprintf(b, "%sRule\n", ind)
		default:
			fmt.Fprintf(b, "%s%T\n", ind, bl)
		}
	}
}

// dumpSpans writes spans on one line: plain text as it is, styled text as
// {em,strong|text}, links as {link=URL|text}, line breaks as ⏎ and
// footnote references as [^N].
func dumpSpans(spans []model.Span) string {
	var b strings.Builder
	for _, s := range spans {
		switch s.Kind {
		case model.Break:
			b.WriteString("⏎")
		case model.NoteRef:
			fmt.Fprintf(&b, "[^%d]", s.Note)
		default:
			var attrs []string
			for i, n := range []string{"em", "strong", "strike", "code", "sup", "sub", "mark"} {
				if s.Style&(1<<i) != 0 {
					attrs = append(attrs, n)
				}
			}
			if s.Link != "" {
				attrs = append(attrs, "link="+s.Link)
			}
			if len(attrs) == 0 {
				b.WriteString(s.Text)
			} else {
				fmt.Fprintf(&b, "{%s|%s}", strings.Join(attrs, ","), s.Text)
			}
		}
	}
	return b.String()
}
