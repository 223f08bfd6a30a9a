package pdf

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/offprint/offprint/layouts"
)

// TestTaggedDocument: a tagged PDF says it is marked, shows its title,
// gives every page its place in the structure and the structure's tab
// order, describes every link and ties it to the structure, and names an
// article's language where it differs from the edition's; tagged: false
// writes none of it, and a booklet's imposed sheets are a print file.
func TestTaggedDocument(t *testing.T) {
	l, err := layouts.Load("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	ed, fsys := fixture()
	ed.Sections[0].Articles[0].Lang = "de"
	r := renderWith(t, l, ed, fsys)
	pdf := r.files[""]
	for _, want := range []string{"/StructTreeRoot ", "/MarkInfo <</Marked true>>", "/ViewerPreferences <</DisplayDocTitle true>>",
		"/Lang (en)", "/S /Art /P ", "/S /Figure ", "/S /Caption ", "/S /Note ", "/S /Link ", "/Type /OBJR ", "<pdfuaid:part>1</pdfuaid:part>"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("the tagged PDF has no %q", want)
		}
	}
	if n := bytes.Count(pdf, []byte("/Tabs /S\n")); n != r.pages {
		t.Errorf("%d pages with the structure's tab order, of %d", n, r.pages)
	}
	if n := bytes.Count(pdf, []byte("/StructParents ")); n != r.pages {
		t.Errorf("%d pages with a place in the structure, of %d", n, r.pages)
	}
	if !regexp.MustCompile(`/S /Art /P \d+ 0 R /Lang ` + pdfText("de")).Match(pdf) {
		t.Error("the German article's Art has no /Lang")
	}
	if n := bytes.Count(pdf, []byte("/Lang ")); n != 2 {
		t.Errorf("%d /Lang entries, want the document's and the German article's", n)
	}
	annots := regexp.MustCompile(`<</Type /Annot [^\n]*`).FindAll(pdf, -1)
	if len(annots) == 0 {
		t.Fatal("no link annotations")
	}
	for _, a := range annots {
		if !bytes.Contains(a, []byte("/StructParent ")) || !bytes.Contains(a, []byte("/Contents <FEFF")) {
			t.Errorf("a link without its description or place in the structure: %s", a)
		}
	}
	if bytes.Contains(pdf, []byte("/Annots [<<")) {
		t.Error("a link annotation is not an object the structure can refer to")
	}
	if p, err := exec.LookPath("qpdf"); err == nil {
		if out, err := exec.Command(p, "--check", writeTemp(t, "tagged.pdf", pdf)).CombinedOutput(); err != nil || strings.Contains(string(out), "WARNING") {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}

	l.Tagged = false
	ed, fsys = fixture()
	pdf = renderWith(t, l, ed, fsys).files[""]
	for _, not := range []string{"/StructTreeRoot", "/MarkInfo", "/StructParents", "pdfuaid"} {
		if bytes.Contains(pdf, []byte(not)) {
			t.Errorf("with tagged: false the PDF has %q", not)
		}
	}

	b, err := layouts.Load("booklet", nil)
	if err != nil {
		t.Fatal(err)
	}
	ed, fsys = fixture()
	r = renderWith(t, b, ed, fsys)
	if !bytes.Contains(r.files["-pages"], []byte("/StructTreeRoot ")) {
		t.Error("the booklet's pages in reading order are not tagged")
	}
	sheets := r.files[""]
	if bytes.Contains(sheets, []byte("/StructTreeRoot")) || !bytes.Contains(sheets, []byte("Print file: imposed sheets")) {
		t.Error("the imposed sheets are not an untagged print file")
	}
}
