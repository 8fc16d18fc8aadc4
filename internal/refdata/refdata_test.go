package refdata

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
)

// sharedMembers is the upstream CELAC list; it lives outside the repo, so
// the comparison is skipped where it is not checked out.
const sharedMembers = "../../../shared/data/countries/celac_members.csv"

func load(t *testing.T) *Set {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func iso3s(cs []Country) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ISO3)
	}
	return out
}

func TestLoad(t *testing.T) {
	s := load(t)
	if n := len(s.Countries); n != 34 {
		t.Errorf("got %d countries, want 34", n)
	}
	celac := iso3s(s.Members("CELAC"))
	if len(celac) != 33 {
		t.Errorf("CELAC has %d members, want 33", len(celac))
	}
	if slices.Contains(celac, "CHN") {
		t.Error("China is listed as a CELAC member")
	}
	if _, ok := s.Country("CHN"); !ok {
		t.Error("China missing")
	}
	bra, ok := s.Country("BRA")
	if !ok {
		t.Fatal("Brazil missing")
	}
	if bra.Names["zh"] != "巴西" || bra.Names["pt"] != "Brasil" {
		t.Errorf("Brazil names = %v", bra.Names)
	}
	if g, ok := s.Group("CELAC"); !ok || g.ShortNames["zh"] != "拉共体" {
		t.Errorf("CELAC group = %+v, %v", g, ok)
	}
	if s.Members("NOPE") != nil {
		t.Error("unknown group has members")
	}
}

func TestCELACMatchesSharedList(t *testing.T) {
	f, err := os.Open(sharedMembers)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not present (shared data folder not checked out); skipping the comparison", sharedMembers)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range recs[1:] { // skip header; column 0 is iso3
		want = append(want, r[0])
	}
	slices.Sort(want)
	if got := iso3s(load(t).Members("CELAC")); !slices.Equal(got, want) {
		t.Errorf("CELAC members\n got %v\nwant %v", got, want)
	}
}

func TestValidationErrors(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Set)
		want   string // names the country (or group) and the field
	}{
		{"bad iso3", func(s *Set) { s.Countries[0].ISO3 = "ar" }, `country ar: iso3 "ar"`},
		{"bad iso2", func(s *Set) { s.Countries[1].ISO2 = "A1" }, `country ATG: iso2 "A1"`},
		{"bad numeric", func(s *Set) { s.Countries[2].Numeric = "44" }, `country BHS: numeric "44"`},
		{"duplicate iso2", func(s *Set) { s.Countries[1].ISO2 = s.Countries[0].ISO2 }, `country ATG: iso2 "AR" already used by ARG`},
		{"missing name", func(s *Set) { delete(s.Countries[3].Names, "zh") }, "country BLZ: names: zh is missing"},
		{"blank name", func(s *Set) { s.Countries[3].Names["fr"] = " " }, "country BLZ: names: fr is blank"},
		{"unknown group", func(s *Set) { s.Countries[4].Groups = append(s.Countries[4].Groups, "XX") }, `country BOL: groups: unknown group "XX"`},
		{"group name missing", func(s *Set) { delete(s.Groups[0].Names, "pt") }, "group CELAC: names: pt is missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := load(t) // fresh copy: Load decodes anew each call
			tc.mutate(s)
			c, _ := json.Marshal(s.Countries)
			g, _ := json.Marshal(s.Groups)
			_, err := parse(c, g)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
