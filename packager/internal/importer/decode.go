package importer

import (
	"bytes"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"

	"github.com/offprint/offprint/packager/model"
)

// sureConfidence is the detector confidence (1–100) from which a guessed
// encoding is used without a warning.
const sureConfidence = 60

// DecodeText returns the text of an article file (.txt, .md or .html) as
// UTF-8, whatever encoding it was saved in. It looks, in this order, at:
//   - a byte order mark (UTF-8, UTF-16 LE or BE), as Notepad writes;
//   - valid UTF-8, taken as it is;
//   - the charset the file declares (an HTML <meta charset> or
//     http-equiv, or an XML declaration's encoding);
//   - a detector's guess over the bytes. Latin-1 is read as Windows-1252,
//     which is what editors that say Latin-1 write.
//
// A guess the detector is not sure of is a warning naming the encoding
// used and the first line that is not UTF-8. NUL characters become U+FFFD.
func DecodeText(file string, src []byte) ([]byte, []model.Diagnostic) {
	out, enc, how := detectEncoding(file, src)
	var diags []model.Diagnostic
	if how == "guess" {
		diags = append(diags, model.Warnf("encoding", file, firstBadLine(src), "is not valid UTF-8 and declares no encoding; it was read as %s, a guess", enc).
			WithHint("save the file as UTF-8, or check its accented letters in the output"))
	}
	if bytes.IndexByte(out, 0) >= 0 {
		out = bytes.ReplaceAll(out, []byte{0}, []byte("\uFFFD"))
	}
	return out, diags
}

// detectEncoding decodes src and says which encoding it used and how it was
// chosen: "bom", "utf-8", "declared", "detected" or "guess".
func detectEncoding(file string, src []byte) (out []byte, enc, how string) {
	switch {
	case bytes.HasPrefix(src, []byte("\xef\xbb\xbf")):
		return bytes.ToValidUTF8(src[3:], []byte("\uFFFD")), "UTF-8", "bom"
	case bytes.HasPrefix(src, []byte("\xff\xfe")):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), src), "UTF-16LE", "bom"
	case bytes.HasPrefix(src, []byte("\xfe\xff")):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), src), "UTF-16BE", "bom"
	case utf8.Valid(src):
		return src, "UTF-8", "utf-8"
	}
	if name := declaredCharset(file, src); name != "" {
		if e, err := htmlindex.Get(name); err == nil {
			return decodeWith(e, src), name, "declared"
		}
	}
	// Text without NUL bytes in every other place is not UTF-16; a
	// BOM-less UTF-16 file is told by its NULs.
	if e, name := utf16ByNULs(src); e != nil {
		return decodeWith(e, src), name, "detected"
	}
	name, conf := "windows-1252", 0
	if r, err := chardet.NewTextDetector().DetectBest(src); err == nil {
		name, conf = r.Charset, r.Confidence
	}
	e, err := htmlindex.Get(name)
	if err != nil || strings.HasPrefix(strings.ToLower(name), "utf-") {
		// A name the index does not know, or UTF-8/16/32 guessed for
		// bytes that are not: Windows-1252 reads every byte.
		e, name, conf = charmap.Windows1252, "windows-1252", 0
	}
	if n, _ := htmlindex.Name(e); n == "windows-1252" {
		name = "Windows-1252 (Latin-1)"
	}
	how = "detected"
	if conf < sureConfidence {
		how = "guess"
	}
	return decodeWith(e, src), name, how
}

func decodeWith(e encoding.Encoding, src []byte) []byte {
	out, err := e.NewDecoder().Bytes(src)
	if err != nil {
		out, _ = charmap.Windows1252.NewDecoder().Bytes(src)
	}
	return bytes.TrimPrefix(bytes.ToValidUTF8(out, []byte("\uFFFD")), []byte("\ufeff"))
}

// utf16ByNULs tells UTF-16 without a BOM from the NUL bytes mostly-ASCII
// text has in every other place.
func utf16ByNULs(src []byte) (encoding.Encoding, string) {
	n := min(len(src), 4096) &^ 1
	if n < 4 {
		return nil, ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if src[i] == 0 {
			even++
		}
		if src[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd > half*3/4 && even < half/8:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "UTF-16LE"
	case even > half*3/4 && odd < half/8:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "UTF-16BE"
	}
	return nil, ""
}

var (
	metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)
	xmlEncodingRe = regexp.MustCompile(`^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']`)
)

// declaredCharset returns the encoding a file names for itself in its
// first 4 KB: an XML declaration, or in HTML a <meta> charset.
func declaredCharset(file string, src []byte) string {
	head := src[:min(len(src), 4096)]
	if m := xmlEncodingRe.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	switch strings.ToLower(path.Ext(file)) {
	case ".html", ".htm", ".xhtml":
		if m := metaCharsetRe.FindSubmatch(head); m != nil {
			return string(m[1])
		}
	}
	return ""
}

// firstBadLine is the line of the first byte that is not UTF-8.
func firstBadLine(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return 1 + bytes.Count(b[:i], []byte("\n"))
		}
		i += n
	}
	return 0
}
