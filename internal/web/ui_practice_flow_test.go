package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// braPractice is Brazil's practice as its delegate types it.
func braPractice() url.Values {
	return url.Values{
		"language": {"en"}, "title": {"Community health agents in the Amazon"},
		"concepts":    {"child-mortality"},
		"targets":     {"3.2"},
		"period_from": {"2003"}, "period_to": {"2019"},
		"institutions": {"Ministry of Health"},
		"context":      {"Under-5 deaths in remote river communities were twice the national rate."},
		"actions":      {"Agents recruited in each community visit every household monthly."},
		"results":      {"Under-5 deaths fell by half in the districts covered."},
		"costs":        {"About 40 dollars per household a year."},
		"lessons":      {"Agents from the community are trusted."},
		"transfer":     {"Needs a salaried post for each agent."},
		"contact":      {"Ana Souza, ana.souza@saude.example"},
	}
}

// TestPracticeWebFlow: Brazil's delegate writes a practice and submits
// it, the secretariat publishes it; a request of China shows it among the
// suggestions with its reason in words; the secretariat proposes the match
// and brings it to done with a result; the public reads it only then.
func TestPracticeWebFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := newPracticeFixture(t, db)
		bra, admin, chn, public := fx.as(&fx.dlgBRA, "en"), fx.as(&fx.admin, "en"), fx.as(&fx.dlgCHN, "en"), fx.as(nil, "en")

		if res := bra.get("/practices/new"); res.StatusCode != 200 {
			t.Fatalf("new practice form: %d", res.StatusCode)
		}
		res := bra.postForm("/practices", braPractice())
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d", res.StatusCode)
		}
		pid := createdID(t, res.Header.Get("Location"))
		page := "/practices/" + pid

		// A draft: its delegation and the secretariat, nobody else.
		n := doc(t, bra.get(page))
		if got := attr(one(t, n, "article", "id", "practice"), "data-state"); got != "draft" {
			t.Errorf("state after writing: %q, want draft", got)
		}
		if got := text(one(t, n, "h1", "id", "practice-title")); got != "Community health agents in the Amazon" {
			t.Errorf("title: %q", got)
		}
		for who, c := range map[string]*client{"public": public, "China": chn} {
			if code := c.get(page).StatusCode; code != 404 {
				t.Errorf("draft read by %s: %d, want 404", who, code)
			}
		}
		if res := bra.postForm(page+"/submit", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("submit: %d", res.StatusCode)
		}
		if code := public.get(page).StatusCode; code != 404 {
			t.Errorf("submitted read by the public: %d, want 404", code)
		}
		// Brazil may not publish its own practice.
		if code := bra.postForm(page+"/publish", nil).StatusCode; code != 403 {
			t.Errorf("publish by Brazil: %d, want 403", code)
		}
		if res := admin.postForm(page+"/publish", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d", res.StatusCode)
		}

		// Published: everyone reads it, the contact only the room.
		pub := doc(t, public.get(page))
		if got := attr(one(t, pub, "article", "id", "practice"), "data-state"); got != "published" {
			t.Errorf("state after publishing: %q", got)
		}
		if f := find(pub, "", "id", "practice-contact"); len(f) != 0 {
			t.Errorf("the public reads the contact: %q", text(f[0]))
		}
		one(t, pub, "p", "id", "contact-hidden")
		if got := text(one(t, find(pub, "tr", "data-lang", "en")[0], "td")); got != "original" {
			t.Errorf("status of the English text: %q, want original", got)
		}
		if got := text(one(t, doc(t, chn.get(page)), "p", "id", "practice-contact")); got != "Ana Souza, ana.souza@saude.example" {
			t.Errorf("contact as China's delegate: %q", got)
		}
		// In Spanish, the page says the text is not in Spanish.
		status := text(one(t, doc(t, fx.as(nil, "es").get(page)), "p", "id", "translation-status"))
		if status != "Esta práctica aún no tiene texto en su idioma. Texto en English: original." {
			t.Errorf("translation status in Spanish: %q", status)
		}

		// China asks to learn about child mortality.
		res = chn.postForm("/asks", url.Values{"kind": {"request"}, "title": {"Reducing child mortality in remote areas"}, "language": {"en"},
			"concepts": {"child-mortality"}, "level": {"public"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("request: %d", res.StatusCode)
		}
		rid := createdID(t, res.Header.Get("Location"))
		for lang, want := range map[string]string{"en": "Shares the theme child mortality", "es": "Comparte el tema mortalidad infantil", "zh": "共同主题：儿童死亡率"} {
			n := doc(t, fx.as(&fx.dlgCHN, lang).get("/asks/"+rid))
			sugg := find(n, "li", "data-kind", "practice", "data-practice", pid)
			if len(sugg) != 1 {
				t.Fatalf("%s: Brazil's practice among the suggestions %d times", lang, len(sugg))
			}
			if got := text(one(t, sugg[0], "li", "data-code", "shared_concept")); got != want {
				t.Errorf("%s: reason %q, want %q", lang, got, want)
			}
			if len(find(n, "button", "class", "button secondary propose")) != 0 {
				t.Errorf("%s: China's delegate is offered to propose a match", lang)
			}
		}

		// The secretariat proposes the match and brings it to a result.
		res = admin.postForm("/asks/"+rid+"/matches", url.Values{"practice_id": {pid}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("propose: %d", res.StatusCode)
		}
		mid := createdID(t, res.Header.Get("Location"))
		match := "/matches/" + mid
		for _, st := range []string{"accepted", "in_progress"} {
			if res := admin.postForm(match+"/status", url.Values{"status": {st}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("to %s: %d", st, res.StatusCode)
			}
		}
		for who, c := range map[string]*client{"Brazil": bra, "China": chn} {
			if code := c.get(match).StatusCode; code != 200 {
				t.Errorf("match in progress read by %s: %d, want 200", who, code)
			}
		}
		if code := public.get(match).StatusCode; code != 404 {
			t.Errorf("match in progress read by the public: %d, want 404", code)
		}
		// Done without a result: refused, in the reader's language.
		res = fx.as(&fx.admin, "es").postForm(match+"/status", url.Values{"status": {"done"}})
		if res.StatusCode != 400 {
			t.Fatalf("done without a result: %d, want 400", res.StatusCode)
		}
		if got := text(one(t, doc(t, res), "p", "id", "form-error")); got != "Indique a qué condujo el emparejamiento: una visita de intercambio, una capacitación o un proyecto conjunto." {
			t.Errorf("error in Spanish: %q", got)
		}
		if res := admin.postForm(match+"/status", url.Values{"status": {"done"}, "result": {"exchange_visit"}, "note": {"Two weeks in Manaus"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("done: %d", res.StatusCode)
		}
		m := doc(t, public.get(match))
		if got := text(one(t, m, "dd", "id", "match-status")); got != "Done" {
			t.Errorf("status: %q", got)
		}
		if got := text(one(t, m, "dd", "id", "match-result")); got != "Exchange visit — Two weeks in Manaus" {
			t.Errorf("result: %q", got)
		}
		var steps []string
		for _, tr := range find(one(t, m, "section", "id", "match-history"), "tr") {
			if s := attr(tr, "data-status"); s != "" {
				steps = append(steps, s)
			}
		}
		if strings.Join(steps, " ") != "proposed accepted in_progress done" {
			t.Errorf("history: %v", steps)
		}
	})
}
