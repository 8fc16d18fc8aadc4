package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/i18n"
)

// commonGround is a published edition with four accredited delegations
// (Brazil, Argentina, Mexico, China) in two blocs, China (CN) and Latin
// America (LAC: BRA, ARG, MEX), and two propositions of the chair: div,
// put forward first, to which China objects, and uni, which every
// delegation supports or can live with. Positions are kept to the
// delegations, as an edition starts.
type commonGround struct {
	edition, div, uni int64
	dels              map[string]int64 // delegation ids by code
	admin, chair, obs string           // e-mail addresses
	delegate          map[string]string
	users             map[string]account.User
	svc               *ground.Service
}

func setupGround(t *testing.T, s *site) commonGround {
	t.Helper()
	ctx := context.Background()
	n := s.counter()
	g := commonGround{dels: map[string]int64{}, delegate: map[string]string{}, users: map[string]account.User{}}
	mk := func(email string, role account.Role, del string) account.User {
		u, err := s.accounts.Create(ctx, audit.System("test"), account.NewUser{Email: email, DisplayName: strings.Split(email, "@")[0],
			Role: role, Delegation: del, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		g.users[email] = u
		return u
	}
	g.admin, g.chair, g.obs = fmt.Sprintf("sec%d@example.org", n), fmt.Sprintf("chair%d@example.org", n), fmt.Sprintf("obs%d@example.org", n)
	admin := mk(g.admin, account.Administrator, "")
	chair := mk(g.chair, account.Chair, "")
	mk(g.obs, account.Observer, "")
	dlg := &dialogue.Service{DB: s.db}
	g.svc = &ground.Service{DB: s.db, Dialogue: dlg}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	forum, err := dlg.CreateForum(ctx, &admin, dialogue.Forum{Slug: fmt.Sprintf("ground-%d", n), Names: dialogue.Texts{"en": "China–LAC Roundtable"}})
	must(err)
	ed, err := dlg.CreateEdition(ctx, &admin, dialogue.Edition{ForumID: forum.ID, Number: 2, Titles: dialogue.Texts{"en": "Second Roundtable"}, Published: true,
		StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en", "es", "zh"}})
	must(err)
	g.edition = ed.ID
	for _, code := range []string{"BRA", "ARG", "MEX", "CHN"} {
		d, err := dlg.AddDelegation(ctx, &admin, dialogue.Delegation{EditionID: ed.ID, Kind: dialogue.KindCountry, Code: code})
		must(err)
		must(dlg.Accredit(ctx, &admin, d.ID, true))
		g.dels[code] = d.ID
		g.delegate[code] = fmt.Sprintf("%s%d@example.org", strings.ToLower(code), n)
		mk(g.delegate[code], account.Delegate, code)
	}
	for _, b := range []ground.BlocInput{
		{Code: "CN", Names: dialogue.Texts{"en": "China", "es": "China", "zh": "中国"}, Position: 1, Members: []string{"CHN"}},
		{Code: "LAC", Names: dialogue.Texts{"en": "Latin America", "es": "América Latina"}, Position: 2, Members: []string{"BRA", "ARG", "MEX"}},
	} {
		_, err := g.svc.CreateBloc(ctx, &admin, ed.ID, b)
		must(err)
	}
	propose := func(text string) int64 {
		p, err := g.svc.Propose(ctx, &chair, ed.ID, ground.PropositionInput{Language: "en", Text: text})
		must(err)
		return p.ID
	}
	g.div = propose("Unilateral coercive measures have no place in international relations.")
	g.uni = propose("Every people has the right to development.")
	for _, p := range []struct {
		prop   int64
		code   string
		stance ground.Stance
		reason string
	}{
		{g.div, "BRA", ground.Support, ""}, {g.div, "ARG", ground.Support, ""}, {g.div, "MEX", ground.Pending, ""},
		{g.div, "CHN", ground.CannotAccept, "Not as worded."},
		{g.uni, "BRA", ground.Support, ""}, {g.uni, "ARG", ground.Support, ""}, {g.uni, "MEX", ground.CanLiveWith, ""},
		{g.uni, "CHN", ground.Support, ""},
	} {
		g.position(t, p.prop, p.code, p.stance, p.reason)
	}
	return g
}

// position records a delegation's position through the service, as its
// delegate.
func (g commonGround) position(t *testing.T, prop int64, code string, st ground.Stance, reason string) {
	t.Helper()
	u := g.users[g.delegate[code]]
	if _, err := g.svc.SetPosition(context.Background(), &u, prop, ground.PositionInput{Stance: st, Reason: reason}); err != nil {
		t.Fatal(err)
	}
}

func (g commonGround) path(suffix string) string {
	return fmt.Sprintf("/editions/%d%s", g.edition, suffix)
}

// byClass finds the elements whose class list holds class.
func byClass(n *html.Node, tag, class string) []*html.Node {
	var out []*html.Node
	for _, x := range find(n, tag) {
		if strings.Contains(" "+attr(x, "class")+" ", " "+class+" ") {
			out = append(out, x)
		}
	}
	return out
}

func TestGroundMapRanksAndShowsTheCounts(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		bra := s.client().signIn(g.delegate["BRA"])
		d := doc(t, bra.get(g.path("/ground")))
		rows := byClass(one(t, d, "ol", "id", "ranking"), "li", "ground-row")
		if len(rows) != 2 {
			t.Fatalf("%d propositions ranked, want 2", len(rows))
		}
		// The unanimous proposition, put forward second, ranks first.
		if attr(rows[0], "data-proposition") != fmt.Sprint(g.uni) || attr(rows[0], "data-rank") != "1" {
			t.Fatalf("first row is proposition %s", attr(rows[0], "data-proposition"))
		}
		agreement := func(row *html.Node, bloc string) string {
			return text(byClass(one(t, row, "tr", "data-bloc", bloc), "td", "agreement")[0])
		}
		// LAC on uni: 3 agree of 3 → 4/5; China: 1 of 1 → 2/3.
		for _, c := range []struct{ row, bloc, want string }{
			{"0", "LAC", "0.80 (3 of 3)"}, {"0", "CN", "0.67 (1 of 1)"},
			// div: Mexico's pending counts as seen, not as agreeing.
			{"1", "LAC", "0.60 (2 of 3)"}, {"1", "CN", "0.33 (0 of 1)"},
		} {
			row := rows[map[string]int{"0": 0, "1": 1}[c.row]]
			if got := agreement(row, c.bloc); got != c.want {
				t.Errorf("row %s, bloc %s: %q, want %q", c.row, c.bloc, got, c.want)
			}
		}
		if got := text(byClass(rows[0], "dd", "score-product")[0]); got != "0.67 × 0.80 = 0.533" {
			t.Errorf("product %q", got)
		}
		if got := text(byClass(rows[1], "dd", "score-weakest")[0]); got != "China: 0.33 (0 of 1)" {
			t.Errorf("weakest %q", got)
		}
		// na = 4 of ns = 4: pa = 5/6, z = 2·√5·(5/5 − 0.5) = 2.236.
		if got := text(byClass(rows[0], "dd", "score-majority")[0]); !strings.HasPrefix(got, "pa = 0.833 (4 of 4), z = 2.24") {
			t.Errorf("majority %q", got)
		}
		obj := one(t, rows[1], "li", "data-delegation", "CHN")
		if !strings.Contains(text(obj), "Not as worded.") {
			t.Errorf("objection %q", text(obj))
		}
		// The heatmap: blocs × propositions, every cell printing its value.
		cells := byClass(one(t, d, "div", "id", "heatmap"), "g", "cell")
		if len(cells) != 4 {
			t.Fatalf("%d heatmap cells, want 2 blocs × 2 propositions", len(cells))
		}
		if got := text(one(t, cells[0], "text")); got != "0.67" {
			t.Errorf("first cell (China, rank 1) prints %q", got)
		}
		if n := len(find(one(t, d, "table", "id", "heatmap-table"), "tr")); n != 3 {
			t.Errorf("heatmap table has %d rows, want a header and 2", n)
		}
		if attr(one(t, d, "a", "id", "map-csv"), "href") != g.path("/map.csv") {
			t.Error("no CSV link")
		}
		// Spanish readers read decimal commas.
		bra.speak("es")
		rows = byClass(doc(t, bra.get(g.path("/ground"))), "li", "ground-row")
		if got := agreement(rows[0], "LAC"); got != "0,80 (3 de 3)" {
			t.Errorf("in Spanish: %q", got)
		}
	})
}

func TestGroundObserverSeesNoPositionsWhileKeptToDelegations(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		for _, c := range []*client{s.client(), s.client().signIn(g.obs)} {
			d := doc(t, c.get(g.path("/ground")))
			one(t, d, "p", "id", "positions-restricted")
			if n := len(find(one(t, d, "ul", "id", "published-list"), "li")); n != 2 {
				t.Errorf("%d published propositions listed, want 2", n)
			}
			if len(find(d, "ol", "id", "ranking"))+len(find(d, "div", "id", "heatmap"))+len(byClass(d, "td", "agreement")) != 0 {
				t.Error("a reader kept from positions sees numbers")
			}
			d = doc(t, c.get(fmt.Sprintf("/propositions/%d", g.div)))
			one(t, d, "p", "id", "positions-restricted")
			if len(find(d, "table", "id", "positions-table"))+len(find(d, "table", "id", "history-table"))+len(find(d, "section", "id", "proposition-map")) != 0 {
				t.Error("a reader kept from positions sees the positions of a proposition")
			}
			d = doc(t, c.get(g.path("/ground/groups")))
			one(t, d, "p", "id", "positions-restricted")
		}
		// The chair opens the positions to the public.
		chair := s.client().signIn(g.chair)
		res := chair.postForm(g.path("/ground/settings"), url.Values{"positions": {"public"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != g.path("/ground") {
			t.Fatalf("settings: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		d := doc(t, s.client().get(g.path("/ground")))
		if len(byClass(one(t, d, "ol", "id", "ranking"), "li", "ground-row")) != 2 {
			t.Fatal("the public does not see the map once positions are public")
		}
		// Only the chair and the secretariat change it.
		wantStatus(t, s.client().signIn(g.delegate["BRA"]).postForm(g.path("/ground/settings"), url.Values{"positions": {"participants"}}), 403)
	})
}

func TestGroundPositionForm(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		cat := i18n.MustLoad()
		chn := s.client().signIn(g.delegate["CHN"])
		chn.speak("fr")
		path := fmt.Sprintf("/propositions/%d", g.uni)
		// An objection without a reason is refused in the reader's
		// language, with the stance still chosen.
		res := chn.postForm(path+"/position", url.Values{"stance": {"cannot_accept"}, "reason": {""}})
		wantStatus(t, res, 400)
		d := doc(t, res)
		if got := text(one(t, d, "p", "id", "proposition-error")); got != cat.T(i18n.Fr, "ground.error.reason_required") {
			t.Errorf("refusal says %q", got)
		}
		if !hasAttr(one(t, d, "input", "name", "stance", "value", "cannot_accept"), "checked") {
			t.Error("the refused stance is no longer chosen")
		}
		// A reason typed with no stance chosen is kept.
		res = chn.postForm(path+"/position", url.Values{"reason": {"Ask the capital."}})
		wantStatus(t, res, 400)
		if got := text(one(t, doc(t, res), "textarea", "id", "reason")); got != "Ask the capital." {
			t.Errorf("the reason typed became %q", got)
		}
		res = chn.postForm(path+"/position", url.Values{"stance": {"cannot_accept"}, "reason": {"Needs wording on sovereignty."}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
			t.Fatalf("position: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		d = doc(t, chn.get(path))
		if st := attr(one(t, one(t, d, "table", "id", "positions-table"), "tr", "data-delegation", "CHN"), "data-stance"); st != "cannot_accept" {
			t.Errorf("China's position shows as %q", st)
		}
		if n := len(find(one(t, d, "table", "id", "history-table"), "tr", "data-delegation", "CHN")); n != 2 {
			t.Errorf("China's history has %d entries, want 2", n)
		}
		// Another delegation's delegate is refused nothing of its own, but
		// the chair records no position.
		wantStatus(t, s.client().signIn(g.chair).postForm(path+"/position", url.Values{"stance": {"support"}}), 403)
	})
}

// speak chooses the signed-in reader's language, as the switcher does
// (an account's choice beats Accept-Language).
func (c *client) speak(lang string) {
	c.s.t.Helper()
	wantStatus(c.s.t, c.postForm("/language", url.Values{"lang": {lang}, "next": {"/"}}), http.StatusSeeOther)
}

// hasAttr reports whether n carries the attribute at all (checked="" is
// chosen).
func hasAttr(n *html.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

func TestGroundProposeQueuePublishAndMerge(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		bra := s.client().signIn(g.delegate["BRA"])
		// A proposition without text is refused on the form, text kept
		// elsewhere.
		res := bra.postForm(g.path("/propositions"), url.Values{"language": {"es"}, "text": {" "}, "sources": {"12x"}})
		wantStatus(t, res, 400)
		d := doc(t, res)
		if f := attr(one(t, d, "p", "id", "form-error"), "data-field"); f != "sources" {
			t.Errorf("refused on field %q", f)
		}
		if attr(one(t, d, "input", "id", "sources"), "value") != "12x" {
			t.Error("the sources typed are lost")
		}
		res = bra.postForm(g.path("/propositions"), url.Values{"language": {"es"}, "text": {"Toda persona tiene derecho a la paz."}})
		wantStatus(t, res, 303)
		loc := res.Header.Get("Location")
		d = doc(t, bra.get(loc))
		if st := attr(one(t, d, "dd", "id", "status"), "data-status"); st != "submitted" {
			t.Fatalf("a delegation's proposition is %q", st)
		}
		// It waits in the chair's queue, not in the public's view.
		wantStatus(t, s.client().get(loc), 404)
		chair := s.client().signIn(g.chair)
		id := strings.TrimPrefix(loc, "/propositions/")
		queue := one(t, doc(t, chair.get(g.path("/ground"))), "table", "id", "queue-table")
		one(t, queue, "tr", "data-proposition", id)
		one(t, queue, "form", "action", loc+"/publish")
		res = chair.postForm(loc+"/publish", url.Values{"back_to_map": {fmt.Sprint(g.edition)}})
		if res.StatusCode != 303 || res.Header.Get("Location") != g.path("/ground") {
			t.Fatalf("publish: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		d = doc(t, bra.get(g.path("/ground")))
		if len(find(d, "table", "id", "queue-table")) != 0 || len(find(d, "li", "data-proposition", id)) != 1 {
			t.Fatal("the published proposition is not on the map")
		}
		// Publishing twice is refused, on the proposition's page.
		res = chair.postForm(loc+"/publish", nil)
		wantStatus(t, res, 409)
		one(t, doc(t, res), "p", "id", "proposition-error")
		// Merged into the unanimous one, it points there.
		res = chair.postForm(loc+"/merge", url.Values{"into": {fmt.Sprint(g.uni)}})
		wantStatus(t, res, 303)
		d = doc(t, s.client().get(loc))
		if st := attr(one(t, d, "dd", "id", "status"), "data-status"); st != "merged" {
			t.Errorf("status %q after merging", st)
		}
		if href := attr(one(t, d, "a", "id", "merged-into"), "href"); href != fmt.Sprintf("/propositions/%d", g.uni) {
			t.Errorf("merged into %q", href)
		}
		// Delegates neither publish nor merge.
		wantStatus(t, bra.postForm(fmt.Sprintf("/propositions/%d/withdraw", g.div), nil), 403)
	})
}

func TestGroundTranslationForm(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		chair := s.client().signIn(g.chair)
		path := fmt.Sprintf("/propositions/%d", g.uni)
		res := chair.postForm(path+"/translations", url.Values{"language": {"es"}, "text": {""}, "origin": {"human"}})
		wantStatus(t, res, 400)
		if f := one(t, doc(t, res), "p", "id", "proposition-error"); attr(f, "data-form") != "translation" {
			t.Errorf("refusal on form %q", attr(f, "data-form"))
		}
		wantStatus(t, chair.postForm(path+"/translations", url.Values{"language": {"es"}, "text": {"Todo pueblo tiene derecho al desarrollo."},
			"origin": {"human"}, "review": {"reviewed"}}), 303)
		// A Spanish reader reads the map in Spanish.
		es := s.client().signIn(g.delegate["MEX"])
		es.speak("es")
		row := one(t, doc(t, es.get(g.path("/ground"))), "li", "data-proposition", fmt.Sprint(g.uni))
		link := one(t, row, "a", "href", path)
		if text(link) != "Todo pueblo tiene derecho al desarrollo." || attr(link, "lang") != "es" {
			t.Errorf("the map shows %q (lang %q)", text(link), attr(link, "lang"))
		}
		one(t, doc(t, es.get(path)), "section", "data-language", "es")
	})
}

func TestGroundBlocsPage(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		wantStatus(t, s.client().signIn(g.chair).get(g.path("/blocs")), 403)
		admin := s.client().signIn(g.admin)
		form := url.Values{"edition": {fmt.Sprint(g.edition)}, "code": {"mx"}, "name_en": {"Mexico"}, "name_es": {"México"}, "position": {"3"}, "members": {"MEX"}}
		wantStatus(t, admin.postForm(g.path("/blocs"), form), 303)
		d := doc(t, admin.get(g.path("/blocs")))
		row := one(t, one(t, d, "table", "id", "blocs-table"), "tr", "data-bloc", "MX")
		if !strings.Contains(text(row), "Mexico") {
			t.Errorf("new bloc row %q", text(row))
		}
		// The blocs table lists the three blocs in their order.
		var codes []string
		for _, r := range find(one(t, d, "table", "id", "blocs-table"), "tr") {
			if c := attr(r, "data-bloc"); c != "" {
				codes = append(codes, c)
			}
		}
		if strings.Join(codes, " ") != "CN LAC MX" {
			t.Errorf("blocs in order %v", codes)
		}
		// A bloc without members is refused on its own form, the rest of
		// what was typed kept.
		var mx string
		for _, f := range find(d, "form") {
			if strings.HasPrefix(attr(f, "id"), "bloc-form-") && attr(one(t, f, "input", "name", "code"), "value") == "MX" {
				mx = attr(f, "action")
			}
		}
		form.Del("members")
		form.Set("name_en", "Mexico alone")
		res := admin.postForm(mx, form)
		wantStatus(t, res, 400)
		d = doc(t, res)
		id := strings.TrimPrefix(mx, "/blocs/")
		if e := one(t, d, "p", "id", "form-error"); attr(e, "data-field") != "members" || attr(e, "data-form") != "bloc-form-"+id {
			t.Errorf("refused on %q of %q", attr(e, "data-field"), attr(e, "data-form"))
		}
		if v := attr(one(t, d, "input", "id", "name-"+id+"-en"), "value"); v != "Mexico alone" {
			t.Errorf("the name typed became %q", v)
		}
		wantStatus(t, admin.postForm(mx+"/delete", url.Values{"edition": {fmt.Sprint(g.edition)}}), 303)
		if n := len(find(doc(t, admin.get(g.path("/blocs"))), "tr", "data-bloc", "MX")); n != 0 {
			t.Error("the deleted bloc is still listed")
		}
	})
}

func TestGroundMapShowsWhatEachBlocStandsFor(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		chair := g.users[g.chair]
		p, err := g.svc.Propose(context.Background(), &chair, g.edition, ground.PropositionInput{Language: "en", Text: "Regional integration is a priority."})
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"BRA", "ARG", "MEX"} {
			g.position(t, p.ID, code, ground.Support, "")
		}
		g.position(t, p.ID, "CHN", ground.CannotAccept, "Outside this dialogue.")
		d := doc(t, s.client().signIn(g.chair).get(g.path("/ground")))
		// Latin America: 3 of 3 against China's 0 of 1. Ratio (4/5)/(1/3)
		// = 2.40; z = (4/4 − 1/2)/√(5/6·1/6·(1/4 + 1/2)) = 1.55.
		reps := one(t, d, "ul", "data-bloc", "LAC")
		if n := len(find(reps, "li")); n != 1 {
			t.Fatalf("Latin America stands for %d propositions, want 1", n)
		}
		one(t, reps, "a", "href", fmt.Sprintf("/propositions/%d", p.ID))
		want := "0.80 (3 of 3) in the bloc against 0.33 (0 of 1) among the other delegations; ratio 2.40, z = 1.55"
		if got := text(byClass(reps, "span", "repness")[0]); got != want {
			t.Errorf("figures %q, want %q", got, want)
		}
		if len(find(d, "ul", "data-bloc", "CN")) != 0 {
			t.Error("China is shown standing for a proposition")
		}
	})
}

// TestGroundMapPages: the ranking shows 50 propositions a page, the next
// page going on from rank 51 with its own heatmap columns; a page past
// the end is not found, a page that is not a number refused.
func TestGroundMapPages(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		ctx := context.Background()
		chair := g.users[g.chair]
		for i := range 50 {
			if _, err := g.svc.Propose(ctx, &chair, g.edition, ground.PropositionInput{Language: "en", Text: fmt.Sprintf("Proposition number %d.", i+3)}); err != nil {
				t.Fatal(err)
			}
		}
		bra := s.client().signIn(g.delegate["BRA"])
		d := doc(t, bra.get(g.path("/ground")))
		ranking := one(t, d, "ol", "id", "ranking")
		if n := len(byClass(ranking, "li", "ground-row")); n != 50 {
			t.Fatalf("the first page ranks %d propositions, want 50", n)
		}
		next := one(t, d, "a", "rel", "next")
		if attr(next, "href") != g.path("/ground?page=2") {
			t.Fatalf("the next page link is %q", attr(next, "href"))
		}
		d = doc(t, bra.get(attr(next, "href")))
		rows := byClass(one(t, d, "ol", "id", "ranking"), "li", "ground-row")
		if len(rows) != 2 || attr(rows[0], "data-rank") != "51" || attr(rows[1], "data-rank") != "52" {
			t.Fatalf("the second page ranks %d propositions from rank %s, want ranks 51 and 52", len(rows), attr(rows[0], "data-rank"))
		}
		if attr(one(t, d, "ol", "id", "ranking"), "start") != "51" {
			t.Error("the second page's list does not number from 51")
		}
		if cells := byClass(one(t, d, "div", "id", "heatmap"), "g", "cell"); len(cells) != 4 {
			t.Errorf("the second page's heatmap has %d cells, want 2 blocs × its 2 propositions", len(cells))
		}
		if code := bra.get(g.path("/ground?page=3")).StatusCode; code != http.StatusNotFound {
			t.Errorf("a page past the end answers %d", code)
		}
		if code := bra.get(g.path("/ground?page=zero")).StatusCode; code != http.StatusBadRequest {
			t.Errorf("a page that is not a number answers %d", code)
		}
	})
}

// TestGroundPublishedListPages: a reader kept from positions reads the
// published propositions 50 a page, paged after the last id, to the end.
func TestGroundPublishedListPages(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		g := setupGround(t, s)
		ctx := context.Background()
		chair := g.users[g.chair]
		for i := range 50 {
			if _, err := g.svc.Propose(ctx, &chair, g.edition, ground.PropositionInput{Language: "en", Text: fmt.Sprintf("Proposition number %d.", i+3)}); err != nil {
				t.Fatal(err)
			}
		}
		obs := s.client().signIn(g.obs)
		d := doc(t, obs.get(g.path("/ground")))
		if n := len(find(one(t, d, "ul", "id", "published-list"), "li")); n != 50 {
			t.Fatalf("the first page lists %d propositions, want 50", n)
		}
		next := attr(one(t, d, "a", "rel", "next"), "href")
		d = doc(t, obs.get(next))
		items := find(one(t, d, "ul", "id", "published-list"), "a")
		if len(items) != 2 || text(items[1]) != "Proposition number 52." {
			t.Fatalf("the second page lists %d propositions, the last %q; want 2, ending with number 52", len(items), text(items[len(items)-1]))
		}
		if len(find(d, "a", "rel", "next")) != 0 {
			t.Error("the last page links to a next one")
		}
		if code := obs.get(g.path("/ground?after=x")).StatusCode; code != http.StatusBadRequest {
			t.Errorf("a damaged page link answers %d", code)
		}
	})
}
