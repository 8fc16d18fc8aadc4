package dialogue_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

func countRows(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		embargo := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
		good := []dialogue.ImportRow{
			{Line: 2, Session: 1, Delegation: "bra", Language: "pt", Title: "Desenvolvimento", Text: "O direito ao desenvolvimento.", Visibility: dialogue.Public,
				Translations: []dialogue.Translation{{Language: "en", Body: "The right to development."}}},
			{Line: 3, Delegation: "CHN", Language: "zh", Text: "发展权是一项人权。", EmbargoUntil: &embargo, OnBehalfOf: "celac"},
		}
		n, err := f.svc.ImportStatements(ctx, f.admin, f.edition.ID, good)
		if err != nil || n != 2 {
			t.Fatalf("import: %d, %v", n, err)
		}
		page, err := f.svc.Statements(ctx, f.admin, dialogue.StatementFilter{EditionID: f.edition.ID})
		sts := page.Items
		if err != nil || len(sts) != 2 {
			t.Fatalf("statements after import: %d, %v", len(sts), err)
		}
		byLang := map[string]dialogue.Statement{}
		for _, st := range sts {
			byLang[st.Language] = st
		}
		pt, zh := byLang["pt"], byLang["zh"]
		if pt.SessionID != f.session.ID || pt.DelegationID != f.dBRA.ID || len(pt.Translations) != 1 || pt.Translations[0].Origin != "human" || pt.Translations[0].Review != "pending" {
			t.Errorf("imported pt statement: %+v", pt)
		}
		if len(pt.Concepts) != 1 || pt.Concepts[0] != "right-to-development" {
			t.Errorf("imported statement not tagged: %v", pt.Concepts)
		}
		if zh.SessionID != 0 || zh.Visibility != dialogue.Draft || zh.EmbargoUntil == nil || !zh.EmbargoUntil.Equal(embargo) || zh.OnBehalfOf != "CELAC" {
			t.Errorf("imported zh statement: %+v", zh)
		}
		if got := countRows(t, db, "SELECT count(*) FROM audit_log WHERE action = 'statement.import'"); got != 2 {
			t.Errorf("audit records of imported statements: %d", got)
		}
		if got := countRows(t, db, "SELECT count(*) FROM audit_log WHERE action = 'edition.import'"); got != 1 {
			t.Errorf("audit records of the import: %d", got)
		}
		// statement:a, statement:a:en, statement:b
		if got := countRows(t, db, "SELECT count(*) FROM search_outbox WHERE doc_id LIKE 'statement:%'"); got != 3 {
			t.Errorf("outbox rows: %d", got)
		}
	})
}

func TestImportIsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		if err := f.svc.Accredit(ctx, f.admin, f.dCHN.ID, false); err != nil {
			t.Fatal(err)
		}
		audits := countRows(t, db, "SELECT count(*) FROM audit_log")
		rows := []dialogue.ImportRow{
			{Line: 2, Delegation: "BRA", Language: "pt", Text: "Bom."},
			{Line: 3, Delegation: "BRA", Language: "xx", Text: "Mau."},
			{Line: 4, Delegation: "CHN", Language: "zh", Text: "未认证。"},
			{Line: 5, Delegation: "ARG", Language: "es", Text: "No participa."},
			{Line: 6, Session: 9, Delegation: "BRA", Language: "pt", Text: "Sessão inexistente."},
			{Line: 7, Delegation: "BRA", Language: "pt", Text: "Tradução na mesma língua.", Translations: []dialogue.Translation{{Language: "pt", Body: "x"}}},
			{Line: 8, Delegation: "BRA", Language: "pt", Text: "   "},
		}
		_, err := f.svc.ImportStatements(ctx, f.admin, f.edition.ID, rows)
		var list dialogue.ImportErrors
		if !errors.As(err, &list) {
			t.Fatalf("error %v, want ImportErrors", err)
		}
		if e := errs.As(err); e.Kind != errs.Invalid || e.Code != "import_failed" {
			t.Errorf("errs.As: %+v", e)
		}
		want := []dialogue.ImportError{
			{Line: 3, Field: "language", Code: "invalid_language"},
			{Line: 4, Field: "delegation", Code: "delegation_not_accredited"},
			{Line: 5, Field: "delegation", Code: "unknown_delegation"},
			{Line: 6, Field: "session", Code: "unknown_session"},
			{Line: 7, Field: "text_pt", Code: "same_as_original"},
			{Line: 8, Field: "text", Code: "required"},
		}
		if len(list) != len(want) {
			t.Fatalf("errors %+v, want %d", list, len(want))
		}
		for i, w := range want {
			if g := list[i]; g.Line != w.Line || g.Field != w.Field || g.Code != w.Code || g.Key == "" {
				t.Errorf("error %d: %+v, want %+v", i, g, w)
			}
		}
		if got := countRows(t, db, "SELECT count(*) FROM statements"); got != 0 {
			t.Errorf("%d statements written by a failed import", got)
		}
		if got := countRows(t, db, "SELECT count(*) FROM audit_log"); got != audits {
			t.Errorf("a failed import was audited")
		}
	})
}

func TestImportIsTheSecretariats(t *testing.T) {
	db := storetest.SQLite(t)
	f := setup(t, db)
	ctx := context.Background()
	row := []dialogue.ImportRow{{Line: 2, Delegation: "BRA", Language: "pt", Text: "Bom."}}
	if _, err := f.svc.ImportStatements(ctx, f.bra, f.edition.ID, row); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a delegate imports: %v", err)
	}
	if _, err := f.svc.ImportStatements(ctx, f.admin, f.edition.ID, nil); !errors.Is(err, dialogue.ErrImportEmpty) {
		t.Errorf("empty import: %v", err)
	}
	many := make([]dialogue.ImportRow, dialogue.MaxImportRows+1)
	if _, err := f.svc.ImportStatements(ctx, f.admin, f.edition.ID, many); !errs.Is(err, errs.TooLarge) {
		t.Errorf("oversize import: %v", err)
	}
	if _, err := f.svc.ImportStatements(ctx, f.admin, 999999, row); !errs.Is(err, errs.NotFound) {
		t.Errorf("import into no edition: %v", err)
	}
}

// A file imported twice, or a row repeated within one, would put each
// statement in the record twice: those rows are refused by line, and the
// same words from another delegation or in another session are not.
func TestImportRefusesDuplicateStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db)
		first := []dialogue.ImportRow{
			{Line: 2, Session: 1, Delegation: "BRA", Language: "pt", Text: "O direito ao desenvolvimento."},
			{Line: 3, Delegation: "CHN", Language: "zh", Text: "发展权是一项人权。"},
		}
		if _, err := f.svc.ImportStatements(ctx, f.admin, f.edition.ID, first); err != nil {
			t.Fatal(err)
		}
		again := []dialogue.ImportRow{
			{Line: 2, Session: 1, Delegation: "BRA", Language: "pt", Text: "  O direito ao\ndesenvolvimento. "},
			{Line: 3, Delegation: "BRA", Language: "pt", Text: "O direito ao desenvolvimento."}, // no session: another statement
			{Line: 4, Delegation: "CHN", Language: "zh", Text: "发展权是一项人权。"},
			{Line: 5, Session: 1, Delegation: "CHN", Language: "pt", Text: "O direito ao desenvolvimento."}, // another delegation
			{Line: 6, Delegation: "BRA", Language: "pt", Text: "O direito ao   desenvolvimento."},           // repeats line 3
		}
		_, err := f.svc.ImportStatements(ctx, f.admin, f.edition.ID, again)
		var list dialogue.ImportErrors
		if !errors.As(err, &list) {
			t.Fatalf("error %v, want ImportErrors", err)
		}
		want := []dialogue.ImportError{
			{Line: 2, Field: "text", Code: "duplicate_statement", Key: "exchange.duplicate_recorded"},
			{Line: 4, Field: "text", Code: "duplicate_statement", Key: "exchange.duplicate_recorded"},
			{Line: 6, Field: "text", Code: "duplicate_statement", Key: "exchange.duplicate_in_file"},
		}
		if len(list) != len(want) {
			t.Fatalf("errors %+v, want %+v", list, want)
		}
		for i, w := range want {
			if g := list[i]; g.Line != w.Line || g.Field != w.Field || g.Code != w.Code || g.Key != w.Key {
				t.Errorf("error %d: %+v, want %+v", i, g, w)
			}
		}
		if args := list[2].Args; len(args) != 2 || args[1] != 3 {
			t.Errorf("in-file duplicate names line %v, want 3", args)
		}
		if got := countRows(t, db, "SELECT count(*) FROM statements"); got != 2 {
			t.Errorf("%d statements after the refused import, want 2", got)
		}
		// Without the duplicates, the rest goes in.
		if n, err := f.svc.ImportStatements(ctx, f.admin, f.edition.ID, []dialogue.ImportRow{again[1], again[3]}); err != nil || n != 2 {
			t.Fatalf("import of the new rows: %d, %v", n, err)
		}
	})
}
