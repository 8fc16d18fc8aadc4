package cli

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/outcome"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
)

// silenced writes into db a document of its own edition under silence,
// and returns a function that moves the deadline to a minute ago, as if
// its hours had passed, and says when that is.
func silenced(t *testing.T, db *store.DB, title string) (int64, func() time.Time) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	acc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	must(err)
	admin, err := acc.Create(ctx, audit.System("test"), account.NewUser{Email: title + "@example.org", DisplayName: "Secretariat", Role: account.Administrator, Password: "long enough password"})
	must(err)
	dlg := &dialogue.Service{DB: db}
	svc := &outcome.Service{DB: db, Dialogue: dlg}
	forum, err := dlg.CreateForum(ctx, &admin, dialogue.Forum{Slug: title, Names: dialogue.Texts{"en": title}})
	must(err)
	ed, err := dlg.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: forum.ID, Number: 1, Titles: dialogue.Texts{"en": title},
		StartsOn: "2025-07-24", EndsOn: "2025-07-25", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en"}})
	must(err)
	d, err := svc.CreateDocument(ctx, &admin, ed.ID, outcome.DocumentInput{Kind: outcome.Declaration, Title: title, Language: "en"})
	must(err)
	_, err = svc.AddParagraph(ctx, &admin, d.ID, outcome.ParagraphInput{Kind: outcome.Operative, Text: "Decides to meet again."})
	must(err)
	_, err = svc.IssueRevision(ctx, &admin, d.ID, outcome.RevisionInput{})
	must(err)
	s, err := svc.StartSilence(ctx, &admin, d.ID, outcome.SilenceInput{Deadline: time.Now().Add(100 * time.Hour), TimeZone: "UTC"})
	must(err)
	return d.ID, func() time.Time {
		past := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
		must(db.Write(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, "UPDATE outcome_silences SET deadline = ? WHERE id = ?", past, s.ID); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "UPDATE deadline_jobs SET due_at = ? WHERE kind = 'outcome.silence' AND ref_id = ?", past, s.ID)
			return err
		}))
		return past
	}
}

// adoptedAt reads when a document was adopted (zero: not yet).
func adoptedAt(t *testing.T, db *store.DB, docID int64) time.Time {
	t.Helper()
	var at sql.NullTime
	if err := db.Reader().QueryRow(context.Background(), "SELECT adopted_at FROM outcome_documents WHERE id = ?", docID).Scan(&at); err != nil {
		t.Fatal(err)
	}
	if !at.Valid {
		return time.Time{}
	}
	return at.Time.UTC()
}

// A silence whose deadline passed while no server ran is adopted as the
// server starts, before it serves, dated at the deadline; one whose
// deadline comes while it serves is adopted then.
func TestServeRunsOutcomeDeadlines(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := country.Sync(context.Background(), db, set); err != nil {
		t.Fatal(err)
	}
	before, elapseBefore := silenced(t, db, "before")
	while, elapseWhile := silenced(t, db, "while")
	deadline := elapseBefore()

	_, _, stop := startServe(t, dir, false)
	defer stop()
	if got := adoptedAt(t, db, before); !got.Equal(deadline) {
		t.Fatalf("ready to serve, the silence that ended while no server ran reads adopted at %v, want %s", got, deadline)
	}
	if got := adoptedAt(t, db, while); !got.IsZero() {
		t.Fatalf("a silence still running was adopted at %s", got)
	}
	deadline = elapseWhile()
	for i := 0; adoptedAt(t, db, while).IsZero(); i++ {
		if i == 600 {
			t.Fatal("a silence whose deadline came while serving was never adopted")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := adoptedAt(t, db, while); !got.Equal(deadline) {
		t.Errorf("adopted at %s, want at the deadline %s", got, deadline)
	}
}
