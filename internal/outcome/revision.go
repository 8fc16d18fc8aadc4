package outcome

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outcome/render"
	"roundtable/internal/outcome/textdiff"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Revision kinds: a written revision circulated as a document, or an oral
// one read out by the chair in the room.
const (
	Written = "written"
	Oral    = "oral"
)

// Revision is a frozen state of a document's text.
type Revision struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document_id"`
	Number     int    `json:"number"`
	Kind       string `json:"kind"`
	Label      string `json:"label"` // "Zero draft", "Rev.1", "Rev.2 (oral)"
	Note       string `json:"note,omitempty"`
	Words      int    `json:"words"`
	// BracketedWords are the words still in brackets: the whole of a
	// paragraph bracketed or in options, and the words between [ and ] in
	// the others.
	BracketedWords int       `json:"bracketed_words"`
	Hash           string    `json:"hash"`
	IssuedBy       string    `json:"issued_by"`
	IssuedAt       time.Time `json:"issued_at"`
	// Paragraphs are filled when one revision is read, not in lists.
	Paragraphs []Paragraph `json:"paragraphs,omitempty"`
}

// BracketedShare is the share of the text's words still in brackets.
func (r Revision) BracketedShare() float64 {
	if r.Words == 0 {
		return 0
	}
	return float64(r.BracketedWords) / float64(r.Words)
}

// RevisionLabel names revision n of kind ("Zero draft", "Rev.3",
// "Rev.3 (oral)").
func RevisionLabel(n int, kind string) string {
	if n == 0 {
		return "Zero draft"
	}
	l := "Rev." + strconv.Itoa(n)
	if kind == Oral {
		l += " (oral)"
	}
	return l
}

// RevisionInput issues a revision.
type RevisionInput struct {
	Kind string `json:"kind"` // written (default) or oral
	Note string `json:"note,omitempty"`
}

// bracketed counts the bracketed words of a paragraph.
func bracketed(p Paragraph) int {
	if p.Status == Bracketed || p.Status == Options {
		return textdiff.Words(p.Text)
	}
	return textdiff.BracketedWords(p.Text)
}

// Share counts the words and bracketed words of a text.
func Share(list []Paragraph) (words, brackets int) {
	for _, p := range list {
		words += textdiff.Words(p.Text)
		brackets += bracketed(p)
	}
	return words, brackets
}

// HashOf is the content hash of a text: what an adopted text shows, and
// what every export of it carries.
func HashOf(d Document, list []Paragraph) string {
	return render.Hash(RenderDocument(d, list))
}

// RenderDocument is the text as package render draws it, in the
// negotiating language: its title, kind, paragraphs, adoption and
// identifier (the caller adds what the reader's page adds: the forum and
// edition's names, headings in the reader's language, the annex).
func RenderDocument(d Document, list []Paragraph) render.Document {
	out := render.Document{Title: d.Title, Kind: d.Kind, Lang: d.Language, WorkURI: WorkURI(d)}
	out.Date, _ = time.Parse(time.DateOnly, d.ClosesOn)
	if d.Status == Adopted && d.AdoptedAt != nil {
		out.Adopted, out.AdoptedAt, out.Date, out.Method, out.Hash = true, *d.AdoptedAt, *d.AdoptedAt, d.AdoptionMethod, d.AdoptionHash
	}
	for _, p := range list {
		out.Paragraphs = append(out.Paragraphs, render.Paragraph{Label: p.Label, Kind: p.Kind, Text: p.Text, Status: p.Status})
	}
	return out
}

// IssueRevision freezes the working text as the next revision: the zero
// draft first, then Rev.1, Rev.2 …. Only the chair issues revisions.
func (s *Service) IssueRevision(ctx context.Context, v Viewer, docID int64, in RevisionInput) (Revision, error) {
	if !presides(v) {
		return Revision{}, errChairOnly
	}
	if _, err := s.Document(ctx, v, docID); err != nil {
		return Revision{}, err
	}
	if in.Kind == "" {
		in.Kind = Written
	}
	if in.Kind != Written && in.Kind != Oral {
		return Revision{}, errKind
	}
	var err error
	if in.Note, err = dialogue.CheckText("note", in.Note, maxNote, false); err != nil {
		return Revision{}, err
	}
	var r Revision
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		d, err := lockDrafting(ctx, tx, docID)
		if err != nil {
			return err
		}
		if r, err = freeze(ctx, tx, v, d, in); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.revision.issue", "outcome_revision", r.ID, map[string]any{"number": r.Number, "kind": r.Kind, "hash": r.Hash})
	})
	return r, err
}

// freeze copies the working text of d into a new revision inside tx.
func freeze(ctx context.Context, tx *store.Tx, v Viewer, d Document, in RevisionInput) (Revision, error) {
	list, err := paragraphs(ctx, tx, d.ID)
	if err != nil {
		return Revision{}, err
	}
	if len(list) == 0 {
		return Revision{}, errs.New(errs.Conflict, "empty_text", "outcome.error.empty_text")
	}
	r := Revision{DocumentID: d.ID, Kind: in.Kind, Note: in.Note, IssuedBy: userName(v), IssuedAt: store.Now()}
	if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(number) + 1, 0) FROM outcome_revisions WHERE document_id = ?", d.ID).Scan(&r.Number); err != nil {
		return r, err
	}
	r.Label = RevisionLabel(r.Number, r.Kind)
	r.Words, r.BracketedWords = Share(list)
	r.Hash = HashOf(d, list)
	if err := tx.QueryRow(ctx, `INSERT INTO outcome_revisions (document_id, number, kind, note, words, bracketed_words, hash, issued_by, issued_by_name, issued_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.ID, r.Number, r.Kind, r.Note, r.Words, r.BracketedWords, r.Hash, userID(v), r.IssuedBy, r.IssuedAt).Scan(&r.ID); err != nil {
		return r, err
	}
	for _, p := range list {
		trace, _ := json.Marshal(p.Trace)
		if _, err := tx.Exec(ctx, `INSERT INTO outcome_revision_paragraphs (revision_id, paragraph_id, position, label, kind, status, bracket_reason, text, trace)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, p.ID, p.Position, p.Label, p.Kind, p.Status, p.BracketReason, p.Text, string(trace)); err != nil {
			return r, err
		}
		for lang, t := range p.Texts {
			if _, err := tx.Exec(ctx, `INSERT INTO outcome_revision_texts (revision_id, paragraph_id, language, text, status, outdated) VALUES (?, ?, ?, ?, ?, ?)`,
				r.ID, p.ID, lang, t.Text, t.Status, t.Outdated); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

const revisionColumns = "id, document_id, number, kind, note, words, bracketed_words, hash, issued_by_name, issued_at"

func scanRevision(sc store.Scanner) (Revision, error) {
	var r Revision
	err := sc.Scan(&r.ID, &r.DocumentID, &r.Number, &r.Kind, &r.Note, &r.Words, &r.BracketedWords, &r.Hash, &r.IssuedBy, &r.IssuedAt)
	r.Label = RevisionLabel(r.Number, r.Kind)
	r.IssuedAt = r.IssuedAt.UTC()
	return r, err
}

// Revisions lists a document's revisions, oldest first, without their
// text: with their words and bracketed words, they show how the share of
// bracketed text moved revision by revision.
// Readers outside the room, who read an adopted document, see only the
// revision adopted: the negotiation before it stays in the room.
func (s *Service) Revisions(ctx context.Context, v Viewer, docID int64) ([]Revision, error) {
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return nil, err
	}
	q, args := "SELECT "+revisionColumns+" FROM outcome_revisions WHERE document_id = ?", []any{docID}
	if !inRoom(v) {
		adopted := -1
		if d.AdoptedNumber != nil {
			adopted = *d.AdoptedNumber
		}
		q, args = q+" AND number = ?", append(args, adopted)
	}
	return store.QueryAll(ctx, s.DB.Reader(), scanRevision, q+" ORDER BY number", args...)
}

// Revision reads revision number n of a document with its text (n < 0:
// the latest). An adopted document's readers outside the room read only
// the adopted revision.
func (s *Service) Revision(ctx context.Context, v Viewer, docID int64, n int) (Revision, error) {
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return Revision{}, err
	}
	q := s.DB.Reader()
	if n < 0 {
		if err := q.QueryRow(ctx, "SELECT COALESCE(MAX(number), -1) FROM outcome_revisions WHERE document_id = ?", docID).Scan(&n); err != nil {
			return Revision{}, err
		}
		if n < 0 {
			return Revision{}, errNoRevision
		}
	}
	if !inRoom(v) && (d.AdoptedNumber == nil || *d.AdoptedNumber != n) {
		return Revision{}, errs.ErrNotFound
	}
	return revisionText(ctx, q, docID, n)
}

// revisionText reads a revision and its frozen text.
func revisionText(ctx context.Context, q store.Querier, docID int64, n int) (Revision, error) {
	r, err := scanRevision(q.QueryRow(ctx, "SELECT "+revisionColumns+" FROM outcome_revisions WHERE document_id = ? AND number = ?", docID, n))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.ErrNotFound
	}
	if err != nil {
		return r, err
	}
	r.Paragraphs, err = store.QueryAll(ctx, q, func(sc store.Scanner) (Paragraph, error) {
		var p Paragraph
		var trace string
		if err := sc.Scan(&p.ID, &p.Position, &p.Label, &p.Kind, &p.Status, &p.BracketReason, &p.Text, &trace); err != nil {
			return p, err
		}
		p.DocumentID, p.Package, p.Texts = docID, []string{}, map[string]LangText{}
		return p, json.Unmarshal([]byte(trace), &p.Trace)
	}, `SELECT paragraph_id, position, label, kind, status, bracket_reason, text, trace FROM outcome_revision_paragraphs
		WHERE revision_id = ? ORDER BY position`, r.ID)
	if err != nil {
		return r, err
	}
	at := map[int64]*Paragraph{}
	for i := range r.Paragraphs {
		at[r.Paragraphs[i].ID] = &r.Paragraphs[i]
	}
	rows, err := q.Query(ctx, "SELECT paragraph_id, language, text, status, outdated FROM outcome_revision_texts WHERE revision_id = ?", r.ID)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang string
		var t LangText
		if err := rows.Scan(&id, &lang, &t.Text, &t.Status, &t.Outdated); err != nil {
			return r, err
		}
		if p := at[id]; p != nil {
			p.Texts[lang] = t
		}
	}
	return r, rows.Err()
}

// inRoom: v takes part in the negotiation (a delegation, the chair or the
// secretariat) and reads its whole record.
func inRoom(v Viewer) bool { return visibility.Of(v).InRoom() }

// WorkURI is the document's Akoma Ntoso work identifier: an
// international statement of its kind, dated by the end of its timeline,
// named by the edition and the document.
func WorkURI(d Document) string {
	return "/akn/int/statement/" + d.Kind + "/" + d.ClosesOn + "/roundtable-" + itoa(d.EditionID) + "-" + itoa(d.ID)
}
