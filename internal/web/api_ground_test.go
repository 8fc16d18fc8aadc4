package web_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/i18n"
)

// groundAPIFixture is a published edition with Brazil, China and Argentina
// accredited, blocs SA (Brazil, Argentina) and EA (China), and the people
// who act on its common ground through the API.
type groundAPIFixture struct {
	s                   *site
	c                   *client
	admin, chair, obs   http.Header
	bra1, bra2, chn, ar http.Header // delegates; ar reads Spanish
	ids                 recordIDs
	arg                 int64
}

func newGroundAPIFixture(t *testing.T, s *site) *groundAPIFixture {
	t.Helper()
	f := &groundAPIFixture{s: s, c: s.client(), admin: s.token("sec@example.org", account.Administrator)}
	f.ids = setupRecord(t, s, f.c, f.admin)
	f.chair = s.token("chair@example.org", account.Chair)
	f.obs = s.token("obs@example.org", account.Observer)
	f.bra1 = f.delegate(t, "ana@example.org", "Ana Souza", "BRA", "")
	f.bra2 = f.delegate(t, "bruno@example.org", "Bruno Lima", "BRA", "")
	f.chn = f.delegate(t, "li@example.org", "Li Wei", "CHN", "")
	f.ar = f.delegate(t, "sofia@example.org", "Sofía Pérez", "ARG", i18n.Es)
	d := f.call(t, "POST", fmt.Sprintf("/api/v1/editions/%d/delegations", f.ids.edition), f.admin, `{"kind": "country", "code": "ARG"}`, 201)
	f.arg = int64(d["id"].(float64))
	f.call(t, "PUT", fmt.Sprintf("/api/v1/delegations/%d/accreditation", f.arg), f.admin, `{"accredited": true}`, 200)
	f.call(t, "POST", f.edition("/blocs"), f.admin, `{"code": "sa", "names": {"en": "South America"}, "members": ["BRA", "ARG"]}`, 201)
	f.call(t, "POST", f.edition("/blocs"), f.admin, `{"code": "EA", "names": {"en": "East Asia"}, "position": 1, "members": ["CHN"]}`, 201)
	return f
}

// delegate makes an account of a delegation's member and returns its
// bearer header.
func (f *groundAPIFixture) delegate(t *testing.T, email, name, code string, lang i18n.Lang) http.Header {
	t.Helper()
	u, err := f.s.accounts.Create(context.Background(), audit.System("test"), account.NewUser{Email: email, DisplayName: name,
		Role: account.Delegate, Delegation: code, Language: lang, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := f.s.accounts.CreateToken(context.Background(), u, "test")
	if err != nil {
		t.Fatal(err)
	}
	return http.Header{"Authorization": {"Bearer " + secret}, "Content-Type": {"application/json"}}
}

func (f *groundAPIFixture) edition(rest string) string {
	return fmt.Sprintf("/api/v1/editions/%d%s", f.ids.edition, rest)
}

// call sends body as h and fails unless the status is the one expected.
func (f *groundAPIFixture) call(t *testing.T, method, path string, h http.Header, body string, status int) map[string]any {
	t.Helper()
	res := f.c.do(method, path, strings.NewReader(body), h)
	if res.StatusCode != status {
		t.Fatalf("%s %s: %d %+v, want %d", method, path, res.StatusCode, decode[apiErr](t, res).Error, status)
	}
	if status == http.StatusNoContent {
		return nil
	}
	return decode[map[string]any](t, res)
}

// propose puts a proposition forward as h and returns its id.
func (f *groundAPIFixture) propose(t *testing.T, h http.Header, text string) int64 {
	t.Helper()
	p := f.call(t, "POST", f.edition("/propositions"), h, `{"language": "en", "text": "`+text+`"}`, 201)
	return int64(p["id"].(float64))
}

func propositionPath(id int64, rest string) string {
	return fmt.Sprintf("/api/v1/propositions/%d%s", id, rest)
}

// recordPositions: Brazil's two members write one after the other
// (support, then can live with), China cannot accept with a reason that
// starts like a spreadsheet formula.
func (f *groundAPIFixture) recordPositions(t *testing.T, p int64) {
	t.Helper()
	f.call(t, "PUT", propositionPath(p, "/positions"), f.bra1, `{"stance": "support"}`, 200)
	f.call(t, "PUT", propositionPath(p, "/positions"), f.bra2, `{"stance": "can_live_with"}`, 200)
	f.call(t, "PUT", propositionPath(p, "/positions"), f.chn, `{"stance": "cannot_accept", "reason": "=SUM(A1) is not our wording"}`, 200)
}

func TestGroundPositionsAPI(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newGroundAPIFixture(t, s)
		e := wantError(t, f.c.do("POST", f.edition("/blocs"), strings.NewReader(`{"code": "XX", "names": {"en": "X"}, "members": ["BRA", "XYZ"]}`), f.admin),
			400, "unknown_delegation", "members")
		if e.Error.Message != "No delegation with the code XYZ takes part in this edition." {
			t.Errorf("unknown member: %q", e.Error.Message)
		}
		blocs := decode[struct{ Items []struct{ Code string } }](t, f.c.get(f.edition("/blocs")))
		if len(blocs.Items) != 2 || blocs.Items[0].Code != "SA" || blocs.Items[1].Code != "EA" {
			t.Fatalf("blocs: %+v", blocs.Items)
		}

		p := f.propose(t, f.chair, "Every people has the right to development.")
		w := f.propose(t, f.chair, "A text the chair takes back.")
		if got := f.call(t, "POST", propositionPath(w, "/withdraw"), f.chair, "", 200); got["status"] != "withdrawn" {
			t.Fatalf("withdraw: %v", got)
		}

		// The Spanish-speaking delegate objects without a reason.
		h := f.ar.Clone()
		h.Set("Accept-Language", "es")
		e = wantError(t, f.c.do("PUT", propositionPath(p, "/positions"), strings.NewReader(`{"stance": "cannot_accept"}`), h), 400, "reason_required", "reason")
		if e.Error.Message != "Indique un motivo cuando su delegación no pueda aceptar una propuesta." {
			t.Errorf("reason_required in Spanish: %q", e.Error.Message)
		}
		wantError(t, f.c.do("PUT", propositionPath(p, "/positions"), strings.NewReader(fmt.Sprintf(`{"delegation_id": %d, "stance": "support"}`, f.ids.chn)), f.bra1),
			403, "not_your_delegation", "")
		wantError(t, f.c.do("PUT", propositionPath(w, "/positions"), strings.NewReader(`{"stance": "support"}`), f.bra1), 409, "proposition_withdrawn", "")
		wantError(t, f.c.do("PUT", propositionPath(p, "/positions"), strings.NewReader(`{"stance": "maybe"}`), f.bra1), 400, "invalid_stance", "stance")

		f.recordPositions(t, p)
		type change struct{ Delegation, Stance, Reason, By string }
		hist := decode[struct{ Items []change }](t, f.c.do("GET", propositionPath(p, "/positions/history"), nil, f.chair))
		want := []change{{"BRA", "support", "", "Ana Souza"}, {"BRA", "can_live_with", "", "Bruno Lima"}, {"CHN", "cannot_accept", "=SUM(A1) is not our wording", "Li Wei"}}
		if fmt.Sprint(hist.Items) != fmt.Sprint(want) {
			t.Errorf("history:\n got %+v\nwant %+v", hist.Items, want)
		}
		// The same history a change at a time: each next cursor leads to
		// the following change, and the last page has none.
		type historyPage struct {
			Items []change
			Limit int
			Next  *string
		}
		var paged []change
		path := propositionPath(p, "/positions/history?limit=1")
		for pages := 0; ; pages++ {
			pg := decode[historyPage](t, f.c.do("GET", path, nil, f.chair))
			if pg.Limit != 1 || len(pg.Items) > 1 || pages > 3 {
				t.Fatalf("history page %d: %+v", pages, pg)
			}
			paged = append(paged, pg.Items...)
			if pg.Next == nil {
				if pages != 2 {
					t.Errorf("history in %d pages of one, want 3", pages+1)
				}
				break
			}
			path = propositionPath(p, "/positions/history?limit=1&after="+*pg.Next)
		}
		if fmt.Sprint(paged) != fmt.Sprint(want) {
			t.Errorf("history paged:\n got %+v\nwant %+v", paged, want)
		}
		wantError(t, f.c.do("GET", propositionPath(p, "/positions/history?limit=501"), nil, f.chair), 400, "bad_pagination", "limit")
		wantError(t, f.c.do("GET", propositionPath(p, "/positions/history?after=x"), nil, f.chair), 400, "invalid_cursor", "after")
		type position struct{ Delegation, Stance string }
		cur := decode[struct{ Items []position }](t, f.c.do("GET", propositionPath(p, "/positions"), nil, f.chair))
		if fmt.Sprint(cur.Items) != "[{BRA can_live_with} {CHN cannot_accept}]" {
			t.Errorf("current positions: %+v", cur.Items)
		}

		// The edition keeps positions to its participants until the chair
		// opens them.
		for _, path := range []string{f.edition("/map"), f.edition("/ground/groups"), propositionPath(p, "/positions"), propositionPath(p, "/positions/history")} {
			wantError(t, f.c.do("GET", path, nil, f.obs), 403, "positions_restricted", "")
		}
		if got := f.call(t, "GET", f.edition("/ground/settings"), f.obs, "", 200); got["positions"] != "participants" {
			t.Errorf("default settings: %v", got)
		}
		wantError(t, f.c.do("PUT", f.edition("/ground/settings"), strings.NewReader(`{"positions": "delegation"}`), f.chair), 400, "invalid_positions_visibility", "positions")
		wantError(t, f.c.do("PUT", f.edition("/ground/settings"), strings.NewReader(`{}`), f.chair), 400, "required", "positions")
		if got := f.call(t, "PUT", f.edition("/ground/settings"), f.chair, `{"positions": "public"}`, 200); got["positions"] != "public" {
			t.Fatalf("settings: %v", got)
		}
		checkMap(t, decode[groundMap](t, f.c.do("GET", f.edition("/map"), nil, f.obs)), p)
	})
}

type groundMap struct {
	Blocs        []struct{ Code string }
	Delegations  int
	Propositions []struct {
		Rank        int
		Proposition struct{ ID int64 }
		Blocs       []struct {
			Support      int `json:"support"`
			CanLiveWith  int `json:"can_live_with"`
			CannotAccept int `json:"cannot_accept"`
			Pending      int `json:"pending"`
		}
		Score struct {
			P             []float64
			Product       float64
			GeometricMean float64 `json:"geometric_mean"`
			Weakest       float64
			WeakestGroup  int `json:"weakest_group"`
			Majority      struct {
				PA, Z  float64
				Common bool
			}
			Objections int
			Unopposed  bool
		}
		Objections []struct{ Delegation, Reason string }
	}
}

// checkMap checks the map of recordPositions by hand: SA (Brazil,
// Argentina) has one delegation that can live with it, so p = (1+1)/(1+2)
// = 2/3; EA (China) one objection, p = (0+1)/(1+2) = 1/3; the product is
// 2/9, its square root the geometric mean, and EA (index 1) the weakest.
// Over everyone 1 of 2 agree: pa = (1+1)/(2+2) = 1/2, z = 2·√3·(2/3 − 1/2)
// = 1/√3. The withdrawn proposition is not on the map.
func checkMap(t *testing.T, m groundMap, p int64) {
	t.Helper()
	if len(m.Blocs) != 2 || m.Delegations != 2 || len(m.Propositions) != 1 {
		t.Fatalf("map: %d blocs, %d delegations, %d propositions", len(m.Blocs), m.Delegations, len(m.Propositions))
	}
	row := m.Propositions[0]
	if row.Rank != 1 || row.Proposition.ID != p {
		t.Errorf("row: rank %d, proposition %d", row.Rank, row.Proposition.ID)
	}
	if fmt.Sprint(row.Blocs) != "[{0 1 0 0} {0 0 1 0}]" {
		t.Errorf("bloc counts: %v", row.Blocs)
	}
	sc := row.Score
	near := func(name string, got, want float64) {
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if len(sc.P) != 2 {
		t.Fatalf("p: %v", sc.P)
	}
	near("p[SA]", sc.P[0], 2.0/3)
	near("p[EA]", sc.P[1], 1.0/3)
	near("product", sc.Product, 2.0/9)
	near("geometric mean", sc.GeometricMean, math.Sqrt(2.0/9))
	near("weakest", sc.Weakest, 1.0/3)
	near("majority pa", sc.Majority.PA, 0.5)
	near("majority z", sc.Majority.Z, 1/math.Sqrt(3))
	if sc.WeakestGroup != 1 || sc.Majority.Common || sc.Objections != 1 || sc.Unopposed {
		t.Errorf("score: %+v", sc)
	}
	if len(row.Objections) != 1 || row.Objections[0].Delegation != "CHN" || row.Objections[0].Reason != "=SUM(A1) is not our wording" {
		t.Errorf("objections: %+v", row.Objections)
	}
}

func TestPropositionsAPIPages(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newGroundAPIFixture(t, s)
		ids := []int64{f.propose(t, f.chair, "One."), f.propose(t, f.chair, "Two."), f.propose(t, f.chair, "Three.")}
		sub := f.propose(t, f.bra1, "Brazil's, waiting for the chair.")
		type page struct {
			Items []struct {
				ID     int64
				Status string
			}
			Limit int
			Next  *string
		}
		first := decode[page](t, f.c.get(f.edition("/propositions?limit=2")))
		if len(first.Items) != 2 || first.Items[0].ID != ids[0] || first.Items[1].ID != ids[1] || first.Next == nil || *first.Next != fmt.Sprint(ids[1]) {
			t.Fatalf("first page: %+v", first)
		}
		last := decode[page](t, f.c.get(f.edition("/propositions?limit=2&after="+*first.Next)))
		if len(last.Items) != 1 || last.Items[0].ID != ids[2] || last.Next != nil {
			t.Fatalf("last page for the public (Brazil's proposition hidden): %+v", last)
		}
		all := decode[page](t, f.c.do("GET", f.edition("/propositions"), nil, f.chair))
		if all.Limit != 100 || len(all.Items) != 4 || all.Items[3].ID != sub || all.Items[3].Status != "submitted" || all.Next != nil {
			t.Fatalf("the chair's list: %+v", all)
		}
		waiting := decode[page](t, f.c.do("GET", f.edition("/propositions?status=submitted"), nil, f.chair))
		if len(waiting.Items) != 1 || waiting.Items[0].ID != sub {
			t.Fatalf("waiting for the chair: %+v", waiting)
		}
		for q, field := range map[string]string{"limit=0": "limit", "limit=501": "limit", "offset=2": "offset"} {
			wantError(t, f.c.get(f.edition("/propositions?"+q)), 400, "bad_pagination", field)
		}
		wantError(t, f.c.get(f.edition("/propositions?after=x")), 400, "invalid_cursor", "after")
		wantError(t, f.c.get(f.edition("/propositions?status=adopted")), 400, "invalid_status", "status")
	})
}

func TestPropositionsAPIChairAndBlocs(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newGroundAPIFixture(t, s)
		p := f.propose(t, f.chair, "Every people has the right to development.")
		sub := f.propose(t, f.bra1, "South-South cooperation complements North-South cooperation.")
		got := f.call(t, "PUT", propositionPath(sub, "/translations/pt"), f.bra2, `{"text": "A cooperação Sul-Sul complementa a cooperação Norte-Sul.", "origin": "human"}`, 200)
		if tr := got["translations"].([]any); len(tr) != 1 || tr[0].(map[string]any)["language"] != "pt" {
			t.Errorf("translations: %v", got["translations"])
		}
		wantError(t, f.c.do("PUT", propositionPath(sub, "/positions"), strings.NewReader(`{"stance": "support"}`), f.bra1), 409, "proposition_not_published", "")
		if got := f.call(t, "POST", propositionPath(sub, "/publish"), f.chair, "", 200); got["status"] != "published" || got["delegation"] != "BRA" {
			t.Fatalf("publish: %v", got)
		}
		wantError(t, f.c.do("POST", propositionPath(sub, "/publish"), nil, f.chair), 409, "proposition_not_submitted", "")
		wantError(t, f.c.do("POST", propositionPath(sub, "/publish"), strings.NewReader(`{"now": true}`), f.chair), 400, "unknown_field", "now")
		f.call(t, "PUT", propositionPath(sub, "/positions"), f.chn, `{"stance": "support"}`, 200)
		wantError(t, f.c.do("POST", propositionPath(sub, "/merge"), strings.NewReader(fmt.Sprintf(`{"into": %d}`, sub)), f.chair), 400, "merge_into_itself", "into")
		wantError(t, f.c.do("POST", propositionPath(sub, "/merge"), strings.NewReader(`{}`), f.chair), 400, "required", "into")
		into := f.call(t, "POST", propositionPath(sub, "/merge"), f.chair, fmt.Sprintf(`{"into": %d}`, p), 200)
		if int64(into["id"].(float64)) != p {
			t.Fatalf("merge answers with %v, want the proposition merged into", into["id"])
		}
		if got := f.call(t, "GET", propositionPath(sub, ""), f.obs, "", 200); got["status"] != "merged" || int64(got["merged_into"].(float64)) != p {
			t.Errorf("merged: %v", got)
		}
		// China's position came along to the proposition merged into.
		pos := decode[struct {
			Items []struct{ Delegation, Stance string }
		}](t, f.c.do("GET", propositionPath(p, "/positions"), nil, f.chair))
		if fmt.Sprint(pos.Items) != "[{CHN support}]" {
			t.Errorf("positions after the merge: %+v", pos.Items)
		}

		blocs := decode[struct {
			Items []struct {
				ID      int64
				Code    string
				Members []string
			}
		}](t, f.c.get(f.edition("/blocs")))
		sa := blocs.Items[0].ID
		got = f.call(t, "PUT", fmt.Sprintf("/api/v1/blocs/%d", sa), f.admin, `{"code": "MERCOSUR", "names": {"en": "Mercosur"}, "members": ["ARG", "BRA"]}`, 200)
		if got["code"] != "MERCOSUR" || fmt.Sprint(got["members"]) != "[ARG BRA]" {
			t.Errorf("updated bloc: %v", got)
		}
		wantError(t, f.c.do("PUT", fmt.Sprintf("/api/v1/blocs/%d", sa), strings.NewReader(`{"code": "EA", "names": {"en": "Again"}, "members": ["ARG"]}`), f.admin), 400, "bloc_exists", "code")
		f.call(t, "DELETE", fmt.Sprintf("/api/v1/blocs/%d", sa), f.admin, "", 204)
		if left := decode[struct{ Items []struct{ Code string } }](t, f.c.get(f.edition("/blocs"))); len(left.Items) != 1 || left.Items[0].Code != "EA" {
			t.Errorf("blocs after the delete: %+v", left.Items)
		}
	})
}
