package translate_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"roundtable/internal/translate"
)

// latencyQueries are queries as delegates type them, eight per language,
// with the reader's language (not always the query's).
var latencyQueries = []struct{ text, hint string }{
	{"受教育权", "zh"}, {"言论自由", "zh"}, {"酷刑", "zh"}, {"社会保障", "zh"},
	{"妇女权利", "zh"}, {"可持续发展", "zh"}, {"减贫", "en"}, {"司法改革", "zh"},
	{"right to education", "en"}, {"freedom of expression", "en"}, {"torture", "en"},
	{"social security", "en"}, {"women's rights", "en"}, {"climate change", "en"},
	{"poverty alleviation", "en"}, {"judicial reform", "fr"},
	{"derecho a la educación", "es"}, {"libertad de expresión", "es"}, {"tortura", "es"},
	{"seguridad social", "pt"}, {"derechos de las mujeres", "es"}, {"cambio climático", "es"},
	{"reducción de la pobreza", "es"}, {"reforma judicial", "es"},
	{"direito à educação", "pt"}, {"liberdade de expressão", "pt"}, {"direito à moradia", "en"},
	{"segurança social", "pt"}, {"direitos das mulheres", "pt"}, {"mudança climática", "pt"},
	{"erradicação da pobreza", "pt"}, {"reforma do judiciário", "pt"},
	{"droit à l'éducation", "fr"}, {"liberté d'expression", "fr"}, {"torture", "fr"},
	{"sécurité sociale", "fr"}, {"droits des femmes", "fr"}, {"changement climatique", "fr"},
	{"lutte contre la pauvreté", "fr"}, {"réforme judiciaire", "en"},
}

// BenchmarkQueryTranslation measures what Alternatives adds to a search,
// per query of latencyQueries, and reports p50, p99 and max in
// milliseconds and the alternatives a search got per query:
//
//	go test ./internal/translate/ -run '^$' -bench QueryTranslation -benchtime 10x
//
// dictionary: no engine. apertium/search: Apertium with its pipelines
// started (WarmEngine) and the search's Wait, cold (a new translator,
// nothing cached) and warm (the same queries again). apertium/nowait: the
// same with Wait 0 (a new query gets the dictionary's alternatives only).
// apertium/search8: as apertium/search with 8 clients at once, each
// going through the list from another place (so later ones find some
// queries cached). apertium/full: waiting until the engine has answered, i.e. what Apertium
// itself costs per query.
func BenchmarkQueryTranslation(b *testing.B) {
	ctx := context.Background()
	if _, err := translate.CEDICT(); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, engine func() translate.Engine, wait time.Duration, clients int) {
		for _, phase := range []string{"cold", "warm"} {
			b.Run(phase, func(b *testing.B) {
				var took []time.Duration
				alts := 0
				for range b.N {
					q := translate.NewQueries(engine())
					q.Wait = wait
					if err := q.Load(); err != nil {
						b.Fatal(err)
					}
					q.WarmEngine(ctx)
					if phase == "warm" {
						for _, lq := range latencyQueries {
							q.Alternatives(ctx, lq.text, lq.hint)
						}
						settle(q)
					}
					var mu sync.Mutex
					var wg sync.WaitGroup
					for c := range clients {
						wg.Add(1)
						go func() {
							defer wg.Done()
							for i := range latencyQueries {
								// Each client starts at another query.
								lq := latencyQueries[(i+c*len(latencyQueries)/clients)%len(latencyQueries)]
								start := time.Now()
								a := q.Alternatives(ctx, lq.text, lq.hint)
								d := time.Since(start)
								mu.Lock()
								took = append(took, d)
								alts += len(a)
								mu.Unlock()
							}
						}()
					}
					wg.Wait()
					settle(q)
				}
				slices.Sort(took)
				b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
				b.ReportMetric(ms(took[(len(took)*99+99)/100-1]), "p99-ms")
				b.ReportMetric(ms(took[len(took)-1]), "max-ms")
				b.ReportMetric(float64(alts)/float64(len(took)), "alts/query")
			})
		}
	}
	b.Run("dictionary", func(b *testing.B) { run(b, func() translate.Engine { return nil }, translate.DefaultQueryWait, 1) })
	b.Run("apertium/search", func(b *testing.B) {
		e := queryEngine(b)
		run(b, func() translate.Engine { return e }, translate.DefaultQueryWait, 1)
	})
	b.Run("apertium/search8", func(b *testing.B) {
		e := queryEngine(b)
		run(b, func() translate.Engine { return e }, translate.DefaultQueryWait, 8)
	})
	b.Run("apertium/nowait", func(b *testing.B) {
		e := queryEngine(b)
		run(b, func() translate.Engine { return e }, 0, 1)
	})
	b.Run("apertium/full", func(b *testing.B) {
		e := queryEngine(b)
		run(b, func() translate.Engine { return e }, time.Minute, 1)
	})
}

// settle waits until the translator's background engine work is done.
func settle(q *translate.Queries) {
	for q.Busy() {
		time.Sleep(5 * time.Millisecond)
	}
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
