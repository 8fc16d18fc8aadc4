package dialogue

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

var (
	errsSameLanguage  = errs.Field("language", "same_as_original", "validation.translation_language")
	errsOrigin        = errs.Field("origin", "invalid_origin", "validation.origin")
	errsReview        = errs.Field("review", "invalid_review", "validation.review")
	errNotAccredited  = errs.Field("delegation_id", "delegation_not_accredited", "validation.not_accredited")
	errOtherDelegaton = errs.New(errs.Forbidden, "not_your_delegation", "error.not_your_delegation")
)

// mayWriteFor reports whether v may write statements of delegation d: the
// secretariat for anyone, a delegate for their own country's delegation.
func mayWriteFor(v Viewer, d Delegation) bool {
	return isSecretariat(v) || IsOwn(v, d)
}

// IsOwn reports whether v is a delegate of d: who acts in a delegation's
// name (files its statements, asks for the floor, proposes, records its
// positions). The one statement of the rule; areas ask it.
func IsOwn(v Viewer, d Delegation) bool {
	return v != nil && v.Role == account.Delegate && d.Kind == KindCountry && d.Code == v.Delegation
}

// OwnIn is v's own delegation among an edition's delegations (IsOwn), or
// nil.
func OwnIn(v Viewer, dels []Delegation) *Delegation {
	for i := range dels {
		if IsOwn(v, dels[i]) {
			return &dels[i]
		}
	}
	return nil
}

func (s *Service) checkStatement(ctx context.Context, v Viewer, st *Statement) (Delegation, error) {
	var err error
	if err := checkLang("language", st.Language); err != nil {
		return Delegation{}, err
	}
	if err := s.checkWorkingLanguage(ctx, st.EditionID, st.Language); err != nil {
		return Delegation{}, err
	}
	if st.Title, err = checkText("title", st.Title, maxTitle, false); err != nil {
		return Delegation{}, err
	}
	if st.Body, err = checkText("text", st.Body, maxBody, true); err != nil {
		return Delegation{}, err
	}
	if st.Speaker, err = checkText("speaker", st.Speaker, maxShort, false); err != nil {
		return Delegation{}, err
	}
	if st.Source, err = checkText("source", st.Source, 500, false); err != nil {
		return Delegation{}, err
	}
	if err := checkDate("delivered_on", st.DeliveredOn, false); err != nil {
		return Delegation{}, err
	}
	if st.Visibility == "" {
		st.Visibility = Draft
	}
	if !visibility.Valid(visibility.Level(st.Visibility)) {
		return Delegation{}, errs.Field("visibility", "invalid_visibility", "validation.visibility")
	}
	st.OnBehalfOf = strings.ToUpper(strings.TrimSpace(st.OnBehalfOf))
	q := s.DB.Reader()
	if st.OnBehalfOf != "" && !exists(ctx, q, "SELECT count(*) FROM country_groups WHERE code = ?", st.OnBehalfOf) {
		return Delegation{}, errs.Field("on_behalf_of", "unknown_group", "validation.group")
	}
	d, err := scanDelegation(q.QueryRow(ctx, "SELECT "+delegationColumns+" FROM delegations WHERE id = ?", st.DelegationID))
	if errs.Is(err, errs.NotFound) || (err == nil && d.EditionID != st.EditionID) {
		return d, errs.Field("delegation_id", "unknown_delegation", "validation.delegation_edition")
	}
	if err != nil {
		return d, err
	}
	if !mayWriteFor(v, d) {
		return d, errOtherDelegaton
	}
	if !d.Accredited {
		return d, errNotAccredited
	}
	if st.SessionID != 0 && !exists(ctx, q, "SELECT count(*) FROM sessions WHERE id = ? AND edition_id = ?", st.SessionID, st.EditionID) {
		return d, errs.Field("session_id", "unknown_session", "validation.session_edition")
	}
	if st.EmbargoUntil != nil {
		t := st.EmbargoUntil.UTC().Truncate(time.Microsecond)
		st.EmbargoUntil = &t
	}
	return d, nil
}

// SaveStatement creates (ID 0) or updates a statement. A delegate may only
// write their own delegation's statements; the secretariat any.
func (s *Service) SaveStatement(ctx context.Context, v Viewer, st Statement) (Statement, error) {
	// a new statement, or one whose text changed, needs machine versions
	retranslate := st.ID == 0
	if st.ID != 0 {
		// A statement the writer may not read is not found, as it is when
		// read: refusing it as another delegation's would tell that it exists.
		old, err := s.Statement(ctx, v, st.ID)
		if err != nil {
			return st, err
		}
		d, err := scanDelegation(s.DB.Reader().QueryRow(ctx, "SELECT "+delegationColumns+" FROM delegations WHERE id = ?", old.DelegationID))
		if err != nil {
			return st, err
		}
		if !mayWriteFor(v, d) {
			return st, errOtherDelegaton
		}
		st.EditionID, st.CreatedAt = old.EditionID, old.CreatedAt
		retranslate = old.Body != strings.TrimSpace(st.Body) || old.Language != st.Language
	}
	if _, err := s.checkStatement(ctx, v, &st); err != nil {
		return st, err
	}
	now := store.Now()
	st.UpdatedAt = now
	var session any
	if st.SessionID != 0 {
		session = st.SessionID
	}
	var author any
	if v != nil {
		author = v.ID
	}
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		if st.ID == 0 {
			st.CreatedAt = now
			if err := tx.QueryRow(ctx, `INSERT INTO statements (edition_id, session_id, delegation_id, speaker, on_behalf_of, language, title, body, delivered_on, source, embargo_until, visibility, created_by, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				st.EditionID, session, st.DelegationID, st.Speaker, st.OnBehalfOf, st.Language, st.Title, st.Body, st.DeliveredOn, st.Source,
				st.EmbargoUntil, st.Visibility, author, now, now).Scan(&st.ID); err != nil {
				return foreignKey(err, "edition_id")
			}
		} else if _, err := tx.Exec(ctx, `UPDATE statements SET session_id = ?, delegation_id = ?, speaker = ?, on_behalf_of = ?, language = ?, title = ?, body = ?, delivered_on = ?, source = ?, embargo_until = ?, visibility = ?, updated_at = ? WHERE id = ?`,
			session, st.DelegationID, st.Speaker, st.OnBehalfOf, st.Language, st.Title, st.Body, st.DeliveredOn, st.Source, st.EmbargoUntil, st.Visibility, now, st.ID); err != nil {
			return err
		}
		if err := s.retag(ctx, tx, st); err != nil {
			return err
		}
		if err := reindexStatement(ctx, tx, st.ID); err != nil {
			return err
		}
		if retranslate {
			if err := outbox.Translate(ctx, tx, outbox.TranslateStatement, st.ID); err != nil {
				return err
			}
		}
		return record(ctx, tx, v, "statement.save", "statement", st.ID, st)
	})
	if err != nil {
		return st, err
	}
	return s.Statement(ctx, v, st.ID)
}

// reindexStatement queues a statement's search documents: the original and
// every translation, which share its visibility, embargo and tags.
func reindexStatement(ctx context.Context, tx *store.Tx, id int64) error {
	ids, err := docIDs(ctx, tx, "SELECT 'statement:' || statement_id || ':' || language FROM statement_translations WHERE statement_id = ?", id)
	if err != nil {
		return err
	}
	return outbox.Search(ctx, tx, append([]string{"statement:" + itoa(id)}, ids...)...)
}

// retag replaces the automatic tags, keeping corrections made by hand.
func (s *Service) retag(ctx context.Context, tx *store.Tx, st Statement) error {
	if _, err := tx.Exec(ctx, "DELETE FROM statement_concepts WHERE statement_id = ? AND origin = 'auto'", st.ID); err != nil {
		return err
	}
	if s.Tagger == nil {
		return nil
	}
	for _, c := range s.Tagger.Tag(st.Language, st.Title+"\n"+st.Body) {
		if _, err := tx.Exec(ctx, `INSERT INTO statement_concepts (statement_id, concept_id, origin) VALUES (?, ?, 'auto')
			ON CONFLICT (statement_id, concept_id) DO NOTHING`, st.ID, c); err != nil {
			return err
		}
	}
	return nil
}

// CorrectTags adds or removes concept tags by hand; a removal survives
// later automatic tagging.
func (s *Service) CorrectTags(ctx context.Context, v Viewer, id int64, add, remove []string) (Statement, error) {
	st, err := s.Statement(ctx, v, id)
	if err != nil {
		return st, err
	}
	d, err := s.Delegation(ctx, v, st.DelegationID)
	if err != nil {
		return st, err
	}
	if !mayWriteFor(v, d) {
		return st, errOtherDelegaton
	}
	if err := s.checkConcepts(add); err != nil {
		return st, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		for _, c := range add {
			if _, err := tx.Exec(ctx, `INSERT INTO statement_concepts (statement_id, concept_id, origin) VALUES (?, ?, 'added')
				ON CONFLICT (statement_id, concept_id) DO UPDATE SET origin = 'added'`, id, c); err != nil {
				return err
			}
		}
		for _, c := range remove {
			if _, err := tx.Exec(ctx, `INSERT INTO statement_concepts (statement_id, concept_id, origin) VALUES (?, ?, 'removed')
				ON CONFLICT (statement_id, concept_id) DO UPDATE SET origin = 'removed'`, id, c); err != nil {
				return err
			}
		}
		if err := reindexStatement(ctx, tx, id); err != nil {
			return err
		}
		return record(ctx, tx, v, "statement.tags", "statement", id, map[string][]string{"add": add, "remove": remove})
	})
	if err != nil {
		return st, err
	}
	return s.Statement(ctx, v, id)
}

// SetTranslation adds or replaces a statement's text in another language.
func (s *Service) SetTranslation(ctx context.Context, v Viewer, id int64, t Translation) (Statement, error) {
	st, err := s.Statement(ctx, v, id)
	if err != nil {
		return st, err
	}
	d, err := s.Delegation(ctx, v, st.DelegationID)
	if err != nil {
		return st, err
	}
	if !mayWriteFor(v, d) {
		return st, errOtherDelegaton
	}
	if err := CheckTranslation(&t, st.Language, maxBody); err != nil {
		return st, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		// a person's version replaces a machine's: engine back to none
		if _, err := tx.Exec(ctx, `INSERT INTO statement_translations (statement_id, language, body, origin, review, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (statement_id, language) DO UPDATE SET body = excluded.body, origin = excluded.origin, review = excluded.review, engine = '', updated_at = excluded.updated_at`,
			id, t.Language, t.Body, t.Origin, t.Review, store.Now()); err != nil {
			return err
		}
		if err := outbox.Search(ctx, tx, "statement:"+itoa(id)+":"+t.Language); err != nil {
			return err
		}
		return record(ctx, tx, v, "statement.translate", "statement", id, t)
	})
	if err != nil {
		return st, err
	}
	return s.Statement(ctx, v, id)
}

const statementColumns = "id, edition_id, COALESCE(session_id, 0), delegation_id, speaker, on_behalf_of, language, title, body, delivered_on, source, embargo_until, visibility, created_at, updated_at"

func scanStatement(sc interface{ Scan(...any) error }) (Statement, error) {
	return scanStatementWith(sc)
}

// scanStatementWith reads a statement and, into extra, the columns that
// follow it in the row.
func scanStatementWith(sc interface{ Scan(...any) error }, extra ...any) (Statement, error) {
	var st Statement
	var embargo sql.NullTime
	err := sc.Scan(append([]any{&st.ID, &st.EditionID, &st.SessionID, &st.DelegationID, &st.Speaker, &st.OnBehalfOf, &st.Language, &st.Title, &st.Body,
		&st.DeliveredOn, &st.Source, &embargo, &st.Visibility, &st.CreatedAt, &st.UpdatedAt}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return st, errs.ErrNotFound
	}
	if embargo.Valid {
		t := embargo.Time.UTC()
		st.EmbargoUntil = &t
	}
	st.Translations, st.Concepts = []Translation{}, []string{}
	return st, err
}
