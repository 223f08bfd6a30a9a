package xmltext

import "testing"

// Escape makes any text, scraped from anywhere, safe and well formed in
// XML: markup characters escaped, what XML cannot carry dropped.
func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                 "plain",
		`a & b < c > d "e" 'f'`: "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;",
		"tab\tnl\ncr\r":         "tab\tnl\ncr\r",
		"nul\x00bell\x07ff\x0c": "nulbellff",
		"bad \xff utf-8":        "bad  utf-8",
		"\ufffe\uffff ok":       " ok",
		"émigré — ☑ 𝄞":          "émigré — ☑ 𝄞",
		"]]>":                   "]]&gt;",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}
