package journey

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"roundtable/internal/commitment"
	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/outcome"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/thesaurus"
)

// Words of data/demo/china-lac-2-action.json the journey looks for,
// written down by hand.
const (
	communiqueOP2 = "Undertake to ensure that all girls and boys complete free, equitable and quality primary and secondary education"
	requestTitle  = "Reducir la mortalidad de niñas y niños menores de cinco años en zonas rurales y remotas"
	// The practice's title in the request's language (Spanish).
	practiceTitle = "Reducir la muerte materna e infantil en las zonas rurales: subsidios al parto hospitalario y redes distritales de atención a madres y recién nacidos"
)

// actionSite is the demo served with its practical action loaded, as
// `serve --demo` loads it after the edition.
func actionSite(t *testing.T, db *store.DB) (*site, demo.ActionLoaded) {
	t.Helper()
	chromiumPath(t) // skips (or fails in CI) before loading the demo for nothing
	s := startSite(t, db)
	shipped, err := thesaurus.Shipped()
	must(t, "the shipped thesaurus", err)
	th, err := thesaurus.New(shipped)
	must(t, "the shipped thesaurus", err)
	records := &dialogue.Service{DB: db}
	joint := &outcome.Service{DB: db, Dialogue: records}
	data := evidence.New(db)
	loaded, err := demo.LoadAction(t.Context(), demo.Action{
		Accounts:    s.Accounts,
		Outcome:     joint,
		Commitments: &commitment.Service{DB: db, Dialogue: records, Outcome: joint, Evidence: data, Thesaurus: concepts{th}},
		Practices:   &practice.Service{DB: db, Dialogue: records, Evidence: data, Thesaurus: concepts{th}},
	})
	must(t, "load the demo's practical action", err)
	return s, loaded
}

// concepts is the shipped thesaurus as the services' tagger.
type concepts struct{ t *thesaurus.Thesaurus }

func (c concepts) Tag(lang, text string) []string { return c.t.Tag(lang, text) }
func (c concepts) Known(id string) bool {
	_, ok := c.t.Concept(id)
	return ok
}

// setField sets the value of the i-th form field named name, as a person
// picking an option or typing a date would.
func setField(t *testing.T, ctx context.Context, name string, i int, value string) {
	t.Helper()
	ok := eval[bool](t, ctx, fmt.Sprintf(`(() => {
		const e = document.getElementsByName(%s)[%d];
		if (!e) return false;
		e.value = %s;
		e.dispatchEvent(new Event("change", {bubbles: true}));
		return e.value === %s;
	})()`, js(name), i, js(value), js(value)))
	if !ok {
		t.Fatalf("the form has no field %s #%d taking %q", name, i+1, value)
	}
}

// openPage opens a path of the site and waits until the tab shows it,
// loaded, so that what is read next is read on that page and not on the
// one before (a page being replaced answers with an error for a moment).
func openPage(t *testing.T, ctx context.Context, s *site, p string) {
	t.Helper()
	open(t, ctx, s, p)
	path, _, _ := strings.Cut(p, "?")
	check := "location.pathname === " + js(path) + ` && document.readyState === "complete"`
	for range 50 {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](check)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the tab did not settle on %s", p)
}

// idFromPath is the last number of the tab's path (/commitments/7 → 7).
func idFromPath(t *testing.T, ctx context.Context, prefix string) int64 {
	t.Helper()
	p := pagePath(t, ctx)
	id, err := strconv.ParseInt(strings.TrimPrefix(p, prefix), 10, 64)
	if !strings.HasPrefix(p, prefix) || err != nil {
		t.Fatalf("landed on %s, want %s{id}", p, prefix)
	}
	return id
}

// TestActionJourney walks issue 14's "Done when" in the demo: the
// secretariat goes from the adopted communiqué to its text and turns its
// operative paragraph OP2 into a commitment of Bolivia and Mexico through
// the form; Bolivia's focal point
// files a report and sends it; the validator bound to Bolivia publishes it;
// the public tracker shows Bolivia's self-reported status, and the
// commitment's page shows it beside the progress from the data (and, on
// the demo's own commitment, their disagreement); the secretariat opens
// Bolivia's request, sees China's practice suggested with the reason, and
// proposes the match, whose page keeps the reason.
func TestActionJourney(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, loaded := actionSite(t, db)

		// The secretariat records the commitment from OP2.
		sec := newBrowserWithin(t, 4*time.Minute, browserLanguage("en-US"))
		open(t, sec, s, "/signin")
		signInAdmin(t, sec, s)
		// From the communiqué to its adopted text, and from OP2 there to
		// the form.
		open(t, sec, s, fmt.Sprintf("/outcomes/%d", loaded.Communique))
		clickAndLoad(t, sec, "#doc-adopted a", http.StatusOK)
		clickAndLoad(t, sec, `a.record-commitment[href$="label=OP2"]`, http.StatusOK)
		if p := pagePath(t, sec); p != "/commitments/new" {
			t.Fatalf("OP2's link led to %s, want the commitment form", p)
		}
		if got := text(t, sec, "#source-text"); !strings.HasPrefix(got, communiqueOP2) {
			t.Fatalf("the form quotes %q, want the communiqué's OP2", got)
		}
		setField(t, sec, "title", 0, "")
		must(t, "retitle", chromedp.Do(sec, chromedp.SendKeys(chromedp.CSS("#f-title"), "Complete primary and secondary education in rural areas")))
		setField(t, sec, "owner_country", 0, "BOL")
		setField(t, sec, "owner_institution", 0, "Ministerio de Educación")
		setField(t, sec, "owner_country", 1, "MEX")
		setField(t, sec, "owner_institution", 1, "Secretaría de Educación Pública")
		must(t, "targets", chromedp.Do(sec, chromedp.SendKeys(chromedp.CSS("#f-targets"), "4.1")))
		setField(t, sec, "starts_on", 0, "2025-09-01")
		setField(t, sec, "due_on", 0, "2030-12-31")
		setField(t, sec, "milestone_title", 0, "School transport plan for rural districts")
		setField(t, sec, "milestone_due", 0, "2026-12-31")
		// Bolivia measures it by gross secondary enrolment (WDI: 88.9 in 2020).
		setField(t, sec, "indicator_code", 0, "SE.SEC.ENRR")
		setField(t, sec, "indicator_country", 0, "BOL")
		setField(t, sec, "baseline_year", 0, "2020")
		setField(t, sec, "baseline", 0, "88.9")
		setField(t, sec, "target_year", 0, "2030")
		setField(t, sec, "target", 0, "100")
		clickAndLoad(t, sec, "#commitment-form button[type=submit]", http.StatusOK)
		id := idFromPath(t, sec, "/commitments/")
		if got := eval[string](t, sec, `[...document.querySelectorAll("#owners li")].map(e => e.dataset.owner).join(" ")`); got != "BOL MEX" {
			t.Errorf("the new commitment's owners %q, want BOL MEX", got)
		}
		if got := eval[string](t, sec, `document.querySelector("#source").dataset.source`); got != "paragraph" {
			t.Errorf("the new commitment's source %q, want paragraph", got)
		}

		// Bolivia's focal point files a report and sends it for validation.
		focal := newBrowser(t, browserLanguage("es-ES"))
		signInAs(t, focal, s, demo.DelegateEmail("BOL"))
		open(t, focal, s, fmt.Sprintf("/commitments/%d", id))
		clickAndLoad(t, focal, "#file-report", http.StatusOK)
		setField(t, focal, "reported_on", 0, "2026-11-30")
		setField(t, focal, "status", 0, string(commitment.InProgress))
		setField(t, focal, "language", 0, "es")
		must(t, "write the narrative", chromedp.Do(focal, chromedp.SendKeys(chromedp.CSS("#r-narrative"),
			"El Ministerio de Educación extendió el transporte escolar a los distritos rurales priorizados.")))
		clickAndLoad(t, focal, `#report-form button[value=submit]`, http.StatusOK)
		openPage(t, focal, s, fmt.Sprintf("/commitments/%d", id))
		if n := count(t, focal, `#drafts li[data-state=submitted]`); n != 1 {
			t.Fatalf("Bolivia's delegation sees %d reports waiting for validation, want 1: %q", n, text(t, focal, "main"))
		}
		// Not published yet: the public does not read it.
		public := newBrowserWithin(t, 2*time.Minute, browserLanguage("en-US"))
		open(t, public, s, fmt.Sprintf("/commitments/%d", id))
		if got := eval[string](t, public, `document.querySelector("#owner-BOL .self-reported").dataset.reported`); got != "none" {
			t.Errorf("before validation the public reads Bolivia's status %q, want none", got)
		}

		// The validator bound to Bolivia publishes it from the queue.
		validator := newBrowser(t, browserLanguage("es-ES"))
		signInAs(t, validator, s, demo.ValidatorEmail)
		open(t, validator, s, "/reports/validation")
		report := eval[int](t, validator, fmt.Sprintf(`(() => {
			const a = document.querySelector('article.pending-report h2 a[href="/commitments/%d"]');
			return a ? Number(a.closest("article").dataset.report) : 0;
		})()`, id))
		if report == 0 {
			t.Fatalf("the validation queue lacks the report: %q", text(t, validator, "main"))
		}
		clickAndLoad(t, validator, fmt.Sprintf(`#validate-form-%d button[value=approve]`, report), http.StatusOK)
		openPage(t, validator, s, "/reports/validation")
		if n := count(t, validator, fmt.Sprintf(`#report-%d`, report)); n != 0 {
			t.Errorf("the approved report is still in the queue")
		}

		// The public tracker shows Bolivia's self-reported status; the
		// commitment's page puts it beside the progress from the data.
		openPage(t, public, s, "/commitments")
		row := fmt.Sprintf(`#commitments tr[data-id="%d"]`, id)
		if n := count(t, public, row); n != 1 {
			t.Fatalf("the tracker lists the new commitment %d times", n)
		}
		status := func(country string) string {
			return eval[string](t, public, fmt.Sprintf(`(() => { const e = document.querySelector('%s li[data-country="%s"] .status'); return e ? e.dataset.status : ""; })()`, row, country))
		}
		if got := status("BOL"); got != string(commitment.InProgress) {
			t.Errorf("the tracker shows Bolivia's status %q, want in_progress", got)
		}
		if got := status("MEX"); got != string(commitment.NoReport) {
			t.Errorf("the tracker shows Mexico's status %q, want none", got)
		}
		clickAndLoad(t, public, row+" th a", http.StatusOK)
		if got := eval[string](t, public, `document.querySelector("#owner-BOL .self-reported").dataset.reported`); got != string(commitment.InProgress) {
			t.Errorf("the page shows Bolivia's self-reported status %q, want in_progress", got)
		}
		// WDI: 90.5 in 2024, 15 % of the way from 88.9 to 100 with 40 % of
		// the time gone — off track.
		data := `#data-BOL tr[data-indicator="SE.SEC.ENRR"]`
		if got := eval[string](t, public, `document.querySelector('`+data+`').dataset.verdict`); got != string(commitment.VerdictOffTrack) {
			t.Errorf("the data verdict for Bolivia %q, want off_track", got)
		}
		if got := text(t, public, data+" td.latest"); !strings.Contains(got, "90.5") || !strings.Contains(got, "2024") {
			t.Errorf("Bolivia's latest value reads %q, want 90.5 (2024)", got)
		}
		// The demo's commitment: Bolivia says achieved, the data disagree.
		openPage(t, public, s, fmt.Sprintf("/commitments/%d", loaded.Commitment))
		if got := eval[string](t, public, `document.querySelector("#owner-BOL .self-reported").dataset.reported`); got != string(commitment.Achieved) {
			t.Errorf("the demo commitment shows Bolivia's status %q, want achieved", got)
		}
		if got := text(t, public, "#disagree-BOL"); !strings.Contains(got, "The data and the report disagree.") {
			t.Errorf("the demo commitment's disagreement reads %q", got)
		}

		// The secretariat opens Bolivia's request; China's practice is
		// suggested for a theme they share, and the match is proposed.
		open(t, sec, s, "/asks")
		clickAndLoad(t, sec, fmt.Sprintf(`a[href="/asks/%d"]`, loaded.Request), http.StatusOK)
		if got := text(t, sec, "h1"); got != requestTitle {
			t.Fatalf("the request's page is titled %q", got)
		}
		sugg := fmt.Sprintf(`#suggestions li.suggestion[data-kind=practice][data-practice="%d"]`, loaded.Practice)
		if n := count(t, sec, sugg); n != 1 {
			t.Fatalf("China's practice is suggested %d times: %q", n, text(t, sec, "#suggestions-section"))
		}
		if got := eval[string](t, sec, `document.querySelector('`+sugg+`').dataset.country`); got != "CHN" {
			t.Errorf("the practice is suggested as %q's, want CHN", got)
		}
		if got := text(t, sec, sugg+" strong"); got != practiceTitle {
			t.Errorf("the practice is suggested as %q, want its title in the request's language", got)
		}
		reasons := text(t, sec, sugg+" ul.peer-reasons")
		if !strings.Contains(reasons, "Shares the theme child mortality") {
			t.Errorf("the suggestion's reasons read %q, want the shared theme child mortality", reasons)
		}
		clickAndLoad(t, sec, sugg+" button.propose", http.StatusOK)
		match := idFromPath(t, sec, "/matches/")
		if got := eval[string](t, sec, `document.querySelector("#match").dataset.status`); got != practice.MatchProposed {
			t.Errorf("match %d is %q, want proposed", match, got)
		}
		if got := text(t, sec, "#match-reasons"); !strings.Contains(got, "Shares the theme child mortality") {
			t.Errorf("the match's reasons read %q, want the shared theme child mortality", got)
		}
	})
}
