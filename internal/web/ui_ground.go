package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/authz"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/ground/consensus"
	"roundtable/internal/i18n"
	"roundtable/internal/visibility"
)

// groundRoutes are the pages of common ground: the map of where blocs
// meet (live), the opinion groups found from the positions, the themes
// each bloc raised, one proposition with its positions, the propose form
// and the secretariat's blocs.
func (s *Server) groundRoutes() []route {
	return []route{
		{"GET", "/editions/{id}/ground", authz.ViewGround, s.groundMap},
		{"GET", "/editions/{id}/ground/events", authz.ViewGround, s.groundEvents},
		{"GET", "/editions/{id}/ground/groups", authz.ViewGround, s.groundGroups},
		{"GET", "/editions/{id}/ground/priorities", authz.ViewGround, s.groundPriorities},
		{"POST", "/editions/{id}/ground/settings", authz.PresideGround, s.groundSettings},
		{"GET", "/editions/{id}/propositions/new", authz.Propose, s.propositionNew},
		{"POST", "/editions/{id}/propositions", authz.Propose, s.propositionCreate},
		{"GET", "/propositions/{id}", authz.ViewGround, s.propositionPage},
		{"POST", "/propositions/{id}/position", authz.RecordPosition, s.propositionAction(propositionPosition)},
		{"POST", "/propositions/{id}/publish", authz.PresideGround, s.propositionAction(propositionPublish)},
		{"POST", "/propositions/{id}/withdraw", authz.PresideGround, s.propositionAction(propositionWithdraw)},
		{"POST", "/propositions/{id}/merge", authz.PresideGround, s.propositionAction(propositionMerge)},
		{"POST", "/propositions/{id}/translations", authz.Propose, s.propositionAction(propositionTranslate)},
		{"GET", "/editions/{id}/blocs", authz.ManageBlocs, s.blocsPage},
		{"POST", "/editions/{id}/blocs", authz.ManageBlocs, s.blocCreate},
		{"POST", "/blocs/{id}", authz.ManageBlocs, s.blocUpdate},
		{"POST", "/blocs/{id}/delete", authz.ManageBlocs, s.blocDelete},
	}
}

// groundBase is what every page of common ground knows: the edition, who
// may see its positions, and what the reader may do. Its methods format
// the numbers, so that every page shows a probability with the counts
// behind it in the same words.
type groundBase struct {
	layout
	Edition  dialogue.Edition
	Settings ground.Settings
	// SeesPositions: the reader may read positions and every number
	// derived from them.
	SeesPositions  bool
	CanPreside     bool // the chair or the secretariat
	CanPropose     bool
	CanManageBlocs bool
	// Digest sums up what the reader sees of the edition's common ground
	// (ground.Service.Version); the live script compares it with the
	// stream's.
	Digest string
}

// groundBase reads the edition and the reader's rights.
func (s *Server) groundBase(w http.ResponseWriter, r *http.Request, editionID int64, titleKey string) (groundBase, error) {
	v, ctx := stateOf(r).user, r.Context()
	e, err := s.dialogue.Edition(ctx, v, editionID)
	if err != nil {
		return groundBase{}, err
	}
	// The version first: a change landing while the page is read makes
	// the stream's first message differ, and the page fetches itself again.
	version, err := s.ground.Version(ctx, v, editionID)
	if err != nil {
		return groundBase{}, err
	}
	b := groundBase{layout: s.layout(w, r, titleKey, "editions"), Edition: e, Digest: version,
		CanPreside:     visibility.Of(v).Presides(),
		CanPropose:     v != nil && authz.Allowed(v.Role, authz.Propose),
		CanManageBlocs: v != nil && authz.Allowed(v.Role, authz.ManageBlocs)}
	if b.Settings, err = s.ground.Settings(ctx, v, editionID); err != nil {
		return b, err
	}
	if b.SeesPositions, err = s.ground.SeesPositions(ctx, v, e); err != nil {
		return b, err
	}
	return b, nil
}

// restricted reports whether err is the refusal of a reader the edition
// keeps positions from.
func restricted(err error) bool {
	e := errs.As(err)
	return e.Kind == errs.Forbidden && e.Code == "positions_restricted"
}

// decimal formats x with places decimals in lang's way: a decimal comma
// in Spanish, Portuguese and French.
func decimal(lang i18n.Lang, x float64, places int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	s := strconv.FormatFloat(x, 'f', places, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // not "-0.00"
	}
	switch lang {
	case i18n.Es, i18n.Pt, i18n.Fr:
		s = strings.Replace(s, ".", ",", 1)
	}
	return groupDigits(lang, s)
}

// groupDigits separates the thousands of a number of five or more whole
// digits in the reader's convention — 12,581,843; 12.581.843; 12 581 843 —
// and leaves shorter ones (years, 2024) as they are, as Spanish and
// Portuguese style ask for four-digit numbers.
func groupDigits(lang i18n.Lang, s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac := s, ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		whole, frac = s[:i], s[i:]
	}
	if len(whole) < 5 {
		return sign + s
	}
	sep := ","
	switch lang {
	case i18n.Es, i18n.Pt:
		sep = "."
	case i18n.Fr:
		sep = "\u202f" // narrow no-break space
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return sign + b.String() + frac
}

// Dec formats a number for the page.
func (b groundBase) Dec(x float64, places int) string { return decimal(b.Lang, x, places) }

// Percent formats a share (0..1) as a whole percentage.
func (b groundBase) Percent(x float64) string {
	return b.T("ground.percent", "n", decimal(b.Lang, 100*x, 0))
}

// Agreement is a bloc's smoothed agreement with the counts behind it:
// "0.75 (8 of 10)".
func (b groundBase) Agreement(c consensus.Counts) string {
	return agreementText(b.layout, c)
}

func agreementText(l layout, c consensus.Counts) string {
	return l.T("ground.p_counts", "p", decimal(l.Lang, consensus.Smoothed(c), 2), "agree", c.Agree(), "seen", c.Seen())
}

// Breakdown spells the counts out by stance: "5 support, 3 can live
// with, 1 cannot accept, 1 pending".
func (b groundBase) Breakdown(c consensus.Counts) string { return breakdownText(b.layout, c) }

func breakdownText(l layout, c consensus.Counts) string {
	return l.T("ground.breakdown", "support", c.Support, "live_with", c.LiveWith, "object", c.Object, "pending", c.Pending)
}

// StanceName is a stance in the page's language.
func (b groundBase) StanceName(st ground.Stance) string { return b.T("ground.stance." + string(st)) }

// Stances are the stances a delegation may take, in the form's order.
func (b groundBase) Stances() []ground.Stance { return ground.Stances }

// StatusName is a proposition's status in the page's language.
func (b groundBase) StatusName(status string) string { return b.T("ground.status." + status) }

// PropText is a proposition's text in the page's language, when it has a
// translation into it, else its original.
func (b groundBase) PropText(p ground.Proposition) string { return p.In(string(b.Lang)) }

// PropLang is the BCP 47 tag of the text PropText shows.
func (b groundBase) PropLang(p ground.Proposition) string {
	for _, t := range p.Translations {
		if t.Language == string(b.Lang) {
			return b.LangTag(t.Language)
		}
	}
	return b.LangTag(p.Language)
}

// BlocName is a bloc's name in the page's language, else its code.
func (b groundBase) BlocName(x ground.Bloc) string { return blocName(b.Lang, x) }

func blocName(lang i18n.Lang, x ground.Bloc) string {
	if n := x.Names.In(string(lang)); n != "" {
		return n
	}
	return x.Code
}

// groundPath is the address of an edition's map.
func groundPath(editionID int64) string {
	return "/editions/" + strconv.FormatInt(editionID, 10) + "/ground"
}
