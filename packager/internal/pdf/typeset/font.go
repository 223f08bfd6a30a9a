package typeset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Face is one TrueType face: its bytes, for embedding, and the metrics the
// engine measures text with. A Face is immutable once parsed and may be
// shared between renders.
type Face struct {
	// Name identifies the face in messages ("serif bold", "fonts/x.ttf").
	Name string
	// PostScriptName is the font's own name for itself, from its name
	// table ("LiberationSerif-Bold"); empty when it has none.
	PostScriptName string
	// Data is the TrueType file.
	Data []byte

	// Ascent, Descent (positive, below the baseline) and CapHeight are
	// fractions of the em.
	Ascent, Descent, CapHeight float64

	// Alias gives, for a face read by ParseFacePUA, the Private Use Area
	// code point that stands for each character outside the Basic
	// Multilingual Plane.
	Alias map[rune]rune

	adv [65536]uint16 // advance per BMP rune in 1/1000 em
	cov [1024]uint64  // which BMP runes have a glyph
}

// Has reports whether the face has a glyph for r.
func (f *Face) Has(r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false
	}
	return f.cov[r>>6]&(1<<(uint(r)&63)) != 0
}

// Advance returns the advance width of r in thousandths of an em; 0 for a
// rune the face lacks.
func (f *Face) Advance(r rune) int {
	if r < 0 || r > 0xFFFF {
		return 0
	}
	return int(f.adv[r])
}

// Width returns the width of s set at size points. Runes the face lacks
// count as nothing: callers choose a fallback face before measuring.
func (f *Face) Width(s string, size float64) float64 {
	w := 0
	for _, r := range s {
		if r >= 0 && r <= 0xFFFF {
			w += int(f.adv[r])
		}
	}
	return float64(w) * size / 1000
}

// ParseFace reads the metrics of a TrueType font. Only TrueType outlines
// (a glyf table) are accepted, since that is what the PDF writer embeds.
func ParseFace(name string, data []byte) (*Face, error) {
	f := &Face{Name: name, Data: data}
	if err := f.parse(); err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	return f, nil
}

var errShort = errors.New("truncated font file")

type ttf struct {
	b      []byte
	tables map[string][]byte
}

func (t *ttf) u16(b []byte, off int) (int, error) {
	if off < 0 || off+2 > len(b) {
		return 0, errShort
	}
	return int(binary.BigEndian.Uint16(b[off:])), nil
}

func (t *ttf) s16(b []byte, off int) (int, error) {
	v, err := t.u16(b, off)
	return int(int16(v)), err
}

func (t *ttf) u32(b []byte, off int) (int, error) {
	if off < 0 || off+4 > len(b) {
		return 0, errShort
	}
	v := binary.BigEndian.Uint32(b[off:])
	if v > math.MaxInt32 {
		return 0, errors.New("font table offset out of range")
	}
	return int(v), nil
}

// tables reads the table directory.
func (f *Face) tables() (*ttf, error) {
	t := &ttf{b: f.Data, tables: map[string][]byte{}}
	b := f.Data
	if len(b) < 12 {
		return nil, errShort
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return nil, errors.New("has PostScript (CFF) outlines; only TrueType fonts can be embedded")
	case "ttcf":
		return nil, errors.New("is a font collection; give a single .ttf file")
	default:
		return nil, errors.New("is not a TrueType font")
	}
	n, _ := t.u16(b, 4)
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return nil, errShort
		}
		tag := string(b[rec : rec+4])
		off, err := t.u32(b, rec+8)
		if err != nil {
			return nil, err
		}
		ln, err := t.u32(b, rec+12)
		if err != nil {
			return nil, err
		}
		if off+ln > len(b) || off+ln < off {
			return nil, fmt.Errorf("table %q runs past the end of the file", tag)
		}
		t.tables[tag] = b[off : off+ln]
	}
	for _, need := range []string{"head", "hhea", "hmtx", "cmap", "glyf", "loca", "maxp"} {
		if t.tables[need] == nil {
			return nil, fmt.Errorf("has no %s table", need)
		}
	}
	return t, nil
}

func (f *Face) parse() error {
	t, err := f.tables()
	if err != nil {
		return err
	}
	upem, err := t.u16(t.tables["head"], 18)
	if err != nil {
		return err
	}
	if upem < 16 || upem > 16384 {
		return fmt.Errorf("has an implausible unitsPerEm %d", upem)
	}
	scale := 1000 / float64(upem)
	hhea := t.tables["hhea"]
	asc, err := t.s16(hhea, 4)
	if err != nil {
		return err
	}
	desc, err := t.s16(hhea, 6)
	if err != nil {
		return err
	}
	nh, err := t.u16(hhea, 34)
	if err != nil {
		return err
	}
	f.Ascent = float64(asc) / float64(upem)
	f.Descent = -float64(desc) / float64(upem)
	f.CapHeight = f.Ascent * 0.75
	if os2 := t.tables["OS/2"]; os2 != nil {
		if v, _ := t.u16(os2, 0); v >= 2 {
			if ch, err := t.s16(os2, 88); err == nil && ch > 0 {
				f.CapHeight = float64(ch) / float64(upem)
			}
		}
	}
	if f.Ascent <= 0 || f.Ascent > 3 {
		f.Ascent = 0.9
	}
	if f.Descent < 0 || f.Descent > 2 {
		f.Descent = 0.22
	}
	f.PostScriptName = t.psName()
	hmtx := t.tables["hmtx"]
	if nh == 0 || nh*4 > len(hmtx) {
		return errors.New("has a short hmtx table")
	}
	advance := func(gid int) uint16 {
		if gid >= nh {
			gid = nh - 1
		}
		a := int(binary.BigEndian.Uint16(hmtx[gid*4:]))
		w := int(math.Round(float64(a) * scale))
		if w > 0xFFFF {
			w = 0xFFFF
		}
		return uint16(w)
	}
	set := func(r, gid int) {
		if r < 0 || r > 0xFFFF || gid == 0 {
			return
		}
		f.cov[r>>6] |= 1 << (uint(r) & 63)
		f.adv[r] = advance(gid)
	}
	return t.cmap(set)
}

// psName returns the PostScript name (name ID 6) from the name table,
// keeping only the characters a PDF name may have without escapes; ""
// when there is none.
func (t *ttf) psName() string {
	nt := t.tables["name"]
	count, err1 := t.u16(nt, 2)
	base, err2 := t.u16(nt, 4)
	if err1 != nil || err2 != nil {
		return ""
	}
	best, bestRank := "", 0
	for i := range count {
		rec := 6 + 12*i
		pid, err1 := t.u16(nt, rec)
		id, err2 := t.u16(nt, rec+6)
		ln, err3 := t.u16(nt, rec+8)
		off, err4 := t.u16(nt, rec+10)
		if errors.Join(err1, err2, err3, err4) != nil || id != 6 || base+off+ln > len(nt) {
			continue
		}
		raw := nt[base+off : base+off+ln]
		var name []byte
		rank := 1
		if pid == 0 || pid == 3 {
			// UTF-16BE
			rank = 2
			for j := 0; j+1 < len(raw); j += 2 {
				if raw[j] == 0 {
					name = append(name, raw[j+1])
				}
			}
		} else {
			name = raw
		}
		clean := make([]byte, 0, len(name))
		for _, c := range name {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
				clean = append(clean, c)
			}
		}
		if len(clean) > 0 && rank > bestRank {
			best, bestRank = string(clean[:min(len(clean), 56)]), rank
		}
	}
	return best
}

// cmap walks the best Unicode subtable, calling set for every BMP rune.
func (t *ttf) cmap(set func(r, gid int)) error { return t.walkCmap(set, 0xFFFF) }

// cmapAll walks the best Unicode subtable, calling set for every rune.
func (t *ttf) cmapAll(set func(r, gid int)) error { return t.walkCmap(set, 0x10FFFF) }

func (t *ttf) walkCmap(set func(r, gid int), last int) error {
	emitted := 0
	c := t.tables["cmap"]
	n, err := t.u16(c, 2)
	if err != nil {
		return err
	}
	best, bestRank := -1, 0
	for i := range n {
		pid, _ := t.u16(c, 4+8*i)
		eid, _ := t.u16(c, 6+8*i)
		off, err := t.u32(c, 8+8*i)
		if err != nil {
			return err
		}
		format, err := t.u16(c, off)
		if err != nil {
			continue
		}
		rank := 0
		switch {
		case format == 12 && (pid == 3 && eid == 10 || pid == 0):
			rank = 3
		case format == 4 && (pid == 3 && eid == 1 || pid == 0):
			rank = 2
		case format == 4 && pid == 3 && eid == 0:
			rank = 1
		}
		if rank > bestRank {
			best, bestRank = off, rank
		}
	}
	if best < 0 {
		return errors.New("has no Unicode character map")
	}
	sub := c[best:]
	format, _ := t.u16(sub, 0)
	if format == 12 {
		ng, err := t.u32(sub, 12)
		if err != nil {
			return err
		}
		for i := range ng {
			start, err1 := t.u32(sub, 16+12*i)
			end, err2 := t.u32(sub, 20+12*i)
			g, err3 := t.u32(sub, 24+12*i)
			if err := errors.Join(err1, err2, err3); err != nil {
				return err
			}
			if start > last {
				continue
			}
			if emitted += min(end, last) - start + 1; emitted > 0x110000 {
				return errors.New("has an oversized character map")
			}
			for r := start; r <= min(end, last); r++ {
				set(r, g+r-start)
			}
		}
		return nil
	}
	segX2, err := t.u16(sub, 6)
	if err != nil {
		return err
	}
	segs := segX2 / 2
	endOff, startOff := 14, 16+segX2
	deltaOff, rangeOff := startOff+segX2, startOff+2*segX2
	for i := range segs {
		end, err1 := t.u16(sub, endOff+2*i)
		start, err2 := t.u16(sub, startOff+2*i)
		delta, err3 := t.u16(sub, deltaOff+2*i)
		ro, err4 := t.u16(sub, rangeOff+2*i)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return err
		}
		if end >= start {
			if emitted += end - start + 1; emitted > 0x110000 {
				return errors.New("has an oversized character map")
			}
		}
		for r := start; r <= end && r <= 0xFFFF; r++ {
			var g int
			if ro == 0 {
				g = (r + delta) & 0xFFFF
			} else {
				at := rangeOff + 2*i + ro + 2*(r-start)
				v, err := t.u16(sub, at)
				if err != nil {
					continue
				}
				if v != 0 {
					g = (v + delta) & 0xFFFF
				}
			}
			set(r, g)
		}
	}
	return nil
}
