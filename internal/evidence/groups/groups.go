// Package groups computes figures for the groups of countries the forum
// speaks of — CELAC, its sub-regions, China with CELAC, the world — from the
// panels of package evidence. It stores nothing: membership comes from the
// country reference list and UN M49 regions, values from one series.
package groups

import (
	"context"
	"slices"

	"golang.org/x/text/language"

	"roundtable/internal/country"
	"roundtable/internal/evidence"
	"roundtable/internal/store"
)

// Group codes.
const (
	CELAC          = "CELAC"
	SouthAmerica   = "CELAC-SAM" // CELAC members in UN M49 005
	CentralAmerica = "CELAC-CAM" // CELAC members in UN M49 013 (Mexico included)
	Caribbean      = "CELAC-CAR" // CELAC members in UN M49 029
	ChinaCELAC     = "CHN-CELAC"
	World          = "WLD"
)

// China is the World Bank's economy "China": the mainland, without Hong
// Kong SAR, Macao SAR or Taiwan, which the source lists apart (Taiwan not
// at all).
const China = "CHN"

// Group is a set of areas the forum reports figures for.
type Group struct {
	Code  string            `json:"code"`
	Names map[string]string `json:"names"`
	// M49 is the UN M49 region whose CELAC members make up a sub-region.
	M49 string `json:"m49,omitempty"`
	// Members are the economies (alpha-3, sorted) whose values make the
	// group's figure. Empty when SourceArea stands for the group.
	Members []string `json:"members,omitempty"`
	// SourceArea is the source's own aggregate used as the group's figure
	// (the world: WLD, as the source computed it), never recomputed here.
	SourceArea string `json:"source_area,omitempty"`
}

// Name returns the group's name in lang, falling back to English.
func (g Group) Name(lang string) string {
	if n := g.Names[lang]; n != "" {
		return n
	}
	return g.Names["en"]
}

// Areas are the area codes whose values add up to the group: its members,
// or its source area.
func (g Group) Areas() []string {
	if g.SourceArea != "" {
		return []string{g.SourceArea}
	}
	return g.Members
}

// List is the groups in the order pages show them.
type List []Group

// Get returns the group with code.
func (l List) Get(code string) (Group, bool) {
	i := slices.IndexFunc(l, func(g Group) bool { return g.Code == code })
	if i < 0 {
		return Group{}, false
	}
	return l[i], true
}

// Load builds the groups from the reference list of countries: CELAC's
// members are the countries of group CELAC.
func Load(ctx context.Context, q store.Querier) (List, error) {
	cs, err := country.List(ctx, q, country.Filter{Group: "CELAC"}, "en")
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(cs))
	for i, c := range cs {
		codes[i] = c.ISO3
	}
	return Build(codes), nil
}

// Build makes the groups from CELAC's members (alpha-3 codes). Sub-regions
// follow UN M49 as golang.org/x/text/language knows it: a member belongs to
// 005 South America, 013 Central America (which includes Mexico) or 029 the
// Caribbean.
func Build(celac []string) List {
	celac = slices.Clone(celac)
	slices.Sort(celac)
	in := func(m49 string) []string {
		reg := language.MustParseRegion(m49)
		var out []string
		for _, c := range celac {
			if r, err := language.ParseRegion(c); err == nil && reg.Contains(r) {
				out = append(out, c)
			}
		}
		return out
	}
	withChina := append(slices.Clone(celac), China)
	slices.Sort(withChina)
	return List{
		{Code: CELAC, Names: names[CELAC], Members: celac},
		{Code: SouthAmerica, Names: names[SouthAmerica], M49: "005", Members: in("005")},
		{Code: CentralAmerica, Names: names[CentralAmerica], M49: "013", Members: in("013")},
		{Code: Caribbean, Names: names[Caribbean], M49: "029", Members: in("029")},
		{Code: ChinaCELAC, Names: names[ChinaCELAC], Members: withChina},
		{Code: World, Names: names[World], SourceArea: "WLD"},
	}
}

// names of the groups in the five working languages.
var names = map[string]map[string]string{
	CELAC: {"en": "CELAC (33 states)", "es": "CELAC (33 Estados)", "pt": "CELAC (33 Estados)",
		"zh": "拉共体（33国）", "fr": "CELAC (33 États)"},
	SouthAmerica: {"en": "CELAC: South America", "es": "CELAC: América del Sur", "pt": "CELAC: América do Sul",
		"zh": "拉共体：南美洲", "fr": "CELAC\u00a0: Amérique du Sud"},
	CentralAmerica: {"en": "CELAC: Central America (with Mexico)", "es": "CELAC: Centroamérica (con México)",
		"pt": "CELAC: América Central (com o México)", "zh": "拉共体：中美洲（含墨西哥）",
		"fr": "CELAC\u00a0: Amérique centrale (avec le Mexique)"},
	Caribbean: {"en": "CELAC: Caribbean", "es": "CELAC: Caribe", "pt": "CELAC: Caribe",
		"zh": "拉共体：加勒比", "fr": "CELAC\u00a0: Caraïbes"},
	ChinaCELAC: {"en": "China + CELAC", "es": "China + CELAC", "pt": "China + CELAC",
		"zh": "中国 + 拉共体", "fr": "Chine + CELAC"},
	World: {"en": "World (the source's own total)", "es": "Mundo (total de la propia fuente)",
		"pt": "Mundo (total da própria fonte)", "zh": "世界（来源自身的总计）", "fr": "Monde (total de la source elle-même)"},
}

// Members returns the areas whose values add up to a group (the world: the
// source's WLD); ok is false when code names no group. With Additive and
// Figure it lets a claim check name groups (evidence.Grouping).
func (l List) Members(code string) ([]string, bool) {
	g, ok := l.Get(code)
	if !ok {
		return nil, false
	}
	return g.Areas(), true
}

// Additive reports whether an indicator's values add up across areas.
func (l List) Additive(indicator string) bool { return RuleFor(indicator) == Sum }

// Figure is a group's value in a year (0: the latest shown) by the
// indicator's rule, with its coverage; weighted is true when population
// weighed it.
func (l List) Figure(code string, values, population *evidence.Panel, year int) (value float64, at int, coverage float64, weighted, ok bool) {
	g, found := l.Get(code)
	if !found {
		return 0, 0, 0, false, false
	}
	rule := RuleFor(values.Series.Indicator)
	res := Aggregate(values, population, g, rule)
	var y Year
	if year == 0 {
		y, ok = res.Latest()
	} else {
		y, ok = res.At(year)
	}
	return y.Value, y.Year, y.Coverage, ok && rule == PopulationWeightedMean && g.SourceArea == "", ok
}

var _ evidence.Grouping = List{}
