package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"roundtable/bench/measure"
	"roundtable/internal/ground"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
)

// who is a signed-in account.
type who = measure.Who

func signIn(ctx context.Context, s services, fx fixture, code string) (who, error) {
	return measure.SignIn(ctx, s.accounts, fx.delegates[code], password)
}

// twoInstances starts a second server on the same PostgreSQL database,
// follows its edition stream as the delegate of BRA (with watchers-1
// other delegations' streams open beside it, as in a room where every
// delegation has the map open), and n times has the delegate of CHN
// change a position through the first server. It times the write, the
// event on B's stream, B's map page fetched again (what the page's script
// does on an event) and the moment B's map shows the new position.
func twoInstances(ctx context.Context, dbURL string, svcA services, a *server, fx fixture, n, watchers int) error {
	dbB, err := store.Open(ctx, dbURL, "")
	if err != nil {
		return err
	}
	defer dbB.Close()
	svcB, err := newServices(dbB)
	if err != nil {
		return err
	}
	b, err := start(ctx, svcB)
	if err != nil {
		return err
	}
	defer b.close()
	writer, err := signIn(ctx, svcA, fx, "CHN")
	if err != nil {
		return err
	}
	reader, err := signIn(ctx, svcB, fx, "BRA")
	if err != nil {
		return err
	}
	wakes, followed, unfollow := follow(ctx, b, fx.edition, reader)
	defer unfollow()
	for i := 1; i < watchers; i++ {
		// The other delegations' pages, each with its own stream.
		w, err := signIn(ctx, svcB, fx, codes[i%len(codes)])
		if err != nil {
			return err
		}
		_, _, stop := follow(ctx, b, fx.edition, w)
		defer stop()
	}
	put, written := a.putter(writer, fx.props[0])
	shows, checked := b.checker(ctx, reader, fx)
	page := b.get(fmt.Sprintf("/editions/%d/ground", fx.edition), reader.Cookie)
	fmt.Printf("\ntwo instances on one PostgreSQL database, %d position changes by CHN through A, seen on B; %d streams open on B\n", n, watchers)
	fmt.Printf("  write: %s\n  event: %s\n  shown: %s\n\n", written, followed, checked)
	// Both hubs start from the head of the events table on their first
	// poll; changes before it are history.
	time.Sleep(3 * speakers.DefaultPoll)
	drain(wakes, time.Second)
	var write, event, reload, shown []time.Duration
	for i := range n {
		id := fx.props[i%len(fx.props)]
		to := ground.Support
		if fx.stance[id] == ground.Support {
			to = ground.CanLiveWith
		}
		drain(wakes, 0)
		t0 := time.Now()
		if err := put(id, to); err != nil {
			return err
		}
		write = append(write, time.Since(t0))
		first, loaded := time.Duration(0), time.Duration(0)
		for {
			select {
			case <-wakes:
			case <-time.After(10 * time.Second):
				return fmt.Errorf("change %d: B showed nothing within 10 s", i+1)
			}
			if first == 0 {
				first = time.Since(t0)
				if _, err := page(); err != nil {
					return err
				}
				loaded = time.Since(t0)
			}
			ok, err := shows(id, to)
			if err != nil {
				return err
			}
			if ok {
				break
			}
		}
		event, reload, shown = append(event, first), append(reload, loaded), append(shown, time.Since(t0))
		fx.stance[id] = to
	}
	fmt.Printf("%-44s %8s %8s %8s  %s\n", "", "p50 ms", "p99 ms", "max ms", "load (1, 5, 15 min)")
	for _, r := range []struct {
		name string
		lat  []time.Duration
	}{{"write through A", write}, {"event on B's stream", event}, {"event + B's map page fetched again", reload},
		{"B's map API shows it", shown}} {
		sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
		fmt.Printf("%-44s %8.2f %8.2f %8.2f  %s\n", r.name, measure.Ms(measure.Pct(r.lat, 50)), measure.Ms(measure.Pct(r.lat, 99)), measure.Ms(r.lat[len(r.lat)-1]), measure.Loadavg())
	}
	return nil
}

// follow subscribes to the map's event stream on s as r, or, while the
// server has no such stream, to its live hub directly.
func follow(ctx context.Context, s *server, edition int64, r who) (<-chan struct{}, string, func()) {
	wakes := make(chan struct{}, 1)
	wake := func() {
		select {
		case wakes <- struct{}{}:
		default:
		}
	}
	path := fmt.Sprintf("/editions/%d/ground/events", edition)
	ctx, cancel := context.WithCancel(ctx)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.http.URL+path, nil)
	req.Header = r.Cookie.Clone()
	res, err := http.DefaultClient.Do(req)
	if err == nil && res.StatusCode == http.StatusOK && strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		go func() {
			defer res.Body.Close()
			sc := bufio.NewScanner(res.Body)
			sc.Buffer(nil, 16<<20)
			data := false
			for sc.Scan() {
				line := sc.Text()
				if strings.HasPrefix(line, "data:") || strings.HasPrefix(line, "event:") {
					data = true
				} else if line == "" && data {
					wake()
					data = false
				}
			}
		}()
		return wakes, "B's stream GET " + path, cancel
	}
	answer := status(res, err)
	if err == nil {
		res.Body.Close()
	}
	c, stop := s.hub.Subscribe(ground.Channel(edition))
	go func() {
		for {
			select {
			case _, ok := <-c:
				if !ok {
					return
				}
				wake()
			case <-ctx.Done():
				return
			}
		}
	}()
	return wakes, fmt.Sprintf("B's live hub, subscribed directly (%s answers %s)", path, answer), func() { stop(); cancel() }
}

// drain empties wakes, waiting up to d for late ones.
func drain(wakes <-chan struct{}, d time.Duration) {
	deadline := time.After(d)
	for {
		select {
		case <-wakes:
		case <-deadline:
			return
		default:
			if d == 0 {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// putter records a position through s's API as w, or through s's service
// while the API has no such route.
func (s *server) putter(w who, probe int64) (func(id int64, st ground.Stance) error, string) {
	path := "/api/v1/propositions/%d/positions"
	// Without credentials a route that exists answers 401 before it
	// reads anything; one that does not answers 404 or 405.
	res, err := http.DefaultClient.Do(must(http.NewRequest(http.MethodPut, s.http.URL+fmt.Sprintf(path, probe), strings.NewReader(`{}`))))
	if err == nil {
		res.Body.Close()
	}
	if err != nil || res.StatusCode != http.StatusUnauthorized {
		return func(id int64, st ground.Stance) error {
			_, err := s.svc.ground.SetPosition(context.Background(), &w.User, id, ground.PositionInput{Stance: st})
			return err
		}, "A's ground.Service.SetPosition (PUT /api/v1/propositions/{id}/positions is not served yet: " + status(res, err) + ")"
	}
	return func(id int64, st ground.Stance) error {
		body, _ := json.Marshal(ground.PositionInput{Stance: st})
		req := must(http.NewRequest(http.MethodPut, s.http.URL+fmt.Sprintf(path, id), bytes.NewReader(body)))
		req.Header = w.Bearer.Clone()
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode >= 300 {
			return fmt.Errorf("PUT %s: HTTP %d: %.200s", fmt.Sprintf(path, id), res.StatusCode, b)
		}
		return nil
	}, "PUT /api/v1/propositions/{id}/positions on A, as the delegate of CHN"
}

func must(r *http.Request, err error) *http.Request {
	if err != nil {
		panic(err)
	}
	return r
}

func status(res *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("HTTP %d", res.StatusCode)
}

// checker reports whether s's map shows CHN's stance on a proposition:
// through the map API when it answers with the map, else through the
// service of s.
func (s *server) checker(ctx context.Context, r who, fx fixture) (func(id int64, st ground.Stance) (bool, error), string) {
	service := func() (mapCounts, error) {
		m, err := s.svc.ground.Map(ctx, &r.User, fx.edition)
		if err != nil {
			return nil, err
		}
		return countsOfMap(m), nil
	}
	path := fmt.Sprintf("/api/v1/editions/%d/map", fx.edition)
	api := func() (mapCounts, error) {
		req := must(http.NewRequest(http.MethodGet, s.http.URL+path, nil))
		req.Header = r.Bearer.Clone()
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: HTTP %d", path, res.StatusCode)
		}
		var m apiMap
		if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
			return nil, err
		}
		return m.counts(), nil
	}
	read, how := api, "GET "+path+" on B"
	id := fx.props[0]
	if m, err := api(); err != nil || m[id] != fx.stance[id] {
		read, how = service, fmt.Sprintf("B's ground.Service.Map (GET %s: %s)", path, errOr(err, "no map of the expected shape"))
	}
	return func(id int64, st ground.Stance) (bool, error) {
		m, err := read()
		return m[id] == st, err
	}, how
}

// mapCounts is the stance the CHN bloc (CHN alone) shows on each
// proposition of a map.
type mapCounts map[int64]ground.Stance

// apiMap is the part of the map API's answer the check reads.
type apiMap struct {
	Blocs []struct {
		Code string `json:"code"`
	} `json:"blocs"`
	Propositions []struct {
		Proposition struct {
			ID int64 `json:"id"`
		} `json:"proposition"`
		Blocs []struct {
			Support      int `json:"support"`
			CanLiveWith  int `json:"can_live_with"`
			CannotAccept int `json:"cannot_accept"`
			Pending      int `json:"pending"`
		} `json:"blocs"`
	} `json:"propositions"`
}

func (m apiMap) counts() mapCounts {
	out := mapCounts{}
	for i, b := range m.Blocs {
		if b.Code != "CHN" {
			continue
		}
		for _, row := range m.Propositions {
			if i < len(row.Blocs) {
				c := row.Blocs[i]
				out[row.Proposition.ID] = only(c.Support, c.CanLiveWith, c.CannotAccept, c.Pending)
			}
		}
	}
	return out
}

func countsOfMap(m ground.Map) mapCounts {
	out := mapCounts{}
	for i, b := range m.Blocs {
		if b.Code != "CHN" {
			continue
		}
		for _, row := range m.Rows {
			c := row.Blocs[i]
			out[row.Proposition.ID] = only(c.Support, c.LiveWith, c.Object, c.Pending)
		}
	}
	return out
}

// only is the one stance a one-member bloc's counts show, or "".
func only(support, live, object, pending int) ground.Stance {
	switch {
	case support+live+object+pending != 1:
		return ""
	case support == 1:
		return ground.Support
	case live == 1:
		return ground.CanLiveWith
	case object == 1:
		return ground.CannotAccept
	}
	return ground.Pending
}

func errOr(err error, s string) string {
	if err != nil {
		return err.Error()
	}
	return s
}
