package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// face is one of the embedded fonts. fpdf sets a run of text in a single
// font, and no TrueType font here covers both Latin and Chinese well, so the
// typesetter splits text into script runs and switches faces between them.
type face int

const (
	latin face = iota
	latinBold
	cjk
)

var faceFamily = [...]struct{ family, style string }{
	latin:     {"NotoSans", ""},
	latinBold: {"NotoSans", "B"},
	cjk:       {"DroidSansFallback", ""},
}

// isCJK reports whether r goes to the CJK font: Han, kana, hangul,
// bopomofo, and the CJK and full-width punctuation Chinese text uses.
func isCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	switch {
	case r <= 0x2FDF, // radicals
		r >= 0x3000 && r <= 0x303F, // CJK symbols and punctuation
		r >= 0x3200 && r <= 0x33FF, // enclosed and compatibility
		r >= 0xFE30 && r <= 0xFE4F, // compatibility forms
		r >= 0xFF00 && r <= 0xFFEF: // half-width and full-width forms
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo)
}

// noBreakBefore: closing punctuation stays on the line of what it closes.
func noBreakBefore(r rune) bool {
	return strings.ContainsRune("，。、；：？！）」』》〉】〕｝…・ー,.;:?!)]}%”’", r)
}

// noBreakAfter: opening punctuation stays on the line of what it opens.
func noBreakAfter(r rune) bool {
	return strings.ContainsRune("（「『《〈【〔｛([{“‘", r)
}

// seg is text in one face; w is its width at the typesetter's size.
type seg struct {
	face face
	text string
	w    float64
}

// atom is what a line may not be broken inside: a word, or one Chinese
// character with the punctuation that must stay with it. space is the width
// of the white space before it, dropped at the start of a line.
type atom struct {
	segs  []seg
	w     float64
	space float64
}

// typesetter lays out and draws mixed-script text with an fpdf document.
type typesetter struct {
	pdf  *fpdf.Fpdf
	face face
	size float64 // points
}

func (t *typesetter) use(f face, size float64) {
	if f != t.face || size != t.size {
		t.face, t.size = f, size
		t.pdf.SetFont(faceFamily[f].family, faceFamily[f].style, size)
	}
}

// faceOf picks the face of r in text that is bold or not; Chinese has no
// bold face here, so it stays regular inside bold text.
func faceOf(r rune, bold bool) face {
	switch {
	case isCJK(r):
		return cjk
	case bold:
		return latinBold
	}
	return latin
}

// atoms splits one line of text (no '\n') into atoms, measured at size.
func (t *typesetter) atoms(line string, bold bool, size float64) []atom {
	var out []atom
	var cur atom
	var b strings.Builder // the text of cur's last segment
	curFace := face(-1)
	spaceBefore := false
	var last rune
	flushSeg := func() {
		if b.Len() > 0 {
			cur.segs = append(cur.segs, seg{face: curFace, text: b.String()})
			b.Reset()
		}
	}
	flush := func() {
		flushSeg()
		if len(cur.segs) > 0 {
			out = append(out, cur)
		}
		cur = atom{}
		curFace = -1
	}
	for _, r := range line {
		if unicode.IsSpace(r) && r != '\u3000' {
			if len(cur.segs) > 0 || b.Len() > 0 {
				flush()
			}
			spaceBefore = len(out) > 0
			continue
		}
		if b.Len() > 0 || len(cur.segs) > 0 {
			breakable := (isCJK(r) || isCJK(last)) && !noBreakBefore(r) && !noBreakAfter(last)
			if breakable {
				flush()
			}
		}
		if len(cur.segs) == 0 && b.Len() == 0 && spaceBefore {
			cur.space = -1 // measured below, in the face of what precedes it
			spaceBefore = false
		}
		f := faceOf(r, bold)
		if f != curFace {
			flushSeg()
			curFace = f
		}
		b.WriteRune(r)
		last = r
	}
	flush()
	t.measure(out, size)
	return out
}

// measure fills in widths, setting each face once rather than per atom.
func (t *typesetter) measure(atoms []atom, size float64) {
	for f := latin; f <= cjk; f++ {
		set := false
		for i := range atoms {
			a := &atoms[i]
			for j := range a.segs {
				if a.segs[j].face != f {
					continue
				}
				if !set {
					t.use(f, size)
					set = true
				}
				a.segs[j].w = t.pdf.GetStringWidth(a.segs[j].text)
			}
		}
	}
	for i := range atoms {
		a := &atoms[i]
		a.w = 0
		for _, s := range a.segs {
			a.w += s.w
		}
		if a.space < 0 {
			prev := atoms[i-1].segs
			t.use(prev[len(prev)-1].face, size)
			a.space = t.pdf.GetStringWidth(" ")
		}
	}
}

// breakLines fills lines of the given width greedily. An atom wider than a
// line (a long URL, a hash) is cut between characters.
func (t *typesetter) breakLines(atoms []atom, width, size float64) [][]atom {
	var lines [][]atom
	var line []atom
	x := 0.0
	for _, a := range atoms {
		if len(line) > 0 && x+a.space+a.w > width {
			lines = append(lines, line)
			line, x = nil, 0
		}
		if len(line) == 0 {
			a.space = 0
		}
		if a.w > width {
			parts := t.cut(a, width, size)
			for _, p := range parts[:len(parts)-1] {
				lines = append(lines, append(line, p))
				line = nil
			}
			a = parts[len(parts)-1]
			x = 0
		}
		line = append(line, a)
		x += a.space + a.w
	}
	if len(line) > 0 || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// cut splits an over-wide atom into pieces no wider than width.
func (t *typesetter) cut(a atom, width, size float64) []atom {
	var parts []atom
	cur := atom{space: a.space}
	for _, s := range a.segs {
		t.use(s.face, size)
		for s.text != "" {
			_, n := utf8.DecodeRuneInString(s.text)
			ch := s.text[:n]
			w := t.pdf.GetStringWidth(ch)
			if cur.w+w > width && cur.w > 0 {
				parts = append(parts, cur)
				cur = atom{}
			}
			if k := len(cur.segs); k > 0 && cur.segs[k-1].face == s.face {
				cur.segs[k-1].text += ch
				cur.segs[k-1].w += w
			} else {
				cur.segs = append(cur.segs, seg{face: s.face, text: ch, w: w})
			}
			cur.w += w
			s.text = s.text[n:]
		}
	}
	return append(parts, cur)
}

// lineWidth is the width a line of atoms takes.
func lineWidth(line []atom) float64 {
	w := 0.0
	for _, a := range line {
		w += a.space + a.w
	}
	return w
}

// draw writes one line at (x, y) as a few runs, one per change of face: a
// space is drawn in the face of the text before it, so copied text keeps
// its spaces.
func (t *typesetter) draw(line []atom, x, y, h, size float64) {
	var runs []seg
	add := func(f face, text string, w float64) {
		if k := len(runs); k > 0 && runs[k-1].face == f {
			runs[k-1].text += text
			runs[k-1].w += w
			return
		}
		runs = append(runs, seg{face: f, text: text, w: w})
	}
	for _, a := range line {
		if a.space > 0 && len(runs) > 0 {
			add(runs[len(runs)-1].face, " ", a.space)
		}
		for _, s := range a.segs {
			add(s.face, s.text, s.w)
		}
	}
	t.pdf.SetXY(x, y)
	for _, r := range runs {
		t.use(r.face, size)
		t.pdf.CellFormat(r.w, h, r.text, "", 0, "L", false, 0, "")
	}
}
