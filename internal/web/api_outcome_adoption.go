package web

import (
	"net/http"
	"time"

	"roundtable/internal/outcome"
)

// The end of the negotiation through the API: silence, adoption and what
// it records, and a forum's rules for both.

// apiSilenceEnd is the chair's ending of a silence before its deadline.
func (s *Server) apiSilenceEnd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.outcome.EndSilence(r.Context(), stateOf(r).user, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiAdopted is how a document was adopted, and whether its text still
// hashes to what was recorded at adoption.
type apiAdopted struct {
	Method    string            `json:"method"`
	Revision  int               `json:"revision"`
	AdoptedAt *time.Time        `json:"adopted_at"`
	Hash      string            `json:"hash"`
	Verified  bool              `json:"verified"`
	Votes     map[string]string `json:"votes,omitempty"` // of an adoption by vote, by delegation code
}

// apiAdoption answers how the document was adopted; before adoption,
// 409 not_adopted_yet.
func (s *Server) apiAdoption(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), stateOf(r).user
	hash, ok, err := s.outcome.VerifyAdoption(ctx, v, id)
	if err != nil {
		return err
	}
	d, err := s.outcome.Document(ctx, v, id)
	if err != nil {
		return err
	}
	out := apiAdopted{Method: d.AdoptionMethod, AdoptedAt: d.AdoptedAt, Hash: hash, Verified: ok}
	if d.AdoptedNumber != nil {
		out.Revision = *d.AdoptedNumber
	}
	if d.AdoptionMethod == outcome.MethodVote {
		if out.Votes, err = s.outcome.Votes(ctx, v, id); err != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiRulesIn is what the secretariat sets: zero or empty takes the
// default (72 hours, consensus).
type apiRulesIn struct {
	SilenceMinHours int    `json:"silence_min_hours"`
	Adoption        string `json:"adoption"`
}

func (s *Server) apiOutcomeRules(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rules, err := s.outcome.Rules(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rules)
}

func (s *Server) apiOutcomeRulesSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in apiRulesIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rules, err := s.outcome.SetRules(r.Context(), stateOf(r).user, id, outcome.Rules{SilenceMinHours: in.SilenceMinHours, Adoption: in.Adoption})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rules)
}
