package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/internal/present"
	"github.com/offprint/offprint/packager/model"
)

// corpusWords are the words of the shared corpus generator
// (shared/tools/gencorpus), which this test's corpus follows in shape.
var corpusWords = strings.Fields(`the of and to in a is that for it as was with be by on not he i this are or his from at which but have an they you were her she there one all we their can has been more if will would about who up said so what out other into than them its only time some could these two may first then do any like my now over such our man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three café naïve über façade résumé coöperate`)

// photo is a photograph-like JPEG: a gradient under grain.
func photo(w, h int, seed int64) []byte {
	r := rand.New(rand.NewSource(seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	base := [3]int{r.Intn(200), r.Intn(200), r.Intn(200)}
	for y := range h {
		for x := range w {
			g := r.Intn(20)
			img.Set(x, y, color.RGBA{uint8((base[0] + x*255/w/2 + g) & 0xff), uint8((base[1] + y*255/h/2 + g) & 0xff), uint8((base[2] + (x+y)*255/(w+h)/2 + g) & 0xff), 255})
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
	return b.Bytes()
}

// corpus is an edition of n articles shaped like gencorpus's: front
// matter, twelve paragraphs of random sentences with typographic quotes
// and dashes, a captioned and credited photograph (every fifth portrait),
// a second-level heading, a quotation and a list.
func corpus(n, paras int) (*model.Edition, fstest.MapFS) {
	r := rand.New(rand.NewSource(42))
	fsys := fstest.MapFS{}
	land, port := photo(1600, 1066, 1), photo(1066, 1600, 2)
	sentence := func() string {
		k := 8 + r.Intn(18)
		w := make([]string, k)
		for i := range w {
			w[i] = corpusWords[r.Intn(len(corpusWords))]
		}
		if r.Intn(4) == 0 {
			i := r.Intn(k)
			w[i] = "“" + w[i] + "”"
		}
		if r.Intn(5) == 0 {
			w[r.Intn(k)] += " —"
		}
		rs := []rune(strings.Join(w, " "))
		rs[0] = unicode.ToUpper(rs[0])
		return string(rs) + "."
	}
	paragraph := func() *model.Paragraph {
		k := 3 + r.Intn(5)
		s := make([]string, k)
		for i := range s {
			s[i] = sentence()
		}
		return para(text(strings.Join(s, " ")))
	}
	ed := &model.Edition{Title: "Corpus Weekly", Slug: "corpus", Language: "en", Modified: time.Unix(0, 0).UTC()}
	sec := &model.Section{Title: "World"}
	for a := 1; a <= n; a++ {
		path := fmt.Sprintf("images/fig-%04d.jpg", a)
		im := img(path, "jpeg", 1600, 1066)
		fsys[path] = &fstest.MapFile{Data: land}
		if a%5 == 0 {
			im = img(path, "jpeg", 1066, 1600)
			fsys[path] = &fstest.MapFile{Data: port}
		}
		head := strings.TrimSuffix(sentence(), ".")
		art := &model.Article{Title: fmt.Sprintf("Report %d: %s", a, strings.Join(strings.Fields(head)[:5], " ")), File: fmt.Sprintf("article-%04d.md", a),
			Attribution: model.Attribution{Authors: []string{fmt.Sprintf("Staff Writer %d", a%17)}, Source: "Corpus Review", License: "CC BY 4.0"}}
		for p := range paras {
			if p == 3 {
				art.Blocks = append(art.Blocks, &model.Figure{Image: im, Line: 20, Caption: []model.Span{text(fmt.Sprintf("Figure %d: %s", a, strings.TrimSuffix(sentence(), ".")))}, Credit: fmt.Sprintf("Credit: Agency %d", a%7)})
			}
			if p == 6 {
				art.Blocks = append(art.Blocks, &model.Heading{Level: 2, Spans: []model.Span{text(fmt.Sprintf("Section %d.%d", a, p))}})
			}
			if p == 8 {
				art.Blocks = append(art.Blocks, &model.Quote{Blocks: []model.Block{para(text(sentence()))}},
					&model.List{Tight: true, Items: []model.ListItem{{Blocks: []model.Block{para(text(sentence()))}}, {Blocks: []model.Block{para(text(sentence()))}}}})
			}
			art.Blocks = append(art.Blocks, paragraph())
		}
		sec.Articles = append(sec.Articles, art)
	}
	ed.Sections = []*model.Section{sec}
	return ed, fsys
}

// typography is what TestTypography measures.
type typography struct {
	pages, bodyLines, hyphenated int
	worstSpace                   float64 // widest interword space / its natural width, justified lines
	looseLines                   int     // justified lines with spaces over 1.5 times natural
	columnHyphens                int     // columns (and pages) ending with a hyphen
	widows, orphans              int
	headingsAtFoot               int
	outside                      int // elements past the bottom or sides of their column
	lost                         int // body lines set but not placed, or placed twice
}

func (m typography) String() string {
	return fmt.Sprintf("%d pages, %d body lines, %.1f%% hyphenated, worst space %.2f× (%d lines over 1.5×), %d column-final hyphens, %d widows, %d orphans, %d headings at a column foot, %d outside their column, %d lines lost or doubled",
		m.pages, m.bodyLines, 100*float64(m.hyphenated)/float64(max(m.bodyLines, 1)), m.worstSpace, m.looseLines, m.columnHyphens, m.widows, m.orphans, m.headingsAtFoot, m.outside, m.lost)
}

// measureTypography lays out an edition with tracing and measures it.
func measureTypography(t testing.TB, l *layouts.Layout, ed *model.Edition, fsys fstest.MapFS) (typography, []model.Diagnostic) {
	t.Helper()
	var warns []model.Diagnostic
	r := New(Options{Layout: l, FS: fsys, Warn: func(d model.Diagnostic) { warns = append(warns, d) }})
	present.Edition(ed)
	c, err := r.layout(t.Context(), ed, true)
	if err != nil {
		t.Fatal(err)
	}
	m := typography{pages: len(c.pages)}
	placed := map[*typeset.TextBlock]int{} // lines placed, by the first piece's block
	whole := map[*typeset.Builder]*typeset.TextBlock{}
	colW := l.ColumnWidth()
	for pi, pg := range c.pages {
		marks := pg.page.Marks
		if len(marks) == 0 {
			continue
		}
		rect := c.textRect(pi + 1)
		last := map[int]int{} // column → index of its last mark
		for i, mk := range marks {
			if mk.Col >= 0 {
				last[mk.Col] = i
			}
			w := colW
			if mk.Col < 0 {
				w = rect.W
			}
			if mk.Y+mk.H > rect.Y+rect.H+0.01 || mk.Y < rect.Y-0.01 || mk.X < rect.X-0.01 || mk.X > rect.X+rect.W-w+0.01 {
				m.outside++
				t.Logf("page %d: %T at %.1f,%.1f (%.1f high) outside the text block %+v", pi+1, mk.El, mk.X, mk.Y, mk.H, rect)
			}
			tb, ok := mk.El.(*typeset.TextBlock)
			if !ok || tb.Role != "body" {
				continue
			}
			first, n := tb.Piece()
			total := len(tb.Lines)
			m.bodyLines += n
			if whole[tb.B] == nil {
				whole[tb.B] = tb
			}
			placed[whole[tb.B]] += n
			for li := first; li < first+n; li++ {
				if tb.Hyphenated(li) {
					m.hyphenated++
				}
				ln := tb.Lines[li]
				if tb.Align != typeset.AlignJustify || ln.Last {
					continue
				}
				worst := 1.0
				for _, it := range tb.B.Items[ln.Start:ln.End] {
					if it.Kind != typeset.Glue || it.Width <= 0 || math.IsInf(it.Stretch, 1) {
						continue
					}
					sp := it.Width
					if ln.Ratio > 0 {
						sp += ln.Ratio * it.Stretch
					} else {
						sp += ln.Ratio * it.Shrink
					}
					worst = max(worst, sp/it.Width)
				}
				m.worstSpace = max(m.worstSpace, worst)
				if worst > 1.5 {
					m.looseLines++
				}
			}
			if total > 1 && n == 1 && first == 0 {
				m.orphans++
				t.Logf("page %d column %d: an orphan", pi+1, mk.Col)
			}
			if total > 1 && n == 1 && first > 0 && first+n == total {
				m.widows++
				t.Logf("page %d column %d: a widow", pi+1, mk.Col)
			}
		}
		for col, i := range last {
			tb, ok := marks[i].El.(*typeset.TextBlock)
			if !ok {
				continue
			}
			first, n := tb.Piece()
			if tb.Hyphenated(first + n - 1) {
				m.columnHyphens++
				t.Logf("page %d column %d ends with a hyphen", pi+1, col)
			}
			if marks[i].Spacing.KeepWithNext && (i < len(marks)-1 || pi+1 < len(c.pages) && !c.pages[pi+1].opener) {
				m.headingsAtFoot++
				t.Logf("page %d column %d ends with a heading", pi+1, col)
			}
		}
	}
	for tb, n := range placed {
		if n != len(tb.Lines) {
			m.lost++
		}
	}
	return m, warns
}

func threeColumns(t testing.TB) *layouts.Layout {
	t.Helper()
	fsys := fstest.MapFS{"layouts/three.yaml": {Data: []byte("extends: magazine\ncolumns: 3\ngutter: 4.5mm\n")}}
	l, err := layouts.Load("three", fsys)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestTypography sets a 30-article corpus in every layout and measures the
// typography: how many lines end hyphenated, how wide the widest
// interword space is, and that no column ends with a hyphen, a heading, a
// widow or an orphan.
func TestTypography(t *testing.T) {
	n := 30
	if testing.Short() {
		n = 8 // the same measures over fewer articles
	}
	ed, fsys := corpus(n, 12)
	type bounds struct {
		hyphenated, space float64
	}
	cases := []struct {
		name string
		l    func(testing.TB) *layouts.Layout
		b    bounds
	}{
		{"magazine", builtin("magazine"), bounds{0.15, 2.0}},
		// Narrow measures (about 35 characters) of the corpus's short words
		// leave a few lines loose even at the best breaks.
		{"three-columns", threeColumns, bounds{0.20, 3.0}},
		{"ereader", builtin("ereader"), bounds{0.20, 3.0}},
		{"booklet", builtin("booklet"), bounds{0.15, 2.0}},
		{"handout", builtin("handout"), bounds{0.01, 1.0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.l(t)
			m, warns := measureTypography(t, l, ed, fsys)
			t.Logf("%s: %s", tc.name, m)
			for _, w := range warns {
				t.Errorf("warning: %v", w)
			}
			if share := float64(m.hyphenated) / float64(max(m.bodyLines, 1)); share > tc.b.hyphenated {
				t.Errorf("%.1f%% of body lines end hyphenated, want under %.0f%%", 100*share, 100*tc.b.hyphenated)
			}
			if m.worstSpace > tc.b.space+1e-9 {
				t.Errorf("an interword space %.2f times its natural width, want at most %.1f", m.worstSpace, tc.b.space)
			}
			if m.columnHyphens+m.widows+m.orphans+m.headingsAtFoot+m.outside+m.lost != 0 {
				t.Errorf("pagination faults: %s", m)
			}
		})
	}
}

func builtin(name string) func(testing.TB) *layouts.Layout {
	return func(t testing.TB) *layouts.Layout {
		t.Helper()
		l, err := layouts.Load(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
}
