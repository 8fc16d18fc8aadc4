package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/commitment"
	"roundtable/internal/errs"
)

// The API of one commitment: the same service calls and input types as
// the pages (the tracker's list is another file's).

func (s *Server) apiCommitmentCreate(w http.ResponseWriter, r *http.Request) error {
	var in commitment.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.commitments.Create(r.Context(), stateOf(r).user, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/commitments/"+strconv.FormatInt(c.ID, 10))
	return writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiCommitment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.commitments.Get(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// inputOf is a commitment as the input that would record it again, so a
// PATCH changes only the fields it names.
func inputOf(c commitment.Commitment) commitment.Input {
	return commitment.Input{EditionID: c.EditionID, Title: c.Title, Text: c.Text, Language: c.Language, Level: c.Level,
		StartsOn: c.StartsOn, DueOn: c.DueOn, ReportEvery: c.ReportEvery, Owners: c.Owners, Concepts: c.Concepts,
		Targets: c.Targets, Milestones: c.Milestones, Indicators: c.Indicators}
}

func (s *Server) apiCommitmentUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, u := r.Context(), stateOf(r).user
	c, err := s.commitments.Get(ctx, u, id)
	if err != nil {
		return err
	}
	in := inputOf(c)
	// A list named in the body replaces the saved one whole.
	in.Owners, in.Concepts, in.Targets, in.Milestones, in.Indicators = nil, nil, nil, nil, nil
	patch := in
	if err := decodeJSON(w, r, &patch); err != nil {
		return err
	}
	keepLists(&patch, inputOf(c))
	c, err = s.commitments.Update(ctx, u, id, patch)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// keepLists puts back the saved lists a PATCH body did not name.
func keepLists(in *commitment.Input, saved commitment.Input) {
	if in.Owners == nil {
		in.Owners = saved.Owners
	}
	if in.Concepts == nil {
		in.Concepts = saved.Concepts
	}
	if in.Targets == nil {
		in.Targets = saved.Targets
	}
	if in.Milestones == nil {
		in.Milestones = saved.Milestones
	}
	if in.Indicators == nil {
		in.Indicators = saved.Indicators
	}
}

// apiProgress is a commitment's progress: per owner, what it reported
// (its latest published report) beside what the linked indicators show.
type apiProgress struct {
	CommitmentID int64              `json:"commitment_id"`
	Owners       []apiOwnerProgress `json:"owners"`
}

type apiOwnerProgress struct {
	Country     string `json:"country"`
	Institution string `json:"institution,omitempty"`
	// SelfReported is the latest published report's status; null without one.
	SelfReported *apiSelfReport        `json:"self_reported"`
	Data         []commitment.Progress `json:"data"`
	// Disagrees: some indicator's data contradict the reported status.
	Disagrees bool `json:"disagrees"`
}

type apiSelfReport struct {
	Status     commitment.Status `json:"status"`
	ReportID   int64             `json:"report_id,omitempty"`
	ReportedOn string            `json:"reported_on,omitempty"`
}

func (s *Server) apiCommitmentProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, u := r.Context(), stateOf(r).user
	c, err := s.commitments.Get(ctx, u, id)
	if err != nil {
		return err
	}
	reports, err := s.commitments.Reports(ctx, u, id)
	if err != nil {
		return err
	}
	var published []reportView
	for _, rep := range reports {
		if rep.State == commitment.ReportPublished {
			published = append(published, reportView{Report: rep})
		}
	}
	progress, err := s.commitments.DataProgress(ctx, u, id)
	if err != nil {
		return err
	}
	out := apiProgress{CommitmentID: id, Owners: []apiOwnerProgress{}}
	for _, o := range ownerViews(c, &commitmentNames{}, published, progress) {
		x := apiOwnerProgress{Country: o.Country, Institution: o.Institution, Data: o.Progress, Disagrees: o.Disagrees}
		if x.Data == nil {
			x.Data = []commitment.Progress{}
		}
		if o.Reported != "" {
			x.SelfReported = &apiSelfReport{Status: o.Reported}
			if o.Report != nil {
				x.SelfReported.ReportID, x.SelfReported.ReportedOn = o.Report.ID, o.Report.ReportedOn
			}
		}
		out.Owners = append(out.Owners, x)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCommitmentHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := paging(r)
	if err != nil {
		return err
	}
	events, err := s.commitments.History(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, window(events, p))
}

// apiDecision is a validator's or the secretariat's decision: approve or
// return a report (with a note), approve or reject a comment.
type apiDecision struct {
	Decision string `json:"decision" required:"true"`
	Note     string `json:"note,omitempty"`
}

// decided reads a decision among yes and no.
func (d apiDecision) decided(yes, no string) (bool, error) {
	switch d.Decision {
	case yes:
		return true, nil
	case no:
		return false, nil
	}
	return false, errs.Field("decision", "invalid_decision", "commitment_web.invalid_decision")
}
