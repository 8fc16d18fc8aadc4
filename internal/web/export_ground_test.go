package web_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// groundCSV fetches a common-ground CSV export with c and returns its
// rows, header first, checking the spreadsheet form: byte order mark and
// CRLF line ends.
func groundCSV(t *testing.T, c *client, path string) [][]string {
	t.Helper()
	res := c.get(path)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv; charset=utf-8") {
		t.Errorf("%s: content type %q", path, ct)
	}
	body := string(responseBytes(t, res))
	if !strings.HasPrefix(body, "\uFEFF") || !strings.HasSuffix(body, "\r\n") {
		t.Errorf("%s: no byte order mark or CRLF: %q", path, body[:min(len(body), 40)])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func wantRows(t *testing.T, name string, got [][]string, want ...string) {
	t.Helper()
	var lines []string
	for _, r := range got {
		lines = append(lines, strings.Join(r, "|"))
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got\n%s\nwant\n%s", name, strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestGroundExports(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newGroundAPIFixture(t, s)
		p := f.propose(t, f.chair, "Every people has the right to development.")
		f.call(t, "PUT", propositionPath(p, "/translations/es"), f.chair, `{"text": "Todos los pueblos tienen derecho al desarrollo."}`, 200)
		w := f.propose(t, f.chair, "A text the chair takes back.")
		f.call(t, "POST", propositionPath(w, "/withdraw"), f.chair, "", 200)
		ed := fmt.Sprintf("/editions/%d", f.ids.edition)
		// Files are pages of the site: they are read with a session.
		chair, chn := s.client().signIn("chair@example.org"), s.client().signIn("li@example.org")

		// Before any position the files are whole and empty: a header
		// row, and empty arrays.
		wantRows(t, "positions.csv with no position", groundCSV(t, chair, ed+"/positions.csv"),
			"proposition_id|proposition|delegation|stance|reason|updated_at")
		res := chair.get(ed + "/positions.json")
		if body := string(responseBytes(t, res)); body != fmt.Sprintf("{\n  \"edition_id\": %d,\n  \"positions\": [],\n  \"history\": []\n}\n", f.ids.edition) {
			t.Errorf("positions.json with no position: %q", body)
		}
		f.recordPositions(t, p)

		// The numbers are checkMap's, to six significant digits: p 2/3 and
		// 1/3, product 2/9, geometric mean √(2/9) = 0.4714045, majority
		// pa 1/2 and z 1/√3 = 0.5773503. The text is in ?lang=.
		res = chair.get(ed + "/map.csv?lang=es")
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="edition-2-2024-11-19-map.csv"` {
			t.Errorf("map.csv: Content-Disposition %q", cd)
		}
		text := "Todos los pueblos tienen derecho al desarrollo."
		wantRows(t, "map.csv", groundCSV(t, chair, ed+"/map.csv?lang=es"),
			"rank|proposition_id|proposition|bloc|support|can_live_with|cannot_accept|pending|p|product|geometric_mean|weakest|weakest_bloc|majority_pa|majority_z|majority_common|objections",
			fmt.Sprintf("1|%d|%s|SA|0|1|0|0|0.666667|0.222222|0.471405|0.333333|EA|0.5|0.57735|false|1", p, text),
			fmt.Sprintf("1|%d|%s|EA|0|0|1|0|0.333333|0.222222|0.471405|0.333333|EA|0.5|0.57735|false|1", p, text))

		// China's reason starts like a formula: a spreadsheet shows it as
		// text. Positions are by proposition, then delegation in the order
		// they were added.
		pos := groundCSV(t, chn, ed+"/positions.csv?lang=es")
		stamp := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
		for _, r := range pos[1:] {
			if !stamp.MatchString(r[5]) {
				t.Errorf("updated_at %q", r[5])
			}
			r[5] = "T"
		}
		wantRows(t, "positions.csv", pos,
			"proposition_id|proposition|delegation|stance|reason|updated_at",
			fmt.Sprintf("%d|%s|BRA|can_live_with||T", p, text),
			fmt.Sprintf("%d|%s|CHN|cannot_accept|'=SUM(A1) is not our wording|T", p, text))

		en := "Every people has the right to development."
		var pj struct {
			Positions []struct {
				Delegation, Stance, Reason, Proposition string
				UpdatedAt                               time.Time `json:"updated_at"`
			}
			History []struct{ Delegation, Stance, By string }
		}
		res = chn.get(ed + "/positions.json")
		if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="edition-2-2024-11-19-positions.json"` {
			t.Errorf("positions.json: Content-Disposition %q", cd)
		}
		if err := json.NewDecoder(res.Body).Decode(&pj); err != nil || res.StatusCode != 200 {
			t.Fatalf("positions.json: %d %v", res.StatusCode, err)
		}
		if len(pj.Positions) != 2 || pj.Positions[1].Reason != "=SUM(A1) is not our wording" || pj.Positions[0].Proposition != en || pj.Positions[0].UpdatedAt.IsZero() {
			t.Errorf("positions.json positions: %+v", pj.Positions)
		}
		if fmt.Sprint(pj.History) != "[{BRA support Ana Souza} {BRA can_live_with Bruno Lima} {CHN cannot_accept Li Wei}]" {
			t.Errorf("positions.json history: %+v", pj.History)
		}

		// Two delegations on one proposition: Brazil at 0.5, China at −1,
		// centred on their mean −0.25, stand at 0.75 and −0.75 on the one
		// axis there is; too few to group (group empty). A negative
		// number stays a number.
		wantRows(t, "groups.csv", groundCSV(t, chair, ed+"/ground/groups.csv"),
			"delegation|x|y|group|blocs", "BRA|0.75|0||SA", "CHN|-0.75|0||EA")

		var m groundMap
		res = chair.get(ed + "/map.json")
		if err := json.NewDecoder(res.Body).Decode(&m); err != nil || res.StatusCode != 200 {
			t.Fatalf("map.json: %d %v", res.StatusCode, err)
		}
		checkMap(t, m, p)
	})
}

// The public is kept from positions, in its own language; priorities
// come from statements and are open.
func TestGroundExportsKeepPositionsFromThePublic(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newGroundAPIFixture(t, s)
		p := f.propose(t, f.chair, "Every people has the right to development.")
		f.recordPositions(t, p)
		ed := fmt.Sprintf("/editions/%d", f.ids.edition)
		for _, path := range []string{"/map.csv", "/map.json", "/positions.csv", "/positions.json", "/ground/groups.csv"} {
			res := f.c.do("GET", ed+path, nil, http.Header{"Accept-Language": {"es"}})
			body := text(doc(t, res))
			if res.StatusCode != 403 || !strings.Contains(body, "En esta edición, las posiciones solo son visibles para las delegaciones, la Presidencia y la Secretaría.") {
				t.Errorf("%s for the public: %d %q", path, res.StatusCode, body)
			}
		}
		if res := f.c.get(ed + "/ground/priorities.csv"); res.StatusCode != 200 {
			t.Errorf("priorities.csv for the public: %d", res.StatusCode)
		}
		f.call(t, "PUT", f.edition("/ground/settings"), f.chair, `{"positions": "public"}`, 200)
		if res := f.c.get(ed + "/positions.csv"); res.StatusCode != 200 {
			t.Errorf("positions.csv for the public once positions are public: %d", res.StatusCode)
		}
	})
}

// Brazil raised the right to development twice; China raised it once,
// with South-South cooperation. SA (Brazil, Argentina): one member of two
// raised the right to development (share 0.5) in 2 statements; EA
// (China): its one member raised both, once each.
func TestGroundPrioritiesExport(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newGroundAPIFixture(t, s)
		statement := func(delegation int64, concepts string) {
			st := f.call(t, "POST", "/api/v1/statements", f.admin, fmt.Sprintf(`{"edition_id": %d, "delegation_id": %d, "language": "en",
				"text": "Statement %d.", "visibility": "public", "delivered_on": "2024-11-19"}`, f.ids.edition, delegation, s.counter()), 201)
			f.call(t, "POST", fmt.Sprintf("/api/v1/statements/%d/concepts", int64(st["id"].(float64))), f.admin, `{"add": [`+concepts+`]}`, 200)
		}
		statement(f.ids.bra, `"right-to-development"`)
		statement(f.ids.bra, `"right-to-development"`)
		statement(f.ids.chn, `"right-to-development", "south-south-cooperation"`)
		wantRows(t, "priorities.csv", groundCSV(t, s.client(), fmt.Sprintf("/editions/%d/ground/priorities.csv", f.ids.edition)),
			"concept|concept_label|bloc|members|share|statements",
			"right-to-development|right-to-development|SA|1|0.5|2",
			"right-to-development|right-to-development|EA|1|1|1",
			"south-south-cooperation|south-south-cooperation|SA|0|0|0",
			"south-south-cooperation|south-south-cooperation|EA|1|1|1")
	})
}
