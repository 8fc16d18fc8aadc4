//go:build !before

// The planners of issue 12's code: discovery.PlanQuery with the thesaurus
// and the query translator. Build with -tags before to run the harness on
// code older than PlanQuery (as the BEFORE run did).

package main

import (
	"context"
	"fmt"
	"log"
	"slices"
	"time"

	"roundtable/internal/discovery"
	"roundtable/internal/search"
	"roundtable/internal/thesaurus"
	"roundtable/internal/translate"
)

// queryTranslator is the product's: the shipped CC-CEDICT dictionary and
// Apertium when it is installed (the same as serve finds it).
var queryTranslator = func() func() *translate.Queries {
	var qt *translate.Queries
	return func() *translate.Queries {
		if qt != nil {
			return qt
		}
		var engine translate.Engine
		if a, err := translate.FindApertium(""); err == nil {
			engine = a
		} else {
			log.Printf("crosslang: no Apertium (%v): the dictionary alone", err)
		}
		qt = translate.NewQueries(engine)
		if err := qt.Load(); err != nil {
			log.Fatal(err)
		}
		return qt
	}
}()

// warm asks the translator for text's alternatives and waits until its
// engine work is done, so the search is planned with what the product
// gives a query it has seen before (a query's first search waits at most
// translate.DefaultQueryWait for the engine, then gets the dictionary's
// alternatives alone; the engine's arrive for the next search).
func warm(ctx context.Context, qt *translate.Queries, text, lang string) {
	key := lang + "\x00" + text
	if !seen[key] {
		// A query's first call: what a search waits for the translator
		// (at most translate.DefaultQueryWait for the engine).
		seen[key] = true
		start := time.Now()
		qt.Alternatives(ctx, text, lang)
		firstCalls = append(firstCalls, time.Since(start))
	}
	for deadline := time.Now().Add(10 * time.Second); qt.Busy() && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
}

// seen and firstCalls time each query's first call to the translator.
var (
	seen       = map[string]bool{}
	firstCalls []time.Duration
)

func init() {
	notes = append(notes, func() string {
		if len(firstCalls) == 0 {
			return ""
		}
		d := slices.Clone(firstCalls)
		slices.Sort(d)
		return fmt.Sprintf("Query translation, each query's first call to the translator (what a search waits for it; engine work goes on in the background): %d queries, p50 %.2f ms, p99 %.2f ms, max %.2f ms.\n\n",
			len(d), ms(d[len(d)/2]), ms(d[len(d)*99/100]), ms(d[len(d)-1]))
	})
	planners = append(planners,
		planner{name: "translation", about: "discovery.PlanQuery without the thesaurus: the query translator alone (CC-CEDICT and Apertium), alternatives warmed", plan: func(ctx context.Context, _ *thesaurus.Thesaurus, text, lang string) search.Query {
			qt := queryTranslator()
			warm(ctx, qt, text, lang)
			return discovery.PlanQuery(ctx, nil, qt, text, lang)
		}},
		planner{name: "plan", about: "discovery.PlanQuery as the product plans a query: the thesaurus's concepts, and where it names none the query translator's alternatives (warmed)", concepts: true, plan: func(ctx context.Context, th *thesaurus.Thesaurus, text, lang string) search.Query {
			qt := queryTranslator()
			warm(ctx, qt, text, lang)
			return discovery.PlanQuery(ctx, th, qt, text, lang)
		}},
	)
}
