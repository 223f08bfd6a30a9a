package pdf

import "strings"

// rtl reports whether the article being set runs right to left: marked
// so, or in Hebrew, Arabic, Persian, Urdu or Yiddish. Such an article is
// justified and set flush right.
func (c *composer) rtl() bool {
	if c.art == nil {
		return false
	}
	if strings.EqualFold(c.art.Dir, "rtl") {
		return true
	}
	lang := strings.ToLower(c.art.Lang)
	if lang == "" && c.ed != nil {
		lang = strings.ToLower(c.ed.Language)
	}
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	switch lang {
	case "he", "iw", "ar", "fa", "ur", "yi", "ps", "sd", "ug", "dv":
		return true
	}
	return false
}
