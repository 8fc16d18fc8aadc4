package commitment_test

import (
	"math"
	"reflect"
	"testing"

	"roundtable/internal/commitment"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// Progress from the shipped World Bank data, worked out by hand from
// data/indicators/wdi_all_areas.csv.gz (zcat | grep):
//
//		BRA,SH.DYN.MORT,2024,14.2   (under-five mortality, per 1,000)
//		ARG,SH.DYN.MORT,2024,9.5
//		BRA,SG.GEN.PARL.ZS,2025,18.1286549707602   (women in parliament, %)
//		ARG,SG.GEN.PARL.ZS,2025,41.2451361867704
//
//	  - BRA mortality, 16 in 2015 → 12 in 2030: share (14.2−16)/(12−16) =
//	    0.45; time elapsed (2024−2015)/(2030−2015) = 0.6: off track.
//	  - ARG mortality, 11.7 in 2015 → 9.5 in 2030: 9.5 is the target:
//	    achieved (share 1).
//	  - BRA women in parliament, 14.6 in 2020 → 19 in 2030: share
//	    (18.1286549707602−14.6)/4.4 = 0.80197; elapsed 5/10 = 0.5: on track.
//	  - ARG women in parliament, baseline 2026 → 2030: the latest value,
//	    2025, comes before the baseline: no data on progress.
func TestDataProgress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		wfMust(t, f.ev.LoadShipped(wbg, nil))
		c, err := f.svc.FromParagraph(wbg, f.admin, f.op1.ID, commitment.Input{StartsOn: "2025-01-01", DueOn: "2030-12-31",
			Owners: []commitment.Owner{{Country: "BRA"}, {Country: "ARG"}},
			Indicators: []commitment.IndicatorLink{
				{Code: "SH.DYN.MORT", Country: "BRA", BaselineYear: 2015, Baseline: 16, TargetYear: 2030, Target: 12},
				{Code: "SH.DYN.MORT", Country: "ARG", BaselineYear: 2015, Baseline: 11.7, TargetYear: 2030, Target: 9.5},
				{Code: "SG.GEN.PARL.ZS", Country: "BRA", BaselineYear: 2020, Baseline: 14.6, TargetYear: 2030, Target: 19},
				{Code: "SG.GEN.PARL.ZS", Country: "ARG", BaselineYear: 2026, Baseline: 41, TargetYear: 2030, Target: 50},
			}})
		wfMust(t, err)
		type want struct {
			year            int
			value, share    float64 // share -1: none
			elapsed         float64
			verdict         commitment.Verdict
			reported        commitment.Status
			disagrees       bool
			indicator, code string
		}
		check := func(stage string, wants []want) {
			t.Helper()
			got, err := f.svc.DataProgress(wbg, nil, c.ID)
			wfMust(t, err)
			if len(got) != len(wants) {
				t.Fatalf("%s: %d rows, want %d", stage, len(got), len(wants))
			}
			for i, w := range wants {
				p := got[i]
				if p.Indicator != w.indicator || p.Country != w.code || p.Year != w.year || p.Value == nil || math.Abs(*p.Value-w.value) > 1e-9 ||
					math.Abs(p.Elapsed-w.elapsed) > 1e-9 || p.Verdict != w.verdict || p.Reported != w.reported || p.Disagrees != w.disagrees ||
					p.Source != "World Bank WDI" || p.Vintage != "2026-07-01" || p.Licence != "CC-BY-4.0" {
					t.Errorf("%s: row %d %+v, want %+v", stage, i, p, w)
				}
				if w.share < 0 && p.Share != nil || w.share >= 0 && (p.Share == nil || math.Abs(*p.Share-w.share) > 1e-5) {
					t.Errorf("%s: %s %s share %v, want %v", stage, w.code, w.indicator, p.Share, w.share)
				}
			}
		}
		// Rows by owner country, then indicator code (SG before SH).
		check("before any report", []want{
			{2025, 41.2451361867704, -1, 0, commitment.VerdictNoData, "", false, "SG.GEN.PARL.ZS", "ARG"},
			{2024, 9.5, 1, 0.6, commitment.VerdictAchieved, "", false, "SH.DYN.MORT", "ARG"},
			{2025, 18.1286549707602, 0.80197, 0.5, commitment.VerdictOnTrack, "", false, "SG.GEN.PARL.ZS", "BRA"},
			{2024, 14.2, 0.45, 0.6, commitment.VerdictOffTrack, "", false, "SH.DYN.MORT", "BRA"},
		})
		// BRA says achieved: the data disagree on both its indicators. ARG
		// says not started: mortality is at its target.
		f.publish(t, f.bra, f.valBRA, c.ID, "2025-06-30", commitment.Achieved)
		f.publish(t, f.arg, f.valARG, c.ID, "2025-03-31", commitment.NotStarted)
		check("BRA achieved, ARG not started", []want{
			{2025, 41.2451361867704, -1, 0, commitment.VerdictNoData, commitment.NotStarted, false, "SG.GEN.PARL.ZS", "ARG"},
			{2024, 9.5, 1, 0.6, commitment.VerdictAchieved, commitment.NotStarted, true, "SH.DYN.MORT", "ARG"},
			{2025, 18.1286549707602, 0.80197, 0.5, commitment.VerdictOnTrack, commitment.Achieved, true, "SG.GEN.PARL.ZS", "BRA"},
			{2024, 14.2, 0.45, 0.6, commitment.VerdictOffTrack, commitment.Achieved, true, "SH.DYN.MORT", "BRA"},
		})
		// ARG's later report (by the day it speaks of) says in progress:
		// no contradiction; an earlier-dated one filed afterwards does
		// not replace it.
		f.publish(t, f.arg, f.valARG, c.ID, "2025-09-30", commitment.InProgress)
		f.publish(t, f.arg, f.valARG, c.ID, "2025-01-31", commitment.NotAchieved)
		check("ARG in progress", []want{
			{2025, 41.2451361867704, -1, 0, commitment.VerdictNoData, commitment.InProgress, false, "SG.GEN.PARL.ZS", "ARG"},
			{2024, 9.5, 1, 0.6, commitment.VerdictAchieved, commitment.InProgress, false, "SH.DYN.MORT", "ARG"},
			{2025, 18.1286549707602, 0.80197, 0.5, commitment.VerdictOnTrack, commitment.Achieved, true, "SG.GEN.PARL.ZS", "BRA"},
			{2024, 14.2, 0.45, 0.6, commitment.VerdictOffTrack, commitment.Achieved, true, "SH.DYN.MORT", "BRA"},
		})
	})
}

// The tracker's list and charts over a small fixture, counted by hand.
//
//	C1 BRA+ARG  public        due 2025-12-31  c.health   BRA achieved, ARG in progress
//	C2 BRA      public        due 2027-06-30  c.health, c.education   BRA in progress (a later draft says achieved)
//	C3 ARG      participants  due 2026-08-01  c.education   no report
//	C4 CHN      draft         due 2027-01-01  c.health   no report
//
// Today is 2026-06-15: C1 is overdue (ARG has not reported it achieved);
// C3 is due soon (within 90 days).
func TestTrackerSummaryAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		rec := f.recommendation(t, "r1", "BRA", "A recommendation.")
		mk := func(level visibility.Level, due string, concepts []string, owners ...string) int64 {
			in := commitment.Input{RecommendationID: rec, EditionID: f.edition.ID, Title: "Commitment due " + due, Level: level,
				StartsOn: "2025-01-01", DueOn: due, Concepts: concepts}
			for _, o := range owners {
				in.Owners = append(in.Owners, commitment.Owner{Country: o})
			}
			return f.commit(t, in).ID
		}
		c1 := mk(visibility.Public, "2025-12-31", []string{"c.health"}, "BRA", "ARG")
		c2 := mk(visibility.Public, "2027-06-30", []string{"c.health", "c.education"}, "BRA")
		c3 := mk(visibility.Participants, "2026-08-01", []string{"c.education"}, "ARG")
		c4 := mk(visibility.Draft, "2027-01-01", []string{"c.health"}, "CHN")
		f.publish(t, f.bra, f.valBRA, c1, "2025-12-01", commitment.Achieved)
		f.publish(t, f.arg, f.valARG, c1, "2025-11-01", commitment.NotStarted)
		f.publish(t, f.arg, f.valARG, c1, "2025-12-01", commitment.InProgress)
		f.publish(t, f.bra, f.valBRA, c2, "2025-12-01", commitment.InProgress)
		if _, err := f.svc.FileReport(wbg, f.bra, c2, commitment.ReportInput{ReportedOn: "2026-05-01", Status: commitment.Achieved, Narrative: "Draft.", Language: "en"}); err != nil {
			t.Fatal(err)
		}
		today := "2026-06-15"

		sum := func(v *accountUser, fl commitment.Filter) commitment.Summary {
			t.Helper()
			fl.Today = today
			s, err := f.svc.Summary(wbg, v, fl)
			wfMust(t, err)
			return s
		}
		st := func(kv ...any) map[commitment.Status]int {
			m := map[commitment.Status]int{}
			for i := 0; i < len(kv); i += 2 {
				m[kv[i].(commitment.Status)] = kv[i+1].(int)
			}
			return m
		}
		kc := func(kv ...any) []commitment.KeyCount {
			out := []commitment.KeyCount{}
			for i := 0; i < len(kv); i += 2 {
				out = append(out, commitment.KeyCount{Key: kv[i].(string), Count: kv[i+1].(int)})
			}
			return out
		}
		for _, c := range []struct {
			name string
			v    *accountUser
			want commitment.Summary
		}{
			{"the public", nil, commitment.Summary{Commitments: 2, Owners: 3, Overdue: 1,
				ByStatus: st(commitment.Achieved, 1, commitment.InProgress, 2),
				ByCountry: []commitment.CountryCount{
					{Country: "ARG", Commitments: 1, ByStatus: st(commitment.InProgress, 1)},
					{Country: "BRA", Commitments: 2, ByStatus: st(commitment.Achieved, 1, commitment.InProgress, 1)}},
				ByConcept: kc("c.health", 2, "c.education", 1),
				ByDueYear: kc("2025", 1, "2027", 1)}},
			{"a delegate", f.chn, commitment.Summary{Commitments: 3, Owners: 4, Overdue: 1,
				ByStatus: st(commitment.Achieved, 1, commitment.InProgress, 2, commitment.NoReport, 1),
				ByCountry: []commitment.CountryCount{
					{Country: "ARG", Commitments: 2, ByStatus: st(commitment.InProgress, 1, commitment.NoReport, 1)},
					{Country: "BRA", Commitments: 2, ByStatus: st(commitment.Achieved, 1, commitment.InProgress, 1)}},
				ByConcept: kc("c.education", 2, "c.health", 2),
				ByDueYear: kc("2025", 1, "2026", 1, "2027", 1)}},
			{"the secretariat", f.admin, commitment.Summary{Commitments: 4, Owners: 5, Overdue: 1,
				ByStatus: st(commitment.Achieved, 1, commitment.InProgress, 2, commitment.NoReport, 2),
				ByCountry: []commitment.CountryCount{
					{Country: "ARG", Commitments: 2, ByStatus: st(commitment.InProgress, 1, commitment.NoReport, 1)},
					{Country: "BRA", Commitments: 2, ByStatus: st(commitment.Achieved, 1, commitment.InProgress, 1)},
					{Country: "CHN", Commitments: 1, ByStatus: st(commitment.NoReport, 1)}},
				ByConcept: kc("c.health", 3, "c.education", 2),
				ByDueYear: kc("2025", 1, "2026", 1, "2027", 2)}},
		} {
			if got := sum(c.v, commitment.Filter{}); !reflect.DeepEqual(got, c.want) {
				t.Errorf("summary for %s:\n got %+v\nwant %+v", c.name, got, c.want)
			}
		}
		if got := sum(f.admin, commitment.Filter{Country: "ARG"}); got.Commitments != 2 || !reflect.DeepEqual(got.ByStatus, st(commitment.InProgress, 1, commitment.NoReport, 1, commitment.Achieved, 1)) {
			// C1 and C3: their owners are BRA (achieved), ARG (in
			// progress) and ARG (none).
			t.Errorf("summary of ARG's commitments: %+v", got)
		}

		list := func(v *accountUser, fl commitment.Filter) ([]int64, int) {
			t.Helper()
			fl.Today = today
			p, err := f.svc.List(wbg, v, fl)
			wfMust(t, err)
			ids := []int64{}
			for _, c := range p.Items {
				ids = append(ids, c.ID)
			}
			return ids, p.Total
		}
		for _, c := range []struct {
			name  string
			v     *accountUser
			f     commitment.Filter
			want  []int64
			total int
		}{
			{"the public, all", nil, commitment.Filter{}, []int64{c1, c2}, 2},
			{"the secretariat, all, soonest due first", f.admin, commitment.Filter{}, []int64{c1, c3, c4, c2}, 4},
			{"the secretariat, second page of two", f.admin, commitment.Filter{Limit: 2, Offset: 1}, []int64{c3, c4}, 4},
			{"achieved by an owner", nil, commitment.Filter{Status: commitment.Achieved}, []int64{c1}, 1},
			{"no report yet, for a delegate", f.bra, commitment.Filter{Status: commitment.NoReport}, []int64{c3}, 1},
			{"BRA in progress: BRA's own status", f.admin, commitment.Filter{Country: "BRA", Status: commitment.InProgress}, []int64{c2}, 1},
			{"overdue", f.admin, commitment.Filter{Due: commitment.DueOverdue}, []int64{c1}, 1},
			{"due soon", f.admin, commitment.Filter{Due: commitment.DueSoon}, []int64{c3}, 1},
			{"education", f.admin, commitment.Filter{Concept: "c.education"}, []int64{c3, c2}, 2},
			{"the edition", nil, commitment.Filter{EditionID: f.edition.ID}, []int64{c1, c2}, 2},
			{"another edition", f.admin, commitment.Filter{EditionID: f.draftEd.ID}, []int64{}, 0},
		} {
			if got, total := list(c.v, c.f); !reflect.DeepEqual(got, c.want) || total != c.total {
				t.Errorf("%s: %v of %d, want %v of %d", c.name, got, total, c.want, c.total)
			}
		}
		var streamed []int64
		wfMust(t, f.svc.Each(wbg, f.chn, commitment.Filter{}, func(c commitment.Commitment) error {
			streamed = append(streamed, c.ID)
			return nil
		}))
		if !reflect.DeepEqual(streamed, []int64{c1, c3, c2}) {
			t.Errorf("export stream for a delegate %v, want %v", streamed, []int64{c1, c3, c2})
		}
		got, err := f.svc.Get(wbg, nil, c1)
		wfMust(t, err)
		if !reflect.DeepEqual(got.Latest, map[string]commitment.Status{"BRA": commitment.Achieved, "ARG": commitment.InProgress}) {
			t.Errorf("C1's latest statuses %v", got.Latest)
		}
		// A report published since is counted at once: the summary is not
		// served from before it.
		before := sum(f.chn, commitment.Filter{})
		f.publish(t, f.arg, f.valARG, c3, "2026-05-01", commitment.PartlyAchieved)
		after := sum(f.chn, commitment.Filter{})
		if before.ByStatus[commitment.NoReport] != 1 || after.ByStatus[commitment.NoReport] != 0 || after.ByStatus[commitment.PartlyAchieved] != 1 {
			t.Errorf("a delegate's summary before %v and after ARG's report on C3 %v", before.ByStatus, after.ByStatus)
		}
		if got, total := list(f.bra, commitment.Filter{Status: commitment.NoReport}); len(got) != 0 || total != 0 {
			t.Errorf("commitments without a report after ARG's on C3: %v of %d, want none", got, total)
		}
		_, err = f.svc.List(wbg, nil, commitment.Filter{Due: "someday"})
		wantErr(t, "an unknown due filter", err, "invalid_due", 400)
	})
}
