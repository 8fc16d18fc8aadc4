package dialogue

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/store"
)

// AddDelegation registers a delegation for an edition, not yet accredited.
// A country delegation's code is its ISO alpha-3 code, a group's its group
// code (e.g. CELAC).
func (s *Service) AddDelegation(ctx context.Context, v Viewer, d Delegation) (Delegation, error) {
	d.Code = strings.ToUpper(strings.TrimSpace(d.Code))
	if err := s.checkDelegation(ctx, &d); err != nil {
		return d, err
	}
	now := store.Now()
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO delegations (edition_id, kind, code, names, accredited, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.EditionID, d.Kind, d.Code, d.Names.json(), false, now, now).Scan(&d.ID)
		if store.IsUniqueViolation(err) {
			return errs.Field("code", "delegation_exists", "validation.delegation_exists")
		}
		if err != nil {
			return foreignKey(err, "edition_id")
		}
		return record(ctx, tx, v, "delegation.create", "delegation", d.ID, d)
	})
	return d, err
}

// checkDelegation checks a delegation's kind against its code (a country's
// must be a country, a group's a group) and its names, taking a country's or
// a group's from the reference data when none are given.
func (s *Service) checkDelegation(ctx context.Context, d *Delegation) error {
	if !contains([]string{KindCountry, KindGroup, KindOrganisation}, d.Kind) {
		return errs.Field("kind", "invalid_kind", "validation.kind")
	}
	if d.Code == "" || len(d.Code) > 20 {
		return errs.Field("code", "required", "validation.required")
	}
	q := s.DB.Reader()
	switch d.Kind {
	case KindCountry:
		if !exists(ctx, q, "SELECT count(*) FROM countries WHERE iso3 = ?", d.Code) {
			return errs.Field("code", "unknown_country", "validation.country")
		}
	case KindGroup:
		if !exists(ctx, q, "SELECT count(*) FROM country_groups WHERE code = ?", d.Code) {
			return errs.Field("code", "unknown_group", "validation.group")
		}
	}
	if len(d.Names) == 0 && d.Kind != KindOrganisation {
		names, err := officialNames(ctx, q, d.Kind, d.Code)
		if err != nil {
			return err
		}
		d.Names = names
	}
	var err error
	d.Names, err = checkTexts("names", d.Names, maxShort)
	return err
}

// SortDelegations orders delegations by their names in lang, as a
// dictionary of that language sorts (i18n.Compare): every page that lists
// delegations calls it with the reader's language.
func SortDelegations(ds []Delegation, lang string) {
	cmp := i18n.Compare(i18n.Lang(lang))
	slices.SortStableFunc(ds, func(a, b Delegation) int { return cmp(a.Names.In(lang), b.Names.In(lang)) })
}

// officialNames takes a country's or group's names from the reference data.
func officialNames(ctx context.Context, q store.Querier, kind, code string) (Texts, error) {
	query := "SELECT names FROM countries WHERE iso3 = ?"
	if kind == KindGroup {
		query = "SELECT short_names FROM country_groups WHERE code = ?"
	}
	var raw string
	if err := q.QueryRow(ctx, query, code).Scan(&raw); err != nil {
		return nil, err
	}
	return parseTexts(raw)
}

func exists(ctx context.Context, q store.Querier, query string, args ...any) bool {
	var n int
	return q.QueryRow(ctx, query, args...).Scan(&n) == nil && n > 0
}

// Accredit sets whether a delegation is accredited; only accredited
// delegations may file statements.
func (s *Service) Accredit(ctx context.Context, v Viewer, id int64, accredited bool) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE delegations SET accredited = ?, updated_at = ? WHERE id = ?", accredited, store.Now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.ErrNotFound
		}
		return record(ctx, tx, v, "delegation.accredit", "delegation", id, map[string]bool{"accredited": accredited})
	})
}

// AddMember adds a person to a delegation.
func (s *Service) AddMember(ctx context.Context, v Viewer, delegationID int64, m Member) (Member, error) {
	if err := checkMember(&m); err != nil {
		return m, err
	}
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, "INSERT INTO delegation_members (delegation_id, name, title, role) VALUES (?, ?, ?, ?) RETURNING id",
			delegationID, m.Name, m.Title, m.Role).Scan(&m.ID)
		if err != nil {
			return foreignKey(err, "delegation_id")
		}
		return record(ctx, tx, v, "delegation.member_add", "delegation", delegationID, m)
	})
	return m, err
}

const delegationColumns = "id, edition_id, kind, code, names, accredited"

func scanDelegation(sc interface{ Scan(...any) error }) (Delegation, error) {
	var d Delegation
	var names string
	err := sc.Scan(&d.ID, &d.EditionID, &d.Kind, &d.Code, &names, &d.Accredited)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errs.ErrNotFound
	}
	if err != nil {
		return d, err
	}
	d.Names, err = parseTexts(names)
	d.Members = []Member{}
	return d, err
}

// Delegation returns a delegation with its members.
func (s *Service) Delegation(ctx context.Context, v Viewer, id int64) (Delegation, error) {
	d, err := scanDelegation(s.DB.Reader().QueryRow(ctx, "SELECT "+delegationColumns+" FROM delegations WHERE id = ?", id))
	if err != nil {
		return d, err
	}
	if _, err := s.Edition(ctx, v, d.EditionID); err != nil {
		return Delegation{}, err
	}
	ms, err := s.members(ctx, []int64{d.ID})
	d.Members = ms[d.ID]
	if d.Members == nil {
		d.Members = []Member{}
	}
	return d, err
}

// Delegations lists an edition's delegations, with their members.
func (s *Service) Delegations(ctx context.Context, v Viewer, editionID int64) ([]Delegation, error) {
	if _, err := s.Edition(ctx, v, editionID); err != nil {
		return nil, err
	}
	out, err := store.QueryAll(ctx, s.DB.Reader(), scanDelegation, "SELECT "+delegationColumns+" FROM delegations WHERE edition_id = ? ORDER BY kind, code", editionID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, d := range out {
		ids = append(ids, d.ID)
	}
	ms, err := s.members(ctx, ids)
	for i := range out {
		if m := ms[out[i].ID]; m != nil {
			out[i].Members = m
		}
	}
	return out, err
}

func (s *Service) members(ctx context.Context, ids []int64) (map[int64][]Member, error) {
	out := map[int64][]Member{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.DB.Reader().Query(ctx, "SELECT delegation_id, id, name, title, role FROM delegation_members WHERE delegation_id IN ("+placeholders(len(ids))+") ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var did int64
		var m Member
		if err := rows.Scan(&did, &m.ID, &m.Name, &m.Title, &m.Role); err != nil {
			return nil, err
		}
		out[did] = append(out[did], m)
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
