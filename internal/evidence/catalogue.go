package evidence

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"roundtable/data"
	"roundtable/internal/audit"
	"roundtable/internal/store"
)

// catalogueRef is the reference_data row whose digest says which shipped
// catalogue (catalogue.json + areas.json) the database holds.
const catalogueRef = "evidence_catalogue"

// SyncCatalogue makes the indicators and areas in the database those the
// shipped catalogue describes (names in every language, units, topic,
// direction, concepts, SDG targets, decimals; areas with their codes,
// kind, region and names). Indicators an import created and the catalogue
// does not know are left as they are. It writes, and audits, only when the
// shipped files changed: with nothing new it is one read.
func (s *Service) SyncCatalogue(ctx context.Context) error {
	return s.syncCatalogue(ctx, data.Indicators())
}

func (s *Service) syncCatalogue(ctx context.Context, files fs.FS) error {
	cat, err := fs.ReadFile(files, "catalogue.json")
	if err != nil {
		return err
	}
	ar, err := fs.ReadFile(files, "areas.json")
	if err != nil {
		return err
	}
	h := sha256.New()
	h.Write(cat)
	h.Write([]byte{0})
	h.Write(ar)
	want := hex.EncodeToString(h.Sum(nil))
	var have string
	err = s.db.Reader().QueryRow(ctx, "SELECT digest FROM reference_data WHERE name = ?", catalogueRef).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if have == want {
		return nil
	}
	var indicators []Indicator
	if err := json.Unmarshal(cat, &indicators); err != nil {
		return fmt.Errorf("catalogue.json: %w", err)
	}
	var areas []Area
	if err := json.Unmarshal(ar, &areas); err != nil {
		return fmt.Errorf("areas.json: %w", err)
	}
	for _, a := range areas {
		if a.Code == "" || (a.Kind != Economy && a.Kind != Aggregate) {
			return fmt.Errorf("areas.json: area %q has kind %q; want economy or aggregate", a.Code, a.Kind)
		}
	}
	now := store.Now()
	defer s.forgetAreas()
	return s.db.Write(ctx, func(tx *store.Tx) error {
		for _, a := range areas {
			if _, err := tx.Exec(ctx, `INSERT INTO evidence_areas (code, kind, iso2, numeric, region, names) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, iso2 = excluded.iso2, numeric = excluded.numeric,
				region = excluded.region, names = excluded.names`,
				a.Code, a.Kind, a.ISO2, a.Numeric, a.Region, jsonOr(a.Names, "{}")); err != nil {
				return fmt.Errorf("area %s: %w", a.Code, err)
			}
		}
		for _, in := range indicators {
			if in.Code == "" {
				return fmt.Errorf("catalogue.json: an indicator without a code")
			}
			if _, err := tx.Exec(ctx, `INSERT INTO indicators (code, names, descriptions, units, topic, higher_is_better, concepts, sdg_targets, decimals, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET names = excluded.names, descriptions = excluded.descriptions, units = excluded.units,
				topic = excluded.topic, higher_is_better = excluded.higher_is_better, concepts = excluded.concepts,
				sdg_targets = excluded.sdg_targets, decimals = excluded.decimals, updated_at = excluded.updated_at`,
				in.Code, jsonOr(in.Names, "{}"), jsonOr(in.Descriptions, "{}"), jsonOr(in.Units, "{}"), in.Topic, int(in.Direction),
				jsonOr(in.Concepts, "[]"), jsonOr(in.SDGTargets, "[]"), in.Decimals, now); err != nil {
				return fmt.Errorf("indicator %s: %w", in.Code, err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO reference_data (name, digest) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET digest = excluded.digest`, catalogueRef, want); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{
			Actor: audit.System("refdata"), Action: "refdata.sync", EntityType: "refdata", EntityID: catalogueRef,
			Change: map[string]any{"digest": want, "indicators": len(indicators), "areas": len(areas)},
		})
	})
}

// jsonOr encodes a map or slice, writing empty when it is nil.
func jsonOr[T any](v T, empty string) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return empty
	}
	return string(b)
}
