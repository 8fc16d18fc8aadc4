package render

import (
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

func newTypesetter(t *testing.T) *typesetter {
	t.Helper()
	ff, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	for f, file := range ff.files {
		pdf.AddUTF8FontFromBytes(faceFamily[f].family, faceFamily[f].style, file)
	}
	if err := pdf.Error(); err != nil {
		t.Fatal(err)
	}
	return &typesetter{pdf: pdf, face: -1}
}

// lineText is what a line shows, spaces included.
func lineText(line []atom) string {
	var b strings.Builder
	for _, a := range line {
		if a.space > 0 {
			b.WriteByte(' ')
		}
		for _, s := range a.segs {
			b.WriteString(s.text)
		}
	}
	return b.String()
}

func TestChineseLinesNeverStartWithClosingPunctuation(t *testing.T) {
	ts := newTypesetter(t)
	text := "重申一切人权都是普遍、不可分割、相互依存和相互关联的，回顾《世界人权宣言》和《发展权利宣言》。注意到（特别是）经济、社会和文化权利。"
	// Every width from four to twenty characters puts a break somewhere new.
	for width := 15.0; width < 75; width += 1.3 {
		lines := ts.breakLines(ts.atoms(text, false, 10.5), width, 10.5)
		var all strings.Builder
		for i, l := range lines {
			s := lineText(l)
			all.WriteString(s)
			first, _ := firstRune(s)
			if i > 0 && noBreakBefore(first) {
				t.Errorf("width %.1f: line %d starts with %q: %q", width, i+1, first, s)
			}
			if last := []rune(s); len(last) > 0 && noBreakAfter(last[len(last)-1]) {
				t.Errorf("width %.1f: line %d ends with an opening %q", width, i+1, last[len(last)-1])
			}
			if w := lineWidth(l); w > width+0.01 {
				t.Errorf("width %.1f: line %d is %.2f wide", width, i+1, w)
			}
		}
		if all.String() != text {
			t.Fatalf("width %.1f: the lines read %q", width, all.String())
		}
	}
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

func TestLatinLinesBreakBetweenWords(t *testing.T) {
	ts := newTypesetter(t)
	text := "Encourage cooperation in poverty reduction, education and public health, including the sharing of experience;"
	lines := ts.breakLines(ts.atoms(text, false, 10.5), 50, 10.5)
	if len(lines) < 3 {
		t.Fatalf("%d lines in 50 mm", len(lines))
	}
	var got []string
	for _, l := range lines {
		got = append(got, lineText(l))
		if w := lineWidth(l); w > 50 {
			t.Errorf("line %q is %.1f mm wide", lineText(l), w)
		}
	}
	if strings.Join(got, " ") != text {
		t.Errorf("lines %q do not read as the text", got)
	}
}

func TestScriptsGetTheirFonts(t *testing.T) {
	ts := newTypesetter(t)
	atoms := ts.atoms("同意于2026年举行（record）", true, 10)
	var runs []string
	for _, a := range atoms {
		for _, s := range a.segs {
			runs = append(runs, faceFamily[s.face].family+faceFamily[s.face].style+":"+s.text)
		}
	}
	want := "DroidSansFallback:同|DroidSansFallback:意|DroidSansFallback:于|NotoSansB:2026|DroidSansFallback:年|DroidSansFallback:举|DroidSansFallback:行|DroidSansFallback:（|NotoSansB:record|DroidSansFallback:）"
	if got := strings.Join(runs, "|"); got != want {
		t.Errorf("runs\n got %s\nwant %s", got, want)
	}
	// "（" opens and "）" closes: they stay with their neighbours.
	if got := lineText(atoms[len(atoms)-1:]); got != "（record）" {
		t.Errorf("last atom %q", got)
	}
}

func TestAWordWiderThanTheLineIsCut(t *testing.T) {
	ts := newTypesetter(t)
	hash := strings.Repeat("0123456789abcdef", 8)
	lines := ts.breakLines(ts.atoms("hash: "+hash, false, 10), 40, 10)
	var all strings.Builder
	for i, l := range lines {
		if w := lineWidth(l); w > 40 {
			t.Errorf("line %d is %.1f mm wide", i+1, w)
		}
		all.WriteString(lineText(l))
	}
	if all.String() != "hash:"+hash {
		t.Errorf("cut lines read %q", all.String())
	}
}

// After a page break fpdf restores the font in use before the footer ran;
// the typesetter must know it, or the next run it thinks needs no font
// change comes out in the footer's font or size.
func TestTypesetterKnowsTheFontAfterAPageBreak(t *testing.T) {
	d := Document{Title: "x", Kind: KindDeclaration, Lang: "zh", Illustrative: true, Hash: strings.Repeat("a", 64)}
	wr, err := newPDFWriter(d, headingOf(d))
	if err != nil {
		t.Fatal(err)
	}
	wr.pdf.AddPage()
	for _, before := range []face{cjk, latinBold, latin} {
		wr.ts.use(before, bodySize)
		wr.pdf.AddPage() // runs the footer, which sets other faces and sizes
		size, _ := wr.pdf.GetFontSize()
		want := faceFamily[wr.ts.face]
		if !strings.EqualFold(wr.pdf.GetFontFamily(), want.family) || wr.pdf.GetFontStyle() != want.style || size != wr.ts.size {
			t.Errorf("after a page break fpdf sets %s %q %.1f, the typesetter believes %s %q %.1f",
				wr.pdf.GetFontFamily(), wr.pdf.GetFontStyle(), size, want.family, want.style, wr.ts.size)
		}
	}
}
