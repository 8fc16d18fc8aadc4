package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/commitment"
	"roundtable/internal/errs"
)

// The API of progress reports, their validation and civil society's
// comments.

func (s *Server) apiReports(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := paging(r)
	if err != nil {
		return err
	}
	ctx, u := r.Context(), stateOf(r).user
	if _, err := s.commitments.Get(ctx, u, id); err != nil {
		return err
	}
	reports, err := s.commitments.Reports(ctx, u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, window(reports, p))
}

func (s *Server) apiReportCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in commitment.ReportInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rep, err := s.commitments.FileReport(r.Context(), stateOf(r).user, id, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/reports/"+strconv.FormatInt(rep.ID, 10))
	return writeJSON(w, http.StatusCreated, rep)
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rep, err := s.commitments.Report(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

// apiReportUpdate changes a draft or returned report: the fields the body
// names, the others as saved (evidence named replaces the saved list).
func (s *Server) apiReportUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, u := r.Context(), stateOf(r).user
	rep, err := s.commitments.Report(ctx, u, id)
	if err != nil {
		return err
	}
	in := commitment.ReportInput{Country: rep.Country, ReportedOn: rep.ReportedOn, Status: rep.Status, Narrative: rep.Narrative, Language: rep.Language}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Evidence == nil {
		in.Evidence = rep.Evidence
	}
	rep, err = s.commitments.UpdateReport(ctx, u, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

func (s *Server) apiReportSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rep, err := s.commitments.SubmitReport(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

// apiReportValidate publishes a report ({"decision": "approve"}) or
// returns it to its delegation ({"decision": "return", "note": …}).
func (s *Server) apiReportValidate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var d apiDecision
	if err := decodeJSON(w, r, &d); err != nil {
		return err
	}
	approve, err := d.decided("approve", "return")
	if err != nil {
		return err
	}
	rep, err := s.commitments.Validate(r.Context(), stateOf(r).user, id, approve, d.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

// apiValidationQueue lists the reports waiting for the caller's
// approval: a validator's state's, or all for the secretariat.
func (s *Server) apiValidationQueue(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user
	if u == nil {
		return errs.ErrUnauthenticated
	}
	if !cmValidates(u) {
		return errs.ErrForbidden
	}
	p, err := paging(r)
	if err != nil {
		return err
	}
	reports, err := s.commitments.AwaitingValidation(r.Context(), u)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, window(reports, p))
}

func (s *Server) apiComments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := paging(r)
	if err != nil {
		return err
	}
	cs, err := s.commitments.Comments(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, window(cs, p))
}

// apiCommentInput is civil society's comment.
type apiCommentInput struct {
	Language string `json:"language" required:"true"`
	Body     string `json:"body" required:"true"`
}

func (s *Server) apiCommentAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in apiCommentInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.commitments.AddComment(r.Context(), stateOf(r).user, id, in.Language, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiPendingComments(w http.ResponseWriter, r *http.Request) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	cs, err := s.commitments.PendingComments(r.Context(), stateOf(r).user)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, window(cs, p))
}

// apiCommentModerate approves ({"decision": "approve"}) or rejects a
// comment.
func (s *Server) apiCommentModerate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var d apiDecision
	if err := decodeJSON(w, r, &d); err != nil {
		return err
	}
	approve, err := d.decided("approve", "reject")
	if err != nil {
		return err
	}
	c, err := s.commitments.Moderate(r.Context(), stateOf(r).user, id, approve)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
