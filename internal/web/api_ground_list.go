package web

import (
	"net/http"
	"slices"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/ground"
)

// An edition's propositions are paged in the database after the last id
// of the page before, as statements are after a cursor: a page costs the
// same however many propositions came before it.
const (
	propositionsDefaultPage = 100
	propositionsMaxPage     = 500
)

// apiPropositionList is a page of propositions; next is the value to pass as
// ?after= for the next page, null on the last.
type apiPropositionList struct {
	Items []ground.Proposition `json:"items"`
	Limit int                  `json:"limit"`
	Next  *string              `json:"next"`
}

// apiPropositionFilter reads ?status= (repeatable), ?limit= and ?after=.
func apiPropositionFilter(r *http.Request, editionID int64) (ground.PropositionFilter, error) {
	f := ground.PropositionFilter{EditionID: editionID}
	q := r.URL.Query()
	var err error
	if f.Limit, err = cursorLimit(q, propositionsDefaultPage, propositionsMaxPage); err != nil {
		return f, err
	}
	if f.After, err = afterID(q); err != nil {
		return f, err
	}
	for _, st := range q["status"] {
		if !slices.Contains([]string{ground.Submitted, ground.Published, ground.Withdrawn, ground.Merged}, st) {
			return f, errs.Field("status", "invalid_status", "ground.error.status")
		}
		f.Statuses = append(f.Statuses, st)
	}
	return f, nil
}

// apiPropositionPage is the answer for ps, read with one more than limit:
// the extra one, if there, says that a next page exists.
func apiPropositionPage(ps []ground.Proposition, limit int) apiPropositionList {
	out := apiPropositionList{Items: ps, Limit: limit}
	if len(ps) > limit {
		out.Items = ps[:limit]
		next := strconv.FormatInt(out.Items[limit-1].ID, 10)
		out.Next = &next
	}
	if out.Items == nil {
		out.Items = []ground.Proposition{}
	}
	return out
}
