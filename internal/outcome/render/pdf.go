package render

import (
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// Page geometry in millimetres (A4). The left margin is wide because the
// paragraph labels stand in it, as in UN documents.
const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 36.0
	marginRight  = 20.0
	marginTop    = 20.0
	marginBottom = 24.0
	labelX       = 14.0 // the label column runs from here to marginLeft - labelGap
	labelGap     = 4.0
	textW        = pageW - marginLeft - marginRight

	bodySize  = 10.5 // points
	bodyLine  = 5.6  // mm, generous enough for Chinese
	smallSize = 8.5
	smallLine = 4.4
)

var (
	ink   = [3]int{26, 26, 26}
	muted = [3]int{85, 85, 85}
	alert = [3]int{163, 38, 31}
)

// PDF writes the clean text on A4 with the fonts embedded (a subset of the
// glyphs used), so Chinese shows in any reader: the illustrative notice,
// forum, edition, title, revision or adoption, the paragraphs with their
// labels in the margin, the annex and the content hash; every page's footer
// repeats the notice and the hash and numbers the page.
func PDF(w io.Writer, d Document) error {
	pre, op, err := sections(d)
	if err != nil {
		return err
	}
	h := headingOf(d)
	wr, err := newPDFWriter(d, h)
	if err != nil {
		return err
	}
	pdf := wr.pdf
	pdf.AddPage()
	wr.y = marginTop

	wr.head(d, h)
	for _, part := range []struct {
		heading string
		paras   []Paragraph
	}{{h.words.Preamble, pre}, {h.words.Operative, op}} {
		if len(part.paras) == 0 {
			continue
		}
		wr.sectionHeading(part.heading)
		for _, p := range part.paras {
			wr.paragraph(p)
		}
	}
	if len(d.Annex) > 0 {
		wr.sectionHeading(h.words.Annex)
		for _, a := range d.Annex {
			wr.statement(a)
		}
	}
	if hash := Clean(d.Hash); hash != "" {
		wr.y += 4
		wr.color(muted)
		wr.block(h.words.Hash+strings.TrimRight(h.words.Colon, " "), marginLeft, textW, smallSize, smallLine, false, false)
		wr.block(hash, marginLeft, textW, smallSize, smallLine, false, false)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("render: writing the PDF: %w", err)
	}
	return pdf.Output(w)
}

// newPDFWriter sets up an A4 document with the fonts, metadata and footer.
func newPDFWriter(d Document, h heading) (*pdfWriter, error) {
	ff, err := loadFonts()
	if err != nil {
		return nil, err
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	for f, file := range ff.files {
		pdf.AddUTF8FontFromBytes(faceFamily[f].family, faceFamily[f].style, file)
	}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("render: loading fonts: %w", err)
	}
	pdf.SetTitle(Clean(d.Title), true)
	pdf.SetSubject(Clean(d.Forum), true)
	pdf.SetCreator("Roundtable", true)
	pdf.SetLang(Clean(d.Lang))
	pdf.SetCatalogSort(true)
	if !d.Date.IsZero() {
		// The same text gives the same file.
		pdf.SetCreationDate(d.Date)
		pdf.SetModificationDate(d.Date)
	}
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(false, marginBottom) // the writer breaks pages itself, line by line
	pdf.SetCellMargin(0)
	pdf.AliasNbPages("{nb}")

	wr := &pdfWriter{pdf: pdf, ts: &typesetter{pdf: pdf, face: -1}, words: h.words}
	notice, hash := h.notice, Clean(d.Hash)
	pdf.SetFooterFunc(func() { wr.footer(notice, hash) })
	return wr, nil
}

type pdfWriter struct {
	pdf   *fpdf.Fpdf
	ts    *typesetter
	words Labels
	y     float64
}

func (wr *pdfWriter) color(c [3]int) { wr.pdf.SetTextColor(c[0], c[1], c[2]) }

// room starts a new page unless h millimetres fit above the bottom margin.
func (wr *pdfWriter) room(h float64) {
	if wr.y+h > pageH-marginBottom {
		wr.pdf.AddPage()
		wr.y = marginTop
	}
}

// layout breaks a text of several lines into typeset lines of width.
func (wr *pdfWriter) layout(text string, width, size float64, bold bool) [][]atom {
	var lines [][]atom
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, wr.ts.breakLines(wr.ts.atoms(l, bold, size), width, size)...)
	}
	return lines
}

// block writes a text from x in a column of width, breaking pages between
// lines, centred or not.
func (wr *pdfWriter) block(text string, x, width, size, line float64, bold, center bool) {
	for _, l := range wr.layout(text, width, size, bold) {
		wr.room(line)
		lx := x
		if center {
			lx += (width - lineWidth(l)) / 2
		}
		wr.ts.draw(l, lx, wr.y, line, size)
		wr.y += line
	}
}

func (wr *pdfWriter) head(d Document, h heading) {
	if h.notice != "" {
		lines := wr.layout(h.notice, textW-8, bodySize, true)
		boxH := float64(len(lines))*bodyLine + 4
		wr.pdf.SetDrawColor(alert[0], alert[1], alert[2])
		wr.pdf.SetLineWidth(0.5)
		wr.pdf.Rect(marginLeft, wr.y, textW, boxH, "D")
		wr.y += 2
		wr.color(alert)
		for _, l := range lines {
			wr.ts.draw(l, marginLeft+(textW-lineWidth(l))/2, wr.y, bodyLine, bodySize)
			wr.y += bodyLine
		}
		wr.y += 8
	}
	wr.color(muted)
	for _, s := range []string{d.Forum, d.Edition} {
		if s = Clean(s); s != "" {
			wr.block(s, marginLeft, textW, 9.5, 5, false, true)
		}
	}
	wr.y += 3
	wr.color(ink)
	wr.block(Clean(d.Title), marginLeft, textW, 16, 8, true, true)
	wr.y += 2
	wr.color(muted)
	for _, s := range []string{h.revision, h.adopted, h.placeDate} {
		if s = Clean(s); s != "" {
			wr.block(s, marginLeft, textW, 9.5, 5, false, true)
		}
	}
	wr.y += 4
}

// sectionHeading writes a heading with a rule, kept with the two lines that
// follow it.
func (wr *pdfWriter) sectionHeading(text string) {
	wr.y += 3
	wr.room(7 + 2*bodyLine)
	wr.color(muted)
	wr.block(text, marginLeft, textW, 10, 6, true, false)
	wr.pdf.SetDrawColor(187, 187, 187)
	wr.pdf.SetLineWidth(0.2)
	wr.pdf.Line(marginLeft, wr.y, pageW-marginRight, wr.y)
	wr.y += 3
}

// paragraph writes a paragraph with its label in the margin beside its
// first line.
func (wr *pdfWriter) paragraph(p Paragraph) {
	lines := wr.layout(Clean(p.Text), textW, bodySize, false)
	labelW := marginLeft - labelGap - labelX
	label := wr.ts.breakLines(wr.ts.atoms(Clean(p.Label), true, bodySize), labelW, bodySize)[0]
	wr.room(bodyLine * float64(min(len(lines), 2)))
	wr.color(ink)
	wr.ts.draw(label, labelX+labelW-lineWidth(label), wr.y, bodyLine, bodySize)
	for _, l := range lines {
		wr.room(bodyLine)
		wr.ts.draw(l, marginLeft, wr.y, bodyLine, bodySize)
		wr.y += bodyLine
	}
	if p.Outdated {
		wr.color(alert)
		wr.block("("+wr.words.Outdated+")", marginLeft, textW, smallSize, smallLine, false, false)
	}
	wr.y += 2
}

// statement writes one entry of the annex.
func (wr *pdfWriter) statement(a AnnexEntry) {
	wr.room(2*bodyLine + smallLine)
	wr.color(ink)
	wr.block(annexTitle(a), marginLeft, textW, bodySize, bodyLine, true, false)
	if meta := annexMeta(a, wr.words); meta != "" {
		wr.color(muted)
		wr.block(meta, marginLeft, textW, smallSize, smallLine, false, false)
	}
	wr.color(ink)
	wr.block(Clean(a.Text), marginLeft, textW, bodySize, bodyLine, false, false)
	wr.y += 4
}

// footer runs at the end of every page: the notice and the page number on
// one line, the hash below.
func (wr *pdfWriter) footer(notice, hash string) {
	// fpdf's AddPage restores the font in use before the footer ran; the
	// typesetter must believe the same.
	saved := *wr.ts
	defer func() { *wr.ts = saved }()
	y := pageH - marginBottom + 8
	if notice != "" {
		wr.color(alert)
		l := wr.layout(notice, textW*0.7, smallSize, true)[0]
		wr.ts.draw(l, marginLeft, y, smallLine, smallSize)
	}
	wr.color(muted)
	page := wr.layout(fmt.Sprintf("%s %d / {nb}", wr.words.Page, wr.pdf.PageNo()), textW*0.3, smallSize, false)[0]
	wr.ts.draw(page, pageW-marginRight-lineWidth(page), y, smallLine, smallSize)
	if hash != "" {
		l := wr.layout(wr.words.Hash+wr.words.Colon+hash, textW, 7, false)[0]
		wr.ts.draw(l, marginLeft, y+smallLine, smallLine, 7)
	}
}
