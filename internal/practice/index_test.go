package practice_test

import (
	"context"
	"strings"
	"testing"

	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// idxPractice stores a practice of MEX in state, written in Spanish, with
// a Chinese human translation and a machine one into English.
func idxPractice(t *testing.T, db *store.DB, state string) int64 {
	t.Helper()
	var id int64
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		ctx, now := context.Background(), store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO practices (country, language, institutions, costs, contact, state, created_at, updated_at)
			VALUES ('MEX', 'es', 'Secretaría de Salud', 'Tres millones de pesos', 'Dra. Quokka, quokka@salud.example.mx', ?, ?, ?) RETURNING id`,
			state, now, now).Scan(&id); err != nil {
			return err
		}
		for _, x := range [][4]string{
			{"zh", "山区远程医疗", "山区社区没有常驻医生。", "human"},
			{"es", "Telemedicina serrana", "Comunidades serranas sin médico.", "original"},
			{"en", "Mountain telemedicine", "Mountain communities without a doctor.", "machine"},
		} {
			if _, err := tx.Exec(ctx, `INSERT INTO practice_texts (practice_id, language, title, context, lessons, origin, review, updated_at)
				VALUES (?, ?, ?, ?, 'Lecciones', ?, 'reviewed', ?)`, id, x[0], x[1], x[2], x[3], now); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, "INSERT INTO practice_concepts (practice_id, concept_id) VALUES (?, 'right-to-health')", id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestIndexedPractice: search is told of every text of a practice, the
// original first and a machine's flagged, its level by state, and never
// its contact. Expected values written by hand.
func TestIndexedPractice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &practice.Service{DB: db}
		for state, level := range map[string]visibility.Level{"draft": visibility.Draft, "submitted": visibility.Delegation, "published": visibility.Public} {
			id := idxPractice(t, db, state)
			x, ok, err := s.IndexedPractice(ctx, id)
			if err != nil || !ok {
				t.Fatalf("%s: %v, %v", state, ok, err)
			}
			if x.Level != level || x.Country != "MEX" || x.Language != "es" || len(x.Concepts) != 1 || x.Concepts[0] != "right-to-health" {
				t.Errorf("%s: %+v, want level %s", state, x, level)
			}
			var got []string
			for _, tx := range x.Texts {
				m := ""
				if tx.Machine {
					m = " (machine)"
				}
				got = append(got, tx.Language+m+": "+tx.Title+" | "+strings.ReplaceAll(tx.Body, "\n\n", " / "))
				if strings.Contains(tx.Body, "Quokka") || strings.Contains(tx.Body, "quokka@") {
					t.Errorf("%s: the contact is in the %s text", state, tx.Language)
				}
			}
			want := []string{
				"es: Telemedicina serrana | Comunidades serranas sin médico. / Lecciones / Secretaría de Salud",
				"en (machine): Mountain telemedicine | Mountain communities without a doctor. / Lecciones",
				"zh: 山区远程医疗 | 山区社区没有常驻医生。 / Lecciones",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s: texts\n%s\nwant\n%s", state, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
		if _, ok, err := s.IndexedPractice(ctx, 999999); ok || err != nil {
			t.Errorf("a missing practice: %v, %v; want not found, no error", ok, err)
		}
		var ids []string
		if err := s.SearchDocIDs(ctx, func(id string) error { ids = append(ids, id); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(ids) != 3 || !strings.HasPrefix(ids[0], "practice:") {
			t.Errorf("SearchDocIDs: %v, want three practices", ids)
		}
	})
}
