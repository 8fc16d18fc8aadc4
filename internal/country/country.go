// Package country serves the reference list of countries and their groups
// (CELAC, World Bank region and income group) from the database, where the
// shipped reference data is synchronised at start-up.
package country

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
)

// Country is a country as the product shows it: the shipped record.
type Country = refdata.Country

// Group is a group of countries with its members' alpha-3 codes.
type Group struct {
	refdata.Group
	Members []string `json:"members,omitempty"`
}

// Sync makes the database's reference data equal to the shipped set. It
// writes (and audits) only when something differs, so starting a server is a
// read when nothing changed.
func Sync(ctx context.Context, db *store.DB, set *refdata.Set) (changed bool, err error) {
	want, err := audit.Digest(set)
	if err != nil {
		return false, err
	}
	have, err := currentDigest(ctx, db.Reader())
	if err != nil {
		return false, err
	}
	if have == want {
		return false, nil
	}
	err = db.Write(ctx, func(tx *store.Tx) error {
		for _, g := range set.Groups {
			if _, err := tx.Exec(ctx, `INSERT INTO country_groups (code, kind, names, short_names, source) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, names = excluded.names, short_names = excluded.short_names, source = excluded.source`,
				g.Code, g.Kind, mustJSON(g.Names), mustJSON(g.ShortNames), g.Source); err != nil {
				return fmt.Errorf("group %s: %w", g.Code, err)
			}
		}
		for _, c := range set.Countries {
			if _, err := tx.Exec(ctx, `INSERT INTO countries (iso3, iso2, numeric, names, official_names) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (iso3) DO UPDATE SET iso2 = excluded.iso2, numeric = excluded.numeric, names = excluded.names, official_names = excluded.official_names`,
				c.ISO3, c.ISO2, c.Numeric, mustJSON(c.Names), mustJSON(c.OfficialNames)); err != nil {
				return fmt.Errorf("country %s: %w", c.ISO3, err)
			}
			if _, err := tx.Exec(ctx, "DELETE FROM country_group_members WHERE iso3 = ?", c.ISO3); err != nil {
				return err
			}
			for _, g := range c.Groups {
				if _, err := tx.Exec(ctx, "INSERT INTO country_group_members (group_code, iso3) VALUES (?, ?)", g, c.ISO3); err != nil {
					return fmt.Errorf("country %s in %s: %w", c.ISO3, g, err)
				}
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO reference_data (name, digest) VALUES ('countries', ?)
			ON CONFLICT (name) DO UPDATE SET digest = excluded.digest`, want); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{
			Actor: audit.System("refdata"), Action: "refdata.sync", EntityType: "refdata", EntityID: "countries",
			Change: map[string]any{"digest": want, "countries": len(set.Countries), "groups": len(set.Groups)},
		})
	})
	return err == nil, err
}

// currentDigest reads the digest of the reference data last synchronised.
func currentDigest(ctx context.Context, q store.Querier) (string, error) {
	var d string
	err := q.QueryRow(ctx, "SELECT digest FROM reference_data WHERE name = 'countries'").Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return d, err
}

func mustJSON(v any) string {
	if v == nil {
		return "{}"
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings always encode
	}
	return string(b)
}

// Filter narrows a country list.
type Filter struct {
	Group string // group code, empty for all
}

// List returns the countries, sorted by name in lang.
func List(ctx context.Context, q store.Querier, f Filter, lang string) ([]Country, error) {
	query := "SELECT iso3, iso2, numeric, names, official_names FROM countries"
	var args []any
	if f.Group != "" {
		query += " WHERE iso3 IN (SELECT iso3 FROM country_group_members WHERE group_code = ?)"
		args = append(args, f.Group)
	}
	out, err := store.QueryAll(ctx, q, scanCountry, query, args...)
	if err != nil {
		return nil, err
	}
	if err := attachGroups(ctx, q, out); err != nil {
		return nil, err
	}
	SortByName(out, lang)
	return out, nil
}

// Get returns one country by its alpha-3 code (any case).
func Get(ctx context.Context, q store.Querier, iso3 string) (Country, error) {
	row := q.QueryRow(ctx, "SELECT iso3, iso2, numeric, names, official_names FROM countries WHERE iso3 = ?", strings.ToUpper(iso3))
	c, err := scanCountry(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Country{}, errs.ErrNotFound
	}
	if err != nil {
		return Country{}, err
	}
	list := []Country{c}
	if err := attachGroups(ctx, q, list); err != nil {
		return Country{}, err
	}
	return list[0], nil
}

// Groups returns every group with its members' codes.
func Groups(ctx context.Context, q store.Querier) ([]Group, error) {
	rows, err := q.Query(ctx, "SELECT code, kind, names, short_names, source FROM country_groups ORDER BY code")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Group
	for rows.Next() {
		var g Group
		var names, short string
		if err := rows.Scan(&g.Code, &g.Kind, &names, &short, &g.Source); err != nil {
			return nil, err
		}
		if err := unmarshalNames(names, &g.Names); err != nil {
			return nil, err
		}
		if err := unmarshalNames(short, &g.ShortNames); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	members, err := q.Query(ctx, "SELECT group_code, iso3 FROM country_group_members ORDER BY iso3")
	if err != nil {
		return nil, err
	}
	defer members.Close()
	byCode := map[string]*Group{}
	for i := range out {
		byCode[out[i].Code] = &out[i]
	}
	for members.Next() {
		var code, iso3 string
		if err := members.Scan(&code, &iso3); err != nil {
			return nil, err
		}
		if g := byCode[code]; g != nil {
			g.Members = append(g.Members, iso3)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return kindOrder(out[i].Kind) < kindOrder(out[j].Kind) })
	return out, members.Err()
}

func kindOrder(k string) int {
	switch k {
	case "bloc":
		return 0
	case "wb_region":
		return 1
	default:
		return 2
	}
}

func scanCountry(s store.Scanner) (Country, error) {
	var c Country
	var names, official string
	if err := s.Scan(&c.ISO3, &c.ISO2, &c.Numeric, &names, &official); err != nil {
		return c, err
	}
	if err := unmarshalNames(names, &c.Names); err != nil {
		return c, err
	}
	if err := unmarshalNames(official, &c.OfficialNames); err != nil {
		return c, err
	}
	return c, nil
}

func unmarshalNames(s string, m *map[string]string) error {
	if err := json.Unmarshal([]byte(s), m); err != nil {
		return fmt.Errorf("stored names %q: %w", s, err)
	}
	return nil
}

func attachGroups(ctx context.Context, q store.Querier, cs []Country) error {
	if len(cs) == 0 {
		return nil
	}
	idx := map[string]int{}
	for i, c := range cs {
		idx[c.ISO3] = i
		cs[i].Groups = []string{}
	}
	rows, err := q.Query(ctx, `SELECT m.iso3, m.group_code FROM country_group_members m
		JOIN country_groups g ON g.code = m.group_code
		ORDER BY CASE g.kind WHEN 'bloc' THEN 0 WHEN 'wb_region' THEN 1 ELSE 2 END, m.group_code`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var iso3, code string
		if err := rows.Scan(&iso3, &code); err != nil {
			return err
		}
		if i, ok := idx[iso3]; ok {
			cs[i].Groups = append(cs[i].Groups, code)
		}
	}
	return rows.Err()
}
