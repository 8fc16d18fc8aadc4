package web

import (
	"context"
	"testing"

	"roundtable/internal/evidence"
	"roundtable/internal/i18n"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// TestPracticeWebReasonSentences: the reasons of a suggestion worded from
// their codes and arguments, figures in the reader's notation, the
// direction of the change read from the two values.
func TestPracticeWebReasonSentences(t *testing.T) {
	cat := i18n.MustLoad()
	names := &practiceNames{countries: map[string]string{"PER": "Perú", "CHN": "China"},
		indicators: map[string]string{"SH.DYN.MORT": "la mortalidad de menores de 5 años"}}
	peer := practice.Reason{Code: practice.ReasonIndicatorPeer, Args: map[string]string{"indicator": "SH.DYN.MORT",
		"from_year": "2000", "to_year": "2020", "from_value": "70.7", "to_value": "19.3", "per_year": "2.57", "country_per_year": "1.2"}}
	rise := practice.Reason{Code: practice.ReasonIndicatorPeer, Args: map[string]string{"indicator": "SH.DYN.MORT",
		"from_year": "2000", "to_year": "2020", "from_value": "60", "to_value": "75.125", "per_year": "0.756", "country_per_year": "0.5"}}
	region := practice.Reason{Code: practice.ReasonSameRegion, Args: map[string]string{"region": "005"}}
	for _, c := range []struct {
		lang i18n.Lang
		r    practice.Reason
		want string
	}{
		{i18n.Es, peer, "Perú redujo la mortalidad de menores de 5 años de 70,7 a 19,3 entre 2000 y 2020 (2,57 al año; China: 1,2 al año)"},
		{i18n.En, peer, "Perú reduced la mortalidad de menores de 5 años from 70.7 to 19.3 between 2000 and 2020 (2.57 a year; China: 1.2 a year)"},
		{i18n.Fr, rise, "Perú a porté la mortalidad de menores de 5 años de 60 à 75,125 entre 2000 et 2020 (0,756 par an\u00a0; China\u00a0: 0,5 par an)"},
		{i18n.En, region, "In the same region: South America"},
		{i18n.Es, region, "En la misma región: Sudamérica"},
		{i18n.En, practice.Reason{Code: practice.ReasonPracticeResults}, "The practice reports its results"},
		{i18n.Pt, practice.Reason{Code: "new_code"}, "Outra razão (new_code)"},
	} {
		w := reasonWords{l: layout{Lang: c.lang, catalog: cat}, names: names, requester: "CHN"}
		if got := w.sentence("PER", c.r); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.r.Code, got, c.want)
		}
	}
}

// TestPracticeWebPeerNamedOutsideTheDialogue: an indicator peer is often
// an economy that takes part in no edition (Azerbaijan for Bolivia's child
// mortality); the reason names it as the evidence pages do, in the
// reader's language, not by its code.
func TestPracticeWebPeerNamedOutsideTheDialogue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ev := evidence.New(db)
		if err := ev.SyncCatalogue(ctx); err != nil {
			t.Fatal(err)
		}
		s := &Server{db: db, evidence: ev}
		for lang, want := range map[i18n.Lang]string{i18n.En: "Azerbaijan", i18n.Es: "Azerbaiyán", i18n.Zh: "阿塞拜疆"} {
			names, err := s.practiceNames(ctx, lang)
			if err != nil {
				t.Fatal(err)
			}
			if got := names.Country("AZE"); got != want {
				t.Errorf("%s: AZE named %q, want %q", lang, got, want)
			}
			if got := names.Country("XXX"); got != "XXX" {
				t.Errorf("%s: an unknown code named %q", lang, got)
			}
		}
	})
}
