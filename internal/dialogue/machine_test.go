package dialogue_test

import (
	"context"
	"errors"
	"testing"

	"roundtable/internal/dialogue"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/translate"
)

// job reports whether kind ref has a translation job waiting (queued and
// not done).
func job(t *testing.T, db *store.DB, kind string, ref int64) bool {
	t.Helper()
	return countRows(t, db, "SELECT count(*) FROM translation_jobs WHERE kind = ? AND ref_id = ? AND done_at IS NULL", kind, ref) == 1
}

// finishJobs marks every job done, as the translator does once it saved.
func finishJobs(t *testing.T, db *store.DB) {
	t.Helper()
	if err := db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(context.Background(), "UPDATE translation_jobs SET done_at = ?", store.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// refuseAudit makes the database refuse the audit entry of action, so the
// write that records it rolls back after everything else it did.
func refuseAudit(t *testing.T, db *store.DB, action string) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN (NEW.action = '` + action + `') BEGIN SELECT RAISE(ABORT, 'refused'); END`}
	if db.Dialect() == store.Postgres {
		stmts = []string{
			`CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql`,
			`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = '` + action + `') EXECUTE FUNCTION refuse_audit()`,
		}
	}
	if err := db.Write(context.Background(), func(tx *store.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(context.Background(), s); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestStatementWritesQueueMachineTranslation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		st, err := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Public))
		if err != nil {
			t.Fatal(err)
		}
		if !job(t, db, "statement", st.ID) {
			t.Fatal("a new statement queued no translation job")
		}
		finishJobs(t, db)
		// Changing what is not translated (the visibility) queues nothing.
		st.Visibility = dialogue.Participants
		if st, err = f.svc.SaveStatement(ctx, f.bra, st); err != nil {
			t.Fatal(err)
		}
		if job(t, db, "statement", st.ID) {
			t.Fatal("a save that left the text as it was queued a translation")
		}
		st.Body = "O direito ao desenvolvimento é um direito de todos os povos."
		if st, err = f.svc.SaveStatement(ctx, f.bra, st); err != nil {
			t.Fatal(err)
		}
		if !job(t, db, "statement", st.ID) {
			t.Fatal("a changed text was not queued again")
		}
		finishJobs(t, db)
		// A write that rolls back queues nothing.
		refuseAudit(t, db, "statement.save")
		st.Body = "Um texto que nunca será gravado."
		if _, err := f.svc.SaveStatement(ctx, f.bra, st); err == nil {
			t.Fatal("the refused save went through")
		}
		if job(t, db, "statement", st.ID) {
			t.Fatal("a write that rolled back left a translation job")
		}
		if _, err := f.svc.SaveStatement(ctx, f.bra, f.statement(f.bra, f.dBRA, dialogue.Public)); err == nil {
			t.Fatal("the refused save went through")
		}
		if n := countRows(t, db, "SELECT count(*) FROM translation_jobs"); n != 1 {
			t.Fatalf("%d jobs after a refused new statement, want the 1 of the first", n)
		}
	})
}

func TestStatementTranslationSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		src := f.svc.TranslationSource()
		in := f.statement(f.bra, f.dBRA, dialogue.Public)
		in.Language, in.Body = "es", "El derecho al desarrollo es un derecho humano inalienable."
		st, err := f.svc.SaveStatement(ctx, f.bra, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetTranslation(ctx, f.bra, st.ID, dialogue.Translation{Language: "zh", Body: "发展权是一项不可剥夺的人权。"}); err != nil {
			t.Fatal(err)
		}
		it, err := src.Load(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if it.Lang != "es" || len(it.Texts) != 1 || it.Texts[0] != "El derecho al desarrollo es un derecho humano inalienable." || len(it.Human) != 1 || it.Human[0] != "zh" {
			t.Fatalf("loaded %+v", it)
		}
		// Between Load and Save a person translates into French: the
		// machine's French never replaces it, nor the Chinese.
		if _, err := f.svc.SetTranslation(ctx, f.bra, st.ID, dialogue.Translation{Language: "fr", Body: "Le droit au développement est un droit inaliénable."}); err != nil {
			t.Fatal(err)
		}
		err = src.Save(ctx, st.ID, "es", map[string][]string{
			"en": {"The right to development is an inalienable human right."},
			"pt": {"O direito ao desenvolvimento é um direito humano inalienável."},
			"fr": {"Le droit au développement est un droit humain inaliénable (machine)."},
			"zh": {"机器翻译"},
			"es": {"no debe escribirse"},
		}, "apertium")
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Statement(ctx, f.bra, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]dialogue.Translation{
			"en": {Language: "en", Body: "The right to development is an inalienable human right.", Origin: "machine", Review: "pending", Engine: "apertium"},
			"fr": {Language: "fr", Body: "Le droit au développement est un droit inaliénable.", Origin: "human", Review: "pending"},
			"pt": {Language: "pt", Body: "O direito ao desenvolvimento é um direito humano inalienável.", Origin: "machine", Review: "pending", Engine: "apertium"},
			"zh": {Language: "zh", Body: "发展权是一项不可剥夺的人权。", Origin: "human", Review: "pending"},
		}
		if len(got.Translations) != len(want) {
			t.Fatalf("translations %+v", got.Translations)
		}
		for _, tr := range got.Translations {
			if tr != want[tr.Language] {
				t.Errorf("%s: %+v, want %+v", tr.Language, tr, want[tr.Language])
			}
		}
		if n := countRows(t, db, "SELECT count(*) FROM audit_log WHERE action = 'statement.machine_translate' AND entity_id = ?", itoa(st.ID)); n != 1 {
			t.Fatalf("%d audit entries for the save, want 1", n)
		}
		if n := countRows(t, db, "SELECT count(*) FROM search_outbox WHERE doc_id = ?", "statement:"+itoa(st.ID)+":pt"); n < 1 {
			t.Fatal("the Portuguese machine version was not announced to search")
		}
		// Machine versions are not authoritative: the statement still awaits
		// a person's English and Portuguese.
		if counts, err := f.svc.Untranslated(ctx, f.admin); err != nil || len(counts) != 1 || counts[0].Count != 1 {
			t.Fatalf("awaiting translation: %+v %v, want the one statement", counts, err)
		}
		// A person's translation over the machine's replaces it.
		got, err = f.svc.SetTranslation(ctx, f.bra, st.ID, dialogue.Translation{Language: "en", Body: "The right to development is an inalienable human right of all.", Review: "reviewed"})
		if err != nil {
			t.Fatal(err)
		}
		if tr, _ := dialogue.TranslationInto(got.Translations, "en"); tr.Origin != "human" || tr.Engine != "" {
			t.Fatalf("after a person's translation: %+v", tr)
		}
		// and a later machine save leaves it alone.
		if err := src.Save(ctx, st.ID, "es", map[string][]string{"en": {"Machine again."}}, "apertium"); err != nil {
			t.Fatal(err)
		}
		got, _ = f.svc.Statement(ctx, f.bra, st.ID)
		if tr, _ := dialogue.TranslationInto(got.Translations, "en"); tr.Body != "The right to development is an inalienable human right of all." {
			t.Fatalf("the machine overwrote a person's translation: %+v", tr)
		}
		// Moved to Portuguese, the statement's machine Portuguese goes at the
		// next save; the machine English is written again.
		got.Language = "pt"
		if _, err := f.svc.SaveStatement(ctx, f.bra, got); err != nil {
			t.Fatal(err)
		}
		if err := src.Save(ctx, st.ID, "pt", map[string][]string{"en": {"The right to development is an inalienable human right."}}, "apertium"); err != nil {
			t.Fatal(err)
		}
		got, _ = f.svc.Statement(ctx, f.bra, st.ID)
		if _, ok := dialogue.TranslationInto(got.Translations, "pt"); ok {
			t.Fatal("a machine version in the original's own language was kept")
		}
		// Translations of a text changed between Load and Save are not
		// written: the change queued the statement again.
		if _, err := src.Load(ctx, st.ID); err != nil {
			t.Fatal(err)
		}
		got.Body = "O direito ao desenvolvimento pertence a todos os povos."
		if _, err := f.svc.SaveStatement(ctx, f.bra, got); err != nil {
			t.Fatal(err)
		}
		if err := src.Save(ctx, st.ID, "pt", map[string][]string{"es": {"El derecho al desarrollo es un derecho humano inalienable."}}, "apertium"); err != nil {
			t.Fatal(err)
		}
		got, _ = f.svc.Statement(ctx, f.bra, st.ID)
		if tr, ok := dialogue.TranslationInto(got.Translations, "es"); ok {
			t.Fatalf("a translation of the old text was written: %+v", tr)
		}
		// A deleted statement is gone.
		if _, err := src.Load(ctx, st.ID+100); !errors.Is(err, translate.ErrGone) {
			t.Fatalf("load of a missing statement: %v", err)
		}
	})
}
