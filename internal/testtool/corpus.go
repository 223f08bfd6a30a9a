package testtool

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// corpusWords are the words the corpus's prose is drawn from, a few of
// them accented.
var corpusWords = strings.Fields(`the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there one all we their can has been more if will would about who up said so what out other into than them its only time some could these two may first then do any like my now over such our man even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might great old year off come since against go came right used take three harbour quay tide boat market café naïve façade résumé coöperate`)

// CorpusFigure is what WriteCorpus put around one article's figure: the
// caption's text as an output shows it, and the sentence that refers to
// it.
type CorpusFigure struct {
	// Title is the article's title.
	Title string
	// Caption is the figure's caption ("Figure 3: …").
	Caption string
	// Reference is the text that refers to the figure ("(Figure 3).").
	Reference string
}

// WriteCorpus writes into dir an edition folder of n Markdown articles,
// the way a user's folder of saved articles looks: edition.yaml (title,
// language, date, one section listing articles/*.md) and
// articles/article-NNNN.md, each with front matter (title, author, date,
// source, url, license, tags), twelve paragraphs of uneven length with
// typographic quotes and dashes, a second-level heading, a block quote, a
// list, and after the third paragraph one figure with a caption and a
// credit, which the paragraph before it refers to ("… (Figure N)."). The
// figure is a JPEG photoWidth pixels wide and two thirds as tall (every
// fifth one portrait, the other way round), a smooth gradient that is
// small in bytes. The same arguments always write the same bytes. It
// returns each article's figure.
func WriteCorpus(dir string, n, photoWidth int) ([]CorpusFigure, error) {
	if n < 1 || photoWidth < 3 {
		return nil, fmt.Errorf("corpus of %d articles with %d-pixel photos: nothing to write", n, photoWidth)
	}
	if err := os.MkdirAll(filepath.Join(dir, "articles", "images"), 0o755); err != nil {
		return nil, err
	}
	edition := `title: Corpus Review
language: en
date: 2020-02-01
license: CC BY 4.0
sections:
  - title: Reports
    articles: [articles/*.md]
`
	if err := os.WriteFile(filepath.Join(dir, "edition.yaml"), []byte(edition), 0o644); err != nil {
		return nil, err
	}
	r := rand.New(rand.NewSource(int64(n)*7919 + int64(photoWidth)))
	sentence := func() string {
		w := make([]string, 6+r.Intn(18))
		for i := range w {
			w[i] = corpusWords[r.Intn(len(corpusWords))]
		}
		if r.Intn(6) == 0 {
			w[r.Intn(len(w))] += "’s"
		}
		if r.Intn(4) == 0 {
			i := r.Intn(len(w))
			w[i] = "“" + w[i] + "”"
		}
		if i := r.Intn(len(w) - 1); r.Intn(5) == 0 {
			w[i] += " —"
		}
		s := []rune(strings.Join(w, " "))
		for i, c := range s {
			if unicode.IsLetter(c) {
				s[i] = unicode.ToUpper(c)
				break
			}
		}
		return string(s)
	}
	para := func() string {
		s := make([]string, 1+r.Intn(8))
		for i := range s {
			s[i] = sentence() + "."
		}
		return strings.Join(s, " ")
	}
	var figs []CorpusFigure
	photos := map[[3]int][]byte{} // encoded once for each size and tint
	for a := 1; a <= n; a++ {
		w, h := photoWidth, photoWidth*2/3
		if a%5 == 0 {
			w, h = h, w
		}
		img := fmt.Sprintf("images/fig-%04d.jpg", a)
		key := [3]int{w, h, r.Intn(len(photoTints))}
		if photos[key] == nil {
			data, err := gradientJPEG(w, h, photoTints[key[2]])
			if err != nil {
				return nil, err
			}
			photos[key] = data
		}
		if err := os.WriteFile(filepath.Join(dir, "articles", img), withComment(photos[key], img), 0o644); err != nil {
			return nil, err
		}
		title := fmt.Sprintf("Report %d: %s", a, headline(sentence()))
		fig := CorpusFigure{Title: title, Caption: fmt.Sprintf("Figure %d: %s", a, sentence()), Reference: fmt.Sprintf("(Figure %d).", a)}
		figs = append(figs, fig)
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %q\nauthor: \"Staff Writer %d\"\ndate: 2020-01-%02d\nsource: \"Corpus Review\"\nurl: \"https://example.org/report-%d\"\nlicense: \"CC BY 4.0\"\ntags: [world, t%d]\n---\n\n",
			title, a%17, 1+a%28, a, a%5)
		for p := range 12 {
			switch p {
			case 6:
				fmt.Fprintf(&b, "## %s\n\n", headline(sentence()))
			case 8:
				fmt.Fprintf(&b, "> %s.\n\n- %s.\n- %s.\n- %s.\n\n", sentence(), sentence(), sentence(), sentence())
			}
			text := para()
			if p == 2 {
				text = strings.TrimSuffix(text, ".") + " " + fig.Reference
			}
			b.WriteString(text + "\n\n")
			if p == 2 {
				fmt.Fprintf(&b, "![%s](%s \"Credit: Agency %d\")\n\n", fig.Caption, img, a%7)
			}
		}
		name := filepath.Join(dir, "articles", fmt.Sprintf("article-%04d.md", a))
		if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// headline cuts a sentence to its first five words, without its
// punctuation.
func headline(s string) string {
	w := strings.Fields(strings.NewReplacer("“", "", "”", "", "—", "", "’s", "").Replace(s))
	if len(w) > 5 {
		w = w[:5]
	}
	return strings.Join(w, " ")
}

// photoTints are the colours of the corpus's photos (Cb, Cr).
var photoTints = [][2]int{{90, 160}, {160, 90}, {110, 110}, {150, 150}, {128, 100}, {100, 140}}

// withComment returns a JPEG with a comment after its start marker, which
// makes its bytes differ from another's with the same pixels.
func withComment(data []byte, text string) []byte {
	n := len(text) + 2
	out := append([]byte{}, data[:2]...)
	out = append(out, 0xFF, 0xFE, byte(n>>8), byte(n))
	out = append(out, text...)
	return append(out, data[2:]...)
}

// gradientJPEG encodes a w × h picture of smooth gradients at a low
// quality: few bytes for its size, and quick to encode at every size
// the corpus asks for.
func gradientJPEG(w, h int, tint [2]int) ([]byte, error) {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := range h {
		row := img.Y[y*img.YStride:]
		for x := range w {
			row[x] = uint8(40 + 160*(x+y)/(w+h))
		}
	}
	for y := range (h + 1) / 2 {
		for x := range (w + 1) / 2 {
			i := y*img.CStride + x
			img.Cb[i] = uint8(tint[0] + 50*x/w)
			img.Cr[i] = uint8(tint[1] + 50*y/h)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 30}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
