package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// publish writes a practice as who (for country when the secretariat),
// submits it and has the secretariat publish it; it returns its id.
func (fx *practiceFixture) publish(t *testing.T, who *account.User, v url.Values) string {
	t.Helper()
	c := fx.as(who, "en")
	res := c.postForm("/practices", v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create as %s: %d", who.Email, res.StatusCode)
	}
	id := createdID(t, res.Header.Get("Location"))
	if res := c.postForm("/practices/"+id+"/submit", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if res := fx.as(&fx.admin, "en").postForm("/practices/"+id+"/publish", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	return id
}

// TestPracticeWebDifferentPaths: Brazil's and Argentina's practices on
// child mortality side by side, by name, with the sentence that no model
// is the answer; China's on another theme is not there, and the index
// lists the theme two countries share, not China's own.
func TestPracticeWebDifferentPaths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := newPracticeFixture(t, db)
		fx.publish(t, &fx.dlgBRA, braPractice())
		fx.publish(t, &fx.admin, url.Values{"country": {"ARG"}, "language": {"es"}, "title": {"Plan Nacer"}, "concepts": {"child-mortality"},
			"context": {"Muchas familias sin seguro de salud."}, "actions": {"Pago por resultados a las provincias."},
			"results": {"Menos muertes neonatales."}, "costs": {"Préstamo del Banco Mundial."}, "lessons": {"Medir lo que se paga."}})
		fx.publish(t, &fx.dlgCHN, url.Values{"language": {"en"}, "title": {"Village doctors"}, "concepts": {"right-to-education"}, "context": {"Villages far from towns."}})

		public := fx.as(nil, "en")
		index := doc(t, public.get("/practices/paths"))
		var themes []string
		for _, li := range find(one(t, index, "section", "id", "path-themes"), "li") {
			themes = append(themes, attr(li, "data-concept"))
		}
		// (The thesaurus may find more shared themes in the texts.)
		if !slices.Contains(themes, "child-mortality") || slices.Contains(themes, "right-to-education") {
			t.Errorf("themes of two countries: %v, want child-mortality and not right-to-education (China's alone)", themes)
		}

		n := doc(t, public.get("/practices/paths?concept=child-mortality"))
		if got := text(one(t, n, "p", "id", "no-single-model")); !strings.Contains(got, "no single model is presented as the answer") {
			t.Errorf("intro: %q", got)
		}
		table := one(t, n, "table", "id", "paths")
		var cols []string
		for _, th := range find(one(t, table, "thead"), "th", "scope", "col") {
			if c := attr(th, "data-country"); c != "" {
				cols = append(cols, c+"="+text(th))
			}
		}
		if strings.Join(cols, " ") != "ARG=Argentina BRA=Brazil" {
			t.Errorf("columns: %v", cols)
		}
		for row, want := range map[string][]string{
			"row-context": {"Muchas familias sin seguro de salud.", "Under-5 deaths in remote river communities were twice the national rate."},
			"row-results": {"Menos muertes neonatales.", "Under-5 deaths fell by half in the districts covered."},
			"row-costs":   {"Préstamo del Banco Mundial.", "About 40 dollars per household a year."},
			"row-lessons": {"Medir lo que se paga.", "Agents from the community are trusted."},
		} {
			tds := find(one(t, table, "tr", "id", row), "td")
			if len(tds) != 2 || text(tds[0]) != want[0] || text(tds[1]) != want[1] {
				var got []string
				for _, td := range tds {
					got = append(got, text(td))
				}
				t.Errorf("%s: %q, want %q", row, got, want)
			}
		}
		if code := public.get("/practices/paths?concept=right-to-education").StatusCode; code != 200 {
			t.Errorf("a theme of one country: %d, want 200 (its one column)", code)
		}
	})
}

// TestPracticeWebContactByReader: the contact of a published practice is
// on its page for the room (delegates, the chair, the secretariat) and
// nobody else, who reads that one exists.
func TestPracticeWebContactByReader(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := newPracticeFixture(t, db)
		id := fx.publish(t, &fx.dlgBRA, braPractice())
		val := fx.s.user("validator@example.org", account.Validator)
		for _, c := range []struct {
			who  string
			u    *account.User
			sees bool
		}{
			{"the public", nil, false}, {"an observer", &fx.obs, false}, {"a validator", &val, false},
			{"Brazil's delegate", &fx.dlgBRA, true}, {"China's delegate", &fx.dlgCHN, true}, {"the chair", &fx.chair, true}, {"the secretariat", &fx.admin, true},
		} {
			res := fx.as(c.u, "en").get("/practices/" + id)
			var buf bytes.Buffer
			buf.ReadFrom(res.Body)
			body := buf.String()
			if got := strings.Contains(body, "ana.souza@saude.example"); got != c.sees {
				t.Errorf("%s reads the contact: %v, want %v", c.who, got, c.sees)
			}
			if got := strings.Contains(body, `id="contact-hidden"`); got == c.sees {
				t.Errorf("%s is told a contact is kept from them: %v, want %v", c.who, got, !c.sees)
			}
		}
	})
}

// TestPracticeWebFormErrors: refused forms come back with the reason in
// the reader's language and what was typed kept.
func TestPracticeWebFormErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := newPracticeFixture(t, db)
		for _, c := range []struct {
			lang, path string
			form       url.Values
			want       string
		}{
			{"es", "/practices", url.Values{"language": {"es"}, "title": {"  "}, "context": {"Contexto escrito."}}, "Título: Este campo es obligatorio."},
			{"es", "/practices", url.Values{"language": {"es"}, "title": {"Agentes"}, "period_from": {"dos mil"}, "context": {"Contexto escrito."}}, "Indique el año en cifras, p. ej. 2015."},
			{"fr", "/asks", url.Values{"kind": {"request"}, "language": {"fr"}, "title": {""}, "body": {"Texte écrit."}}, "Titre\u00a0: Ce champ est obligatoire."},
		} {
			res := fx.as(&fx.dlgBRA, c.lang).postForm(c.path, c.form)
			if res.StatusCode != 400 {
				t.Errorf("%s %v: %d, want 400", c.path, c.form, res.StatusCode)
				continue
			}
			n := doc(t, res)
			if got := text(one(t, n, "p", "id", "form-error")); got != c.want {
				t.Errorf("%s in %s: %q, want %q", c.path, c.lang, got, c.want)
			}
			kept := c.form.Get("context")
			if kept == "" {
				kept = c.form.Get("body")
			}
			field := "context"
			if c.path == "/asks" {
				field = "body"
			}
			if got := text(one(t, n, "textarea", "id", field)); got != kept {
				t.Errorf("%s: %s kept as %q, want %q", c.path, field, got, kept)
			}
		}
	})
}

// TestPracticeWebDocuments: a file sent with the form becomes a document
// of the practice, linked from its page and served once it is published.
func TestPracticeWebDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := newPracticeFixture(t, db)
		bra := fx.as(&fx.dlgBRA, "en")
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range braPractice() {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		mw.WriteField("csrf", bra.csrf())
		fw, _ := mw.CreateFormFile("documents", "evaluation.pdf")
		fw.Write([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"))
		mw.Close()
		res := bra.do("POST", "/practices", &buf, http.Header{"Content-Type": {mw.FormDataContentType()}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create with a document: %d", res.StatusCode)
		}
		id := createdID(t, res.Header.Get("Location"))
		links := find(one(t, doc(t, bra.get("/practices/"+id)), "section", "id", "practice-documents"), "a")
		if len(links) != 1 || text(links[0]) != "evaluation.pdf" || !strings.HasPrefix(attr(links[0], "href"), "/uploads/") {
			t.Fatalf("documents: %d links", len(links))
		}
		file := attr(links[0], "href")
		if code := fx.as(nil, "en").get(file).StatusCode; code != 404 {
			t.Errorf("a draft's document read by the public: %d, want 404", code)
		}
		bra.postForm("/practices/"+id+"/submit", nil)
		fx.as(&fx.admin, "en").postForm("/practices/"+id+"/publish", nil)
		if code := fx.as(nil, "en").get(file).StatusCode; code != 200 {
			t.Errorf("a published practice's document read by the public: %d, want 200", code)
		}
	})
}
