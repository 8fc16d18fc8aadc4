package outcome_test

import (
	"strconv"
	"strings"
	"testing"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/i18n"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// groundFixture is the fixture with common ground beside the outcome, and
// the propositions of the tests below.
type groundFixture struct {
	*fixture
	gs *ground.Service
	// Published by the chair:
	development ground.Proposition // en, all three agree; a machine translation into Chinese
	ucm         ground.Proposition // en, Brazil objects
	water       ground.Proposition // es, all agree; a reviewed translation into English
	women       ground.Proposition // zh, two agree; no English text
	silent      ground.Proposition // en, nobody took a position
	pending     ground.Proposition // en, everyone awaits instructions
	// Brazil's, waiting for the chair:
	submitted ground.Proposition
}

func setupGround(t *testing.T, db *store.DB) *groundFixture {
	t.Helper()
	f := setup(t, db, "CHN", "BRA", "ARG")
	g := &groundFixture{fixture: f, gs: &ground.Service{DB: db, Dialogue: f.dlg}}
	f.svc.Ground = g.gs
	propose := func(lang, text string) ground.Proposition {
		t.Helper()
		p, err := g.gs.Propose(bg, f.chair, f.edition.ID, ground.PropositionInput{Language: lang, Text: text})
		must(t, err)
		return p
	}
	translate := func(p *ground.Proposition, tr dialogue.Translation) {
		t.Helper()
		var err error
		*p, err = g.gs.SetTranslation(bg, f.chair, p.ID, tr)
		must(t, err)
	}
	set := func(code string, p ground.Proposition, st ground.Stance, reason string) {
		t.Helper()
		_, err := g.gs.SetPosition(bg, f.delegate[code], p.ID, ground.PositionInput{Stance: st, Reason: reason})
		must(t, err)
	}
	g.development = propose("en", "States should cooperate on the realisation of the right to development.")
	translate(&g.development, dialogue.Translation{Language: "zh", Body: "各国应就实现发展权开展合作。", Origin: "machine"})
	g.ucm = propose("en", "Unilateral coercive measures undermine human rights.")
	g.water = propose("es", "Los Estados deben garantizar el acceso al agua potable.")
	translate(&g.water, dialogue.Translation{Language: "en", Body: "States must guarantee access to safe drinking water.", Origin: "human", Review: "reviewed"})
	g.women = propose("zh", "各国应促进妇女权利。")
	g.silent = propose("en", "Nobody has spoken on this yet.")
	g.pending = propose("en", "Everyone awaits instructions on this.")
	var err error
	g.submitted, err = g.gs.Propose(bg, f.delegate["BRA"], f.edition.ID, ground.PropositionInput{Language: "pt", Text: "Os Estados devem combater a fome."})
	must(t, err)
	for _, code := range []string{"CHN", "BRA", "ARG"} {
		set(code, g.development, ground.Support, "")
		set(code, g.pending, ground.Pending, "")
	}
	set("CHN", g.ucm, ground.Support, "")
	set("BRA", g.ucm, ground.CannotAccept, "Not agreed language.")
	set("ARG", g.ucm, ground.Support, "")
	set("CHN", g.water, ground.Support, "")
	set("BRA", g.water, ground.CanLiveWith, "")
	set("ARG", g.water, ground.Support, "")
	set("CHN", g.women, ground.Support, "")
	set("BRA", g.women, ground.Support, "")
	return g
}

// wantNamed checks that the error names the proposition in its English
// message.
func wantNamed(t *testing.T, what string, err error, id int64) {
	t.Helper()
	e := errs.As(err)
	msg := i18n.MustLoad().T(i18n.En, e.Key, e.Args...)
	if want := "Proposition " + idString(id) + " "; !strings.HasPrefix(msg, want) {
		t.Errorf("%s: message %q, want it to start with %q", what, msg, want)
	}
}

func idString(n int64) string { return strconv.FormatInt(n, 10) }

func TestGroundCandidatesAreThePropositionsWithoutObjection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		g := setupGround(t, db)
		d := g.document(t, "Brasília Declaration")
		list, err := g.svc.GroundCandidates(bg, g.chair, d.ID)
		must(t, err)
		// No blocs: equal products and weakest blocs, so the map ranks by
		// the majority's pa: development (3+1)/(3+2) = 0.8 and water 0.8
		// (in the order put forward), then women (2+1)/(2+2) = 0.75. The
		// objected, the unanswered and the all-pending propositions are
		// not consensus; the submitted one is not on the map.
		var got []string
		for _, c := range list {
			got = append(got, idString(int64(c.Rank))+" "+c.Proposition.Text+" → "+c.Text)
		}
		want := []string{
			"1 States should cooperate on the realisation of the right to development. → States should cooperate on the realisation of the right to development.",
			"2 Los Estados deben garantizar el acceso al agua potable. → States must guarantee access to safe drinking water.",
			"3 各国应促进妇女权利。 → ",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("candidates:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
		}
		_, err = g.svc.GroundCandidates(bg, g.delegate["CHN"], d.ID)
		wantErr(t, "a delegate asking for the chair's picker", err, "chair_only", 403)
	})
}

func TestZeroDraftFromCommonGround(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		g := setupGround(t, db)
		d := g.document(t, "Brasília Declaration")
		g.add(t, d.ID, outcome.Preambular, "Recalling the Universal Declaration of Human Rights,")

		// Refusals first; none of them writes a paragraph.
		_, err := g.svc.ZeroDraftFromGround(bg, g.chair, d.ID, []int64{g.development.ID, g.ucm.ID})
		wantErr(t, "a proposition Brazil objects to", err, "not_common_ground", 409)
		wantNamed(t, "a proposition Brazil objects to", err, g.ucm.ID)
		for what, p := range map[string]ground.Proposition{"unanswered": g.silent, "all pending": g.pending, "submitted": g.submitted} {
			_, err = g.svc.ZeroDraftFromGround(bg, g.chair, d.ID, []int64{p.ID})
			wantErr(t, what, err, "not_common_ground", 409)
		}
		_, err = g.svc.ZeroDraftFromGround(bg, g.chair, d.ID, []int64{g.women.ID})
		wantErr(t, "a proposition with no English text", err, "no_translation", 409)
		wantNamed(t, "a proposition with no English text", err, g.women.ID)
		_, err = g.svc.ZeroDraftFromGround(bg, g.chair, d.ID, nil)
		wantField(t, "no proposition", err, "no_propositions", "propositions")
		_, err = g.svc.ZeroDraftFromGround(bg, g.chair, d.ID, []int64{g.water.ID, g.water.ID})
		wantField(t, "a proposition twice", err, "duplicate_proposition", "propositions")
		_, err = g.svc.ZeroDraftFromGround(bg, g.delegate["CHN"], d.ID, []int64{g.water.ID})
		wantErr(t, "a delegate drafting", err, "chair_only", 403)
		without := &outcome.Service{DB: db, Dialogue: g.dlg}
		_, err = without.ZeroDraftFromGround(bg, g.chair, d.ID, []int64{g.water.ID})
		wantErr(t, "a server without common ground", err, "ground_unavailable", 409)
		wantMessage(t, err)
		_, err = without.GroundCandidates(bg, g.chair, d.ID)
		wantErr(t, "candidates without common ground", err, "ground_unavailable", 409)
		if n := g.count(t, "SELECT count(*) FROM outcome_paragraphs WHERE document_id = ?", d.ID); n != 1 {
			t.Fatalf("%d paragraphs after the refusals, want PP1 alone", n)
		}

		// In the order given, as operative paragraphs after the chair's
		// preamble, worded in English; the other languages come along.
		list, err := g.svc.ZeroDraftFromGround(bg, g.chair, d.ID, []int64{g.water.ID, g.development.ID})
		must(t, err)
		if got := labels(list); got != "OP1 OP2" {
			t.Fatalf("new paragraphs %q, want \"OP1 OP2\"", got)
		}
		text, err := g.svc.Paragraphs(bg, g.delegate["ARG"], d.ID)
		must(t, err)
		var got []string
		for _, p := range text {
			line := p.Label + " " + p.Kind + " " + p.Status + ": " + p.Text
			for _, lang := range []string{"zh", "es", "pt"} {
				if x, ok := p.Texts[lang]; ok {
					line += " | " + lang + " " + x.Status + ": " + x.Text
				}
			}
			got = append(got, line)
		}
		want := []string{
			"PP1 preambular proposed: Recalling the Universal Declaration of Human Rights,",
			"OP1 operative proposed: States must guarantee access to safe drinking water. | es reviewed: Los Estados deben garantizar el acceso al agua potable.",
			"OP2 operative proposed: States should cooperate on the realisation of the right to development. | zh machine: 各国应就实现发展权开展合作。",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("working text:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
		}
		if x := text[1].Texts["es"]; x.SourceVersion != 1 || x.Outdated {
			t.Errorf("OP1 in Spanish = %+v, want made from v1, not outdated", x)
		}

		// Once the zero draft is issued, the text moves by amendments.
		g.issue(t, d.ID)
		_, err = g.svc.ZeroDraftFromGround(bg, g.chair, d.ID, []int64{g.development.ID})
		wantErr(t, "after the zero draft", err, "draft_started", 409)
		wantMessage(t, err)
	})
}
