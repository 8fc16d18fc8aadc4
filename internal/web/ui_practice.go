package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/country"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/i18n"
	"roundtable/internal/practice"
)

// Practices in the interface: the list with its filters, a practice in
// the reader's language with its translation status, the forms of its
// delegation and the secretariat's publication. The service decides who
// reads what (a draft, the contact); these pages only show what it gives.

// practiceNames names what practice pages show by code, in one language:
// countries, concepts and indicators.
type practiceNames struct {
	s          *Server
	ctx        context.Context
	lang       string
	countries  map[string]string
	indicators map[string]string
}

func (s *Server) practiceNames(ctx context.Context, lang i18n.Lang) (*practiceNames, error) {
	n := &practiceNames{s: s, ctx: ctx, lang: string(lang), countries: map[string]string{}}
	cs, err := country.List(ctx, s.db.Reader(), country.Filter{}, string(lang))
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		n.countries[c.ISO3] = c.Name(string(lang))
	}
	return n, nil
}

// Country is a country's name in the page's language: a participant's, or
// any economy's the evidence knows (an indicator peer may be from outside
// the dialogue); its code when unknown.
func (n *practiceNames) Country(code string) string {
	if x := n.countries[code]; x != "" {
		return x
	}
	if n.s == nil || n.s.evidence == nil {
		return code
	}
	if areas, err := n.s.evidence.Areas(n.ctx); err == nil {
		for _, a := range areas {
			if a.Code == code {
				if x := evidence.Name(a.Names, code, n.lang); x != "" {
					n.countries[code] = x
					return x
				}
			}
		}
	}
	return code
}

// Concept is a thesaurus concept's label.
func (n *practiceNames) Concept(id string) string {
	if n.s.search != nil {
		if th := n.s.search.Thesaurus(n.ctx); th != nil {
			if l := th.Label(id, n.lang); l != "" {
				return l
			}
		}
	}
	return n.s.conceptLabel(id, n.lang)
}

// Indicator is an indicator's name.
func (n *practiceNames) Indicator(code string) string {
	if n.indicators == nil {
		n.indicators = map[string]string{}
		if ins, err := n.s.evidence.Indicators(n.ctx); err == nil {
			for _, in := range ins {
				n.indicators[in.Code] = evidence.Name(in.Names, in.Code, n.lang)
			}
		}
	}
	if x := n.indicators[code]; x != "" {
		return x
	}
	return code
}

// countryOptions are the participants' countries for a form's select.
func (n *practiceNames) countryOptions() []claimOption {
	var out []claimOption
	for code, name := range n.countries {
		out = append(out, claimOption{code, name})
	}
	sortOptions(out, i18n.Compare(i18n.Lang(n.lang)))
	return out
}

// conceptOptions are the thesaurus's concepts for a form's select, by
// label; nil without a thesaurus (the form then takes ids as text).
func (n *practiceNames) conceptOptions() []claimOption {
	if n.s.search == nil {
		return nil
	}
	th := n.s.search.Thesaurus(n.ctx)
	if th == nil {
		return nil
	}
	var out []claimOption
	for _, c := range th.All() {
		out = append(out, claimOption{c.ID, th.Label(c.ID, n.lang)})
	}
	sortOptions(out, i18n.Compare(i18n.Lang(n.lang)))
	return out
}

// indicatorOptions are the indicators for a form's select, by name.
func (n *practiceNames) indicatorOptions() []claimOption {
	n.Indicator("")
	var out []claimOption
	for code, name := range n.indicators {
		out = append(out, claimOption{code, name})
	}
	sortOptions(out, i18n.Compare(i18n.Lang(n.lang)))
	return out
}

// labelled is a code with its name.
type labelled struct{ Code, Label string }

// languageStatus is one language of a practice with its translation
// status in words.
type languageStatus struct {
	Code, Name string
	Origin     string // original, human, machine
	Review     string // pending, reviewed
	Status     string
	Current    bool // the language shown
}

// practiceView is a practice as a page shows it: its text in one language
// and everything named in the reader's language.
type practiceView struct {
	practice.Practice
	CountryName string
	Text        practice.Text
	// Fallback: the reader's language has no text; Text is another one's.
	Fallback   bool
	Status     string // the shown text's translation status, in words
	Concepts   []labelled
	Indicators []labelled
	Languages  []languageStatus
}

// translationStatus words a text's origin and review.
func translationStatus(l layout, t practice.Text) string {
	switch t.Origin {
	case practice.OriginOriginal:
		return l.T("practice_web.status.original")
	case practice.OriginMachine:
		if t.Review == practice.ReviewReviewed {
			return l.T("practice_web.status.machine_reviewed")
		}
		return l.T("practice_web.status.machine")
	}
	if t.Review == practice.ReviewReviewed {
		return l.T("practice_web.status.human_reviewed")
	}
	return l.T("practice_web.status.human")
}

// viewPractice shows p in lang (the reader's, or one chosen with ?lang=).
func viewPractice(l layout, n *practiceNames, p practice.Practice, lang string) practiceView {
	v := practiceView{Practice: p, CountryName: n.Country(p.Country)}
	if t, ok := p.Texts[lang]; ok {
		v.Text = t
	} else {
		v.Text, v.Fallback = p.In(string(l.Lang))
	}
	v.Fallback = v.Fallback || v.Text.Language != string(l.Lang)
	v.Status = translationStatus(l, v.Text)
	for _, c := range p.Concepts {
		v.Concepts = append(v.Concepts, labelled{c, n.Concept(c)})
	}
	for _, c := range p.Indicators {
		v.Indicators = append(v.Indicators, labelled{c, n.Indicator(c)})
	}
	for _, code := range p.Languages() {
		t := p.Texts[code]
		v.Languages = append(v.Languages, languageStatus{Code: code, Name: l.LangName(code), Origin: t.Origin, Review: t.Review,
			Status: translationStatus(l, t), Current: code == v.Text.Language})
	}
	return v
}

// Period is the practice's years, "2015–2020", "since 2015" or "".
func (v practiceView) Period() string {
	switch {
	case v.PeriodFrom != 0 && v.PeriodTo != 0:
		return strconv.Itoa(v.PeriodFrom) + "–" + strconv.Itoa(v.PeriodTo)
	case v.PeriodFrom != 0:
		return strconv.Itoa(v.PeriodFrom) + "–"
	case v.PeriodTo != 0:
		return "–" + strconv.Itoa(v.PeriodTo)
	}
	return ""
}

// mayWritePractice reports whether v may write practices at all
// (authz.WritePractice); the service checks the state.
func mayWritePractice(v *account.User) bool {
	return v != nil && authz.Allowed(v.Role, authz.WritePractice)
}

// mayManageAction reports whether v publishes practices and brokers
// matches (authz.ManageAction).
func mayManageAction(v *account.User) bool {
	return v != nil && authz.Allowed(v.Role, authz.ManageAction)
}

// ownsPractice reports whether v writes for the practice's state.
func ownsPractice(v *account.User, country string) bool {
	if v == nil {
		return false
	}
	return mayManageAction(v) || (mayWritePractice(v) && v.Delegation == country)
}

// practiceListPage is /practices.
type practiceListPage struct {
	layout
	Items                    []practiceView
	Total                    int
	Country, Concept, Target string
	Countries, Concepts      []claimOption
	CanWrite                 bool
	Prev, Next               string
}

const practicePageSize = 20

func (s *Server) practicesPage(w http.ResponseWriter, r *http.Request) error {
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
	f := practice.Filter{Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))), Concept: strings.TrimSpace(q.Get("concept")),
		Target: strings.TrimSpace(q.Get("target")), Limit: practicePageSize, Offset: offset}
	page, err := s.practices.List(ctx, st.user, f)
	if err != nil {
		return err
	}
	names, err := s.practiceNames(ctx, st.lang)
	if err != nil {
		return err
	}
	p := practiceListPage{layout: s.layout(w, r, "practice_web.title", "practices"), Total: page.Total,
		Country: f.Country, Concept: f.Concept, Target: f.Target, CanWrite: mayWritePractice(st.user),
		Countries: names.countryOptions(), Concepts: names.conceptOptions()}
	for _, it := range page.Items {
		p.Items = append(p.Items, viewPractice(p.layout, names, it, string(st.lang)))
	}
	link := func(off int) string {
		v := url.Values{}
		for k, x := range map[string]string{"country": f.Country, "concept": f.Concept, "target": f.Target} {
			if x != "" {
				v.Set(k, x)
			}
		}
		if off > 0 {
			v.Set("offset", strconv.Itoa(off))
		}
		if len(v) == 0 {
			return "/practices"
		}
		return "/practices?" + v.Encode()
	}
	if offset > 0 {
		p.Prev = link(max(0, offset-practicePageSize))
	}
	if offset+len(page.Items) < page.Total {
		p.Next = link(offset + practicePageSize)
	}
	return s.render(w, http.StatusOK, "practice_list.html", p)
}

// practicePage is /practices/{id}.
type practicePage struct {
	layout
	P practiceView
	// CanEdit: the reader writes for its state; CanSubmit: and it is a
	// draft; CanPublish: the secretariat, and it is submitted.
	CanEdit, CanSubmit, CanPublish bool
	// Missing are the supported languages with no text, to translate.
	Missing []labelled
}

func (s *Server) practicePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	pr, err := s.practices.Get(ctx, st.user, id)
	if err != nil {
		return err
	}
	names, err := s.practiceNames(ctx, st.lang)
	if err != nil {
		return err
	}
	p := practicePage{layout: s.layout(w, r, "practice_web.title", "practices")}
	p.P = viewPractice(p.layout, names, pr, r.URL.Query().Get("lang"))
	p.CanEdit = ownsPractice(st.user, pr.Country)
	p.CanSubmit = p.CanEdit && pr.State == practice.Draft
	p.CanPublish = mayManageAction(st.user) && pr.State == practice.Submitted
	if p.CanEdit {
		for _, l := range i18n.Supported {
			if _, ok := pr.Texts[string(l)]; !ok {
				p.Missing = append(p.Missing, labelled{string(l), l.NativeName()})
			}
		}
	}
	return s.render(w, http.StatusOK, "practice_view.html", p)
}
