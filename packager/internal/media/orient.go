package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"

	"github.com/disintegration/imaging"
)

// jpegOrientation reads the EXIF orientation (1–8) from the start of a
// JPEG, as phones and cameras write it: an APP1 segment "Exif\0\0" holding
// a TIFF structure whose first IFD has tag 0x0112. head may be cut short
// anywhere; only the bytes up to the tag are needed. A JPEG without the
// tag, or with a value out of range, is 1 (upright as stored).
func jpegOrientation(head []byte) int {
	if !bytes.HasPrefix(head, []byte("\xff\xd8")) {
		return 1
	}
	i := 2
	for i+4 <= len(head) {
		if head[i] != 0xff {
			return 1
		}
		marker := head[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image
			return 1
		}
		n := int(binary.BigEndian.Uint16(head[i+2:]))
		if n < 2 {
			return 1
		}
		seg := head[i+4 : min(len(head), i+2+n)]
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			if o := tiffOrientation(seg[6:]); o > 0 {
				return o
			}
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from the first IFD of a TIFF
// structure, or gives 0.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	count := int(bo.Uint16(t[off:]))
	for k := range count {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		typ := bo.Uint16(t[e+2:])
		var v int
		switch typ {
		case 3: // SHORT
			v = int(bo.Uint16(t[e+8:]))
		case 4: // LONG
			v = int(bo.Uint32(t[e+8:]))
		default:
			return 0
		}
		if v >= 1 && v <= 8 {
			return v
		}
		return 0
	}
	return 0
}

// isTurned reports whether an EXIF orientation swaps width and height.
func isTurned(orientation int) bool { return orientation >= 5 && orientation <= 8 }

// orient returns a decoded picture the right way up for its EXIF
// orientation.
func orient(img image.Image, orientation int) image.Image {
	switch orientation {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}

// Upright returns a JPEG the right way up at its full size, for outputs
// that keep pictures as they are (the PDF); prepare turns pictures the
// same way while it scales them (the EPUB). Both decide by
// jpegOrientation and turn by the same function. A JPEG that needs no
// turn (no tag, or orientation 1) is returned as it is, src itself, with
// turned false.
// Otherwise it is decoded, turned the right way up and re-encoded at
// quality (85 when 0); the new JPEG carries no EXIF, so that no reader
// turns it a second time. Other formats are returned as they are. Upright
// also returns what the returned picture's header says, so that its caller
// need not read it.
func Upright(src []byte, quality int) (out []byte, d Detail, turned bool, err error) {
	o := jpegOrientation(src[:min(len(src), 1<<16)])
	if o == 1 {
		d, err = probe(bytes.NewReader(src), 0)
		return src, d, false, err
	}
	release := acquireDecode(src)
	defer release()
	img, err := jpeg.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, Detail{}, false, fmt.Errorf("corrupt jpeg picture: %w", err)
	}
	if quality <= 0 {
		quality = 85
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, flatten(orient(img, o)), &jpeg.Options{Quality: quality}); err != nil {
		return nil, Detail{}, false, fmt.Errorf("encoding jpeg: %w", err)
	}
	d, err = probe(bytes.NewReader(b.Bytes()), 0)
	return b.Bytes(), d, true, err
}
