package practice

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/peers"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// The scoring rule of Suggest, the same for every request. A candidate's
// score is the sum of:
//
//   - scoreConcept (2) for each theme (concept) of the request the offer or
//     practice shares;
//   - scoreResults (1) when the practice reports its results;
//   - for a state among the indicator peers of the requester (evidence
//     peer learning on the request's indicator: a similar start, income
//     and population, and the most improvement), scorePeer (3) for the
//     best-improving peer, less scorePeerStep (0.5) per rank below it —
//     given to the peer itself and to its offers and practices;
//   - scoreRegion (0.5) when such a peer is in the requester's region;
//   - scorePeerPractice (1) for each theme of the request on which a peer
//     state has a published practice.
//
// Candidates are open offers the reader may read and published practices
// that share a theme with the request (a practice also when it is measured
// by the request's indicator), and the indicator peers; never of the
// requester's own country. They are ordered by score, highest first; then
// offers before practices before states; then by country code and id, so
// the order never depends on the database. At most maxSuggestions.
const (
	scoreConcept      = 2.0
	scoreResults      = 1.0
	scorePeer         = 3.0
	scorePeerStep     = 0.5
	scoreRegion       = 0.5
	scorePeerPractice = 1.0
	maxSuggestions    = 20
)

// The context indicators of peer learning, and the window when a request
// gives none: the last twenty years of the requester's data (as the peer
// learning page does).
const (
	peerIncomeCode     = "NY.GDP.PCAP.PP.CD"
	peerPopulationCode = "SP.POP.TOTL"
	peerYears          = 20
)

// Suggest lists what may answer an open request, best first, by the rule
// above; anyone who reads the request may ask.
//
// Offers and practices are scored and cut to the best maxSuggestions of
// each kind in the database (scores in half points, so in integers), so
// the work does not grow with the number of candidates; the cut is exact,
// since the final order within a kind is the same.
func (s *Service) Suggest(ctx context.Context, v Viewer, requestID int64) ([]Suggestion, error) {
	req, err := s.Ask(ctx, v, requestID)
	if err != nil {
		return nil, err
	}
	if req.Kind != Request {
		return nil, errNotRequest
	}
	if req.State != Open {
		return []Suggestion{}, nil
	}
	var ps []peer
	if req.IndicatorCode != "" && s.Evidence != nil {
		if ps, err = s.peers(ctx, req.Country, req.IndicatorCode); err != nil {
			return nil, err
		}
	}
	bonus := peerBonus(ps, req.Country)
	out, err := s.suggestOffers(ctx, v, req, bonus)
	if err != nil {
		return nil, err
	}
	practices, err := s.suggestPractices(ctx, req, bonus)
	if err != nil {
		return nil, err
	}
	out = append(out, practices...)
	states, err := s.suggestPeers(ctx, req, bonus)
	if err != nil {
		return nil, err
	}
	out = append(out, states...)
	kindOrder := map[string]int{SuggestOffer: 0, SuggestPractice: 1, SuggestPeer: 2}
	slices.SortFunc(out, func(a, b Suggestion) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Country, b.Country); c != 0 {
			return c
		}
		return cmp.Compare(a.OfferID+a.PracticeID, b.OfferID+b.PracticeID)
	})
	if len(out) > maxSuggestions {
		out = out[:maxSuggestions]
	}
	return out, nil
}

// peerStanding is what an indicator peer adds to a candidate of its
// state: half points, and the reasons.
type peerStanding struct {
	half    int
	reasons []Reason
}

// peerBonus is each peer state's standing, by the rule.
func peerBonus(ps []peer, requester string) map[string]peerStanding {
	out := map[string]peerStanding{}
	for rank, p := range ps {
		if p.country == requester {
			continue
		}
		st := peerStanding{half: int(2 * (scorePeer - scorePeerStep*float64(rank))), reasons: []Reason{p.reason}}
		if p.region != "" {
			st.half += int(2 * scoreRegion)
			st.reasons = append(st.reasons, Reason{Code: ReasonSameRegion, Args: map[string]string{"region": p.region}})
		}
		out[p.country] = st
	}
	return out
}

// bonusSQL is the peers' half points as a SQL expression over a country
// column, with its arguments (the points are the rule's integers, not
// input).
func bonusSQL(col string, bonus map[string]peerStanding) (string, []any) {
	if len(bonus) == 0 {
		return "0", nil
	}
	codes := make([]string, 0, len(bonus))
	for c := range bonus {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var b strings.Builder
	var args []any
	b.WriteString("CASE " + col)
	for _, c := range codes {
		b.WriteString(" WHEN ? THEN " + strconv.Itoa(bonus[c].half))
		args = append(args, c)
	}
	b.WriteString(" ELSE 0 END")
	return b.String(), args
}

func inList(n int) string { return "(" + placeholders(n) + ")" }

func anys(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// scored is a candidate as the database ranks it.
type scored struct {
	id      int64
	country string
	title   string
	half    int
	results bool
}

// suggestOffers gives the best open offers of other states that share a
// theme with the request and the reader may read.
func (s *Service) suggestOffers(ctx context.Context, v Viewer, req Ask, bonus map[string]peerStanding) ([]Suggestion, error) {
	if len(req.Concepts) == 0 {
		return nil, nil
	}
	cond, vargs := visibility.Of(v).Where(askVisibility, time.Now())
	bsql, bargs := bonusSQL("a.country", bonus)
	q := s.DB.Reader()
	args := append(append(append(bargs, anys(req.Concepts)...), req.Country), vargs...)
	top, err := store.QueryAll(ctx, q, func(sc store.Scanner) (scored, error) {
		var x scored
		err := sc.Scan(&x.id, &x.country, &x.title, &x.half)
		return x, err
	}, `SELECT a.id, a.country, a.title, `+strconv.Itoa(int(2*scoreConcept))+` * COUNT(*) + `+bsql+` AS half
		FROM exchange_ask_concepts c JOIN exchange_asks a ON a.id = c.ask_id
		WHERE c.concept_id IN `+inList(len(req.Concepts))+` AND a.kind = 'offer' AND a.state = 'open' AND a.country <> ? AND `+cond+`
		GROUP BY a.id, a.country, a.title ORDER BY half DESC, a.country, a.id LIMIT `+strconv.Itoa(maxSuggestions), args...)
	if err != nil || len(top) == 0 {
		return nil, err
	}
	shared, err := s.shared(ctx, "SELECT ask_id, concept_id FROM exchange_ask_concepts", "ask_id", req.Concepts, top)
	if err != nil {
		return nil, err
	}
	out := make([]Suggestion, len(top))
	for i, x := range top {
		out[i] = Suggestion{Kind: SuggestOffer, OfferID: x.id, Country: x.country, Title: x.title, Score: float64(x.half) / 2}
		for _, c := range shared[x.id] {
			out[i].Reasons = append(out[i].Reasons, Reason{Code: ReasonSharedConcept, Args: map[string]string{"concept": c}})
		}
		out[i].Reasons = append(out[i].Reasons, bonus[x.country].reasons...)
	}
	return out, nil
}

// shared reads, for the candidates, the request's concepts each has, in
// the order of their ids.
func (s *Service) shared(ctx context.Context, from, idCol string, concepts []string, top []scored) (map[int64][]string, error) {
	out := map[int64][]string{}
	ids := make([]any, len(top))
	for i, x := range top {
		ids[i] = x.id
	}
	err := pairs(ctx, s.DB.Reader(), from+" WHERE "+idCol+" IN "+inList(len(ids))+" AND concept_id IN "+inList(len(concepts))+" ORDER BY concept_id",
		append(ids, anys(concepts)...), func(id int64, c string) { out[id] = append(out[id], c) })
	return out, err
}

// suggestPractices gives the best published practices of other states on
// a theme of the request, or measured by its indicator. The two are read
// apart — those on a theme, then those measured by the indicator on none
// of its themes — so each query keeps the plain shape of a join from an
// index (a union under a join made PostgreSQL rescan it per practice);
// each is cut to the best of its own, which keeps the cut exact.
func (s *Service) suggestPractices(ctx context.Context, req Ask, bonus map[string]peerStanding) ([]Suggestion, error) {
	bsql, bargs := bonusSQL("p.country", bonus)
	results := "CASE WHEN t.results <> '' THEN 1 ELSE 0 END"
	scan := func(sc store.Scanner) (scored, error) {
		var x scored
		var r int
		err := sc.Scan(&x.id, &x.country, &x.half, &r)
		x.results = r == 1
		return x, err
	}
	q := s.DB.Reader()
	limit := " ORDER BY half DESC, p.country, p.id LIMIT " + strconv.Itoa(maxSuggestions)
	var top []scored
	if len(req.Concepts) > 0 {
		onTheme, err := store.QueryAll(ctx, q, scan, `SELECT p.id, p.country, `+strconv.Itoa(int(2*scoreConcept))+` * COUNT(*) + `+
			strconv.Itoa(int(2*scoreResults))+` * `+results+` + `+bsql+` AS half, `+results+`
			FROM practice_concepts c JOIN practices p ON p.id = c.practice_id JOIN practice_texts t ON t.practice_id = p.id AND t.language = p.language
			WHERE c.concept_id IN `+inList(len(req.Concepts))+` AND p.state = 'published' AND p.country <> ?
			GROUP BY p.id, p.country, t.results`+limit, append(append(bargs, anys(req.Concepts)...), req.Country)...)
		if err != nil {
			return nil, err
		}
		top = onTheme
	}
	if req.IndicatorCode != "" {
		none := ""
		var nargs []any
		if len(req.Concepts) > 0 {
			none = " AND NOT EXISTS (SELECT 1 FROM practice_concepts c WHERE c.practice_id = p.id AND c.concept_id IN " + inList(len(req.Concepts)) + ")"
			nargs = anys(req.Concepts)
		}
		measured, err := store.QueryAll(ctx, q, scan, `SELECT p.id, p.country, `+strconv.Itoa(int(2*scoreResults))+` * `+results+` + `+bsql+` AS half, `+results+`
			FROM practice_indicators i JOIN practices p ON p.id = i.practice_id JOIN practice_texts t ON t.practice_id = p.id AND t.language = p.language
			WHERE i.indicator_code = ? AND p.state = 'published' AND p.country <> ?`+none+limit,
			append(append(bargs, req.IndicatorCode, req.Country), nargs...)...)
		if err != nil {
			return nil, err
		}
		top = append(top, measured...)
	}
	if len(top) == 0 {
		return nil, nil
	}
	shared := map[int64][]string{}
	if len(req.Concepts) > 0 {
		var err error
		if shared, err = s.shared(ctx, "SELECT practice_id, concept_id FROM practice_concepts", "practice_id", req.Concepts, top); err != nil {
			return nil, err
		}
	}
	titles, err := s.titles(ctx, top, req.Language)
	if err != nil {
		return nil, err
	}
	out := make([]Suggestion, len(top))
	for i, x := range top {
		out[i] = Suggestion{Kind: SuggestPractice, PracticeID: x.id, Country: x.country, Title: titles[x.id], Score: float64(x.half) / 2}
		for _, c := range shared[x.id] {
			out[i].Reasons = append(out[i].Reasons, Reason{Code: ReasonSharedConcept, Args: map[string]string{"concept": c}})
		}
		if x.results {
			out[i].Reasons = append(out[i].Reasons, Reason{Code: ReasonPracticeResults})
		}
		out[i].Reasons = append(out[i].Reasons, bonus[x.country].reasons...)
	}
	return out, nil
}

// titles is each practice's title in lang, else its original's.
func (s *Service) titles(ctx context.Context, top []scored, lang string) (map[int64]string, error) {
	ids := make([]any, len(top))
	for i, x := range top {
		ids[i] = x.id
	}
	out := map[int64]string{}
	rows, err := s.DB.Reader().Query(ctx, `SELECT t.practice_id, t.language = ?, t.title FROM practice_texts t JOIN practices p ON p.id = t.practice_id
		WHERE t.practice_id IN `+inList(len(ids))+` AND (t.language = p.language OR t.language = ?)`, append(append([]any{lang}, ids...), lang)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var inLang bool
		var title string
		if err := rows.Scan(&id, &inLang, &title); err != nil {
			return nil, err
		}
		if inLang || out[id] == "" {
			out[id] = title
		}
	}
	return out, rows.Err()
}

// suggestPeers gives the indicator peers of the requester as states to
// learn from, each with the themes of the request it has a published
// practice on.
func (s *Service) suggestPeers(ctx context.Context, req Ask, bonus map[string]peerStanding) ([]Suggestion, error) {
	if len(bonus) == 0 {
		return nil, nil
	}
	codes := make([]string, 0, len(bonus))
	for c := range bonus {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	on := map[string][]Reason{}
	if len(req.Concepts) > 0 {
		rows, err := s.DB.Reader().Query(ctx, `SELECT p.country, c.concept_id, MIN(p.id) FROM practice_concepts c JOIN practices p ON p.id = c.practice_id
			WHERE c.concept_id IN `+inList(len(req.Concepts))+` AND p.state = 'published' AND p.country IN `+inList(len(codes))+`
			GROUP BY p.country, c.concept_id ORDER BY p.country, c.concept_id`, append(anys(req.Concepts), anys(codes)...)...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var country, concept string
			var id int64
			if err := rows.Scan(&country, &concept, &id); err != nil {
				return nil, err
			}
			on[country] = append(on[country], Reason{Code: ReasonPracticeOnConcept, Args: map[string]string{"concept": concept, "practice": itoa(id)}})
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]Suggestion, 0, len(codes))
	for _, c := range codes {
		st := bonus[c]
		out = append(out, Suggestion{Kind: SuggestPeer, Country: c, Score: float64(st.half)/2 + scorePeerPractice*float64(len(on[c])),
			Reasons: append(slices.Clone(st.reasons), on[c]...)})
	}
	return out, nil
}

// peer is an indicator peer as suggestions give it.
type peer struct {
	country string
	region  string // the M49 region it shares with the requester, if so
	reason  Reason // indicator_peer, with its figures
}

// peerCache keeps the peers of a country on an indicator: they change
// only when indicator data are imported, and computing them reads whole
// panels. An entry is kept peerFresh.
type peerCache struct {
	mu sync.Mutex
	m  map[string]peerEntry
}

type peerEntry struct {
	peers []peer
	at    time.Time
}

const peerFresh = time.Minute

// peers returns the indicator peers of country on code, best first.
func (s *Service) peers(ctx context.Context, country, code string) ([]peer, error) {
	key := country + "\x00" + code
	c := &s.peerCache
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && time.Since(e.at) < peerFresh {
		return e.peers, nil
	}
	ps, err := s.computePeers(ctx, country, code)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]peerEntry{}
	}
	c.m[key] = peerEntry{ps, time.Now()}
	c.mu.Unlock()
	return ps, nil
}

func (s *Service) computePeers(ctx context.Context, country, code string) ([]peer, error) {
	in, err := s.Evidence.Indicator(ctx, code)
	if errs.Is(err, errs.NotFound) || (err == nil && in.Direction == evidence.Neither) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	panel, err := s.panel(ctx, code)
	if panel == nil || err != nil {
		return nil, err
	}
	latest, ok := panel.Latest(country)
	if !ok {
		return nil, nil
	}
	income, err := s.panel(ctx, peerIncomeCode)
	if err != nil {
		return nil, err
	}
	pop, err := s.panel(ctx, peerPopulationCode)
	if err != nil {
		return nil, err
	}
	areas, err := s.Evidence.Areas(ctx)
	if err != nil {
		return nil, err
	}
	from, to := latest.Year-peerYears, latest.Year
	var countryPace float64
	if cs, ce, ok := peers.Window(panel, country, from, to); ok {
		countryPace = peers.PerYear(cs, ce, in.Direction)
	}
	var out []peer
	for _, sg := range peers.Suggest(peers.Input{Country: country, Indicator: panel, Direction: in.Direction, From: from, To: to,
		Income: income, Population: pop, Areas: areas}) {
		p := peer{country: sg.Peer, reason: Reason{Code: ReasonIndicatorPeer, Args: map[string]string{
			"indicator":        code,
			"from_year":        strconv.Itoa(sg.Start.Year),
			"to_year":          strconv.Itoa(sg.End.Year),
			"from_value":       figure(sg.Start.Value, in.Decimals),
			"to_value":         figure(sg.End.Value, in.Decimals),
			"per_year":         figure(sg.PerYear, in.Decimals+2),
			"country_per_year": figure(countryPace, in.Decimals+2),
		}}}
		for _, r := range sg.Reasons {
			if r.Code == peers.SameRegion {
				p.region = r.Region
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// panel is the default series of an indicator as a panel, nil when it has
// no data.
func (s *Service) panel(ctx context.Context, code string) (*evidence.Panel, error) {
	se, err := s.Evidence.DefaultSeries(ctx, code)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.Evidence.Panel(ctx, se.ID)
}

// figure writes a value with the given decimals, as data are written
// ("19.3"), without a thousands separator: the page formats it for its
// language.
func figure(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', max(decimals, 0), 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}
