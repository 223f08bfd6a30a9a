package container

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/offprint/offprint/packager/model"
)

// singleFileMark is how the SingleFile extension signs the comment it
// puts at the top of every page it saves.
var singleFileMark = []byte("Page saved with SingleFile")

// IsSingleFile reports whether a page's first bytes carry SingleFile's
// header comment.
func IsSingleFile(head []byte) bool {
	return bytes.Contains(head[:min(len(head), 4096)], singleFileMark)
}

// singleFileHeader reads the url: and saved date: lines of SingleFile's
// header comment:
//
//	<!--
//	 Page saved with SingleFile
//	 url: https://example.com/story
//	 saved date: Tue Mar 12 2024 14:03:51 GMT+0100 (Central European Standard Time)
//	-->
func singleFileHeader(src []byte) (addr string, saved time.Time) {
	i := bytes.Index(src[:min(len(src), 4096)], singleFileMark)
	if i < 0 {
		return "", time.Time{}
	}
	end := bytes.Index(src[i:], []byte("-->"))
	if end < 0 {
		return "", time.Time{}
	}
	for _, line := range strings.Split(string(src[i:i+end]), "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "url:"); ok {
			addr = strings.TrimSpace(v)
		} else if v, ok := strings.CutPrefix(line, "saved date:"); ok {
			saved = parseJSDate(strings.TrimSpace(v))
		}
	}
	return addr, saved
}

var jsZone = regexp.MustCompile(`\s*\([^)]*\)\s*$`)

// parseJSDate reads a date as JavaScript's Date.toString writes it
// ("Tue Mar 12 2024 14:03:51 GMT+0100 (Central European Standard Time)"),
// or as an ISO date.
func parseJSDate(s string) time.Time {
	s = jsZone.ReplaceAllString(s, "")
	for _, layout := range []string{"Mon Jan 02 2006 15:04:05 GMT-0700", "Mon Jan 2 2006 15:04:05 GMT-0700", time.RFC3339, time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// decodeDataURL decodes a data: address's bytes.
func decodeDataURL(addr string) ([]byte, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(addr), "data:")
	if !ok {
		return nil, fmt.Errorf("not a data address")
	}
	meta, data, ok := strings.Cut(rest, ",")
	if !ok {
		return nil, fmt.Errorf("data address has no data")
	}
	if base64.StdEncoding.DecodedLen(len(data)) > maxPictureBytes {
		return nil, fmt.Errorf("picture is over %d MB", maxPictureBytes>>20)
	}
	if strings.HasSuffix(strings.ToLower(meta), ";base64") {
		data = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, data)
		if u, err := url.PathUnescape(data); err == nil {
			data = u
		}
		b, err := base64.StdEncoding.DecodeString(strings.TrimRight(data, "="))
		if err != nil {
			b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(data, "="))
		}
		return b, err
	}
	u, err := url.PathUnescape(data)
	return []byte(u), err
}

// openSingleFile reads a page saved by SingleFile: its data: pictures
// become stored pictures, and its header comment gives its address and
// saved date.
func openSingleFile(fsys fs.FS, c *Container) error {
	src, err := readAll(fsys, c.File, maxFileBytes)
	if err != nil {
		return err
	}
	addr, saved := singleFileHeader(src)
	var bad []string
	page := rewritePictures(src, addr, func(raw, _ string) (string, bool) {
		if !strings.HasPrefix(raw, "data:") {
			return "", false
		}
		data, err := decodeDataURL(raw)
		if err == nil {
			var name string
			if name, err = c.Pictures.add(raw, data); err == nil {
				return picturePath(c.File, name, true), true
			}
		}
		bad = append(bad, err.Error())
		return "", false
	})
	for _, b := range bad {
		c.Diags = append(c.Diags, model.Warnf("bad-image", c.File, 0, "an inlined picture cannot be used: %s", b))
	}
	c.Pages = []Page{{Name: "", HTML: func() ([]byte, error) { return page, nil }, URL: addr, Saved: saved}}
	return nil
}
