package discovery_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestSearchFindsWhatEachReaderMayRead checks, through the search service's
// own entry point, which statements each kind of reader finds. The expected
// lists are written by hand from the rule in docs/architecture.md: observers
// and validators read what the public reads; nothing of an unpublished
// edition is public; participants (chair, delegates, secretariat) read
// participants' texts and unpublished editions; a delegation reads its own
// drafts and own-delegation texts; the secretariat reads everything.
//
// Practical action's texts join the table: a commitment is read at its
// level (a draft by the secretariat alone, whatever its owners), its
// edition's publication folded in; a progress report in draft (or
// returned) by its delegation, submitted by its delegation and the
// validator bound to its state, published as its commitment — and on a
// draft commitment only when submitted, else by the secretariat; a practice
// in draft by its delegation, submitted by its delegation (and the
// secretariat), published by everyone.
func TestSearchFindsWhatEachReaderMayRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, false)
		ctx := context.Background()
		user := func(email string, role account.Role, delegation string) *account.User {
			u, err := w.acc.Create(ctx, audit.System("test"), account.NewUser{Email: email, DisplayName: "x", Role: role,
				Delegation: delegation, Password: "a password long enough", Language: "en"})
			if err != nil {
				t.Fatal(err)
			}
			return &u
		}
		admin := user("sec@example.org", account.Administrator, "")

		// One published and one unpublished edition, each with Brazil and
		// China accredited.
		forum, err := w.dlg.CreateForum(ctx, admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable"}})
		if err != nil {
			t.Fatal(err)
		}
		type edition struct{ id, bra, chn int64 }
		newEdition := func(number int, published bool) edition {
			e, err := w.dlg.CreateEdition(ctx, admin, dialogue.Edition{ForumID: forum.ID, Number: number, Titles: dialogue.Texts{"en": "Roundtable"},
				Published: published, StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil",
				Languages: []string{"en"}})
			if err != nil {
				t.Fatal(err)
			}
			ed := edition{id: e.ID}
			for _, code := range []string{"BRA", "CHN"} {
				d, err := w.dlg.AddDelegation(ctx, admin, dialogue.Delegation{EditionID: e.ID, Kind: dialogue.KindCountry, Code: code})
				if err != nil {
					t.Fatal(err)
				}
				if err := w.dlg.Accredit(ctx, admin, d.ID, true); err != nil {
					t.Fatal(err)
				}
				if code == "BRA" {
					ed.bra = d.ID
				} else {
					ed.chn = d.ID
				}
			}
			return ed
		}
		pub, unpub := newEdition(1, true), newEdition(2, false)

		// Every statement holds the same rare word; the names say what
		// each is. The visibility levels are written as stored.
		future := time.Now().Add(30 * 24 * time.Hour).UTC()
		names := map[string]string{}
		save := func(name string, ed, delegation int64, level string, embargo *time.Time) {
			st, err := w.dlg.SaveStatement(ctx, admin, dialogue.Statement{EditionID: ed, DelegationID: delegation, Language: "en",
				Title: name, Body: "On quinquagenarian rights: " + name + ".", Visibility: level, EmbargoUntil: embargo})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			names["statement:"+itoa(st.ID)] = name
		}
		save("published-public-BRA", pub.id, pub.bra, "public", nil)
		save("published-participants-BRA", pub.id, pub.bra, "participants", nil)
		save("published-draft-BRA", pub.id, pub.bra, "draft", nil)
		save("published-delegation-CHN", pub.id, pub.chn, "delegation", nil)
		save("published-public-embargoed-CHN", pub.id, pub.chn, "public", &future)
		save("unpublished-public-BRA", unpub.id, unpub.bra, "public", nil)

		a := actionRows{t, db}
		body := func(name string) string { return "On quinquagenarian rights: " + name + "." }
		commitment := func(name string, ed int64, level string) int64 {
			id := a.commitment(ed, level, "en", name, body(name), []string{"BRA", "CHN"}, nil)
			names["commitment:"+itoa(id)] = name
			return id
		}
		c := commitment("commitment-public-published", pub.id, "public")
		draft := commitment("commitment-draft-published", pub.id, "draft")
		commitment("commitment-public-unpublished", unpub.id, "public")
		for _, state := range []string{"draft", "submitted", "returned", "published"} {
			name := "report-" + state + "-BRA"
			names["report:"+itoa(a.report(c, "BRA", state, "en", body(name), admin.ID))] = name
		}
		// On a draft commitment, only a report waiting for validation is
		// its state's: the others are the secretariat's, as the commitment.
		for _, state := range []string{"draft", "submitted", "published"} {
			name := "report-" + state + "-BRA-on-draft"
			names["report:"+itoa(a.report(draft, "BRA", state, "en", body(name), admin.ID))] = name
		}
		for _, state := range []string{"draft", "submitted", "published"} {
			name := "practice-" + state + "-CHN"
			id := a.practice("CHN", state, "", nil, practiceText{lang: "en", title: name, context: body(name), origin: "original"})
			names["practice:"+itoa(id)] = name
		}
		if _, err := w.svc.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}

		public := []string{"commitment-public-published", "practice-published-CHN", "published-public-BRA", "report-published-BRA"}
		readers := []struct {
			name   string
			user   *account.User
			expect []string
		}{
			{"anonymous", nil, public},
			{"observer", user("obs@example.org", account.Observer, ""), public},
			{"validator", user("val@example.org", account.Validator, ""), public},
			{"validator of BRA", user("val.bra@example.org", account.Validator, "BRA"), []string{
				"commitment-public-published", "practice-published-CHN", "published-public-BRA", "report-published-BRA", "report-submitted-BRA",
				"report-submitted-BRA-on-draft"}},
			{"validator of CHN", user("val.chn@example.org", account.Validator, "CHN"), public},
			{"chair", user("chair@example.org", account.Chair, ""), []string{
				"commitment-public-published", "commitment-public-unpublished", "practice-published-CHN",
				"published-participants-BRA", "published-public-BRA", "published-public-embargoed-CHN", "report-published-BRA", "unpublished-public-BRA"}},
			{"delegate of BRA", user("bra@example.org", account.Delegate, "BRA"), []string{
				"commitment-public-published", "commitment-public-unpublished", "practice-published-CHN",
				"published-draft-BRA", "published-participants-BRA", "published-public-BRA", "published-public-embargoed-CHN",
				"report-draft-BRA", "report-published-BRA", "report-returned-BRA", "report-submitted-BRA", "report-submitted-BRA-on-draft",
				"unpublished-public-BRA"}},
			{"delegate of CHN", user("chn@example.org", account.Delegate, "CHN"), []string{
				"commitment-public-published", "commitment-public-unpublished", "practice-draft-CHN", "practice-published-CHN", "practice-submitted-CHN",
				"published-delegation-CHN", "published-participants-BRA", "published-public-BRA", "published-public-embargoed-CHN",
				"report-published-BRA", "unpublished-public-BRA"}},
			{"administrator", admin, []string{
				"commitment-draft-published", "commitment-public-published", "commitment-public-unpublished",
				"practice-draft-CHN", "practice-published-CHN", "practice-submitted-CHN",
				"published-delegation-CHN", "published-draft-BRA", "published-participants-BRA", "published-public-BRA",
				"published-public-embargoed-CHN", "report-draft-BRA", "report-draft-BRA-on-draft", "report-published-BRA",
				"report-published-BRA-on-draft", "report-returned-BRA", "report-submitted-BRA", "report-submitted-BRA-on-draft",
				"unpublished-public-BRA"}},
		}
		for _, r := range readers {
			res, err := w.svc.Search(ctx, r.user, discovery.Request{Text: "quinquagenarian", Limit: 100})
			if err != nil {
				t.Fatalf("%s: %v", r.name, err)
			}
			var found []string
			for _, h := range res.Hits {
				if names[h.ID] == "" {
					t.Errorf("%s: unexpected hit %s", r.name, h.ID)
					continue
				}
				found = append(found, names[h.ID])
			}
			slices.Sort(found)
			if !slices.Equal(found, r.expect) {
				t.Errorf("%s finds\n  %s\nwant\n  %s", r.name, strings.Join(found, ", "), strings.Join(r.expect, ", "))
			}
			if res.Total != uint64(len(r.expect)) {
				t.Errorf("%s: total %d, want %d", r.name, res.Total, len(r.expect))
			}
		}
	})
}
