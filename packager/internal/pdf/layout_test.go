package pdf

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-fonts/dejavu/dejavuserif"
	"github.com/go-fonts/dejavu/dejavuserifbold"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/model"
)

// TestLayoutFontFiles sets the body in TrueType files named by an edition's
// layout.
func TestLayoutFontFiles(t *testing.T) {
	ed, fsys := fixture()
	fsys["layouts/custom.yaml"] = &fstest.MapFile{Data: []byte("extends: handout\nfonts:\n  body: fonts/body.ttf\n  body_bold: fonts/body-bold.ttf\n  heading: fonts/body-bold.ttf\n  mono: mono\n")}
	fsys["layouts/fonts/body.ttf"] = &fstest.MapFile{Data: dejavuserif.TTF}
	fsys["layouts/fonts/body-bold.ttf"] = &fstest.MapFile{Data: dejavuserifbold.TTF}
	l, err := layouts.Load("custom", fsys)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := loadFonts(l, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fs.body[regular].Name != "fonts/body.ttf" || fs.body[bold].Name != "fonts/body-bold.ttf" ||
		fs.body[italic] != fs.body[regular] || fs.heading[bold].Name != "fonts/body-bold.ttf" || fs.mono[regular].Name != "Liberation Mono" {
		t.Errorf("faces: body %s/%s/%s, heading %s, mono %s", fs.body[regular].Name, fs.body[bold].Name, fs.body[italic].Name, fs.heading[bold].Name, fs.mono[regular].Name)
	}
	r := renderWith(t, l, ed, fsys)
	needTool(t, "pdffonts")
	fonts := run(t, "pdffonts", writeTemp(t, "custom.pdf", r.files[""]))
	if strings.Count(fonts, " yes ") < 3 || strings.Contains(fonts, " no  no ") {
		t.Errorf("fonts not embedded:\n%s", fonts)
	}

	// A font file that is missing or not TrueType fails the render.
	fsys["layouts/bad.yaml"] = &fstest.MapFile{Data: []byte("extends: handout\nfonts:\n  body: fonts/nope.ttf\n")}
	fsys["layouts/worse.yaml"] = &fstest.MapFile{Data: []byte("extends: handout\nfonts:\n  body: fonts/junk.ttf\n")}
	fsys["layouts/fonts/junk.ttf"] = &fstest.MapFile{Data: []byte("OTTO not really")}
	for _, name := range []string{"bad", "worse"} {
		l, err := layouts.Load(name, fsys)
		if err != nil {
			t.Fatal(err)
		}
		_, err = renderPresented(t.Context(), New(Options{Layout: l, FS: fsys}), ed, discard)
		if err == nil || !strings.Contains(err.Error(), "fonts.body") {
			t.Errorf("layout %s: Render = %v, want an error naming fonts.body", name, err)
		}
	}
}

func TestLinksAndMetadata(t *testing.T) {
	r := renderFixture(t, "magazine")
	pdf := r.files[""]
	for _, u := range []string{"https://example.org/report", "https://example.org/long-road"} {
		if !bytes.Contains(pdf, []byte("/URI ("+u+")")) {
			t.Errorf("no link annotation to %s", u)
		}
	}
	// Links to pages: five contents entries, two footnote references, a
	// link to an article and one to a heading.
	if n := bytes.Count(pdf, []byte("/Dest [")); n < 9 {
		t.Errorf("%d links within the document, want at least 9", n)
	}
	needTool(t, "pdfinfo")
	info := run(t, "pdfinfo", writeTemp(t, "m.pdf", pdf))
	for _, want := range []string{"Title:           Corpus Weekly", "Creator:         offprint", "Subject:         News worth keeping",
		"Author:          Ana Lima, Kwame Mensah and Sofia Ríos", "Keywords:        world, travel", "CreationDate:    Fri Jan  3 12:00:00 2020"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
}

// TestImageCoverAndCropMarks renders a cover picture into the bleed and
// crop marks around the trim.
func TestImageCoverAndCropMarks(t *testing.T) {
	ed, fsys := fixture()
	ed.Cover = img("images/harbour.jpg", "jpeg", 600, 400)
	l, err := layouts.Load("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	l.CropMarks = true
	l.Name = "magazine-cover"
	r := renderWith(t, l, ed, fsys)
	needTool(t, "qpdf")
	file := writeTemp(t, "c.pdf", r.files[""])
	if out := run(t, "qpdf", "--check", file); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Error(out)
	}
	// The cover page draws one image, clipped to the bleed box.
	if !bytes.Contains(r.files[""], []byte("/Subtype /Image")) {
		t.Error("no image in the PDF")
	}
}

// A link to another article's heading, written as a relative path, and
// one to an address outside the edition's list of schemes: the first
// becomes a link within the document, the second plain text.
func TestLinksBetweenArticles(t *testing.T) {
	count := func(extra ...model.Span) int {
		ed, fsys := fixture()
		arts := ed.Articles()
		first, second := arts[0], arts[1]
		second.Blocks = append(second.Blocks, &model.Heading{Level: 2, ID: "later", Spans: []model.Span{{Text: "Later"}}})
		first.Blocks = append(first.Blocks, &model.Paragraph{Spans: extra})
		l, err := layouts.Load("magazine", nil)
		if err != nil {
			t.Fatal(err)
		}
		r := renderWith(t, l, ed, fsys)
		if bytes.Contains(r.files[""], []byte("tel:")) {
			t.Errorf("a tel: link was written")
		}
		return bytes.Count(r.files[""], []byte("/Dest ["))
	}
	ed, _ := fixture()
	second := ed.Articles()[1]
	rel, err := filepath.Rel(filepath.Dir(ed.Articles()[0].File), second.File)
	if err != nil {
		t.Fatal(err)
	}
	base := count(model.Span{Text: "no link"})
	if got := count(model.Span{Text: "see later", Link: filepath.ToSlash(rel) + "#later"}, model.Span{Text: " call", Link: "tel:+441234"}); got != base+1 {
		t.Errorf("%d links within the document, want %d", got, base+1)
	}
}
