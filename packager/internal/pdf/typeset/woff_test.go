package typeset

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"testing"

	"github.com/go-fonts/dejavu/dejavusans"
)

// woff wraps a TrueType file in WOFF 1.0, compressing every table.
func woff(t testing.TB, ttf []byte) []byte {
	t.Helper()
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	var dir, body bytes.Buffer
	off := 44 + 20*n
	for i := range n {
		rec := ttf[12+16*i:]
		o, l := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(ttf[o : o+l])
		zw.Close()
		data := z.Bytes()
		if len(data) >= int(l) {
			data = ttf[o : o+l]
		}
		e := make([]byte, 20)
		copy(e, rec[:4])
		binary.BigEndian.PutUint32(e[4:], uint32(off+body.Len()))
		binary.BigEndian.PutUint32(e[8:], uint32(len(data)))
		binary.BigEndian.PutUint32(e[12:], l)
		copy(e[16:], rec[4:8])
		dir.Write(e)
		body.Write(data)
		for body.Len()%4 != 0 {
			body.WriteByte(0)
		}
	}
	h := make([]byte, 44)
	copy(h, "wOFF")
	copy(h[4:], ttf[:4])
	binary.BigEndian.PutUint32(h[8:], uint32(off+body.Len()))
	binary.BigEndian.PutUint16(h[12:], uint16(n))
	return append(append(h, dir.Bytes()...), body.Bytes()...)
}

// TestParseFacePUA reads a WOFF face and gives its characters outside
// the BMP aliases in the Private Use Area that draw the same glyphs.
func TestParseFacePUA(t *testing.T) {
	plain, err := ParseFace("sans", dejavusans.TTF)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseFacePUA("sans", woff(t, dejavusans.TTF))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "Aé€Ωשب" {
		if !f.Has(r) || f.Advance(r) != plain.Advance(r) {
			t.Errorf("%U: has %v advance %d, want %d", r, f.Has(r), f.Advance(r), plain.Advance(r))
		}
	}
	if len(f.Alias) == 0 {
		t.Fatal("no character outside the BMP was given an alias")
	}
	for r, a := range f.Alias {
		if r <= 0xFFFF || a < puaFirst || a > puaLast || !f.Has(a) {
			t.Errorf("alias %U → %U", r, a)
		}
	}
}

func FuzzDecodeWOFF(f *testing.F) {
	f.Add(woff(f, dejavusans.TTF)[:4096])
	f.Add([]byte("wOFF\x00\x01\x00\x00\x00\x00\x00\x40\x00\x01" + string(make([]byte, 60))))
	f.Fuzz(func(t *testing.T, b []byte) {
		if sfnt, err := decodeWOFF(b); err == nil {
			_, _ = ParseFacePUA("fuzz", sfnt)
		}
		_, _ = ParseFacePUA("fuzz", b)
	})
}

func FuzzBuilderText(f *testing.F) {
	for _, s := range []string{"abc", "שלום world 123", "مرحبا بالعالم", "cafe\u0301 \u200d\u200c", "(א[b]ג)", "\u202eab\u202c"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	face, err := ParseFace("sans", dejavusans.TTF)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, rtl bool) {
		b := &Builder{RTL: rtl}
		st := b.AddStyle(Style{Face: face, Size: 10})
		b.Text(s, st)
		b.Finish(100)
		for _, l := range (&KnuthPlass{}).Break(b.Items, func(int) float64 { return 100 }) {
			b.PlaceLine(l, AlignJustify, func(Placed) {})
		}
	})
}
