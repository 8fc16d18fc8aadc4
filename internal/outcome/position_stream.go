package outcome

import (
	"context"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/store"
)

// The CSV export of a document's positions reads them a chunk at a time
// after a keyset cursor, so that memory and the cost of each read stay the
// same however many positions a document holds (35 delegations on a few
// hundred paragraphs is already 10,000 rows or more).

// positionChunk is how many rows EachPosition reads at once; a variable
// so that a test can cross chunk boundaries with a few rows.
var positionChunk = 500

// PositionRow is one current position as the export writes it.
type PositionRow struct {
	Label          string        `json:"label"`
	Delegation     string        `json:"delegation"`      // its code
	DelegationName string        `json:"delegation_name"` // in English
	Stance         ground.Stance `json:"stance"`
	Reason         string        `json:"reason"`
	TextVersion    int           `json:"text_version"`
	// Current: taken on the paragraph's wording as it stands now.
	Current   bool      `json:"current"`
	UpdatedAt time.Time `json:"updated_at"`
}

// streamRow is a PositionRow with the paragraph's place, the cursor.
type streamRow struct {
	PositionRow
	position int
}

// EachPosition calls fn with every current position on the paragraphs of
// a document's working text (deleted paragraphs left out), in paragraph
// order then delegation code, reading positionChunk at a time. A reader
// outside the room gets room_only before fn is ever called, so an export
// can still answer with an error page.
func (s *Service) EachPosition(ctx context.Context, v Viewer, docID int64, fn func(PositionRow) error) error {
	if _, err := s.Document(ctx, v, docID); err != nil {
		return err
	}
	if !inRoom(v) {
		return errRoomOnly
	}
	read := func(after string, afterArgs []any, n int) ([]streamRow, error) {
		args := append(append([]any{docID}, afterArgs...), n)
		return store.QueryAll(ctx, s.DB.Reader(), scanStreamRow, `SELECT p.position, p.label, d.code, d.names, x.stance, x.reason,
			x.text_version, p.text_version, x.updated_at FROM outcome_paragraphs p
			JOIN outcome_positions x ON x.paragraph_id = p.id JOIN delegations d ON d.id = x.delegation_id
			WHERE p.document_id = ? AND p.deleted = 0`+after+` ORDER BY p.position, d.code LIMIT ?`, args...)
	}
	n := positionChunk
	list, err := read("", nil, n)
	for {
		if err != nil {
			return err
		}
		for _, x := range list {
			if err := fn(x.PositionRow); err != nil {
				return err
			}
		}
		if len(list) < n {
			return nil
		}
		// After the cursor in two steps, each a seek on the paragraphs'
		// order: the rest of its paragraph, then the paragraphs after it.
		// A paragraph's position is unique in its document (an insertion
		// moves the ones after it, deleted ones included), so position
		// and code make a cursor.
		last := list[len(list)-1]
		list, err = read(" AND p.position = ? AND d.code > ?", []any{last.position, last.Delegation}, n)
		if err == nil && len(list) < n {
			var more []streamRow
			more, err = read(" AND p.position > ?", []any{last.position}, n-len(list))
			list = append(list, more...)
		}
	}
}

func scanStreamRow(sc store.Scanner) (streamRow, error) {
	var x streamRow
	var names, st string
	var paragraphVersion int
	if err := sc.Scan(&x.position, &x.Label, &x.Delegation, &names, &st, &x.Reason, &x.TextVersion, &paragraphVersion, &x.UpdatedAt); err != nil {
		return x, err
	}
	t, err := dialogue.ParseTexts(names)
	x.DelegationName, x.Stance, x.Current, x.UpdatedAt = t.In("en"), ground.Stance(st), x.TextVersion == paragraphVersion, x.UpdatedAt.UTC()
	return x, err
}
