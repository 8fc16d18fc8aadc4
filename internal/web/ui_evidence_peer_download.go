package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/chart"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/peers"
)

// The peer-learning table as a download: every observation of the country
// and its peers over the window, each row with the series' source, release
// and licence, so a figure taken out of the site keeps its provenance.

// peersFile is the JSON download: the suggestions with their reasons (codes
// and figures as computed, and as worded in the reader's language) and the
// values the chart and table show.
type peersFile struct {
	Country   string            `json:"country"`
	Indicator string            `json:"indicator"`
	Name      string            `json:"name"`
	Unit      string            `json:"unit,omitempty"`
	Series    *evidence.Series  `json:"series,omitempty"`
	From      int               `json:"from,omitempty"`
	To        int               `json:"to,omitempty"`
	Notice    string            `json:"notice,omitempty"`
	Own       *peersFileArea    `json:"own,omitempty"`
	Peers     []peersFileArea   `json:"peers"`
	Values    []peersFileValue  `json:"values"`
	Rule      map[string]string `json:"rule"`
	// NotCompared is how many economies lack data at an end of the window.
	NotCompared int `json:"not_compared"`
}

type peersFileArea struct {
	ISO3    string         `json:"iso3"`
	Name    string         `json:"name"`
	Region  string         `json:"region,omitempty"`
	Start   evidence.Point `json:"start"`
	End     evidence.Point `json:"end"`
	PerYear float64        `json:"improvement_per_year"`
	Reasons []peersReason  `json:"reasons,omitempty"`
}

type peersReason struct {
	peers.Reason
	Text string `json:"text"`
}

type peersFileValue struct {
	ISO3  string  `json:"iso3"`
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

func peersJSON(w http.ResponseWriter, p peersPage) error {
	f := peersFile{Country: p.Country.Code, Indicator: p.Indicator.Code, Name: p.IndicatorName(), Unit: p.Unit(),
		From: p.From, To: p.To, Notice: p.Notice, Peers: []peersFileArea{}, Values: []peersFileValue{}, NotCompared: p.NotFound,
		Rule: map[string]string{
			"start_band": strconv.FormatFloat(peers.StartBand, 'g', -1, 64), "income_band": strconv.FormatFloat(peers.IncomeBand, 'g', -1, 64),
			"population_band": strconv.FormatFloat(peers.PopulationBand, 'g', -1, 64), "income_indicator": peerIncomeCode,
			"population_indicator": peerPopulationCode, "ranking": "change per year in the indicator's good direction",
		}}
	if p.Series.ID != 0 {
		se := p.Series
		f.Series = &se
	}
	if p.Own.Has {
		f.Own = &peersFileArea{ISO3: p.Country.Code, Name: p.Own.Name, Region: p.Country.Region, Start: p.Own.Start, End: p.Own.End, PerYear: p.Own.Suggestion.PerYear}
	}
	for _, row := range p.Peers {
		a := peersFileArea{ISO3: row.Area.Code, Name: row.Name, Region: row.Area.Region, Start: row.Start, End: row.End, PerYear: row.Suggestion.PerYear}
		for i, rs := range row.Suggestion.Reasons {
			a.Reasons = append(a.Reasons, peersReason{rs, row.Reasons[i]})
		}
		f.Peers = append(f.Peers, a)
	}
	for _, v := range peerValues(p) {
		f.Values = append(f.Values, peersFileValue{v.iso3, v.year, v.value})
	}
	body, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return attachment(w, "application/json; charset=utf-8", peersFileName(p, "json"), append(body, '\n'))
}

func peersCSV(w http.ResponseWriter, p peersPage) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"iso3", "name", "role", "rank", "indicator", "year", "value", "source", "vintage", "licence", "series_id"})
	prov := []string{p.Series.Source, p.Series.Vintage, p.Series.Licence, strconv.FormatInt(p.Series.ID, 10)}
	for _, v := range peerValues(p) {
		cw.Write(append([]string{v.iso3, v.name, v.role, v.rank, p.Indicator.Code, strconv.Itoa(v.year),
			strconv.FormatFloat(v.value, 'g', -1, 64)}, prov...))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return attachment(w, "text/csv; charset=utf-8", peersFileName(p, "csv"), buf.Bytes())
}

type peerValue struct {
	iso3, name, role, rank string
	year                   int
	value                  float64
}

// peerValues are the table's observations: the country's, then each
// peer's in rank order, year by year within the window.
func peerValues(p peersPage) []peerValue { return p.raw }

// peersSVG is the chart as a file, its source, release and licence drawn
// under it.
func peersSVG(w http.ResponseWriter, p peersPage) error {
	caption := p.T("evidence_peers.provenance", "source", p.Series.Source, "vintage", p.Series.Vintage, "licence", p.Series.Licence)
	return attachment(w, "image/svg+xml; charset=utf-8", peersFileName(p, "svg"), chart.Standalone(p.Chart, caption))
}

func peersFileName(p peersPage, ext string) string {
	code := strings.ToLower(strings.ReplaceAll(p.Indicator.Code, ".", "-"))
	return "roundtable-peers-" + strings.ToLower(p.Country.Code) + "-" + code + "-" + strconv.Itoa(p.From) + "-" + strconv.Itoa(p.To) + "." + ext
}
