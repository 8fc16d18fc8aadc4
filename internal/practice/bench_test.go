package practice_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The benchmark reads the size issue 14 sets for matchmaking: 500
// published practices of 34 states and 3,000 requests and offers, each on
// one or two of the test thesaurus's five themes (so a theme holds some
// 150 practices: more candidates than a real thesaurus of hundreds of
// concepts would give), with the shipped under-five mortality data for the
// indicator peers. It reports the p50 and p99 of Suggest for one request
// of Brazil (the peers are kept a minute, so the first call, which
// computes them, is reported apart as first-ms).
//
//	go test ./internal/practice -run '^$' -bench Suggest -benchtime 300x
func BenchmarkSuggest(b *testing.B) {
	for _, c := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(c.name, func(b *testing.B) {
			f := setup(b, c.open(b))
			loadMortality(b, f)
			req := seedMatchmaking(b, f)
			ctx := context.Background()
			start := time.Now()
			first, err := f.svc.Suggest(ctx, f.admin, req)
			must(b, err)
			firstMS := float64(time.Since(start).Microseconds()) / 1000
			var took []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, err := f.svc.Suggest(ctx, f.admin, req); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
			}
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(len(first)), "suggestions")
			b.ReportMetric(firstMS, "first-ms")
		})
	}
}

// seedMatchmaking writes the benchmark's practices and asks through the
// service, as the secretariat, and returns Brazil's request.
func seedMatchmaking(b *testing.B, f *fixture) int64 {
	b.Helper()
	ctx := context.Background()
	// 29 more delegations: China and the 33 states of Latin America and
	// the Caribbean, every country the countries table holds.
	codes := slices.Clone(participants)
	for _, c := range []string{"BOL", "CHL", "ECU", "PRY", "PER", "URY", "VEN", "GTM", "HND", "SLV", "NIC", "CRI", "PAN", "CUB", "DOM",
		"HTI", "JAM", "TTO", "BHS", "BRB", "BLZ", "GUY", "SUR", "ATG", "DMA", "GRD", "KNA", "LCA", "VCT"} {
		d, err := f.dialogue.AddDelegation(ctx, f.admin, dialogue.Delegation{EditionID: f.edition, Kind: dialogue.KindCountry, Code: c})
		must(b, err)
		must(b, f.dialogue.Accredit(ctx, f.admin, d.ID, true))
		codes = append(codes, c)
	}
	themes := []string{"child mortality", "remote areas", "school", "water", "rural"}
	for i := range 500 {
		c := codes[i%len(codes)]
		in := practiceIn(c, fmt.Sprintf("Practice %d on %s and %s", i, themes[i%5], themes[(i/5)%5]), "Context.", "Results.")
		p, err := f.svc.Create(ctx, f.admin, in)
		must(b, err)
		_, err = f.svc.Submit(ctx, f.admin, p.ID)
		must(b, err)
		_, err = f.svc.Publish(ctx, f.admin, p.ID)
		must(b, err)
	}
	for i := range 3000 {
		kind := practice.Offer
		if i%2 == 0 {
			kind = practice.Request
		}
		c := codes[i%len(codes)]
		_, err := f.svc.CreateAsk(ctx, f.admin, practice.AskInput{Kind: kind, Country: c, Language: "en", Level: "public",
			Title: fmt.Sprintf("Ask %d on %s", i, themes[i%5])})
		must(b, err)
	}
	req, err := f.svc.CreateAsk(ctx, f.admin, practice.AskInput{Kind: practice.Request, Country: "BRA", Language: "en",
		Title: "Reducing child mortality in remote areas", IndicatorCode: "SH.DYN.MORT"})
	must(b, err)
	return req.ID
}
