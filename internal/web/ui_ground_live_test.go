package web_test

import (
	"bufio"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// digests reads the map's event stream, sending each event's data (the
// digest of what the reader sees).
func digests(t *testing.T, c *client, path string) <-chan string {
	t.Helper()
	res := c.get(path)
	wantStatus(t, res, 200)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	out := make(chan string, 16)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				out <- data
			}
		}
	}()
	return out
}

// next waits for the stream's next event, failing after within.
func next(t *testing.T, events <-chan string, within time.Duration, what string) string {
	t.Helper()
	select {
	case d, ok := <-events:
		if !ok {
			t.Fatalf("%s: the stream ended", what)
		}
		return d
	case <-time.After(within):
		t.Fatalf("%s: no event within %v", what, within)
	}
	return ""
}

func TestGroundStreamSendsOnlyWhatTheReaderMaySee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := liveSite(t, db)
		g := setupGround(t, s)
		bra, obs := s.client().signIn(g.delegate["BRA"]), s.client().signIn(g.obs)
		braEvents, obsEvents := digests(t, bra, g.path("/ground/events")), digests(t, obs, g.path("/ground/events"))
		braFirst := next(t, braEvents, 5*time.Second, "the delegate's first event")
		obsFirst := next(t, obsEvents, 5*time.Second, "the observer's first event")
		// The page carries the digest it was drawn with, so its script
		// fetches nothing when nothing changed since.
		for _, c := range []struct {
			c     *client
			first string
		}{{bra, braFirst}, {obs, obsFirst}} {
			if got := attr(one(t, doc(t, c.c.get(g.path("/ground"))), "div", "id", "ground-board"), "data-digest"); got != c.first {
				t.Errorf("the page's digest %q, the stream's %q", got, c.first)
			}
		}

		// China changes its position: the delegate is told, the observer,
		// who may not see positions, is not.
		chn := s.client().signIn(g.delegate["CHN"])
		wantStatus(t, chn.postForm(fmt.Sprintf("/propositions/%d/position", g.uni), url.Values{"stance": {"can_live_with"}}), 303)
		if d := next(t, braEvents, 5*time.Second, "the delegate after a position changed"); d == braFirst {
			t.Fatal("the delegate's event carries the old digest")
		}
		select {
		case d := <-obsEvents:
			t.Fatalf("the observer got an event (%q) for a position it may not see", d)
		case <-time.After(time.Second):
		}

		// The chair puts a proposition forward: that the observer sees.
		chair := s.client().signIn(g.chair)
		wantStatus(t, chair.postForm(g.path("/propositions"), url.Values{"language": {"en"}, "text": {"Dialogue among civilisations is to be encouraged."}}), 303)
		if d := next(t, obsEvents, 5*time.Second, "the observer after a proposition was published"); d == obsFirst {
			t.Fatal("the observer's event carries the old digest")
		}
	})
}
