package pdf

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/offprint/offprint/layouts"
	"github.com/offprint/offprint/packager/internal/pdf/typeset"
	"github.com/offprint/offprint/packager/model"
)

// TestPreflightChecks runs the print checks on the fixture: in a grey
// layout its colour pictures are named; nothing is in the bleed until a
// line of text is set past the trim; a font whose licence forbids
// embedding is named. Preflight (offprint check) and a build report the
// same.
func TestPreflightChecks(t *testing.T) {
	l, err := layouts.Load("magazine", nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Color = "gray"
	ed, fsys := fixture()
	r := New(Options{Layout: l, FS: fsys})
	c, err := r.layout(t.Context(), presented(ed), false)
	if err != nil {
		t.Fatal(err)
	}
	gray := grayCheck(c.l, c.pics)
	if len(gray) < 2 || gray[0].Code != "colour-picture" || !strings.Contains(gray[0].Msg, "images/harbour.jpg is in colour (RGB)") || gray[0].File != "images/harbour.jpg" {
		t.Errorf("grey layout: %v", gray)
	}
	if got := bleedCheck(c); len(got) != 0 {
		t.Errorf("the fixture has something in the bleed: %v", got)
	}
	if got := fontCheck(c); len(got) != 0 {
		t.Errorf("the built-in fonts: %v", got)
	}

	// A line set past the outer edge of the last page.
	var face *typeset.Face
	for _, pi := range c.pages {
		for _, op := range pi.page.Ops {
			if op.Kind == typeset.OpText && op.Face != nil && face == nil {
				face = op.Face
			}
		}
	}
	if face == nil {
		t.Fatal("no text")
	}
	last := c.pages[len(c.pages)-1].page
	last.Ops = append(last.Ops, typeset.Op{Kind: typeset.OpText, X: c.pw - 20, Y: 100, Face: face, Size: 10, Text: "Overhanging words"})
	bleed := bleedCheck(c)
	if len(bleed) != 1 || !strings.Contains(bleed[0].Msg, fmt.Sprintf("page %d", len(c.pages))) || !strings.Contains(bleed[0].Msg, `text "Overhanging words" reaches`) {
		t.Errorf("text past the trim: %v", bleed)
	}

	// The same face, its licence saying "restricted".
	data := append([]byte(nil), face.Data...)
	if !setFSType(data, 0x0002) {
		t.Fatal("no OS/2 table")
	}
	if msg := embeddable(data); !strings.Contains(msg, "forbids embedding") {
		t.Errorf("a restricted font: %q", msg)
	}
	if msg := embeddable(face.Data); msg != "" {
		t.Errorf("the built-in face: %q", msg)
	}

	// Preflight and Render report the colour pictures alike.
	pre, err := New(Options{Layout: l, FS: fsys}).Preflight(t.Context(), presented(ed))
	if err != nil {
		t.Fatal(err)
	}
	built := renderWith(t, l, ed, fsys)
	count := func(ds []model.Diagnostic) int {
		n := 0
		for _, d := range ds {
			if d.Code == "colour-picture" {
				n++
			}
		}
		return n
	}
	if count(pre) != len(gray) || count(built.warns) != len(gray) {
		t.Errorf("colour pictures: check reports %d, build %d, want %d", count(pre), count(built.warns), len(gray))
	}
}

// setFSType sets a TrueType file's OS/2 fsType; false when it has none.
func setFSType(data []byte, v uint16) bool {
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := range n {
		rec := 12 + 16*i
		if string(data[rec:rec+4]) == "OS/2" {
			off := int(binary.BigEndian.Uint32(data[rec+8:]))
			binary.BigEndian.PutUint16(data[off+8:], v)
			return true
		}
	}
	return false
}
