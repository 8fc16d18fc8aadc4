package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/ground/consensus"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// demoSite is a fresh database with the demo loaded, and the services and
// accounts to read it with.
type demoSite struct {
	common    *ground.Service
	editionID int64
	chair     *account.User
	observer  *account.User
}

func loadDemo(t *testing.T, db *store.DB) demoSite {
	t.Helper()
	ctx := context.Background()
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := country.Sync(ctx, db, set); err != nil {
		t.Fatal(err)
	}
	accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	common := &ground.Service{DB: db, Dialogue: &dialogue.Service{DB: db}}
	if _, err := demo.Load(ctx, db, accounts, common); err != nil {
		t.Fatal(err)
	}
	eds, err := common.Dialogue.Editions(ctx, nil)
	if err != nil || len(eds) != 1 {
		t.Fatalf("editions = %+v, %v", eds, err)
	}
	site := demoSite{common: common, editionID: eds[0].ID}
	for email, u := range map[string]**account.User{demo.ChairEmail: &site.chair, "observer@roundtable.example": &site.observer} {
		x, err := accounts.GetByEmail(ctx, email)
		if err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		*u = &x
	}
	return site
}

// english is a proposition's English text, which the expectations below
// quote from data/demo/china-lac-2-ground.json.
func english(p ground.Proposition) string { return p.In("en") }

// TestGroundDelegates: every country delegation of the demo edition has a
// delegate who can sign in, with the agreed address.
func TestGroundDelegates(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	loadDemo(t, db)
	accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"CHN", "BRA", "ARG", "MEX", "CUB", "VEN", "BOL", "CHL", "COL", "TTO", "BRB"} {
		u, err := accounts.GetByEmail(ctx, "delegate."+strings.ToLower(code)+"@roundtable.example")
		if err != nil || u.Role != account.Delegate || u.Delegation != code {
			t.Errorf("delegate of %s: %+v, %v", code, u, err)
		}
	}
}

func TestGroundBlocsAndPropositions(t *testing.T) {
	s := loadDemo(t, storetest.SQLite(t))
	ctx := context.Background()

	blocs, err := s.common.Blocs(ctx, s.chair, s.editionID)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		code, zh string
		members  []string
	}{
		{"CHINA", "中国", []string{"CHN"}},
		{"SOUTH-AMERICA", "南美洲", []string{"ARG", "BOL", "BRA", "CHL", "COL", "VEN"}},
		{"CENTRAL-AMERICA", "中美洲和墨西哥", []string{"MEX"}},
		{"CARIBBEAN", "加勒比地区", []string{"BRB", "CUB", "TTO"}},
	}
	if len(blocs) != len(want) {
		t.Fatalf("%d blocs, want %d: %+v", len(blocs), len(want), blocs)
	}
	for i, w := range want {
		b := blocs[i]
		if b.Code != w.code || b.Names["zh"] != w.zh || !slices.Equal(b.Members, w.members) {
			t.Errorf("bloc %d = %s %q %v, want %s %q %v", i+1, b.Code, b.Names["zh"], b.Members, w.code, w.zh, w.members)
		}
		for _, l := range []string{"en", "es", "pt", "zh", "fr"} {
			if b.Names[l] == "" {
				t.Errorf("bloc %s has no %s name", b.Code, l)
			}
		}
	}

	props, err := s.common.Propositions(ctx, s.chair, ground.PropositionFilter{EditionID: s.editionID})
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != 17 {
		t.Fatalf("the chair sees %d propositions, want 17", len(props))
	}
	statuses, originals, proposers := map[string]int{}, map[string]int{}, map[string]int{}
	byText := map[string]ground.Proposition{}
	for _, p := range props {
		statuses[p.Status]++
		originals[p.Language]++
		proposers[p.Delegation]++
		byText[english(p)] = p
		langs := []string{p.Language}
		for _, tr := range p.Translations {
			langs = append(langs, tr.Language)
			if tr.Origin != "human" || tr.Review != "reviewed" {
				t.Errorf("proposition %d %s translation: %s/%s, want human/reviewed", p.ID, tr.Language, tr.Origin, tr.Review)
			}
		}
		slices.Sort(langs)
		if !slices.Equal(langs, []string{"en", "es", "fr", "pt", "zh"}) {
			t.Errorf("proposition %d is in %v, want all five languages", p.ID, langs)
		}
	}
	if want := map[string]int{ground.Published: 13, ground.Submitted: 2, ground.Withdrawn: 1, ground.Merged: 1}; !equalCounts(statuses, want) {
		t.Errorf("statuses = %v, want %v", statuses, want)
	}
	if want := map[string]int{"pt": 5, "zh": 4, "en": 3, "es": 5}; !equalCounts(originals, want) {
		t.Errorf("original languages = %v, want %v", originals, want)
	}
	if want := map[string]int{"": 5, "CHN": 4, "BRA": 4, "MEX": 4}; !equalCounts(proposers, want) {
		t.Errorf("proposers = %v, want %v (\"\" is the chair)", proposers, want)
	}

	// The chair's queue: China's and Mexico's, waiting.
	queue, err := s.common.Propositions(ctx, s.chair, ground.PropositionFilter{EditionID: s.editionID, Statuses: []string{ground.Submitted}})
	if err != nil {
		t.Fatal(err)
	}
	var waiting []string
	for _, p := range queue {
		waiting = append(waiting, p.Delegation)
	}
	if !slices.Equal(waiting, []string{"CHN", "MEX"}) {
		t.Errorf("waiting for the chair: %v, want [CHN MEX]", waiting)
	}

	// Brazil's duplicate was merged into the chair's proposition on
	// mutual learning, whose sources now include Brazil's statement.
	mutual := byText["The participants will share experience in poverty alleviation, healthcare and education through workshops, exchanges of officials and experts, training and pilot projects, on the basis of equality and mutual respect."]
	dup := byText["Countries will share their experience in fighting poverty and hunger, in health and in education, through technical exchanges, training and pilot projects."]
	if dup.Status != ground.Merged || dup.MergedInto == 0 || dup.MergedInto != mutual.ID {
		t.Errorf("duplicate: status %s into %d, want merged into %d", dup.Status, dup.MergedInto, mutual.ID)
	}
	if got := sourceTitles(t, s, mutual); !slices.Equal(got, []string{"中国减贫经验", "Brasil sem Fome e o Bolsa Família", "Estabilidad y protección social focalizada", "Pobreza rural y construcción de paz"}) {
		t.Errorf("sources of the mutual-learning proposition: %q", got)
	}
	rtd := byText["The participants recognise the right to development as an inalienable human right and consider the eradication of poverty an indispensable condition for the full enjoyment of all human rights."]
	if got := sourceTitles(t, s, rtd); !slices.Equal(got, []string{"Declaración en nombre de la CELAC", "O direito ao desenvolvimento e o combate às desigualdades"}) {
		t.Errorf("sources of the right-to-development proposition: %q", got)
	}

	// The withdrawn joint declaration keeps the positions taken on it in
	// its history.
	joint := byText["At the close of this Roundtable, the participants will adopt a joint declaration setting out the points of convergence reached."]
	hist, err := s.common.History(ctx, s.chair, joint.ID)
	if err != nil {
		t.Fatal(err)
	}
	if joint.Status != ground.Withdrawn || len(hist) != 4 {
		t.Errorf("joint declaration: %s with %d changes, want withdrawn with 4", joint.Status, len(hist))
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// sourceTitles are the titles of a proposition's source statements.
func sourceTitles(t *testing.T, s demoSite, p ground.Proposition) []string {
	t.Helper()
	var out []string
	for _, id := range p.Sources {
		st, err := s.common.Dialogue.Statement(context.Background(), s.chair, id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st.Title)
	}
	return out
}

// TestGroundMap reads the map and the discovered groups as the chair, and
// checks that an observer reads neither.
func TestGroundMap(t *testing.T) {
	s := loadDemo(t, storetest.SQLite(t))
	ctx := context.Background()

	m, err := s.common.Map(ctx, s.chair, s.editionID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Delegations != 11 {
		t.Errorf("%d delegations took positions, want all 11 countries", m.Delegations)
	}
	// Worked from the file: eight propositions every delegation agrees
	// with rank first, in the order they were put forward; then climate
	// finance (Argentina pending); then the four with objections, by the
	// product of the blocs' smoothed agreement: subsistence and
	// no-politicisation (2/3·5/8·2/3·4/5 ≈ 0.222 each, Chile objecting),
	// sanctions (2/3·1/2·2/3·4/5 ≈ 0.178) and civil and political rights
	// (1/3·3/4·2/3·3/5 = 0.1).
	wantOrder := []string{
		"The participants recognise the right to development",
		"The participants will share experience in poverty alleviation",
		"There is no one-size-fits-all model",
		"The participants will strengthen South–South",
		"The participants will exchange experience in judicial reform",
		"The parties will cooperate to bridge the digital divide",
		"States will guarantee the full and effective participation of Indigenous Peoples",
		"The full and equal participation of women",
		"Developed countries should honour their commitments on climate finance",
		"The rights to subsistence and development are the primary basic human rights",
		"The parties oppose the politicisation",
		"The participants reject unilateral coercive measures",
		"Freedom of expression, of assembly and of association",
	}
	if len(m.Rows) != len(wantOrder) {
		t.Fatalf("%d rows on the map, want %d", len(m.Rows), len(wantOrder))
	}
	for i, w := range wantOrder {
		if got := english(m.Rows[i].Proposition); !strings.HasPrefix(got, w) || m.Rows[i].Rank != i+1 {
			t.Errorf("rank %d: %d %q, want %q", i+1, m.Rows[i].Rank, got, w)
		}
	}
	first, last := m.Rows[0], m.Rows[len(m.Rows)-1]
	if first.Score.All != (consensus.Counts{Support: 11}) || len(first.Objections) != 0 {
		t.Errorf("the right to development: %+v, objections %v; want supported by all 11", first.Score.All, first.Objections)
	}
	// Blocs in file order: China; South America; Central America and
	// Mexico; the Caribbean.
	wantBlocs := []consensus.Counts{{Object: 1}, {Support: 4, LiveWith: 1, Object: 1}, {Support: 1}, {Support: 2, Object: 1}}
	if !slices.Equal(last.Blocs, wantBlocs) {
		t.Errorf("civil and political rights by bloc: %+v, want %+v", last.Blocs, wantBlocs)
	}
	var objecting []string
	for _, o := range last.Objections {
		objecting = append(objecting, o.Delegation)
		if o.Reason == "" {
			t.Errorf("%s objects without a reason", o.Delegation)
		}
	}
	if !slices.Equal(objecting, []string{"CHN", "CUB", "VEN"}) {
		t.Errorf("objecting to civil and political rights: %v, want [CHN CUB VEN]", objecting)
	}
	if !strings.Contains(last.Objections[0].Reason, "人权维护者") {
		t.Errorf("China's reason is not its own, in Chinese: %q", last.Objections[0].Reason)
	}

	g, err := s.common.Groups(ctx, s.chair, s.editionID)
	if err != nil {
		t.Fatal(err)
	}
	if g.Result.K < 2 {
		t.Fatalf("K = %d (%s), want at least 2 groups", g.Result.K, g.Result.Reason)
	}
	group := map[string]int{}
	for _, d := range g.Delegations {
		group[d.Delegation.Code] = d.Group
	}
	// China, Cuba and Venezuela object to the same texts and support the
	// others; Chile objects to theirs.
	if group["CHN"] != group["CUB"] || group["CHN"] != group["VEN"] || group["CHL"] == group["CHN"] {
		t.Errorf("groups = %v: want CHN, CUB and VEN together, CHL apart", group)
	}
	var split []string
	for _, sp := range g.Splits {
		split = append(split, sp.Bloc)
	}
	if !slices.Contains(split, "SOUTH-AMERICA") || !slices.Contains(split, "CARIBBEAN") {
		t.Errorf("split blocs = %v, want South America (VEN, CHL) and the Caribbean (CUB, TTO)", split)
	}

	// The demo keeps positions to the delegations: an observer, and the
	// public, read none of it.
	st, err := s.common.Settings(ctx, s.chair, s.editionID)
	if err != nil || st.Positions != visibility.Participants {
		t.Errorf("positions setting = %q, %v; want participants", st.Positions, err)
	}
	for name, v := range map[string]*account.User{"observer": s.observer, "public": nil} {
		if _, err := s.common.Map(ctx, v, s.editionID); errs.As(err) == nil || errs.As(err).Code != "positions_restricted" {
			t.Errorf("%s reads the map: %v", name, err)
		}
		if _, err := s.common.Groups(ctx, v, s.editionID); errs.As(err) == nil || errs.As(err).Code != "positions_restricted" {
			t.Errorf("%s reads the groups: %v", name, err)
		}
		if ps, err := s.common.Positions(ctx, v, s.editionID, 0); err == nil {
			t.Errorf("%s reads %d positions", name, len(ps))
		}
	}
}
