package present

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/offprint/offprint/packager/model"
)

// defaultTitleFormat is how an issue's full title is made unless the
// edition says otherwise.
const defaultTitleFormat = "{title} — No. {issue}, {date}"

// ConformsTo is the conformance an edition claims with accessibility:
// {conforms: true}.
const ConformsTo = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

// maxSubjects caps the subjects taken from the articles' tags.
const maxSubjects = 8

// Meta decides the metadata of a presented edition.
func Meta(ed *model.Edition) model.BookMeta {
	m := model.BookMeta{
		Title:       issueTitle(ed),
		Description: Description(ed),
		Subjects:    Subjects(ed),
		Creator:     ed.Editor,
		Languages:   Languages(ed),
	}
	if m.Creator == "" {
		m.Creator = ed.Publisher
	}
	for _, n := range ed.Shown.AuthorNames {
		m.Contributors = append(m.Contributors, model.Contributor{Name: n, FileAs: FileAs(n)})
	}
	if ed.Conforms {
		m.ConformsTo = ConformsTo
		m.CertifiedBy = ed.Publisher
		if m.CertifiedBy == "" {
			m.CertifiedBy = m.Creator
		}
	}
	return m
}

// issueTitle is the title that names the issue: the edition's title
// format (default "{title} — No. {issue}, {date}") with {title}, {issue},
// {date} and {subtitle} filled in. An edition with no number drops the
// number ("{title} — 6–12 January 2020") when it covers a range of days,
// and is its plain title otherwise.
func issueTitle(ed *model.Edition) string {
	title := TitleOr(ed.Title)
	format := strings.TrimSpace(ed.TitleFormat)
	if format == "" {
		switch {
		case ed.Issue > 0:
			format = defaultTitleFormat
		case !ed.Range.IsZero():
			format = "{title} — {date}"
		default:
			return title
		}
	}
	issue := ""
	if ed.Issue > 0 {
		issue = strconv.Itoa(ed.Issue)
	}
	r := strings.NewReplacer("{title}", title, "{issue}", issue, "{date}", DateLabel(ed), "{subtitle}", ed.Subtitle)
	s := strings.Join(strings.Fields(r.Replace(format)), " ")
	if s == "" {
		return title
	}
	return s
}

// Description is the edition's description, else its subtitle, followed
// by the list of its articles ("In this issue: A; B; C.").
func Description(ed *model.Edition) string {
	var parts []string
	lead := strings.TrimSpace(ed.Description)
	if lead == "" {
		lead = strings.TrimSpace(ed.Subtitle)
	}
	if lead != "" {
		if !strings.ContainsAny(lead[len(lead)-1:], ".!?") {
			lead += "."
		}
		parts = append(parts, lead)
	}
	var titles []string
	for _, a := range ed.Articles() {
		t := TitleOr(a.Title)
		if names := JoinNames(a.Authors); names != "" {
			t += " (" + names + ")"
		}
		titles = append(titles, t)
	}
	if len(titles) > 0 {
		parts = append(parts, "In this issue: "+strings.Join(titles, "; ")+".")
	}
	return strings.Join(parts, " ")
}

// Subjects are the edition's own tags, then the articles' tags used by
// more than one article, most frequent first (ties in order of first
// use), up to eight; with no tag used twice, every article tag up to eight.
// Tags that differ only in case count as one.
func Subjects(ed *model.Edition) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		t = strings.TrimSpace(t)
		if k := strings.ToLower(t); t != "" && !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	for _, t := range ed.Tags {
		add(t)
	}
	type tagCount struct {
		tag   string
		n     int
		first int
	}
	counts := map[string]*tagCount{}
	var order []*tagCount
	for _, a := range ed.Articles() {
		once := map[string]bool{}
		for _, t := range a.Tags {
			t = strings.TrimSpace(t)
			k := strings.ToLower(t)
			if t == "" || once[k] {
				continue
			}
			once[k] = true
			c := counts[k]
			if c == nil {
				c = &tagCount{tag: t, first: len(order)}
				counts[k] = c
				order = append(order, c)
			}
			c.n++
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].n > order[j].n })
	shared := 0
	for _, c := range order {
		if c.n > 1 {
			shared++
		}
	}
	taken := 0
	for _, c := range order {
		if taken == maxSubjects || (shared > 0 && c.n < 2) {
			break
		}
		if !seen[strings.ToLower(c.tag)] {
			taken++
		}
		add(c.tag)
	}
	return out
}

// Languages are the edition's language and then the other languages its
// articles are written in, in reading order.
func Languages(ed *model.Edition) []string {
	out := []string{ed.Language}
	seen := map[string]bool{ed.Language: true}
	for _, a := range ed.Articles() {
		if a.Lang != "" && !seen[a.Lang] {
			seen[a.Lang] = true
			out = append(out, a.Lang)
		}
	}
	return out
}

// groupWords mark a name as a group's ("The Go team", "Readers of the
// Weekly"), which sorts as it is written.
var groupWords = map[string]bool{
	"the": true, "of": true, "and": true, "&": true, "team": true, "staff": true,
	"readers": true, "editors": true, "contributors": true, "authors": true,
	"group": true, "society": true, "office": true, "press": true, "desk": true,
	"community": true, "project": true, "foundation": true, "committee": true,
	"association": true, "club": true, "board": true, "newsroom": true, "on": true,
	"behalf": true, "inc.": true, "ltd": true, "ltd.": true, "llc": true,
}

// particles stay with the family name ("van Rossum, Guido").
var particles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true, "da": true,
	"di": true, "du": true, "del": true, "della": true, "le": true, "la": true,
	"dos": true, "das": true, "ten": true, "ter": true, "bin": true, "al": true,
}

// FileAs is the form a name is sorted by: "Bendersky, Eli" for a
// person's "Eli Bendersky", "van Rossum, Guido" for "Guido van Rossum",
// and the name as written for a single word, a name already in that form
// and a group ("The Go team", "Readers of the Weekly").
func FileAs(name string) string {
	name = strings.Join(strings.Fields(name), " ")
	words := strings.Fields(name)
	if len(words) < 2 || len(words) > 4 || strings.Contains(name, ",") {
		return name
	}
	for _, w := range words {
		if groupWords[strings.ToLower(w)] || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			return name
		}
	}
	last := len(words) - 1
	if s := strings.ToLower(words[last]); s == "jr." || s == "jr" || s == "sr." || s == "ii" || s == "iii" {
		return name
	}
	start := last
	for start > 1 && particles[strings.ToLower(words[start-1])] {
		start--
	}
	return strings.Join(words[start:], " ") + ", " + strings.Join(words[:start], " ")
}

// Descriptions reports every picture that needs a real description (see
// needsDescription), naming its file and line.
func Descriptions(ed *model.Edition) []model.Diagnostic {
	var out []model.Diagnostic
	for _, a := range ed.Articles() {
		for _, f := range a.Figures() {
			why := needsDescription(f)
			if why == "" {
				continue
			}
			out = append(out, model.Warnf("needs-description", a.File, f.Line, "picture %s: %s", f.Image.Src, why).
				WithHint(`describe what the picture shows in alt text beside the caption: <figure><img src="…" alt="…"><figcaption>…</figcaption></figure>, or the figure shortcode's alt="…"`))
		}
	}
	return out
}

// ConformanceRefused is the error a build or check gives when an edition
// claims accessibility conformance that these problems disprove; nil
// when the edition makes no claim or nothing disproves it.
func ConformanceRefused(ed *model.Edition, problems []model.Diagnostic) *model.Diagnostic {
	if !ed.Conforms || len(problems) == 0 {
		return nil
	}
	d := model.Errorf("", 0, "accessibility: conforms: true is refused while %d accessibility check(s) fail (first: %s)", len(problems), problems[0].Error())
	d.Code = "conformance-refused"
	d.Hint = "fix what `offprint check` reports about pictures, or remove the claim"
	return d
}

// OutlineEntry is a heading as the navigation and the outline list it.
type OutlineEntry struct {
	Heading *model.Heading
	// Level counts the article as 1: its highest headings are 2, whatever
	// their rank.
	Level int
}

// Outline lists the headings of an article's own text (not those in
// quotes or lists) that have an id and words, down to depth levels
// counting the article as the first; depth 1 or less lists none.
func Outline(a *model.Article, depth int) []OutlineEntry {
	if depth < 2 {
		return nil
	}
	var heads []*model.Heading
	top := 7
	for _, b := range a.Blocks {
		if h, ok := b.(*model.Heading); ok && h.ID != "" && strings.TrimSpace(model.PlainText(h.Spans)) != "" {
			heads = append(heads, h)
			top = min(top, h.Level)
		}
	}
	var out []OutlineEntry
	prev := 1
	for _, h := range heads {
		// A skipped rank does not skip a level: the outline would lose
		// the entry's parent.
		lv := min(h.Level-top+2, prev+1)
		if lv <= depth {
			out = append(out, OutlineEntry{Heading: h, Level: lv})
			prev = lv
		}
	}
	return out
}
