package present

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/offprint/offprint/packager/model"
)

// Wording shared by every output.
const (
	// Untitled stands in for a missing title.
	Untitled = "Untitled"
	// creditsHeading heads the credits page.
	creditsHeading = "Sources and credits"
	// noLicence is what the credits page says of an article that states
	// no licence.
	noLicence = "not stated"
	// NoCaption stands in for a missing caption on the credits page.
	NoCaption = "Picture without a caption"
	// NoCredit stands in for a missing picture credit.
	NoCredit = "no credit given"
	// pictureAlt is the alternative text of a picture with no alt text
	// and no caption.
	pictureAlt = "Picture"
	// PictureMissing is what a figure whose picture cannot be shown says
	// in its place.
	PictureMissing = "(picture not included)"
)

// Edition presents a normalized edition in place: it drops nil sections,
// articles and blocks, gives every section and article an id and the
// edition its identifier, settles the language and direction of every
// article, words the edition's labels, bylines, closing attributions and
// credits, gives every figure its alternative text and resolves every
// link. Problems that leave a usable edition (a link that leads nowhere, a
// language that is not a tag) are returned as warnings. Presenting an
// edition twice changes nothing.
func Edition(ed *model.Edition) []model.Diagnostic {
	var diags []model.Diagnostic
	clean(ed)
	ids(ed)
	diags = append(diags, languages(ed)...)

	names := authors(ed)
	ed.Shown = &model.Presentation{
		Title:       TitleOr(ed.Title),
		IssueLabel:  IssueLabel(ed.Issue),
		DateLabel:   DateLabel(ed),
		Authors:     JoinNames(names),
		AuthorNames: names,
	}
	for _, a := range ed.Articles() {
		// Every article has a title to show, settled after its id, which
		// a blank title leaves to its place in the edition.
		a.Title = TitleOr(a.Title)
		a.Byline = Byline(a.Authors)
		a.Closing = model.AttributionSpans(a)
		for i := range a.Closing {
			if a.Closing[i].Link != "" {
				a.Closing[i].Target = external(a.Closing[i].Link)
			}
		}
		for _, f := range a.Figures() {
			f.ShownAlt = altText(f)
			f.Described = Described(f)
		}
	}
	ed.Shown.Credits = Credits(ed)
	ed.Shown.Meta = Meta(ed)
	diags = append(diags, Links(ed)...)
	return diags
}

// Listed reports whether a section is an entry of the contents (the
// e-book's navigation and the PDF's outline): one with a title. The
// articles of an untitled section (an edition of one implicit section)
// stand at the top level instead.
func Listed(s *model.Section) bool { return s != nil && strings.TrimSpace(s.Title) != "" }

// TitleOr is a title on one line, or the fallback when it is blank.
func TitleOr(s string) string {
	if s = oneLine(s); s == "" {
		return Untitled
	}
	return s
}

// oneLine is a title on one line: its runs of white space, line breaks
// among them, become single spaces, and none is left at either end.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// IssueLabel is how an edition's number is shown: "No. 7", or "" when the
// edition has none.
func IssueLabel(issue int) string {
	if issue <= 0 {
		return ""
	}
	return "No. " + strconv.Itoa(issue)
}

// DateLabel is the date an edition shows: its range of days when it has
// one, else its date.
func DateLabel(ed *model.Edition) string {
	if !ed.Range.IsZero() {
		return model.HumanRange(ed.Range)
	}
	return model.HumanDate(ed.Date)
}

// nameSep is what goes before the i-th of n names in a list: "", ", " or
// " and ".
func nameSep(i, n int) string {
	switch {
	case i == 0:
		return ""
	case i == n-1:
		return " and "
	}
	return ", "
}

// JoinNames lists names as people write them: "A", "A and B", "A, B and
// C".
func JoinNames(ns []string) string {
	var b strings.Builder
	for i, n := range ns {
		b.WriteString(nameSep(i, len(ns)))
		b.WriteString(n)
	}
	return b.String()
}

// Byline is "By " and the names, in pieces that keep each name apart; nil
// for no names.
func Byline(ns []string) []model.NamePart {
	if len(ns) == 0 {
		return nil
	}
	out := []model.NamePart{{Text: "By "}}
	for i, n := range ns {
		if s := nameSep(i, len(ns)); s != "" {
			out = append(out, model.NamePart{Text: s})
		}
		out = append(out, model.NamePart{Text: n, Name: true})
	}
	return out
}

// authors are the distinct article authors in reading order.
func authors(ed *model.Edition) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range ed.Articles() {
		for _, n := range a.Authors {
			if n = strings.TrimSpace(n); n != "" && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// altText is a figure's alternative text, chosen so that alt text and
// caption never say the same thing twice:
//
//   - a figure with a caption gets the alt text the article gave it (front
//     matter or the figure's alt) when that differs from the caption, so
//     that it describes the picture; else "", and the caption is the
//     picture's description;
//   - a figure without a caption gets its alt text, else "Picture".
func altText(f *model.Figure) string {
	alt := strings.Join(strings.Fields(f.Alt), " ")
	caption := strings.Join(strings.Fields(model.PlainText(f.Caption)), " ")
	if caption != "" {
		if strings.EqualFold(alt, caption) {
			return ""
		}
		return alt
	}
	if alt != "" {
		return alt
	}
	return pictureAlt
}

// Described is a figure's description where one must not be empty, such
// as a tagged PDF's Figure /Alt: its alternative text, else its caption's
// text (which AltText leaves out so that a reader of the EPUB does not
// hear it twice).
func Described(f *model.Figure) string {
	if alt := altText(f); alt != "" {
		return alt
	}
	return strings.Join(strings.Fields(model.PlainText(f.Caption)), " ")
}

// describeWords is the fewest words a caption needs to describe a
// picture on its own.
const describeWords = 5

// needsDescription says why a figure's picture needs a real description,
// or "" when it has one: a chart (an SVG picture) without alt text of its
// own, or a picture described only by a caption of fewer than five words.
func needsDescription(f *model.Figure) string {
	if f.Image == nil || f.Image.Path == "" {
		return ""
	}
	alt := altText(f)
	own := alt != "" && alt != pictureAlt
	if own {
		return ""
	}
	if f.Image.Format == "svg" {
		return "a chart needs alt text that gives what it shows"
	}
	if n := len(strings.Fields(model.PlainText(f.Caption))); n < describeWords {
		return "a picture described only by a caption of " + strconv.Itoa(n) + " words needs alt text that describes it"
	}
	return ""
}

// TextualSufficient is true when a reader who cannot see the pictures
// loses nothing: no picture needs a real description.
func TextualSufficient(ed *model.Edition) bool {
	for _, a := range ed.Articles() {
		for _, f := range a.Figures() {
			if needsDescription(f) != "" {
				return false
			}
		}
	}
	return true
}

// Credits builds the credits page: for every article who wrote it, where
// it came from, its address, licence and copyright, and every credited
// figure's caption and credit. An article's pictures without a credit
// are summed up in one line ("4 pictures — no credit given").
func Credits(ed *model.Edition) model.Credits {
	cr := model.Credits{Heading: creditsHeading}
	if ed.License != "" {
		cr.Intro = "Articles without a licence of their own are published under the edition’s licence, " + ed.License + "."
	}
	for _, a := range ed.Articles() {
		e := model.CreditEntry{Article: a, Title: TitleOr(a.Title)}
		line := func(label, text, link string) {
			if text != "" {
				e.Lines = append(e.Lines, model.CreditLine{Label: label, Text: text, Link: link})
			}
		}
		line("By", JoinNames(a.Authors), "")
		line("Source:", a.Source, "")
		if t := external(a.URL); t != nil {
			line("URL:", a.URL, t.URL)
		} else {
			line("URL:", a.URL, "")
		}
		switch {
		case a.License == "":
			line("Licence:", noLicence, "")
		case a.LicenseFromEdition:
			line("Licence:", a.License+" (the edition’s default licence)", "")
		default:
			line("Licence:", a.License, "")
		}
		line("Copyright:", a.Copyright, "")
		var uncredited []model.FigureCredit
		for _, f := range a.Figures() {
			caption := strings.TrimSpace(model.PlainText(f.Caption))
			credit := strings.TrimSpace(f.Credit)
			if caption == "" && credit == "" && (f.Image == nil || f.Image.Path == "") {
				continue
			}
			fc := model.FigureCredit{Figure: f, Caption: caption, Credit: credit}
			if caption == "" {
				fc.Caption, fc.NoCaption = NoCaption, true
			}
			if credit == "" {
				fc.Credit, fc.NoCredit = NoCredit, true
				uncredited = append(uncredited, fc)
				continue
			}
			e.Figures = append(e.Figures, fc)
		}
		e.Figures = append(e.Figures, summarise(uncredited)...)
		cr.Entries = append(cr.Entries, e)
	}
	return cr
}

// summarise puts an article's uncredited figures in one line when there
// is more than one.
func summarise(fcs []model.FigureCredit) []model.FigureCredit {
	if len(fcs) < 2 {
		return fcs
	}
	return []model.FigureCredit{{
		Caption: strconv.Itoa(len(fcs)) + " pictures", NoCaption: true,
		Credit: NoCredit, NoCredit: true, Count: len(fcs),
	}}
}

// ids gives every section and article an id unique in the edition (the
// article's number and the words of its title, "a003-the-long-road"), every
// heading and figure an id unique in its article (a repeated one gets -1,
// -2 …, as GitHub and Hugo number repeated headings), and the edition its
// identifier.
func ids(ed *model.Edition) {
	used := map[string]bool{}
	unique := func(base string) string {
		id := base
		for i := 2; used[id]; i++ {
			id = base + "-" + strconv.Itoa(i)
		}
		used[id] = true
		return id
	}
	for i, s := range ed.Sections {
		if s.ID == "" {
			s.ID = fmt.Sprintf("s%02d", i+1)
		}
		s.ID = unique(s.ID)
	}
	n := 0
	for _, s := range ed.Sections {
		for _, a := range s.Articles {
			n++
			if a.ID == "" {
				a.ID = fmt.Sprintf("a%03d", n)
				if w := SlugWords(a.Title, 40); w != "" {
					a.ID += "-" + w
				}
			}
			a.ID = unique(a.ID)
			for k, f := range a.Figures() {
				if f.ID == "" {
					f.ID = fmt.Sprintf("%s-fig%d", a.ID, k+1)
				}
			}
			anchors(a)
		}
	}
	if ed.Identifier == "" {
		ed.Identifier = model.StableIdentifier(ed)
	}
}

// anchors makes the ids of an article's headings and figures unique in
// it, beside its notes' ids.
func anchors(a *model.Article) {
	used := map[string]bool{}
	for _, fn := range a.Footnotes {
		used[fn.ID] = true
	}
	fix := func(id *string) {
		if *id == "" {
			return
		}
		if used[*id] {
			n := 1
			for used[*id+"-"+strconv.Itoa(n)] {
				n++
			}
			*id += "-" + strconv.Itoa(n)
		}
		used[*id] = true
	}
	a.Walk(func(b model.Block) {
		switch b := b.(type) {
		case *model.Heading:
			fix(&b.ID)
		case *model.Figure:
			fix(&b.ID)
		}
	})
}

// languages settles the edition's language and every article's: a tag in
// its canonical form, an article's only when it differs from the
// edition's, and "rtl" for right-to-left scripts.
func languages(ed *model.Edition) []model.Diagnostic {
	var diags []model.Diagnostic
	if tag, ok := Lang(ed.Language); !ok {
		diags = append(diags, model.Warnf("language", "", 0, "language %q is not a language tag; the edition is marked en", ed.Language).
			WithHint("use a BCP 47 tag such as en, fr, pt-BR or zh-Hant"))
		ed.Language = "en"
	} else if tag == "" {
		ed.Language = "en"
	} else {
		ed.Language = tag
	}
	for _, a := range ed.Articles() {
		tag, ok := Lang(a.Lang)
		if !ok {
			diags = append(diags, model.Warnf("language", a.File, 0, "lang %q is not a language tag; the article is marked with the edition's language", a.Lang).
				WithHint("use a BCP 47 tag such as fr, pt-BR or zh-Hant"))
		}
		if tag == ed.Language {
			tag = ""
		}
		a.Lang = tag
		if a.Dir == "" && model.IsRTL(a.Lang) {
			a.Dir = "rtl"
		}
		if a.Dir != "rtl" {
			a.Dir = ""
		}
	}
	return diags
}

// Lang returns a language tag in its canonical form ("en_us" gives
// "en-US"), a well-formed but unknown tag as it is, and ok false for text
// that is not a language tag at all. An empty tag is fine: it gives "".
func Lang(s string) (tag string, ok bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", "-"))
	if s == "" {
		return "", true
	}
	t, err := language.Parse(s)
	var unknown language.ValueError
	switch {
	case err == nil:
		return t.String(), true
	case errors.As(err, &unknown):
		return s, true
	}
	return "", false
}

// clean drops nil sections, articles and blocks (typed nil pointers
// included) at any depth, so that renderers can trust every pointer.
func clean(ed *model.Edition) {
	secs := ed.Sections[:0]
	seen := map[*model.Article]bool{}
	for _, s := range ed.Sections {
		if s == nil {
			continue
		}
		arts := s.Articles[:0]
		for _, a := range s.Articles {
			if a == nil || seen[a] {
				continue
			}
			seen[a] = true
			a.Blocks = cleanBlocks(a.Blocks)
			for i := range a.Footnotes {
				a.Footnotes[i].Blocks = cleanBlocks(a.Footnotes[i].Blocks)
			}
			arts = append(arts, a)
		}
		s.Articles = arts
		// A section keeps a blank title, which means it is not shown
		// as a section.
		s.Title = oneLine(s.Title)
		secs = append(secs, s)
	}
	ed.Sections = secs
}

func cleanBlocks(bs []model.Block) []model.Block {
	out := bs[:0]
	for _, b := range bs {
		if b == nil {
			continue
		}
		if v := reflect.ValueOf(b); v.Kind() == reflect.Pointer && v.IsNil() {
			continue
		}
		switch b := b.(type) {
		case *model.Quote:
			b.Blocks = cleanBlocks(b.Blocks)
		case *model.Aside:
			b.Blocks = cleanBlocks(b.Blocks)
		case *model.List:
			for i := range b.Items {
				b.Items[i].Blocks = cleanBlocks(b.Items[i].Blocks)
			}
		}
		out = append(out, b)
	}
	return out
}

// SlugWords lowercases s, drops accents and punctuation, and joins words
// with hyphens, cut at a word boundary within max bytes. Ids and file
// names are made of it.
func SlugWords(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				if b.Len()+1 > max {
					return b.String()
				}
				b.WriteByte('-')
			}
			dash = false
			if b.Len()+1 > max {
				return strings.TrimRight(b.String(), "-")
			}
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	return b.String()
}
