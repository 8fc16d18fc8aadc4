package search

import (
	"slices"
	"testing"

	"roundtable/internal/account"
)

// TestReportWaitingForValidation: a progress report waiting for its
// state's validator (level validation, owned by BRA) is found by Brazil's
// delegation, the validator bound to Brazil and the secretariat, and by
// nobody else — not the validator of another state, not the chair, not
// the public. Expected lists written from the rule in docs/architecture.md.
func TestReportWaitingForValidation(t *testing.T) {
	report := func(id, vis, owner string) Document {
		return Document{ID: id, Type: "report", Title: "Child mortality", Language: "en", Visibility: vis,
			Delegation: owner, Country: owner, Text: "Progress on the zygodactylous vaccination campaign."}
	}
	ix := openWith(t, []Document{
		report("report:1", VisValidation, "BRA"),
		report("report:2", VisDraft, "BRA"),
		report("report:3", VisPublic, "BRA"),
		report("report:4", VisValidation, "CHN"),
	})
	validator := func(state string) Viewer {
		return reader(account.Validator, state)
	}
	tests := []struct {
		name   string
		viewer Viewer
		want   []string
	}{
		{"public", reader("", ""), []string{"report:3"}},
		{"observer", reader(account.Observer, ""), []string{"report:3"}},
		{"validator of no state", validator(""), []string{"report:3"}},
		{"validator of BRA", validator("BRA"), []string{"report:1", "report:3"}},
		{"validator of CHN", validator("CHN"), []string{"report:3", "report:4"}},
		{"validator of MEX", validator("MEX"), []string{"report:3"}},
		{"chair", reader(account.Chair, ""), []string{"report:3"}},
		{"delegate of BRA", reader(account.Delegate, "BRA"), []string{"report:1", "report:2", "report:3"}},
		{"delegate of CHN", reader(account.Delegate, "CHN"), []string{"report:3", "report:4"}},
		{"secretariat", reader(account.Administrator, ""), []string{"report:1", "report:2", "report:3", "report:4"}},
	}
	for _, tt := range tests {
		for _, q := range []string{"zygodactylous", ""} { // a query, and a listing
			r := mustSearch(t, ix, Query{Text: q, Viewer: tt.viewer})
			got := ids(r)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) || r.Total != uint64(len(tt.want)) {
				t.Errorf("%s, %q: hits %v (total %d), want %v", tt.name, q, got, r.Total, tt.want)
			}
		}
	}
}

// TestCountryFilterFindsEveryOwner: a commitment of two states is found
// by the country filter of either, once.
func TestCountryFilterFindsEveryOwner(t *testing.T) {
	ix := openWith(t, []Document{
		{ID: "commitment:1", Type: "commitment", Language: "en", Visibility: VisPublic, Country: "BRA", Countries: []string{"BRA", "CHN"},
			Title: "Birth registration", Text: "Universal birth registration by 2030."},
		{ID: "statement:2", Type: "statement", Language: "en", Visibility: VisPublic, Country: "MEX", Delegation: "MEX",
			Title: "Registration", Text: "Birth registration for every child."},
	})
	for country, want := range map[string][]string{"BRA": {"commitment:1"}, "CHN": {"commitment:1"}, "MEX": {"statement:2"}, "ARG": nil} {
		got := ids(mustSearch(t, ix, Query{Text: "registration", Filters: Filters{Country: country}}))
		if !slices.Equal(got, want) {
			t.Errorf("country %s: hits %v, want %v", country, got, want)
		}
	}
}
