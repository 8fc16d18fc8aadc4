package outcome_test

import (
	"fmt"
	"strings"
	"testing"

	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// sideBySide writes rows as "LABEL | a [status] | b [status]", a version
// made for an earlier wording marked outdated.
func sideBySide(rows []outcome.SideRow) string {
	cell := func(t outcome.LangText) string {
		s := t.Text + " [" + t.Status
		if t.Outdated {
			s += ", outdated"
		}
		return s + "]"
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%s | %s | %s", r.Label, cell(r.A), cell(r.B))
	}
	return strings.Join(out, "\n")
}

// The edition works in English, Chinese, Spanish and Portuguese; the
// declaration is negotiated in English.
func TestLanguagesSideBySide(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, "CHN", "BRA")
		d := f.document(t, "Brasília Declaration")
		f.add(t, d.ID, outcome.Preambular, "Recalling the Universal Declaration of Human Rights,")
		f.add(t, d.ID, outcome.Operative, "Calls upon States to respect human rights;")

		p, err := f.svc.SetTranslation(bg, f.chair, d.ID, "OP1", "zh", outcome.TranslationInput{Text: " 吁请各国尊重人权； ", Status: "draft"})
		must(t, err)
		if got := p.Texts["zh"]; got != (outcome.LangText{Text: "吁请各国尊重人权；", Status: "draft", SourceVersion: 1}) {
			t.Errorf("OP1 in Chinese = %+v, want the trimmed draft of v1, not outdated", got)
		}
		_, err = f.svc.SetTranslation(bg, f.admin, d.ID, "PP1", "es", outcome.TranslationInput{Text: "Recordando la Declaración Universal de Derechos Humanos,", Status: "reviewed"})
		must(t, err)

		in := outcome.TranslationInput{Text: "Calls upon States to respect human rights;", Status: "draft"}
		_, err = f.svc.SetTranslation(bg, f.chair, d.ID, "OP1", "en", in)
		wantField(t, "a translation into the negotiating language", err, "negotiating_language", "language")
		wantMessage(t, err)
		_, err = f.svc.SetTranslation(bg, f.chair, d.ID, "OP1", "fr", in)
		wantField(t, "French, not a working language of the edition", err, "invalid_language", "language")
		wantMessage(t, err)
		_, err = f.svc.SetTranslation(bg, f.chair, d.ID, "OP1", "es", outcome.TranslationInput{Text: "Exhorta a los Estados;", Status: "final"})
		wantField(t, "an unknown translation status", err, "invalid_text_status", "status")
		_, err = f.svc.SetTranslation(bg, f.delegate["CHN"], d.ID, "OP1", "zh", in)
		wantErr(t, "a delegate translating", err, "chair_only", 403)
		_, err = f.svc.SetTranslation(bg, f.chair, d.ID, "OP7", "zh", in)
		wantField(t, "an unknown paragraph", err, "unknown_paragraph", "paragraph")

		zero := f.issue(t, d.ID)

		// The negotiating text changes: the Chinese version stays, read as
		// outdated, until the chair writes it again.
		_, err = f.svc.EditParagraph(bg, f.chair, d.ID, "OP1", outcome.EditInput{Text: "Calls upon all States to respect human rights;"})
		must(t, err)
		if got := f.paragraph(t, d.ID, "OP1").Texts["zh"]; got.Text != "吁请各国尊重人权；" || !got.Outdated || got.SourceVersion != 1 {
			t.Errorf("OP1 in Chinese after the edit = %+v, want the old version kept, outdated, made from v1", got)
		}

		rows, err := f.svc.SideBySide(bg, f.delegate["BRA"], d.ID, "en", "zh", -1)
		must(t, err)
		want := "PP1 | Recalling the Universal Declaration of Human Rights, [negotiating] |  [missing]\n" +
			"OP1 | Calls upon all States to respect human rights; [negotiating] | 吁请各国尊重人权； [draft, outdated]"
		if got := sideBySide(rows); got != want {
			t.Errorf("working text, en | zh:\n got %s\nwant %s", got, want)
		}
		rows, err = f.svc.SideBySide(bg, f.delegate["BRA"], d.ID, "zh", "es", zero.Number)
		must(t, err)
		want = "PP1 |  [missing] | Recordando la Declaración Universal de Derechos Humanos, [reviewed]\n" +
			"OP1 | 吁请各国尊重人权； [draft] |  [missing]"
		if got := sideBySide(rows); got != want {
			t.Errorf("zero draft, zh | es:\n got %s\nwant %s", got, want)
		}
		_, err = f.svc.SideBySide(bg, f.delegate["BRA"], d.ID, "en", "fr", -1)
		wantField(t, "French beside English", err, "invalid_language", "b")

		p, err = f.svc.SetTranslation(bg, f.chair, d.ID, "OP1", "zh", outcome.TranslationInput{Text: "吁请所有国家尊重人权；", Status: "reviewed"})
		must(t, err)
		if got := p.Texts["zh"]; got != (outcome.LangText{Text: "吁请所有国家尊重人权；", Status: "reviewed", SourceVersion: 2}) {
			t.Errorf("OP1 in Chinese rewritten = %+v, want reviewed, made from v2, not outdated", got)
		}

		f.adoptByConsensus(t, d.ID)
		_, err = f.svc.SetTranslation(bg, f.chair, d.ID, "OP1", "pt", outcome.TranslationInput{Text: "Exorta todos os Estados a respeitar os direitos humanos;", Status: "draft"})
		wantErr(t, "a translation once adopted", err, "document_adopted", 409)
	})
}
