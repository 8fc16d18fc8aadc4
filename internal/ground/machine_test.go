package ground_test

import (
	"errors"
	"strconv"
	"testing"

	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/translate"
)

func TestPropositionMachineTranslation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "BRA")
		id := func(p ground.Proposition) string { return strconv.FormatInt(p.ID, 10) }
		// A proposition put forward queues its translation in its write.
		p := f.propose(t, "The right to development is a human right.")
		if n := f.count(t, "SELECT count(*) FROM translation_jobs WHERE kind = 'proposition' AND ref_id = ? AND done_at IS NULL", p.ID); n != 1 {
			t.Fatalf("%d waiting jobs for a new proposition, want 1", n)
		}
		// A refused proposal (an unknown source) queues nothing.
		if _, err := f.svc.Propose(bg, f.chair, f.edition.ID, ground.PropositionInput{Language: "en", Text: "Water for all.", Sources: []int64{999}}); err == nil {
			t.Fatal("a proposition from an unknown statement went through")
		}
		if n := f.count(t, "SELECT count(*) FROM translation_jobs"); n != 1 {
			t.Fatalf("%d jobs, want 1", n)
		}
		src := f.svc.TranslationSource()
		must(t, err0(f.svc.SetTranslation(bg, f.chair, p.ID, dialogue.Translation{Language: "zh", Body: "发展权是一项人权。", Review: "reviewed"})))
		it, err := src.Load(bg, p.ID)
		must(t, err)
		if it.Lang != "en" || len(it.Texts) != 1 || it.Texts[0] != "The right to development is a human right." || len(it.Human) != 1 || it.Human[0] != "zh" {
			t.Fatalf("loaded %+v", it)
		}
		// A person translates into Spanish between Load and Save.
		must(t, err0(f.svc.SetTranslation(bg, f.chair, p.ID, dialogue.Translation{Language: "es", Body: "El derecho al desarrollo es un derecho humano."})))
		must(t, src.Save(bg, p.ID, "en", map[string][]string{
			"es": {"El derecho al desarrollo es un derecho humano (máquina)."},
			"pt": {"O direito ao desenvolvimento é um direito humano."},
			"zh": {"机器"},
		}, "apertium"))
		got, err := f.svc.Proposition(bg, f.chair, p.ID)
		must(t, err)
		want := map[string]dialogue.Translation{
			"es": {Language: "es", Body: "El derecho al desarrollo es un derecho humano.", Origin: "human", Review: "pending"},
			"pt": {Language: "pt", Body: "O direito ao desenvolvimento é um direito humano.", Origin: "machine", Review: "pending", Engine: "apertium"},
			"zh": {Language: "zh", Body: "发展权是一项人权。", Origin: "human", Review: "reviewed"},
		}
		if len(got.Translations) != len(want) {
			t.Fatalf("translations %+v", got.Translations)
		}
		for _, tr := range got.Translations {
			if tr != want[tr.Language] {
				t.Errorf("%s: %+v, want %+v", tr.Language, tr, want[tr.Language])
			}
		}
		if n := f.count(t, "SELECT count(*) FROM audit_log WHERE action = 'proposition.machine_translate' AND entity_id = ?", id(p)); n != 1 {
			t.Fatalf("%d audit entries, want 1", n)
		}
		if n := f.count(t, "SELECT count(*) FROM search_outbox WHERE doc_id = ?", "proposition:"+id(p)+":pt"); n != 1 {
			t.Fatalf("the Portuguese machine version announced %d times to search, want 1", n)
		}
		// A person's version over the machine's replaces it for good.
		got, err = f.svc.SetTranslation(bg, f.chair, p.ID, dialogue.Translation{Language: "pt", Body: "O direito ao desenvolvimento é um direito humano fundamental."})
		must(t, err)
		must(t, src.Save(bg, p.ID, "en", map[string][]string{"pt": {"De novo a máquina."}}, "apertium"))
		got, err = f.svc.Proposition(bg, f.chair, p.ID)
		must(t, err)
		if tr, _ := dialogue.TranslationInto(got.Translations, "pt"); tr.Origin != "human" || tr.Engine != "" || tr.Body != "O direito ao desenvolvimento é um direito humano fundamental." {
			t.Fatalf("pt after a person's translation and a machine save: %+v", tr)
		}
		if _, err := src.Load(bg, p.ID+100); !errors.Is(err, translate.ErrGone) {
			t.Fatalf("load of a missing proposition: %v", err)
		}
	})
}

func err0[T any](_ T, err error) error { return err }
