package speakers_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/refdata"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

type fixture struct {
	svc                            *speakers.Service
	db                             *store.DB
	admin, chair, bra, chn, mex, o *account.User
	session                        dialogue.Session
	dBRA, dCHN, dMEX               dialogue.Delegation
}

func setup(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	set, _ := refdata.Load()
	if _, err := country.Sync(ctx, db, set); err != nil {
		t.Fatal(err)
	}
	acc, _ := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	mk := func(email string, r account.Role, del string) *account.User {
		u, err := acc.Create(ctx, audit.System("test"), account.NewUser{Email: email, DisplayName: email, Role: r, Delegation: del, Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		return &u
	}
	dlg := &dialogue.Service{DB: db}
	f := &fixture{svc: &speakers.Service{DB: db, Dialogue: dlg}, db: db,
		admin: mk("a@example.org", account.Administrator, ""), chair: mk("ch@example.org", account.Chair, ""),
		bra: mk("b@example.org", account.Delegate, "BRA"), chn: mk("c@example.org", account.Delegate, "CHN"),
		mex: mk("m@example.org", account.Delegate, "MEX"), o: mk("o@example.org", account.Observer, "")}
	forum, err := dlg.CreateForum(ctx, f.admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable on Human Rights"}})
	if err != nil {
		t.Fatal(err)
	}
	ed, err := dlg.CreateEdition(ctx, f.admin, dialogue.Edition{ForumID: forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"},
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Government of Brazil", Languages: []string{"zh", "es", "pt", "en"}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2024, 11, 19, 9, 0, 0, 0, time.UTC)
	f.session, err = dlg.SaveSession(ctx, f.admin, dialogue.Session{EditionID: ed.ID, Titles: dialogue.Texts{"en": "The right to development"}, StartsAt: start, EndsAt: start.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		code       string
		accredited bool
		out        *dialogue.Delegation
	}{{"BRA", true, &f.dBRA}, {"CHN", true, &f.dCHN}, {"MEX", false, &f.dMEX}} {
		d, err := dlg.AddDelegation(ctx, f.admin, dialogue.Delegation{EditionID: ed.ID, Kind: dialogue.KindCountry, Code: p.code})
		if err != nil {
			t.Fatal(err)
		}
		if err := dlg.Accredit(ctx, f.admin, d.ID, p.accredited); err != nil {
			t.Fatal(err)
		}
		*p.out = d
	}
	return f
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil || errs.As(err).Code != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) board(t *testing.T) speakers.Board {
	t.Helper()
	b, err := f.svc.State(context.Background(), f.chair, f.session.ID)
	must(t, err)
	return b
}

func codes(es []speakers.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Code+":"+e.Kind)
	}
	return out
}

func TestRequestRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx, sid := context.Background(), f.session.ID
		_, err := f.svc.Request(ctx, f.bra, sid, speakers.Request{})
		wantCode(t, err, "list_closed")
		wantCode(t, f.svc.Open(ctx, f.bra, sid), "forbidden")
		must(t, f.svc.Open(ctx, f.chair, sid))
		must(t, f.svc.Open(ctx, f.chair, sid)) // already open: nothing changes

		_, err = f.svc.Request(ctx, f.bra, sid, speakers.Request{DelegationID: f.dCHN.ID})
		wantCode(t, err, "not_your_delegation")
		_, err = f.svc.Request(ctx, f.mex, sid, speakers.Request{})
		wantCode(t, err, "delegation_not_accredited")
		_, err = f.svc.Request(ctx, f.o, sid, speakers.Request{})
		wantCode(t, err, "forbidden")
		_, err = f.svc.Request(ctx, f.chn, sid, speakers.Request{OnBehalfOf: "CELAC"})
		wantCode(t, err, "not_group_member")
		_, err = f.svc.Request(ctx, f.bra, sid, speakers.Request{OnBehalfOf: "WB-HIC"})
		wantCode(t, err, "unknown_group")
		_, err = f.svc.Request(ctx, f.bra, sid, speakers.Request{Kind: "filibuster"})
		wantCode(t, err, "invalid_kind")

		e, err := f.svc.Request(ctx, f.bra, sid, speakers.Request{OnBehalfOf: "celac"})
		must(t, err)
		if e.DelegationID != f.dBRA.ID || e.OnBehalfOf != "CELAC" || e.Status != speakers.Waiting {
			t.Fatalf("entry %+v", e)
		}
		_, err = f.svc.Request(ctx, f.bra, sid, speakers.Request{})
		wantCode(t, err, "already_requested")
		_, err = f.svc.Request(ctx, f.bra, sid, speakers.Request{Kind: speakers.RightOfReply})
		must(t, err)
		// The secretariat adds any delegation of the edition, but must name it.
		_, err = f.svc.Request(ctx, f.admin, sid, speakers.Request{})
		wantCode(t, err, "not_found")
		_, err = f.svc.Request(ctx, f.admin, sid, speakers.Request{DelegationID: f.dCHN.ID})
		must(t, err)

		b := f.board(t)
		if got := codes(b.Waiting); len(got) != 3 || got[0] != "BRA:floor" || got[1] != "BRA:right_of_reply" || got[2] != "CHN:floor" {
			t.Fatalf("waiting %v", got)
		}
		if b.Waiting[0].OnBehalfOfName["en"] != "CELAC" || b.Waiting[0].Names["zh"] == "" {
			t.Fatalf("names %+v", b.Waiting[0])
		}
		must(t, f.svc.Close(ctx, f.chair, sid))
		_, err = f.svc.Request(ctx, f.chn, sid, speakers.Request{Kind: speakers.RightOfReply})
		wantCode(t, err, "list_closed")
		if b := f.board(t); b.Status != speakers.Closed || len(b.Waiting) != 3 {
			t.Fatalf("closing the list dropped requests: %+v", b)
		}
	})
}

func TestFloorOneSpeakerAtATime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx, sid := context.Background(), f.session.ID
		must(t, f.svc.Open(ctx, f.chair, sid))
		wantCode(t, f.svc.Start(ctx, f.chair, sid, 0), "no_waiting_speaker")
		wantCode(t, f.svc.Stop(ctx, f.chair, sid), "no_current_speaker")
		bra, _ := f.svc.Request(ctx, f.bra, sid, speakers.Request{})
		chn, _ := f.svc.Request(ctx, f.chn, sid, speakers.Request{})
		reply, _ := f.svc.Request(ctx, f.bra, sid, speakers.Request{Kind: speakers.RightOfReply})

		wantCode(t, f.svc.Start(ctx, f.bra, sid, 0), "forbidden")
		wantCode(t, f.svc.Reorder(ctx, f.bra, sid, []int64{chn.ID, bra.ID, reply.ID}), "forbidden")
		wantCode(t, f.svc.Reorder(ctx, f.chair, sid, []int64{chn.ID, bra.ID}), "stale_order")
		must(t, f.svc.Reorder(ctx, f.chair, sid, []int64{chn.ID, reply.ID, bra.ID}))
		must(t, f.svc.Move(ctx, f.chair, sid, bra.ID, -1))
		if got := codes(f.board(t).Waiting); got[0] != "CHN:floor" || got[1] != "BRA:floor" || got[2] != "BRA:right_of_reply" {
			t.Fatalf("after reorder and move: %v", got)
		}

		must(t, f.svc.Start(ctx, f.chair, sid, 0))
		b := f.board(t)
		if b.Speaking == nil || b.Speaking.ID != chn.ID || b.Speaking.StartedAt == nil || len(b.Waiting) != 2 {
			t.Fatalf("after start: %+v", b)
		}
		must(t, f.svc.Start(ctx, f.admin, sid, reply.ID)) // the chair may skip ahead
		b = f.board(t)
		if b.Speaking.ID != reply.ID || len(b.Done) != 1 || b.Done[0].ID != chn.ID || b.Done[0].EndedAt == nil {
			t.Fatalf("starting the next did not end the previous: %+v", b)
		}

		// A delegate withdraws only their own waiting request.
		wantCode(t, f.svc.Withdraw(ctx, f.chn, sid, bra.ID), "not_your_delegation")
		wantCode(t, f.svc.Withdraw(ctx, f.bra, sid, reply.ID), "not_waiting")
		must(t, f.svc.Withdraw(ctx, f.bra, sid, bra.ID))
		must(t, f.svc.Stop(ctx, f.chair, sid))
		b = f.board(t)
		if b.Speaking != nil || len(b.Waiting) != 0 || len(b.Done) != 2 {
			t.Fatalf("after withdraw and stop: %+v", b)
		}

		// Every change was audited and announced.
		var audited, live int
		db.Reader().QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE entity_type = 'speaker_list'").Scan(&audited)
		db.Reader().QueryRow(ctx, "SELECT count(*) FROM live_events WHERE channel = ?", speakers.Channel(sid)).Scan(&live)
		// open, 3 requests, reorder, move, 2 starts, withdraw, stop
		if audited != 10 || live != 10 {
			t.Fatalf("audited %d, announced %d; want 10 each", audited, live)
		}
	})
}

// TestConcurrentStartsKeepOneSpeaker presses "next" from many places at
// once: the list lock must leave exactly one delegation on the floor.
func TestConcurrentStartsKeepOneSpeaker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx, sid := context.Background(), f.session.ID
		must(t, f.svc.Open(ctx, f.chair, sid))
		a, _ := f.svc.Request(ctx, f.bra, sid, speakers.Request{})
		b, _ := f.svc.Request(ctx, f.chn, sid, speakers.Request{})
		c, _ := f.svc.Request(ctx, f.bra, sid, speakers.Request{Kind: speakers.RightOfReply})
		var wg sync.WaitGroup
		for _, id := range []int64{0, a.ID, b.ID, c.ID, 0, c.ID, b.ID, a.ID} {
			wg.Go(func() { f.svc.Start(ctx, f.chair, sid, id) })
		}
		wg.Wait()
		var speaking int
		must(t, db.Reader().QueryRow(ctx, "SELECT count(*) FROM speaker_entries WHERE session_id = ? AND status = 'speaking'", sid).Scan(&speaking))
		if speaking != 1 {
			t.Fatalf("%d speakers on the floor", speaking)
		}
	})
}

func TestStateFollowsEditionVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		ctx := context.Background()
		if _, err := f.svc.State(ctx, nil, f.session.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unpublished edition's list shown to the public: %v", err)
		}
		b, err := f.svc.State(ctx, f.bra, f.session.ID)
		must(t, err)
		if b.Status != speakers.Closed || b.Speaking != nil || b.Waiting == nil {
			t.Fatalf("fresh board %+v", b)
		}
	})
}

func TestHubWakesSubscribers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		announce := func(ch string) {
			must(t, db.Write(ctx, func(tx *store.Tx) error { return outbox.Live(ctx, tx, ch) }))
		}
		announce("speakers:1") // history: the hub starts after it
		h := speakers.NewHub(db, nil)
		one, stop1 := h.Subscribe("speakers:1")
		two, stop2 := h.Subscribe("speakers:2")
		defer stop2()
		go h.Run(ctx)
		select {
		case <-one:
			t.Fatal("woken by an event from before the hub started")
		case <-time.After(400 * time.Millisecond):
		}
		start := time.Now()
		announce("speakers:1")
		select {
		case <-one:
			t.Logf("woken after %v", time.Since(start))
		case <-time.After(time.Second):
			t.Fatal("not woken within a second")
		}
		select {
		case <-two:
			t.Fatal("woken by another channel's event")
		default:
		}
		stop1()
		stop1()
		announce("speakers:1") // nobody listens; must not block the hub
		announce("speakers:2")
		select {
		case <-two:
		case <-time.After(time.Second):
			t.Fatal("hub stalled")
		}
		// Stopping the hub ends every subscription, so streams end and the
		// server can shut down.
		cancel()
		deadline := time.After(time.Second)
		for closed := false; !closed; {
			select {
			case _, ok := <-two:
				closed = !ok
			case <-deadline:
				t.Fatal("subscription still open after the hub stopped")
			}
		}
		if _, open := <-mustSubscribe(h); open {
			t.Fatal("a stopped hub took a new subscriber")
		}
	})
}

func mustSubscribe(h *speakers.Hub) <-chan struct{} {
	c, _ := h.Subscribe("speakers:1")
	return c
}
