package dialogue_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

type fixture struct {
	svc                 *dialogue.Service
	db                  *store.DB
	admin, bra, chn, ob *account.User
	edition             dialogue.Edition
	session             dialogue.Session
	dBRA, dCHN          dialogue.Delegation
}

type tagAll struct{}

func (tagAll) Tag(lang, text string) []string { return []string{"right-to-development"} }

func setup(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	set, _ := refdata.Load()
	if _, err := country.Sync(ctx, db, set); err != nil {
		t.Fatal(err)
	}
	acc, _ := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	mk := func(email string, r account.Role, del string) *account.User {
		u, err := acc.Create(ctx, audit.System("test"), account.NewUser{Email: email, DisplayName: email, Role: r, Delegation: del, Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		return &u
	}
	f := &fixture{svc: &dialogue.Service{DB: db, Tagger: tagAll{}}, db: db,
		admin: mk("a@example.org", account.Administrator, ""), bra: mk("b@example.org", account.Delegate, "BRA"),
		chn: mk("c@example.org", account.Delegate, "CHN"), ob: mk("o@example.org", account.Observer, "")}
	forum, err := f.svc.CreateForum(ctx, f.admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable on Human Rights"}})
	if err != nil {
		t.Fatal(err)
	}
	f.edition, err = f.svc.CreateEdition(ctx, f.admin, dialogue.Edition{ForumID: forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"},
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "bra", Host: "Government of Brazil", Languages: []string{"zh", "es", "pt", "en"}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2024, 11, 19, 9, 0, 0, 0, time.UTC)
	f.session, err = f.svc.SaveSession(ctx, f.admin, dialogue.Session{EditionID: f.edition.ID, Titles: dialogue.Texts{"en": "The right to development"}, StartsAt: start, EndsAt: start.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		code string
		out  *dialogue.Delegation
	}{{"BRA", &f.dBRA}, {"CHN", &f.dCHN}} {
		d, err := f.svc.AddDelegation(ctx, f.admin, dialogue.Delegation{EditionID: f.edition.ID, Kind: dialogue.KindCountry, Code: p.code})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Accredit(ctx, f.admin, d.ID, true); err != nil {
			t.Fatal(err)
		}
		*p.out = d
	}
	return f
}

func (f *fixture) statement(v *account.User, d dialogue.Delegation, vis string) dialogue.Statement {
	return dialogue.Statement{EditionID: f.edition.ID, SessionID: f.session.ID, DelegationID: d.ID, Language: "pt",
		Title: "Desenvolvimento", Body: "O direito ao desenvolvimento é um direito humano inalienável.", Visibility: vis}
}

func TestDelegatesWriteOnlyForTheirOwnDelegation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		st, err := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Public))
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Concepts) != 1 || st.Concepts[0] != "right-to-development" {
			t.Fatalf("concepts %v", st.Concepts)
		}
		// China's delegate can neither write for Brazil nor edit Brazil's statement.
		if _, err := f.svc.SaveStatement(ctx, f.chn, f.statement(f.chn, f.dBRA, dialogue.Public)); errs.As(err).Code != "not_your_delegation" {
			t.Fatalf("writing for another delegation: %v", err)
		}
		edit := st
		edit.Body = "Texto alterado por outra delegação"
		if _, err := f.svc.SaveStatement(ctx, f.chn, edit); errs.As(err).Code != "not_your_delegation" {
			t.Fatalf("editing another delegation's statement: %v", err)
		}
		if _, err := f.svc.SetTranslation(ctx, f.chn, st.ID, dialogue.Translation{Language: "zh", Body: "发展权"}); errs.As(err).Code != "not_your_delegation" {
			t.Fatalf("translating another delegation's statement: %v", err)
		}
		got, _ := f.svc.Statement(ctx, f.admin, st.ID)
		if got.Body != st.Body {
			t.Fatal("the statement was changed by another delegation")
		}
		// Observers cannot write at all.
		if _, err := f.svc.SaveStatement(ctx, f.ob, f.statement(f.ob, f.dBRA, dialogue.Public)); err == nil {
			t.Fatal("an observer wrote a statement")
		}
		// The secretariat can.
		edit.Body = "Texto corrigido pelo secretariado"
		if _, err := f.svc.SaveStatement(ctx, f.admin, edit); err != nil {
			t.Fatal(err)
		}
	})
}

func TestStatementValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		cases := []struct {
			name  string
			edit  func(*dialogue.Statement)
			code  string
			field string
		}{
			{"empty text", func(s *dialogue.Statement) { s.Body = "  " }, "required", "text"},
			{"oversized", func(s *dialogue.Statement) { s.Body = string(make([]byte, 100_001)) }, "too_long", "text"},
			{"unknown language", func(s *dialogue.Statement) { s.Language = "xx" }, "invalid_language", "language"},
			{"bad visibility", func(s *dialogue.Statement) { s.Visibility = "secret" }, "invalid_visibility", "visibility"},
			{"session of another edition", func(s *dialogue.Statement) { s.SessionID = 9999 }, "unknown_session", "session_id"},
			{"unknown group", func(s *dialogue.Statement) { s.OnBehalfOf = "NATO" }, "unknown_group", "on_behalf_of"},
		}
		for _, c := range cases {
			in := f.statement(f.admin, f.dBRA, dialogue.Public)
			c.edit(&in)
			_, err := f.svc.SaveStatement(ctx, f.admin, in)
			if e := errs.As(err); e.Code != c.code || e.Field != c.field {
				t.Errorf("%s: %v, want %s on %s", c.name, err, c.code, c.field)
			}
		}
		// A delegation that is not accredited cannot file.
		f.svc.Accredit(ctx, f.admin, f.dBRA.ID, false)
		if _, err := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Public)); errs.As(err).Code != "delegation_not_accredited" {
			t.Fatalf("not accredited: %v", err)
		}
		// A session ending before it starts.
		bad := f.session
		bad.ID, bad.EndsAt = 0, bad.StartsAt.Add(-time.Minute)
		if _, err := f.svc.SaveSession(ctx, f.admin, bad); errs.As(err).Code != "ends_before_start" {
			t.Fatalf("session ending before start: %v", err)
		}
		var n int
		db.Reader().QueryRow(ctx, "SELECT count(*) FROM statements").Scan(&n)
		if n != 0 {
			t.Fatalf("%d statements saved by rejected requests", n)
		}
	})
}

func TestWhoSeesWhat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		draft, _ := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Draft))
		pub, _ := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Public))
		embargoed := f.statement(f.bra, f.dBRA, dialogue.Public)
		later := time.Now().Add(time.Hour)
		embargoed.EmbargoUntil = &later
		emb, err := f.svc.SaveStatement(ctx, f.bra, embargoed)
		if err != nil {
			t.Fatal(err)
		}
		sees := func(v *account.User, id int64) bool {
			_, err := f.svc.Statement(ctx, v, id)
			return err == nil
		}
		// The edition is not published yet: the public sees nothing.
		if sees(nil, pub.ID) || sees(f.ob, pub.ID) {
			t.Fatal("public statement of an unpublished edition is visible to the public")
		}
		e := f.edition
		e.Published = true
		if _, err := f.svc.UpdateEdition(ctx, f.admin, e); err != nil {
			t.Fatal(err)
		}
		want := []struct {
			who  string
			v    *account.User
			id   int64
			sees bool
		}{
			{"public, public statement", nil, pub.ID, true},
			{"observer, public statement", f.ob, pub.ID, true},
			{"public, draft", nil, draft.ID, false},
			{"other delegation, draft", f.chn, draft.ID, false},
			{"own delegation, draft", f.bra, draft.ID, true},
			{"secretariat, draft", f.admin, draft.ID, true},
			{"public, embargoed", nil, emb.ID, false},
			{"other delegation, embargoed (embargo is for the public)", f.chn, emb.ID, true},
			{"observer, embargoed", f.ob, emb.ID, false},
			{"own delegation, embargoed", f.bra, emb.ID, true},
		}
		for _, w := range want {
			if got := sees(w.v, w.id); got != w.sees {
				t.Errorf("%s: sees=%v, want %v", w.who, got, w.sees)
			}
		}
		page, _ := f.svc.Statements(ctx, nil, dialogue.StatementFilter{EditionID: f.edition.ID})
		list := page.Items
		if len(list) != 1 || list[0].ID != pub.ID {
			t.Fatalf("public list has %d statements", len(list))
		}
	})
}

func TestWritesFeedTheSearchOutboxAndTheAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		st, _ := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Public))
		if _, err := f.svc.SetTranslation(ctx, f.bra, st.ID, dialogue.Translation{Language: "zh", Body: "发展权是一项不可剥夺的人权。", Origin: "machine"}); err != nil {
			t.Fatal(err)
		}
		got, _ := f.svc.CorrectTags(ctx, f.bra, st.ID, []string{"poverty-alleviation"}, []string{"right-to-development"})
		if len(got.Concepts) != 1 || got.Concepts[0] != "poverty-alleviation" {
			t.Fatalf("after correction: %v", got.Concepts)
		}
		// Saving again re-tags automatically but keeps the removal.
		got, _ = f.svc.SaveStatement(ctx, f.bra, got)
		if len(got.Concepts) != 1 || got.Concepts[0] != "poverty-alleviation" || len(got.Translations) != 1 {
			t.Fatalf("after re-save: %v %v", got.Concepts, got.Translations)
		}
		rows, err := db.Reader().Query(ctx, "SELECT doc_id FROM search_outbox ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			var id string
			rows.Scan(&id)
			ids = append(ids, id)
		}
		// A save or a tag correction requeues the translation too: it shares
		// the statement's visibility, embargo and tags.
		want := "session:1 statement:1 statement:1:zh statement:1 statement:1:zh statement:1 statement:1:zh"
		if got := join(ids); got != want {
			t.Fatalf("outbox %q, want %q", got, want)
		}
		rep, err := audit.Verify(ctx, db.Reader())
		if err != nil || rep.Broken != nil || rep.Entries < 10 {
			t.Fatalf("audit: %+v %v", rep, err)
		}
	})
}

func join(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

// tagWords tags a text with a concept for each of its words it knows.
type tagWords map[string]string

func (t tagWords) Tag(lang, text string) []string {
	var out []string
	for w, c := range t {
		if strings.Contains(strings.ToLower(text), w) {
			out = append(out, c)
		}
	}
	return out
}

// After the secretariat edits the thesaurus, RetagAll brings automatic
// tags up to date, keeps the corrections made by hand, and writes only
// the statements that change.
func TestRetagAllFollowsTheThesaurus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		tags := tagWords{"pobreza": "poverty"}
		f.svc.Tagger = tags
		save := func(text string) dialogue.Statement {
			st := f.statement(f.bra, f.dBRA, dialogue.Public)
			st.Language, st.Body = "es", text
			st, err := f.svc.SaveStatement(ctx, f.admin, st)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		a := save("La pobreza y la salud.")
		b := save("La salud pública.")
		c := save("La educación.")
		if _, err := f.svc.CorrectTags(ctx, f.admin, a.ID, nil, []string{"health"}); err != nil { // a must never be tagged health
			t.Fatal(err)
		}
		if _, err := f.svc.RetagAll(ctx, f.bra); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a delegate retags: %v", err)
		}

		// The thesaurus learns "salud".
		tags["salud"] = "health"
		outbox := countRows(t, db, "SELECT count(*) FROM search_outbox")
		n, err := f.svc.RetagAll(ctx, f.admin)
		if err != nil || n != 1 {
			t.Fatalf("RetagAll = %d, %v; want only b to change", n, err)
		}
		for _, w := range []struct {
			st   dialogue.Statement
			want []string
		}{{a, []string{"poverty"}}, {b, []string{"health"}}, {c, nil}} {
			got, err := f.svc.Statement(ctx, f.admin, w.st.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Concepts, w.want) {
				t.Errorf("%q: concepts %v, want %v", w.st.Body, got.Concepts, w.want)
			}
		}
		if got := countRows(t, db, "SELECT count(*) FROM search_outbox") - outbox; got != 1 {
			t.Errorf("%d outbox rows, want 1 (b's)", got)
		}
		if got := countRows(t, db, "SELECT count(*) FROM audit_log WHERE action = 'statement.retag'"); got != 1 {
			t.Errorf("%d retag audit entries, want 1", got)
		}
		// Nothing changed since: nothing written.
		if n, err := f.svc.RetagAll(ctx, f.admin); err != nil || n != 0 {
			t.Errorf("second RetagAll = %d, %v", n, err)
		}
		// The thesaurus forgets "pobreza".
		delete(tags, "pobreza")
		if n, err := f.svc.RetagAll(ctx, f.admin); err != nil || n != 1 {
			t.Errorf("RetagAll after a removal = %d, %v", n, err)
		}
		if got, _ := f.svc.Statement(ctx, f.admin, a.ID); len(got.Concepts) != 0 {
			t.Errorf("a keeps %v", got.Concepts)
		}
	})
}

// TestWritingAHiddenStatementIsNotFound: a delegate who writes to another
// delegation's statement it cannot read is told "not found", as for a
// statement that does not exist, so the answer does not tell that it
// exists; one it can read is refused as another delegation's.
func TestWritingAHiddenStatementIsNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		save := func(vis string) dialogue.Statement {
			st, err := f.svc.SaveStatement(ctx, f.chn, dialogue.Statement{EditionID: f.edition.ID, DelegationID: f.dCHN.ID,
				Language: "zh", Body: "发展权是一项人权。", Visibility: vis})
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		draft, open := save(dialogue.Draft), save(dialogue.Participants)
		edit := func(id int64) error {
			_, err := f.svc.SaveStatement(ctx, f.bra, dialogue.Statement{ID: id, EditionID: f.edition.ID, DelegationID: f.dCHN.ID,
				Language: "zh", Body: "改写", Visibility: dialogue.Public})
			return err
		}
		for _, c := range []struct {
			what string
			id   int64
			code string
		}{
			{"another delegation's draft", draft.ID, "not_found"},
			{"a statement that does not exist", 999999, "not_found"},
			{"another delegation's statement it reads", open.ID, "not_your_delegation"},
		} {
			if err := edit(c.id); errs.As(err).Code != c.code {
				t.Errorf("%s: %v, want %s", c.what, err, c.code)
			}
		}
		if st, err := f.svc.Statement(ctx, f.admin, draft.ID); err != nil || st.Body != "发展权是一项人权。" {
			t.Fatalf("the draft changed: %q, %v", st.Body, err)
		}
	})
}

// TestStatementPagesFollowTheCursor walks a list two at a time across
// delivery days: every statement once, in delivery order then id, and
// only what the reader may read.
func TestStatementPagesFollowTheCursor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		// Filed in this order; "d" marks a draft the public must not read.
		for _, x := range []struct{ body, day, vis string }{
			{"a", "2024-11-20", dialogue.Public}, {"b", "2024-11-19", dialogue.Public}, {"c", "2024-11-20", dialogue.Public},
			{"d", "2024-11-19", dialogue.Draft}, {"e", "2024-11-21", dialogue.Public}, {"f", "2024-11-19", dialogue.Public},
			{"g", "", dialogue.Public},
		} {
			if _, err := f.svc.SaveStatement(ctx, f.admin, dialogue.Statement{EditionID: f.edition.ID, DelegationID: f.dBRA.ID,
				Language: "pt", Body: x.body, DeliveredOn: x.day, Visibility: x.vis}); err != nil {
				t.Fatal(err)
			}
		}
		e := f.edition
		e.Published = true
		if _, err := f.svc.UpdateEdition(ctx, f.admin, e); err != nil {
			t.Fatal(err)
		}
		walk := func(v *account.User) string {
			var out []string
			filter := dialogue.StatementFilter{EditionID: f.edition.ID, Limit: 2}
			for pages := 0; pages < 10; pages++ {
				p, err := f.svc.Statements(ctx, v, filter)
				if err != nil {
					t.Fatal(err)
				}
				var page []string
				for _, st := range p.Items {
					page = append(page, st.Body)
				}
				out = append(out, strings.Join(page, ""))
				if p.Next == nil {
					break
				}
				filter.After = p.Next
			}
			return strings.Join(out, "|")
		}
		// Undated first (an empty date sorts first), then by day, then as filed.
		if got, want := walk(f.admin), "gb|df|ac|e"; got != want {
			t.Errorf("secretariat's pages %q, want %q", got, want)
		}
		if got, want := walk(nil), "gb|fa|ce"; got != want {
			t.Errorf("public's pages %q, want %q", got, want)
		}
	})
}

// TestLatestPublicCountsAnEmbargoEnd: the feed's newest are by when the
// public could first read them, so a statement filed long ago whose
// embargo ended an hour ago comes first, and one still under embargo or
// not public does not come at all.
func TestLatestPublicCountsAnEmbargoEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		e := f.edition
		e.Published = true
		if _, err := f.svc.UpdateEdition(ctx, f.admin, e); err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		for _, x := range []struct{ body, vis string }{{"a", dialogue.Public}, {"b", dialogue.Public}, {"c", dialogue.Public},
			{"d", dialogue.Public}, {"e", dialogue.Participants}} {
			st, err := f.svc.SaveStatement(ctx, f.admin, dialogue.Statement{EditionID: f.edition.ID, DelegationID: f.dBRA.ID,
				Language: "pt", Body: x.body, Visibility: x.vis})
			if err != nil {
				t.Fatal(err)
			}
			ids[x.body] = st.ID
		}
		// Last changed: c on 1 May 2020, a on the 2nd, b the 3rd, d the 4th,
		// e the 5th; c's embargo ended an hour ago, d's ends tomorrow. By
		// last change alone the newest two would be b and a.
		now := store.Now()
		err := db.Write(ctx, func(tx *store.Tx) error {
			for i, b := range []string{"c", "a", "b", "d", "e"} {
				var until any
				switch b {
				case "c":
					until = now.Add(-time.Hour)
				case "d":
					until = now.Add(24 * time.Hour)
				}
				if _, err := tx.Exec(ctx, "UPDATE statements SET updated_at = ?, embargo_until = ? WHERE id = ?",
					time.Date(2020, 5, i+1, 0, 0, 0, 0, time.UTC), until, ids[b]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		list, err := f.svc.LatestPublic(ctx, f.edition.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, st := range list {
			got = append(got, st.Body)
		}
		if strings.Join(got, "") != "cb" {
			t.Fatalf("newest two %q, want c (embargo ended) then b", got)
		}
	})
}
