package commitment

import (
	"context"
	"database/sql"
	"errors"

	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// What search needs of commitments and progress reports: the only reads it
// makes of these tables, so that which of them are found, and by whom,
// stays here. Search indexes every commitment and every report whatever
// its level or state (drafts included); the visibility rule, applied to
// every hit, decides who finds it.

// IndexedCommitment is a commitment as search indexes it: in its one
// language, with its concepts (which carry it to the other languages).
type IndexedCommitment struct {
	ID, EditionID         int64 // EditionID 0: none
	Title, Text, Language string
	// Owners are the owner states' alpha-3 codes, in code order.
	Owners   []string
	Concepts []string
	StartsOn string // YYYY-MM-DD
	// Level is the commitment's level with its edition's publication
	// folded in (visibility.Effective); a commitment of no edition is as
	// a text of a published one. A draft is the secretariat's alone:
	// it has no owner for the rule.
	Level visibility.Level
}

// IndexedCommitment reads commitment id as search indexes it; ok is false
// when it is gone.
func (s *Service) IndexedCommitment(ctx context.Context, id int64) (x IndexedCommitment, ok bool, err error) {
	q := s.DB.Reader()
	var level string
	var published sql.NullBool
	err = q.QueryRow(ctx, `SELECT c.id, COALESCE(c.edition_id, 0), c.title, c.text, c.language, c.level, c.starts_on, e.published
		FROM commitments c LEFT JOIN editions e ON e.id = c.edition_id WHERE c.id = ?`, id).
		Scan(&x.ID, &x.EditionID, &x.Title, &x.Text, &x.Language, &level, &x.StartsOn, &published)
	if errors.Is(err, sql.ErrNoRows) {
		return x, false, nil
	}
	if err != nil {
		return x, false, err
	}
	x.Level = visibility.Effective(visibility.Level(level), !published.Valid || published.Bool)
	if x.Owners, err = store.QueryAll(ctx, q, store.ScanString, "SELECT country FROM commitment_owners WHERE commitment_id = ? ORDER BY country", id); err != nil {
		return x, false, err
	}
	if x.Concepts, err = store.QueryAll(ctx, q, store.ScanString, "SELECT concept_id FROM commitment_concepts WHERE commitment_id = ? ORDER BY concept_id", id); err != nil {
		return x, false, err
	}
	return x, true, nil
}

// IndexedReport is a progress report as search indexes it: its narrative
// in its language under its commitment's title, with its commitment's
// concepts and edition.
type IndexedReport struct {
	ID, CommitmentID, EditionID int64
	// Country is the reporting state's alpha-3 code.
	Country string
	// Owner is whose the report is for the visibility rule: its state,
	// except on a draft commitment (the secretariat's alone), where only
	// a report waiting for validation is its state's — as the commitment
	// service reads it (readsReport: a reader reads a report and the
	// commitment it is on, a report waiting for validation aside).
	Owner string
	// Title is the commitment's.
	Title               string
	Narrative, Language string
	ReportedOn          string // YYYY-MM-DD
	Status, State       string
	Concepts            []string
	// Level is who reads it: a draft (or a report returned to its
	// delegation) is its delegation's; a submitted one waits for its
	// state's validator (visibility.Validation); a published one is read
	// as its commitment is.
	Level visibility.Level
}

// indexedReportLevel is the level of a report in state on a commitment whose
// level, its edition's publication folded in, is commitment: a draft (or
// a report returned to its delegation) is its delegation's; a submitted
// one waits for its state's validator (visibility.Validation); a
// published one is read as its commitment is. Its owner is its state.
func indexedReportLevel(state string, commitment visibility.Level) visibility.Level {
	switch state {
	case "submitted":
		return visibility.Validation
	case "published":
		return commitment
	}
	return visibility.Draft // draft, returned, and anything unknown: the narrowest
}

// IndexedReport reads progress report id as search indexes it; ok is
// false when it is gone.
func (s *Service) IndexedReport(ctx context.Context, id int64) (x IndexedReport, ok bool, err error) {
	q := s.DB.Reader()
	var level string
	var published sql.NullBool
	err = q.QueryRow(ctx, `SELECT r.id, r.commitment_id, COALESCE(c.edition_id, 0), r.country, c.title, r.narrative, r.language,
		r.reported_on, r.status, r.state, c.level, e.published
		FROM progress_reports r JOIN commitments c ON c.id = r.commitment_id LEFT JOIN editions e ON e.id = c.edition_id
		WHERE r.id = ?`, id).
		Scan(&x.ID, &x.CommitmentID, &x.EditionID, &x.Country, &x.Title, &x.Narrative, &x.Language,
			&x.ReportedOn, &x.Status, &x.State, &level, &published)
	if errors.Is(err, sql.ErrNoRows) {
		return x, false, nil
	}
	if err != nil {
		return x, false, err
	}
	cl := visibility.Effective(visibility.Level(level), !published.Valid || published.Bool)
	x.Level, x.Owner = indexedReportLevel(x.State, cl), x.Country
	if cl == visibility.Draft && x.Level != visibility.Validation {
		x.Owner = ""
	}
	if x.Concepts, err = store.QueryAll(ctx, q, store.ScanString, "SELECT concept_id FROM commitment_concepts WHERE commitment_id = ? ORDER BY concept_id", x.CommitmentID); err != nil {
		return x, false, err
	}
	return x, true, nil
}

// ReportDocIDs calls yield with the search document id of every report on
// commitment id: their documents copy the commitment's title, concepts and
// level, so search reloads them with it.
func (s *Service) ReportDocIDs(ctx context.Context, id int64, yield func(string) error) error {
	return yieldIndexed(ctx, s.DB.Reader(), yield, "SELECT 'report:' || id FROM progress_reports WHERE commitment_id = ? ORDER BY id", id)
}

// EditionDocIDs calls yield with the search document id of every
// commitment of edition id and of every report on them: their level
// follows the edition's publication, so search reloads them with it.
func (s *Service) EditionDocIDs(ctx context.Context, id int64, yield func(string) error) error {
	if err := yieldIndexed(ctx, s.DB.Reader(), yield, "SELECT 'commitment:' || id FROM commitments WHERE edition_id = ? ORDER BY id", id); err != nil {
		return err
	}
	return yieldIndexed(ctx, s.DB.Reader(), yield, `SELECT 'report:' || r.id FROM progress_reports r JOIN commitments c ON c.id = r.commitment_id
		WHERE c.edition_id = ? ORDER BY r.id`, id)
}

// SearchDocIDs calls yield with the search document id of every commitment
// and every progress report.
func (s *Service) SearchDocIDs(ctx context.Context, yield func(string) error) error {
	if err := yieldIndexed(ctx, s.DB.Reader(), yield, "SELECT 'commitment:' || id FROM commitments ORDER BY id"); err != nil {
		return err
	}
	return yieldIndexed(ctx, s.DB.Reader(), yield, "SELECT 'report:' || id FROM progress_reports ORDER BY id")
}

func yieldIndexed(ctx context.Context, q store.Querier, yield func(string) error, query string, args ...any) error {
	ids, err := store.QueryAll(ctx, q, store.ScanString, query, args...)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := yield(id); err != nil {
			return err
		}
	}
	return nil
}
