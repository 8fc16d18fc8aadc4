package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/search"
)

var errSearchUnavailable = errs.New(errs.Unavailable, "search_unavailable", "search.unavailable")

// searchRequest reads the query string shared by the page and the API:
// q, and the filters edition, session, delegation, country, language,
// concept, type, from, to (YYYY-MM-DD).
func searchRequest(r *http.Request) (discovery.Request, error) {
	q := r.URL.Query()
	req := discovery.Request{Text: q.Get("q")}
	p, err := paging(r)
	if err != nil {
		return req, err
	}
	if !q.Has("limit") {
		p.Limit = 20
	}
	if p.Limit > 100 {
		return req, errs.Field("limit", "bad_pagination", "error.bad_pagination", "max", 100)
	}
	if p.Offset > search.MaxOffset {
		return req, errs.Field("offset", "bad_pagination", "error.search_offset", "max", search.MaxOffset)
	}
	req.Limit, req.Offset = p.Limit, p.Offset
	f := &req.Filters
	if f.Edition, err = queryID(r, "edition"); err != nil {
		return req, err
	}
	if f.Session, err = queryID(r, "session"); err != nil {
		return req, err
	}
	f.Delegation, f.Country, f.Language = q.Get("delegation"), q.Get("country"), q.Get("language")
	f.Concept, f.Type = q.Get("concept"), q.Get("type")
	for _, d := range []struct {
		name string
		to   *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(d.name); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				return req, errs.Field(d.name, "invalid_date", "validation.date")
			}
			*d.to = t
		}
	}
	if err := checkSearchFilters(f); err != nil {
		return req, err
	}
	if utf8.RuneCountInString(req.Text) > search.MaxQueryLen {
		return req, errs.Field("q", "query_too_long", "search.too_long")
	}
	return req, nil
}

// searchTypes are the kinds of document the index holds.
var searchTypes = []string{"statement", "proposition", "session", "udhr", "commitment", "report", "practice"}

// actionTypes are practical action's kinds, named by the search_action
// catalog.
var actionTypes = []string{"commitment", "report", "practice"}

// searchTypeKey is the catalog key naming a kind of document.
func searchTypeKey(t string) string {
	if slices.Contains(actionTypes, t) {
		return "search_action.type." + t
	}
	return "search.type." + t
}

// checkSearchFilters refuses filters that can match nothing because they
// are not values at all (a language or type the index never holds, a date
// range that ends before it starts), so that a misspelt filter is a 400 and
// not an empty 200 that looks like "no such text".
func checkSearchFilters(f *search.Filters) error {
	if f.Language != "" && !slices.Contains(i18n.Supported, i18n.Lang(f.Language)) {
		return errs.Field("language", "invalid_language", "validation.language")
	}
	if f.Type != "" && !slices.Contains(searchTypes, f.Type) {
		return errs.Field("type", "invalid_type", "input.search_type")
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return errs.Field("to", "ends_before_start", "validation.ends_before_start")
	}
	return nil
}

// runSearch turns query syntax errors into 400s with their stable code.
func (s *Server) runSearch(r *http.Request, req discovery.Request) (discovery.Response, error) {
	if s.search == nil {
		return discovery.Response{}, errSearchUnavailable
	}
	req.Lang = string(stateOf(r).lang)
	res, err := s.search.Search(r.Context(), stateOf(r).user, req)
	if code, ok := search.IsQueryError(err); ok {
		return res, errs.Field("q", code, "search."+code)
	}
	return res, err
}

// apiHit is one statement, proposition, session, article, commitment,
// progress report or practice, with all its
// versions: title and snippet are of the version in language (the
// reader's where it exists, else the one that matched, else the original).
type apiHit struct {
	Type             string       `json:"type"`
	ID               string       `json:"id"`
	Title            string       `json:"title"`
	Snippet          string       `json:"snippet"`
	Language         string       `json:"language"`
	Machine          bool         `json:"machine"`
	OriginalLanguage string       `json:"original_language"`
	Versions         []apiVersion `json:"versions"`
	MatchedBy        string       `json:"matched_by"`
	URL              string       `json:"url"`
	Score            float64      `json:"score"`
	Date             time.Time    `json:"date"`
	Delegation       *apiRef      `json:"delegation,omitempty"`
	Session          *apiRef      `json:"session,omitempty"`
}

type apiFacet struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

type apiSearch struct {
	Query    string                `json:"query"`
	Results  []apiHit              `json:"results"`
	Total    uint64                `json:"total"`
	Limit    int                   `json:"limit"`
	Offset   int                   `json:"offset"`
	Facets   map[string][]apiFacet `json:"facets"`
	Concepts []string              `json:"concepts"`
	// AlsoSearched are the query's translations it was also searched in.
	AlsoSearched []apiAlternative `json:"also_searched"`
	TookMS       float64          `json:"took_ms"`
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	req, err := searchRequest(r)
	if err != nil {
		return err
	}
	res, err := s.runSearch(r, req)
	if err != nil {
		return err
	}
	heads, err := s.headlines(r, res)
	if err != nil {
		return err
	}
	lang := string(stateOf(r).lang)
	out := apiSearch{Query: req.Text, Results: []apiHit{}, Total: res.Total, Limit: req.Limit, Offset: req.Offset,
		Facets: map[string][]apiFacet{}, Concepts: res.Concepts, AlsoSearched: apiAlternatives(res.Alternatives),
		TookMS: float64(res.Took.Microseconds()) / 1000}
	if out.Concepts == nil {
		out.Concepts = []string{}
	}
	for _, h := range res.Hits {
		a := apiHit{Type: h.Type, ID: h.ID, Title: h.Title, Snippet: h.Snippet, Language: h.Language, Machine: h.Machine,
			OriginalLanguage: h.Original, Versions: apiVersions(h), MatchedBy: h.MatchedBy, URL: h.URL, Score: h.Score, Date: h.Date}
		if x, ok := heads[statementID(h)]; ok {
			a.Delegation = &apiRef{x.DelegationID, x.DelegationNames.In(lang)}
			if x.SessionID != 0 {
				a.Session = &apiRef{x.SessionID, x.SessionTitles.In(lang)}
			}
		}
		out.Results = append(out.Results, a)
	}
	for k, fs := range res.Facets {
		for _, f := range fs {
			out.Facets[k] = append(out.Facets[k], apiFacet{f.Value, f.Count})
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

type searchPage struct {
	layout
	Query    string
	Done     bool
	Error    string
	Total    uint64
	Hits     []pageHit
	Facets   []facetGroup
	Concepts []conceptLink
	// AlsoSearched are the query's translations it was also searched in.
	AlsoSearched []search.Alternative
	Prev         string
	Next         string
}

type pageHit struct {
	search.Hit
	Snippet  template.HTML // escaped by the index, matches in <mark>
	Link     string        // to the version shown
	Versions []hitVersion
	Headline *hitHeadline // statements only
}

// TypeKey is the catalog key naming the hit's kind.
func (h pageHit) TypeKey() string { return searchTypeKey(h.Type) }

// MatchedKey is the catalog key saying how the hit matched.
func (h pageHit) MatchedKey() string {
	if h.MatchedBy == search.MatchedTranslation {
		return "searchhits.matched.translation"
	}
	return "search.matched." + h.MatchedBy
}

type facetGroup struct {
	Name   string // catalog key
	Values []facetValue
}

type facetValue struct {
	Label, URL string
	Count      int
	Active     bool
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	p := searchPage{layout: s.layout(w, r, "search.title", "search"), Query: r.URL.Query().Get("q")}
	req, err := searchRequest(r)
	if err == nil && (req.Text != "" || r.URL.Query().Has("q")) {
		var res discovery.Response
		res, err = s.runSearch(r, req)
		var heads map[int64]dialogue.Headline
		if err == nil {
			heads, err = s.headlines(r, res)
		}
		if err == nil {
			p.Done, p.Total, p.AlsoSearched = true, res.Total, res.Alternatives
			for _, h := range res.Hits {
				x, ok := heads[statementID(h)]
				p.Hits = append(p.Hits, pageHit{Hit: h, Snippet: template.HTML(h.Snippet), Link: versionURL(h, h.Language),
					Versions: pageVersions(h), Headline: pageHeadline(x, ok, string(p.Lang))})
			}
			for _, c := range res.Concepts {
				p.Concepts = append(p.Concepts, conceptLink{c, s.conceptLabel(c, string(p.Lang))})
			}
			p.Facets = s.facetGroups(r, res, string(p.Lang))
			p.Prev, p.Next = pageLinks(r.URL, req, res.Total)
		}
	}
	status := http.StatusOK
	if err != nil {
		e := errs.As(err)
		if e.Kind != errs.Invalid {
			return err
		}
		p.Error, status = s.catalog.T(p.Lang, e.Key, e.Args...), http.StatusBadRequest
	}
	return s.render(w, status, "search.html", p)
}

// facetGroups turns facet counts into links that add (or drop) a filter.
func (s *Server) facetGroups(r *http.Request, res discovery.Response, lang string) []facetGroup {
	names := s.codeNames(r, lang)
	param := map[string]string{search.FacetType: "type", search.FacetLanguage: "language", search.FacetConcept: "concept", search.FacetDelegation: "delegation"}
	var out []facetGroup
	for _, name := range []string{search.FacetType, search.FacetLanguage, search.FacetDelegation, search.FacetConcept} {
		fs := res.Facets[name]
		if len(fs) == 0 {
			continue
		}
		g := facetGroup{Name: "search.facet." + name}
		if name == search.FacetLanguage {
			// Languages a person wrote or translated it in (machine
			// versions are not counted).
			g.Name = "searchhits.facet.language"
		}
		for _, f := range fs {
			u := *r.URL
			q := u.Query()
			active := q.Get(param[name]) == f.Value
			if active {
				q.Del(param[name])
			} else {
				q.Set(param[name], f.Value)
			}
			q.Del("offset")
			u.RawQuery = q.Encode()
			label := f.Value
			switch name {
			case search.FacetConcept:
				label = s.conceptLabel(f.Value, lang)
			case search.FacetLanguage:
				label = (layout{}).LangName(f.Value)
			case search.FacetType:
				label = s.catalog.T(stateOf(r).lang, searchTypeKey(f.Value))
			case search.FacetDelegation:
				if n := names[f.Value]; n != "" {
					label = n
				}
			}
			g.Values = append(g.Values, facetValue{Label: label, URL: u.RequestURI(), Count: f.Count, Active: active})
		}
		out = append(out, g)
	}
	return out
}

func pageLinks(u *url.URL, req discovery.Request, total uint64) (prev, next string) {
	link := func(offset int) string {
		c := *u
		q := c.Query()
		q.Set("offset", strconv.Itoa(offset))
		c.RawQuery = q.Encode()
		return c.RequestURI()
	}
	if req.Offset > 0 {
		prev = link(max(req.Offset-req.Limit, 0))
	}
	if uint64(req.Offset+req.Limit) < total {
		next = link(req.Offset + req.Limit)
	}
	return prev, next
}

// codeNames names countries (by alpha-3 code) and groups (by code) in lang,
// for facet labels; on a failure the codes themselves are shown.
func (s *Server) codeNames(r *http.Request, lang string) map[string]string {
	out := map[string]string{}
	if cs, err := country.List(r.Context(), s.db.Reader(), country.Filter{}, lang); err == nil {
		for _, c := range cs {
			out[c.ISO3] = c.Name(lang)
		}
	}
	if gs, err := country.Groups(r.Context(), s.db.Reader()); err == nil {
		for _, g := range gs {
			out[g.Code] = g.Name(lang)
		}
	}
	return out
}
