package web

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/commitment"
	"roundtable/internal/country"
	"roundtable/internal/evidence"
	"roundtable/internal/i18n"
)

// commitmentNames names what a commitment's pages show by code: countries,
// concepts and indicators, in the reader's language.
type commitmentNames struct {
	s          *Server
	ctx        context.Context
	lang       i18n.Lang
	countries  map[string]string
	indicators map[string]string
}

func (s *Server) commitmentNames(ctx context.Context, lang i18n.Lang) (*commitmentNames, error) {
	n := &commitmentNames{s: s, ctx: ctx, lang: lang, countries: map[string]string{}}
	cs, err := country.List(ctx, s.db.Reader(), country.Filter{}, string(lang))
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		n.countries[c.ISO3] = c.Name(string(lang))
	}
	return n, nil
}

// Country is a country's name (its code when unknown).
func (n *commitmentNames) Country(code string) string {
	if x := n.countries[code]; x != "" {
		return x
	}
	return code
}

// Concept is a thesaurus concept's label (its id without a thesaurus).
func (n *commitmentNames) Concept(id string) string {
	if n.s.search != nil {
		if th := n.s.search.Thesaurus(n.ctx); th != nil {
			if l := th.Label(id, string(n.lang)); l != "" {
				return l
			}
		}
	}
	return n.s.conceptLabel(id, string(n.lang))
}

// Indicator is an indicator's name (its code when unknown).
func (n *commitmentNames) Indicator(code string) string {
	if n.indicators == nil {
		n.indicators = map[string]string{}
		if ins, err := n.s.evidence.Indicators(n.ctx); err == nil {
			for _, in := range ins {
				n.indicators[in.Code] = evidence.Name(in.Names, in.Code, string(n.lang))
			}
		}
	}
	if x := n.indicators[code]; x != "" {
		return x
	}
	return code
}

// countryOptions are the countries for a form's select, by name.
func (n *commitmentNames) countryOptions() []claimOption {
	var out []claimOption
	for code, name := range n.countries {
		out = append(out, claimOption{code, name})
	}
	sortOptions(out, i18n.Compare(n.lang))
	return out
}

// indicatorOptions are the indicators for a form's select, by name.
func (n *commitmentNames) indicatorOptions() []claimOption {
	n.Indicator("")
	var out []claimOption
	for code, name := range n.indicators {
		out = append(out, claimOption{code, name})
	}
	sortOptions(out, i18n.Compare(n.lang))
	return out
}

// cmNum formats a figure in the reader's way: whole numbers without
// decimals, others with up to two (9.9, not 9.90).
func cmNum(lang i18n.Lang, x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return decimal(lang, x, 0)
	}
	s := decimal(lang, x, 2)
	if i := strings.LastIndexAny(s, ".,"); i >= 0 && !strings.ContainsAny(s[i+1:], "\u202f.,") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(strings.TrimSuffix(s, "."), ",")
	}
	return s
}

// may reports whether u may take action a under the policy: what a page
// offers follows the policy, never a role written in a template.
func cmMay(u *account.User, a authz.Action) bool {
	return u != nil && authz.Allowed(u.Role, a)
}

// ownsCommitment reports whether u is a delegate of one of c's owner
// states (who files its reports).
func ownsCommitment(u *account.User, c commitment.Commitment) bool {
	if !cmMay(u, authz.FileReport) || u.Delegation == "" {
		return false
	}
	return slices.ContainsFunc(c.Owners, func(o commitment.Owner) bool { return o.Country == u.Delegation })
}

// commitmentURL is a commitment's page.
func commitmentURL(id int64) string { return "/commitments/" + strconv.FormatInt(id, 10) }

// reportURL is a report on its commitment's page.
func reportURL(r commitment.Report) string {
	return commitmentURL(r.CommitmentID) + "#report-" + strconv.FormatInt(r.ID, 10)
}
