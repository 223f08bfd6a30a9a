package yamlerr

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestSplitPointsAtTheBrokenLine(t *testing.T) {
	for _, c := range []struct {
		src  string
		line int
	}{
		{"a: 1\nb: [x\n", 2},
		{"title: x\nsections:\n  - title: [unclosed\n", 3},
		{"a: 1\nb: \"x\n", 2},
		{"a: 1\n b: 2\nc: 3\n", 2},
		{"a: {x: 1\nb: 2\n", 2},
		{"- a\nb: c\n", 2},
		{"title: [Broken\n", 1},
		{"title: x\ndate: [\n", 2},
	} {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(c.src), &n)
		if err == nil {
			t.Errorf("%q parsed", c.src)
			continue
		}
		line, msg := Split(err, []byte(c.src))
		if line != c.line {
			t.Errorf("%q: line %d (%s), want %d", c.src, line, msg, c.line)
		}
		if msg == "" || msg[0] == 'y' {
			t.Errorf("%q: message %q keeps its prefix", c.src, msg)
		}
	}
}

func TestTabsFindTheTabIndentedLine(t *testing.T) {
	for _, c := range []struct {
		src  string
		line int
	}{
		{"title: x\nsections:\n\t- title: a\n", 3},
		{"title: x\nsections:\n  - title: a\n\t  articles: [a]\n", 4},
		{"page_size: A5\nmargins:\n  top: 1\n\tbottom: 2\n", 4},
		{"a:\n \tb: 1\n", 2},
		{"\ttitle: x\n", 1},
		{"a: 1\nb: [x\n", 0},
	} {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(c.src), &n)
		if err == nil {
			t.Errorf("%q parsed", c.src)
			continue
		}
		if got := Tabs(err, []byte(c.src)); got != c.line {
			t.Errorf("%q (%v): line %d, want %d", c.src, err, got, c.line)
		}
	}
	if h := TabHint("edition.yaml", 3); !strings.Contains(h, "edition.yaml:3") || !strings.Contains(h, "tabs are not allowed in YAML indentation") {
		t.Errorf("hint %q", h)
	}
}
