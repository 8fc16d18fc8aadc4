package web

import (
	"context"
	"net/http"
	"sync"
	"time"

	"roundtable/internal/dialogue"
)

// The demonstration puts invented words in the mouths of real states, so a
// site that holds it says so on every page, feed and export. The rule is
// the simplest honest one: the demo loads only into an empty database, so
// a database holding the demo forum is a demonstration site, and then
// everything it serves carries the notice.

// Demo names the demonstration content a site may hold.
type Demo struct {
	// ForumSlug is the demo forum's slug: a database holding a forum with
	// it is a demonstration site.
	ForumSlug string
	// Notice is the notice in a language (else English).
	Notice func(lang string) string
}

// demoRecheck is how long the answer to "does the database hold the demo
// forum?" is trusted: one query a minute, not one a request.
const demoRecheck = time.Minute

// demoSite caches whether the database holds the demo forum.
type demoSite struct {
	demo     Demo
	dialogue *dialogue.Service

	mu      sync.Mutex
	checked time.Time
	holds   bool
}

func newDemoSite(d *Demo, dlg *dialogue.Service) *demoSite {
	if d == nil || d.ForumSlug == "" || d.Notice == nil {
		return nil
	}
	return &demoSite{demo: *d, dialogue: dlg}
}

// notice is the demo notice in lang when the site holds the demo, else "".
// A failed check keeps the last answer and is tried again at the next
// request.
func (d *demoSite) notice(lang string) string {
	if d == nil || !d.holdsDemo() {
		return ""
	}
	return d.demo.Notice(lang)
}

func (d *demoSite) holdsDemo() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.checked.IsZero() && time.Since(d.checked) < demoRecheck {
		return d.holds
	}
	// Not the request's context: a reader who leaves must not spoil the
	// answer for everyone else.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	forums, err := d.dialogue.Forums(ctx)
	if err != nil {
		return d.holds
	}
	d.holds = false
	for _, f := range forums {
		if f.Slug == d.demo.ForumSlug {
			d.holds = true
		}
	}
	d.checked = time.Now()
	return d.holds
}

// Notice is a page's own notice: none here. The edition's page and the
// outcome pages still show the demo notice themselves (a Notice field of
// their page, which hides this method from their templates), and the
// layout leaves it out when the page already shows it, so that it is read
// once.
func (l layout) Notice() string { return "" }

// demoNotice is the notice every page, feed and export of a demonstration
// site carries, in lang; "" on any other site.
func (s *Server) demoNotice(lang string) string { return s.demo.notice(lang) }

// exportNotice is the demo notice in an export's language (?lang=, else
// the reader's); a bad ?lang= is the export's to refuse.
func (s *Server) exportNotice(r *http.Request) string {
	lang, err := exportLang(r)
	if err != nil || lang == "" {
		lang = string(stateOf(r).lang)
	}
	return s.demoNotice(lang)
}
