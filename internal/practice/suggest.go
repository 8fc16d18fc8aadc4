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
	found := map[string]*Suggestion{} // by kind:id or peer:country
	if err := s.suggestOffers(ctx, v, req, found); err != nil {
		return nil, err
	}
	byCountry, err := s.suggestPractices(ctx, req, found)
	if err != nil {
		return nil, err
	}
	if err := s.suggestPeers(ctx, req, found, byCountry); err != nil {
		return nil, err
	}
	out := make([]Suggestion, 0, len(found))
	for _, sg := range found {
		out = append(out, *sg)
	}
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

func inList(n int) string { return "(" + placeholders(n) + ")" }

func anys(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// suggestOffers adds the open offers of other states that share a theme.
func (s *Service) suggestOffers(ctx context.Context, v Viewer, req Ask, found map[string]*Suggestion) error {
	if len(req.Concepts) == 0 {
		return nil
	}
	cond, args := visibility.Of(v).Where(askVisibility, time.Now())
	rows, err := s.DB.Reader().Query(ctx, `SELECT a.id, a.country, a.title, c.concept_id FROM exchange_ask_concepts c JOIN exchange_asks a ON a.id = c.ask_id
		WHERE c.concept_id IN `+inList(len(req.Concepts))+` AND a.kind = 'offer' AND a.state = 'open' AND a.country <> ? AND `+cond+`
		ORDER BY a.id, c.concept_id`, append(append(anys(req.Concepts), req.Country), args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var country, title, concept string
		if err := rows.Scan(&id, &country, &title, &concept); err != nil {
			return err
		}
		key := "offer:" + itoa(id)
		sg := found[key]
		if sg == nil {
			sg = &Suggestion{Kind: SuggestOffer, OfferID: id, Country: country, Title: title}
			found[key] = sg
		}
		sg.Score += scoreConcept
		sg.Reasons = append(sg.Reasons, Reason{Code: ReasonSharedConcept, Args: map[string]string{"concept": concept}})
	}
	return rows.Err()
}

// peerPractice is a published practice of a state on one of the
// request's themes.
type peerPractice struct {
	concept string
	id      int64
}

// suggestPractices adds the published practices of other states on a
// theme of the request, or measured by its indicator, and returns, by
// country, which of the request's themes each has a practice on (the
// first practice for each).
func (s *Service) suggestPractices(ctx context.Context, req Ask, found map[string]*Suggestion) (map[string][]peerPractice, error) {
	byCountry := map[string][]peerPractice{}
	q := s.DB.Reader()
	type hit struct {
		id               int64
		country, concept string
	}
	var hits []hit
	scan := func(sc store.Scanner) (hit, error) {
		var h hit
		err := sc.Scan(&h.id, &h.country, &h.concept)
		return h, err
	}
	if len(req.Concepts) > 0 {
		hs, err := store.QueryAll(ctx, q, scan, `SELECT p.id, p.country, c.concept_id FROM practice_concepts c JOIN practices p ON p.id = c.practice_id
			WHERE c.concept_id IN `+inList(len(req.Concepts))+` AND p.state = 'published' AND p.country <> ? ORDER BY p.id, c.concept_id`,
			append(anys(req.Concepts), req.Country)...)
		if err != nil {
			return nil, err
		}
		hits = hs
	}
	if req.IndicatorCode != "" {
		hs, err := store.QueryAll(ctx, q, scan, `SELECT p.id, p.country, '' FROM practice_indicators i JOIN practices p ON p.id = i.practice_id
			WHERE i.indicator_code = ? AND p.state = 'published' AND p.country <> ? ORDER BY p.id`, req.IndicatorCode, req.Country)
		if err != nil {
			return nil, err
		}
		hits = append(hits, hs...)
	}
	var ids []any
	for _, h := range hits {
		key := "practice:" + itoa(h.id)
		sg := found[key]
		if sg == nil {
			sg = &Suggestion{Kind: SuggestPractice, PracticeID: h.id, Country: h.country}
			found[key] = sg
			ids = append(ids, h.id)
		}
		if h.concept == "" {
			continue
		}
		sg.Score += scoreConcept
		sg.Reasons = append(sg.Reasons, Reason{Code: ReasonSharedConcept, Args: map[string]string{"concept": h.concept}})
		if !slices.ContainsFunc(byCountry[h.country], func(p peerPractice) bool { return p.concept == h.concept }) {
			byCountry[h.country] = append(byCountry[h.country], peerPractice{h.concept, h.id})
		}
	}
	if len(ids) == 0 {
		return byCountry, nil
	}
	// Each practice's title in the request's language, else its original;
	// whether its original reports results.
	rows, err := q.Query(ctx, `SELECT t.practice_id, t.language, t.title, p.language, t.results <> '' FROM practice_texts t JOIN practices p ON p.id = t.practice_id
		WHERE t.practice_id IN `+inList(len(ids))+` AND (t.language = p.language OR t.language = ?)`, append(ids, req.Language)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang, title, original string
		var results bool
		if err := rows.Scan(&id, &lang, &title, &original, &results); err != nil {
			return nil, err
		}
		sg := found["practice:"+itoa(id)]
		if lang == req.Language || sg.Title == "" {
			sg.Title = title
		}
		if lang == original && results {
			sg.Score += scoreResults
			sg.Reasons = append(sg.Reasons, Reason{Code: ReasonPracticeResults})
		}
	}
	return byCountry, rows.Err()
}

// suggestPeers adds the indicator peers of the requester, and marks the
// offers and practices of peer states.
func (s *Service) suggestPeers(ctx context.Context, req Ask, found map[string]*Suggestion, practices map[string][]peerPractice) error {
	if req.IndicatorCode == "" || s.Evidence == nil {
		return nil
	}
	ps, err := s.peers(ctx, req.Country, req.IndicatorCode)
	if err != nil {
		return err
	}
	for rank, p := range ps {
		if p.country == req.Country {
			continue
		}
		score := scorePeer - scorePeerStep*float64(rank)
		reasons := []Reason{p.reason}
		if p.region != "" {
			score += scoreRegion
			reasons = append(reasons, Reason{Code: ReasonSameRegion, Args: map[string]string{"region": p.region}})
		}
		for _, sg := range found {
			if sg.Country == p.country {
				sg.Score += score
				sg.Reasons = append(sg.Reasons, reasons...)
			}
		}
		sg := &Suggestion{Kind: SuggestPeer, Country: p.country, Score: score, Reasons: slices.Clone(reasons)}
		for _, pp := range practices[p.country] {
			sg.Score += scorePeerPractice
			sg.Reasons = append(sg.Reasons, Reason{Code: ReasonPracticeOnConcept, Args: map[string]string{"concept": pp.concept, "practice": itoa(pp.id)}})
		}
		found["peer:"+p.country] = sg
	}
	return nil
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
