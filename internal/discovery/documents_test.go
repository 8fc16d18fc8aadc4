package discovery_test

import (
	"context"
	"testing"

	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/search"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestATranslationJoinsItsStatementsDocument: a translation, queued to the
// search outbox as statement:<id>:<lang> (as SetTranslation and machine
// translation queue it), becomes a version of the statement's one
// document: the index holds no more documents, the statement is found in
// the translation's words, and a machine version is marked as such.
func TestATranslationJoinsItsStatementsDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, true)
		ctx := context.Background()
		admin, _ := w.acc.GetByEmail(ctx, demo.AdminEmail)
		eds, _ := w.dlg.Editions(ctx, &admin)
		ds, _ := w.dlg.Delegations(ctx, &admin, eds[0].ID)
		st, err := w.dlg.SaveStatement(ctx, &admin, dialogue.Statement{EditionID: eds[0].ID, DelegationID: ds[0].ID, Language: "es",
			Title: "Cooperación", Body: "Una cooperación zarandajosa entre los pueblos.", Visibility: dialogue.Public})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		before, _ := w.svc.Index.Count()
		for _, tr := range []dialogue.Translation{
			{Language: "en", Body: "A flummoxing cooperation between peoples.", Origin: "human", Review: "reviewed"},
			{Language: "pt", Body: "Uma cooperação desconcertante entre os povos.", Origin: "machine", Review: "pending"},
		} {
			if _, err := w.dlg.SetTranslation(ctx, &admin, st.ID, tr); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		if after, _ := w.svc.Index.Count(); after != before {
			t.Errorf("the index holds %d documents after two translations, %d before", after, before)
		}
		id := "statement:" + itoa(st.ID)
		for q, want := range map[string]string{"flummoxing": search.MatchedText, "desconcertante": search.MatchedTranslation, "zarandajosa": search.MatchedText} {
			res, err := w.svc.Search(ctx, nil, discovery.Request{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != 1 || res.Hits[0].ID != id || res.Hits[0].MatchedBy != want {
				t.Errorf("%s: %+v, want %s matched by %s", q, res.Hits, id, want)
				continue
			}
			var got []search.HitVersion
			for _, v := range res.Hits[0].Versions {
				got = append(got, search.HitVersion{Lang: v.Lang, Machine: v.Machine})
			}
			wantVs := []search.HitVersion{{Lang: "en"}, {Lang: "es"}, {Lang: "pt", Machine: true}}
			if len(got) != 3 || got[0] != wantVs[0] || got[1] != wantVs[1] || got[2] != wantVs[2] {
				t.Errorf("%s: versions %+v, want %+v", q, got, wantVs)
			}
		}
	})
}
