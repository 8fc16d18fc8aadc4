package outcome

import (
	"context"
	"strings"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// Kinds of statement a delegation puts in the annex.
const (
	ExplanationBefore = "explanation_before" // an explanation of position before adoption
	ExplanationAfter  = "explanation_after"  // an explanation of position after adoption
	Reservation       = "reservation"
	Dissociation      = "dissociation" // joins consensus on the whole, dissociates from named paragraphs
)

// AnnexKinds lists the kinds of statement in the annex.
var AnnexKinds = []string{ExplanationBefore, ExplanationAfter, Reservation, Dissociation}

const maxAnnexText = 6000

var (
	errAnnexKind       = errs.Field("kind", "invalid_kind", "outcome.error.annex_kind")
	errAnnexLanguage   = errs.Field("language", "invalid_language", "outcome.error.annex_language")
	errDissociation    = errs.Field("paragraphs", "paragraphs_required", "outcome.error.dissociation_paragraphs")
	errAlreadyAdopted  = errs.New(errs.Conflict, "already_adopted", "outcome.error.already_adopted")
	errAnnexNotAdopted = errs.New(errs.Conflict, "not_adopted_yet", "outcome.error.annex_not_adopted")
)

// AnnexInput is a delegation's statement for the annex. Paragraphs are
// the labels it concerns (a dissociation names at least one).
type AnnexInput struct {
	Kind       string   `json:"kind"`
	Paragraphs []string `json:"paragraphs,omitempty"`
	Text       string   `json:"text"`
	Language   string   `json:"language"`
}

// AnnexEntry is one statement in the annex.
type AnnexEntry struct {
	ID         int64     `json:"id"`
	DocumentID int64     `json:"document_id"`
	Kind       string    `json:"kind"`
	Delegation string    `json:"delegation"` // its code
	Paragraphs []string  `json:"paragraphs"`
	Text       string    `json:"text"`
	Language   string    `json:"language"`
	At         time.Time `json:"at"`
}

// AddToAnnex puts a delegation's statement on the record beside the text:
// an explanation of position before adoption; after it, an explanation,
// a reservation or a dissociation from paragraphs of the adopted text.
// Only a member of an accredited delegation writes, in its own name. The
// annex grows after adoption: it is the record, not the text, so the
// adopted text's lock does not apply.
func (s *Service) AddToAnnex(ctx context.Context, v Viewer, docID int64, in AnnexInput) (AnnexEntry, error) {
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return AnnexEntry{}, err
	}
	own, err := s.ownDelegation(ctx, v, d)
	if err != nil {
		return AnnexEntry{}, err
	}
	e, err := s.edition(ctx, v, d)
	if err != nil {
		return AnnexEntry{}, err
	}
	if !contains(AnnexKinds, in.Kind) {
		return AnnexEntry{}, errAnnexKind
	}
	if in.Text, err = dialogue.CheckText("text", in.Text, maxAnnexText, true); err != nil {
		return AnnexEntry{}, err
	}
	if !contains(e.Languages, in.Language) {
		return AnnexEntry{}, errAnnexLanguage
	}
	labels := cleanLabels(in.Paragraphs)
	if in.Kind == Dissociation && len(labels) == 0 {
		return AnnexEntry{}, errDissociation
	}
	a := AnnexEntry{DocumentID: docID, Kind: in.Kind, Delegation: own.Code, Text: in.Text, Language: in.Language}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		// The row lock orders this entry against an adoption in flight, so
		// that "before" and "after" mean what they say.
		if _, err := tx.Exec(ctx, "UPDATE outcome_documents SET version = version WHERE id = ?", docID); err != nil {
			return err
		}
		d, err := loadDocument(ctx, tx, docID)
		if err != nil {
			return err
		}
		adopted := d.Status == Adopted
		switch {
		case in.Kind == ExplanationBefore && adopted:
			return errAlreadyAdopted
		case in.Kind != ExplanationBefore && !adopted:
			return errAnnexNotAdopted
		}
		if a.Paragraphs, err = annexLabels(ctx, tx, d, labels); err != nil {
			return err
		}
		a.At = store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO outcome_annex (document_id, delegation_id, kind, paragraphs, text, language, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, docID, own.ID, a.Kind, strings.Join(a.Paragraphs, ","), a.Text, a.Language, userID(v), a.At).Scan(&a.ID); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.annex.add", "outcome_annex", a.ID, a)
	})
	if err != nil {
		return AnnexEntry{}, err
	}
	return a, nil
}

// annexLabels checks the labels an annex entry names: paragraphs of the
// adopted text once adopted, of the working text before.
func annexLabels(ctx context.Context, tx *store.Tx, d Document, labels []string) ([]string, error) {
	if d.Status == Adopted {
		var revisionID int64
		if err := tx.QueryRow(ctx, "SELECT adopted_revision FROM outcome_documents WHERE id = ?", d.ID).Scan(&revisionID); err != nil {
			return nil, err
		}
		return inRevision(ctx, tx, revisionID, labels)
	}
	live, err := paragraphs(ctx, tx, d.ID)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, p := range live {
		if contains(labels, p.Label) {
			out = append(out, p.Label)
		}
	}
	if len(out) != len(labels) {
		return nil, errUnknownParagraph
	}
	return out, nil
}

// Annex lists a document's annex, oldest first. Whoever reads the
// document reads its annex: the room while it is negotiated, everyone
// once it is adopted and its edition published.
func (s *Service) Annex(ctx context.Context, v Viewer, docID int64) ([]AnnexEntry, error) {
	if _, err := s.Document(ctx, v, docID); err != nil {
		return nil, err
	}
	return store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (AnnexEntry, error) {
		var a AnnexEntry
		var labels string
		err := sc.Scan(&a.ID, &a.DocumentID, &a.Kind, &a.Delegation, &labels, &a.Text, &a.Language, &a.At)
		a.Paragraphs, a.At = splitLabels(labels), a.At.UTC()
		return a, err
	}, `SELECT a.id, a.document_id, a.kind, d.code, a.paragraphs, a.text, a.language, a.created_at
		FROM outcome_annex a JOIN delegations d ON d.id = a.delegation_id WHERE a.document_id = ? ORDER BY a.id`, docID)
}
