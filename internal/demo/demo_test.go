package demo_test

import (
	"context"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// tables whose row counts must not move when Load runs again.
var tables = []string{"users", "forums", "editions", "sessions", "delegations", "delegation_members",
	"statements", "statement_translations", "audit_log", "search_outbox",
	"blocs", "bloc_members", "propositions", "proposition_translations", "positions", "position_history"}

func counts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tb := range tables {
		var n int
		if err := db.Reader().QueryRow(context.Background(), "SELECT count(*) FROM "+tb).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tb] = n
	}
	return out
}

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		set, err := refdata.Load()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := country.Sync(ctx, db, set); err != nil {
			t.Fatal(err)
		}
		accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		svc := &dialogue.Service{DB: db}
		common := &ground.Service{DB: db, Dialogue: svc}
		res, err := demo.Load(ctx, db, accounts, common)
		if err != nil {
			t.Fatal(err)
		}
		if res.AdminPassword == "" {
			t.Fatal("no one-time password on a fresh database")
		}

		// The public (nil viewer) sees the published, closed edition.
		eds, err := svc.Editions(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(eds) != 1 || !eds[0].Published || eds[0].Status != dialogue.Closed || eds[0].Number != 2 || eds[0].VenueCountry != "BRA" {
			t.Fatalf("editions = %+v", eds)
		}
		e := eds[0]
		forums, err := svc.Forums(ctx)
		if err != nil || len(forums) != 1 || forums[0].Slug != demo.ForumSlug || forums[0].ID != e.ForumID {
			t.Fatalf("forums = %+v, %v", forums, err)
		}
		sessions, err := svc.Sessions(ctx, nil, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sessions) < 6 {
			t.Errorf("%d sessions, want at least 6", len(sessions))
		}
		dels, err := svc.Delegations(ctx, nil, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(dels) < 7 {
			t.Errorf("%d delegations, want at least 7", len(dels))
		}
		groups := 0
		for _, d := range dels {
			if !d.Accredited || len(d.Members) == 0 {
				t.Errorf("delegation %s: accredited %v, %d members", d.Code, d.Accredited, len(d.Members))
			}
			if d.Kind == dialogue.KindGroup {
				groups++
			}
		}
		if groups == 0 {
			t.Error("no group delegation (CELAC)")
		}

		page, err := svc.Statements(ctx, nil, dialogue.StatementFilter{EditionID: e.ID, Limit: dialogue.MaxPage})
		sts := page.Items
		if err != nil {
			t.Fatal(err)
		}
		if len(sts) < 25 {
			t.Errorf("the public reads %d statements, want at least 25", len(sts))
		}
		perLang := map[string]int{}
		origins := map[string]int{}
		inSession := map[int64]int{}
		for _, st := range sts {
			perLang[st.Language]++
			inSession[st.SessionID]++
			if st.Visibility != dialogue.Public || st.DeliveredOn < e.StartsOn || st.DeliveredOn > e.EndsOn || st.Speaker == "" || st.Source == "" {
				t.Errorf("statement %d: visibility %s, delivered %q, speaker %q, source %q", st.ID, st.Visibility, st.DeliveredOn, st.Speaker, st.Source)
			}
			for _, tr := range st.Translations {
				origins[tr.Origin+"/"+tr.Review]++
			}
		}
		for _, l := range []string{"zh", "es", "pt", "en"} {
			if perLang[l] == 0 {
				t.Errorf("no statement in %s (%v)", l, perLang)
			}
		}
		for _, s := range sessions {
			if inSession[s.ID] == 0 {
				t.Errorf("session %q has no statement", s.Titles.In("en"))
			}
		}
		if origins["human/reviewed"] == 0 || origins["machine/pending"] == 0 {
			t.Errorf("translations by origin/review = %v, want reviewed human and pending machine ones", origins)
		}
		// The right to development is discussed in every working language,
		// so a search in one can find the others.
		for lang, phrase := range map[string]string{"zh": "发展权", "es": "derecho al desarrollo", "pt": "direito ao desenvolvimento", "en": "right to development"} {
			found := 0
			for _, st := range sts {
				if st.Language == lang && strings.Contains(strings.ToLower(st.Body), phrase) {
					found++
				}
			}
			if found == 0 {
				t.Errorf("no %s statement mentions %q", lang, phrase)
			}
		}

		// Every write went through the audit trail and the search outbox.
		before := counts(t, db)
		if before["search_outbox"] < len(sts) || before["audit_log"] < len(sts)+len(sessions)+len(dels) {
			t.Errorf("outbox %d, audit %d rows for %d statements", before["search_outbox"], before["audit_log"], len(sts))
		}
		rep, err := audit.Verify(ctx, db.Reader())
		if err != nil || rep.Broken != nil {
			t.Fatalf("audit chain: %v %v", rep.Broken, err)
		}

		// A second Load changes nothing and shows no password.
		res, err = demo.Load(ctx, db, accounts, common)
		if err != nil {
			t.Fatal(err)
		}
		if res.AdminPassword != "" {
			t.Error("second Load returned a password")
		}
		after := counts(t, db)
		for _, tb := range tables {
			if before[tb] != after[tb] {
				t.Errorf("%s: %d rows before the second Load, %d after", tb, before[tb], after[tb])
			}
		}
	})
}
