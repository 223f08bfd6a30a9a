package pdf

import (
	"strings"

	"github.com/offprint/offprint/packager/model"
)

// rtl reports whether the article being set runs right to left: marked
// so (dir: rtl), or in a right-to-left language. Such an article is
// justified and set flush right.
func (c *composer) rtl() bool {
	if c.art == nil {
		return false
	}
	if strings.EqualFold(c.art.Dir, "rtl") {
		return true
	}
	lang := c.art.Lang
	if lang == "" && c.ed != nil {
		lang = c.ed.Language
	}
	return model.IsRTL(lang)
}
