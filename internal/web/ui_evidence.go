package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"roundtable/internal/authz"
	"roundtable/internal/country"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/i18n"
)

// evidenceBase is what every evidence page knows: the reader's language and
// the areas' names. Its methods format numbers and provenance the same way
// on every page, so a figure reads alike wherever it is shown.
type evidenceBase struct {
	layout
	areas map[string]evidence.Area
}

func (s *Server) evidenceBase(ctx context.Context, w http.ResponseWriter, r *http.Request, titleKey string) (evidenceBase, error) {
	b := evidenceBase{layout: s.layout(w, r, titleKey, "evidence")}
	areas, err := s.evidence.Areas(ctx)
	if err != nil {
		return b, err
	}
	b.areas = make(map[string]evidence.Area, len(areas))
	for _, a := range areas {
		b.areas[a.Code] = a
	}
	return b, nil
}

// IndicatorName is an indicator's name in the reader's language.
func (b evidenceBase) IndicatorName(in evidence.Indicator) string {
	return evidence.Name(in.Names, in.Code, string(b.Lang))
}

// Unit is an indicator's unit in the reader's language ("" when none).
func (b evidenceBase) Unit(in evidence.Indicator) string {
	if u := in.Units[string(b.Lang)]; u != "" {
		return u
	}
	return in.Units["en"]
}

// AreaName names an economy or aggregate in the reader's language.
func (b evidenceBase) AreaName(code string) string {
	if a, ok := b.areas[code]; ok {
		return evidence.Name(a.Names, code, string(b.Lang))
	}
	return code
}

// Value formats a value with the indicator's decimals, in the reader's way.
func (b evidenceBase) Value(in evidence.Indicator, v float64) string {
	return decimal(b.Lang, v, max(in.Decimals, 0))
}

// Dec formats a number with places decimals.
func (b evidenceBase) Dec(x float64, places int) string { return decimal(b.Lang, x, places) }

// Licence spells a licence code as people write it ("CC BY 4.0").
func (b evidenceBase) Licence(code string) string {
	if code == "" {
		return b.T("evidence.licence_unknown")
	}
	return strings.ReplaceAll(code, "-", " ")
}

// Provenance is the line under every chart and table: the series' source,
// release and licence.
func (b evidenceBase) Provenance(se evidence.Series) string {
	return b.T("evidence.provenance", "source", se.Source, "vintage", se.Vintage, "licence", b.Licence(se.Licence))
}

// TopicName names a topic of the catalogue.
func (b evidenceBase) TopicName(topic string) string {
	if topic == "" {
		return b.T("evidence.topic_other")
	}
	if key := "evidence.topic." + topic; b.catalog.Has(b.Lang, key) || b.catalog.Has(i18n.En, key) {
		return b.T(key)
	}
	return topic
}

// readParticipants reads the forum's countries, China and the CELAC
// states, sorted by name in lang.
func (s *Server) readParticipants(ctx context.Context, lang string) ([]country.Country, error) {
	cs, err := country.List(ctx, s.db.Reader(), country.Filter{Group: "CELAC"}, lang)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(cs, func(c country.Country) bool { return c.ISO3 == "CHN" }) {
		if chn, err := country.Get(ctx, s.db.Reader(), "CHN"); err == nil {
			cs = append(cs, chn)
		} else if !errs.Is(err, errs.NotFound) {
			return nil, err
		}
	}
	country.SortByName(cs, lang)
	return cs, nil
}

// catalogueRow is an indicator as the catalogue lists it: every series it
// has, with their sources, releases and years.
type catalogueRow struct {
	Indicator evidence.Indicator
	Series    []evidence.Series
	FirstYear int
	LastYear  int
	Concepts  []conceptLink
}

type catalogueTopic struct {
	Topic string
	Rows  []catalogueRow
}

type evidenceCataloguePage struct {
	evidenceBase
	Topics       []catalogueTopic
	Participants []country.Country
	// MapIndicator is the indicator whose map the catalogue points to.
	MapIndicator string
	// MayImport: the reader may import indicator files (the policy's
	// ImportEvidence), so the catalogue links the import page.
	MayImport bool
}

// mapIndicator is the indicator the catalogue's map link opens: life
// expectancy, which every participant reports.
const mapIndicator = "SP.DYN.LE00.IN"

func (s *Server) evidenceCatalogue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	b, err := s.evidenceBase(ctx, w, r, "evidence.title")
	if err != nil {
		return err
	}
	v := stateOf(r).user
	p := evidenceCataloguePage{evidenceBase: b, MayImport: v != nil && authz.Allowed(v.Role, authz.ImportEvidence)}
	inds, err := s.evidence.Indicators(ctx)
	if err != nil {
		return err
	}
	series, err := s.evidence.Series(ctx, "")
	if err != nil {
		return err
	}
	byCode := map[string][]evidence.Series{}
	for _, se := range series {
		byCode[se.Indicator] = append(byCode[se.Indicator], se)
	}
	topics := map[string]*catalogueTopic{}
	var order []string
	for _, in := range inds {
		row := catalogueRow{Indicator: in, Series: byCode[in.Code]}
		for _, se := range row.Series {
			if se.Observations == 0 {
				continue
			}
			if row.FirstYear == 0 || se.FirstYear < row.FirstYear {
				row.FirstYear = se.FirstYear
			}
			row.LastYear = max(row.LastYear, se.LastYear)
		}
		for _, c := range in.Concepts {
			row.Concepts = append(row.Concepts, conceptLink{c, s.conceptLabel(c, string(p.Lang))})
		}
		if in.Code == mapIndicator {
			p.MapIndicator = in.Code
		}
		t := topics[in.Topic]
		if t == nil {
			t = &catalogueTopic{Topic: in.Topic}
			topics[in.Topic] = t
			order = append(order, in.Topic)
		}
		t.Rows = append(t.Rows, row)
	}
	cmp := i18n.Compare(p.Lang)
	slices.SortFunc(order, func(a, b string) int {
		if (a == "") != (b == "") { // the unfiled last
			if a == "" {
				return 1
			}
			return -1
		}
		return cmp(p.TopicName(a), p.TopicName(b))
	})
	for _, t := range order {
		rows := topics[t].Rows
		slices.SortStableFunc(rows, func(x, y catalogueRow) int { return cmp(p.IndicatorName(x.Indicator), p.IndicatorName(y.Indicator)) })
		p.Topics = append(p.Topics, *topics[t])
	}
	if p.Participants, err = s.participants(ctx, string(p.Lang)); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "evidence.html", p)
}

// yearParam reads a year from the query: absent is 0; anything but a year
// within the data's years is refused with the field named.
func yearParam(r *http.Request, name string, first, last int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < first || y > last {
		return 0, errs.Field(name, "evidence_bad_year", "evidence.error.year", "first", first, "last", last)
	}
	return y, nil
}
