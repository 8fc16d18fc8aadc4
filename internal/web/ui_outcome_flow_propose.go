package web

import (
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// amendFormPage is the form that proposes an amendment: a delegation's in
// its own name with co-sponsors, or the chair's.
type amendFormPage struct {
	flowBase
	Paragraphs []outcome.Paragraph
	Input      outcome.AmendmentInput
	// Target is the paragraph the form was drawn for, as it stands now;
	// Input.TextVersion is the version of it the writer read.
	Target *outcome.Paragraph
	// Sponsors are the delegations that may co-sponsor: the edition's
	// other accredited delegations.
	Sponsors []dialogue.Delegation
	// MayPropose: the form is offered; else Refusal says why not.
	MayPropose bool
	Refusal    string
	Kinds      []string
	flowFailure
}

// Sponsoring reports whether the form has delegation code ticked.
func (p amendFormPage) Sponsoring(code string) bool {
	for _, c := range p.Input.Sponsors {
		if c == code {
			return true
		}
	}
	return false
}

// ReadLabel is the paragraph whose wording the hidden text version
// belongs to.
func (p amendFormPage) ReadLabel() string {
	if p.Target == nil {
		return ""
	}
	return p.Target.Label
}

func (s *Server) amendmentNew(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	in := outcome.AmendmentInput{Kind: q.Get("kind"), Paragraph: q.Get("paragraph")}
	if in.Kind == "" {
		in.Kind = outcome.Insert
		if in.Paragraph != "" {
			in.Kind = outcome.Replace
		}
	}
	return s.renderAmendForm(w, r, id, http.StatusOK, in, flowFailure{}, true)
}

// renderAmendForm draws the form with in; prefill puts the paragraph's
// current wording in the text box for a new replacement or alternative,
// which the writer then edits.
func (s *Server) renderAmendForm(w http.ResponseWriter, r *http.Request, docID int64, status int, in outcome.AmendmentInput, f flowFailure, prefill bool) error {
	v, ctx := stateOf(r).user, r.Context()
	b, err := s.flowBase(w, r, docID, tabAmendments, "outcome_flow.propose_title")
	if err != nil {
		return err
	}
	p := amendFormPage{flowBase: b, Input: in, Kinds: outcome.AmendmentKinds, flowFailure: f}
	p.MayPropose, p.Refusal = s.mayAmend(b, v)
	if p.Paragraphs, err = s.outcome.Paragraphs(ctx, v, docID); err != nil {
		return err
	}
	if in.Paragraph != "" {
		par, err := s.outcome.Paragraph(ctx, v, docID, in.Paragraph)
		switch {
		case err == nil:
			p.Target = &par
			if prefill {
				p.Input.TextVersion = par.TextVersion
				if in.Kind == outcome.Replace || in.Kind == outcome.Alternative {
					p.Input.Text = par.Text
				}
			}
		case prefill:
			return err // a link to a paragraph that is not there
		}
	}
	for _, d := range b.Delegations {
		if d.Accredited && (b.Delegation == nil || d.ID != b.Delegation.ID) {
			p.Sponsors = append(p.Sponsors, d)
		}
	}
	return s.render(w, status, "outcome_amend_form.html", p)
}

func (s *Server) amendmentCreate(w http.ResponseWriter, r *http.Request) error {
	docID, err := pathID(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	in := outcome.AmendmentInput{Kind: f.Get("kind"), Paragraph: strings.TrimSpace(f.Get("paragraph")), NewKind: f.Get("new_kind"),
		Text: f.Get("text"), Rationale: f.Get("rationale"), Sponsors: f["sponsors"]}
	// The version read belongs to the paragraph the form was drawn for;
	// a writer who picked another paragraph read no version of it.
	if in.Paragraph != "" && in.Paragraph == f.Get("read_label") {
		in.TextVersion, _ = strconv.Atoi(f.Get("text_version"))
	}
	a, err := s.outcome.ProposeAmendment(r.Context(), stateOf(r).user, docID, in)
	if err != nil {
		failure, ferr := s.refusal(r, err, "amendment")
		if ferr != nil {
			return ferr
		}
		if failure.Current != nil {
			// The draft stays as typed; the next try is on the text as it
			// is now, which the page shows beside it.
			in.TextVersion = failure.Current.TextVersion
		}
		return s.renderAmendForm(w, r, docID, errs.As(err).Kind.Status(), in, failure, false)
	}
	s.flash(w, "outcome_flow.proposed_done")
	http.Redirect(w, r, "/amendments/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
	return nil
}
