// Package render turns one negotiated outcome text (a joint declaration, a
// joint statement, a communiqué) into the files people download: Akoma Ntoso
// 3.0 XML, Markdown, a printable A4 HTML page (clean or marked-up) and a PDF
// with embedded fonts that show Chinese.
//
// The package is pure: it reads a Document value and writes bytes. It does
// not know the database, the reader's language catalogue or the clock; the
// caller gives the words of the headings (Labels) and every date.
package render

import (
	"fmt"
	"time"
)

// Document kinds, paragraph kinds and mark kinds used by the formats.
const (
	KindDeclaration    = "declaration"
	KindJointStatement = "joint_statement"
	KindCommunique     = "communique"

	Preambular = "preambular"
	Operative  = "operative"

	MarkEqual  = "equal"
	MarkInsert = "insert"
	MarkDelete = "delete"
)

// IllustrativeNotice is what every export says of invented demonstration
// content when the caller gives no translation of it.
const IllustrativeNotice = "Illustrative: invented for the demonstration"

// Document is one rendering of an outcome text in one language.
type Document struct {
	Title    string
	Kind     string // declaration | joint_statement | communique
	Lang     string // language of this rendering: en, es, pt, fr, zh
	Forum    string // e.g. "China–Latin America and Caribbean Roundtable on Human Rights"
	Edition  string // e.g. "Second Roundtable"
	Place    string
	Date     time.Time // of this revision, or of adoption
	Revision string    // "Zero draft", "Rev.2", or "" when adopted

	Adopted   bool
	AdoptedAt time.Time
	Method    string // consensus | vote | silence

	Hash         string // the content hash of the adopted text, shown in every export when given
	WorkURI      string // Akoma Ntoso work IRI, e.g. "/akn/un/statement/declaration/2025-07-25/china-lac-2"
	Illustrative bool   // invented demonstration content: every export says so

	Paragraphs []Paragraph
	Annex      []AnnexEntry // reservations, dissociations, explanations of position
	Words      Labels       // headings in the reader's language
}

// Paragraph is one preambular or operative paragraph.
type Paragraph struct {
	Label string // PP1, OP7bis, OP6alt…
	Kind  string // preambular | operative
	Text  string

	// For the marked-up view only.
	Status      string // proposed, bracketed, agreed…
	StatusLabel string // Status in the reader's language; Status itself when empty
	Outdated    bool   // this translation lags behind the negotiated text
	Marks       []Mark // the changes against the previous revision
}

// Mark is one stretch of a paragraph's marked-up text. The equal and insert
// marks, concatenated in order, give the paragraph's Text.
type Mark struct {
	Kind string // equal | insert | delete
	Text string
}

// AnnexEntry is one statement of position put on the record beside the text.
type AnnexEntry struct {
	Delegation string
	Kind       string   // explanation_before | explanation_after | reservation | dissociation
	KindLabel  string   // Kind in the reader's language
	Paragraphs []string // labels the statement concerns (a dissociation names them)
	Text       string
	Lang       string // language of Text, which may differ from the document's
	At         time.Time
}

// Labels are the words of the exports in the reader's language. The caller
// translates them (i18n lives elsewhere); an empty field falls back to
// English so that a forgotten word shows as English, not as nothing.
type Labels struct {
	Preamble     string // heading over the preambular paragraphs
	Operative    string // heading over the operative paragraphs
	Annex        string // heading over the statements of position
	Hash         string // "Content hash (SHA-256)"
	AdoptedOn    string // "Adopted on"
	Method       string // the adoption method, e.g. "by consensus"; Document.Method when empty
	Revision     string // "Revision"
	Illustrative string // the illustrative notice
	Inserted     string // legend of inserted text in the marked-up view
	Deleted      string // legend of deleted text in the marked-up view
	Page         string // "Page", before the page number
	Outdated     string // note on a paragraph whose translation is outdated
	Status       string // "Status", the heading of the margin notes in the marked-up view
	Concerns     string // "Paragraphs", before the labels an annex entry concerns
	// Colon joins a label to what it names: ": " in English, "：" in
	// Chinese, a narrow no-break space and ": " in French.
	Colon string
}

func (l Labels) withDefaults() Labels {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&l.Colon, ": ")
	def(&l.Preamble, "Preamble")
	def(&l.Operative, "Operative paragraphs")
	def(&l.Annex, "Annex: statements of position")
	def(&l.Hash, "Content hash (SHA-256)")
	def(&l.AdoptedOn, "Adopted on")
	def(&l.Revision, "Revision")
	def(&l.Illustrative, IllustrativeNotice)
	def(&l.Inserted, "inserted")
	def(&l.Deleted, "deleted")
	def(&l.Page, "Page")
	def(&l.Outdated, "translation outdated")
	def(&l.Status, "Status")
	def(&l.Concerns, "Paragraphs")
	return l
}

// isoDate is how every format shows a date: unambiguous in all five
// languages, so the caller need not format dates per language.
const isoDate = "2006-01-02"

// heading is what the top of every human-readable export says, computed
// once so that Markdown, HTML and PDF agree.
type heading struct {
	words     Labels
	revision  string // "Revision: Rev.2", empty when adopted or not given
	placeDate string // "Buenos Aires, 2025-07-25"
	adopted   string // "Adopted on 2025-07-25 · by consensus"
	notice    string // the illustrative notice, empty when the content is real
}

func headingOf(d Document) heading {
	h := heading{words: d.Words.withDefaults()}
	if d.Revision != "" && !d.Adopted {
		h.revision = h.words.Revision + h.words.Colon + d.Revision
	}
	switch {
	case d.Place != "" && !d.Date.IsZero():
		h.placeDate = d.Place + ", " + d.Date.Format(isoDate)
	case d.Place != "":
		h.placeDate = d.Place
	case !d.Date.IsZero():
		h.placeDate = d.Date.Format(isoDate)
	}
	if d.Adopted {
		h.adopted = h.words.AdoptedOn
		if !d.AdoptedAt.IsZero() {
			h.adopted += " " + d.AdoptedAt.Format(isoDate)
		}
		method := h.words.Method
		if method == "" {
			method = d.Method
		}
		if method != "" {
			h.adopted += " · " + method
		}
	}
	if d.Illustrative {
		h.notice = h.words.Illustrative
	}
	return h
}

// statusLabel is the paragraph's status in the reader's language.
func (p Paragraph) statusLabel() string {
	if p.StatusLabel != "" {
		return p.StatusLabel
	}
	return p.Status
}

// checkMarks refuses marks that do not add up to the text, which would show
// readers a change that is not the one made.
func (p Paragraph) checkMarks() error {
	if len(p.Marks) == 0 {
		return nil
	}
	var n int
	for _, m := range p.Marks {
		switch m.Kind {
		case MarkEqual, MarkInsert:
			n += len(m.Text)
		case MarkDelete:
		default:
			return fmt.Errorf("render: paragraph %s: unknown mark kind %q", p.Label, m.Kind)
		}
	}
	b := make([]byte, 0, n)
	for _, m := range p.Marks {
		if m.Kind != MarkDelete {
			b = append(b, m.Text...)
		}
	}
	if string(b) != p.Text {
		return fmt.Errorf("render: paragraph %s: its marks do not add up to its text", p.Label)
	}
	return nil
}

// sections splits the paragraphs into the preamble and the operative part,
// refusing an order that the formats could not keep (a preambular
// paragraph after an operative one) and unknown kinds.
func sections(d Document) (pre, op []Paragraph, err error) {
	for i, p := range d.Paragraphs {
		if Clean(p.Label) == "" {
			return nil, nil, fmt.Errorf("render: paragraph %d has no label", i+1)
		}
		switch p.Kind {
		case Preambular:
			if len(op) > 0 {
				return nil, nil, fmt.Errorf("render: preambular paragraph %s comes after operative paragraphs", p.Label)
			}
			pre = append(pre, p)
		case Operative:
			op = append(op, p)
		default:
			return nil, nil, fmt.Errorf("render: paragraph %s has unknown kind %q", p.Label, p.Kind)
		}
	}
	return pre, op, nil
}
