package web

import (
	"bytes"
	"context"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/groups"
	"roundtable/internal/i18n"
)

// claimBook is the claim checks as this request sees them: the evidence,
// the groups as the reference list makes them, the dialogue's rule of who
// reads which statement.
func (s *Server) claimBook(ctx context.Context) (evidence.ClaimBook, groups.List, error) {
	gs, err := s.evidenceGroups(ctx)
	if err != nil {
		return evidence.ClaimBook{}, nil, err
	}
	return evidence.ClaimBook{Checker: evidence.Checker{Evidence: s.evidence, Groups: gs}, Statements: s.dialogue}, gs, nil
}

// claimForm is a check as typed in a form.
type claimForm struct {
	Kind, Indicator string
	Areas, Of       []string
	Year, Stated    string
	Quote           string
	formFailure
}

// Has reports whether a code is chosen in a list of the form.
func (f claimForm) Has(list string, code string) bool {
	xs := f.Areas
	if list == "of" {
		xs = f.Of
	}
	for _, x := range xs {
		if x == code {
			return true
		}
	}
	return false
}

// claimFromForm reads a check's fields (a GET query or a POST form).
func claimFromForm(v url.Values) (claimForm, evidence.ClaimSpec, *float64, error) {
	f := claimForm{Kind: v.Get("kind"), Indicator: v.Get("indicator"), Areas: v["areas"], Of: v["of"],
		Year: strings.TrimSpace(v.Get("year")), Stated: strings.TrimSpace(v.Get("stated")), Quote: v.Get("quote")}
	spec := evidence.ClaimSpec{Kind: f.Kind, Indicator: f.Indicator, Areas: f.Areas, Of: f.Of}
	if f.Year != "" {
		y, err := strconv.Atoi(f.Year)
		if err != nil {
			return f, spec, nil, errs.Field("year", "invalid_year", "evidence_claims.error.invalid_year")
		}
		spec.Year = y
	}
	var stated *float64
	if f.Stated != "" {
		x, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(f.Stated, " ", ""), ",", "."), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return f, spec, nil, errs.Field("stated", "invalid_stated", "evidence_claims.error.invalid_stated")
		}
		stated = &x
	}
	return f, spec, stated, nil
}

// claimOption is an indicator, group or area in a form's list.
type claimOption struct{ Code, Label string }

// claimOptions are the lists a check's form offers.
type claimOptions struct {
	Indicators, Groups, Aggregates, Economies []claimOption
}

func (s *Server) claimOptions(ctx context.Context, lang i18n.Lang, gs groups.List) (claimOptions, error) {
	var o claimOptions
	inds, err := s.evidence.Indicators(ctx)
	if err != nil {
		return o, err
	}
	for _, in := range inds {
		o.Indicators = append(o.Indicators, claimOption{in.Code, evidence.Name(in.Names, in.Code, string(lang))})
	}
	for _, g := range gs {
		o.Groups = append(o.Groups, claimOption{g.Code, g.Name(string(lang))})
	}
	areas, err := s.evidence.Areas(ctx)
	if err != nil {
		return o, err
	}
	for _, a := range areas {
		opt := claimOption{a.Code, evidence.Name(a.Names, a.Code, string(lang))}
		if a.Kind == evidence.Aggregate {
			o.Aggregates = append(o.Aggregates, opt)
		} else {
			o.Economies = append(o.Economies, opt)
		}
	}
	cmp := i18n.Compare(lang)
	for _, l := range [][]claimOption{o.Indicators, o.Aggregates, o.Economies} {
		sortOptions(l, cmp)
	}
	return o, nil
}

func sortOptions(l []claimOption, cmp func(a, b string) int) {
	for i := 1; i < len(l); i++ {
		for j := i; j > 0 && cmp(l[j-1].Label, l[j].Label) > 0; j-- {
			l[j-1], l[j] = l[j], l[j-1]
		}
	}
}

// claimView is a claim check as a page shows it, every figure formatted
// in the reader's language.
type claimView struct {
	ID      int64
	Quote   string
	What    string // what was checked: "Population, total: China + CELAC ÷ World"
	Gives   string // "The data gives 25.2 % (2025; World Bank WDI …)"
	Parts   string // a share's two sums
	Weights string
	// Coverage is, for a group's value, how much of its population the
	// members with data hold (when not all).
	Coverage string
	Stated   string
	Verdict  string // close, differs, ""
	Judged   string // the verdict in words, with the difference
	Problem  string // why the data gives no answer
}

// claimWords formats answers for one page.
type claimWords struct {
	l       layout
	names   map[string]string // area, group and indicator codes → names
	printer *message.Printer
	groups  groups.List
}

func (s *Server) claimWords(ctx context.Context, l layout, gs groups.List) (claimWords, error) {
	w := claimWords{l: l, names: map[string]string{}, printer: message.NewPrinter(language.Make(string(l.Lang))), groups: gs}
	areas, err := s.evidence.Areas(ctx)
	if err != nil {
		return w, err
	}
	for _, a := range areas {
		w.names[a.Code] = evidence.Name(a.Names, a.Code, string(l.Lang))
	}
	for _, g := range gs {
		w.names[g.Code] = g.Name(string(l.Lang))
	}
	inds, err := s.evidence.Indicators(ctx)
	if err != nil {
		return w, err
	}
	for _, in := range inds {
		w.names["indicator:"+in.Code] = evidence.Name(in.Names, in.Code, string(l.Lang))
	}
	return w, nil
}

func (w claimWords) name(code string) string {
	if n := w.names[code]; n != "" {
		return n
	}
	return code
}

func (w claimWords) list(codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = w.name(c)
	}
	return strings.Join(out, " + ")
}

func (w claimWords) num(x float64, places int) string {
	return w.printer.Sprint(number.Decimal(x, number.MaxFractionDigits(places), number.MinFractionDigits(places)))
}

// figure formats a value of kind's unit: a share in percent.
func (w claimWords) figure(kind string, x float64) string {
	if kind == evidence.ShareClaim {
		return w.l.T("evidence_claims.percent", "n", w.num(x, 1))
	}
	places := 2
	if math.Abs(x) >= 1000 {
		places = 0
	}
	return w.num(x, places)
}

func (w claimWords) source(se evidence.Series) string {
	return w.l.T("evidence_claims.source", "source", se.Source, "vintage", se.Vintage, "licence", se.Licence)
}

// view formats a check and its answer (or the problem that kept it from
// one).
func (w claimWords) view(id int64, quote string, spec evidence.ClaimSpec, a *evidence.Answer, problemKey string) claimView {
	v := claimView{ID: id, Quote: quote}
	ind := w.name("indicator:" + spec.Indicator)
	if spec.Kind == evidence.ShareClaim {
		v.What = w.l.T("evidence_claims.what_share", "indicator", ind, "areas", w.list(spec.Areas), "of", w.list(spec.Of))
	} else {
		v.What = w.l.T("evidence_claims.what_value", "indicator", ind, "area", w.list(spec.Areas))
	}
	if spec.Year != 0 {
		v.What += " · " + strconv.Itoa(spec.Year)
	}
	if a == nil {
		v.Problem = w.l.T(problemKey)
		return v
	}
	v.Gives = w.l.T("evidence_claims.gives", "value", w.figure(spec.Kind, a.Value), "year", strconv.Itoa(a.Year), "source", w.source(a.Series))
	if spec.Kind == evidence.ShareClaim {
		v.Parts = w.l.T("evidence_claims.parts", "numerator", w.num(a.Numerator, 0), "denominator", w.num(a.Denominator, 0))
	}
	if a.Weights != nil {
		v.Weights = w.l.T("evidence_claims.weighted", "source", w.source(*a.Weights))
	}
	if g, ok := w.groups.Get(spec.Areas[0]); ok && spec.Kind == evidence.ValueClaim && g.SourceArea == "" && groups.RuleFor(spec.Indicator) == groups.Median {
		v.Weights = w.l.T("evidence_claims.median")
	}
	if a.Coverage > 0 && a.Coverage < 1 {
		v.Coverage = w.l.T("evidence_claims.coverage", "share", w.l.T("evidence_claims.percent", "n", w.num(100*a.Coverage, 1)))
	}
	if a.Stated != nil {
		v.Stated, v.Verdict = w.figure(spec.Kind, *a.Stated), a.Verdict
		diff := w.num(a.Difference, 1)
		if a.Difference > 0 {
			diff = "+" + diff
		}
		if spec.Kind == evidence.ShareClaim {
			diff = w.l.T("evidence_claims.points", "n", diff)
		} else {
			diff = w.figure(spec.Kind, a.Difference)
		}
		v.Judged = w.l.T("evidence_claims.verdict."+a.Verdict, "stated", v.Stated, "difference", diff)
	}
	return v
}

// claimChecksHTML is the claim checks drawn for the statement page, by
// their own template (evidence_claim_section.html).
type claimChecksHTML = template.HTML

// claimSection is the claim checks under a statement.
type claimSection struct {
	layout
	StatementID int64
	Claims      []claimView
	CanAdd      bool
}

// claimChecks draws the claim checks of a statement for its page (the
// statement page shows them under the text); "" when there are none and
// the reader may not add one.
func (s *Server) claimChecks(ctx context.Context, l layout, statementID int64) (template.HTML, error) {
	book, gs, err := s.claimBook(ctx)
	if err != nil {
		return "", err
	}
	claims, err := book.Claims(ctx, l.User, statementID)
	if err != nil {
		return "", err
	}
	p := claimSection{layout: l, StatementID: statementID, CanAdd: mayCheckClaims(l.User)}
	if len(claims) == 0 && !p.CanAdd {
		return "", nil
	}
	words, err := s.claimWords(ctx, l, gs)
	if err != nil {
		return "", err
	}
	for _, c := range claims {
		p.Claims = append(p.Claims, words.view(c.ID, c.Quote, c.Spec, c.Answer, c.ProblemKey))
	}
	t, ok := s.pages.pages["evidence_claim_section.html"]
	if !ok {
		return "", errs.New(errs.Internal, "internal", "error.internal")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "content", p); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}
