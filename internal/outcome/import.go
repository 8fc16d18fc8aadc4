package outcome

import (
	"context"
	"encoding/json"
	"strings"

	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/outcome/render"
	"roundtable/internal/outcome/textdiff"
	"roundtable/internal/store"
)

// A text can start from a file: a draft circulated elsewhere, or a text
// adopted here and exported as Akoma Ntoso, taken up again (a follow-up
// declaration, another edition). The file's labels are kept as they are,
// so that "OP7bis" still names the same paragraph, and its text is issued
// at once as the zero draft: what was imported is on the record as it
// came. A text adopted here and imported again hashes as it did when
// adopted.

// maxImportParagraphs bounds an imported text; real outcome documents
// have tens of paragraphs, rarely more than two hundred.
const maxImportParagraphs = 1000

var errImportEmpty = errs.Field("paragraphs", "empty_text", "outcome_api.error.import_empty")

func errImportLabel(label string) error {
	return errs.Field("paragraphs", "invalid_label", "outcome_api.error.import_label", "label", label)
}

func errImportDuplicate(label string) error {
	return errs.Field("paragraphs", "duplicate_label", "outcome_api.error.import_duplicate", "label", label)
}

func errImportParagraph(label string, err error) error {
	e := errs.As(err)
	if e.Kind != errs.Invalid {
		return err
	}
	return errs.Field("paragraphs", e.Code, "outcome_api.error.import_paragraph", "label", label, "max", maxParagraph)
}

// ImportText creates a document of an edition from a parsed text (title,
// kind, negotiating language, paragraphs in order with their labels and
// kinds) and issues it as the zero draft, all in one transaction. Only
// the chair and the secretariat create documents.
func (s *Service) ImportText(ctx context.Context, v Viewer, editionID int64, t render.Document) (Document, Revision, error) {
	if !presides(v) {
		return Document{}, Revision{}, errChairOnly
	}
	e, err := s.Dialogue.Edition(ctx, v, editionID)
	if err != nil {
		return Document{}, Revision{}, err
	}
	in := DocumentInput{Kind: t.Kind, Title: t.Title, Language: t.Lang}
	if err := checkDocument(&in, e); err != nil {
		return Document{}, Revision{}, err
	}
	list, err := checkImported(t.Paragraphs)
	if err != nil {
		return Document{}, Revision{}, err
	}
	var id int64
	var rev Revision
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = insertDocument(ctx, tx, v, editionID, in); err != nil {
			return err
		}
		for i, p := range list {
			if err := insertLabelled(ctx, tx, id, p, i+1); err != nil {
				return err
			}
		}
		d, err := loadDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		if rev, err = freeze(ctx, tx, v, d, RevisionInput{Kind: Written}); err != nil {
			return err
		}
		labels := make([]string, len(list))
		for i, p := range list {
			labels[i] = p.Label
		}
		return touch(ctx, tx, v, id, "outcome.import", "outcome_document", id, map[string]any{"input": in, "labels": labels, "hash": rev.Hash})
	})
	if err != nil {
		return Document{}, Revision{}, err
	}
	d, err := s.Document(ctx, v, id)
	return d, rev, err
}

// checkImported checks the paragraphs of an imported text: at least one,
// each with a label of its own that a URL can carry, a known kind, the
// preamble first, and a text within the bounds of any paragraph.
func checkImported(in []render.Paragraph) ([]render.Paragraph, error) {
	if len(in) == 0 {
		return nil, errImportEmpty
	}
	if len(in) > maxImportParagraphs {
		return nil, errs.Field("paragraphs", "too_many", "outcome_api.error.import_too_many", "max", maxImportParagraphs)
	}
	seen := map[string]bool{}
	out := make([]render.Paragraph, len(in))
	operative := false
	for i, p := range in {
		label := strings.TrimSpace(p.Label)
		if !validLabel(label) {
			return nil, errImportLabel(label)
		}
		if seen[label] {
			return nil, errImportDuplicate(label)
		}
		seen[label] = true
		switch p.Kind {
		case Operative:
			operative = true
		case Preambular:
			if operative {
				return nil, errs.Field("paragraphs", "invalid_kind", "outcome_api.error.import_order", "label", label)
			}
		default:
			return nil, errs.Field("paragraphs", "invalid_kind", "outcome_api.error.import_kind", "label", label)
		}
		text, err := checkParagraphText(p.Text)
		if err != nil {
			return nil, errImportParagraph(label, err)
		}
		out[i] = render.Paragraph{Label: label, Kind: p.Kind, Text: text}
	}
	return out, nil
}

// validLabel: 1 to 40 letters, digits, dots, hyphens and underscores, so
// that a label is a path segment of the API as it stands.
func validLabel(l string) bool {
	if l == "" || len(l) > 40 {
		return false
	}
	for _, r := range l {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}

// insertLabelled writes paragraph p at position pos of a document inside
// tx, under the label it came with, refusing a label the document has
// already given (labels are never given twice, deleted paragraphs' too).
func insertLabelled(ctx context.Context, tx *store.Tx, docID int64, p render.Paragraph, pos int) error {
	var n int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM outcome_paragraphs WHERE document_id = ? AND label = ?", docID, p.Label).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errImportDuplicate(p.Label)
	}
	trace, _ := json.Marshal(textdiff.NewTrace(p.Text, 0))
	now := store.Now()
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO outcome_paragraphs (document_id, label, kind, position, status, text, trace, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, docID, p.Label, p.Kind, pos, Proposed, p.Text, string(trace), now, now).Scan(&id); err != nil {
		return err
	}
	return outbox.Translate(ctx, tx, outbox.TranslateParagraph, id)
}
