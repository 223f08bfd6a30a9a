package importer

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// notepadUTF16 writes text as Windows Notepad saves "Unicode": a byte
// order mark, UTF-16 in the given order, CRLF line ends.
func notepadUTF16(s string, bigEndian bool) []byte {
	s = strings.ReplaceAll(s, "\n", "\r\n")
	units := utf16.Encode([]rune(s))
	out := []byte{0xff, 0xfe}
	if bigEndian {
		out = []byte{0xfe, 0xff}
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestDecodeText(t *testing.T) {
	const md = "---\ntitle: Straße nach Köln\n---\n\nÜber die Brücke — “so”.\n"
	for _, c := range []struct {
		name, file string
		src        []byte
		want       string
		warn       bool
	}{
		{"utf-16 le (Notepad)", "a.md", notepadUTF16(md, false), strings.ReplaceAll(md, "\n", "\r\n"), false},
		{"utf-16 be", "a.txt", notepadUTF16(md, true), strings.ReplaceAll(md, "\n", "\r\n"), false},
		{"utf-8 with bom (Notepad)", "a.md", append([]byte("\xef\xbb\xbf"), md...), md, false},
		{"utf-8", "a.md", []byte(md), md, false},
		// Latin-1 as a Mac or Linux editor saves it: ß is DF, ö F6, Ü DC, ü FC.
		{"latin-1", "a.txt", []byte("Stra\xdfe nach K\xf6ln\n\n\xdcber die Br\xfccke, sagte sie, und \xfcber den Flu\xdf.\n"),
			"Straße nach Köln\n\nÜber die Brücke, sagte sie, und über den Fluß.\n", false},
		// Windows-1252 with CRLF, curly quotes (93 94), euro (80) and dash (96).
		{"windows-1252", "a.txt", []byte("Preis: 5 \x80 \x96 \x93gr\xfcn\x94 und sch\xf6n, f\xfcr die Stra\xdfe.\r\n"),
			"Preis: 5 € – “grün” und schön, für die Straße.\r\n", false},
		{"declared html", "a.html", []byte("<html><head><meta charset=\"iso-8859-15\"><title>x</title></head><body>\xa4 5</body></html>"),
			"<html><head><meta charset=\"iso-8859-15\"><title>x</title></head><body>€ 5</body></html>", false},
		{"declared xml", "a.html", []byte("<?xml version=\"1.0\" encoding=\"windows-1251\"?><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>"),
			"<?xml version=\"1.0\" encoding=\"windows-1251\"?><p>Привет</p>", false},
		{"short guess", "a.txt", []byte("caf\xe9\n"), "café\n", true},
	} {
		out, diags := DecodeText(c.file, c.src)
		if string(out) != c.want {
			t.Errorf("%s: got %q, want %q", c.name, out, c.want)
		}
		if warned := len(diags) > 0; warned != c.warn {
			t.Errorf("%s: warnings %v", c.name, diags)
		}
		for _, d := range diags {
			if !strings.Contains(d.Msg, "Windows-1252") && !strings.Contains(d.Msg, "ISO") {
				t.Errorf("%s: the warning does not name the encoding: %s", c.name, d.Msg)
			}
		}
	}
}

func TestDecodedArticlesImport(t *testing.T) {
	src, _ := DecodeText("a.md", notepadUTF16("---\r\ntitle: Straße\r\n---\r\n\r\nGrüße aus Köln.\r\n", false))
	a, _, err := Markdown{}.Import("a.md", src)
	if err != nil || a.Title != "Straße" {
		t.Fatalf("title %q, %v", a.Title, err)
	}
	if got := string(FormatMarkdown(a)); !strings.Contains(got, "Grüße aus Köln.") {
		t.Errorf("markdown: %q", got)
	}
}

func FuzzDecodeText(f *testing.F) {
	f.Add("a.txt", []byte("Stra\xdfe"))
	f.Add("a.md", notepadUTF16("hi", false))
	f.Add("a.html", []byte("<meta charset=latin1>\xe9"))
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		out, _ := DecodeText(name, b)
		if !utf8Valid(out) {
			t.Fatalf("not UTF-8: %q", out)
		}
	})
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }
