package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/practice"
)

// Requests and offers: a state asks to learn about something or offers its
// experience; under a request, what the system suggests as an answer, with
// its reasons in words, and the secretariat's button to propose a match.

// askView is a request or an offer as a page shows it.
type askView struct {
	practice.Ask
	CountryName   string
	KindName      string
	Concepts      []labelled
	IndicatorName string
}

func viewAsk(l layout, n *practiceNames, a practice.Ask) askView {
	v := askView{Ask: a, CountryName: n.Country(a.Country), KindName: l.T("practice_web.kind." + a.Kind)}
	for _, c := range a.Concepts {
		v.Concepts = append(v.Concepts, labelled{c, n.Concept(c)})
	}
	if a.IndicatorCode != "" {
		v.IndicatorName = n.Indicator(a.IndicatorCode)
	}
	return v
}

// mayAsk reports whether v may post requests and offers (authz.AskOrOffer).
func mayAsk(v *account.User) bool { return v != nil && authz.Allowed(v.Role, authz.AskOrOffer) }

// asksPage is /asks: the open requests and offers.
type asksPage struct {
	layout
	Items                  []askView
	Total                  int
	Kind, Country, Concept string
	Closed                 bool
	Countries, Concepts    []claimOption
	CanAsk                 bool
	Prev, Next             string
}

func (s *Server) asksPage(w http.ResponseWriter, r *http.Request) error {
	ctx, st := r.Context(), stateOf(r)
	q := r.URL.Query()
	offset := 0
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return errs.Field("offset", "bad_pagination", "error.bad_pagination", "max", practicePageSize)
		}
		offset = n
	}
	f := practice.AskFilter{Kind: q.Get("kind"), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))), Concept: strings.TrimSpace(q.Get("concept")),
		State: practice.Open, Limit: practicePageSize, Offset: offset}
	if f.Kind != "" && f.Kind != practice.Request && f.Kind != practice.Offer {
		return errs.Field("kind", "invalid_kind", "practice_web.error.invalid_kind")
	}
	closed := q.Get("state") == practice.Closed
	if closed {
		f.State = practice.Closed
	}
	page, err := s.practices.Asks(ctx, st.user, f)
	if err != nil {
		return err
	}
	names, err := s.practiceNames(ctx, st.lang)
	if err != nil {
		return err
	}
	p := asksPage{layout: s.layout(w, r, "practice_web.asks_title", "practices"), Total: page.Total, Kind: f.Kind, Country: f.Country,
		Concept: f.Concept, Closed: closed, Countries: names.countryOptions(), Concepts: names.conceptOptions(), CanAsk: mayAsk(st.user)}
	for _, a := range page.Items {
		p.Items = append(p.Items, viewAsk(p.layout, names, a))
	}
	link := func(off int) string {
		v := url.Values{}
		for k, x := range map[string]string{"kind": f.Kind, "country": f.Country, "concept": f.Concept} {
			if x != "" {
				v.Set(k, x)
			}
		}
		if closed {
			v.Set("state", practice.Closed)
		}
		if off > 0 {
			v.Set("offset", strconv.Itoa(off))
		}
		return "/asks?" + v.Encode()
	}
	if offset > 0 {
		p.Prev = link(max(0, offset-practicePageSize))
	}
	if offset+len(page.Items) < page.Total {
		p.Next = link(offset + practicePageSize)
	}
	return s.render(w, http.StatusOK, "asks_list.html", p)
}

// askForm is a request or an offer as its form holds it.
type askForm struct {
	practice.AskInput
	formFailure
}

// Has reports whether a concept is chosen.
func (f askForm) Has(code string) bool {
	for _, c := range f.Concepts {
		if c == code {
			return true
		}
	}
	return false
}

// askFormPage is /asks/new.
type askFormPage struct {
	layout
	Form                            askForm
	ChooseCountry                   bool
	CountryName                     string
	Countries, Concepts, Indicators []claimOption
	Languages                       []i18n.Lang
}

func (s *Server) renderAskForm(w http.ResponseWriter, r *http.Request, status int, f askForm) error {
	ctx, st := r.Context(), stateOf(r)
	names, err := s.practiceNames(ctx, st.lang)
	if err != nil {
		return err
	}
	p := askFormPage{layout: s.layout(w, r, "practice_web.ask_new_title", "practices"), Form: f, ChooseCountry: mayManageAction(st.user),
		Countries: names.countryOptions(), Concepts: names.conceptOptions(), Indicators: names.indicatorOptions(), Languages: i18n.Supported}
	if !p.ChooseCountry && st.user != nil {
		p.Form.Country = st.user.Delegation
	}
	p.CountryName = names.Country(p.Form.Country)
	return s.render(w, status, "asks_form.html", p)
}

func (s *Server) askNew(w http.ResponseWriter, r *http.Request) error {
	kind := r.URL.Query().Get("kind")
	if kind != practice.Offer {
		kind = practice.Request
	}
	return s.renderAskForm(w, r, http.StatusOK, askForm{AskInput: practice.AskInput{Kind: kind, Language: string(stateOf(r).lang), Level: "participants"}})
}

func (s *Server) askCreate(w http.ResponseWriter, r *http.Request) error {
	st, v := stateOf(r), r.PostForm
	f := askForm{AskInput: practice.AskInput{Kind: v.Get("kind"), Country: strings.ToUpper(strings.TrimSpace(v.Get("country"))), Title: v.Get("title"),
		Body: v.Get("body"), Language: v.Get("language"), IndicatorCode: v.Get("indicator_code"), Level: v.Get("level"), Concepts: listOf(v, "concepts")}}
	if f.Country == "" && st.user != nil && !mayManageAction(st.user) {
		f.Country = st.user.Delegation
	}
	a, err := s.practices.CreateAsk(r.Context(), st.user, f.AskInput)
	if err != nil {
		if errs.Is(err, errs.NotFound) || errs.Is(err, errs.Forbidden) {
			return err
		}
		status := errs.As(err).Kind.Status()
		if f.formFailure, err = s.explain(st.lang, err, errs.Invalid, errs.Conflict); err != nil {
			return err
		}
		return s.renderAskForm(w, r, status, f)
	}
	s.flash(w, "practice_web.ask_saved")
	http.Redirect(w, r, "/asks/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
	return nil
}

// suggestionView is a suggestion as a page shows it.
type suggestionView struct {
	practice.Suggestion
	CountryName string
	Link        string // the offer's, the practice's or the country's page
	Reasons     []reasonView
}

// askPage is /asks/{id}.
type askPage struct {
	layout
	A           askView
	Suggestions []suggestionView
	Matches     []matchView
	// CanPropose: the secretariat brokers; CanClose: its state or the
	// secretariat, while it is open.
	CanPropose, CanClose bool
}

func (s *Server) askPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	a, err := s.practices.Ask(ctx, st.user, id)
	if err != nil {
		return err
	}
	names, err := s.practiceNames(ctx, st.lang)
	if err != nil {
		return err
	}
	p := askPage{layout: s.layout(w, r, "practice_web.ask_title", "practices"), CanPropose: mayManageAction(st.user),
		CanClose: a.State == practice.Open && (mayManageAction(st.user) || (mayAsk(st.user) && st.user.Delegation == a.Country))}
	p.A = viewAsk(p.layout, names, a)
	if a.Kind == practice.Request {
		sugg, err := s.practices.Suggest(ctx, st.user, id)
		if err != nil {
			return err
		}
		words := reasonWords{l: p.layout, names: names, requester: a.Country}
		for _, sg := range sugg {
			v := suggestionView{Suggestion: sg, CountryName: names.Country(sg.Country), Reasons: words.sentences(sg.Country, sg.Reasons)}
			switch sg.Kind {
			case practice.SuggestOffer:
				v.Link = "/asks/" + strconv.FormatInt(sg.OfferID, 10)
			case practice.SuggestPractice:
				v.Link = "/practices/" + strconv.FormatInt(sg.PracticeID, 10)
			default:
				v.Link = "/evidence/countries/" + sg.Country
			}
			p.Suggestions = append(p.Suggestions, v)
		}
		ms, err := s.practices.Matches(ctx, st.user, practice.MatchFilter{RequestID: id, Limit: practice.MaxPage})
		if err != nil {
			return err
		}
		for _, m := range ms.Items {
			p.Matches = append(p.Matches, viewMatch(p.layout, names, m))
		}
	}
	return s.render(w, http.StatusOK, "asks_view.html", p)
}

func (s *Server) askClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.practices.CloseAsk(r.Context(), stateOf(r).user, id); err != nil {
		return err
	}
	s.flash(w, "practice_web.ask_closed")
	http.Redirect(w, r, "/asks/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// askPropose is the secretariat's "propose this match": the request in
// the path, what answers it in the form (offer, practice or provider).
func (s *Server) askPropose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := matchInputOf(r.PostForm)
	if err != nil {
		return err
	}
	m, err := s.practices.ProposeMatch(r.Context(), stateOf(r).user, id, in)
	if err != nil {
		return err
	}
	s.flash(w, "practice_web.match_proposed")
	http.Redirect(w, r, "/matches/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
	return nil
}

// matchInputOf reads what a match answers a request with from a form.
func matchInputOf(v url.Values) (practice.MatchInput, error) {
	var in practice.MatchInput
	for _, f := range []struct {
		name string
		to   *int64
	}{{"offer_id", &in.OfferID}, {"practice_id", &in.PracticeID}} {
		if x := v.Get(f.name); x != "" {
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil || n <= 0 {
				return in, errs.Field(f.name, "invalid_id", "practice_web.error.invalid_id")
			}
			*f.to = n
		}
	}
	in.Provider = strings.ToUpper(strings.TrimSpace(v.Get("provider")))
	return in, nil
}
