package outcome

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/outcome/textdiff"
	"roundtable/internal/store"
)

// Paragraph is a paragraph of the working text, as it stands now.
type Paragraph struct {
	ID            int64      `json:"id"`
	DocumentID    int64      `json:"document_id"`
	Label         string     `json:"label"`
	Kind          string     `json:"kind"`
	Position      int        `json:"position"`
	AltOf         string     `json:"alt_of,omitempty"` // label of the paragraph it is an alternative to
	Status        string     `json:"status"`
	BracketReason string     `json:"bracket_reason,omitempty"`
	AdRefUntil    *time.Time `json:"ad_ref_until,omitempty"`
	Text          string     `json:"text"`
	// TextVersion moves on whenever the text changes: an amendment or a
	// position names the version it was written against.
	TextVersion int                 `json:"text_version"`
	Trace       textdiff.Trace      `json:"trace"`
	Deleted     bool                `json:"deleted,omitempty"`
	Package     []string            `json:"package"` // labels agreed only together with this one
	Texts       map[string]LangText `json:"texts"`   // other languages
}

// LangText is a paragraph's version in a language other than the
// negotiating one.
type LangText struct {
	Text          string `json:"text"`
	Status        string `json:"status"` // machine, draft, reviewed, authentic
	SourceVersion int    `json:"source_version"`
	// Outdated: the negotiating text changed after this version was made.
	Outdated bool `json:"outdated"`
	// Engine names the translator of a machine version ("apertium"…);
	// empty for a person's.
	Engine string `json:"engine,omitempty"`
}

// ParagraphInput adds a paragraph: at the end of its kind, after the
// paragraph labelled After, or as an alternative to AltOf.
type ParagraphInput struct {
	Kind  string `json:"kind"`
	Text  string `json:"text"`
	After string `json:"after,omitempty"`
	AltOf string `json:"alt_of,omitempty"`
}

// EditInput changes a paragraph's text. TextVersion, when given, is the
// version the editor started from: a text changed meanwhile is a conflict.
type EditInput struct {
	Text        string `json:"text"`
	TextVersion int    `json:"text_version,omitempty"`
}

const paragraphColumns = `p.id, p.document_id, p.label, p.kind, p.position, COALESCE(a.label, ''), p.status, p.bracket_reason,
	p.ad_ref_until, p.text, p.text_version, p.trace, p.deleted`

const paragraphFrom = ` FROM outcome_paragraphs p LEFT JOIN outcome_paragraphs a ON a.id = p.alt_of`

func scanParagraph(sc store.Scanner) (Paragraph, error) {
	var p Paragraph
	var until sql.NullTime
	var trace string
	err := sc.Scan(&p.ID, &p.DocumentID, &p.Label, &p.Kind, &p.Position, &p.AltOf, &p.Status, &p.BracketReason,
		&until, &p.Text, &p.TextVersion, &trace, &p.Deleted)
	if err != nil {
		return p, err
	}
	p.AdRefUntil = timePtr(until)
	p.Package = []string{}
	p.Texts = map[string]LangText{}
	return p, json.Unmarshal([]byte(trace), &p.Trace)
}

// Paragraphs lists the working text of a document, in order, deleted
// paragraphs left out.
func (s *Service) Paragraphs(ctx context.Context, v Viewer, docID int64) ([]Paragraph, error) {
	if _, err := s.Document(ctx, v, docID); err != nil {
		return nil, err
	}
	return paragraphs(ctx, s.DB.Reader(), docID)
}

// Paragraph reads one paragraph of the working text by its label.
func (s *Service) Paragraph(ctx context.Context, v Viewer, docID int64, label string) (Paragraph, error) {
	if _, err := s.Document(ctx, v, docID); err != nil {
		return Paragraph{}, err
	}
	p, err := paragraphByLabel(ctx, s.DB.Reader(), docID, label)
	if err != nil {
		return p, err
	}
	list := []Paragraph{p}
	if err := attachParagraphs(ctx, s.DB.Reader(), docID, list); err != nil {
		return p, err
	}
	return list[0], nil
}

func paragraphs(ctx context.Context, q store.Querier, docID int64) ([]Paragraph, error) {
	list, err := store.QueryAll(ctx, q, scanParagraph, "SELECT "+paragraphColumns+paragraphFrom+
		" WHERE p.document_id = ? AND p.deleted = 0 ORDER BY p.position", docID)
	if err != nil {
		return nil, err
	}
	return list, attachParagraphs(ctx, q, docID, list)
}

// attachParagraphs fills the packages and other languages of list.
func attachParagraphs(ctx context.Context, q store.Querier, docID int64, list []Paragraph) error {
	at := map[int64]*Paragraph{}
	for i := range list {
		at[list[i].ID] = &list[i]
	}
	rows, err := q.Query(ctx, `SELECT k.paragraph_id, l.label FROM outcome_packages k
		JOIN outcome_paragraphs l ON l.id = k.linked_id WHERE l.document_id = ? AND l.deleted = 0 ORDER BY l.position`, docID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var label string
		if err := rows.Scan(&id, &label); err != nil {
			rows.Close()
			return err
		}
		if p := at[id]; p != nil {
			p.Package = append(p.Package, label)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT t.paragraph_id, t.language, t.text, t.status, t.source_version, t.engine FROM outcome_paragraph_texts t
		JOIN outcome_paragraphs p ON p.id = t.paragraph_id WHERE p.document_id = ?`, docID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang string
		var t LangText
		if err := rows.Scan(&id, &lang, &t.Text, &t.Status, &t.SourceVersion, &t.Engine); err != nil {
			return err
		}
		if p := at[id]; p != nil {
			t.Outdated = t.SourceVersion < p.TextVersion
			p.Texts[lang] = t
		}
	}
	return rows.Err()
}

// paragraphByLabel reads a paragraph, deleted or not, by its label.
func paragraphByLabel(ctx context.Context, q store.Querier, docID int64, label string) (Paragraph, error) {
	p, err := scanParagraph(q.QueryRow(ctx, "SELECT "+paragraphColumns+paragraphFrom+" WHERE p.document_id = ? AND p.label = ?", docID, label))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errUnknownParagraph
	}
	return p, err
}

// liveParagraph is paragraphByLabel for a paragraph still in the text.
func liveParagraph(ctx context.Context, q store.Querier, docID int64, label string) (Paragraph, error) {
	p, err := paragraphByLabel(ctx, q, docID, label)
	if err == nil && p.Deleted {
		err = errParagraphDeleted
	}
	return p, err
}

func takenLabels(ctx context.Context, q store.Querier, docID int64) ([]string, error) {
	return store.QueryAll(ctx, q, store.ScanString, "SELECT label FROM outcome_paragraphs WHERE document_id = ?", docID)
}

// checkParagraphText trims and bounds a paragraph's text.
func checkParagraphText(text string) (string, error) {
	return dialogue.CheckText("text", text, maxParagraph, true)
}

// AddParagraph adds a paragraph to the working text. Only the chair (and
// the secretariat) writes the text directly; delegations propose
// amendments.
func (s *Service) AddParagraph(ctx context.Context, v Viewer, docID int64, in ParagraphInput) (Paragraph, error) {
	if !presides(v) {
		return Paragraph{}, errChairOnly
	}
	if _, err := s.Document(ctx, v, docID); err != nil {
		return Paragraph{}, err
	}
	var p Paragraph
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockDrafting(ctx, tx, docID); err != nil {
			return err
		}
		var err error
		if p, err = insertParagraph(ctx, tx, docID, in, 0); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.paragraph.add", "outcome_paragraph", p.ID, p)
	})
	return p, err
}

// insertParagraph writes a new paragraph inside tx, its words traced to
// source (an amendment's id, 0 for the chair's drafting).
func insertParagraph(ctx context.Context, tx *store.Tx, docID int64, in ParagraphInput, source int64) (Paragraph, error) {
	var err error
	if in.Text, err = checkParagraphText(in.Text); err != nil {
		return Paragraph{}, err
	}
	taken, err := takenLabels(ctx, tx, docID)
	if err != nil {
		return Paragraph{}, err
	}
	var label string
	var pos int
	var altOf any
	switch {
	case in.AltOf != "":
		of, err := liveParagraph(ctx, tx, docID, in.AltOf)
		if err != nil {
			return Paragraph{}, err
		}
		in.Kind, label, altOf = of.Kind, nextAlternative(of.Label, taken), of.ID
		// after the paragraph and the alternatives it already has
		if pos, err = endOfRun(ctx, tx, docID, of, func(p Paragraph) bool { return p.AltOf == of.Label }); err != nil {
			return Paragraph{}, err
		}
	case in.After != "":
		anchor, err := liveParagraph(ctx, tx, docID, in.After)
		if err != nil {
			return Paragraph{}, err
		}
		in.Kind, label = anchor.Kind, nextInserted(anchor.Label, taken)
		// after the anchor and the paragraphs already inserted after it
		r := root(anchor.Label)
		if pos, err = endOfRun(ctx, tx, docID, anchor, func(p Paragraph) bool { return r != "" && root(p.Label) == r }); err != nil {
			return Paragraph{}, err
		}
	default:
		if in.Kind != Preambular && in.Kind != Operative {
			return Paragraph{}, errKind
		}
		label = nextAppended(in.Kind, taken)
		// preambular paragraphs come before operative ones
		q := "SELECT COALESCE(MAX(position), 0) FROM outcome_paragraphs WHERE document_id = ?"
		if in.Kind == Preambular {
			q += " AND kind = 'preambular'"
		}
		if err := tx.QueryRow(ctx, q, docID).Scan(&pos); err != nil {
			return Paragraph{}, err
		}
	}
	if _, err := tx.Exec(ctx, "UPDATE outcome_paragraphs SET position = position + 1 WHERE document_id = ? AND position > ?", docID, pos); err != nil {
		return Paragraph{}, err
	}
	trace, _ := json.Marshal(textdiff.NewTrace(in.Text, source))
	now := store.Now()
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO outcome_paragraphs (document_id, label, kind, position, alt_of, status, text, trace, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, docID, label, in.Kind, pos+1, altOf, Proposed, in.Text, string(trace), now, now).Scan(&id); err != nil {
		return Paragraph{}, err
	}
	if err := outbox.Translate(ctx, tx, outbox.TranslateParagraph, id); err != nil {
		return Paragraph{}, err
	}
	return paragraphByLabel(ctx, tx, docID, label)
}

// endOfRun is the position after which to place a paragraph that follows
// first and the live paragraphs right after it that belong with it.
func endOfRun(ctx context.Context, tx *store.Tx, docID int64, first Paragraph, belongs func(Paragraph) bool) (int, error) {
	list, err := store.QueryAll(ctx, tx, scanParagraph, "SELECT "+paragraphColumns+paragraphFrom+
		" WHERE p.document_id = ? AND p.position > ? ORDER BY p.position", docID, first.Position)
	if err != nil {
		return 0, err
	}
	pos := first.Position
	for _, p := range list {
		if !p.Deleted && !belongs(p) {
			break
		}
		pos = p.Position
	}
	return pos, nil
}

// EditParagraph changes a paragraph's wording (the chair's drafting or an
// oral change). Words kept keep where they came from; new words are the
// chair's. The other languages stay, marked outdated.
func (s *Service) EditParagraph(ctx context.Context, v Viewer, docID int64, label string, in EditInput) (Paragraph, error) {
	if !presides(v) {
		return Paragraph{}, errChairOnly
	}
	if _, err := s.Document(ctx, v, docID); err != nil {
		return Paragraph{}, err
	}
	var err error
	if in.Text, err = checkParagraphText(in.Text); err != nil {
		return Paragraph{}, err
	}
	var p Paragraph
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockDrafting(ctx, tx, docID); err != nil {
			return err
		}
		var err error
		if p, err = liveParagraph(ctx, tx, docID, label); err != nil {
			return err
		}
		if in.TextVersion != 0 && in.TextVersion != p.TextVersion {
			return TextChanged(p)
		}
		if in.Text == p.Text {
			return nil
		}
		if p, err = rewrite(ctx, tx, p, in.Text, 0); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.paragraph.edit", "outcome_paragraph", p.ID, in)
	})
	return p, err
}

// rewrite sets p's text inside tx, carrying its trace (new words from
// source) and moving its text version on.
func rewrite(ctx context.Context, tx *store.Tx, p Paragraph, text string, source int64) (Paragraph, error) {
	trace, _ := json.Marshal(textdiff.Carry(p.Text, p.Trace, text, source))
	if _, err := tx.Exec(ctx, "UPDATE outcome_paragraphs SET text = ?, trace = ?, text_version = text_version + 1, updated_at = ? WHERE id = ?",
		text, string(trace), store.Now(), p.ID); err != nil {
		return p, err
	}
	if err := outbox.Translate(ctx, tx, outbox.TranslateParagraph, p.ID); err != nil {
		return p, err
	}
	return paragraphByLabel(ctx, tx, p.DocumentID, p.Label)
}

// DeleteParagraph takes a paragraph out of the working text; its label
// stays taken.
func (s *Service) DeleteParagraph(ctx context.Context, v Viewer, docID int64, label string) error {
	if !presides(v) {
		return errChairOnly
	}
	if _, err := s.Document(ctx, v, docID); err != nil {
		return err
	}
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockDrafting(ctx, tx, docID); err != nil {
			return err
		}
		p, err := liveParagraph(ctx, tx, docID, label)
		if err != nil {
			return err
		}
		if err := removeParagraph(ctx, tx, p); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.paragraph.delete", "outcome_paragraph", p.ID, map[string]string{"label": p.Label})
	})
}

// removeParagraph marks p deleted inside tx and unties its package.
func removeParagraph(ctx context.Context, tx *store.Tx, p Paragraph) error {
	if _, err := tx.Exec(ctx, "UPDATE outcome_paragraphs SET deleted = 1, updated_at = ? WHERE id = ?", store.Now(), p.ID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "DELETE FROM outcome_packages WHERE paragraph_id = ? OR linked_id = ?", p.ID, p.ID)
	return err
}

// TextChanged is the conflict of a write made against a paragraph's text
// that changed meanwhile: it carries the text as it is now, so the writer
// sees what changed.
func TextChanged(p Paragraph) *errs.Error {
	e := errs.New(errs.Conflict, "text_changed", "outcome.error.text_changed", "label", p.Label)
	e.Err = &CurrentText{Label: p.Label, TextVersion: p.TextVersion, Text: p.Text}
	return e
}

// CurrentText is what a conflict reports about the paragraph as it is now.
type CurrentText struct {
	Label       string `json:"label"`
	TextVersion int    `json:"text_version"`
	Text        string `json:"text"`
}

func (c *CurrentText) Error() string {
	return "paragraph " + c.Label + " is now at text version " + itoa(int64(c.TextVersion))
}
