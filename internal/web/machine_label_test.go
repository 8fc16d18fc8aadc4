package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
)

// machineLabels lists the machine-translation labels inside n.
func machineLabels(n *html.Node) []string {
	var out []string
	for _, p := range find(n, "p", "class", "machine-label") {
		out = append(out, text(p))
	}
	return out
}

// Wherever a machine version is shown it says so, with the engine, in the
// reader's language; a person's translation beside it does not.
func TestMachineVersionsAreLabelled(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		c := s.client()
		admin := s.token("sec@example.org", account.Administrator)
		ids := setupRecord(t, s, c, admin)
		post := func(path, body string) int64 {
			t.Helper()
			res := c.do("POST", path, strings.NewReader(body), admin)
			wantStatus(t, res, 201)
			return int64(decode[map[string]any](t, res)["id"].(float64))
		}
		put := func(path, body string) {
			t.Helper()
			wantStatus(t, c.do("PUT", path, strings.NewReader(body), admin), 200)
		}
		dlg := &dialogue.Service{DB: s.db}

		// A Spanish statement, translated into Chinese by a person and into
		// Portuguese by Apertium.
		sid := post("/api/v1/statements", fmt.Sprintf(`{"edition_id": %d, "delegation_id": %d, "language": "es", "title": "Desarrollo",
			"text": "El derecho al desarrollo es un derecho humano.", "visibility": "public"}`, ids.edition, ids.bra))
		put(fmt.Sprintf("/api/v1/statements/%d/translations/zh", sid), `{"text": "发展权是一项人权。"}`)
		if err := dlg.TranslationSource().Save(ctx, sid, "es", map[string][]string{"pt": {"O direito ao desenvolvimento é um direito humano."}}, "apertium"); err != nil {
			t.Fatal(err)
		}
		for lang, want := range map[string]string{
			"en": "Machine translation (Apertium) — not authoritative",
			"fr": "Traduction automatique (Apertium) — ne fait pas foi",
			"zh": "机器翻译（Apertium）——不具权威性",
		} {
			pub := s.client()
			pub.lang = lang
			d := doc(t, pub.get(fmt.Sprintf("/statements/%d", sid)))
			if got := machineLabels(one(t, d, "section", "data-language", "pt")); len(got) != 1 || got[0] != want {
				t.Errorf("statement page in %s: Portuguese labelled %q, want %q", lang, got, want)
			}
			if got := machineLabels(one(t, d, "section", "data-language", "zh")); len(got) != 0 {
				t.Errorf("statement page in %s: a person's Chinese labelled %q", lang, got)
			}
		}
		// Its author may replace it: the label links to the translation form,
		// which starts from the machine's Portuguese to post-edit.
		adminUI := s.client().signIn("sec@example.org")
		d := doc(t, adminUI.get(fmt.Sprintf("/statements/%d", sid)))
		replace := fmt.Sprintf("/statements/%d/edit?translate=pt#translation-form", sid)
		if n := len(find(one(t, d, "section", "data-language", "pt"), "a", "href", replace)); n != 1 {
			t.Errorf("%d links to replace the machine version, want 1", n)
		}
		d = doc(t, adminUI.get(strings.TrimSuffix(replace, "#translation-form")))
		if got := text(one(t, d, "textarea", "id", "tr-text")); got != "O direito ao desenvolvimento é um direito humano." {
			t.Errorf("the translation form starts from %q", got)
		}
		var chosen []string
		for _, o := range find(one(t, d, "select", "id", "tr-language"), "option") {
			for _, a := range o.Attr {
				if a.Key == "selected" {
					chosen = append(chosen, attr(o, "value"))
				}
			}
		}
		if len(chosen) != 1 || chosen[0] != "pt" {
			t.Errorf("the translation form's language is %q, want pt", chosen)
		}
		// The API says origin machine and the engine; the person's has none.
		st := decode[dialogue.Statement](t, c.get(fmt.Sprintf("/api/v1/statements/%d", sid)))
		for _, tr := range st.Translations {
			want := map[string][2]string{"pt": {"machine", "apertium"}, "zh": {"human", ""}}[tr.Language]
			if tr.Origin != want[0] || tr.Engine != want[1] {
				t.Errorf("API %s: origin %q engine %q, want %q", tr.Language, tr.Origin, tr.Engine, want)
			}
		}
		// A person's translation over the machine's loses the label.
		put(fmt.Sprintf("/api/v1/statements/%d/translations/pt", sid), `{"text": "O direito ao desenvolvimento é um direito humano fundamental."}`)
		if got := machineLabels(doc(t, s.client().get(fmt.Sprintf("/statements/%d", sid)))); len(got) != 0 {
			t.Errorf("after a person's translation, labels %q", got)
		}

		// A proposition with a machine version in Portuguese.
		pid := post(fmt.Sprintf("/api/v1/editions/%d/propositions", ids.edition), `{"language": "en", "text": "The right to development is a human right."}`)
		put(fmt.Sprintf("/api/v1/propositions/%d/translations/es", pid), `{"text": "El derecho al desarrollo es un derecho humano."}`)
		gr := &ground.Service{DB: s.db, Dialogue: dlg}
		if err := gr.TranslationSource().Save(ctx, pid, "en", map[string][]string{"pt": {"O direito ao desenvolvimento é um direito humano."}}, "libretranslate"); err != nil {
			t.Fatal(err)
		}
		d = doc(t, adminUI.get(fmt.Sprintf("/propositions/%d", pid)))
		if got := machineLabels(one(t, d, "section", "data-language", "pt")); len(got) != 1 || !strings.HasPrefix(got[0], "Machine translation (LibreTranslate) — not authoritative") {
			t.Errorf("proposition page: Portuguese labelled %q", got)
		}
		if got := machineLabels(one(t, d, "section", "data-language", "es")); len(got) != 0 {
			t.Errorf("proposition page: a person's Spanish labelled %q", got)
		}
		one(t, one(t, d, "section", "data-language", "pt"), "a", "href", "?translate=pt#translation-form")
		d = doc(t, adminUI.get(fmt.Sprintf("/propositions/%d?translate=pt", pid)))
		if got := text(one(t, d, "textarea", "id", "tr-text")); got != "O direito ao desenvolvimento é um direito humano." {
			t.Errorf("the proposition's translation form starts from %q", got)
		}

		// An outcome paragraph in Portuguese by Apertium, beside English.
		oid := post(fmt.Sprintf("/api/v1/editions/%d/outcomes", ids.edition), `{"kind": "declaration", "title": "Brasília Declaration", "language": "en"}`)
		para := post(fmt.Sprintf("/api/v1/outcomes/%d/paragraphs", oid), `{"kind": "operative", "text": "Calls upon States to respect human rights;"}`)
		put(fmt.Sprintf("/api/v1/outcomes/%d/paragraphs/OP1/translations/es", oid), `{"text": "Exhorta a los Estados a respetar los derechos humanos;", "status": "draft"}`)
		out := &outcome.Service{DB: s.db, Dialogue: dlg}
		if err := out.TranslationSource().Save(ctx, para, "en", map[string][]string{"pt": {"Apela aos Estados para respeitar direitos humanos;"}}, "apertium"); err != nil {
			t.Fatal(err)
		}
		d = doc(t, adminUI.get(fmt.Sprintf("/outcomes/%d/languages?a=es&b=pt", oid)))
		row := one(t, d, "tr", "id", "row-OP1")
		if got := machineLabels(one(t, row, "td", "data-lang", "pt")); len(got) != 1 || got[0] != "Machine translation (Apertium) — not authoritative" {
			t.Errorf("outcome languages: Portuguese labelled %q", got)
		}
		if got := machineLabels(one(t, row, "td", "data-lang", "es")); len(got) != 0 {
			t.Errorf("outcome languages: a person's Spanish labelled %q", got)
		}
		res := c.do("GET", fmt.Sprintf("/api/v1/outcomes/%d/paragraphs/OP1", oid), nil, admin)
		wantStatus(t, res, 200)
		p := decode[outcome.Paragraph](t, res)
		if p.Texts["pt"].Status != "machine" || p.Texts["pt"].Engine != "apertium" || p.Texts["es"].Engine != "" {
			t.Errorf("API paragraph texts %+v", p.Texts)
		}
	})
}
