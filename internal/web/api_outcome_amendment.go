package web

import (
	"context"
	"net/http"

	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// Amendments through the API: delegations propose, the chair accepts,
// rejects or folds several into a compromise, the proposer withdraws.

// apiAmendments lists a document's amendments, oldest first; ?status=
// and ?paragraph= (a label) narrow the list.
func (s *Server) apiAmendments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	list, err := s.outcome.Amendments(r.Context(), stateOf(r).user, id, outcome.AmendmentFilter{Status: q.Get("status"), Paragraph: q.Get("paragraph")})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiAll(list))
}

// apiCompromiseIn is the chair's new wording of a paragraph that folds
// pending amendments into it: a replace, accepted at once.
type apiCompromiseIn struct {
	Paragraph   string  `json:"paragraph" required:"true"`
	Text        string  `json:"text"`
	Rationale   string  `json:"rationale,omitempty"`
	Folds       []int64 `json:"folds" required:"true"`
	TextVersion int     `json:"text_version,omitempty"`
}

func apiCompromise(o *outcome.Service, ctx context.Context, v outcome.Viewer, id int64, in apiCompromiseIn) (outcome.Amendment, error) {
	if len(in.Folds) == 0 {
		// Without folds it would be the chair's plain amendment, left
		// pending: POST amendments says that.
		return outcome.Amendment{}, errs.Field("folds", "required", "validation.required")
	}
	return o.ProposeAmendment(ctx, v, id, outcome.AmendmentInput{Kind: outcome.Replace, Paragraph: in.Paragraph, Text: in.Text,
		Rationale: in.Rationale, Folds: in.Folds, TextVersion: in.TextVersion})
}

// apiNoteIn is the chair's optional note on a decision.
type apiNoteIn struct {
	Note string `json:"note,omitempty"`
}

// apiAmendmentDecide runs the chair's decision on amendment {id} with
// the note of the body, which may be empty.
func (s *Server) apiAmendmentDecide(decide func(*outcome.Service, context.Context, outcome.Viewer, int64, string) (outcome.Amendment, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in apiNoteIn
		if r.ContentLength != 0 {
			if err := decodeJSON(w, r, &in); err != nil {
				return err
			}
		}
		a, err := decide(s.outcome, r.Context(), stateOf(r).user, id, in.Note)
		if err != nil {
			return apiOutcomeFailure(err)
		}
		return writeJSON(w, http.StatusOK, a)
	}
}

// apiAmendmentWithdraw is the proposer's withdrawal of a waiting
// amendment.
func (s *Server) apiAmendmentWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &apiNoBody{}); err != nil {
			return err
		}
	}
	a, err := s.outcome.WithdrawAmendment(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}
