package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"syscall"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/evidence"
	"roundtable/internal/refdata"
	"roundtable/internal/store/storetest"
	"roundtable/internal/web"
)

// BenchmarkEvidencePages serves the evidence pages from the shipped data
// (every WDI indicator for all 264 areas, Gapminder, the 2020 release) on
// SQLite, handler and rendering without the network, and reports the p50
// and p99 of one request. A profile reads some thirty panels, cached in
// evidence.Service after the first request.
//
//	go test -run '^$' -bench BenchmarkEvidencePages -benchtime 200x ./internal/web
func BenchmarkEvidencePages(b *testing.B) {
	ctx := context.Background()
	db := storetest.SQLite(b)
	set, err := refdata.Load()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := country.Sync(ctx, db, set); err != nil {
		b.Fatal(err)
	}
	accounts, err := account.NewService(db, fastHasher)
	if err != nil {
		b.Fatal(err)
	}
	ev := evidence.New(db)
	if err := ev.LoadShipped(ctx, nil); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(web.Options{DB: db, Accounts: accounts, Evidence: ev, Logger: quietLog()})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	for _, tc := range []struct{ name, path string }{
		{"profile", "/evidence/countries/BOL"},
		{"profile-peers", "/evidence/countries/BOL?peers=PER,ECU,PRY&from=1990"},
		{"profile-csv", "/evidence/countries/BOL.csv"},
		{"profile-chart", "/evidence/countries/BOL/charts/SH.DYN.MORT.svg"},
		{"indicator", "/evidence/indicators/SP.DYN.LE00.IN"},
		{"map-svg", "/evidence/indicators/SP.DYN.LE00.IN/map.svg"},
		{"catalogue", "/evidence"},
	} {
		path := tc.path
		b.Run(tc.name, func(b *testing.B) {
			serve := func() {
				req := httptest.NewRequest("GET", path, nil)
				req.Header.Set("Accept-Language", "es")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d", path, rec.Code)
				}
			}
			serve() // the first request reads the panels into the cache
			times := make([]time.Duration, 0, b.N)
			cpu0 := cpuTime()
			b.ResetTimer()
			for b.Loop() {
				start := time.Now()
				serve()
				times = append(times, time.Since(start))
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(times)), "cpu-ms/op")
			slices.Sort(times)
			pct := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))].Microseconds()) / 1000 }
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}

// cpuTime is the process's CPU time so far (user and system): on a shared
// machine, what a request costs rather than how long it waited for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
