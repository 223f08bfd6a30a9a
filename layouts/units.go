package layouts

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Points per unit of length.
const (
	PtPerMM = 72 / 25.4
	PtPerCM = 72 / 2.54
	PtPerIn = 72.0
)

// Length is a distance in PostScript points. In YAML it is written with a
// unit, "15mm", "1.5cm", "0.5in" or "9pt"; a bare number means millimetres.
type Length float64

// MM returns the length in millimetres.
func (l Length) MM() float64 { return float64(l) / PtPerMM }

// String formats the length in millimetres, as a layout file writes it.
func (l Length) String() string { return formatUnit(l.MM(), "mm") }

// UnmarshalYAML reads a length with an optional unit (millimetres by default).
func (l *Length) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseLength(n.Value, "mm")
	if err != nil {
		return &valueError{line: n.Line, msg: err.Error()}
	}
	*l = Length(v)
	return nil
}

// MarshalYAML writes the length in millimetres.
func (l Length) MarshalYAML() (any, error) { return l.String(), nil }

// Size is a type size or leading in points. In YAML it is written as "9.5pt"
// or a bare number of points; other units are accepted too.
type Size float64

// String formats the size in points.
func (s Size) String() string { return formatUnit(float64(s), "pt") }

// UnmarshalYAML reads a size with an optional unit (points by default).
func (s *Size) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseLength(n.Value, "pt")
	if err != nil {
		return &valueError{line: n.Line, msg: err.Error()}
	}
	*s = Size(v)
	return nil
}

// MarshalYAML writes the size in points.
func (s Size) MarshalYAML() (any, error) { return s.String(), nil }

func formatUnit(v float64, unit string) string {
	return strconv.FormatFloat(round(v, 2), 'f', -1, 64) + unit
}

func round(v float64, places int) float64 {
	p := 1.0
	for range places {
		p *= 10
	}
	if v < 0 {
		return -float64(int64(-v*p+0.5)) / p
	}
	return float64(int64(v*p+0.5)) / p
}

// parseLength parses "12", "12mm", "1.2cm", "0.5in", "9pt" into points.
func parseLength(s, defUnit string) (float64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	unit := defUnit
	for _, u := range []string{"mm", "cm", "in", "pt"} {
		if strings.HasSuffix(t, u) {
			unit = u
			t = strings.TrimSpace(strings.TrimSuffix(t, u))
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v != v || v > 1e6 || v < -1e6 {
		return 0, fmt.Errorf("%q is not a length (write it as 12mm, 1.2cm, 0.5in or 9pt)", s)
	}
	switch unit {
	case "mm":
		v *= PtPerMM
	case "cm":
		v *= PtPerCM
	case "in":
		v *= PtPerIn
	}
	return v, nil
}
