package pdf

// Pictures reach the PDF without being held in memory. fpdf is given, for
// each JPEG, a placeholder: a JPEG header, no picture in it, in the
// picture's colour space. It writes the page content, the resources and
// an image object with the placeholder for its stream, and splice then
// copies its output to the writer, putting each picture's own bytes, read
// from the edition folder, in place of its placeholder and rewriting the
// cross-reference table for the bytes that moved. Other raster pictures
// (PNG, and GIF and WebP made PNG) fpdf embeds itself.
//
// Every picture is registered under a width of its own, 1 for the first,
// 2 for the second and so on: fpdf writes image objects in order of width
// (pictures of one width in no fixed order), and the width finds the
// picture again in its output. splice puts the real width back. A
// placeholder says that width in its header; a PNG is given it after
// fpdf read it (setImageSize).

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"codeberg.org/go-pdf/fpdf"
)

// placeholderMark is the comment that makes a placeholder recognisable.
const placeholderMark = "offprint placeholder"

// placeholderJPEG returns the placeholder for the picture registered under
// width k: a JPEG header, no picture in it, with n colour components (grey,
// YCbCr or CMYK) and a size of k × h pixels, or 1 × 1 when that does not
// fit in a JPEG header (setImageSize sets it then).
func placeholderJPEG(n, k, h int) []byte {
	k, h = placeholderSize(k, h)
	p := []byte{0xff, 0xd8, 0xff, 0xfe, 0, byte(2 + len(placeholderMark))}
	p = append(p, placeholderMark...)
	p = append(p, 0xff, 0xc0, 0, byte(8+3*n), 8, byte(h>>8), byte(h), byte(k>>8), byte(k), byte(n))
	for c := range n {
		p = append(p, byte(c+1), 0x11, 0)
	}
	p = append(p, 0xff, 0xda, 0, byte(6+2*n), byte(n))
	for c := range n {
		p = append(p, byte(c+1), 0)
	}
	return append(p, 0, 63, 0, 0xff, 0xd9)
}

// placeholderSize is the size a placeholder for a picture registered under
// width k and h pixels high says it has.
func placeholderSize(k, h int) (int, int) {
	if k < 1 || k > 0xffff || h < 1 || h > 0xffff {
		return 1, 1
	}
	return k, h
}

// registerImage registers a raster picture with fpdf under the given
// registration width (see the package comment above): a JPEG as its
// placeholder, anything else as its bytes. It reports false when fpdf
// cannot read the picture.
func registerImage(p *fpdf.Fpdf, pic *picture, width int) (bool, error) {
	var r io.Reader
	has := pic.w // the width fpdf reads
	switch {
	case pic.typ == "jpg":
		if pic.comps != 1 && pic.comps != 3 && pic.comps != 4 {
			return false, nil
		}
		has, _ = placeholderSize(width, pic.h)
		r = bytes.NewReader(placeholderJPEG(pic.comps, width, pic.h))
	case pic.data != nil:
		r = bytes.NewReader(pic.data)
	default:
		return false, nil
	}
	info := p.RegisterImageOptionsReader(pic.name, fpdf.ImageOptions{ImageType: pic.typ}, r)
	if p.Err() || info == nil {
		p.ClearError()
		return false, nil
	}
	if has != width {
		if err := setImageSize(info, has, width, pic.h); err != nil {
			return false, fmt.Errorf("registering picture %s: %w", pic.name, err)
		}
	}
	return true, nil
}

// setImageSize gives a registered image the width and height fpdf writes
// it under. fpdf has no setter: the image goes through its own gob
// encoding with the two fields changed. oldW is the width it has.
func setImageSize(info *fpdf.ImageInfoType, oldW, w, h int) error {
	if oldW <= 0 || info.Width() <= 0 {
		return errors.New("the PDF writer gave the picture no size")
	}
	unit := info.Width() / float64(oldW) // the writer's units per pixel
	enc, err := info.GobEncode()
	if err != nil {
		return err
	}
	// The fields in the order fpdf encodes them.
	var (
		data, smask, pal   []byte
		n, bpc             int
		iw, ih, scale, dpi float64
		cs, filter, dp     string
		trns               []int
	)
	dec := gob.NewDecoder(bytes.NewReader(enc))
	for _, f := range []any{&data, &smask, &n, &iw, &ih, &cs, &pal, &bpc, &filter, &dp, &trns, &scale, &dpi} {
		if err := dec.Decode(f); err != nil {
			return fmt.Errorf("reading the PDF writer's picture: %w", err)
		}
	}
	var out bytes.Buffer
	g := gob.NewEncoder(&out)
	for _, v := range []any{data, smask, n, float64(w), float64(h), cs, pal, bpc, filter, dp, trns, scale, dpi} {
		if err := g.Encode(v); err != nil {
			return err
		}
	}
	if err := info.GobDecode(out.Bytes()); err != nil {
		return err
	}
	if info.Width() != float64(w)*unit || info.Height() != float64(h)*unit {
		return errors.New("the PDF writer did not take the picture's size")
	}
	return nil
}

// xobject is what splice knows of the picture registered under one
// width: its size and, for a placeholder, the real stream.
type xobject struct {
	w, h  int
	comps int   // colour components of a JPEG; 0 for a picture fpdf embeds
	size  int64 // the JPEG's length in bytes
	// stream writes the JPEG's size bytes.
	stream func(io.Writer) error
}

// splice writes the PDF fpdf made (doc) to w with every placeholder
// replaced by its picture and every image object given its real size (see
// the package comment above). objs are the pictures by registration width
// less one.
func splice(ctx context.Context, w io.Writer, doc []byte, objs []xobject) error {
	return spliceTagged(ctx, w, doc, objs, nil)
}

// spliceTagged is splice that also writes a document's structure (see
// tags.go): the catalog and pages rewritten to refer to it, its objects
// added after fpdf's.
func spliceTagged(ctx context.Context, w io.Writer, doc []byte, objs []xobject, tags *tagTree) error {
	x, err := parseXref(doc)
	if err != nil {
		return fmt.Errorf("reading the PDF writer's output: %w", err)
	}
	var repl map[int][]byte
	var extra [][]byte
	if tags != nil {
		if repl, extra, err = tags.rewrite(doc, x); err != nil {
			return fmt.Errorf("tagging the PDF: %w", err)
		}
	}
	order := make([]int, 0, len(x.offsets))
	for num, off := range x.offsets {
		if num > 0 && off > 0 {
			order = append(order, num)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return x.offsets[a] - x.offsets[b] })
	newOff := make([]int64, len(x.offsets))
	done := make([]bool, len(objs))
	var delta int64 // how far the bytes after the last placeholder moved
	pending := 0    // start of the bytes not yet written
	for i, num := range order {
		off := x.offsets[num]
		end := x.start
		if i+1 < len(order) {
			end = x.offsets[order[i+1]]
		}
		if i > 0 && off == x.offsets[order[i-1]] {
			return fmt.Errorf("reading the PDF writer's output: objects %d and %d at one offset", order[i-1], num)
		}
		head := strconv.Itoa(num) + " 0 obj\n"
		if !bytes.HasPrefix(doc[off:end], []byte(head)) {
			return fmt.Errorf("reading the PDF writer's output: object %d is not at offset %d", num, off)
		}
		newOff[num] = int64(off) + delta
		if r, ok := repl[num]; ok {
			if _, err := w.Write(doc[pending:off]); err != nil {
				return err
			}
			if _, err := io.WriteString(w, head); err != nil {
				return err
			}
			if _, err := w.Write(r); err != nil {
				return err
			}
			pending = end
			delta += int64(len(head)+len(r)) - int64(end-off)
			continue
		}
		obj := doc[off+len(head) : end]
		if !bytes.HasPrefix(obj, []byte("<</Type /XObject\n/Subtype /Image\n")) {
			continue
		}
		dict, stream, tail, err := splitImage(obj)
		if err != nil {
			return fmt.Errorf("reading the PDF writer's output: object %d: %w", num, err)
		}
		k, err := dictInt(dict, "/Width")
		if err != nil || k < 1 || k > len(objs) {
			return fmt.Errorf("reading the PDF writer's output: object %d is a picture offprint did not register", num)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		o := objs[k-1]
		length := int64(len(stream))
		if o.stream != nil {
			if done[k-1] {
				return fmt.Errorf("reading the PDF writer's output: picture %d written twice", k)
			}
			done[k-1] = true
			if !bytes.Equal(stream, placeholderJPEG(o.comps, k, o.h)) {
				return fmt.Errorf("reading the PDF writer's output: object %d does not hold picture %d's placeholder", num, k)
			}
			length = o.size
		}
		dict = patchDict(dict, k, o, length)

		if _, err := w.Write(doc[pending:off]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, head+"<<"); err != nil {
			return err
		}
		if _, err := w.Write(dict); err != nil {
			return err
		}
		if _, err := io.WriteString(w, ">>\nstream\n"); err != nil {
			return err
		}
		if o.stream != nil {
			cw := &countWriter{w: w}
			if err := o.stream(cw); err != nil {
				return err
			}
			if cw.n != o.size {
				return fmt.Errorf("picture %d: wrote %d bytes of %d", k, cw.n, o.size)
			}
		} else if _, err := w.Write(stream); err != nil {
			return err
		}
		if _, err := w.Write(tail); err != nil {
			return err
		}
		pending = end
		delta += int64(len(head)+len("<<")+len(dict)+len(">>\nstream\n")) + length + int64(len(tail)) - int64(end-off)
	}
	for k, o := range objs {
		if o.stream != nil && !done[k] {
			return fmt.Errorf("reading the PDF writer's output: picture %d is missing", k+1)
		}
	}
	if _, err := w.Write(doc[pending:x.start]); err != nil {
		return err
	}
	pos := int64(x.start) + delta
	extraOff := make([]int64, len(extra))
	for i, o := range extra {
		extraOff[i] = pos
		n, err := fmt.Fprintf(w, "%d 0 obj\n%s\nendobj\n", len(newOff)+i, o)
		if err != nil {
			return err
		}
		pos += int64(n)
	}
	var xb bytes.Buffer
	xb.Grow(32 + 20*(len(newOff)+len(extra)))
	fmt.Fprintf(&xb, "xref\n0 %d\n", len(newOff)+len(extra))
	xb.Write(x.entries[:20])
	for num := 1; num < len(newOff); num++ {
		e := x.entries[20*num : 20*num+20]
		if x.offsets[num] > 0 {
			if newOff[num] > 9999999999 {
				return errors.New("the PDF is too large for its cross-reference table")
			}
			fmt.Fprintf(&xb, "%010d", newOff[num])
			xb.Write(e[10:])
			continue
		}
		xb.Write(e)
	}
	for _, off := range extraOff {
		if off > 9999999999 {
			return errors.New("the PDF is too large for its cross-reference table")
		}
		fmt.Fprintf(&xb, "%010d 00000 n \n", off)
	}
	trailer := x.trailer
	if len(extra) > 0 {
		trailer = bytes.Replace(trailer, []byte(fmt.Sprintf("/Size %d\n", len(newOff))), []byte(fmt.Sprintf("/Size %d\n", len(newOff)+len(extra))), 1)
	}
	xb.Write(trailer)
	fmt.Fprintf(&xb, "startxref\n%d\n%%%%EOF\n", pos)
	_, err = w.Write(xb.Bytes())
	return err
}

// xrefTable is fpdf's cross-reference table.
type xrefTable struct {
	start   int    // offset of "xref"
	offsets []int  // by object number; 0 for free entries
	entries []byte // the table's 20-byte entries
	trailer []byte // from "trailer" to "startxref"
}

// parseXref reads the cross-reference table fpdf writes: one section from
// object 0, entries of 20 bytes, then the trailer.
func parseXref(doc []byte) (*xrefTable, error) {
	i := bytes.LastIndex(doc, []byte("startxref\n"))
	if i < 0 {
		return nil, errors.New("no startxref")
	}
	rest := doc[i+len("startxref\n"):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return nil, errors.New("no startxref offset")
	}
	start, err := strconv.Atoi(string(rest[:nl]))
	if err != nil || start < 0 || start >= i || !bytes.HasPrefix(doc[start:], []byte("xref\n0 ")) {
		return nil, errors.New("startxref does not point at a cross-reference table")
	}
	p := start + len("xref\n0 ")
	nl = bytes.IndexByte(doc[p:i], '\n')
	if nl < 0 {
		return nil, errors.New("cross-reference table without entries")
	}
	n, err := strconv.Atoi(string(doc[p : p+nl]))
	p += nl + 1
	if err != nil || n < 1 || n > (i-p)/20 {
		return nil, errors.New("cross-reference table of a bad length")
	}
	x := &xrefTable{start: start, offsets: make([]int, n), entries: doc[p : p+20*n], trailer: doc[p+20*n : i]}
	if !bytes.HasPrefix(x.trailer, []byte("trailer\n")) {
		return nil, errors.New("no trailer after the cross-reference table")
	}
	for num := range n {
		e := x.entries[20*num : 20*num+20]
		if e[10] != ' ' || e[16] != ' ' || e[18] != ' ' || e[19] != '\n' {
			return nil, fmt.Errorf("cross-reference entry %d is malformed", num)
		}
		if e[17] != 'n' {
			continue
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off < 0 || off >= start {
			return nil, fmt.Errorf("cross-reference entry %d is malformed", num)
		}
		x.offsets[num] = off
	}
	return x, nil
}

// splitImage splits an image object fpdf wrote, from "<<" to "endobj", into
// its dictionary (without "<<" and ">>"), its stream and what follows it.
func splitImage(obj []byte) (dict, stream, tail []byte, err error) {
	e := bytes.Index(obj, []byte(">>\nstream\n"))
	if e < 0 {
		return nil, nil, nil, errors.New("image without a stream")
	}
	dict = obj[2:e]
	n, err := dictInt(dict, "/Length")
	if err != nil {
		return nil, nil, nil, err
	}
	s := e + len(">>\nstream\n")
	if n < 0 || n > len(obj)-s || !bytes.HasPrefix(obj[s+n:], []byte("\nendstream\nendobj\n")) {
		return nil, nil, nil, errors.New("image stream of a bad length")
	}
	return dict, obj[s : s+n], obj[s+n:], nil
}

// dictInt returns the integer on the line of dict that starts with key.
func dictInt(dict []byte, key string) (int, error) {
	for line := range bytes.SplitSeq(dict, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte(key+" ")); ok {
			n, err := strconv.Atoi(string(v))
			if err != nil {
				return 0, fmt.Errorf("%s is not a number", key)
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("no %s", key)
}

// patchDict returns an image dictionary with the picture's real width and
// height (a soft mask's too, and its predictor's columns) and the given
// stream length.
func patchDict(dict []byte, k int, o xobject, length int64) []byte {
	out := make([]byte, 0, len(dict)+16)
	reg := strconv.Itoa(k)
	for i, line := range bytes.Split(dict, []byte("\n")) {
		if i > 0 {
			out = append(out, '\n')
		}
		switch {
		case bytes.HasPrefix(line, []byte("/Width ")):
			out = append(out, "/Width "+strconv.Itoa(o.w)...)
		case bytes.HasPrefix(line, []byte("/Height ")):
			out = append(out, "/Height "+strconv.Itoa(o.h)...)
		case bytes.HasPrefix(line, []byte("/Length ")):
			out = append(out, "/Length "+strconv.FormatInt(length, 10)...)
		case bytes.HasPrefix(line, []byte("/DecodeParms ")):
			// A soft mask's predictor runs over the picture's width.
			out = append(out, bytes.ReplaceAll(line, []byte("/Columns "+reg+">>"), []byte("/Columns "+strconv.Itoa(o.w)+">>"))...)
		default:
			out = append(out, line...)
		}
	}
	return out
}

// countWriter counts what goes through it and keeps the first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if c.err == nil {
		c.err = err
	}
	return n, err
}

// ReadFrom lets io.Copy hand the copy to the writer underneath.
func (c *countWriter) ReadFrom(r io.Reader) (int64, error) {
	n, err := io.Copy(c.w, r)
	c.n += n
	return n, err
}

// xobjects lists what splice needs of the pictures a drawer registered.
func (ps *pictures) xobjects(images []*picture) []xobject {
	objs := make([]xobject, len(images))
	for i, p := range images {
		o := xobject{w: p.w, h: p.h}
		if p.typ == "jpg" {
			o.comps = p.comps
			switch {
			case p.src != "":
				o.size, o.stream = p.size, func(w io.Writer) error { return ps.copyJPEG(w, p) }
			default:
				data := p.data
				o.size, o.stream = int64(len(data)), func(w io.Writer) error { _, err := w.Write(data); return err }
			}
		}
		objs[i] = o
	}
	return objs
}

// copyJPEG copies a JPEG from the edition folder to w, checking that it is
// the one read while the edition was made: same size and time, and its
// bytes end where its size says. Its header is not read again: what it
// says is the model's.
func (ps *pictures) copyJPEG(w io.Writer, p *picture) error {
	changed := fmt.Errorf("picture %s changed while the PDF was made", p.src)
	f, err := ps.fsys.Open(p.src)
	if err != nil {
		return fmt.Errorf("reading picture %s: %w", p.src, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("reading picture %s: %w", p.src, err)
	}
	if st.Size() != p.size || !st.ModTime().Equal(p.mod) {
		return changed
	}
	if _, err := io.CopyN(w, f, p.size); err != nil {
		if errors.Is(err, io.EOF) {
			return changed
		}
		return fmt.Errorf("copying picture %s: %w", p.src, err)
	}
	var one [1]byte
	if n, _ := f.Read(one[:]); n > 0 {
		return changed
	}
	return nil
}
