package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/evidence"
)

// The evidence downloads: each table a page shows, as CSV and as JSON,
// with the series' source, release and licence on every row, so a figure
// taken out of the site keeps its provenance.

// rawValue writes a value as the file holds it: every digit, a point, never
// an exponent (a population of 1406585000, not 1.406585e+09).
func rawValue(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// downloadName is a file name for a download: the indicator's or
// country's code, lower case, with the extension.
func downloadName(code, ext string) string {
	return "roundtable-" + strings.ToLower(strings.ReplaceAll(code, ".", "-")) + "." + ext
}

// indicatorValue is one row of an indicator's table in JSON.
type indicatorValue struct {
	ISO3  string  `json:"iso3"`
	Name  string  `json:"name"`
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// indicatorTable is an indicator's table in JSON: the participants' latest
// values in one series.
type indicatorTable struct {
	Indicator string           `json:"indicator"`
	Name      string           `json:"name"`
	Unit      string           `json:"unit,omitempty"`
	Series    evidence.Series  `json:"series"`
	Values    []indicatorValue `json:"values"`
	// NoData are the participants without a value in this series.
	NoData []string `json:"no_data"`
}

func indicatorJSON(w http.ResponseWriter, b evidenceBase, v indicatorView) error {
	t := indicatorTable{Indicator: v.Indicator.Code, Name: b.IndicatorName(v.Indicator), Unit: b.Unit(v.Indicator),
		Series: v.Series, Values: []indicatorValue{}, NoData: []string{}}
	for _, r := range v.Rows {
		if !r.Has {
			t.NoData = append(t.NoData, r.Country.ISO3)
			continue
		}
		t.Values = append(t.Values, indicatorValue{r.Country.ISO3, b.Name(r.Country.Names), r.Latest.Year, r.Latest.Value})
	}
	body, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	return attachment(w, "application/json; charset=utf-8", downloadName(v.Indicator.Code, "json"), append(body, '\n'))
}

// provenanceHeader and provenanceCells end every CSV row: where the value
// comes from.
var provenanceHeader = []string{"source", "vintage", "licence", "series_id"}

func provenanceCells(se evidence.Series) []string {
	return []string{se.Source, se.Vintage, se.Licence, strconv.FormatInt(se.ID, 10)}
}

func indicatorCSV(w http.ResponseWriter, b evidenceBase, v indicatorView) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write(append([]string{"iso3", "name", "indicator", "year", "value"}, provenanceHeader...))
	for _, r := range v.Rows {
		if !r.Has {
			continue
		}
		cw.Write(append([]string{r.Country.ISO3, b.Name(r.Country.Names), v.Indicator.Code,
			strconv.Itoa(r.Latest.Year), rawValue(r.Latest.Value)}, provenanceCells(v.Series)...))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return attachment(w, "text/csv; charset=utf-8; header=present", downloadName(v.Indicator.Code, "csv"), buf.Bytes())
}

// profileValue is one indicator of a profile in JSON.
type profileValue struct {
	Indicator string          `json:"indicator"`
	Name      string          `json:"name"`
	Unit      string          `json:"unit,omitempty"`
	Series    evidence.Series `json:"series"`
	// Latest is absent when the country has no value in the series.
	Latest *evidence.Point `json:"latest,omitempty"`
}

type profileTable struct {
	ISO3       string         `json:"iso3"`
	Name       string         `json:"name"`
	From       int            `json:"from"`
	To         int            `json:"to,omitempty"`
	Indicators []profileValue `json:"indicators"`
}

func profileJSON(w http.ResponseWriter, p evidenceCountryPage) error {
	t := profileTable{ISO3: p.Country.ISO3, Name: p.Name(p.Country.Names), From: p.From, To: p.To, Indicators: []profileValue{}}
	for _, r := range p.Rows {
		v := profileValue{Indicator: r.Indicator.Code, Name: p.IndicatorName(r.Indicator), Unit: p.Unit(r.Indicator), Series: r.Series}
		if r.Has {
			pt := r.Latest
			v.Latest = &pt
		}
		t.Indicators = append(t.Indicators, v)
	}
	body, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	return attachment(w, "application/json; charset=utf-8", downloadName(p.Country.ISO3, "json"), append(body, '\n'))
}

func profileCSV(w http.ResponseWriter, p evidenceCountryPage) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write(append([]string{"iso3", "indicator", "name", "year", "value"}, provenanceHeader...))
	for _, r := range p.Rows {
		if !r.Has {
			continue
		}
		cw.Write(append([]string{p.Country.ISO3, r.Indicator.Code, p.IndicatorName(r.Indicator),
			strconv.Itoa(r.Latest.Year), rawValue(r.Latest.Value)}, provenanceCells(r.Series)...))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return attachment(w, "text/csv; charset=utf-8; header=present", downloadName(p.Country.ISO3, "csv"), buf.Bytes())
}
