package commitment_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"roundtable/internal/commitment"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// idxCommitment stores a commitment of no edition at level with owners
// and concepts, as search reads it.
func idxCommitment(t *testing.T, db *store.DB, level string, owners, concepts []string) int64 {
	t.Helper()
	var id int64
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		ctx, now := context.Background(), store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO commitments (source, title, text, language, level, starts_on, due_on, created_at, updated_at)
			VALUES ('statement', 'Birth registration', 'Every child registered at birth.', 'en', ?, '2025-01-01', '2030-12-31', ?, ?) RETURNING id`,
			level, now, now).Scan(&id); err != nil {
			return err
		}
		for _, c := range owners {
			if _, err := tx.Exec(ctx, "INSERT INTO commitment_owners (commitment_id, country) VALUES (?, ?)", id, c); err != nil {
				return err
			}
		}
		for _, c := range concepts {
			if _, err := tx.Exec(ctx, "INSERT INTO commitment_concepts (commitment_id, concept_id) VALUES (?, ?)", id, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// idxReport stores a report of country on commitment in state (a
// published one needs a validator: the CHECK; none of these is).
func idxReport(t *testing.T, db *store.DB, commitmentID int64, country, state string) int64 {
	t.Helper()
	var id int64
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		now := store.Now()
		return tx.QueryRow(context.Background(), `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state, created_at, updated_at)
			VALUES (?, ?, '2025-06-30', 'in_progress', 'Mobile registrars reached 400 villages.', 'en', ?, ?, ?) RETURNING id`,
			commitmentID, country, state, now, now).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestIndexedCommitmentsAndReports: what search is told of a commitment
// (its owners in code order, its concepts, its level) and of its reports
// (the commitment's title and concepts, a level by state, an owner that a
// draft commitment takes away but for a report waiting for validation),
// and every id a rebuild indexes. Expected values written by hand.
func TestIndexedCommitmentsAndReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &commitment.Service{DB: db}
		pub := idxCommitment(t, db, "participants", []string{"CHN", "BRA"}, []string{"right-to-development", "birth-registration"})
		draft := idxCommitment(t, db, "draft", []string{"BRA"}, nil)

		x, ok, err := s.IndexedCommitment(ctx, pub)
		if err != nil || !ok {
			t.Fatalf("IndexedCommitment: %v, %v", ok, err)
		}
		if x.Title != "Birth registration" || x.Language != "en" || x.Level != visibility.Participants || x.StartsOn != "2025-01-01" ||
			!slices.Equal(x.Owners, []string{"BRA", "CHN"}) || !slices.Equal(x.Concepts, []string{"birth-registration", "right-to-development"}) {
			t.Errorf("IndexedCommitment: %+v", x)
		}
		if _, ok, err := s.IndexedCommitment(ctx, 999999); ok || err != nil {
			t.Errorf("a missing commitment: %v, %v; want not found, no error", ok, err)
		}

		type want struct {
			level        visibility.Level
			owner, title string
		}
		for _, tt := range []struct {
			commitment int64
			state      string
			want       want
		}{
			{pub, "draft", want{visibility.Draft, "BRA", "Birth registration"}},
			{pub, "returned", want{visibility.Draft, "BRA", "Birth registration"}},
			{pub, "submitted", want{visibility.Validation, "BRA", "Birth registration"}},
			{draft, "draft", want{visibility.Draft, "", "Birth registration"}},
			{draft, "submitted", want{visibility.Validation, "BRA", "Birth registration"}},
		} {
			id := idxReport(t, db, tt.commitment, "BRA", tt.state)
			r, ok, err := s.IndexedReport(ctx, id)
			if err != nil || !ok {
				t.Fatalf("IndexedReport: %v, %v", ok, err)
			}
			if got := (want{r.Level, r.Owner, r.Title}); got != tt.want || r.Country != "BRA" || r.CommitmentID != tt.commitment {
				t.Errorf("report %s on commitment %d: %+v, want %+v", tt.state, tt.commitment, r, tt.want)
			}
			if tt.commitment == pub && !slices.Equal(r.Concepts, []string{"birth-registration", "right-to-development"}) {
				t.Errorf("report %s: concepts %v, want its commitment's", tt.state, r.Concepts)
			}
		}

		var ids []string
		if err := s.SearchDocIDs(ctx, func(id string) error { ids = append(ids, id); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(ids) != 7 || ids[0] != "commitment:"+strconv.FormatInt(pub, 10) || ids[1] != "commitment:"+strconv.FormatInt(draft, 10) || ids[2][:7] != "report:" {
			t.Errorf("SearchDocIDs: %v, want two commitments then five reports", ids)
		}
		var ofDraft []string
		if err := s.ReportDocIDs(ctx, draft, func(id string) error { ofDraft = append(ofDraft, id); return nil }); err != nil || len(ofDraft) != 2 {
			t.Errorf("ReportDocIDs of the draft commitment: %v, %v; want its two reports", ofDraft, err)
		}
	})
}
