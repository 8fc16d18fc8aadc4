package web

import (
	"bytes"
	"html/template"
	"net/http"

	"roundtable/internal/chart"
	"roundtable/internal/errs"
)

// An indicator's charts on their own: each as a complete .svg file with
// its source, release and licence drawn under it, and the map as a minimal
// page for an <iframe>.

// indicatorChart draws one of an indicator's charts by name.
func indicatorChart(b evidenceBase, v indicatorView, name string) template.HTML {
	switch name {
	case "map":
		return indicatorMap(b, v).SVG()
	case "dots":
		return indicatorDots(b, v).SVG()
	default:
		return indicatorSlope(b, v).SVG()
	}
}

// evidenceChartSVG serves the chart name of an indicator as an SVG file.
func (s *Server) evidenceChartSVG(name string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		lang := stateOf(r).lang
		v, err := s.indicatorView(ctx, r, r.PathValue("code"), lang)
		if err != nil {
			return err
		}
		b, err := s.evidenceBase(ctx, w, r, "evidence.indicator_title")
		if err != nil {
			return err
		}
		body := chart.Standalone(indicatorChart(b, v, name), b.Provenance(v.Series))
		w.Header().Set("Content-Disposition", `inline; filename="`+downloadName(v.Indicator.Code+"-"+name, "svg")+`"`)
		w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, err = w.Write(body)
		return err
	}
}

type evidenceEmbedPage struct {
	evidenceBase
	indicatorView
	Chart template.HTML
	// Page is the indicator's page on this site, for the reader who
	// wants the table and the other charts.
	Page string
}

// evidenceEmbed is the map alone, with its caption and a link to its page:
// a page made to be shown in an <iframe> on another site.
func (s *Server) evidenceEmbed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := stateOf(r).lang
	v, err := s.indicatorView(ctx, r, r.PathValue("code"), lang)
	if err != nil {
		return err
	}
	b, err := s.evidenceBase(ctx, w, r, "evidence.indicator_title")
	if err != nil {
		return err
	}
	p := evidenceEmbedPage{evidenceBase: b, indicatorView: v, Chart: indicatorMap(b, v).SVG(),
		Page: "/evidence/indicators/" + v.Indicator.Code + "?" + v.query().Encode()}
	t, ok := s.pages.pages["evidence_embed.html"]
	if !ok {
		return errs.Wrap(errs.ErrNotFound, "no embed template")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "embed", p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}
