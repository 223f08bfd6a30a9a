package media

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
)

// Detail is what a picture's header says about embedding it as it is.
type Detail struct {
	Info
	// Components is a JPEG's number of colour components when they are
	// grey (1), YCbCr (3) or CMYK (4), which a PDF takes as they are; 0
	// for any other JPEG and for other formats.
	Components int
	// Plain is true for a PNG a PDF takes as it is: not interlaced, at
	// most 8 bits per sample, and exactly 8 when it has an alpha channel.
	Plain bool
}

// ProbeDetail reads a picture's header like Probe, and also what a
// renderer needs to know to embed it without decoding it.
func ProbeDetail(r io.Reader, maxPixels int) (Detail, error) {
	if ProbeHook != nil {
		ProbeHook(r)
	}
	return probe(r, maxPixels)
}

// probe reads a picture's header: the one reader of headers behind Probe,
// ProbeDetail and the package's transformations.
func probe(r io.Reader, maxPixels int) (Detail, error) {
	br := bufio.NewReaderSize(r, 4096)
	head, _ := br.Peek(4096)
	if looksLikeSVG(head) {
		info, err := probeSVG(br)
		return Detail{Info: info}, err
	}
	cfg, format, err := image.DecodeConfig(br)
	if err != nil {
		if errors.Is(err, image.ErrFormat) {
			return Detail{}, ErrUnknownFormat
		}
		return Detail{}, fmt.Errorf("unreadable %s header: %w", sniff(head), err)
	}
	if err := CheckSize(cfg.Width, cfg.Height, maxPixels); err != nil {
		return Detail{}, err
	}
	d := Detail{Info: Info{Format: format, Width: cfg.Width, Height: cfg.Height}}
	switch format {
	case "jpeg":
		d.Orientation = jpegOrientation(head)
		if isTurned(d.Orientation) {
			d.Width, d.Height = d.Height, d.Width
		}
		switch cfg.ColorModel {
		case color.GrayModel:
			d.Components = 1
		case color.YCbCrModel:
			d.Components = 3
		case color.CMYKModel:
			d.Components = 4
		}
	case "png":
		// The header chunk: bit depth, colour type and interlace method.
		if len(head) >= 29 && bytes.Equal(head[12:16], []byte("IHDR")) && binary.BigEndian.Uint32(head[16:]) > 0 {
			depth, ct, interlace := head[24], head[25], head[28]
			known := ct == 0 || ct == 2 || ct == 3 || ct == 4 || ct == 6
			d.Plain = depth <= 8 && interlace == 0 && known && (ct != 4 && ct != 6 || depth == 8)
		}
	}
	return d, nil
}
