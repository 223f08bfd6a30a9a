package container

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"

	"github.com/offprint/offprint/packager/model"
)

// openMHTML reads a page saved as MHTML (MIME multipart/related, as
// Chrome's "Save as single file" writes it): its first HTML part is the
// page, and its other parts are pictures by their Content-Location (or
// Content-ID). Quoted-printable and base64 parts are decoded.
func openMHTML(fsys fs.FS, c *Container) error {
	src, err := readAll(fsys, c.File, maxFileBytes)
	if err != nil {
		return err
	}
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(src)))
	if err != nil {
		return errorf(c.File, "mhtml", "is not an MHTML file: its headers cannot be read (%v)", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
		return errorf(c.File, "mhtml", "is not an MHTML file: it is not multipart/related")
	}
	addr := msg.Header.Get("Snapshot-Content-Location")
	saved, _ := mail.ParseDate(msg.Header.Get("Date"))
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var page []byte
	var pageLoc string
	n := 0
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if page != nil {
				c.Diags = append(c.Diags, model.Warnf("mhtml", c.File, 0, "is cut short: its last parts are not read (%v)", err))
				break
			}
			return errorf(c.File, "mhtml", "cannot be read: %v", err)
		}
		if n++; n > maxRecords {
			return errorf(c.File, "mhtml", "has over %d parts", maxRecords)
		}
		body, err := decodePart(part)
		if err != nil {
			c.Diags = append(c.Diags, model.Warnf("mhtml", c.File, 0, "a part cannot be decoded: %v", err))
			continue
		}
		ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		loc := part.Header.Get("Content-Location")
		switch {
		case page == nil && (ct == "text/html" || ct == "application/xhtml+xml"):
			page, pageLoc = body, loc
		case strings.HasPrefix(ct, "image/"):
			name, err := c.Pictures.add(loc, body)
			if err != nil {
				c.Diags = append(c.Diags, model.Warnf("bad-image", c.File, 0, "%v", err))
				continue
			}
			if id := strings.Trim(part.Header.Get("Content-ID"), "<> "); id != "" {
				c.Pictures.mu.Lock()
				c.Pictures.byKey["cid:"+id] = name
				c.Pictures.mu.Unlock()
			}
		}
	}
	if page == nil {
		return errorf(c.File, "mhtml", "holds no HTML page")
	}
	if addr == "" {
		addr = pageLoc
	}
	page = rewritePictures(page, addr, func(raw, abs string) (string, bool) {
		for _, k := range []string{abs, raw} {
			if name, ok := c.Pictures.Lookup(k); ok {
				return picturePath(c.File, name, true), true
			}
		}
		return "", false
	})
	c.Pages = []Page{{HTML: func() ([]byte, error) { return page, nil }, URL: addr, Saved: saved}}
	return nil
}

// decodePart reads a MIME part's body by its Content-Transfer-Encoding.
func decodePart(p *multipart.Part) ([]byte, error) {
	var r io.Reader = p
	switch strings.ToLower(strings.TrimSpace(p.Header.Get("Content-Transfer-Encoding"))) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, newlineStripper{p})
	case "quoted-printable":
		r = quotedprintable.NewReader(p)
	}
	b, err := io.ReadAll(io.LimitReader(r, maxPictureBytes+1))
	if err == nil && len(b) > maxPictureBytes {
		err = errTooLarge
	}
	return b, err
}

var errTooLarge = errorf("", "too-large", "a part is over %d MB", maxPictureBytes>>20)

// newlineStripper drops the line breaks of base64 text.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(p []byte) (int, error) {
	for {
		k, err := n.r.Read(p)
		j := 0
		for _, b := range p[:k] {
			if b != '\r' && b != '\n' && b != ' ' && b != '\t' {
				p[j] = b
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}
