package practice

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// matchVisibility is where the rule finds a match's level, its two states
// and whether it is done: until it is done, the requesting and the
// providing state read it as their own (and the secretariat); once done,
// everyone reads it. A declined match stays with both states.
var matchVisibility = visibility.Columns{
	Level:     "CASE m.status WHEN 'done' THEN 'public' ELSE 'delegation' END",
	Owner:     "m.requester",
	Partner:   "m.provider",
	Embargo:   "CAST(NULL AS TIMESTAMP)",
	Published: "TRUE",
}

func matchText(m Match) visibility.Text {
	if m.Status == MatchDone {
		return visibility.Text{Level: visibility.Public, Owner: m.Requester, Partner: m.Provider, Published: true}
	}
	return visibility.Text{Level: visibility.Delegation, Owner: m.Requester, Partner: m.Provider}
}

// next is the steps a match may take, and who may take each: the
// secretariat brokers every step; the provider's delegates may accept a
// proposal (they are the ones asked to give); either state's delegates
// may decline until it is done. Done and declined are final.
var next = map[string][]string{
	MatchProposed:   {MatchAccepted, MatchDeclined},
	MatchAccepted:   {MatchInProgress, MatchDeclined},
	MatchInProgress: {MatchDone, MatchDeclined},
}

// mayMove reports whether v may move m to status (given the step is
// allowed).
func mayMove(v Viewer, m Match, status string) bool {
	r := visibility.Of(v)
	if r.Secretariat() {
		return true
	}
	if v == nil || v.Role != account.Delegate || r.Delegation() == "" {
		return false
	}
	switch status {
	case MatchAccepted:
		return r.Delegation() == m.Provider
	case MatchDeclined:
		return r.Delegation() == m.Provider || r.Delegation() == m.Requester
	}
	return false
}

var results = []string{ResultExchangeVisit, ResultTraining, ResultJointProject}

const matchColumns = `m.id, m.request_id, COALESCE(m.offer_id, 0), COALESCE(m.practice_id, 0), m.requester, m.provider, m.reasons, m.status,
	m.result, m.result_note, COALESCE(m.created_by, 0), m.created_at, m.updated_at`

func scanMatch(r store.Scanner) (Match, error) {
	var m Match
	var reasons string
	err := r.Scan(&m.ID, &m.RequestID, &m.OfferID, &m.PracticeID, &m.Requester, &m.Provider, &reasons, &m.Status,
		&m.Result, &m.ResultNote, &m.CreatedBy, &m.CreatedAt, &m.UpdatedAt)
	if err != nil {
		return m, err
	}
	m.Reasons = []Reason{}
	if err := json.Unmarshal([]byte(reasons), &m.Reasons); err != nil {
		return m, err
	}
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return m, nil
}

// ProposeMatch matches an open request to exactly one of an open offer, a
// published practice, or a state alone (an indicator peer, say) of
// another country (the secretariat only). The match keeps the reasons
// Suggest gives for that candidate now, if it is among the suggestions;
// the same candidate cannot be proposed twice for a request unless the
// earlier match was declined.
func (s *Service) ProposeMatch(ctx context.Context, v Viewer, requestID int64, in MatchInput) (Match, error) {
	if !visibility.Of(v).Secretariat() {
		return Match{}, errSecretariat
	}
	req, err := s.Ask(ctx, v, requestID)
	if err != nil {
		return Match{}, err
	}
	if req.Kind != Request {
		return Match{}, errNotRequest
	}
	if req.State != Open {
		return Match{}, errAskClosed
	}
	given := 0
	for _, ok := range []bool{in.OfferID != 0, in.PracticeID != 0, in.Provider != ""} {
		if ok {
			given++
		}
	}
	if given != 1 {
		return Match{}, errMatchTarget
	}
	var provider string
	kind := SuggestPeer
	switch {
	case in.OfferID != 0:
		kind = SuggestOffer
		o, err := s.Ask(ctx, v, in.OfferID)
		if errs.Is(err, errs.NotFound) || (err == nil && o.Kind != Offer) {
			return Match{}, errs.Field("offer_id", "unknown_offer", "practice.error.offer")
		}
		if err != nil {
			return Match{}, err
		}
		if o.State != Open {
			return Match{}, errAskClosed
		}
		provider = o.Country
	case in.PracticeID != 0:
		kind = SuggestPractice
		p, err := s.Get(ctx, v, in.PracticeID)
		if errs.Is(err, errs.NotFound) || (err == nil && p.State != Published) {
			return Match{}, errs.Field("practice_id", "unknown_practice", "practice.error.practice")
		}
		if err != nil {
			return Match{}, err
		}
		provider = p.Country
	default:
		provider = strings.ToUpper(strings.TrimSpace(in.Provider))
		known, err := s.knownState(ctx, provider)
		if err != nil {
			return Match{}, err
		}
		if !known {
			return Match{}, errs.Field("provider", "unknown_country", "practice.error.country", "country", provider)
		}
	}
	if provider == req.Country {
		return Match{}, errSameCountry
	}
	reasons := []Reason{}
	sgs, err := s.Suggest(ctx, v, requestID)
	if err != nil {
		return Match{}, err
	}
	for _, sg := range sgs {
		if sg.Kind == kind && sg.OfferID == in.OfferID && sg.PracticeID == in.PracticeID && sg.Country == provider {
			reasons = sg.Reasons
		}
	}
	b, err := json.Marshal(reasons)
	if err != nil {
		return Match{}, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM exchange_matches WHERE request_id = ? AND COALESCE(offer_id, 0) = ? AND COALESCE(practice_id, 0) = ?
			AND provider = ? AND status <> ?`, requestID, in.OfferID, in.PracticeID, provider, MatchDeclined).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errMatchExists
		}
		now := store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO exchange_matches (request_id, offer_id, practice_id, requester, provider, reasons, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, requestID, nullID(in.OfferID), nullID(in.PracticeID), req.Country, provider,
			string(b), MatchProposed, userID(v), now, now).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO exchange_match_events (match_id, at, status, note, actor_id) VALUES (?, ?, ?, ?, ?)",
			id, now, MatchProposed, "", userID(v)); err != nil {
			return err
		}
		return record(ctx, tx, v, "exchange.match_propose", "exchange_match", id, map[string]any{"request": requestID, "input": in, "provider": provider})
	})
	if err != nil {
		return Match{}, err
	}
	return s.Match(ctx, v, id)
}

// SetMatchStatus moves a match one step on (see next for the steps and
// who may take them). Done needs a result (exchange visit, training, joint
// project); its note becomes the result note. Every step is kept in the
// match's history with its note.
func (s *Service) SetMatchStatus(ctx context.Context, v Viewer, matchID int64, ch StatusChange) (Match, error) {
	m, err := s.Match(ctx, v, matchID)
	if err != nil {
		return m, err
	}
	note, err := checkText("note", ch.Note, maxShort, false)
	if err != nil {
		return m, err
	}
	if !slices.Contains(next[m.Status], ch.Status) {
		if !slices.Contains([]string{MatchProposed, MatchAccepted, MatchInProgress, MatchDone, MatchDeclined}, ch.Status) {
			return m, errs.Field("status", "bad_status", "practice.error.match_status_unknown")
		}
		return m, statusConflict(m.Status, ch.Status)
	}
	if !mayMove(v, m, ch.Status) {
		if visibility.Of(v).Delegation() == m.Requester || visibility.Of(v).Delegation() == m.Provider {
			return m, errNotParty
		}
		return m, errSecretariat
	}
	result, resultNote := "", ""
	if ch.Status == MatchDone {
		if ch.Result == "" {
			return m, errResult
		}
		if !slices.Contains(results, ch.Result) {
			return m, errs.Field("result", "bad_result", "practice.error.result")
		}
		result, resultNote = ch.Result, note
	} else if ch.Result != "" {
		return m, errs.Field("result", "result_not_done", "practice.error.result_not_done")
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		res, err := tx.Exec(ctx, "UPDATE exchange_matches SET status = ?, result = ?, result_note = ?, updated_at = ? WHERE id = ? AND status = ?",
			ch.Status, result, resultNote, now, matchID, m.Status)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return statusConflict(m.Status, ch.Status) // moved meanwhile
		}
		if _, err := tx.Exec(ctx, "INSERT INTO exchange_match_events (match_id, at, status, note, actor_id) VALUES (?, ?, ?, ?, ?)",
			matchID, now, ch.Status, note, userID(v)); err != nil {
			return err
		}
		return record(ctx, tx, v, "exchange.match_"+ch.Status, "exchange_match", matchID, map[string]any{"from": m.Status, "to": ch.Status, "result": result, "note": note})
	})
	if err != nil {
		return Match{}, err
	}
	return s.Match(ctx, v, matchID)
}

// Match reads one match with its history; not found when the reader may
// not read it.
func (s *Service) Match(ctx context.Context, v Viewer, id int64) (Match, error) {
	q := s.DB.Reader()
	m, err := scanMatch(q.QueryRow(ctx, "SELECT "+matchColumns+" FROM exchange_matches m WHERE m.id = ?", id))
	if err != nil {
		return Match{}, notFound(err)
	}
	if !visibility.Of(v).Sees(matchText(m)) {
		return Match{}, errs.ErrNotFound
	}
	m.Events, err = store.QueryAll(ctx, q, func(sc store.Scanner) (MatchEvent, error) {
		var e MatchEvent
		err := sc.Scan(&e.ID, &e.At, &e.Status, &e.Note, &e.ActorID)
		e.At = e.At.UTC()
		return e, err
	}, "SELECT id, at, status, note, COALESCE(actor_id, 0) FROM exchange_match_events WHERE match_id = ? ORDER BY id", id)
	return m, err
}

// Matches pages the matches the reader may read, newest change first.
func (s *Service) Matches(ctx context.Context, v Viewer, f MatchFilter) (MatchPage, error) {
	limit, offset := page(f.Limit, f.Offset)
	out := MatchPage{Items: []Match{}, Limit: limit, Offset: offset}
	cond, args := visibility.Of(v).Where(matchVisibility, time.Now())
	where := []string{cond}
	if f.RequestID != 0 {
		where, args = append(where, "m.request_id = ?"), append(args, f.RequestID)
	}
	if f.Country != "" {
		c := strings.ToUpper(f.Country)
		where, args = append(where, "(m.requester = ? OR m.provider = ?)"), append(args, c, c)
	}
	if f.Status != "" {
		where, args = append(where, "m.status = ?"), append(args, f.Status)
	}
	q := s.DB.Reader()
	w := " FROM exchange_matches m WHERE " + strings.Join(where, " AND ")
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+w, args...).Scan(&out.Total); err != nil {
		return out, err
	}
	if out.Total == 0 || offset >= out.Total {
		return out, nil
	}
	items, err := store.QueryAll(ctx, q, scanMatch, "SELECT "+matchColumns+w+" ORDER BY m.updated_at DESC, m.id DESC LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return out, err
	}
	out.Items = items
	return out, nil
}

// knownState reports whether code is a state a request may be matched to:
// one of the countries table (China, Latin America and the Caribbean), or
// an economy of the indicator data — an indicator peer may be any.
func (s *Service) knownState(ctx context.Context, code string) (bool, error) {
	_, err := country.Get(ctx, s.DB.Reader(), code)
	if err == nil {
		return true, nil
	}
	if !errs.Is(err, errs.NotFound) {
		return false, err
	}
	if s.Evidence == nil {
		return false, nil
	}
	areas, err := s.Evidence.Areas(ctx)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(areas, func(a evidence.Area) bool { return a.Code == code && a.Kind == evidence.Economy }), nil
}

// nullID is an optional reference for its column.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
