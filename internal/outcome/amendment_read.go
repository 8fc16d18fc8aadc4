package outcome

import (
	"context"
	"database/sql"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/outcome/textdiff"
	"roundtable/internal/store"
)

// Amendment is an amendment as the room reads it.
type Amendment struct {
	ID         int64  `json:"id"`
	DocumentID int64  `json:"document_id"`
	Kind       string `json:"kind"`
	// Paragraph is the label of the paragraph deleted, replaced or given
	// an alternative, or of the anchor an insert follows ("" for an
	// insert at the end of NewKind).
	Paragraph string `json:"paragraph,omitempty"`
	NewKind   string `json:"new_kind,omitempty"`
	Text      string `json:"text"`
	Rationale string `json:"rationale"`
	// Delegation is the proposer's code; "" for the chair.
	Delegation string `json:"delegation"`
	// Sponsors are the codes of the proposer (first) and co-sponsors.
	Sponsors   []string `json:"sponsors"`
	Status     string   `json:"status"`
	FoldedInto int64    `json:"folded_into,omitempty"` // the compromise it was folded into
	Folds      []int64  `json:"folds"`                 // for a compromise: the amendments it folded
	// Result is the label of the paragraph it produced (an insert, an
	// alternative) or changed, once accepted.
	Result string `json:"result,omitempty"`
	Note   string `json:"note,omitempty"` // the chair's, on deciding
	// RevisionNumber is the latest revision issued when it was proposed
	// (-1: before the zero draft); BaseTextVersion the text_version of
	// its paragraph then (0 for an insert at the end).
	RevisionNumber  int        `json:"revision_number"`
	BaseTextVersion int        `json:"base_text_version"`
	CreatedAt       time.Time  `json:"created_at"`
	DecidedAt       *time.Time `json:"decided_at,omitempty"`
	// Stale: its paragraph's wording has changed (or the paragraph was
	// deleted) since it was proposed, so it can no longer be accepted as
	// it stands. Never set for an insert whose anchor only changed words.
	Stale bool `json:"stale"`
	// Ops is the word diff of what it does to the paragraph's CURRENT
	// text (not the text it was written on, which is not kept: for a
	// stale amendment the diff shows what accepting its wording would do
	// now). A delete deletes the current text; an insert or alternative
	// inserts its own.
	Ops []textdiff.Op `json:"ops"`
}

// AmendmentFilter narrows a list of amendments: by status, and by the
// label of the paragraph they are about ("" for all).
type AmendmentFilter struct {
	Status    string `json:"status,omitempty"`
	Paragraph string `json:"paragraph,omitempty"`
}

const amendmentColumns = `m.id, m.document_id, m.kind, COALESCE(p.label, ''), m.new_kind, m.text, m.rationale, COALESCE(dl.code, ''),
	m.status, COALESCE(m.folded_into, 0), COALESCE(r.label, ''), m.decision_note, m.revision_number, m.base_text_version,
	m.created_at, m.decided_at, COALESCE(p.text, ''), COALESCE(p.text_version, 0), COALESCE(p.deleted, 0)`

const amendmentFrom = ` FROM outcome_amendments m
	LEFT JOIN outcome_paragraphs p ON p.id = m.paragraph_id
	LEFT JOIN outcome_paragraphs r ON r.id = m.result_paragraph
	LEFT JOIN delegations dl ON dl.id = m.delegation_id`

func scanAmendment(sc store.Scanner) (Amendment, error) {
	var a Amendment
	var decided sql.NullTime
	var current string
	var version, deleted int
	err := sc.Scan(&a.ID, &a.DocumentID, &a.Kind, &a.Paragraph, &a.NewKind, &a.Text, &a.Rationale, &a.Delegation,
		&a.Status, &a.FoldedInto, &a.Result, &a.Note, &a.RevisionNumber, &a.BaseTextVersion,
		&a.CreatedAt, &decided, &current, &version, &deleted)
	if err != nil {
		return a, err
	}
	a.CreatedAt, a.DecidedAt = a.CreatedAt.UTC(), timePtr(decided)
	a.Sponsors, a.Folds = []string{}, []int64{}
	if a.Delegation != "" {
		a.Sponsors = append(a.Sponsors, a.Delegation)
	}
	if a.Paragraph != "" {
		a.Stale = a.Status == Pending && (deleted != 0 || (a.Kind != Insert && version != a.BaseTextVersion))
	}
	switch a.Kind {
	case Replace:
		a.Ops = textdiff.Diff(current, a.Text)
	case Delete:
		a.Ops = textdiff.Diff(current, "")
	default:
		a.Ops = textdiff.Diff("", a.Text)
	}
	if a.Ops == nil {
		a.Ops = []textdiff.Op{}
	}
	return a, nil
}

// Amendments lists a document's amendments, oldest first, as filter
// narrows them. The room reads them; to anyone else they do not exist.
func (s *Service) Amendments(ctx context.Context, v Viewer, docID int64, filter AmendmentFilter) ([]Amendment, error) {
	if _, err := s.Document(ctx, v, docID); err != nil {
		return nil, err
	}
	if !inRoom(v) {
		return nil, errs.ErrNotFound
	}
	q := s.DB.Reader()
	where, args := " WHERE m.document_id = ?", []any{docID}
	if filter.Status != "" {
		if !contains(AmendmentStatuses, filter.Status) {
			return nil, errStatus
		}
		where += " AND m.status = ?"
		args = append(args, filter.Status)
	}
	if filter.Paragraph != "" {
		p, err := paragraphByLabel(ctx, q, docID, filter.Paragraph)
		if err != nil {
			return nil, err
		}
		where += " AND m.paragraph_id = ?"
		args = append(args, p.ID)
	}
	return amendments(ctx, q, docID, where, args...)
}

// Amendment reads one amendment, for the room.
func (s *Service) Amendment(ctx context.Context, v Viewer, id int64) (Amendment, error) {
	a, err := loadAmendment(ctx, s.DB.Reader(), id)
	if err != nil {
		return a, err
	}
	if _, err := s.Document(ctx, v, a.DocumentID); err != nil {
		return Amendment{}, err
	}
	if !inRoom(v) {
		return Amendment{}, errs.ErrNotFound
	}
	return a, nil
}

func loadAmendment(ctx context.Context, q store.Querier, id int64) (Amendment, error) {
	var docID int64
	if err := q.QueryRow(ctx, "SELECT document_id FROM outcome_amendments WHERE id = ?", id).Scan(&docID); err != nil {
		return Amendment{}, notFound(err)
	}
	list, err := amendments(ctx, q, docID, " WHERE m.id = ?", id)
	if err != nil {
		return Amendment{}, err
	}
	if len(list) == 0 {
		return Amendment{}, errs.ErrNotFound
	}
	return list[0], nil
}

// amendments reads the amendments of document docID that where selects,
// with their co-sponsors and, for compromises, what they folded: three
// queries however many.
func amendments(ctx context.Context, q store.Querier, docID int64, where string, args ...any) ([]Amendment, error) {
	list, err := store.QueryAll(ctx, q, scanAmendment, "SELECT "+amendmentColumns+amendmentFrom+where+" ORDER BY m.id", args...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	at := map[int64]*Amendment{}
	for i := range list {
		at[list[i].ID] = &list[i]
	}
	rows, err := q.Query(ctx, `SELECT s.amendment_id, d.code FROM outcome_amendment_sponsors s
		JOIN outcome_amendments m ON m.id = s.amendment_id JOIN delegations d ON d.id = s.delegation_id
		WHERE m.document_id = ? ORDER BY d.code`, docID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return nil, err
		}
		if a := at[id]; a != nil {
			a.Sponsors = append(a.Sponsors, code)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, "SELECT id, folded_into FROM outcome_amendments WHERE document_id = ? AND folded_into IS NOT NULL ORDER BY id", docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, into int64
		if err := rows.Scan(&id, &into); err != nil {
			return nil, err
		}
		if a := at[into]; a != nil {
			a.Folds = append(a.Folds, id)
		}
	}
	return list, rows.Err()
}

// Source is where words of the text came from: an accepted amendment
// (with its kind and the delegations behind it), or, as source 0, the
// chair's own drafting.
type Source struct {
	Amendment int64  `json:"amendment"`
	Kind      string `json:"kind,omitempty"`
	// Delegations are the proposer and co-sponsors (codes, proposer
	// first); for a compromise, the sponsors of the amendments it folded
	// too, since their words are in it.
	Delegations []string `json:"delegations"`
	// Chair: the chair's drafting (source 0), an amendment of the chair's
	// or a compromise.
	Chair bool `json:"chair"`
}

// Sources says where the words of a document's text came from: for each
// source a trace can name (the accepted amendments, and 0 for the
// chair's drafting), its amendment and delegations. Pages put it beside
// a revision's traces to say, for every word, whose it is. The room
// reads it.
func (s *Service) Sources(ctx context.Context, v Viewer, docID int64) (map[int64]Source, error) {
	if _, err := s.Document(ctx, v, docID); err != nil {
		return nil, err
	}
	if !inRoom(v) {
		return nil, errs.ErrNotFound
	}
	// Only accepted amendments put words in the text; the folded ones
	// lend a compromise their sponsors.
	all, err := amendments(ctx, s.DB.Reader(), docID, " WHERE m.document_id = ? AND m.status IN ('accepted', 'folded')", docID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]Amendment{}
	for _, a := range all {
		byID[a.ID] = a
	}
	out := map[int64]Source{0: {Delegations: []string{}, Chair: true}}
	for _, a := range all {
		if a.Status != Accepted {
			continue
		}
		src := Source{Amendment: a.ID, Kind: a.Kind, Chair: a.Delegation == "", Delegations: []string{}}
		seen := map[string]bool{}
		add := func(codes []string) {
			for _, c := range codes {
				if !seen[c] {
					seen[c] = true
					src.Delegations = append(src.Delegations, c)
				}
			}
		}
		add(a.Sponsors)
		for _, f := range a.Folds {
			add(byID[f].Sponsors)
		}
		out[a.ID] = src
	}
	return out, nil
}
