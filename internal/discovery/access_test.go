package discovery_test

import (
	"context"
	"fmt"
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
		names := map[int64]string{}
		save := func(name string, ed, delegation int64, level string, embargo *time.Time) {
			st, err := w.dlg.SaveStatement(ctx, admin, dialogue.Statement{EditionID: ed, DelegationID: delegation, Language: "en",
				Title: name, Body: "On quinquagenarian rights: " + name + ".", Visibility: level, EmbargoUntil: embargo})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			names[st.ID] = name
		}
		save("published-public-BRA", pub.id, pub.bra, "public", nil)
		save("published-participants-BRA", pub.id, pub.bra, "participants", nil)
		save("published-draft-BRA", pub.id, pub.bra, "draft", nil)
		save("published-delegation-CHN", pub.id, pub.chn, "delegation", nil)
		save("published-public-embargoed-CHN", pub.id, pub.chn, "public", &future)
		save("unpublished-public-BRA", unpub.id, unpub.bra, "public", nil)
		if _, err := w.svc.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}

		readers := []struct {
			name   string
			user   *account.User
			expect []string
		}{
			{"anonymous", nil, []string{
				"published-public-BRA"}},
			{"observer", user("obs@example.org", account.Observer, ""), []string{
				"published-public-BRA"}},
			{"validator", user("val@example.org", account.Validator, ""), []string{
				"published-public-BRA"}},
			{"chair", user("chair@example.org", account.Chair, ""), []string{
				"published-participants-BRA", "published-public-BRA", "published-public-embargoed-CHN", "unpublished-public-BRA"}},
			{"delegate of BRA", user("bra@example.org", account.Delegate, "BRA"), []string{
				"published-draft-BRA", "published-participants-BRA", "published-public-BRA", "published-public-embargoed-CHN", "unpublished-public-BRA"}},
			{"delegate of CHN", user("chn@example.org", account.Delegate, "CHN"), []string{
				"published-delegation-CHN", "published-participants-BRA", "published-public-BRA", "published-public-embargoed-CHN", "unpublished-public-BRA"}},
			{"administrator", admin, []string{
				"published-delegation-CHN", "published-draft-BRA", "published-participants-BRA", "published-public-BRA",
				"published-public-embargoed-CHN", "unpublished-public-BRA"}},
		}
		for _, r := range readers {
			res, err := w.svc.Search(ctx, r.user, discovery.Request{Text: "quinquagenarian", Limit: 100})
			if err != nil {
				t.Fatalf("%s: %v", r.name, err)
			}
			var found []string
			for _, h := range res.Hits {
				var id int64
				if _, err := fmt.Sscanf(h.ID, "statement:%d", &id); err != nil || names[id] == "" {
					t.Errorf("%s: unexpected hit %s", r.name, h.ID)
					continue
				}
				found = append(found, names[id])
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
