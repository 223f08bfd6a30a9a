package model

import "testing"

func TestAttributionSpans(t *testing.T) {
	a := &Article{Attribution: Attribution{Source: "Harbour Gazette", URL: "https://example.org/x", Copyright: "© 2020 Harbour Gazette", License: "CC BY 4.0"}}
	spans := AttributionSpans(a)
	if got := PlainText(spans); got != "First published by Harbour Gazette at https://example.org/x. © 2020 Harbour Gazette. Licence: CC BY 4.0." {
		t.Errorf("got %q", got)
	}
	linked := 0
	for _, s := range spans {
		if s.Link != "" {
			linked++
			if s.Link != s.Text {
				t.Errorf("link %q shows %q", s.Link, s.Text)
			}
		}
	}
	if linked != 1 {
		t.Errorf("%d links, want 1", linked)
	}
	if got := PlainText(AttributionSpans(&Article{Attribution: Attribution{Copyright: "© 2020 X."}})); got != "© 2020 X." {
		t.Errorf("copyright only: %q", got)
	}
	if got := AttributionSpans(&Article{}); len(got) != 0 {
		t.Errorf("nothing to say: %v", got)
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{"CC BY 4.0": "CC BY 4.0.", "© 2020 X.": "© 2020 X.", "Public domain (US)": "Public domain (US)", " ": ""} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}
