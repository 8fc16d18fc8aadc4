package web

import (
	"html/template"
	"roundtable/internal/country"
	"roundtable/internal/evidence"
)

// indicatorCharts draws an indicator's pictures for the participants: the
// map of the latest values, the ranked dots and the slope between two
// years. A chart whose kind the chart package lacks is left out.
func indicatorCharts(b evidenceBase, v indicatorView) (mapSVG, dots, slope template.HTML) {
	return "", "", ""
}

// profileChart draws one indicator of a profile: the country against its
// peers and groups over the window.
func profileChart(b evidenceBase, c country.Country, row profileRow) template.HTML {
	return ""
}

// profileFigures are the same-yardstick figures of an area in a panel.
func profileFigures(b evidenceBase, in evidence.Indicator, p *evidence.Panel, area string, from, to int) []profileFigure {
	return nil
}
