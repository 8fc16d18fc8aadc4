package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"roundtable/internal/commitment"
	"roundtable/internal/country"
	"roundtable/internal/errs"
)

// recFilter reads the list's filters from the query string: state (under
// review), by (recommending state), cycle, response, concept, and the
// page (limit, offset).
func recFilter(r *http.Request) (commitment.RecFilter, error) {
	q := r.URL.Query()
	p, err := paging(r)
	if err != nil {
		return commitment.RecFilter{}, err
	}
	f := commitment.RecFilter{UnderReview: q.Get("state"), Recommending: strings.TrimSpace(q.Get("by")), Response: q.Get("response"),
		Concept: q.Get("concept"), Limit: p.Limit, Offset: p.Offset}
	if c := q.Get("cycle"); c != "" {
		if f.Cycle, err = strconv.Atoi(c); err != nil || f.Cycle < 1 {
			return f, errs.Field("cycle", "bad_cycle", "error.invalid")
		}
	}
	return f, nil
}

// recommendationsPage is the list of UN recommendations with its filters.
type recommendationsPage struct {
	layout
	Filter    commitment.RecFilter
	Page      commitment.RecPage
	States    []country.Country // the states that may be under review, by name
	CanImport bool
	Prev      string // the previous and next pages' URLs, "" for none
	Next      string
	countries map[string]string
	concepts  func(id, lang string) string
}

// CountryName is a state's name in the page's language.
func (p recommendationsPage) CountryName(code string) string { return nameOr(p.countries, code) }

// ConceptName is a concept's label in the page's language.
func (p recommendationsPage) ConceptName(id string) string { return p.concepts(id, string(p.Lang)) }

// Responses are the responses the filter offers.
func (p recommendationsPage) Responses() []string {
	return []string{commitment.Supported, commitment.Noted}
}

// RecState names a recommending state: by its name in the page's language
// where it was recognised, else as the file gave it.
func (p recommendationsPage) RecState(s commitment.RecState) string {
	if s.Country != "" {
		return nameOr(p.countries, s.Country)
	}
	return s.Name
}

func nameOr(m map[string]string, code string) string {
	if n := m[code]; n != "" {
		return n
	}
	return code
}

func (s *Server) recommendations(w http.ResponseWriter, r *http.Request) error {
	f, err := recFilter(r)
	if err != nil {
		return err
	}
	res, err := s.commitments.Recommendations(r.Context(), f)
	if err != nil {
		return err
	}
	p := recommendationsPage{layout: s.layout(w, r, "followup.upr.title", "commitments"), Filter: f, Page: res,
		CanImport: mayManageAction(stateOf(r).user), concepts: s.conceptLabel}
	if p.States, err = s.participants(r.Context(), string(p.Lang)); err != nil {
		return err
	}
	if p.countries, err = s.countryNames(r.Context(), string(p.Lang)); err != nil {
		return err
	}
	p.Prev, p.Next = recPageLinks(r, res.Offset, res.Limit, res.Total)
	return s.render(w, http.StatusOK, "recommendation_list.html", p)
}

// recPageLinks are the URLs of the pages before and after the one at offset
// of a list of total, with the same query otherwise.
func recPageLinks(r *http.Request, offset, limit, total int) (prev, next string) {
	at := func(o int) string {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(o))
		return r.URL.Path + "?" + q.Encode()
	}
	if offset > 0 {
		prev = at(max(offset-limit, 0))
	}
	if offset+limit < total {
		next = at(offset + limit)
	}
	return prev, next
}

// recommendationPage is one recommendation, the commitments recorded from
// it and where to go from it.
type recommendationPage struct {
	recommendationsPage
	Rec       commitment.Recommendation
	CanRecord bool
}

// StatementsURL searches the statements on a concept.
func (p recommendationPage) StatementsURL(concept string) string {
	return "/search?" + url.Values{"type": {"statement"}, "concept": {concept}}.Encode()
}

func (s *Server) recommendation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.commitments.Recommendation(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	p := recommendationPage{recommendationsPage: recommendationsPage{layout: s.layout(w, r, "followup.upr.title", "commitments"), concepts: s.conceptLabel},
		Rec: rec, CanRecord: mayManageAction(stateOf(r).user)}
	if p.countries, err = s.countryNames(r.Context(), string(p.Lang)); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "recommendation.html", p)
}

// recommendationImportPage is the secretariat's import of a UPR file.
type recommendationImportPage struct {
	layout
	formFailure
	Result  *commitment.ImportResult
	Lines   []apiErrorDetail
	Imports []commitment.RecommendationImport
}

func (s *Server) recommendationImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderRecommendationImport(w, r, http.StatusOK, nil, nil)
}

// recommendationImportUpload imports the file sent; a file with faults
// imports nothing and the page lists every faulty line.
func (s *Server) recommendationImportUpload(w http.ResponseWriter, r *http.Request) error {
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return s.renderRecommendationImport(w, r, http.StatusBadRequest, nil, errs.Field("file", "file_required", "exchange.no_file"))
	}
	defer f.Close()
	res, err := s.commitments.ImportRecommendations(r.Context(), stateOf(r).user, hdr.Filename, f)
	if err != nil {
		if k := errs.As(err).Kind; k != errs.Invalid && k != errs.TooLarge {
			return err
		}
		return s.renderRecommendationImport(w, r, errs.As(err).Kind.Status(), nil, err)
	}
	return s.renderRecommendationImport(w, r, http.StatusOK, &res, nil)
}

func (s *Server) renderRecommendationImport(w http.ResponseWriter, r *http.Request, status int, res *commitment.ImportResult, failure error) error {
	p := recommendationImportPage{layout: s.layout(w, r, "followup.upr.import_title", "commitments"), Result: res}
	if failure != nil {
		e := *errs.As(failure)
		if e.Field == "" {
			e.Field = "file"
		}
		p.formFailure = formFailure{s.fieldMessage(p.Lang, &e), e.Field}
		p.Lines, _ = s.importLines(p.Lang, failure)
	}
	var err error
	if p.Imports, err = s.commitments.RecommendationImports(r.Context(), 20); err != nil {
		return err
	}
	return s.render(w, status, "recommendation_import.html", p)
}

// apiRecommendations lists recommendations: ?state= (under review), ?by=
// (recommending state, a code or a name), ?cycle=, ?response=
// (supported, noted), ?concept=, ?limit=, ?offset=.
func (s *Server) apiRecommendations(w http.ResponseWriter, r *http.Request) error {
	f, err := recFilter(r)
	if err != nil {
		return err
	}
	res, err := s.commitments.Recommendations(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) apiRecommendation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.commitments.Recommendation(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}

// apiRecommendationImport imports the request's body, a UPR file in CSV
// (?name= names it in the log): 201 with what it did, or 400
// import_failed with one detail per faulty line and nothing stored.
func (s *Server) apiRecommendationImport(w http.ResponseWriter, r *http.Request) error {
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "upload.csv"
	}
	res, err := s.commitments.ImportRecommendations(r.Context(), stateOf(r).user, name,
		http.MaxBytesReader(w, r.Body, commitment.MaxRecommendationFileBytes))
	if err != nil {
		if tooLarge(err) {
			return errs.New(errs.TooLarge, "file_too_large", "followup.upr.too_large", "max", commitment.MaxRecommendationFileBytes>>20)
		}
		return err
	}
	return writeJSON(w, http.StatusCreated, res)
}
