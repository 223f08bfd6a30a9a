package typeset

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
)

// PUA is where ParseFacePUA puts the characters of a face that lie
// outside the Basic Multilingual Plane.
const (
	puaFirst = 0xE000
	puaLast  = 0xF8FF
)

// decodeWOFF returns the TrueType file inside a WOFF 1.0 file.
func decodeWOFF(data []byte) ([]byte, error) {
	if len(data) < 44 || string(data[:4]) != "wOFF" {
		return nil, errors.New("is not a WOFF 1.0 font")
	}
	flavor := data[4:8]
	n := int(binary.BigEndian.Uint16(data[12:]))
	if 44+20*n > len(data) {
		return nil, errShort
	}
	type table struct {
		tag  string
		body []byte
		sum  uint32
	}
	tables := make([]table, 0, n)
	for i := range n {
		d := data[44+20*i:]
		tag := string(d[:4])
		off := int(binary.BigEndian.Uint32(d[4:]))
		clen := int(binary.BigEndian.Uint32(d[8:]))
		olen := int(binary.BigEndian.Uint32(d[12:]))
		sum := binary.BigEndian.Uint32(d[16:])
		if off < 0 || clen < 0 || off+clen > len(data) || olen > 64<<20 {
			return nil, fmt.Errorf("table %q runs past the end of the file", tag)
		}
		body := data[off : off+clen]
		if clen < olen {
			zr, err := zlib.NewReader(bytes.NewReader(body))
			if err != nil {
				return nil, fmt.Errorf("table %q: %w", tag, err)
			}
			out := make([]byte, olen)
			if _, err := io.ReadFull(zr, out); err != nil {
				return nil, fmt.Errorf("table %q: %w", tag, err)
			}
			body = out
		}
		tables = append(tables, table{tag, body, sum})
	}
	sfnt := make(map[string][]byte, len(tables))
	for _, t := range tables {
		sfnt[t.tag] = t.body
	}
	return buildSFNT(flavor, sfnt), nil
}

// buildSFNT writes a TrueType file of tables, sorted by tag, each on a
// four-byte boundary, with fresh checksums.
func buildSFNT(flavor []byte, tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	var out bytes.Buffer
	out.Write(flavor)
	hdr := make([]byte, 8)
	binary.BigEndian.PutUint16(hdr[0:], uint16(n))
	binary.BigEndian.PutUint16(hdr[2:], uint16(16<<es))
	binary.BigEndian.PutUint16(hdr[4:], uint16(es))
	binary.BigEndian.PutUint16(hdr[6:], uint16(16*n-16<<es))
	out.Write(hdr)
	off := 12 + 16*n
	var body bytes.Buffer
	for _, t := range tags {
		b := tables[t]
		if t == "head" && len(b) >= 12 {
			b = append([]byte(nil), b...)
			binary.BigEndian.PutUint32(b[8:], 0) // checkSumAdjustment
		}
		rec := make([]byte, 16)
		copy(rec, t)
		binary.BigEndian.PutUint32(rec[4:], checksum(b))
		binary.BigEndian.PutUint32(rec[8:], uint32(off+body.Len()))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
		out.Write(rec)
		body.Write(b)
		for body.Len()%4 != 0 {
			body.WriteByte(0)
		}
	}
	out.Write(body.Bytes())
	return out.Bytes()
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

// ParseFacePUA reads a TrueType or WOFF face whose characters lie partly
// outside the Basic Multilingual Plane (emoji), which the PDF writer
// cannot map. Each such character is given a code point in the Private
// Use Area, written into a new character map: Face.Alias tells which.
func ParseFacePUA(name string, data []byte) (*Face, error) {
	if len(data) >= 4 && string(data[:4]) == "wOFF" {
		var err error
		if data, err = decodeWOFF(data); err != nil {
			return nil, fmt.Errorf("font %s: %w", name, err)
		}
	}
	f := &Face{Name: name, Data: data}
	t, err := f.tables()
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	var pairs [][2]int // code, glyph
	if err := t.cmapAll(func(r, gid int) { pairs = append(pairs, [2]int{r, gid}) }); err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	alias := map[rune]rune{}
	next := puaFirst
	var bmp [][2]int
	for _, p := range pairs {
		switch {
		case p[1] == 0:
		case p[0] <= 0xFFFF && (p[0] < puaFirst || p[0] > puaLast):
			bmp = append(bmp, p)
		case p[0] > 0xFFFF && next <= puaLast:
			alias[rune(p[0])] = rune(next)
			bmp = append(bmp, [2]int{next, p[1]})
			next++
		}
	}
	sort.Slice(bmp, func(i, j int) bool { return bmp[i][0] < bmp[j][0] })
	tables := make(map[string][]byte, len(t.tables))
	for k, v := range t.tables {
		tables[k] = v
	}
	cm, err := cmap4(bmp)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	tables["cmap"] = cm
	f.Data = buildSFNT(f.Data[:4], tables)
	f.Alias = alias
	if err := f.parse(); err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	return f, nil
}

// cmap4 writes a character map with one format 4 subtable (Windows,
// Unicode BMP) for sorted (code, glyph) pairs.
func cmap4(pairs [][2]int) ([]byte, error) {
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, p := range pairs {
		if l := len(segs) - 1; l >= 0 && segs[l].end+1 == p[0] && segs[l].start+segs[l].delta+(p[0]-segs[l].start) == p[1] {
			segs[l].end = p[0]
			continue
		}
		segs = append(segs, seg{p[0], p[0], p[1] - p[0]})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	if 16+8*n > 0xFFFF {
		return nil, errors.New("has too many characters for one character map")
	}
	sub := make([]byte, 16+8*n)
	be := binary.BigEndian
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(len(sub)))
	be.PutUint16(sub[6:], uint16(2*n))
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	be.PutUint16(sub[8:], uint16(2<<es))
	be.PutUint16(sub[10:], uint16(es))
	be.PutUint16(sub[12:], uint16(2*n-2<<es))
	for i, s := range segs {
		be.PutUint16(sub[14+2*i:], uint16(s.end))
		be.PutUint16(sub[16+2*n+2*i:], uint16(s.start))
		be.PutUint16(sub[16+4*n+2*i:], uint16(s.delta&0xFFFF))
		// idRangeOffset stays 0
	}
	head := make([]byte, 12)
	be.PutUint16(head[2:], 1)
	be.PutUint16(head[4:], 3)
	be.PutUint16(head[6:], 1)
	be.PutUint32(head[8:], 12)
	return append(head, sub...), nil
}
