package layouts

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Fit is how many pages or sheets an edition is asked to fit: "2 pages",
// "1 sheet". The zero Fit asks for nothing.
type Fit struct {
	// N is the number of pages or sheets; 0 for none.
	N int
	// Sheets counts sheets of paper rather than pages.
	Sheets bool
}

// ParseFit reads a fit setting: "N pages", "N sheets" (singular too), or
// "" or "none" for none.
func ParseFit(s string) (Fit, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" || t == "none" {
		return Fit{}, nil
	}
	num, unit, _ := strings.Cut(t, " ")
	n, err := strconv.Atoi(num)
	unit = strings.TrimSpace(unit)
	if err != nil || n < 1 || n > 1000 {
		return Fit{}, fmt.Errorf("%q is not a fit (write it as \"2 pages\" or \"1 sheet\", 1–1000)", s)
	}
	switch unit {
	case "page", "pages", "":
		return Fit{N: n}, nil
	case "sheet", "sheets":
		return Fit{N: n, Sheets: true}, nil
	}
	return Fit{}, fmt.Errorf("%q is not a fit: count pages or sheets (\"2 pages\", \"1 sheet\")", s)
}

// String writes the fit as a layout file does: "2 pages", "1 sheet", or
// "none".
func (f Fit) String() string {
	if f.N == 0 {
		return "none"
	}
	unit := "page"
	if f.Sheets {
		unit = "sheet"
	}
	if f.N != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", f.N, unit)
}

// Pages is how many pages the fit allows under an imposition: a sheet
// printed on both sides holds two pages, or four when they are imposed
// two to a side.
func (f Fit) Pages(imposition string) int {
	if !f.Sheets {
		return f.N
	}
	if imposition == "saddle" || imposition == "2up" {
		return 4 * f.N
	}
	return 2 * f.N
}

// UnmarshalYAML reads "2 pages", "1 sheet" or "none".
func (f *Fit) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseFit(n.Value)
	if err != nil {
		return &valueError{line: n.Line, msg: err.Error()}
	}
	*f = v
	return nil
}

// MarshalYAML writes the fit as ParseFit reads it.
func (f Fit) MarshalYAML() (any, error) { return f.String(), nil }
