package testtool

import (
	"fmt"
	"strings"
	"testing"
)

// page lays out lines of text from y = 60 down, 12 pt apart, in one
// column 300 pt wide; a line "[picture N]" stands for a picture N lines
// tall, "[gap N]" for N lines of space, "Title: …" for a title set
// large and "Figure …" for a caption set small.
func page(lines ...string) EconomyPage {
	p := EconomyPage{Width: 400, Height: 600}
	y := 60.0
	for _, l := range lines {
		var n int
		switch {
		case strings.HasPrefix(l, "[picture"):
			fmt.Sscanf(l, "[picture %d]", &n)
			p.Pictures = append(p.Pictures, EconomyBox{50, y, 350, y + float64(n)*12})
			y += float64(n)*12 + 2
		case strings.HasPrefix(l, "[gap"):
			fmt.Sscanf(l, "[gap %d]", &n)
			y += float64(n) * 12
		case strings.HasPrefix(l, "Figure "):
			p.Lines = append(p.Lines, EconomyLine{EconomyBox{50, y, 300, y + 8}, l})
			y += 10
		case strings.HasPrefix(l, "Title: "):
			p.Lines = append(p.Lines, EconomyLine{EconomyBox{50, y, 350, y + 24}, strings.TrimPrefix(l, "Title: ")})
			y += 30
		default:
			p.Lines = append(p.Lines, EconomyLine{EconomyBox{50, y, 350, y + 10}, l})
			y += 12
		}
	}
	return p
}

// body returns n lines of running text.
func body(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("line %d of the text", i))
	}
	return out
}

func TestCheckEconomy(t *testing.T) {
	noInk := func(int, EconomyBox) (int, error) { return 0, nil }
	ink := func(int, EconomyBox) (int, error) { return 20, nil }
	cover := page("Title: The Edition")
	tests := []struct {
		name  string
		pages []EconomyPage
		ink   func(int, EconomyBox) (int, error)
		opts  EconomyOptions
		want  []string // parts of the problems, in order
	}{
		{"fine", []EconomyPage{cover, page(append([]string{"Title: One"}, body(30)...)...), page(body(8)...)}, noInk, EconomyOptions{}, nil},
		{"runt", []EconomyPage{cover, page(append([]string{"Title: One"}, body(30)...)...), page(body(3)...)}, noInk, EconomyOptions{},
			[]string{`"One" ends on page 3 with 3 of its lines`}},
		{"picture counts", []EconomyPage{cover, page(append([]string{"Title: One"}, body(30)...)...), page(append([]string{"[picture 8]", "Figure 1: a boat"}, body(2)...)...)}, noInk,
			EconomyOptions{Captions: []string{"Figure 1: a boat"}}, nil},
		{"picture alone", []EconomyPage{cover, page(append([]string{"Title: One"}, body(30)...)...), page("[picture 8]", "Figure 1: a boat")}, noInk,
			EconomyOptions{}, []string{`"One" ends on page 3 with only a picture and its caption`}},
		{"blank", []EconomyPage{cover, page(append([]string{"Title: One"}, body(3)...)...), page(), page(), page(append([]string{"Title: Two"}, body(3)...)...)}, noInk,
			EconomyOptions{}, []string{"page 3 is blank"}},
		{"booklet padding", []EconomyPage{cover, page(append([]string{"Title: One"}, body(3)...)...), page(), page(), page()}, noInk,
			EconomyOptions{Booklet: true}, nil},
		{"no caption", []EconomyPage{cover, page(append([]string{"Title: One", "[picture 8]", "[gap 3]"}, body(3)...)...)}, noInk,
			EconomyOptions{Captions: []string{"Figure 1: a boat"}}, []string{"picture on page 2", `caption "Figure 1: a boat" not found`}},
		{"caption apart", []EconomyPage{cover, page(append([]string{"Title: One", "[picture 8]"}, body(3)...)...), page("Figure 1: a boat")}, noInk,
			EconomyOptions{Captions: []string{"Figure 1: a boat"}}, []string{`caption "Figure 1: a boat" on page 3 has no picture right above it`}},
		{"cover picture", []EconomyPage{page("[picture 8]", "[gap 3]", "Title: The Edition"), page(append([]string{"Title: One"}, body(3)...)...)}, noInk, EconomyOptions{}, nil},
		{"no cover", []EconomyPage{page(append([]string{"Title: One", "[picture 8]", "[gap 3]"}, body(3)...)...)}, noInk, EconomyOptions{Titles: []string{"One"}},
			[]string{"picture on page 1"}},
		{"drawing", []EconomyPage{cover, page("Title: One", "Figure 1: a chart")}, ink, EconomyOptions{DrawnCaptions: []string{"Figure 1: a chart"}}, nil},
		{"no drawing", []EconomyPage{cover, page("Title: One", "Figure 1: a chart")}, noInk, EconomyOptions{DrawnCaptions: []string{"Figure 1: a chart"}},
			[]string{"has no drawing right above it"}},
		{"far reference", []EconomyPage{cover, page("Title: One", "as the picture shows (Fig-", "ure 1)."), page(body(3)...), page(append([]string{"[picture 8]", "Figure 1: a boat"}, body(6)...)...)}, noInk,
			EconomyOptions{References: []EconomyReference{{"(Figure 1).", "Figure 1: a boat"}}}, []string{`caption "Figure 1: a boat" is on page 4, 2 pages from its reference on page 2`}},
		{"known titles", []EconomyPage{cover, page(append([]string{"Title: Part One", "Title: A Long", "Title: Title"}, body(30)...)...), page(body(3)...)}, noInk,
			EconomyOptions{Titles: []string{"A Long Title", "Missing"}}, []string{`title "Missing" not found`, `"A Long Title" ends on page 3 with 3 of its lines`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := checkEconomy("x.pdf", tc.pages, tc.ink, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d is %q, want it to say %q", i, got[i], w)
				}
			}
		})
	}
}
