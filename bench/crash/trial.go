package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"time"

	"roundtable/bench/instance"
	"roundtable/internal/store"
)

// outcome of one request as the client saw it: acknowledged (2xx),
// refused (another status), or unknown (the connection died with the
// server: it may or may not have been committed).
type outcome int

const (
	acked outcome = iota
	refused
	unknown
)

type write struct {
	word, text string
	id         int64
	result     outcome
	status     int
}

type load struct {
	marker string
	result outcome
	status int
}

type trialResult struct {
	KillAfterMS                                    int64
	StatementsAcked, StatementsUnknown             int
	UnknownPresent, UnknownAbsent                  int
	ImportsAcked, ImportsUnknown                   int
	UnknownWhole, UnknownAbsentImports, HalfImport int
	Refused                                        int
	SearchCatchUpMS                                int64
	Violations                                     []string
}

func (r trialResult) String() string {
	s := fmt.Sprintf("kill at %4d ms; statements %d acked, %d in flight (%d committed); imports %d acked, %d in flight (%d whole, %d absent); search caught up in %d ms",
		r.KillAfterMS, r.StatementsAcked, r.StatementsUnknown, r.UnknownPresent, r.ImportsAcked, r.ImportsUnknown, r.UnknownWhole, r.UnknownAbsentImports, r.SearchCatchUpMS)
	if len(r.Violations) > 0 {
		s += "\n  VIOLATIONS: " + strings.Join(r.Violations, "\n  ")
	}
	return s
}

// trial runs writers and importers against the server, kills it at a
// seeded moment, restarts it and checks what survived.
func trial(in *instance.Instance, tgt target, o options, t int, rng *rand.Rand) (trialResult, error) {
	var r trialResult
	killAfter := time.Duration(rng.Int64N(int64(o.maxKill)))
	r.KillAfterMS = killAfter.Milliseconds()
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var writes []*write
	var loads []*load
	var wg sync.WaitGroup
	for w := 0; w < o.writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ctx.Err() == nil; n++ {
				d := tgt.delegations[(w+n)%len(tgt.delegations)]
				x := &write{word: word("qx", t*100000+w*10000+n)}
				x.text = "Crash trial statement " + x.word + " written while the server may be killed."
				body, _ := json.Marshal(map[string]any{"edition_id": tgt.edition, "session_id": tgt.session, "delegation_id": d.id,
					"speaker": "Crash harness", "language": "en", "title": "Trial " + x.word, "text": x.text,
					"delivered_on": "2025-07-25", "visibility": "public"})
				var st struct {
					ID int64 `json:"id"`
				}
				status, err := in.API(context.Background(), "POST", "/api/v1/statements", "application/json", body, &st)
				x.status, x.id = status, st.ID
				switch {
				case err != nil && status == 0:
					x.result = unknown
				case status/100 == 2 && st.ID > 0:
					x.result = acked
				default:
					x.result = refused
				}
				mu.Lock()
				writes = append(writes, x)
				mu.Unlock()
				if x.result == unknown {
					return // the server is gone
				}
			}
		}()
	}
	for i := 0; i < o.importer; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ctx.Err() == nil; n++ {
				d := tgt.delegations[(i+n)%len(tgt.delegations)]
				l := &load{marker: word("qz", t*10000+i*1000+n)}
				var csv strings.Builder
				csv.WriteString("delegation,session,language,title,text,visibility\n")
				for k := 0; k < o.rows; k++ {
					fmt.Fprintf(&csv, "%s,%d,en,Import %s,%s row %d of an import that may be cut short.,public\n", d.code, tgt.position, l.marker, l.marker, k)
				}
				status, err := in.API(context.Background(), "POST", fmt.Sprintf("/api/v1/editions/%d/statements/import", tgt.edition), "text/csv", []byte(csv.String()), nil)
				l.status = status
				switch {
				case err != nil && status == 0:
					l.result = unknown
				case status/100 == 2:
					l.result = acked
				default:
					l.result = refused
				}
				mu.Lock()
				loads = append(loads, l)
				mu.Unlock()
				if l.result == unknown {
					return
				}
			}
		}()
	}
	time.Sleep(killAfter)
	cancel()
	in.Kill()
	wg.Wait()
	if err := in.Start(); err != nil {
		return r, err
	}
	return r, check(in, o, &r, writes, loads)
}

// check compares what the clients saw with what the restarted server
// holds.
func check(in *instance.Instance, o options, r *trialResult, writes []*write, loads []*load) error {
	ctx := context.Background()
	db, err := store.Open(ctx, in.Database, in.Data)
	if err != nil {
		return err
	}
	defer db.Close()
	if o.sabotage {
		sabotage(ctx, db, writes, loads)
	}
	count := func(like string) (int, error) {
		var n int
		err := db.Reader().QueryRow(ctx, "SELECT count(*) FROM statements WHERE body LIKE ?", like).Scan(&n)
		return n, err
	}
	violate := func(format string, args ...any) { r.Violations = append(r.Violations, fmt.Sprintf(format, args...)) }
	searchable := map[string]int{} // word → hits search must find
	for _, x := range writes {
		switch x.result {
		case acked:
			r.StatementsAcked++
			var st struct {
				Text string `json:"text"`
			}
			status, err := in.API(ctx, "GET", fmt.Sprintf("/api/v1/statements/%d", x.id), "", nil, &st)
			if err != nil || status != 200 || st.Text != x.text {
				violate("acknowledged statement %d (%s) lost: status %d, text %q, %v", x.id, x.word, status, st.Text, err)
			}
			searchable[x.word] = 1
		case unknown:
			r.StatementsUnknown++
			n, err := count("%" + x.word + " %")
			if err != nil {
				return err
			}
			switch n {
			case 0:
				r.UnknownAbsent++
			case 1:
				r.UnknownPresent++
				searchable[x.word] = 1
			default:
				violate("statement %s in flight stored %d times", x.word, n)
			}
		case refused:
			r.Refused++
			violate("statement %s refused with status %d before the kill", x.word, x.status)
		}
	}
	for _, l := range loads {
		n, err := count(l.marker + " row %")
		if err != nil {
			return err
		}
		switch l.result {
		case acked:
			r.ImportsAcked++
			if n != o.rows {
				violate("acknowledged import %s has %d of %d rows", l.marker, n, o.rows)
			}
		case unknown:
			r.ImportsUnknown++
			switch n {
			case 0:
				r.UnknownAbsentImports++
			case o.rows:
				r.UnknownWhole++
			default:
				r.HalfImport++
				violate("import %s in flight half applied: %d of %d rows", l.marker, n, o.rows)
			}
		case refused:
			r.Refused++
			violate("import %s refused with status %d before the kill", l.marker, l.status)
		}
		if n == o.rows {
			searchable[l.marker] = o.rows
		}
	}
	// Search must find every committed write, acknowledged or not.
	start := time.Now()
	for w, want := range searchable {
		for {
			var res struct {
				Total int `json:"total"`
			}
			status, err := in.API(ctx, "GET", "/api/v1/search?limit=1&q="+url.QueryEscape(w), "", nil, &res)
			if err == nil && status == 200 && res.Total >= want {
				break
			}
			if time.Since(start) > o.searchWait {
				violate("search finds %d of %d for %s after %s (status %d, %v)", res.Total, want, w, o.searchWait, status, err)
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	r.SearchCatchUpMS = time.Since(start).Milliseconds()
	if out, err := in.Run("", "audit", "verify"); err != nil {
		violate("audit verify: %v: %s", err, strings.TrimSpace(out))
	}
	return nil
}

// sabotage changes the text of the first acknowledged statement and of one
// row of the first acknowledged import behind the server's back, so that a
// run with -sabotage shows the checks catch a lost write and a partial
// import.
func sabotage(ctx context.Context, db *store.DB, writes []*write, loads []*load) {
	for _, x := range writes {
		if x.result == acked {
			_, _ = db.Reader().Exec(ctx, "UPDATE statements SET body = 'sabotaged' WHERE id = ?", x.id)
			break
		}
	}
	for _, l := range loads {
		if l.result == acked {
			_, _ = db.Reader().Exec(ctx, "UPDATE statements SET body = 'sabotaged' WHERE id = (SELECT min(id) FROM statements WHERE body LIKE ?)", l.marker+" row %")
			break
		}
	}
}

// summary adds up the trials of a run.
type summary struct {
	Engine                                      string
	Seed                                        uint64
	Trials                                      int
	StatementsAcked, StatementsInFlight         int
	InFlightCommitted, InFlightAbsent           int
	ImportsAcked, ImportsInFlight               int
	InFlightImportsWhole, InFlightImportsAbsent int
	HalfAppliedImports, Refused                 int
	MaxSearchCatchUpMS                          int64
	AuditVerifyPassed                           int
	Violations                                  int
	Seconds                                     float64
}

func (s *summary) add(r trialResult) {
	s.StatementsAcked += r.StatementsAcked
	s.StatementsInFlight += r.StatementsUnknown
	s.InFlightCommitted += r.UnknownPresent
	s.InFlightAbsent += r.UnknownAbsent
	s.ImportsAcked += r.ImportsAcked
	s.ImportsInFlight += r.ImportsUnknown
	s.InFlightImportsWhole += r.UnknownWhole
	s.InFlightImportsAbsent += r.UnknownAbsentImports
	s.HalfAppliedImports += r.HalfImport
	s.Refused += r.Refused
	s.MaxSearchCatchUpMS = max(s.MaxSearchCatchUpMS, r.SearchCatchUpMS)
	audited := true
	for _, v := range r.Violations {
		if strings.HasPrefix(v, "audit verify") {
			audited = false
		}
	}
	if audited {
		s.AuditVerifyPassed++
	}
	s.Violations += len(r.Violations)
}
