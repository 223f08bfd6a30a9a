package epub

import (
	"testing"
)

func TestNCName(t *testing.T) {
	for _, c := range []struct{ in, prefix, want string }{
		{"a001-rock-and-roll", "a-", "a001-rock-and-roll"},
		{"001-rock", "a-", "a-001-rock"},
		{"the stage & crowd", "h-", "the-stage-crowd"},
		{"café:1", "h-", "caf-1"},
		{"", "x-", "x-"},
		{"--.", "x-", "x-"},
		{"_under", "x-", "x-_under"},
	} {
		if got := ncName(c.in, c.prefix); got != c.want {
			t.Errorf("ncName(%q, %q) = %q, want %q", c.in, c.prefix, got, c.want)
		}
	}
}

func TestNames(t *testing.T) {
	n := names{}
	for _, want := range []string{"a", "a-2", "a-3"} {
		if got := n.unique("a"); got != want {
			t.Errorf("unique = %q, want %q", got, want)
		}
	}
	f := names{}
	for _, c := range []struct{ stem, want string }{{"x", "x.png"}, {"X", "X-2.png"}, {"x", "x-3.png"}} {
		if got := f.uniqueFile(c.stem, ".png"); got != c.want {
			t.Errorf("uniqueFile(%q) = %q, want %q", c.stem, got, c.want)
		}
	}
}
