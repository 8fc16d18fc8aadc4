package dialogue

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
)

// MaxImportRows bounds one import: a whole edition's record is a few
// hundred statements, so this leaves room without letting one request hold
// the writer for long.
const MaxImportRows = 10_000

// Errors of an import as a whole (an error of a row is an ImportError).
var (
	ErrImportEmpty       = errs.New(errs.Invalid, "import_empty", "exchange.empty")
	ErrImportTooManyRows = errs.New(errs.TooLarge, "import_too_many_rows", "exchange.too_many_rows")
)

// ImportRow is one statement of a bulk import as a file gives it: the
// delegation by code and the session by its position in the programme (or
// by id), so that the record of one edition imports into another.
type ImportRow struct {
	// Line is where the row is in its file (CSV: the line, the header being
	// line 1; JSON: the item's index + 1), for the errors.
	Line         int
	Session      int   // position in the edition's programme; 0 for none
	SessionID    int64 // or the session's id; if both are given they must agree
	Delegation   string
	Speaker      string
	OnBehalfOf   string
	Language     string
	Title        string
	Text         string
	DeliveredOn  string
	Source       string
	EmbargoUntil *time.Time
	Visibility   string
	Translations []Translation
}

// ImportError is what is wrong with one row: a stable code for programs, a
// translation key (with its Args) for people, and the column at fault.
type ImportError struct {
	Line  int
	Field string
	Code  string
	Key   string
	Args  []any
}

// ImportErrors are all the faults found in an import. It is an error of
// kind Invalid (code import_failed): errs.As sees it as one, and surfaces
// that know it list its rows.
type ImportErrors []ImportError

func (l ImportErrors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import failed with %d error(s)", len(l))
	for i, e := range l {
		if i == 10 {
			b.WriteString("; …")
			break
		}
		fmt.Fprintf(&b, "; line %d: %s", e.Line, e.Code)
		if e.Field != "" {
			b.WriteString(" (" + e.Field + ")")
		}
	}
	return b.String()
}

// As lets errors.As (and so errs.As) read the list as one user-facing error.
func (l ImportErrors) As(target any) bool {
	if p, ok := target.(**errs.Error); ok {
		*p = errs.New(errs.Invalid, "import_failed", "exchange.import_failed", "count", len(l))
		return true
	}
	return false
}

// ImportStatements adds rows as statements of an edition, all or nothing:
// every row is checked first, with the checks SaveStatement makes, and if any
// is wrong nothing is written and the errors of all rows come back as
// ImportErrors. Otherwise the statements, their translations, concept tags,
// audit records and search outbox rows are written in one transaction.
// Importing is the secretariat's.
func (s *Service) ImportStatements(ctx context.Context, v Viewer, editionID int64, rows []ImportRow) (n int, err error) {
	if !isSecretariat(v) {
		return 0, errs.ErrForbidden
	}
	if _, err := s.Edition(ctx, v, editionID); err != nil {
		return 0, err
	}
	switch {
	case len(rows) == 0:
		return 0, ErrImportEmpty
	case len(rows) > MaxImportRows:
		return 0, ErrImportTooManyRows
	}
	sts, err := s.checkImport(ctx, v, editionID, rows)
	if err != nil {
		return 0, err
	}
	now := store.Now()
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		ids := make([]int64, 0, len(sts))
		var docs []string
		events := make([]audit.Event, 0, len(sts)+1)
		for i := range sts {
			d, err := s.insertImported(ctx, tx, v, &sts[i], now)
			if err != nil {
				return err
			}
			ids, docs = append(ids, sts[i].ID), append(docs, d...)
			events = append(events, audit.Event{Actor: account.ActorOf(v), Action: "statement.import", EntityType: "statement", EntityID: itoa(sts[i].ID), Change: sts[i]})
		}
		// One call for all: each call takes the outbox head row again.
		if err := outbox.Search(ctx, tx, docs...); err != nil {
			return err
		}
		events = append(events, audit.Event{Actor: account.ActorOf(v), Action: "edition.import", EntityType: "edition", EntityID: itoa(editionID),
			Change: map[string]any{"statements": ids}})
		// One append for the batch: the audit head row moves once.
		return audit.RecordAll(ctx, tx, events)
	})
	if err != nil {
		return 0, err
	}
	return len(sts), nil
}

// importTarget is what rows refer to in the edition: delegations by code,
// sessions by position and by id.
type importTarget struct {
	delegations map[string]int64
	positions   map[int]int64
}

func (s *Service) loadImportTarget(ctx context.Context, editionID int64) (importTarget, error) {
	t := importTarget{delegations: map[string]int64{}, positions: map[int]int64{}}
	q := s.DB.Reader()
	rows, err := q.Query(ctx, "SELECT id, code FROM delegations WHERE edition_id = ?", editionID)
	if err != nil {
		return t, err
	}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return t, err
		}
		t.delegations[code] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return t, err
	}
	// The programme's order: where two sessions share a position, the
	// earlier one is meant, as on the edition's page.
	rows, err = q.Query(ctx, "SELECT id, position FROM sessions WHERE edition_id = ? ORDER BY position, starts_at, id", editionID)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var pos int
		if err := rows.Scan(&id, &pos); err != nil {
			return t, err
		}
		if _, dup := t.positions[pos]; !dup {
			t.positions[pos] = id
		}
	}
	return t, rows.Err()
}

// checkImport checks every row and returns the statements to write, or
// ImportErrors listing every faulty row. An error that is not about a row
// (the database failing) stops it.
// CheckImport adds to read, the errors of the lines of a file that could
// not be read, the errors the record's checks find in the rows that could,
// so one answer lists every faulty line. It writes nothing; its result is
// ImportErrors in line order.
func (s *Service) CheckImport(ctx context.Context, v Viewer, editionID int64, rows []ImportRow, read ImportErrors) error {
	if !isSecretariat(v) {
		return errs.ErrForbidden
	}
	all := append(ImportErrors{}, read...)
	if len(rows) > 0 && len(rows) <= MaxImportRows {
		_, err := s.checkImport(ctx, v, editionID, rows)
		var more ImportErrors
		switch {
		case errors.As(err, &more):
			all = append(all, more...)
		case err != nil:
			return err
		}
	}
	if len(all) == 0 {
		return nil
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	return all
}

func (s *Service) checkImport(ctx context.Context, v Viewer, editionID int64, rows []ImportRow) ([]Statement, error) {
	target, err := s.loadImportTarget(ctx, editionID)
	if err != nil {
		return nil, err
	}
	recorded, err := s.recordedStatements(ctx, editionID)
	if err != nil {
		return nil, err
	}
	var bad ImportErrors
	out := make([]Statement, 0, len(rows))
	inFile := map[statementKey]int{} // → the line that first had it
	for _, row := range rows {
		st, err := s.checkImportRow(ctx, v, editionID, row, target)
		if err == nil {
			err = duplicate(st, row.Line, recorded, inFile)
		}
		if err != nil {
			e := errs.As(err)
			if e.Kind != errs.Invalid {
				return nil, err
			}
			bad = append(bad, ImportError{Line: row.Line, Field: importField(e.Field, row), Code: e.Code, Key: e.Key, Args: e.Args})
			continue
		}
		out = append(out, st)
	}
	if len(bad) > 0 {
		return nil, bad
	}
	return out, nil
}

// statementKey is what makes two statements the same for an import: the
// delegation, the session, the language and the words, whatever the
// spacing. A file imported twice, or a row repeated in it, would
// otherwise put each statement in the record twice.
type statementKey struct {
	delegation, session int64
	language            string
	text                [sha256.Size]byte
}

func keyOf(delegation, session int64, language, body string) statementKey {
	return statementKey{delegation, session, language, sha256.Sum256([]byte(strings.Join(strings.Fields(body), " ")))}
}

// recordedStatements are the keys of the edition's statements.
func (s *Service) recordedStatements(ctx context.Context, editionID int64) (map[statementKey]bool, error) {
	rows, err := s.DB.Reader().Query(ctx, `SELECT delegation_id, COALESCE(session_id, 0), language, body
		FROM statements WHERE edition_id = ?`, editionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := map[statementKey]bool{}
	for rows.Next() {
		var d, session int64
		var lang, body string
		if err := rows.Scan(&d, &session, &lang, &body); err != nil {
			return nil, err
		}
		keys[keyOf(d, session, lang, body)] = true
	}
	return keys, rows.Err()
}

// duplicate refuses a row whose statement is already in the record or on
// an earlier line of the file, and notes it otherwise.
func duplicate(st Statement, line int, recorded map[statementKey]bool, inFile map[statementKey]int) error {
	k := keyOf(st.DelegationID, st.SessionID, st.Language, st.Body)
	if recorded[k] {
		return errs.Field("text", "duplicate_statement", "exchange.duplicate_recorded")
	}
	if first, ok := inFile[k]; ok {
		return errs.Field("text", "duplicate_statement", "exchange.duplicate_in_file", "line", first)
	}
	inFile[k] = line
	return nil
}

func (s *Service) checkImportRow(ctx context.Context, v Viewer, editionID int64, row ImportRow, t importTarget) (Statement, error) {
	st := Statement{EditionID: editionID, SessionID: row.SessionID, Speaker: row.Speaker, OnBehalfOf: row.OnBehalfOf,
		Language: strings.TrimSpace(row.Language), Title: row.Title, Body: row.Text, DeliveredOn: strings.TrimSpace(row.DeliveredOn),
		Source: row.Source, EmbargoUntil: row.EmbargoUntil, Visibility: strings.TrimSpace(row.Visibility)}
	code := strings.ToUpper(strings.TrimSpace(row.Delegation))
	if code == "" {
		return st, errs.Field("delegation", "required", "validation.required")
	}
	id, ok := t.delegations[code]
	if !ok {
		return st, errs.Field("delegation", "unknown_delegation", "exchange.unknown_delegation", "code", code)
	}
	st.DelegationID = id
	switch {
	case row.Session < 0 || row.SessionID < 0:
		return st, errs.Field("session", "unknown_session", "validation.session_edition")
	case row.Session > 0:
		id, ok := t.positions[row.Session]
		if !ok {
			return st, errs.Field("session", "unknown_session", "validation.session_edition")
		}
		if row.SessionID != 0 && row.SessionID != id {
			return st, errs.Field("session_id", "session_mismatch", "exchange.session_mismatch")
		}
		st.SessionID = id
	}
	// The checks of SaveStatement: texts, language, date, visibility, group,
	// accreditation, and (for an id) that the session is this edition's.
	if _, err := s.checkStatement(ctx, v, &st); err != nil {
		return st, err
	}
	trs, err := checkImportTranslations(st.Language, row.Translations)
	if err != nil {
		return st, err
	}
	st.Translations, st.Concepts = trs, []string{}
	return st, nil
}

// checkImportTranslations makes the checks SetTranslation makes, and refuses
// two translations into one language.
func checkImportTranslations(original string, in []Translation) ([]Translation, error) {
	out := make([]Translation, 0, len(in))
	seen := map[string]bool{}
	for _, t := range in {
		t.Language = strings.TrimSpace(t.Language)
		if err := checkLang("translations", t.Language); err != nil {
			return nil, err
		}
		if t.Language == original {
			return nil, errs.Field("text_"+t.Language, "same_as_original", "validation.translation_language")
		}
		if seen[t.Language] {
			return nil, errs.Field("text_"+t.Language, "duplicate_translation", "exchange.duplicate_translation")
		}
		seen[t.Language] = true
		var err error
		if t.Body, err = checkText("text_"+t.Language, t.Body, maxBody, true); err != nil {
			return nil, err
		}
		if t.Origin == "" {
			t.Origin = "human"
		}
		if t.Review == "" {
			t.Review = "pending"
		}
		if !contains([]string{"human", "machine"}, t.Origin) {
			return nil, errs.Field("translations", "invalid_origin", "validation.origin")
		}
		if !contains([]string{"pending", "reviewed"}, t.Review) {
			return nil, errs.Field("translations", "invalid_review", "validation.review")
		}
		out = append(out, t)
	}
	return out, nil
}

// importField names a field as the file does: checkStatement speaks of
// the ids it resolved, the file of the codes and positions it gave.
func importField(field string, row ImportRow) string {
	switch {
	case field == "delegation_id":
		return "delegation"
	case field == "session_id" && row.SessionID == 0:
		return "session"
	}
	return field
}

// insertImported writes one checked statement inside tx, as SaveStatement
// and SetTranslation would, and returns the search documents it changed; the
// caller audits the whole batch at once.
func (s *Service) insertImported(ctx context.Context, tx *store.Tx, v Viewer, st *Statement, now time.Time) ([]string, error) {
	var session, author any
	if st.SessionID != 0 {
		session = st.SessionID
	}
	if v != nil {
		author = v.ID
	}
	st.CreatedAt, st.UpdatedAt = now, now
	if err := tx.QueryRow(ctx, `INSERT INTO statements (edition_id, session_id, delegation_id, speaker, on_behalf_of, language, title, body, delivered_on, source, embargo_until, visibility, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		st.EditionID, session, st.DelegationID, st.Speaker, st.OnBehalfOf, st.Language, st.Title, st.Body, st.DeliveredOn, st.Source,
		st.EmbargoUntil, st.Visibility, author, now, now).Scan(&st.ID); err != nil {
		return nil, err
	}
	docs := []string{"statement:" + itoa(st.ID)}
	for _, t := range st.Translations {
		if _, err := tx.Exec(ctx, `INSERT INTO statement_translations (statement_id, language, body, origin, review, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			st.ID, t.Language, t.Body, t.Origin, t.Review, now); err != nil {
			return nil, err
		}
		docs = append(docs, "statement:"+itoa(st.ID)+":"+t.Language)
	}
	if err := s.retag(ctx, tx, *st); err != nil {
		return nil, err
	}
	if err := outbox.Translate(ctx, tx, outbox.TranslateStatement, st.ID); err != nil {
		return nil, err
	}
	return docs, nil
}
