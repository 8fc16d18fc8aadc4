package practice_test

import (
	"fmt"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/upload"
)

func TestMachineTranslationsOfAPractice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		bra := f.delegate["BRA"]
		in := practiceIn("BRA", "Mobile clinics", "Remote villages.", "Fewer deaths.")
		p, err := f.svc.Create(bg, bra, in)
		must(t, err)
		jobs := func() int {
			var n int
			must(t, db.Reader().QueryRow(bg, "SELECT COUNT(*) FROM translation_jobs WHERE kind = ? AND ref_id = ? AND done_at IS NULL", practice.TranslateKind, p.ID).Scan(&n))
			return n
		}
		if jobs() != 0 {
			t.Errorf("a draft queued for machine translation")
		}
		_, err = f.svc.SetText(bg, bra, p.ID, "es", practice.Text{Title: "Clínicas móviles"})
		must(t, err)
		_, err = f.svc.Submit(bg, bra, p.ID)
		must(t, err)
		if jobs() != 1 {
			t.Errorf("a submitted practice is not queued for machine translation")
		}
		src := f.svc.TranslationSource()
		it, err := src.Load(bg, p.ID)
		must(t, err)
		if it.Lang != "en" || strings.Join(it.Texts, "|") != "Mobile clinics|Remote villages.|What was done.|Fewer deaths.|||" || strings.Join(it.Human, " ") != "es" {
			t.Fatalf("loaded: %+v", it)
		}
		parts := func(title string) []string {
			return []string{title, "Contexte.", "Actions.", "Résultats.", "", "", ""}
		}
		must(t, src.Save(bg, p.ID, "en", map[string][]string{
			"es": {"Clínicas (máquina)", "x", "x", "x", "", "", ""}, // a person's version stays
			"fr": parts("Cliniques mobiles"),
			"pt": {"Clínicas móveis", "", "Ações.", "Resultados.", "", "", ""}, // a part lost: not written
		}, "test-engine"))
		p, err = f.svc.Get(bg, bra, p.ID)
		must(t, err)
		if fr := p.Texts["fr"]; fr.Title != "Cliniques mobiles" || fr.Origin != practice.OriginMachine || fr.Review != practice.ReviewPending {
			t.Errorf("French: %+v", fr)
		}
		if es := p.Texts["es"]; es.Title != "Clínicas móviles" || es.Origin != practice.OriginHuman {
			t.Errorf("Spanish, translated by a person: %+v", es)
		}
		if _, ok := p.Texts["pt"]; ok {
			t.Errorf("a Portuguese version with a part lost was written")
		}
		var announced int
		must(t, db.Reader().QueryRow(bg, "SELECT COUNT(*) FROM search_outbox WHERE doc_id = ?", fmt.Sprintf("practice:%d:fr", p.ID)).Scan(&announced))
		if announced != 1 {
			t.Errorf("the French version announced to search %d times, want 1", announced)
		}
		// The original changes: the machine's French goes, to be translated
		// again.
		in.Context = "Remote villages, hours from a hospital."
		p, err = f.svc.Update(bg, bra, p.ID, in)
		must(t, err)
		if _, ok := p.Texts["fr"]; ok || jobs() != 1 {
			t.Errorf("after the original changed: French kept %v, jobs %d", ok, jobs())
		}
	})
}

func TestDocumentsFollowThePractice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		bra, arg := f.delegate["BRA"], f.delegate["ARG"]
		mine, err := upload.Store(bg, db, bra.Actor(), "report.pdf", []byte("Evaluation of the mobile clinics, 2015-2020.\n"))
		must(t, err)
		theirs, err := upload.Store(bg, db, arg.Actor(), "theirs.pdf", []byte("Argentina's own notes.\n"))
		must(t, err)
		in := practiceIn("BRA", "Mobile clinics", "", "")
		in.Documents = []practice.Document{{UploadID: theirs.ID, Title: "Not ours"}}
		if _, err := f.svc.Create(bg, bra, in); code(err) != "unknown_document" {
			t.Errorf("attaching another delegate's upload: %v, want unknown_document", err)
		}
		in.Documents = []practice.Document{{UploadID: mine.ID, Title: "Evaluation report"}}
		p, err := f.svc.Create(bg, bra, in)
		must(t, err)
		if len(p.Documents) != 1 || p.Documents[0] != (practice.Document{UploadID: mine.ID, Title: "Evaluation report"}) {
			t.Fatalf("documents: %+v", p.Documents)
		}
		holds := func(v string) bool {
			t.Helper()
			ok, err := f.svc.HoldsUpload(bg, map[string]*account.User{"anonymous": nil, "BRA": bra, "ARG": arg}[v], mine.ID)
			must(t, err)
			return ok
		}
		if holds("anonymous") || holds("ARG") || !holds("BRA") {
			t.Errorf("a draft's document: anonymous %v, Argentina %v, Brazil %v; want Brazil only", holds("anonymous"), holds("ARG"), holds("BRA"))
		}
		_, err = f.svc.Submit(bg, bra, p.ID)
		must(t, err)
		_, err = f.svc.Publish(bg, f.admin, p.ID)
		must(t, err)
		if !holds("anonymous") || !holds("ARG") {
			t.Errorf("a published practice's document: anonymous %v, Argentina %v; want both", holds("anonymous"), holds("ARG"))
		}
	})
}
