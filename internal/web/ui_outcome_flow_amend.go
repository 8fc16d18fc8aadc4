package web

import (
	"net/http"
	"slices"
	"strconv"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// amendmentsPage lists a document's amendments, narrowed by status and
// paragraph, each with its word diff against the paragraph as it stands;
// the chair decides on them here and folds several into a compromise.
type amendmentsPage struct {
	flowBase
	Filter     outcome.AmendmentFilter
	Statuses   []string
	Amendments []outcome.Amendment
	// Paragraphs is the working text, for the filter and the compromise.
	Paragraphs []outcome.Paragraph
	// Focus is the paragraph the list is narrowed to.
	Focus *outcome.Paragraph
	// MayPropose: the reader may propose an amendment now; else, for a
	// reader who may amend at all, Refusal says why not (a single text,
	// silence, adoption, no accredited delegation).
	MayPropose bool
	Refusal    string
	// Pending are the amendments the chair may fold into a compromise.
	Pending    []outcome.Amendment
	Compromise compromiseDraft
	flowFailure
}

// compromiseDraft is the chair's compromise as the form shows it.
type compromiseDraft struct {
	Paragraph   string
	Text        string
	Rationale   string
	TextVersion int
	Folds       []int64
}

// Folding reports whether the compromise form has amendment id ticked.
func (p amendmentsPage) Folding(id int64) bool { return slices.Contains(p.Compromise.Folds, id) }

// AmendKindName is an amendment kind in the page's language.
func (b flowBase) AmendKindName(kind string) string { return b.T("outcome_flow.kind." + kind) }

// AmendStatusName is an amendment status in the page's language.
func (b flowBase) AmendStatusName(status string) string {
	return b.T("outcome_flow.amendment_status." + status)
}

// Target says what an amendment is about: "OP3", "after OP3", or "at the
// end of the operative part".
func (b flowBase) Target(a outcome.Amendment) string {
	switch {
	case a.Kind == outcome.Insert && a.Paragraph == "":
		return b.T("outcome_flow.target_end." + a.NewKind)
	case a.Kind == outcome.Insert:
		return b.T("outcome_flow.target_after", "label", a.Paragraph)
	}
	return a.Paragraph
}

// Proposer names who proposed an amendment: a delegation, or the chair.
func (b flowBase) Proposer(a outcome.Amendment) string {
	if a.Delegation == "" {
		return b.T("outcome_flow.by_chair")
	}
	return b.DelegationName(a.Delegation)
}

// Cosponsors names an amendment's co-sponsors (the proposer left out).
func (b flowBase) Cosponsors(a outcome.Amendment) []string {
	var out []string
	for _, code := range a.Sponsors {
		if code != a.Delegation {
			out = append(out, b.DelegationName(code))
		}
	}
	return out
}

// AmendmentURL is an amendment's page.
func (b flowBase) AmendmentURL(id int64) string { return "/amendments/" + strconv.FormatInt(id, 10) }

// ParagraphURL is the page of one of the document's paragraphs.
func (b flowBase) ParagraphURL(label string) string { return b.DocURL() + "/paragraphs/" + label }

func (s *Server) amendmentsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderAmendments(w, r, id, http.StatusOK, flowFailure{}, nil)
}

// renderAmendments draws the list; draft is a refused compromise's.
func (s *Server) renderAmendments(w http.ResponseWriter, r *http.Request, docID int64, status int, f flowFailure, draft *compromiseDraft) error {
	v, ctx := stateOf(r).user, r.Context()
	b, err := s.flowBase(w, r, docID, tabAmendments, "outcome_flow.amendments_title")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := amendmentsPage{flowBase: b, Statuses: outcome.AmendmentStatuses, flowFailure: f,
		Filter: outcome.AmendmentFilter{Status: q.Get("status"), Paragraph: q.Get("paragraph")}}
	if p.Amendments, err = s.outcome.Amendments(ctx, v, docID, p.Filter); err != nil {
		return err
	}
	if p.Paragraphs, err = s.outcome.Paragraphs(ctx, v, docID); err != nil {
		return err
	}
	if p.Filter.Paragraph != "" {
		par, err := s.outcome.Paragraph(ctx, v, docID, p.Filter.Paragraph)
		if err != nil {
			return err
		}
		p.Focus = &par
	}
	p.MayPropose, p.Refusal = s.mayAmend(b, v)
	if b.Presides && b.Open() {
		pending, err := s.outcome.Amendments(ctx, v, docID, outcome.AmendmentFilter{Status: outcome.Pending, Paragraph: p.Filter.Paragraph})
		if err != nil {
			return err
		}
		p.Pending = pending
	}
	switch {
	case draft != nil:
		p.Compromise = *draft
	case p.Focus != nil:
		p.Compromise = compromiseDraft{Paragraph: p.Focus.Label, Text: p.Focus.Text, TextVersion: p.Focus.TextVersion}
	}
	return s.render(w, status, "outcome_amendments.html", p)
}

// mayAmend asks the service's rule whether the reader may propose an
// amendment now, and why not, in the reader's words, for a reader whose
// role amends at all.
func (s *Server) mayAmend(b flowBase, v *account.User) (bool, string) {
	if v == nil || !authz.Allowed(v.Role, authz.AmendOutcome) {
		return false, ""
	}
	if _, err := outcome.MayAmend(v, b.Delegations, b.Document, 0); err != nil {
		e := errs.As(err)
		return false, b.T(e.Key, e.Args...)
	}
	return true, ""
}

// amendmentPage is one amendment with its diff, its sponsors and what the
// reader may do with it.
type amendmentPage struct {
	flowBase
	Amendment outcome.Amendment
	// Paragraph is its paragraph as it stands now (nil for an insert at
	// the end of the text).
	Paragraph   *outcome.Paragraph
	MayWithdraw bool
	// Note is the note a refused decision carried.
	Note string
	flowFailure
}

func (s *Server) amendmentPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderAmendment(w, r, id, http.StatusOK, flowFailure{})
}

func (s *Server) renderAmendment(w http.ResponseWriter, r *http.Request, id int64, status int, f flowFailure) error {
	v, ctx := stateOf(r).user, r.Context()
	a, err := s.outcome.Amendment(ctx, v, id)
	if err != nil {
		return err
	}
	b, err := s.flowBase(w, r, a.DocumentID, tabAmendments, "outcome_flow.amendment_title")
	if err != nil {
		return err
	}
	p := amendmentPage{flowBase: b, Amendment: a, flowFailure: f}
	if r.Method == http.MethodPost {
		p.Note = r.PostForm.Get("note")
	}
	if a.Paragraph != "" {
		par, err := s.outcome.Paragraph(ctx, v, a.DocumentID, a.Paragraph)
		if err != nil {
			return err
		}
		p.Paragraph = &par
	}
	if a.Status == outcome.Pending && b.Open() {
		if a.Delegation == "" {
			p.MayWithdraw = b.Presides
		} else {
			p.MayWithdraw = b.Delegation != nil && b.Delegation.Code == a.Delegation
		}
	}
	return s.render(w, status, "outcome_amendment.html", p)
}

// amendmentAction is a decision on an amendment from its page or from the
// list; a refused one draws the amendment's page again with the reason.
func (s *Server) amendmentAction(do flowDo) handler {
	return s.flowAction(do, s.renderAmendment)
}

// afterDecision is where a decision goes back to: the list it was taken
// from, or the amendment's page.
func afterDecision(r *http.Request, a outcome.Amendment) string {
	if r.PostForm.Get("back") == "list" {
		return flowPath(a.DocumentID) + "/amendments"
	}
	return "/amendments/" + strconv.FormatInt(a.ID, 10)
}

func amendmentAccept(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	a, err := s.outcome.AcceptAmendment(r.Context(), v, id, r.PostForm.Get("note"))
	if err != nil {
		return "", "", err
	}
	return afterDecision(r, a), "outcome_flow.accepted_done", nil
}

func amendmentReject(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	if err := confirmed(r); err != nil {
		return "", "", err
	}
	a, err := s.outcome.RejectAmendment(r.Context(), v, id, r.PostForm.Get("note"))
	if err != nil {
		return "", "", err
	}
	return afterDecision(r, a), "outcome_flow.rejected_done", nil
}

func amendmentWithdraw(s *Server, r *http.Request, v *account.User, id int64) (string, string, error) {
	if err := confirmed(r); err != nil {
		return "", "", err
	}
	a, err := s.outcome.WithdrawAmendment(r.Context(), v, id)
	if err != nil {
		return "", "", err
	}
	return afterDecision(r, a), "outcome_flow.withdrawn_done", nil
}

// errNoFolds refuses a compromise that folds nothing.
var errNoFolds = errs.Field("folds", "no_folds", "outcome_flow.error.no_folds")

// compromiseCreate is the chair's compromise: one new wording of a
// paragraph that folds the pending amendments ticked, accepted at once.
func (s *Server) compromiseCreate(w http.ResponseWriter, r *http.Request) error {
	docID, err := pathID(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	draft := compromiseDraft{Paragraph: f.Get("paragraph"), Text: f.Get("text"), Rationale: f.Get("rationale")}
	draft.TextVersion, _ = strconv.Atoi(f.Get("text_version"))
	for _, x := range f["folds"] {
		n, perr := strconv.ParseInt(x, 10, 64)
		if perr != nil || n <= 0 {
			err = errs.Field("folds", "unknown_amendment", "outcome.error.unknown_amendment")
			break
		}
		draft.Folds = append(draft.Folds, n)
	}
	if err == nil && len(draft.Folds) == 0 {
		err = errNoFolds
	}
	var a outcome.Amendment
	if err == nil {
		a, err = s.outcome.ProposeAmendment(r.Context(), stateOf(r).user, docID, outcome.AmendmentInput{
			Kind: outcome.Replace, Paragraph: draft.Paragraph, Text: draft.Text, Rationale: draft.Rationale,
			TextVersion: draft.TextVersion, Folds: draft.Folds})
	}
	if err != nil {
		failure, ferr := s.refusal(r, err, "compromise")
		if ferr != nil {
			return ferr
		}
		if failure.Current != nil {
			draft.TextVersion = failure.Current.TextVersion // what was typed stays; the next try is on the text as it is now
		}
		return s.renderAmendments(w, r, docID, errs.As(err).Kind.Status(), failure, &draft)
	}
	s.flash(w, "outcome_flow.compromise_done")
	http.Redirect(w, r, "/amendments/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
	return nil
}
