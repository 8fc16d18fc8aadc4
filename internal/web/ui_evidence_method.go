package web

import (
	"math"
	"net/http"

	"roundtable/internal/evidence/yardstick"
)

// evidenceMethodPage explains every figure of the yardstick. The numbers
// it quotes (first year pooled, band width, percentile, fewest points,
// income lag) are read from the yardstick package, so the page and the
// code cannot drift apart.
type evidenceMethodPage struct {
	layout
	From      int    // first year pooled for the frontier
	Width     string // band width on the log scale, written in the reader's language
	Factor    int    // how far apart, in percent, the incomes of a band's edges are
	MinPoints int
	Upper     int // the percentile taken when higher is better
	Lower     int // ... when lower is better
	Lag       int // years an income may be older than the value
}

func (s *Server) evidenceMethodPage(w http.ResponseWriter, r *http.Request) error {
	p := evidenceMethodPage{
		layout:    s.layout(w, r, "evidence_method.title", "evidence"),
		From:      yardstick.DefaultFrom,
		Factor:    int(math.Round(100 * (math.Exp(yardstick.DefaultBandWidth) - 1))),
		MinPoints: yardstick.DefaultMinPoints,
		Upper:     int(math.Round(100 * yardstick.DefaultQuantile)),
		Lower:     int(math.Round(100 * (1 - yardstick.DefaultQuantile))),
		Lag:       yardstick.IncomeLag,
	}
	p.Width = decimal(p.Lang, yardstick.DefaultBandWidth, 2)
	return s.render(w, http.StatusOK, "evidence_method.html", p)
}
