package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/outcome/render"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/web"
)

// Before adoption the downloads are the room's: the latest revision (or
// ?rev=), marked as a draft under negotiation; the marked-up page shows
// what changed; another language shows its versions, and the negotiating
// text with a note where a paragraph has none.
func TestOutcomeDownloadsOfADraft(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newOutcomeAPIFixture(t, s)
		f.draft(t)
		f.call(t, "PUT", f.out("/paragraphs/OP1/translations/es"), f.chair, `{"text": "Acuerdan cooperar en el derecho al desarrollo;", "status": "reviewed"}`, 200)
		f.call(t, "PATCH", f.out("/paragraphs/OP2"), f.chair, `{"text": "Decide to meet again in 2026 in Beijing."}`, 200)
		f.call(t, "POST", f.out("/revisions"), f.chair, `{}`, 201)
		base := fmt.Sprintf("/outcomes/%d/", f.doc)

		bra, chn := f.browser("ana@example.org"), f.browser("li@example.org")
		for _, who := range []string{"", "obs@example.org"} {
			if res := f.browser(who).get(base + "text.pdf"); res.StatusCode != 404 {
				t.Errorf("%q downloads a draft: %d", who, res.StatusCode)
			}
		}

		akn := f.download(t, base+"text.akn.xml", bra, "application/akn+xml; charset=utf-8", fmt.Sprintf(`attachment; filename="outcome-%d-rev-1-en.akn.xml"`, f.doc))
		d, err := render.ParseAKN(bytes.NewReader(akn))
		if err != nil {
			t.Fatal(err)
		}
		if d.Adopted || d.Revision != "Rev.1" || d.Hash != "" {
			t.Errorf("a draft's Akoma Ntoso: adopted %v, revision %q, hash %q", d.Adopted, d.Revision, d.Hash)
		}
		zero := f.download(t, base+"text.akn.xml?rev=0", bra, "application/akn+xml; charset=utf-8", fmt.Sprintf(`attachment; filename="outcome-%d-zero-draft-en.akn.xml"`, f.doc))
		if d, _ := render.ParseAKN(bytes.NewReader(zero)); d.Revision != "Zero draft" || d.Paragraphs[2].Text != "Decide to meet again in [2026]." {
			t.Errorf("the zero draft's Akoma Ntoso: %q, OP2 %q", d.Revision, d.Paragraphs[2].Text)
		}

		page := doc(t, chn.get(base+"text.html?markup=1"))
		var ins, del []string
		for _, n := range find(page, "ins") {
			ins = append(ins, text(n))
		}
		for _, n := range find(page, "del") {
			del = append(del, text(n))
		}
		// The legend's two words come first, then OP2's changes.
		if fmt.Sprint(ins) != "[inserted in Beijing]" || fmt.Sprint(del) != "[deleted [ ]]" {
			t.Errorf("Rev.1 marked up: inserted %q, deleted %q", ins, del)
		}

		es := doc(t, chn.get(base+"text.html?lang=es"))
		var texts, notes []string
		for _, n := range find(es, "p", "class", "text") {
			texts = append(texts, text(n))
		}
		for _, n := range find(es, "p", "class", "outdated") {
			notes = append(notes, text(n))
		}
		want := []string{"Recalling the Universal Declaration of Human Rights,", "Acuerdan cooperar en el derecho al desarrollo;", "Decide to meet again in 2026 in Beijing."}
		if fmt.Sprint(texts) != fmt.Sprint(want) || len(notes) != 2 || notes[0] != "Traducción pendiente o desactualizada: prevalece el texto de negociación" {
			t.Errorf("the text in Spanish: %q, notes %q", texts, notes)
		}
		if h := text(one(t, es, "section", "class", "preamble")); !strings.HasPrefix(h, "Preámbulo") {
			t.Errorf("the Spanish preamble's heading: %q", h)
		}
		if res := chn.get(base + "text.pdf?lang=fr"); res.StatusCode != 400 {
			t.Errorf("a text in a language the edition does not work in: %d", res.StatusCode)
		}
	})
}

// The positions on the working text as CSV, for the room: one row per
// delegation and paragraph, in the text's order, a position taken on an
// earlier wording marked as not current, a reason that looks like a
// formula defused.
func TestOutcomePositionsCSV(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newOutcomeAPIFixture(t, s)
		f.draft(t)
		path := fmt.Sprintf("/outcomes/%d/positions.csv", f.doc)
		csvType, name := "text/csv; charset=utf-8; header=present", fmt.Sprintf(`attachment; filename="outcome-%d-positions.csv"`, f.doc)
		header := "label,delegation,delegation_name,stance,reason,text_version,current,updated_at"
		if got := string(f.download(t, path, f.browser("chair@example.org"), csvType, name)); got != "\uFEFF"+header+"\r\n" {
			t.Errorf("no positions yet: %q", got)
		}
		f.call(t, "POST", f.out("/paragraphs/OP2/positions"), f.ar, `{"stance": "support", "text_version": 1}`, 200)
		f.call(t, "POST", f.out("/paragraphs/OP1/positions"), f.chn, `{"stance": "cannot_accept", "reason": "=SUM(A1) is not our wording", "text_version": 1}`, 200)
		f.call(t, "POST", f.out("/paragraphs/OP1/positions"), f.bra1, `{"stance": "support", "text_version": 1}`, 200)
		f.call(t, "PATCH", f.out("/paragraphs/OP2"), f.chair, `{"text": "Decide to meet again in 2026."}`, 200)

		body := f.download(t, path, f.browser("bruno@example.org"), csvType, name)
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			strings.Split(header, ","),
			{"OP1", "BRA", "Brazil", "support", "", "1", "true"},
			{"OP1", "CHN", "China", "cannot_accept", "'=SUM(A1) is not our wording", "1", "true"},
			{"OP2", "ARG", "Argentina", "support", "", "1", "false"},
		}
		if len(rows) != len(want) {
			t.Fatalf("positions.csv:\n%s", body)
		}
		for i, row := range rows[1:] {
			if _, err := time.Parse(time.RFC3339, row[len(row)-1]); err != nil || fmt.Sprint(row[:len(row)-1]) != fmt.Sprint(want[i+1]) {
				t.Errorf("row %d: %q, want %q and a time", i+1, row, want[i+1])
			}
		}
		if fmt.Sprint(rows[0]) != fmt.Sprint(want[0]) {
			t.Errorf("header %q", rows[0])
		}
		if res := f.browser("obs@example.org").get(path); res.StatusCode != 404 || res.Header.Get("Content-Disposition") != "" {
			t.Errorf("an observer gets the positions on a draft: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
		}
	})
}

// noticeSite is a site whose every edition is demonstration content, as
// the demo's editions are: the server's EditionNotice says so.
func noticeSite(t *testing.T, db *store.DB) *site {
	t.Helper()
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := country.Sync(context.Background(), db, set); err != nil {
		t.Fatal(err)
	}
	accounts, err := account.NewService(db, fastHasher)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Options{DB: db, Accounts: accounts, Logger: quietLog(), EditionNotice: func(e dialogue.Edition, lang string) string {
		return map[string]string{"en": "Illustrative: invented for the demonstration", "es": "Ilustrativo: inventado para la demostración"}[lang]
	}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &site{t: t, db: db, accounts: accounts, srv: hs}
}

// The demo's texts are invented: every download says so, in the text's
// language, and the Akoma Ntoso file records it.
func TestOutcomeDownloadsOfDemonstrationContentSaySo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newOutcomeAPIFixture(t, noticeSite(t, db))
		f.draft(t)
		base := fmt.Sprintf("/outcomes/%d/", f.doc)
		chair := f.browser("chair@example.org")
		page := doc(t, chair.get(base+"text.html?lang=es"))
		if got := text(one(t, page, "p", "class", "illustrative")); got != "Ilustrativo: inventado para la demostración" {
			t.Errorf("the notice on the Spanish page: %q", got)
		}
		// and so do the document's pages
		for _, path := range []string{"", "/revisions/0", "/amendments", "/adoption"} {
			page := doc(t, chair.get(fmt.Sprintf("/outcomes/%d%s", f.doc, path)))
			if got := text(one(t, page, "p", "id", "demo-notice")); got != "Illustrative: invented for the demonstration" {
				t.Errorf("the notice on /outcomes/%d%s: %q", f.doc, path, got)
			}
		}
		res := chair.get(base + "text.akn.xml")
		akn, _ := io.ReadAll(res.Body)
		if d, err := render.ParseAKN(bytes.NewReader(akn)); err != nil || !d.Illustrative {
			t.Errorf("the Akoma Ntoso file of demonstration content: illustrative %v (%v)", d.Illustrative, err)
		}
	})
}
