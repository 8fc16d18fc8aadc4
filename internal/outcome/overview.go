package outcome

import (
	"context"

	"roundtable/internal/store"
)

// Overview is the status view of a document, the chair's desk: the
// working text with each paragraph's status, the positions taken on it
// and the amendments waiting, the share of text still bracketed now and
// revision by revision.
type Overview struct {
	Document   Document       `json:"document"`
	Paragraphs []ParagraphRow `json:"paragraphs"`
	Revisions  []Revision     `json:"revisions"`
	// Words and BracketedWords of the working text.
	Words          int `json:"words"`
	BracketedWords int `json:"bracketed_words"`
	// Counts of paragraphs by status.
	ByStatus map[string]int `json:"by_status"`
	// PendingAmendments waiting for the chair, in the whole document.
	PendingAmendments int `json:"pending_amendments"`
}

// ParagraphRow is a paragraph of the working text with what the status
// view shows beside it.
type ParagraphRow struct {
	Paragraph
	// Stances counts the positions taken on the current wording, by
	// stance; Stale counts those taken on an earlier wording.
	Stances map[string]int `json:"stances"`
	Stale   int            `json:"stale_positions"`
	// Objections are the delegations (codes) that cannot accept the
	// current wording.
	Objections []string `json:"objections"`
	Amendments int      `json:"pending_amendments"`
}

// Overview reads the status view of a document. It costs three queries
// however many paragraphs, positions and amendments the document has.
func (s *Service) Overview(ctx context.Context, v Viewer, docID int64) (Overview, error) {
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return Overview{}, err
	}
	q := s.DB.Reader()
	list, err := paragraphs(ctx, q, docID)
	if err != nil {
		return Overview{}, err
	}
	o := Overview{Document: d, ByStatus: map[string]int{}}
	o.Words, o.BracketedWords = Share(list)
	at := map[int64]*ParagraphRow{}
	o.Paragraphs = make([]ParagraphRow, len(list))
	for i, p := range list {
		o.Paragraphs[i] = ParagraphRow{Paragraph: p, Stances: map[string]int{}, Objections: []string{}}
		at[p.ID] = &o.Paragraphs[i]
		o.ByStatus[p.Status]++
	}
	if !inRoom(v) {
		return o, nil // the negotiation's record stays in the room
	}
	if err := positionCounts(ctx, q, docID, at); err != nil {
		return o, err
	}
	rows, err := q.Query(ctx, `SELECT COALESCE(paragraph_id, 0), count(*) FROM outcome_amendments
		WHERE document_id = ? AND status = 'pending' GROUP BY paragraph_id`, docID)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return o, err
		}
		o.PendingAmendments += n
		if r := at[id]; r != nil {
			r.Amendments = n
		}
	}
	if err := rows.Err(); err != nil {
		return o, err
	}
	o.Revisions, err = store.QueryAll(ctx, q, scanRevision, "SELECT "+revisionColumns+" FROM outcome_revisions WHERE document_id = ? ORDER BY number", docID)
	return o, err
}

// positionCounts adds the positions on the document's paragraphs to at:
// counted in the database (a row per paragraph, stance and wording), and
// only the objections to the current wording read by name.
func positionCounts(ctx context.Context, q store.Querier, docID int64, at map[int64]*ParagraphRow) error {
	rows, err := q.Query(ctx, `SELECT x.paragraph_id, x.stance, CASE WHEN x.text_version = p.text_version THEN 1 ELSE 0 END, count(*)
		FROM outcome_positions x JOIN outcome_paragraphs p ON p.id = x.paragraph_id
		WHERE p.document_id = ? AND p.deleted = 0
		GROUP BY x.paragraph_id, x.stance, CASE WHEN x.text_version = p.text_version THEN 1 ELSE 0 END`, docID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var stance string
		var current, n int
		if err := rows.Scan(&id, &stance, &current, &n); err != nil {
			rows.Close()
			return err
		}
		r := at[id]
		switch {
		case r == nil:
		case current == 0:
			r.Stale += n
		default:
			r.Stances[stance] += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT x.paragraph_id, d.code FROM outcome_positions x
		JOIN outcome_paragraphs p ON p.id = x.paragraph_id JOIN delegations d ON d.id = x.delegation_id
		WHERE p.document_id = ? AND p.deleted = 0 AND x.stance = 'cannot_accept' AND x.text_version = p.text_version
		ORDER BY d.code`, docID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		if r := at[id]; r != nil {
			r.Objections = append(r.Objections, code)
		}
	}
	return rows.Err()
}
