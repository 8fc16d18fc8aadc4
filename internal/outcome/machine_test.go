package outcome_test

import (
	"errors"
	"testing"

	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/translate"
)

// The edition works in Chinese, Spanish, Portuguese and English; the
// declaration is negotiated in English.
func TestParagraphMachineTranslation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		d := f.document(t, "Brasília Declaration")
		p := f.add(t, d.ID, outcome.Operative, "Calls upon States to respect human rights;")
		waiting := func() int {
			return f.count(t, "SELECT count(*) FROM translation_jobs WHERE kind = 'paragraph' AND ref_id = ? AND done_at IS NULL", p.ID)
		}
		if waiting() != 1 {
			t.Fatal("a new paragraph queued no translation job")
		}
		must(t, db.Write(bg, func(tx *store.Tx) error {
			_, err := tx.Exec(bg, "UPDATE translation_jobs SET done_at = ?", store.Now())
			return err
		}))
		src := f.svc.TranslationSource()
		_, err := f.svc.SetTranslation(bg, f.chair, d.ID, "OP1", "zh", outcome.TranslationInput{Text: "吁请各国尊重人权；", Status: "draft"})
		must(t, err)
		it, err := src.Load(bg, p.ID)
		must(t, err)
		if it.Lang != "en" || len(it.Texts) != 1 || it.Texts[0] != "Calls upon States to respect human rights;" || len(it.Human) != 1 || it.Human[0] != "zh" {
			t.Fatalf("loaded %+v", it)
		}
		// The Spanish is reviewed by a person between Load and Save.
		_, err = f.svc.SetTranslation(bg, f.chair, d.ID, "OP1", "es", outcome.TranslationInput{Text: "Exhorta a los Estados a respetar los derechos humanos;", Status: "reviewed"})
		must(t, err)
		save := map[string][]string{
			"es": {"Llama a los Estados a respetar derechos humanos;"},
			"pt": {"Apela aos Estados para respeitar direitos humanos;"},
			"zh": {"机器"},
			"fr": {"Demande aux États de respecter les droits de l'homme ;"},
		}
		must(t, src.Save(bg, p.ID, "en", save, "apertium"))
		rows, err := f.svc.SideBySide(bg, f.chair, d.ID, "es", "pt", -1)
		must(t, err)
		want := "OP1 | Exhorta a los Estados a respetar los derechos humanos; [reviewed] | Apela aos Estados para respeitar direitos humanos; [machine]"
		if got := sideBySide(rows); got != want {
			t.Fatalf("after the machine save:\n%s\nwant\n%s", got, want)
		}
		got := f.paragraph(t, d.ID, "OP1")
		if pt := got.Texts["pt"]; pt.Engine != "apertium" || pt.SourceVersion != 1 {
			t.Fatalf("pt %+v", pt)
		}
		if zh := got.Texts["zh"]; zh.Text != "吁请各国尊重人权；" || zh.Status != "draft" {
			t.Fatalf("the machine overwrote the Chinese draft: %+v", zh)
		}
		if _, ok := got.Texts["fr"]; ok {
			t.Fatal("a version in French, not a working language of the edition")
		}
		if n := f.count(t, "SELECT count(*) FROM audit_log WHERE action = 'outcome.translation.machine'"); n != 1 {
			t.Fatalf("%d audit entries, want 1", n)
		}
		// A change of wording queues it again; the next save translates the
		// new wording.
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon all States to respect human rights;"})
		must(t, err)
		if waiting() != 1 {
			t.Fatal("a changed paragraph was not queued again")
		}
		if got := f.paragraph(t, d.ID, "OP1"); !got.Texts["pt"].Outdated {
			t.Fatal("the machine version of the old wording is not outdated")
		}
		must(t, src.Save(bg, p.ID, "en", map[string][]string{"pt": {"Apela a todos os Estados para respeitar direitos humanos;"}}, "apertium"))
		if pt := f.paragraph(t, d.ID, "OP1").Texts["pt"]; pt.Outdated || pt.SourceVersion != 2 || pt.Text != "Apela a todos os Estados para respeitar direitos humanos;" {
			t.Fatalf("pt after the new wording's save: %+v", pt)
		}
		// Reworded between Load and Save, the machine's version names the
		// wording it translated, so it reads as outdated until the next job.
		_, err = src.Load(bg, p.ID)
		must(t, err)
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon all States to respect and protect human rights;"})
		must(t, err)
		must(t, src.Save(bg, p.ID, "en", map[string][]string{"pt": {"Apela a todos os Estados para respeitar direitos humanos;"}}, "apertium"))
		if pt := f.paragraph(t, d.ID, "OP1").Texts["pt"]; !pt.Outdated || pt.SourceVersion != 2 {
			t.Fatalf("pt saved after a rewording: %+v, want outdated, of version 2", pt)
		}
		// A paragraph taken out of the text has nothing left to translate.
		must(t, f.svc.DeleteParagraph(bg, f.chair, d.ID, "OP1"))
		if _, err := src.Load(bg, p.ID); !errors.Is(err, translate.ErrGone) {
			t.Fatalf("load of a deleted paragraph: %v", err)
		}
	})
}
