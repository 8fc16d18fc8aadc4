package practice_test

import (
	"strings"
	"testing"

	"roundtable/internal/errs"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

func TestBadInputIsRefusedWithItsField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		bra := f.delegate["BRA"]
		good := func() practice.Input { return practiceIn("BRA", "Mobile clinics", "Remote villages.", "") }
		cases := []struct {
			name        string
			edit        func(*practice.Input)
			field, code string
		}{
			{"no title", func(in *practice.Input) { in.Title = "  " }, "title", "required"},
			{"a title too long", func(in *practice.Input) { in.Title = strings.Repeat("a", 301) }, "title", "too_long"},
			{"a context too long", func(in *practice.Input) { in.Context = strings.Repeat("é", 10001) }, "context", "too_long"},
			{"a language not worked in", func(in *practice.Input) { in.Language = "de" }, "language", "bad_language"},
			{"no country", func(in *practice.Input) { in.Country = "" }, "country", "required"},
			{"a year before the UN", func(in *practice.Input) { in.PeriodFrom = 1900 }, "period_from", "bad_year"},
			{"a period ending before it starts", func(in *practice.Input) { in.PeriodFrom, in.PeriodTo = 2020, 2015 }, "period_to", "period_order"},
			{"a target that does not exist", func(in *practice.Input) { in.Targets = []string{"3.2", "3.99"} }, "targets", "unknown_target"},
			{"an unknown indicator", func(in *practice.Input) { in.Indicators = []string{"NOT.AN.INDICATOR"} }, "indicators", "unknown_indicator"},
			{"a concept the thesaurus lacks", func(in *practice.Input) { in.Concepts = []string{"astrology"} }, "concepts", "unknown_concept"},
			{"a document that was never uploaded", func(in *practice.Input) { in.Documents = []practice.Document{{UploadID: 999}} }, "documents", "unknown_document"},
		}
		for _, c := range cases {
			in := good()
			c.edit(&in)
			_, err := f.svc.Create(bg, bra, in)
			e := errs.As(err)
			if e.Kind != errs.Invalid || e.Field != c.field || e.Code != c.code {
				t.Errorf("%s: %v (field %q code %q), want field %q code %q", c.name, err, e.Field, e.Code, c.field, c.code)
			}
		}
		// A known target, indicator and concept are kept, sorted.
		in := good()
		in.Targets, in.Indicators, in.Concepts = []string{"3.2", "3.1", "3.2"}, []string{"SH.DYN.MORT"}, []string{"child-health"}
		p, err := f.svc.Create(bg, bra, in)
		must(t, err)
		if strings.Join(p.Targets, " ") != "3.1 3.2" || strings.Join(p.Indicators, " ") != "SH.DYN.MORT" ||
			strings.Join(p.Concepts, " ") != "child-health rural-development" {
			t.Errorf("kept: targets %v indicators %v concepts %v", p.Targets, p.Indicators, p.Concepts)
		}
		if _, err := f.svc.Update(bg, bra, p.ID, func() practice.Input { x := in; x.Language = "pt"; return x }()); code(err) != "language_fixed" {
			t.Errorf("changing the original's language: %v", err)
		}

		// The secretariat writes for participants only.
		for _, c := range []string{"FRA", "XYZ"} {
			in := good()
			in.Country = c
			if _, err := f.svc.Create(bg, f.admin, in); code(err) != "not_participant" {
				t.Errorf("a practice of %s: %v, want not_participant", c, err)
			}
		}

		// Requests and offers.
		asks := []struct {
			name        string
			in          practice.AskInput
			field, code string
		}{
			{"no kind", practice.AskInput{Country: "BRA", Title: "x", Language: "en"}, "kind", "bad_kind"},
			{"a level the rule has not", practice.AskInput{Kind: "offer", Country: "BRA", Title: "x", Language: "en", Level: "draft"}, "level", "bad_level"},
			{"an unknown indicator", practice.AskInput{Kind: "request", Country: "BRA", Title: "x", Language: "en", IndicatorCode: "NOPE"}, "indicator_code", "unknown_indicator"},
			{"no title", practice.AskInput{Kind: "request", Country: "BRA", Language: "en"}, "title", "required"},
		}
		for _, c := range asks {
			_, err := f.svc.CreateAsk(bg, bra, c.in)
			if e := errs.As(err); e.Field != c.field || e.Code != c.code {
				t.Errorf("%s: %v, want field %q code %q", c.name, err, c.field, c.code)
			}
		}
		if _, err := f.svc.CreateAsk(bg, f.delegate["ARG"], practice.AskInput{Kind: "offer", Country: "BRA", Title: "x", Language: "en"}); code(err) != "not_your_state" {
			t.Errorf("an offer for another state: %v", err)
		}

		// Matches.
		req, err := f.svc.CreateAsk(bg, bra, practice.AskInput{Kind: "request", Country: "BRA", Title: "Child mortality", Language: "en"})
		must(t, err)
		for _, c := range []struct {
			name string
			in   practice.MatchInput
			code string
		}{
			{"nothing", practice.MatchInput{}, "match_target"},
			{"two things", practice.MatchInput{PracticeID: p.ID, Provider: "MEX"}, "match_target"},
			{"the requester itself", practice.MatchInput{Provider: "BRA"}, "same_country"},
			{"an unknown state", practice.MatchInput{Provider: "XYZ"}, "unknown_country"},
			{"a practice not published", practice.MatchInput{PracticeID: p.ID}, "unknown_practice"},
			{"a request as an offer", practice.MatchInput{OfferID: req.ID}, "unknown_offer"},
		} {
			if _, err := f.svc.ProposeMatch(bg, f.admin, req.ID, c.in); code(err) != c.code {
				t.Errorf("a match to %s: %v, want %s", c.name, err, c.code)
			}
		}
	})
}

func TestWhoReadsRequestsAndOffers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		room, err := f.svc.CreateAsk(bg, f.delegate["BRA"], practice.AskInput{Kind: "request", Country: "BRA", Title: "For the room", Language: "en"})
		must(t, err)
		public, err := f.svc.CreateAsk(bg, f.delegate["BRA"], practice.AskInput{Kind: "offer", Country: "BRA", Title: "For everyone", Language: "en", Level: "public"})
		must(t, err)
		// Columns: anonymous, observer, validator of BRA, chair, delegate of
		// BRA, delegate of ARG, secretariat.
		for _, c := range []struct {
			ask  practice.Ask
			want string
		}{{room, ". . . x x x x"}, {public, "x x x x x x x"}} {
			want := strings.Fields(c.want)
			for i, v := range f.readers() {
				_, err := f.svc.Ask(bg, v, c.ask.ID)
				if (err == nil) != (want[i] == "x") {
					t.Errorf("%q, %s: %v, want %s", c.ask.Title, readerNames[i], err, want[i])
				}
			}
		}
		page, err := f.svc.Asks(bg, nil, practice.AskFilter{})
		must(t, err)
		if page.Total != 1 || page.Items[0].ID != public.ID {
			t.Errorf("the public's list: %+v", page)
		}
		page, err = f.svc.Asks(bg, f.delegate["ARG"], practice.AskFilter{Kind: "request"})
		must(t, err)
		if page.Total != 1 || page.Items[0].ID != room.ID {
			t.Errorf("requests listed for a delegate: %+v", page)
		}
		if _, err := f.svc.CloseAsk(bg, f.delegate["ARG"], room.ID); code(err) != "not_your_state" {
			t.Errorf("another state closing Brazil's request: %v", err)
		}
		_, err = f.svc.CloseAsk(bg, f.delegate["BRA"], room.ID)
		must(t, err)
		if _, err := f.svc.UpdateAsk(bg, f.delegate["BRA"], room.ID, practice.AskInput{Title: "Again", Language: "en"}); code(err) != "ask_closed" {
			t.Errorf("editing a closed request: %v", err)
		}
	})
}

func TestDifferentPathsSideBySide(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		mex := f.published(t, practiceIn("MEX", "Mobile clinics against child mortality", "Villages far from hospitals.", "Fewer deaths."))
		col := f.published(t, practiceIn("COL", "Community health workers: child mortality", "Dispersed rural population.", "Vaccination up."))
		bra := f.published(t, practiceIn("BRA", "Family health teams and child mortality", "Large cities and the Amazon.", "Deaths halved."))
		// Not on the view: a draft, and a practice on another theme.
		_, err := f.svc.Create(bg, f.delegate["ARG"], practiceIn("ARG", "Child mortality audits", "", ""))
		must(t, err)
		f.published(t, practiceIn("CHN", "School meals", "", ""))

		paths, err := f.svc.DifferentPaths(bg, nil, "child-health")
		must(t, err)
		var got []string
		for _, c := range paths.Countries {
			for _, p := range c.Practices {
				got = append(got, c.Country+":"+p.Texts["en"].Title+":"+p.Texts["en"].Results)
			}
			if c.Practices[0].Contact != "" {
				t.Errorf("the public sees %s's contact on the different-paths view", c.Country)
			}
		}
		// By country code, whatever their results.
		want := []string{
			"BRA:" + bra.Texts["en"].Title + ":Deaths halved.",
			"COL:" + col.Texts["en"].Title + ":Vaccination up.",
			"MEX:" + mex.Texts["en"].Title + ":Fewer deaths.",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("different paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		themes, err := f.svc.Themes(bg, nil)
		must(t, err)
		// Only child-health has practices of two countries or more
		// (rural-development is Colombia's alone, education China's).
		if len(themes) != 1 || themes[0] != (practice.Theme{Concept: "child-health", Countries: 3, Practices: 3}) {
			t.Errorf("themes: %+v", themes)
		}
	})
}
