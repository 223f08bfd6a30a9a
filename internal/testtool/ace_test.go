package testtool

import (
	"os"
	"testing"
)

// An EPUB with a page that has no language and a picture with no alt
// attribute: Ace's report names both.
func TestAceViolations(t *testing.T) {
	raw, err := os.ReadFile("testdata/ace-report.json")
	if err != nil {
		t.Fatal(err)
	}
	vs, err := aceViolations(raw)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range vs {
		got[v.Rule] = v.Impact
	}
	if len(vs) != 2 || got["html-has-lang"] != "serious" || got["image-alt"] != "critical" {
		t.Errorf("violations: %v", vs)
	}
}
