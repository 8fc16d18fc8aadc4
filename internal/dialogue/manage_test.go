package dialogue_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// knowing is a tagger over a thesaurus of three concepts, which also tells
// which concepts exist (as the server's does).
type knowing struct{ tagAll }

func (knowing) Known(id string) bool {
	return slices.Contains([]string{"right-to-development", "poverty-alleviation", "health"}, id)
}

func wantCode(t *testing.T, what string, err error, kind errs.Kind, code string) {
	t.Helper()
	e := errs.As(err)
	if err == nil || e.Kind != kind || e.Code != code {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}

// audited counts the audit events of an action on an entity.
func audited(t *testing.T, db *store.DB, action string, id int64) int {
	t.Helper()
	return countRows(t, db, "SELECT count(*) FROM audit_log WHERE action = ? AND entity_id = ?", action, itoa(id))
}

func TestEditionTimeZone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		// The fixture's edition in Brazil named no zone: it takes Brasília's.
		got, err := f.svc.Edition(ctx, f.admin, f.edition.ID)
		if err != nil || got.TimeZone != "America/Sao_Paulo" {
			t.Fatalf("default zone %q, %v", got.TimeZone, err)
		}
		e := got
		for _, bad := range []string{"Mars/Olympus_Mons", "Local", "utc+3"} {
			e.TimeZone = bad
			_, err := f.svc.UpdateEdition(ctx, f.admin, e)
			wantCode(t, bad, err, errs.Invalid, "bad_time_zone")
		}
		e.TimeZone = "America/Manaus"
		if _, err := f.svc.UpdateEdition(ctx, f.admin, e); err != nil {
			t.Fatal(err)
		}
		// A client that leaves the zone out keeps it.
		e.TimeZone = ""
		if _, err := f.svc.UpdateEdition(ctx, f.admin, e); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.svc.Edition(ctx, f.admin, e.ID); got.TimeZone != "America/Manaus" {
			t.Fatalf("zone after update %q", got.TimeZone)
		}
		// China's venue defaults to Beijing time, Mexico's to its capital's.
		for country, want := range map[string]string{"CHN": "Asia/Shanghai", "MEX": "America/Mexico_City"} {
			n := e
			n.ID, n.Number, n.VenueCountry, n.TimeZone = 0, 10+len(country)+int(country[0]), country, ""
			made, err := f.svc.CreateEdition(ctx, f.admin, n)
			if err != nil {
				t.Fatalf("%s: %v", country, err)
			}
			if made.TimeZone != want {
				t.Errorf("%s: default zone %q, want %q", country, made.TimeZone, want)
			}
		}
	})
}

func TestStatementsAreInAWorkingLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		st := f.statement(f.bra, f.dBRA, dialogue.Public)
		st.Language = "fr" // the edition works in zh, es, pt, en
		_, err := f.svc.SaveStatement(ctx, f.bra, st)
		wantCode(t, "a French statement", err, errs.Invalid, "language_not_working")
		if e := errs.As(err); e.Field != "language" || len(e.Args) != 2 || e.Args[1] != "中文, Español, Português, English" {
			t.Fatalf("refusal names %q with %v", e.Field, e.Args)
		}
		// Correcting a statement into another language meets the rule too.
		st.Language = "pt"
		saved, err := f.svc.SaveStatement(ctx, f.bra, st)
		if err != nil {
			t.Fatal(err)
		}
		saved.Language = "fr"
		_, err = f.svc.SaveStatement(ctx, f.bra, saved)
		wantCode(t, "a correction into French", err, errs.Invalid, "language_not_working")
		// The import names the line.
		_, err = f.svc.ImportStatements(ctx, f.admin, f.edition.ID, []dialogue.ImportRow{
			{Line: 2, Delegation: "BRA", Language: "es", Text: "El derecho al desarrollo."},
			{Line: 3, Delegation: "CHN", Language: "fr", Text: "Le droit au développement."}})
		var rows dialogue.ImportErrors
		if !errsAs(err, &rows) || len(rows) != 1 || rows[0].Line != 3 || rows[0].Code != "language_not_working" || rows[0].Field != "language" {
			t.Fatalf("import: %v", err)
		}
		if n := countRows(t, db, "SELECT count(*) FROM statements WHERE language IN ('es', 'fr')"); n != 0 {
			t.Fatalf("%d statements of the refused import written", n)
		}
	})
}

func TestTagsNameConceptsOfTheThesaurus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		f.svc.Tagger = knowing{}
		ctx := context.Background()
		st, err := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Public))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.CorrectTags(ctx, f.bra, st.ID, []string{"health", "right-to-conquest"}, nil)
		wantCode(t, "an unknown concept", err, errs.Invalid, "unknown_concept")
		if e := errs.As(err); e.Field != "concepts" || len(e.Args) != 2 || e.Args[1] != "right-to-conquest" {
			t.Fatalf("refusal %q %v", e.Field, e.Args)
		}
		if got, _ := f.svc.Statement(ctx, f.bra, st.ID); slices.Contains(got.Concepts, "health") {
			t.Fatal("a refused correction added its known tags")
		}
		got, err := f.svc.CorrectTags(ctx, f.bra, st.ID, []string{"health"}, nil)
		if err != nil || !slices.Equal(got.Concepts, []string{"health", "right-to-development"}) {
			t.Fatalf("tags %v, %v", got.Concepts, err)
		}
		// A tag added by hand before its concept left the thesaurus is
		// neither read nor counted, and the next retagging drops it.
		if _, err := db.Reader().Exec(ctx, "INSERT INTO statement_concepts (statement_id, concept_id, origin) VALUES (?, 'gone-concept', 'added')", st.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.svc.Statement(ctx, nil, st.ID); slices.Contains(got.Concepts, "gone-concept") {
			t.Fatalf("a deleted concept read: %v", got.Concepts)
		}
		counts, err := f.svc.ConceptCounts(ctx, f.admin, f.edition.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range counts {
			if c.Concept == "gone-concept" {
				t.Fatal("a deleted concept counted")
			}
		}
		n, err := f.svc.RetagAll(ctx, f.admin)
		if err != nil || n != 1 {
			t.Fatalf("retagged %d, %v", n, err)
		}
		if left := countRows(t, db, "SELECT count(*) FROM statement_concepts WHERE concept_id = 'gone-concept'"); left != 0 {
			t.Fatal("the dangling tag stayed")
		}
		if countRows(t, db, "SELECT count(*) FROM statement_concepts WHERE concept_id = 'health' AND origin = 'added'") != 1 {
			t.Fatal("retagging dropped a tag of a live concept")
		}
	})
}

func TestDeleteSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		st, err := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Public))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.DeleteSession(ctx, f.bra, f.session.ID)
		wantCode(t, "a delegate deleting", err, errs.Forbidden, "forbidden")
		_, err = f.svc.DeleteSession(ctx, f.admin, f.session.ID)
		wantCode(t, "a session with a statement", err, errs.Conflict, "session_has_statements")
		st.SessionID = 0
		if _, err := f.svc.SaveStatement(ctx, f.bra, st); err != nil {
			t.Fatal(err)
		}
		// A request for the floor is part of the record too.
		spk := &speakers.Service{DB: db, Dialogue: f.svc}
		if err := spk.Open(ctx, f.admin, f.session.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := spk.Request(ctx, f.admin, f.session.ID, speakers.Request{DelegationID: f.dCHN.ID}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.DeleteSession(ctx, f.admin, f.session.ID)
		wantCode(t, "a session with a speakers list", err, errs.Conflict, "session_has_speakers")

		// A session with an open, empty list goes with its list.
		start := time.Date(2024, 11, 20, 9, 0, 0, 0, time.UTC)
		other, err := f.svc.SaveSession(ctx, f.admin, dialogue.Session{EditionID: f.edition.ID, Titles: dialogue.Texts{"en": "Closing"}, StartsAt: start, EndsAt: start.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if err := spk.Open(ctx, f.admin, other.ID); err != nil {
			t.Fatal(err)
		}
		outbox := countRows(t, db, "SELECT count(*) FROM search_outbox WHERE doc_id = ?", "session:"+itoa(other.ID))
		if _, err := f.svc.DeleteSession(ctx, f.admin, other.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Session(ctx, f.admin, other.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("deleted session read: %v", err)
		}
		if got := countRows(t, db, "SELECT count(*) FROM search_outbox WHERE doc_id = ?", "session:"+itoa(other.ID)); got != outbox+1 {
			t.Fatal("the deleted session was not queued for the index")
		}
		if audited(t, db, "session.delete", other.ID) != 1 {
			t.Fatal("the deletion is not audited")
		}
	})
}

func TestEditAndRemoveDelegations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		d := f.dCHN
		d.Names = dialogue.Texts{"en": "People's Republic of China", "zh": "中华人民共和国"}
		got, err := f.svc.UpdateDelegation(ctx, f.admin, d)
		if err != nil || got.Names["zh"] != "中华人民共和国" || got.Code != "CHN" || !got.Accredited {
			t.Fatalf("renamed: %+v, %v", got, err)
		}
		d.Kind = dialogue.KindGroup // CHN is no group
		_, err = f.svc.UpdateDelegation(ctx, f.admin, d)
		wantCode(t, "a country made a group", err, errs.Invalid, "unknown_group")
		_, err = f.svc.UpdateDelegation(ctx, f.chn, got)
		wantCode(t, "a delegate renaming", err, errs.Forbidden, "forbidden")
		if audited(t, db, "delegation.update", d.ID) != 1 {
			t.Fatal("the change is not audited once")
		}

		// Brazil has a statement; China asked for the floor.
		if _, err := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Public)); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.DeleteDelegation(ctx, f.admin, f.dBRA.ID)
		wantCode(t, "a delegation with statements", err, errs.Conflict, "delegation_has_statements")
		spk := &speakers.Service{DB: db, Dialogue: f.svc}
		if err := spk.Open(ctx, f.admin, f.session.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := spk.Request(ctx, f.admin, f.session.ID, speakers.Request{DelegationID: f.dCHN.ID}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.DeleteDelegation(ctx, f.admin, f.dCHN.ID)
		wantCode(t, "a delegation on the speakers list", err, errs.Conflict, "delegation_has_speakers")

		// Argentina, with a member and nothing said, goes with its member.
		arg, err := f.svc.AddDelegation(ctx, f.admin, dialogue.Delegation{EditionID: f.edition.ID, Kind: dialogue.KindCountry, Code: "ARG"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddMember(ctx, f.admin, arg.ID, dialogue.Member{Name: "Ana Pérez", Role: "head"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.DeleteDelegation(ctx, f.bra, arg.ID)
		wantCode(t, "a delegate removing", err, errs.Forbidden, "forbidden")
		if _, err := f.svc.DeleteDelegation(ctx, f.admin, arg.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Delegation(ctx, f.admin, arg.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("removed delegation read: %v", err)
		}
		if countRows(t, db, "SELECT count(*) FROM delegation_members WHERE delegation_id = ?", arg.ID) != 0 {
			t.Fatal("its members stayed")
		}
		if audited(t, db, "delegation.delete", arg.ID) != 1 {
			t.Fatal("the removal is not audited")
		}
	})
}

func TestEditAndRemoveMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		m, err := f.svc.AddMember(ctx, f.admin, f.dBRA.ID, dialogue.Member{Name: "João Silva", Title: "Ambassador", Role: "head"})
		if err != nil {
			t.Fatal(err)
		}
		m.Title, m.Role = "Minister", "alternate"
		if _, err := f.svc.UpdateMember(ctx, f.admin, f.dBRA.ID, m); err != nil {
			t.Fatal(err)
		}
		d, _ := f.svc.Delegation(ctx, f.admin, f.dBRA.ID)
		if len(d.Members) != 1 || d.Members[0].Title != "Minister" || d.Members[0].Role != "alternate" {
			t.Fatalf("members %+v", d.Members)
		}
		m.Role = "emperor"
		_, err = f.svc.UpdateMember(ctx, f.admin, f.dBRA.ID, m)
		wantCode(t, "a bad role", err, errs.Invalid, "invalid_role")
		m.Role = "head"
		// A member is changed and removed only through its own delegation.
		_, err = f.svc.UpdateMember(ctx, f.admin, f.dCHN.ID, m)
		wantCode(t, "through another delegation", err, errs.NotFound, "not_found")
		_, err = f.svc.RemoveMember(ctx, f.admin, f.dCHN.ID, m.ID)
		wantCode(t, "removed through another delegation", err, errs.NotFound, "not_found")
		_, err = f.svc.RemoveMember(ctx, f.bra, f.dBRA.ID, m.ID)
		wantCode(t, "a delegate removing", err, errs.Forbidden, "forbidden")
		if _, err := f.svc.RemoveMember(ctx, f.admin, f.dBRA.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		if d, _ := f.svc.Delegation(ctx, f.admin, f.dBRA.ID); len(d.Members) != 0 {
			t.Fatalf("members after removal %+v", d.Members)
		}
		if audited(t, db, "delegation.member_update", f.dBRA.ID) != 1 || audited(t, db, "delegation.member_remove", f.dBRA.ID) != 1 {
			t.Fatal("member changes not audited")
		}
	})
}

func TestDeleteStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		st, err := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Public))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetTranslation(ctx, f.bra, st.ID, dialogue.Translation{Language: "en", Body: "The right to development is a human right."}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.DeleteStatement(ctx, f.chn, st.ID)
		wantCode(t, "another delegation deleting", err, errs.Forbidden, "not_your_delegation")
		// An observer does not even see it in the unpublished edition.
		_, err = f.svc.DeleteStatement(ctx, f.ob, st.ID)
		wantCode(t, "an observer deleting", err, errs.NotFound, "not_found")
		before := countRows(t, db, "SELECT count(*) FROM search_outbox WHERE doc_id IN (?, ?)", "statement:"+itoa(st.ID), "statement:"+itoa(st.ID)+":en")
		if _, err := f.svc.DeleteStatement(ctx, f.bra, st.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Statement(ctx, f.admin, st.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("deleted statement read: %v", err)
		}
		for _, table := range []string{"statement_translations", "statement_concepts"} {
			if countRows(t, db, "SELECT count(*) FROM "+table+" WHERE statement_id = ?", st.ID) != 0 {
				t.Fatalf("%s kept rows of the deleted statement", table)
			}
		}
		// The original and its translation leave the index through the outbox.
		if got := countRows(t, db, "SELECT count(*) FROM search_outbox WHERE doc_id IN (?, ?)", "statement:"+itoa(st.ID), "statement:"+itoa(st.ID)+":en"); got != before+2 {
			t.Fatalf("%d outbox rows for the deletion, want 2", got-before)
		}
		if audited(t, db, "statement.delete", st.ID) != 1 {
			t.Fatal("the deletion is not audited")
		}
		_, err = f.svc.DeleteStatement(ctx, f.admin, st.ID)
		wantCode(t, "deleting twice", err, errs.NotFound, "not_found")
	})
}

func TestSortDelegationsByNameInTheReadersLanguage(t *testing.T) {
	ds := []dialogue.Delegation{
		{Code: "CHN", Names: dialogue.Texts{"en": "China", "es": "China", "zh": "中国", "fr": "Chine"}},
		{Code: "DOM", Names: dialogue.Texts{"en": "Dominican Republic", "es": "República Dominicana", "zh": "多米尼加", "fr": "République dominicaine"}},
		{Code: "ECU", Names: dialogue.Texts{"en": "Ecuador", "es": "Ecuador", "zh": "厄瓜多尔", "fr": "Équateur"}},
		{Code: "BRA", Names: dialogue.Texts{"en": "Brazil", "es": "Brasil", "zh": "巴西", "fr": "Brésil"}},
		{Code: "CUB", Names: dialogue.Texts{"en": "Cuba", "es": "Cuba", "zh": "古巴", "fr": "Cuba"}},
	}
	for lang, want := range map[string]string{
		"en": "BRA CHN CUB DOM ECU",
		"es": "BRA CHN CUB ECU DOM", // República after Ecuador, not by code
		"fr": "BRA CHN CUB ECU DOM", // Équateur with the E's, not after R
		"zh": "BRA DOM ECU CUB CHN", // by pinyin: ba xi, duo mi ni jia, e gua duo er, gu ba, zhong guo
		"pt": "BRA CHN CUB DOM ECU", // no Portuguese names: English
	} {
		dialogue.SortDelegations(ds, lang)
		var got []string
		for _, d := range ds {
			got = append(got, d.Code)
		}
		if s := strings.Join(got, " "); s != want {
			t.Errorf("%s: %s, want %s", lang, s, want)
		}
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func errsAs(err error, target *dialogue.ImportErrors) bool { return errors.As(err, target) }
