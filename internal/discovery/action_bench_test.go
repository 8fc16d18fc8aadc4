package discovery_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/internal/commitment"
	"roundtable/internal/discovery"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// BenchmarkRebuildActionDocuments builds the index of the issue's
// benchmark scale of practical action — 5,000 commitments of 35 states
// with 20 reports each and 500 practices in two languages — from SQLite,
// and reports the time and the index's size per document:
//
//	go test ./internal/discovery -run '^$' -bench RebuildAction -benchtime 1x
func BenchmarkRebuildActionDocuments(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	states := make([]string, 35)
	for i := range states {
		states[i] = "S" + strconv.Itoa(10+i)
	}
	words := []string{"registration", "vaccination", "schooling", "housing", "water", "sanitation", "nutrition", "clinics", "roads", "courts"}
	err := db.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		for c := range 5000 {
			w := words[c%len(words)] + " " + words[(c/10)%len(words)]
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO commitments (source, title, text, language, level, starts_on, due_on, created_at, updated_at)
				VALUES ('statement', ?, ?, 'en', 'public', '2025-01-01', '2030-12-31', ?, ?) RETURNING id`,
				"Commitment "+strconv.Itoa(c)+" on "+w, "The state undertakes to improve "+w+" for every child and family, in every region, by 2030.", now, now).Scan(&id); err != nil {
				return err
			}
			state := states[c%len(states)]
			if _, err := tx.Exec(ctx, "INSERT INTO commitment_owners (commitment_id, country) VALUES (?, ?)", id, state); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO commitment_concepts (commitment_id, concept_id) VALUES (?, 'right-to-development')", id); err != nil {
				return err
			}
			for r := range 20 {
				if _, err := tx.Exec(ctx, `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state, validated_by, validated_at, published_at, created_at, updated_at)
					VALUES (?, ?, '2025-06-30', 'in_progress', ?, 'es', 'submitted', NULL, NULL, NULL, ?, ?)`, id, state,
					"Informe "+strconv.Itoa(r)+": avances en "+w+"; se llegó a "+strconv.Itoa(100*r)+" comunidades con nuevos servicios y personal capacitado.", now, now); err != nil {
					return err
				}
			}
		}
		for p := range 500 {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO practices (country, language, contact, state, created_at, updated_at, published_at)
				VALUES (?, 'es', 'contacto', 'published', ?, ?, ?) RETURNING id`, states[p%len(states)], now, now, now).Scan(&id); err != nil {
				return err
			}
			for _, x := range [][3]string{{"es", "Práctica de " + words[p%len(words)], "Contexto, acciones, resultados y lecciones de una práctica nacional de " + words[p%len(words)] + "."},
				{"en", "Practice of " + words[p%len(words)], "Context, actions, results and lessons of a national practice of " + words[p%len(words)] + "."}} {
				if _, err := tx.Exec(ctx, `INSERT INTO practice_texts (practice_id, language, title, context, origin, review, updated_at)
					VALUES (?, ?, ?, ?, 'human', 'reviewed', ?)`, id, x[0], x[1], x[2], now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Reading the reports and practices alone (what the loader costs of a
	// rebuild; a commitment's id would make Load read its reports too).
	var ids []string
	collect := func(id string) error {
		if !strings.HasPrefix(id, "commitment:") {
			ids = append(ids, id)
		}
		return nil
	}
	if err := (&commitment.Service{DB: db}).SearchDocIDs(ctx, collect); err != nil {
		b.Fatal(err)
	}
	if err := (&practice.Service{DB: db}).SearchDocIDs(ctx, collect); err != nil {
		b.Fatal(err)
	}
	loader := &discovery.Service{DB: db}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < len(ids); i += 500 {
		if _, _, err := loader.Load(ctx, ids[i:min(i+500, len(ids))]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(len(ids)), "load-µs/doc")
	for range b.N {
		dir := filepath.Join(b.TempDir(), "index")
		start := time.Now()
		if err := discovery.Rebuild(ctx, db, dir, nil); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		var size int64
		filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if info, err := d.Info(); err == nil {
					size += info.Size()
				}
			}
			return nil
		})
		docs := 5000 + 5000*20 + 500
		b.ReportMetric(float64(size)/float64(docs), "bytes/doc")
		b.ReportMetric(float64(took.Microseconds())/float64(docs), "µs/doc")
		b.ReportMetric(float64(size)/1e6, "MB")
		b.ReportMetric(took.Seconds(), "s")
	}
}
