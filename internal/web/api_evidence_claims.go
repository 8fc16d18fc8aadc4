package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/evidence"
)

// apiClaimIn is a claim check to keep with a statement: the words quoted,
// what figure they state (spec) and the figure as stated.
type apiClaimIn struct {
	Quote  string             `json:"quote" required:"true"`
	Spec   evidence.ClaimSpec `json:"spec" required:"true"`
	Stated *float64           `json:"stated"`
}

// apiStatementClaims lists a statement's claim checks, each answered from
// the data as it is now, to whoever may read the statement.
func (s *Server) apiStatementClaims(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	book, _, err := s.claimBook(r.Context())
	if err != nil {
		return err
	}
	list, err := book.Claims(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	if list == nil {
		list = []evidence.Claim{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"claims": list})
}

// apiStatementClaimAdd checks a figure quoted in a statement and keeps the
// check with it (the chair and the secretariat).
func (s *Server) apiStatementClaimAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in apiClaimIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	book, _, err := s.claimBook(r.Context())
	if err != nil {
		return err
	}
	c, err := book.AddClaim(r.Context(), stateOf(r).user, id, in.Quote, in.Spec, in.Stated)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

// apiClaimCheck checks a figure without keeping anything:
// ?kind=share&indicator=SP.POP.TOTL&areas=CHN,CELAC&of=WLD[&year=][&stated=].
func (s *Server) apiClaimCheck(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	spec := evidence.ClaimSpec{Kind: q.Get("kind"), Indicator: q.Get("indicator"), Areas: areaList(q.Get("areas")), Of: areaList(q.Get("of"))}
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			return errs.Field("year", "bad_year", "evidence_api.error.year")
		}
		spec.Year = y
	}
	var stated *float64
	if v := q.Get("stated"); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return errs.Field("stated", "bad_number", "evidence_api.error.number")
		}
		stated = &x
	}
	book, _, err := s.claimBook(r.Context())
	if err != nil {
		return err
	}
	a, err := book.Check(r.Context(), spec)
	if err != nil {
		return err
	}
	a.Judge(stated)
	return writeJSON(w, http.StatusOK, a)
}
