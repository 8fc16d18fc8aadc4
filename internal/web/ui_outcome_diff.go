package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// outcomeDiffPage compares any two revisions of a document word by word
// (character by character in Chinese), paragraph by paragraph.
type outcomeDiffPage struct {
	outcomeBase
	Revisions  []outcome.Revision
	From, To   int
	Comparison *outcome.Comparison
	Paragraphs []revisionPara
	Prov       provenance
	Legend     []int64
}

// Percent formats a share (0..1) as a whole percentage.
func (p outcomeDiffPage) Percent(x float64) string { return percentText(p.layout, x) }

// queryRevision reads a revision number from the query: absent is def;
// anything but a number ≥ 0 is a damaged link.
func queryRevision(r *http.Request, name string, def int) (int, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errs.Field(name, "invalid_number", "error.invalid")
	}
	return n, nil
}

func (s *Server) outcomeDiff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, ctx := stateOf(r).user, r.Context()
	b, err := s.outcomeBase(w, r, id, tabRevisions, "outcome.diff_title")
	if err != nil {
		return err
	}
	p := outcomeDiffPage{outcomeBase: b}
	all, err := s.outcome.Revisions(ctx, v, id)
	if err != nil {
		return err
	}
	for _, x := range all {
		if b.InRoom || (b.Document.AdoptedNumber != nil && *b.Document.AdoptedNumber == x.Number) {
			p.Revisions = append(p.Revisions, x)
		}
	}
	if len(p.Revisions) == 0 {
		return s.render(w, http.StatusOK, "outcome_diff.html", p)
	}
	// By default the latest revision against the one before it.
	last := p.Revisions[len(p.Revisions)-1].Number
	if p.From, err = queryRevision(r, "from", max(last-1, 0)); err != nil {
		return err
	}
	if p.To, err = queryRevision(r, "to", last); err != nil {
		return err
	}
	c, err := s.outcome.Compare(ctx, v, id, p.From, p.To)
	if err != nil {
		return err
	}
	p.Comparison = &c
	if p.Prov, _, err = s.provenanceOf(ctx, v, b); err != nil {
		return err
	}
	var marks [][]textMark
	for _, d := range c.Paragraphs {
		x := revisionPara{Label: d.Label, Kind: d.Kind, Change: d.Change, Status: d.Status, StatusFrom: d.StatusFrom,
			Marks: markOps(d.Ops, d.Trace, p.Prov.Shown())}
		p.Paragraphs = append(p.Paragraphs, x)
		marks = append(marks, x.Marks)
	}
	p.Legend = legend(marks...)
	return s.render(w, http.StatusOK, "outcome_diff.html", p)
}
