package render

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"unicode"
)

//go:embed page.html.tmpl
var pageTemplate string

//go:embed page.css
var pageCSS string

// page is parsed once at start-up: a broken template fails every test, not
// a reader's download.
var page = template.Must(template.New("page").Parse(pageTemplate))

type htmlPage struct {
	Lang, Title, Forum, Edition string
	CSS, PrintCSS               template.CSS
	Notice                      string
	Sub                         []string
	Markup                      bool
	Inserted, Deleted           string
	StatusHeading               string
	Sections                    []htmlSection
	AnnexHeading                string
	Annex                       []htmlStatement
	HashLabel, Hash, Colon      string
}

type htmlSection struct {
	Class, Heading string
	Paras          []htmlPara
}

type htmlPara struct {
	ID, Label           string
	Status, StatusLabel string
	Outdated            string
	Pieces              []piece
}

type htmlStatement struct {
	Kind, Lang, Title, Meta string
	Pieces                  []piece
}

// piece is a stretch of text as HTML shows it: plain, inserted, deleted or
// a line break.
type piece struct{ Kind, Text string }

// HTML writes a standalone printable page (A4 through @page, labels in the
// margin, page numbers where the browser prints them, CSS inside the page,
// nothing fetched from elsewhere). With markup, each paragraph shows its
// status under its label and its changes from Marks as <ins> and <del>.
func HTML(w io.Writer, d Document, markup bool) error {
	pre, op, err := sections(d)
	if err != nil {
		return err
	}
	h := headingOf(d)
	p := htmlPage{
		Lang: Clean(d.Lang), Title: Clean(d.Title), Forum: Clean(d.Forum), Edition: Clean(d.Edition),
		CSS:      template.CSS(pageCSS),
		PrintCSS: printCSS(h.words.Page, h.notice),
		Notice:   h.notice,
		Markup:   markup,
		Inserted: h.words.Inserted, Deleted: h.words.Deleted,
		StatusHeading: h.words.Status,
		AnnexHeading:  h.words.Annex,
		HashLabel:     h.words.Hash, Hash: Clean(d.Hash), Colon: h.words.Colon,
	}
	for _, s := range []string{h.revision, h.adopted, h.placeDate} {
		if s = Clean(s); s != "" {
			p.Sub = append(p.Sub, s)
		}
	}
	ids := eIDs{}
	for _, part := range []struct {
		class, heading, prefix string
		paras                  []Paragraph
	}{{"preamble", h.words.Preamble, "rec_", pre}, {"operative", h.words.Operative, "para_", op}} {
		if len(part.paras) == 0 {
			continue
		}
		sec := htmlSection{Class: part.class, Heading: part.heading}
		for _, para := range part.paras {
			hp := htmlPara{ID: part.prefix + ids.of(para.Label), Label: Clean(para.Label)}
			if para.Outdated {
				hp.Outdated = h.words.Outdated
			}
			if markup {
				if err := para.checkMarks(); err != nil {
					return err
				}
				hp.Status = cssClass(para.Status)
				hp.StatusLabel = Clean(para.statusLabel())
				hp.Pieces = markedPieces(para)
			} else {
				hp.Pieces = textPieces(MarkEqual, Clean(para.Text))
			}
			sec.Paras = append(sec.Paras, hp)
		}
		p.Sections = append(p.Sections, sec)
	}
	for _, a := range d.Annex {
		p.Annex = append(p.Annex, htmlStatement{
			Kind: cssClass(a.Kind), Lang: Clean(a.Lang), Title: annexTitle(a), Meta: annexMeta(a, h.words),
			Pieces: textPieces(MarkEqual, Clean(a.Text)),
		})
	}
	var b bytes.Buffer
	if err := page.Execute(&b, p); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// printCSS puts the page number, and the illustrative notice, in the
// margins of every printed page. html/template would refuse a notice such as
// "Illustrative: …" inside a CSS string (it looks like a URL scheme), so the
// strings are escaped here, where nothing but letters, digits and spaces
// passes unescaped.
func printCSS(pageWord, notice string) template.CSS {
	var b strings.Builder
	b.WriteString("@page {\n  @bottom-right { content: " + cssString(pageWord) + " \" \" counter(page) \" / \" counter(pages); }\n")
	if notice != "" {
		b.WriteString("  @top-center { content: " + cssString(notice) + "; color: #a3261f; font-weight: bold; }\n")
	}
	b.WriteString("}")
	return template.CSS(b.String())
}

// cssString quotes s as a CSS string.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range Clean(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' {
			b.WriteRune(r)
			continue
		}
		fmt.Fprintf(&b, "\\%x ", r)
	}
	b.WriteByte('"')
	return b.String()
}

// markedPieces is the paragraph's marks as pieces, or its text when it has
// none (a paragraph unchanged since the previous revision).
func markedPieces(p Paragraph) []piece {
	if len(p.Marks) == 0 {
		return textPieces(MarkEqual, Clean(p.Text))
	}
	var out []piece
	for _, m := range p.Marks {
		out = append(out, textPieces(m.Kind, sanitize(m.Text))...)
	}
	return out
}

// textPieces splits a text of one kind at its line breaks.
func textPieces(kind, s string) []piece {
	var out []piece
	for {
		line, rest, more := strings.Cut(s, "\n")
		if line != "" {
			out = append(out, piece{Kind: kind, Text: line})
		}
		if !more {
			return out
		}
		out = append(out, piece{Kind: "br"})
		s = rest
	}
}

// cssClass keeps a code usable as part of a class name.
func cssClass(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			return r
		}
		return -1
	}, strings.ToLower(s))
}
