package render

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Namespaces of the Akoma Ntoso file: the standard's, and ours for what the
// standard has no place for (inside <proprietary>).
const (
	aknNS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
	rtNS  = "urn:roundtable:outcome"
)

// iso6393 maps the working languages to the ISO 639-2 (T) codes Akoma Ntoso
// uses in FRBRlanguage and expression IRIs ("eng@2025-07-25").
var iso6393 = map[string]string{"en": "eng", "es": "spa", "pt": "por", "fr": "fra", "zh": "zho"}

func lang3(l string) string {
	if c, ok := iso6393[l]; ok {
		return c
	}
	return l
}

func lang2(l string) string {
	for two, three := range iso6393 {
		if three == l {
			return two
		}
	}
	return l
}

// AKN writes the text as an Akoma Ntoso 3.0 document of type statement
// (name = the document kind): FRBR identification for the work, this
// language's expression and the XML manifestation; a preface with forum,
// edition, title, revision, place and date; the preambular paragraphs as
// recitals of the preamble; the operative paragraphs as paragraphs of the
// main body; and, in <proprietary>, the content hash. It validates against
// the OASIS schema. Statements of position are not part of the text and
// stay out. Every string is written Clean, so ParseAKN reads back what
// Hash covers.
func AKN(w io.Writer, d Document) error {
	if d.WorkURI == "" {
		return errors.New("render: AKN needs the work IRI (Document.WorkURI)")
	}
	if !strings.HasPrefix(d.WorkURI, "/") || strings.ContainsAny(d.WorkURI, " \t\n\r") || Clean(d.WorkURI) != d.WorkURI {
		return fmt.Errorf("render: work IRI %q is not an absolute path without spaces", d.WorkURI)
	}
	switch d.Kind {
	case KindDeclaration, KindJointStatement, KindCommunique:
	default:
		return fmt.Errorf("render: unknown document kind %q", d.Kind)
	}
	pre, op, err := sections(d)
	if err != nil {
		return err
	}
	x := &xmlWriter{w: bufio.NewWriterSize(w, 32<<10)}
	writeAKN(x, cleaned(d), len(pre), len(op))
	if x.err != nil {
		return x.err
	}
	return x.w.Flush()
}

// writeAKN writes d, a cleaned document whose npre preambular paragraphs
// come before its nop operative ones. writeMeta and writePreface also take
// it cleaned.
func writeAKN(x *xmlWriter, d Document, npre, nop int) {
	pre, op := d.Paragraphs[:npre], d.Paragraphs[npre:npre+nop]
	kind := d.Kind
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.raw(`<akomaNtoso xmlns="` + aknNS + `" xmlns:rt="` + rtNS + `">` + "\n")
	x.raw(`  <statement name="`)
	x.attr(kind)
	x.raw(`" contains="originalVersion">` + "\n")
	writeMeta(x, d, kind)
	writePreface(x, d)
	if len(pre) > 0 {
		x.raw("    <preamble>\n      <recitals eId=\"recs_1\">\n")
		ids := eIDs{}
		for _, p := range pre {
			x.raw(`        <recital eId="recs_1__rec_`)
			x.attr(ids.of(p.Label))
			x.raw(`"><num>`)
			x.text(p.Label)
			x.raw(`</num>`)
			writeLines(x, p.Text)
			x.raw("</recital>\n")
		}
		x.raw("      </recitals>\n    </preamble>\n")
	}
	x.raw("    <mainBody>\n")
	if len(op) == 0 {
		// The schema wants something in the main body.
		x.raw("      <p/>\n")
	}
	ids := eIDs{}
	for _, p := range op {
		x.raw(`      <paragraph eId="para_`)
		x.attr(ids.of(p.Label))
		x.raw(`"><num>`)
		x.text(p.Label)
		x.raw(`</num><content>`)
		writeLines(x, p.Text)
		x.raw("</content></paragraph>\n")
	}
	x.raw("    </mainBody>\n  </statement>\n</akomaNtoso>\n")
}

func writeMeta(x *xmlWriter, d Document, kind string) {
	work := d.WorkURI
	workDate := workDateOf(d)
	exprDate := d.Date
	if d.Adopted && !d.AdoptedAt.IsZero() {
		exprDate = d.AdoptedAt
	}
	lang := lang3(d.Lang)
	expr := work + "/" + lang + "@" + exprDate.Format(isoDate)
	country := "un"
	if parts := strings.Split(work, "/"); len(parts) > 2 && parts[1] == "akn" && parts[2] != "" {
		country = parts[2]
	}

	x.raw("    <meta>\n      <identification source=\"#roundtable\">\n")
	x.raw("        <FRBRWork>\n")
	x.frbr("FRBRthis", "value", work+"/!main")
	x.frbr("FRBRuri", "value", work)
	x.frbrDate(workDate, "work")
	x.raw("          <FRBRauthor href=\"#roundtable\"/>\n")
	x.frbr("FRBRcountry", "value", country)
	x.frbr("FRBRname", "value", kind)
	x.raw("        </FRBRWork>\n        <FRBRExpression>\n")
	x.frbr("FRBRthis", "value", expr+"/!main")
	x.frbr("FRBRuri", "value", expr)
	dateName := "revision"
	if d.Adopted {
		dateName = "adoption"
	}
	x.frbrDate(exprDate, dateName)
	x.raw("          <FRBRauthor href=\"#roundtable\"/>\n")
	x.frbr("FRBRlanguage", "language", lang)
	x.raw("        </FRBRExpression>\n        <FRBRManifestation>\n")
	x.frbr("FRBRthis", "value", expr+"/!main.xml")
	x.frbr("FRBRuri", "value", expr+".akn")
	x.frbrDate(exprDate, "generation")
	x.raw("          <FRBRauthor href=\"#roundtable\"/>\n")
	x.frbr("FRBRformat", "value", "application/akn+xml")
	x.raw("        </FRBRManifestation>\n      </identification>\n")

	x.raw("      <references source=\"#roundtable\">\n")
	x.raw("        <TLCOrganization eId=\"roundtable\" href=\"/ontology/organization/roundtable\" showAs=\"Roundtable\"/>\n")
	if place := d.Place; place != "" {
		x.raw("        <TLCLocation eId=\"place\" href=\"/ontology/location/roundtable/place\" showAs=\"")
		x.attr(place)
		x.raw("\"/>\n")
	}
	x.raw("      </references>\n")

	x.raw("      <proprietary source=\"#roundtable\">\n        <rt:outcome")
	x.rtAttr("lang", d.Lang)
	x.rtAttr("revision", d.Revision)
	x.rtAttr("adopted", strconv.FormatBool(d.Adopted))
	if d.Adopted && !d.AdoptedAt.IsZero() {
		x.rtAttr("adoptedAt", d.AdoptedAt.UTC().Format(time.RFC3339))
	}
	x.rtAttr("method", d.Method)
	x.rtAttr("illustrative", strconv.FormatBool(d.Illustrative))
	x.raw(">\n")
	if h := d.Hash; h != "" {
		// The hash of the adopted text, which may be in another language.
		x.raw("          <rt:contentHash algorithm=\"SHA-256\">")
		x.text(h)
		x.raw("</rt:contentHash>\n")
	}
	// The hash of this file's own text, which ParseAKN checks.
	x.raw("          <rt:expressionHash algorithm=\"SHA-256\">" + hashCleaned(d) + "</rt:expressionHash>\n")
	x.raw("        </rt:outcome>\n      </proprietary>\n    </meta>\n")
}

// workDateOf is the date in the work IRI (the FRBR convention puts it
// there), else the document's.
func workDateOf(d Document) time.Time {
	for _, part := range strings.Split(d.WorkURI, "/") {
		if t, err := time.Parse(isoDate, part); err == nil {
			return t
		}
	}
	if d.Adopted && !d.AdoptedAt.IsZero() {
		return d.AdoptedAt
	}
	return d.Date
}

func writePreface(x *xmlWriter, d Document) {
	x.raw("    <preface>\n")
	if s := d.Forum; s != "" {
		x.raw("      <p class=\"forum\"><docAuthority>")
		x.text(s)
		x.raw("</docAuthority></p>\n")
	}
	if s := d.Edition; s != "" {
		x.raw("      <p class=\"edition\"><session>")
		x.text(s)
		x.raw("</session></p>\n")
	}
	x.raw("      <p class=\"title\"><docTitle>")
	x.text(d.Title)
	x.raw("</docTitle></p>\n")
	if s := d.Revision; s != "" && !d.Adopted {
		x.raw("      <p class=\"revision\"><docStage>")
		x.text(s)
		x.raw("</docStage></p>\n")
	}
	h := headingOf(d)
	if h.adopted != "" {
		x.raw("      <p class=\"adopted\"><docStatus>")
		x.text(Clean(h.adopted))
		x.raw("</docStatus></p>\n")
	}
	place := d.Place
	if place != "" || !d.Date.IsZero() {
		x.raw("      <p class=\"place-date\">")
		if place != "" {
			x.raw("<location refersTo=\"#place\">")
			x.text(place)
			x.raw("</location>")
		}
		if place != "" && !d.Date.IsZero() {
			x.raw(", ")
		}
		if !d.Date.IsZero() {
			x.raw("<docDate date=\"" + d.Date.Format(isoDate) + "\">" + d.Date.Format(isoDate) + "</docDate>")
		}
		x.raw("</p>\n")
	}
	if h.notice != "" {
		x.raw("      <p class=\"illustrative\">")
		x.text(Clean(h.notice))
		x.raw("</p>\n")
	}
	x.raw("    </preface>\n")
}

// writeLines writes a paragraph's text as one <p> per line, so line breaks
// inside a paragraph survive as structure rather than as white space that
// XML tools may collapse.
func writeLines(x *xmlWriter, text string) {
	for {
		line, rest, more := strings.Cut(text, "\n")
		x.raw("<p>")
		x.text(line)
		x.raw("</p>")
		if !more {
			return
		}
		text = rest
	}
}

// eIDs makes element identifiers from paragraph labels: the schema wants
// them without white space and unique in the document; readers of the
// convention expect letters, digits, hyphens. The label itself travels
// untouched in <num>.
type eIDs map[string]bool

func (ids eIDs) of(label string) string {
	var b strings.Builder
	for _, r := range Clean(label) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	id := b.String()
	if id == "" {
		id = "x"
	}
	for n, base := 2, id; ids[id]; n++ {
		id = base + "_" + strconv.Itoa(n)
	}
	ids[id] = true
	return id
}

// xmlWriter writes XML by hand: faster than encoding/xml's encoder and in
// full control of white space, which must not leak into the texts.
type xmlWriter struct {
	w   *bufio.Writer
	err error
}

func (x *xmlWriter) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

// text writes character data; s must be Clean (no characters XML forbids).
func (x *xmlWriter) text(s string) { x.escape(s, false) }

// attr writes an attribute value; s must be Clean.
func (x *xmlWriter) attr(s string) { x.escape(s, true) }

func (x *xmlWriter) escape(s string, attr bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			if !attr {
				continue
			}
			esc = "&quot;"
		case '\t', '\n':
			// A parser turns these into spaces in attribute values.
			if !attr {
				continue
			}
			esc = "&#" + strconv.Itoa(int(s[i])) + ";"
		default:
			continue
		}
		x.raw(s[last:i])
		x.raw(esc)
		last = i + 1
	}
	x.raw(s[last:])
}

func (x *xmlWriter) frbr(elem, attr, value string) {
	x.raw("          <" + elem + " " + attr + "=\"")
	x.attr(value)
	x.raw("\"/>\n")
}

func (x *xmlWriter) frbrDate(t time.Time, name string) {
	x.raw("          <FRBRdate date=\"" + t.Format(isoDate) + "\" name=\"" + name + "\"/>\n")
}

func (x *xmlWriter) rtAttr(name, value string) {
	if value == "" {
		return
	}
	x.raw(" " + name + "=\"")
	x.attr(value)
	x.raw("\"")
}
