package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// outcomeRoutes are the pages of the joint outcome's text: an edition's
// documents, a document's status view (the chair's desk, live), its
// revisions clean and marked up, the comparison of any two, and its
// languages side by side; and the chair's forms that change the text.
// (Amendments, positions, silence and adoption: outcomeFlowRoutes.)
func (s *Server) outcomeRoutes() []route {
	return []route{
		{"GET", "/editions/{id}/outcomes", authz.ViewOutcome, s.outcomeList},
		{"POST", "/editions/{id}/outcome-rules", authz.ManageOutcomeRules, s.outcomeRulesSave},
		{"POST", "/editions/{id}/outcomes", authz.PresideOutcome, s.outcomeCreate},
		{"GET", "/outcomes/{id}", authz.ViewOutcome, s.outcomeDocument},
		{"GET", "/outcomes/{id}/events", authz.ViewOutcome, s.outcomeEvents},
		{"GET", "/outcomes/{id}/revisions/{n}", authz.ViewOutcome, s.outcomeRevision},
		{"GET", "/outcomes/{id}/diff", authz.ViewOutcome, s.outcomeDiff},
		{"GET", "/outcomes/{id}/languages", authz.ViewOutcome, s.outcomeLanguages},
		{"POST", "/outcomes/{id}/settings", authz.PresideOutcome, s.outcomeAction(outcomeSettings)},
		{"POST", "/outcomes/{id}/revisions", authz.PresideOutcome, s.outcomeAction(outcomeIssue)},
		{"POST", "/outcomes/{id}/zero-draft", authz.PresideOutcome, s.outcomeAction(outcomeFromGround)},
		{"POST", "/outcomes/{id}/paragraphs", authz.PresideOutcome, s.outcomeAction(outcomeAdd)},
		{"POST", "/outcomes/{id}/paragraphs/{label}", authz.PresideOutcome, s.outcomeAction(outcomeEdit)},
		{"POST", "/outcomes/{id}/paragraphs/{label}/status", authz.PresideOutcome, s.outcomeAction(outcomeStatus)},
		{"POST", "/outcomes/{id}/paragraphs/{label}/package", authz.PresideOutcome, s.outcomeAction(outcomePackage)},
		{"POST", "/outcomes/{id}/paragraphs/{label}/delete", authz.PresideOutcome, s.outcomeAction(outcomeDelete)},
		{"POST", "/outcomes/{id}/paragraphs/{label}/translations/{lang}", authz.PresideOutcome, s.outcomeTranslate},
	}
}

// outcomeDocPath is a document's address.
func outcomeDocPath(id int64) string { return "/outcomes/" + strconv.FormatInt(id, 10) }

// outcomeDo is one change a form of the status view asks for on document
// docID. It returns the flash message to show and the fragment of the
// status view to land on ("para-OP3"; "" for the top).
type outcomeDo func(s *Server, r *http.Request, v *account.User, docID int64) (flash, fragment string, err error)

// outcomeAction runs a chair's form and goes back to the status view,
// Post/Redirect/Get. A refused change draws the status view again with
// the reason in the reader's language, the form that failed filled with
// what was sent, and, when the paragraph's text moved on meanwhile
// (text_changed), its text as it is now beside what the chair typed.
func (s *Server) outcomeAction(do outcomeDo) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		flash, fragment, err := do(s, r, stateOf(r).user, id)
		if err != nil {
			e := errs.As(err)
			if e.Kind == errs.Internal || (e.Kind == errs.NotFound && e.Field == "") {
				return err
			}
			return s.renderOutcomeDocument(w, r, id, e.Kind.Status(), func(p *outcomeDocPage) {
				p.formFailure = formFailure{s.fieldMessage(p.Lang, e), e.Field}
				p.FailedForm, p.Typed = r.PostForm.Get("form"), r.PostForm
				// Switching language comes back to the status view, not
				// to the form's action.
				p.Here = outcomeDocPath(id)
				var cur *outcome.CurrentText
				if errors.As(err, &cur) {
					p.Current = cur
				}
			})
		}
		s.flash(w, flash)
		to := outcomeDocPath(id)
		if fragment != "" {
			to += "#" + fragment
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
}

// delegationNames names an edition's delegations by code in the page's
// language (the code where a delegation has no name).
func (s *Server) delegationNames(ctx context.Context, v *account.User, editionID int64, l layout) (map[string]string, error) {
	dels, err := s.dialogue.Delegations(ctx, v, editionID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(dels))
	for _, d := range dels {
		out[d.Code] = d.Code
		if n := d.Names.In(string(l.Lang)); n != "" {
			out[d.Code] = n
		}
	}
	return out, nil
}

// sourcesFor is what the service says of where a document's words came
// from, or nil for a reader outside the room, who is not told.
func (s *Server) sourcesFor(ctx context.Context, v *account.User, docID int64, inRoom bool) (map[int64]outcome.Source, error) {
	if !inRoom {
		return nil, nil
	}
	return s.outcome.Sources(ctx, v, docID)
}

// provenanceOf is what a page needs to say where the words of document b
// came from: the sources (for the room) named with the edition's
// delegation names, which it also returns for the page's other uses.
func (s *Server) provenanceOf(ctx context.Context, v *account.User, b outcomeBase) (provenance, map[string]string, error) {
	names, err := s.delegationNames(ctx, v, b.Edition.ID, b.layout)
	if err != nil {
		return provenance{}, nil, err
	}
	sources, err := s.sourcesFor(ctx, v, b.Document.ID, b.InRoom)
	if err != nil {
		return provenance{}, nil, err
	}
	return provenance{l: b.layout, sources: sources, names: names}, names, nil
}
