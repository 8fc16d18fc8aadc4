package dialogue

import (
	"context"
	"strings"

	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
)

// The secretariat corrects and removes what it set up: sessions,
// delegations and their members. Nothing said is lost on the way: a session
// or a delegation that statements (or a speakers list) refer to is refused
// with a conflict saying what to move or delete first, never taken with
// them. Every change is audited; a deleted statement also leaves the search
// index through the outbox.

var (
	errSessionHasStatements    = errs.New(errs.Conflict, "session_has_statements", "manage.error.session_has_statements")
	errSessionHasSpeakers      = errs.New(errs.Conflict, "session_has_speakers", "manage.error.session_has_speakers")
	errDelegationHasStatements = errs.New(errs.Conflict, "delegation_has_statements", "manage.error.delegation_has_statements")
	errDelegationHasSpeakers   = errs.New(errs.Conflict, "delegation_has_speakers", "manage.error.delegation_has_speakers")
	errDelegationInUse         = errs.New(errs.Conflict, "delegation_in_use", "manage.error.delegation_in_use")
	errStatementCited          = errs.New(errs.Conflict, "statement_cited", "manage.error.statement_cited")
)

// isForeignKeyViolation reports a write refused because another row still
// refers to the one it would delete.
func isForeignKeyViolation(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "FOREIGN KEY") || strings.Contains(m, "23503")
}

// count reads a count(*) inside tx.
func count(ctx context.Context, tx *store.Tx, query string, args ...any) (int, error) {
	var n int
	err := tx.QueryRow(ctx, query, args...).Scan(&n)
	return n, err
}

// DeleteSession removes a session of the programme (secretariat only). It
// is refused while statements belong to it or its speakers list holds
// requests; an empty speakers list goes with it.
func (s *Service) DeleteSession(ctx context.Context, v Viewer, id int64) (Session, error) {
	if !isSecretariat(v) {
		return Session{}, errs.ErrForbidden
	}
	x, err := s.Session(ctx, v, id)
	if err != nil {
		return x, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if n, err := count(ctx, tx, "SELECT count(*) FROM statements WHERE session_id = ?", id); err != nil || n > 0 {
			return orConflict(err, errSessionHasStatements)
		}
		if n, err := count(ctx, tx, "SELECT count(*) FROM speaker_entries WHERE session_id = ?", id); err != nil || n > 0 {
			return orConflict(err, errSessionHasSpeakers)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM speaker_lists WHERE session_id = ?", id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE id = ?", id); err != nil {
			return err
		}
		if err := outbox.Search(ctx, tx, "session:"+itoa(id)); err != nil {
			return err
		}
		return record(ctx, tx, v, "session.delete", "session", id, x)
	})
	return x, err
}

// orConflict is err, or conflict when the check found what refuses.
func orConflict(err error, conflict error) error {
	if err != nil {
		return err
	}
	return conflict
}

// UpdateDelegation changes a delegation's kind and names (secretariat only;
// its code and accreditation stay). Names left empty for a country or a
// group are taken from the reference data, as when it was added.
func (s *Service) UpdateDelegation(ctx context.Context, v Viewer, d Delegation) (Delegation, error) {
	if !isSecretariat(v) {
		return d, errs.ErrForbidden
	}
	old, err := s.Delegation(ctx, v, d.ID)
	if err != nil {
		return d, err
	}
	d.EditionID, d.Code, d.Accredited, d.Members = old.EditionID, old.Code, old.Accredited, old.Members
	if err := s.checkDelegation(ctx, &d); err != nil {
		return d, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE delegations SET kind = ?, names = ?, updated_at = ? WHERE id = ?", d.Kind, d.Names.json(), store.Now(), d.ID); err != nil {
			return err
		}
		// A delegation's name is part of its statements' search documents.
		ids, err := docIDs(ctx, tx, "SELECT 'statement:' || id FROM statements WHERE delegation_id = ?", d.ID)
		if err != nil {
			return err
		}
		if err := outbox.Search(ctx, tx, ids...); err != nil {
			return err
		}
		return record(ctx, tx, v, "delegation.update", "delegation", d.ID, map[string]any{"before": old, "after": d})
	})
	return d, err
}

// DeleteDelegation removes a delegation with its members (secretariat
// only). It is refused while it has statements or requests for the floor,
// or while another area of the record (common ground, the outcome) refers
// to it.
func (s *Service) DeleteDelegation(ctx context.Context, v Viewer, id int64) (Delegation, error) {
	if !isSecretariat(v) {
		return Delegation{}, errs.ErrForbidden
	}
	d, err := s.Delegation(ctx, v, id)
	if err != nil {
		return d, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if n, err := count(ctx, tx, "SELECT count(*) FROM statements WHERE delegation_id = ?", id); err != nil || n > 0 {
			return orConflict(err, errDelegationHasStatements)
		}
		if n, err := count(ctx, tx, "SELECT count(*) FROM speaker_entries WHERE delegation_id = ?", id); err != nil || n > 0 {
			return orConflict(err, errDelegationHasSpeakers)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM delegation_members WHERE delegation_id = ?", id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM delegations WHERE id = ?", id); err != nil {
			if isForeignKeyViolation(err) {
				return errDelegationInUse
			}
			return err
		}
		return record(ctx, tx, v, "delegation.delete", "delegation", id, d)
	})
	return d, err
}

func checkMember(m *Member) error {
	var err error
	if m.Name, err = checkText("name", m.Name, maxShort, true); err != nil {
		return err
	}
	if m.Title, err = checkText("title", m.Title, maxShort, false); err != nil {
		return err
	}
	if !contains(MemberRoles, m.Role) {
		return errs.Field("role", "invalid_role", "validation.role")
	}
	return nil
}

// UpdateMember changes a member of delegation delegationID (secretariat
// only).
func (s *Service) UpdateMember(ctx context.Context, v Viewer, delegationID int64, m Member) (Member, error) {
	if !isSecretariat(v) {
		return m, errs.ErrForbidden
	}
	if _, err := s.Delegation(ctx, v, delegationID); err != nil {
		return m, err
	}
	if err := checkMember(&m); err != nil {
		return m, err
	}
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE delegation_members SET name = ?, title = ?, role = ? WHERE id = ? AND delegation_id = ?", m.Name, m.Title, m.Role, m.ID, delegationID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.ErrNotFound
		}
		return record(ctx, tx, v, "delegation.member_update", "delegation", delegationID, m)
	})
	return m, err
}

// RemoveMember takes a person off delegation delegationID (secretariat
// only) and returns who it was.
func (s *Service) RemoveMember(ctx context.Context, v Viewer, delegationID, memberID int64) (Member, error) {
	if !isSecretariat(v) {
		return Member{}, errs.ErrForbidden
	}
	d, err := s.Delegation(ctx, v, delegationID)
	if err != nil {
		return Member{}, err
	}
	var m Member
	for _, x := range d.Members {
		if x.ID == memberID {
			m = x
		}
	}
	if m.ID == 0 {
		return m, errs.ErrNotFound
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM delegation_members WHERE id = ? AND delegation_id = ?", memberID, delegationID); err != nil {
			return err
		}
		return record(ctx, tx, v, "delegation.member_remove", "delegation", delegationID, m)
	})
	return m, err
}

// DeleteStatement removes a statement with its translations and tags, for
// whoever may write it (the secretariat, or its delegation). Its search
// documents are queued in the same transaction, so the index drops them;
// the audit trail keeps what was deleted. A statement a proposition of
// common ground cites is refused: the proposition would lose its source.
func (s *Service) DeleteStatement(ctx context.Context, v Viewer, id int64) (Statement, error) {
	st, err := s.Statement(ctx, v, id)
	if err != nil {
		return st, err
	}
	d, err := scanDelegation(s.DB.Reader().QueryRow(ctx, "SELECT "+delegationColumns+" FROM delegations WHERE id = ?", st.DelegationID))
	if err != nil {
		return st, err
	}
	if !mayWriteFor(v, d) {
		return st, errOtherDelegaton
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		// The documents are named before the translations they list go.
		if err := reindexStatement(ctx, tx, id); err != nil {
			return err
		}
		for _, q := range []string{
			"DELETE FROM statement_translations WHERE statement_id = ?",
			"DELETE FROM statement_concepts WHERE statement_id = ?",
			"DELETE FROM statements WHERE id = ?",
		} {
			if _, err := tx.Exec(ctx, q, id); err != nil {
				if isForeignKeyViolation(err) {
					return errStatementCited
				}
				return err
			}
		}
		return record(ctx, tx, v, "statement.delete", "statement", id, st)
	})
	return st, err
}
