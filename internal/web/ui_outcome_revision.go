package web

import (
	"fmt"
	"net/http"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// outcomeRevisionPage is one revision of a document: clean, or marked up
// against the revision before it (words inserted and deleted, statuses
// changed), every word telling where it came from; the list of the
// document's revisions and the downloads of this one.
type outcomeRevisionPage struct {
	outcomeBase
	Revisions []outcome.Revision
	Rev       outcome.Revision
	Markup    bool
	// Before is the revision the markup compares with (nil for the clean
	// text and for the zero draft).
	Before     *outcome.Revision
	Paragraphs []revisionPara
	Prov       provenance
	Legend     []int64
}

// revisionPara is a paragraph of a revision as the page draws it.
type revisionPara struct {
	Label, Kind string
	// Change is same, changed, added or removed (markup only).
	Change             string
	Status, StatusFrom string
	Marks              []textMark
}

// StatusMoved: the markup shows a status change.
func (p revisionPara) StatusMoved() bool {
	return p.StatusFrom != "" && p.Status != "" && p.StatusFrom != p.Status
}

// Percent formats a share (0..1) as a whole percentage.
func (p outcomeRevisionPage) Percent(x float64) string { return percentText(p.layout, x) }

// RevURL is the address of revision n of the document.
func (p outcomeRevisionPage) RevURL(n int) string {
	return p.DocURL() + "/revisions/" + strconv.Itoa(n)
}

// Download is the address of one of the revision's downloads (the
// exports serve them).
func (p outcomeRevisionPage) Download(file string, markup bool) string {
	u := fmt.Sprintf("%s/%s?rev=%d", p.DocURL(), file, p.Rev.Number)
	if markup {
		u += "&markup=1"
	}
	return u
}

// revisionNumber reads the {n} of a revision's address: a number, or
// "latest" (-1).
func revisionNumber(r *http.Request) (int, error) {
	s := r.PathValue("n")
	if s == "latest" {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errs.ErrNotFound
	}
	return n, nil
}

func (s *Server) outcomeRevision(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := revisionNumber(r)
	if err != nil {
		return err
	}
	v, ctx := stateOf(r).user, r.Context()
	b, err := s.outcomeBase(w, r, id, tabRevisions, "outcome.revision_title")
	if err != nil {
		return err
	}
	p := outcomeRevisionPage{outcomeBase: b, Markup: r.URL.Query().Get("markup") == "1"}
	rev, err := s.outcome.Revision(ctx, v, id, n)
	if err != nil {
		if errs.As(err).Code == "no_revision" {
			return errs.ErrNotFound // nothing issued yet: no such page
		}
		return err
	}
	p.Rev = rev
	all, err := s.outcome.Revisions(ctx, v, id)
	if err != nil {
		return err
	}
	// Outside the room only the adopted revision opens; list only it.
	for _, x := range all {
		if b.InRoom || (b.Document.AdoptedNumber != nil && *b.Document.AdoptedNumber == x.Number) {
			p.Revisions = append(p.Revisions, x)
		}
	}
	if p.Prov, _, err = s.provenanceOf(ctx, v, b); err != nil {
		return err
	}
	traced := p.Prov.Shown()
	if p.Markup && b.InRoom {
		c, err := s.outcome.Markup(ctx, v, id, rev.Number)
		if err != nil {
			return err
		}
		if rev.Number > 0 {
			p.Before = &c.From
		}
		for _, d := range c.Paragraphs {
			p.Paragraphs = append(p.Paragraphs, revisionPara{Label: d.Label, Kind: d.Kind, Change: d.Change,
				Status: d.Status, StatusFrom: d.StatusFrom, Marks: markOps(d.Ops, d.Trace, traced)})
		}
	} else {
		p.Markup = false // outside the room there is no earlier revision to mark against
		for _, x := range rev.Paragraphs {
			p.Paragraphs = append(p.Paragraphs, revisionPara{Label: x.Label, Kind: x.Kind, Status: x.Status,
				Marks: markText(x.Text, x.Trace, traced)})
		}
	}
	var marks [][]textMark
	for _, x := range p.Paragraphs {
		marks = append(marks, x.Marks)
	}
	p.Legend = legend(marks...)
	return s.render(w, http.StatusOK, "outcome_revision.html", p)
}
