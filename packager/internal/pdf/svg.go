package pdf

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/offprint/offprint/packager/internal/pdf/typeset"
)

// svgImage is an SVG picture turned into absolute paths in its user space,
// drawn as vectors.
type svgImage struct {
	width, height float64    // declared size in CSS pixels (0 if none)
	vb            [4]float64 // viewBox: x, y, w, h
	shapes        []svgShape
}

type svgShape struct {
	segs    []typeset.PathSeg
	fill    *typeset.Color
	stroke  *typeset.Color
	strokeW float64
	evenOdd bool
	// text, when set, is drawn at (tx, ty) instead of a path
	text        string
	tx, ty      float64
	fontSize    float64
	anchor      string
	bold, ital  bool
	serif, mono bool
}

func (s *svgImage) aspect() float64 {
	if s.vb[2] > 0 && s.vb[3] > 0 {
		return s.vb[3] / s.vb[2]
	}
	return 0.75
}

// matrix is an affine transform [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix { // m then n... returns m × n (n applied first)
	return matrix{
		m[0]*n[0] + m[2]*n[1], m[1]*n[0] + m[3]*n[1],
		m[0]*n[2] + m[2]*n[3], m[1]*n[2] + m[3]*n[3],
		m[0]*n[4] + m[2]*n[5] + m[4], m[1]*n[4] + m[3]*n[5] + m[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

func (m matrix) scale() float64 { return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2])) }

// svgState is the inherited presentation state.
type svgState struct {
	m           matrix
	fill        *typeset.Color
	stroke      *typeset.Color
	strokeW     float64
	evenOdd     bool
	fontSize    float64
	anchor      string
	bold, ital  bool
	serif, mono bool
	hidden      bool
}

const maxSVGShapes = 20000

// parseSVG reads the common SVG elements into paths.
func parseSVG(data []byte) (*svgImage, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	img := &svgImage{}
	black := typeset.Color(0)
	stack := []svgState{{m: identity, fill: &black, strokeW: 1, fontSize: 16, anchor: "start"}}
	skip := 0 // depth inside elements that are not drawn (defs, …)
	var textEl *svgState
	var textBuf strings.Builder
	root := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if root {
				break // keep what was read
			}
			return nil, fmt.Errorf("unreadable SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if skip > 0 {
				skip++
				continue
			}
			if !root {
				if name != "svg" {
					return nil, fmt.Errorf("unreadable SVG: root element is <%s>", name)
				}
				root = true
				img.readRoot(t.Attr)
			}
			switch name {
			case "defs", "clipPath", "mask", "symbol", "style", "title", "desc", "metadata",
				"linearGradient", "radialGradient", "pattern", "marker", "filter", "script", "foreignObject":
				skip = 1
				continue
			}
			st := stack[len(stack)-1]
			st.apply(t.Attr)
			stack = append(stack, st)
			if st.hidden || len(img.shapes) > maxSVGShapes {
				continue
			}
			attr := attrMap(t.Attr)
			switch name {
			case "text":
				s := st
				s.m = s.m.mul(matrix{1, 0, 0, 1, num(attr["x"]), num(attr["y"])})
				textEl = &s
				textBuf.Reset()
			case "tspan":
				// its text joins the text element's
			default:
				if segs := shapeSegs(name, attr); len(segs) > 0 {
					img.addShape(st, segs)
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if t.Name.Local == "text" && textEl != nil {
				if s := strings.Join(strings.Fields(textBuf.String()), " "); s != "" && textEl.fill != nil {
					x, y := textEl.m.apply(0, 0)
					img.shapes = append(img.shapes, svgShape{text: s, tx: x, ty: y, fontSize: textEl.fontSize * textEl.m.scale(),
						fill: textEl.fill, anchor: textEl.anchor, bold: textEl.bold, ital: textEl.ital, serif: textEl.serif, mono: textEl.mono})
				}
				textEl = nil
			}
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if textEl != nil && skip == 0 {
				textBuf.Write(t)
			}
		}
	}
	if !root {
		return nil, errors.New("unreadable SVG: no <svg> element")
	}
	if img.vb[2] <= 0 || img.vb[3] <= 0 {
		w, h := img.width, img.height
		if w <= 0 || h <= 0 {
			w, h = 300, 150 // the CSS default size of a replaced element
		}
		img.vb = [4]float64{0, 0, w, h}
	}
	if img.width <= 0 && img.height <= 0 {
		// no declared size: the viewBox in CSS pixels
	} else if img.width <= 0 {
		img.width = img.height * img.vb[2] / img.vb[3]
	} else if img.height <= 0 {
		img.height = img.width * img.vb[3] / img.vb[2]
	}
	return img, nil
}

func attrMap(as []xml.Attr) map[string]string {
	m := make(map[string]string, len(as))
	for _, a := range as {
		m[a.Name.Local] = a.Value
	}
	return m
}

func (img *svgImage) readRoot(as []xml.Attr) {
	for _, a := range as {
		switch a.Name.Local {
		case "width":
			img.width = cssLen(a.Value)
		case "height":
			img.height = cssLen(a.Value)
		case "viewBox":
			f := nums(a.Value)
			if len(f) == 4 && f[2] > 0 && f[3] > 0 {
				copy(img.vb[:], f)
			}
		}
	}
}

func (img *svgImage) addShape(st svgState, segs []typeset.PathSeg) {
	if st.fill == nil && st.stroke == nil {
		return
	}
	for i := range segs {
		s := &segs[i]
		s.X1, s.Y1 = st.m.apply(s.X1, s.Y1)
		s.X2, s.Y2 = st.m.apply(s.X2, s.Y2)
		s.X, s.Y = st.m.apply(s.X, s.Y)
	}
	img.shapes = append(img.shapes, svgShape{segs: segs, fill: st.fill, stroke: st.stroke,
		strokeW: st.strokeW * st.m.scale(), evenOdd: st.evenOdd})
}

// apply reads presentation attributes and the style attribute.
func (st *svgState) apply(as []xml.Attr) {
	props := map[string]string{}
	for _, a := range as {
		props[a.Name.Local] = a.Value
	}
	if s, ok := props["style"]; ok {
		for _, decl := range strings.Split(s, ";") {
			k, v, ok := strings.Cut(decl, ":")
			if ok {
				props[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	if t, ok := props["transform"]; ok {
		st.m = st.m.mul(parseTransform(t))
	}
	for k, v := range props {
		v = strings.TrimSpace(v)
		switch k {
		case "fill":
			st.fill = paint(v, st.fill)
		case "stroke":
			st.stroke = paint(v, st.stroke)
		case "stroke-width":
			if w := cssLen(v); w >= 0 {
				st.strokeW = w
			}
		case "fill-rule":
			st.evenOdd = v == "evenodd"
		case "font-size":
			if s := cssLen(v); s > 0 {
				st.fontSize = s
			}
		case "text-anchor":
			st.anchor = v
		case "font-weight":
			st.bold = v == "bold" || v == "bolder" || num(v) >= 600
		case "font-style":
			st.ital = v == "italic" || v == "oblique"
		case "font-family":
			l := strings.ToLower(v)
			st.mono = strings.Contains(l, "mono") || strings.Contains(l, "courier")
			st.serif = !st.mono && strings.Contains(l, "serif") && !strings.Contains(l, "sans")
		case "display":
			if v == "none" {
				st.hidden = true
			}
		case "visibility":
			st.hidden = v == "hidden" || v == "collapse"
		case "opacity", "fill-opacity":
			if f, err := strconv.ParseFloat(v, 64); err == nil && f <= 0.01 && k == "opacity" {
				st.hidden = true
			}
		}
	}
}

var namedColors = map[string]typeset.Color{
	"black": 0x000000, "white": 0xFFFFFF, "red": 0xFF0000, "green": 0x008000, "blue": 0x0000FF,
	"yellow": 0xFFFF00, "gray": 0x808080, "grey": 0x808080, "orange": 0xFFA500, "purple": 0x800080,
	"navy": 0x000080, "teal": 0x008080, "silver": 0xC0C0C0, "maroon": 0x800000, "olive": 0x808000,
	"lime": 0x00FF00, "aqua": 0x00FFFF, "cyan": 0x00FFFF, "fuchsia": 0xFF00FF, "magenta": 0xFF00FF,
	"brown": 0xA52A2A, "pink": 0xFFC0CB, "gold": 0xFFD700, "darkgray": 0xA9A9A9, "darkgrey": 0xA9A9A9,
	"lightgray": 0xD3D3D3, "lightgrey": 0xD3D3D3, "darkblue": 0x00008B, "darkred": 0x8B0000,
	"darkgreen": 0x006400, "lightblue": 0xADD8E6, "steelblue": 0x4682B4, "tomato": 0xFF6347,
	"crimson": 0xDC143C, "indigo": 0x4B0082, "violet": 0xEE82EE, "beige": 0xF5F5DC, "coral": 0xFF7F50,
	"salmon": 0xFA8072, "khaki": 0xF0E68C, "tan": 0xD2B48C, "skyblue": 0x87CEEB, "orangered": 0xFF4500,
	"dimgray": 0x696969, "dimgrey": 0x696969, "whitesmoke": 0xF5F5F5, "gainsboro": 0xDCDCDC,
}

// paint parses a fill or stroke value; inherit keeps the parent's.
func paint(v string, inherit *typeset.Color) *typeset.Color {
	v = strings.ToLower(strings.TrimSpace(v))
	var c typeset.Color
	switch {
	case v == "none" || v == "transparent":
		return nil
	case v == "inherit" || v == "":
		return inherit
	case v == "currentcolor":
		c = 0
	case strings.HasPrefix(v, "url("):
		c = 0x888888 // gradients and patterns: a neutral grey
	case strings.HasPrefix(v, "#"):
		h := v[1:]
		if len(h) == 3 || len(h) == 4 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if len(h) == 8 {
			h = h[:6]
		}
		n, err := strconv.ParseUint(h, 16, 32)
		if err != nil || len(h) != 6 {
			return inherit
		}
		c = typeset.Color(n)
	case strings.HasPrefix(v, "rgb"):
		in := v[strings.IndexByte(v, '(')+1:]
		in = strings.TrimSuffix(strings.TrimSpace(in), ")")
		parts := strings.FieldsFunc(in, func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
		if len(parts) < 3 {
			return inherit
		}
		var rgb [3]int
		for i := range 3 {
			p := parts[i]
			f, _ := strconv.ParseFloat(strings.TrimSuffix(p, "%"), 64)
			if strings.HasSuffix(p, "%") {
				f = f * 255 / 100
			}
			rgb[i] = int(math.Max(0, math.Min(255, math.Round(f))))
		}
		c = typeset.Color(rgb[0]<<16 | rgb[1]<<8 | rgb[2])
	default:
		n, ok := namedColors[v]
		if !ok {
			return inherit
		}
		c = n
	}
	return &c
}

func parseTransform(s string) matrix {
	m := identity
	for {
		i := strings.IndexByte(s, '(')
		j := strings.IndexByte(s, ')')
		if i < 0 || j < i {
			return m
		}
		name := strings.TrimSpace(strings.Trim(s[:i], ", \t\n"))
		a := nums(s[i+1 : j])
		s = s[j+1:]
		get := func(k int, def float64) float64 {
			if k < len(a) {
				return a[k]
			}
			return def
		}
		var t matrix
		switch name {
		case "matrix":
			if len(a) < 6 {
				continue
			}
			copy(t[:], a)
		case "translate":
			t = matrix{1, 0, 0, 1, get(0, 0), get(1, 0)}
		case "scale":
			sx := get(0, 1)
			t = matrix{sx, 0, 0, get(1, sx), 0, 0}
		case "rotate":
			r := get(0, 0) * math.Pi / 180
			cx, cy := get(1, 0), get(2, 0)
			cs, sn := math.Cos(r), math.Sin(r)
			t = matrix{1, 0, 0, 1, cx, cy}.mul(matrix{cs, sn, -sn, cs, 0, 0}).mul(matrix{1, 0, 0, 1, -cx, -cy})
		case "skewX":
			t = matrix{1, 0, math.Tan(get(0, 0) * math.Pi / 180), 1, 0, 0}
		case "skewY":
			t = matrix{1, math.Tan(get(0, 0) * math.Pi / 180), 0, 1, 0, 0}
		default:
			continue
		}
		m = m.mul(t)
	}
}

func num(s string) float64 { return cssLen(s) }

// cssLen reads a length in CSS pixels; percentages and unknown units give
// 0, a bad number -1.
func cssLen(s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	mult := 1.0
	for _, u := range []struct {
		suf string
		f   float64
	}{{"px", 1}, {"pt", 96.0 / 72}, {"pc", 16}, {"mm", 96 / 25.4}, {"cm", 96 / 2.54}, {"in", 96}, {"em", 16}, {"%", 0}} {
		if v, ok := strings.CutSuffix(s, u.suf); ok {
			s, mult = strings.TrimSpace(v), u.f
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return -1
	}
	return f * mult
}

// nums reads a list of numbers separated by spaces and commas.
func nums(s string) []float64 {
	var out []float64
	p := pathLexer{s: s}
	for {
		f, ok := p.number()
		if !ok {
			return out
		}
		out = append(out, f)
	}
}

// shapeSegs turns a basic shape or path into segments in user space.
func shapeSegs(name string, a map[string]string) []typeset.PathSeg {
	f := func(k string) float64 { return math.Max(cssLen(a[k]), -1e9) }
	switch name {
	case "rect":
		x, y, w, h := f("x"), f("y"), f("width"), f("height")
		if w <= 0 || h <= 0 {
			return nil
		}
		rx, ry := f("rx"), f("ry")
		if rx <= 0 && ry <= 0 {
			return []typeset.PathSeg{{Cmd: 'M', X: x, Y: y}, {Cmd: 'L', X: x + w, Y: y}, {Cmd: 'L', X: x + w, Y: y + h}, {Cmd: 'L', X: x, Y: y + h}, {Cmd: 'Z'}}
		}
		if rx <= 0 {
			rx = ry
		}
		if ry <= 0 {
			ry = rx
		}
		rx, ry = math.Min(rx, w/2), math.Min(ry, h/2)
		var p pathBuilder
		p.move(x+rx, y)
		p.line(x+w-rx, y)
		p.arc(rx, ry, 0, false, true, x+w, y+ry)
		p.line(x+w, y+h-ry)
		p.arc(rx, ry, 0, false, true, x+w-rx, y+h)
		p.line(x+rx, y+h)
		p.arc(rx, ry, 0, false, true, x, y+h-ry)
		p.line(x, y+ry)
		p.arc(rx, ry, 0, false, true, x+rx, y)
		p.close()
		return p.segs
	case "circle", "ellipse":
		cx, cy := f("cx"), f("cy")
		rx, ry := f("r"), f("r")
		if name == "ellipse" {
			rx, ry = f("rx"), f("ry")
		}
		if rx <= 0 || ry <= 0 {
			return nil
		}
		var p pathBuilder
		p.move(cx+rx, cy)
		p.arc(rx, ry, 0, false, true, cx, cy+ry)
		p.arc(rx, ry, 0, false, true, cx-rx, cy)
		p.arc(rx, ry, 0, false, true, cx, cy-ry)
		p.arc(rx, ry, 0, false, true, cx+rx, cy)
		p.close()
		return p.segs
	case "line":
		return []typeset.PathSeg{{Cmd: 'M', X: f("x1"), Y: f("y1")}, {Cmd: 'L', X: f("x2"), Y: f("y2")}}
	case "polyline", "polygon":
		pts := nums(a["points"])
		if len(pts) < 4 {
			return nil
		}
		var p pathBuilder
		p.move(pts[0], pts[1])
		for i := 2; i+1 < len(pts); i += 2 {
			p.line(pts[i], pts[i+1])
		}
		if name == "polygon" {
			p.close()
		}
		return p.segs
	case "path":
		return parsePath(a["d"])
	}
	return nil
}

// pathBuilder gathers absolute segments.
type pathBuilder struct {
	segs           []typeset.PathSeg
	x, y, sx, sy   float64
	cx, cy, qx, qy float64 // last control points, for S and T
	last           byte
}

func (p *pathBuilder) move(x, y float64) {
	p.segs = append(p.segs, typeset.PathSeg{Cmd: 'M', X: x, Y: y})
	p.x, p.y, p.sx, p.sy = x, y, x, y
}

func (p *pathBuilder) line(x, y float64) {
	p.segs = append(p.segs, typeset.PathSeg{Cmd: 'L', X: x, Y: y})
	p.x, p.y = x, y
}

func (p *pathBuilder) cubic(x1, y1, x2, y2, x, y float64) {
	p.segs = append(p.segs, typeset.PathSeg{Cmd: 'C', X1: x1, Y1: y1, X2: x2, Y2: y2, X: x, Y: y})
	p.cx, p.cy = x2, y2
	p.x, p.y = x, y
}

func (p *pathBuilder) quad(qx, qy, x, y float64) {
	p.cubic(p.x+2.0/3*(qx-p.x), p.y+2.0/3*(qy-p.y), x+2.0/3*(qx-x), y+2.0/3*(qy-y), x, y)
	p.qx, p.qy = qx, qy
}

func (p *pathBuilder) close() {
	p.segs = append(p.segs, typeset.PathSeg{Cmd: 'Z'})
	p.x, p.y = p.sx, p.sy
}

// arc adds an elliptical arc to (x, y), per the SVG implementation notes
// (endpoint to centre parameterisation), as cubic curves.
func (p *pathBuilder) arc(rx, ry, phiDeg float64, large, sweep bool, x, y float64) {
	x1, y1 := p.x, p.y
	if x1 == x && y1 == y {
		return
	}
	rx, ry = math.Abs(rx), math.Abs(ry)
	if rx == 0 || ry == 0 {
		p.line(x, y)
		return
	}
	phi := phiDeg * math.Pi / 180
	cs, sn := math.Cos(phi), math.Sin(phi)
	dx, dy := (x1-x)/2, (y1-y)/2
	x1p := cs*dx + sn*dy
	y1p := -sn*dx + cs*dy
	lam := x1p*x1p/(rx*rx) + y1p*y1p/(ry*ry)
	if lam > 1 {
		s := math.Sqrt(lam)
		rx, ry = rx*s, ry*s
	}
	num := rx*rx*ry*ry - rx*rx*y1p*y1p - ry*ry*x1p*x1p
	den := rx*rx*y1p*y1p + ry*ry*x1p*x1p
	co := 0.0
	if den > 0 && num > 0 {
		co = math.Sqrt(num / den)
	}
	if large == sweep {
		co = -co
	}
	cxp, cyp := co*rx*y1p/ry, -co*ry*x1p/rx
	cx := cs*cxp - sn*cyp + (x1+x)/2
	cy := sn*cxp + cs*cyp + (y1+y)/2
	angle := func(ux, uy, vx, vy float64) float64 {
		a := math.Atan2(ux*vy-uy*vx, ux*vx+uy*vy)
		return a
	}
	t1 := angle(1, 0, (x1p-cxp)/rx, (y1p-cyp)/ry)
	dt := angle((x1p-cxp)/rx, (y1p-cyp)/ry, (-x1p-cxp)/rx, (-y1p-cyp)/ry)
	if !sweep && dt > 0 {
		dt -= 2 * math.Pi
	} else if sweep && dt < 0 {
		dt += 2 * math.Pi
	}
	n := int(math.Ceil(math.Abs(dt) / (math.Pi / 2)))
	n = max(n, 1)
	step := dt / float64(n)
	k := 4.0 / 3 * math.Tan(step/4)
	pt := func(t float64) (float64, float64) {
		ex, ey := rx*math.Cos(t), ry*math.Sin(t)
		return cs*ex - sn*ey + cx, sn*ex + cs*ey + cy
	}
	der := func(t float64) (float64, float64) {
		ex, ey := -rx*math.Sin(t), ry*math.Cos(t)
		return cs*ex - sn*ey, sn*ex + cs*ey
	}
	t := t1
	for i := range n {
		ax, ay := pt(t)
		adx, ady := der(t)
		bx, by := pt(t + step)
		bdx, bdy := der(t + step)
		if i == n-1 {
			bx, by = x, y
		}
		p.cubic(ax+k*adx, ay+k*ady, bx-k*bdx, by-k*bdy, bx, by)
		t += step
	}
}

// pathLexer reads the numbers and commands of path data.
type pathLexer struct {
	s string
	i int
}

func (l *pathLexer) skip() {
	for l.i < len(l.s) && (l.s[l.i] == ' ' || l.s[l.i] == ',' || l.s[l.i] == '\t' || l.s[l.i] == '\n' || l.s[l.i] == '\r') {
		l.i++
	}
}

func (l *pathLexer) number() (float64, bool) {
	l.skip()
	start := l.i
	if l.i < len(l.s) && (l.s[l.i] == '+' || l.s[l.i] == '-') {
		l.i++
	}
	digits, dot := false, false
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' && !dot:
			dot = true
		case (c == 'e' || c == 'E') && digits && l.i+1 < len(l.s) && (l.s[l.i+1] == '-' || l.s[l.i+1] == '+' || l.s[l.i+1] >= '0' && l.s[l.i+1] <= '9'):
			l.i++
			if l.s[l.i] == '-' || l.s[l.i] == '+' {
				l.i++
			}
			for l.i < len(l.s) && l.s[l.i] >= '0' && l.s[l.i] <= '9' {
				l.i++
			}
			goto done
		default:
			goto done
		}
		l.i++
	}
done:
	if !digits {
		l.i = start
		return 0, false
	}
	f, err := strconv.ParseFloat(l.s[start:l.i], 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func (l *pathLexer) flag() (bool, bool) {
	l.skip()
	if l.i < len(l.s) && (l.s[l.i] == '0' || l.s[l.i] == '1') {
		l.i++
		return l.s[l.i-1] == '1', true
	}
	return false, false
}

const maxPathSegs = 200000

// parsePath reads SVG path data; a malformed tail is dropped, as browsers
// do.
func parsePath(d string) []typeset.PathSeg {
	l := pathLexer{s: d}
	var p pathBuilder
	cmd := byte(0)
	for len(p.segs) < maxPathSegs {
		l.skip()
		if l.i >= len(l.s) {
			break
		}
		c := l.s[l.i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			cmd = c
			l.i++
			if cmd == 'Z' || cmd == 'z' {
				p.close()
				p.last = 'Z'
				continue
			}
		} else if cmd == 0 || cmd == 'Z' || cmd == 'z' {
			break
		}
		rel := cmd >= 'a'
		ox, oy := 0.0, 0.0
		if rel {
			ox, oy = p.x, p.y
		}
		var a [7]float64
		need := map[byte]int{'M': 2, 'L': 2, 'H': 1, 'V': 1, 'C': 6, 'S': 4, 'Q': 4, 'T': 2, 'A': 7}[cmd&^0x20]
		if need == 0 {
			break
		}
		ok := true
		for k := 0; k < need && ok; k++ {
			if cmd&^0x20 == 'A' && (k == 3 || k == 4) {
				var b bool
				b, ok = l.flag()
				if b {
					a[k] = 1
				}
				continue
			}
			a[k], ok = l.number()
		}
		if !ok {
			break
		}
		if len(p.segs) == 0 && cmd&^0x20 != 'M' {
			p.move(0, 0)
		}
		switch cmd &^ 0x20 {
		case 'M':
			p.move(a[0]+ox, a[1]+oy)
			if rel {
				cmd = 'l'
			} else {
				cmd = 'L'
			}
		case 'L':
			p.line(a[0]+ox, a[1]+oy)
		case 'H':
			p.line(a[0]+ox, p.y)
		case 'V':
			y := a[0]
			if rel {
				y += p.y
			}
			p.line(p.x, y)
		case 'C':
			p.cubic(a[0]+ox, a[1]+oy, a[2]+ox, a[3]+oy, a[4]+ox, a[5]+oy)
		case 'S':
			x1, y1 := p.x, p.y
			if p.last == 'C' || p.last == 'S' {
				x1, y1 = 2*p.x-p.cx, 2*p.y-p.cy
			}
			p.cubic(x1, y1, a[0]+ox, a[1]+oy, a[2]+ox, a[3]+oy)
		case 'Q':
			p.quad(a[0]+ox, a[1]+oy, a[2]+ox, a[3]+oy)
		case 'T':
			qx, qy := p.x, p.y
			if p.last == 'Q' || p.last == 'T' {
				qx, qy = 2*p.x-p.qx, 2*p.y-p.qy
			}
			p.quad(qx, qy, a[0]+ox, a[1]+oy)
		case 'A':
			p.arc(a[0], a[1], a[2], a[3] != 0, a[4] != 0, a[5]+ox, a[6]+oy)
		}
		p.last = cmd &^ 0x20
	}
	return p.segs
}

// draw adds the picture to a page, fitted into the rectangle (keeping its
// aspect ratio, centred) and clipped to it.
func (s *svgImage) draw(p *typeset.Page, x, y, w, h float64, fonts *fontSet) {
	vx, vy, vw, vh := s.vb[0], s.vb[1], s.vb[2], s.vb[3]
	sc := math.Min(w/vw, h/vh)
	ox := x + (w-vw*sc)/2 - vx*sc
	oy := y + (h-vh*sc)/2 - vy*sc
	p.Add(typeset.Op{Kind: typeset.OpClip, X: x, Y: y, W: w, H: h})
	for _, sh := range s.shapes {
		if sh.text != "" {
			fam := fonts.heading
			if sh.serif {
				fam = fonts.body
			} else if sh.mono {
				fam = fonts.mono
			}
			face := fam.face(sh.bold, sh.ital)
			size := sh.fontSize * sc
			if size < 0.5 {
				continue
			}
			tx := ox + sh.tx*sc
			var clean strings.Builder
			for _, r := range sh.text {
				if face.Has(r) {
					clean.WriteRune(r)
				} else {
					clean.WriteByte('?')
				}
			}
			text := clean.String()
			tw := face.Width(text, size)
			switch sh.anchor {
			case "middle":
				tx -= tw / 2
			case "end":
				tx -= tw
			}
			p.Text(tx, oy+sh.ty*sc, face, size, *sh.fill, text)
			continue
		}
		segs := make([]typeset.PathSeg, len(sh.segs))
		for i, sg := range sh.segs {
			segs[i] = typeset.PathSeg{Cmd: sg.Cmd,
				X1: ox + sg.X1*sc, Y1: oy + sg.Y1*sc, X2: ox + sg.X2*sc, Y2: oy + sg.Y2*sc, X: ox + sg.X*sc, Y: oy + sg.Y*sc}
		}
		op := typeset.Op{Kind: typeset.OpPath, Path: segs}
		if sh.fill != nil {
			op.Paint |= typeset.PaintFill
			op.Fill = *sh.fill
		}
		if sh.stroke != nil && sh.strokeW > 0 {
			op.Paint |= typeset.PaintStroke
			op.Stroke = *sh.stroke
			op.LineWidth = sh.strokeW * sc
		}
		if sh.evenOdd {
			op.Paint |= typeset.PaintEvenOdd
		}
		if op.Paint&(typeset.PaintFill|typeset.PaintStroke) != 0 {
			p.Add(op)
		}
	}
	p.Add(typeset.Op{Kind: typeset.OpClipEnd})
}
