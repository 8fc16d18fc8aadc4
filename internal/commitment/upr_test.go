package commitment_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// uprFile is the UPR Info export of cycles 1 and 2 for CELAC and China. It
// has no licence to be shipped, so it stays outside the repository.
const uprFile = "../../../shared/data/upr/upr_recommendations_cycles1-2_celac_china.csv"

func openUPR(t *testing.T) *os.File {
	t.Helper()
	f, err := os.Open(uprFile)
	if errors.Is(err, os.ErrNotExist) && os.Getenv("CI") == "" {
		t.Skipf("%s is absent (it is not shipped with the repository); the real-file test needs it", uprFile)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The real file: 6,470 rows, one per recommending state, are 6,229
// recommendations. Per state under review: rows and supported rows from
// upr_counts.json (supported = support + implemented + implement), and the
// recommendations they make, counted with a Python script over the same
// file (distinct cycle, paragraph and text).
func TestImportRealUPRFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &commitment.Service{DB: db}
		res, err := s.ImportRecommendationsAs(ctx, audit.System("test"), "upr.csv", openUPR(t))
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 6470 || res.Recommendations != 6229 || res.Added != 6229 {
			t.Errorf("rows %d, recommendations %d, added %d; want 6470, 6229, 6229", res.Rows, res.Recommendations, res.Added)
		}
		for _, c := range []struct {
			state                 string
			rows, supported, recs int
		}{
			{"CHN", 354, 62, 351}, {"ATG", 89, 34, 89}, {"ARG", 164, 34, 149}, {"BHS", 185, 37, 168},
			{"BRB", 178, 0, 174}, {"BLZ", 103, 59, 103}, {"BOL", 193, 178, 193}, {"BRA", 185, 15, 185},
			{"CHL", 305, 116, 290}, {"COL", 268, 224, 264}, {"CRI", 317, 92, 317}, {"CUB", 533, 107, 444},
			{"DMA", 194, 140, 185}, {"DOM", 237, 46, 226}, {"ECU", 139, 136, 139}, {"SLV", 281, 175, 280},
			{"GRD", 110, 0, 110}, {"GTM", 138, 111, 138}, {"GUY", 112, 57, 112}, {"HTI", 0, 0, 0},
			{"HND", 131, 117, 131}, {"JAM", 147, 79, 145}, {"MEX", 370, 150, 351}, {"NIC", 341, 223, 325},
			{"PAN", 97, 72, 92}, {"PRY", 129, 124, 124}, {"PER", 174, 120, 167}, {"KNA", 113, 44, 113},
			{"LCA", 118, 0, 118}, {"VCT", 120, 52, 111}, {"SUR", 93, 33, 91}, {"TTO", 118, 48, 118},
			{"URY", 286, 285, 278}, {"VEN", 148, 95, 148},
		} {
			links := count(t, db, "SELECT count(*) FROM recommendation_states s JOIN recommendations r ON r.id = s.recommendation_id WHERE r.under_review = ?", c.state)
			sup := count(t, db, "SELECT count(*) FROM recommendation_states s JOIN recommendations r ON r.id = s.recommendation_id WHERE r.under_review = ? AND r.response = 'supported'", c.state)
			p, err := s.Recommendations(ctx, commitment.RecFilter{UnderReview: c.state, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if links != c.rows || sup != c.supported || p.Total != c.recs || res.ByState[c.state] != c.recs {
				t.Errorf("%s: %d rows, %d supported, %d recommendations (import said %d); want %d, %d, %d",
					c.state, links, sup, p.Total, res.ByState[c.state], c.rows, c.supported, c.recs)
			}
		}
		// Lines 2 to 5 are paragraph 64.1 of Argentina's first review,
		// recommended by four states: one recommendation.
		p, err := s.Recommendations(ctx, commitment.RecFilter{UnderReview: "arg", Cycle: 1, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 21 || len(p.Items) != 1 {
			t.Fatalf("Argentina, cycle 1: %d recommendations, %d items; want 21, 1", p.Total, len(p.Items))
		}
		first := p.Items[0]
		want := []commitment.RecState{{Name: "Algeria"}, {Name: "Mexico", Country: "MEX"}, {Name: "Nigeria"}, {Name: "South Korea"}}
		if first.Paragraph != "64.1" || first.Response != commitment.Supported || first.ReviewYear != 2008 || !sameStates(first.States, want) ||
			!strings.HasPrefix(first.Text, "64.1   To pursue its efforts to counter discrimination") {
			t.Errorf("Argentina's first recommendation: %+v", first)
		}
		for _, c := range []struct {
			f    commitment.RecFilter
			want int
		}{
			{commitment.RecFilter{Recommending: "MEX"}, 155},
			{commitment.RecFilter{Recommending: "Mexico"}, 155},
			{commitment.RecFilter{UnderReview: "URY", Response: commitment.Supported}, 277},
			{commitment.RecFilter{UnderReview: "URY", Response: commitment.Noted}, 1},
			{commitment.RecFilter{Response: commitment.Supported}, 2944},
		} {
			p, err := s.Recommendations(ctx, c.f)
			if err != nil || p.Total != c.want {
				t.Errorf("%+v: %d, %v; want %d", c.f, p.Total, err, c.want)
			}
		}
		// A second import of the file adds nothing.
		again, err := s.ImportRecommendationsAs(ctx, audit.System("test"), "upr.csv", openUPR(t))
		if err != nil || again.Added != 0 || again.Recommendations != 6229 {
			t.Errorf("second import: %+v, %v", again, err)
		}
		if n := count(t, db, "SELECT count(*) FROM recommendations"); n != 6229 {
			t.Errorf("%d recommendations after two imports, want 6229", n)
		}
		if n := count(t, db, "SELECT count(*) FROM recommendation_states"); n != 6470 {
			t.Errorf("%d recommending states after two imports, want 6470", n)
		}
	})
}

func sameStates(got, want []commitment.RecState) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

const uprHeader = "record_id,state_under_review_iso3,review_year,cycle_derived,paragraph_ref,recommendation_text,recommending_state_raw,decision_raw\n"

// A faulty file stores nothing and names each faulty line with a stable
// code.
func TestImportBrokenRecommendationFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &commitment.Service{DB: db}
		good := "r1,BRA,2012,2,119.1,Ratify the Optional Protocol.,Chile,support\n"
		for _, c := range []struct {
			name, file string
			want       []dialogue.ImportError // Line, Field, Code
		}{
			{"a response neither supported nor noted", uprHeader + good + "r2,BRA,2012,2,119.2,Adopt a plan.,Peru,maybe\n",
				[]dialogue.ImportError{{Line: 3, Field: "response", Code: "bad_response"}}},
			{"no response column", strings.Replace(uprHeader, ",decision_raw", "", 1) + "r1,BRA,2012,2,119.1,Ratify.,Chile\n",
				[]dialogue.ImportError{{Line: 1, Field: "response", Code: "missing_column"}}},
			{"an unknown state code", uprHeader + good + good + "r3,XYZ,2012,2,119.3,Adopt a plan.,Peru,noted\n",
				[]dialogue.ImportError{{Line: 4, Field: "state_under_review", Code: "unknown_state"}}},
			{"Latin-1 bytes", uprHeader + good + "r2,BRA,2012,2,119.2,Adopt a plan.,M\xe9xico,support\n",
				[]dialogue.ImportError{{Line: 3, Code: "encoding"}}},
			{"several faults", uprHeader + "r1,BRA,2012,x,119.1,,Chile,support\n" + good + "r3,BRA,20,2,119.4,Plan.,,accepted\n",
				[]dialogue.ImportError{{Line: 2, Field: "cycle", Code: "bad_cycle"}, {Line: 2, Field: "text", Code: "text_required"},
					{Line: 4, Field: "review_year", Code: "bad_year"}, {Line: 4, Field: "recommending_state", Code: "state_required"}}},
			{"one paragraph supported and noted", uprHeader + good + "r2,BRA,2012,2,119.1,Ratify the Optional Protocol.,Peru,noted\n",
				[]dialogue.ImportError{{Line: 3, Field: "response", Code: "response_conflict"}}},
			{"a header and nothing else", uprHeader, []dialogue.ImportError{{Line: 1, Code: "empty"}}},
		} {
			_, err := s.ImportRecommendationsAs(ctx, audit.System("test"), "bad.csv", strings.NewReader(c.file))
			var list dialogue.ImportErrors
			if !errors.As(err, &list) {
				t.Errorf("%s: %v, want import errors", c.name, err)
				continue
			}
			if e := errs.As(err); e.Kind != errs.Invalid || e.Code != "import_failed" {
				t.Errorf("%s: %v", c.name, e)
			}
			var got []dialogue.ImportError
			for _, e := range list {
				got = append(got, dialogue.ImportError{Line: e.Line, Field: e.Field, Code: e.Code})
				if !strings.HasPrefix(e.Key, "followup.upr.") {
					t.Errorf("%s: key %q", c.name, e.Key)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
				continue
			}
			for i := range got {
				if got[i].Line != c.want[i].Line || got[i].Field != c.want[i].Field || got[i].Code != c.want[i].Code {
					t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
				}
			}
		}
		for _, table := range []string{"recommendations", "recommendation_states", "recommendation_imports"} {
			if n := count(t, db, "SELECT count(*) FROM "+table); n != 0 {
				t.Errorf("%d rows in %s after faulty files, want none", n, table)
			}
		}
	})
}

// Aliased columns, names in other languages, a byte-order mark, and the
// secretariat alone imports.
func TestImportRecommendationsColumnsAndRights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &commitment.Service{DB: db}
		file := "\xef\xbb\xbfstate_under_review,cycle,text,recommending_state,response\n" +
			"CUB,3,Strengthen the independence of the judiciary.,México,Supported\n" +
			"CUB,3,Strengthen the independence of the judiciary.,République d’Argentine,supported\n" +
			"CUB,3,Strengthen the independence of the judiciary.,Norway,supported\n"
		if _, err := s.ImportRecommendations(ctx, &account.User{ID: 9, Role: account.Delegate, Delegation: "CUB"}, "f.csv", strings.NewReader(file)); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a delegate imports: %v", err)
		}
		res, err := s.ImportRecommendationsAs(ctx, audit.System("test"), "f.csv", strings.NewReader(file))
		if err != nil || res.Added != 1 || res.Rows != 3 {
			t.Fatalf("%+v, %v", res, err)
		}
		p, err := s.Recommendations(ctx, commitment.RecFilter{UnderReview: "CUB"})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("%+v, %v", p, err)
		}
		got, err := s.Recommendation(ctx, nil, p.Items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []commitment.RecState{{Name: "México", Country: "MEX"}, {Name: "Norway"}, {Name: "République d’Argentine", Country: "ARG"}}
		if !sameStates(got.States, want) || got.Cycle != 3 || got.Response != "supported" || got.Paragraph != "" {
			t.Errorf("%+v", got)
		}
		if _, err := s.Recommendation(ctx, nil, got.ID+100); !errs.Is(err, errs.NotFound) {
			t.Errorf("a missing recommendation: %v", err)
		}
	})
}
