package web

import (
	"errors"
	"net/http"
	"path"
	"strconv"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
	"roundtable/internal/outcome/textdiff"
)

// outcomeFlowRoutes are the pages where the text moves: amendments,
// positions and comments on a paragraph, the silence procedure, adoption
// and the annex. Every form goes back to its page (Post/Redirect/Get); a
// refused one draws the page again with the reason in the reader's
// language and what they had typed.
func (s *Server) outcomeFlowRoutes() []route {
	return []route{
		{"GET", "/outcomes/{id}/amendments", authz.ViewOutcome, s.amendmentsPage},
		{"GET", "/outcomes/{id}/amendments/new", authz.AmendOutcome, s.amendmentNew},
		{"POST", "/outcomes/{id}/amendments", authz.AmendOutcome, s.amendmentCreate},
		{"POST", "/outcomes/{id}/compromise", authz.PresideOutcome, s.compromiseCreate},
		{"GET", "/amendments/{id}", authz.ViewOutcome, s.amendmentPage},
		{"POST", "/amendments/{id}/accept", authz.PresideOutcome, s.amendmentAction(amendmentAccept)},
		{"POST", "/amendments/{id}/reject", authz.PresideOutcome, s.amendmentAction(amendmentReject)},
		{"POST", "/amendments/{id}/withdraw", authz.AmendOutcome, s.amendmentAction(amendmentWithdraw)},

		{"GET", "/outcomes/{id}/paragraphs/{label}", authz.ViewOutcome, s.paragraphPage},
		{"POST", "/outcomes/{id}/paragraphs/{label}/position", authz.DelegationAct, s.paragraphAction(paragraphPosition)},
		{"POST", "/outcomes/{id}/paragraphs/{label}/comments", authz.DelegationAct, s.paragraphAction(paragraphComment)},

		{"GET", "/outcomes/{id}/silence", authz.ViewOutcome, s.silencePage},
		{"POST", "/outcomes/{id}/silence", authz.PresideOutcome, s.silenceAction(silenceStart)},
		{"POST", "/outcomes/{id}/silence/end", authz.PresideOutcome, s.silenceAction(silenceEnd)},
		{"POST", "/outcomes/{id}/silence/break", authz.DelegationAct, s.silenceAction(silenceBreak)},

		{"GET", "/outcomes/{id}/adoption", authz.ViewOutcome, s.adoptionPage},
		{"POST", "/outcomes/{id}/adoption", authz.PresideOutcome, s.adoptionAction(adoptionRecord)},
		{"POST", "/outcomes/{id}/annex", authz.DelegationAct, s.adoptionAction(annexAdd)},
	}
}

// flowBase is outcomeBase with the edition's delegations, which every page
// of the flow names (sponsors, positions, objections, votes).
type flowBase struct {
	outcomeBase
	Delegations []dialogue.Delegation
}

func (s *Server) flowBase(w http.ResponseWriter, r *http.Request, docID int64, tab, titleKey string) (flowBase, error) {
	b, err := s.outcomeBase(w, r, docID, tab, titleKey)
	if err != nil {
		return flowBase{}, err
	}
	dels, err := s.dialogue.Delegations(r.Context(), stateOf(r).user, b.Edition.ID)
	if err != nil {
		return flowBase{}, err
	}
	if r.Method != http.MethodGet {
		// Switching language after a refused form comes back to the page,
		// not to the form's action.
		b.Here = flowPagePath(r, docID)
	}
	return flowBase{outcomeBase: b, Delegations: dels}, nil
}

// flowPagePath is the page a form of the flow was sent from.
func flowPagePath(r *http.Request, docID int64) string {
	doc := "/outcomes/" + strconv.FormatInt(docID, 10)
	switch r.Pattern {
	case "POST /outcomes/{id}/silence", "POST /outcomes/{id}/silence/end", "POST /outcomes/{id}/silence/break":
		return doc + "/silence"
	case "POST /outcomes/{id}/adoption", "POST /outcomes/{id}/annex":
		return doc + "/adoption"
	case "POST /outcomes/{id}/amendments":
		return doc + "/amendments/new"
	case "POST /outcomes/{id}/compromise":
		return doc + "/amendments"
	case "POST /outcomes/{id}/paragraphs/{label}/position", "POST /outcomes/{id}/paragraphs/{label}/comments":
		return doc + "/paragraphs/" + r.PathValue("label")
	}
	return "/amendments/" + r.PathValue("id")
}

// DelegationName names a delegation of the edition by its code, in the
// page's language.
func (b flowBase) DelegationName(code string) string {
	for _, d := range b.Delegations {
		if d.Code == code {
			if n := d.Names.In(string(b.Lang)); n != "" {
				return n
			}
			return code
		}
	}
	return code
}

// diffPiece is a stretch of a word diff as the page marks it: Tag is
// "ins", "del" or "" for words kept.
type diffPiece struct {
	Tag, Text string
}

// Diff turns a word diff into the pieces a template marks with <ins> and
// <del>.
func (b flowBase) Diff(ops []textdiff.Op) []diffPiece {
	out := make([]diffPiece, 0, len(ops))
	for _, op := range ops {
		p := diffPiece{Text: op.Text}
		switch op.Kind {
		case textdiff.Insert:
			p.Tag = "ins"
		case textdiff.Delete:
			p.Tag = "del"
		}
		out = append(out, p)
	}
	return out
}

// RevName names revision n in the page's language ("Zero draft",
// "Rev.2", "Rev.3 (oral)"); label is the service's English label, which
// says whether the revision was oral.
func (b flowBase) RevName(n int, label string) string {
	switch {
	case n == 0:
		return b.T("outcome_flow.zero_draft")
	case label == outcome.RevisionLabel(n, outcome.Oral):
		return b.T("outcome_flow.rev_oral_n", "n", n)
	}
	return b.T("outcome_flow.rev_n", "n", n)
}

// Labels lists paragraph labels for a sentence: "OP1, OP3".
func (b flowBase) Labels(labels []string) string { return strings.Join(labels, ", ") }

// StanceName is a position's stance in the page's language.
func (b flowBase) StanceName(st string) string { return b.T("ground.stance." + st) }

// flowFailure is a refused form of the flow: the reason in the reader's
// language, the form it came from, and, when the paragraph's text
// changed under the writer, the text as it is now.
type flowFailure struct {
	formFailure
	Form    string
	Current *outcome.CurrentText
}

// refusal turns err into a form's refusal, or returns it for the error
// page: a failure of the server, or a page that is not there for the
// reader, is not something a form can explain.
func (s *Server) refusal(r *http.Request, err error, form string) (flowFailure, error) {
	e := errs.As(err)
	if e.Kind == errs.Internal || e.Kind == errs.Unavailable || (e.Kind == errs.NotFound && e.Field == "") {
		return flowFailure{}, err
	}
	f := flowFailure{formFailure: formFailure{s.fieldMessage(stateOf(r).lang, e), e.Field}, Form: form}
	var cur *outcome.CurrentText
	if errors.As(err, &cur) {
		f.Current = cur
	}
	return f, nil
}

// flowDo is one change a form of the flow asks for: it returns where to
// go next and the flash message to show there.
type flowDo func(s *Server, r *http.Request, v *account.User, id int64) (to, flash string, err error)

// flowRedraw draws a form's page again after a refusal.
type flowRedraw func(w http.ResponseWriter, r *http.Request, id int64, status int, f flowFailure) error

// flowAction runs a form's change and goes on, Post/Redirect/Get; a
// refused change draws the form's page again through redraw, with the
// reason and what the reader sent. The form is named by the last segment
// of its route (accept, break, annex …), which the page uses to draw the
// refusal beside it.
func (s *Server) flowAction(do flowDo, redraw flowRedraw) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		to, flash, err := do(s, r, stateOf(r).user, id)
		if err != nil {
			f, ferr := s.refusal(r, err, path.Base(r.Pattern))
			if ferr != nil {
				return ferr
			}
			return redraw(w, r, id, errs.As(err).Kind.Status(), f)
		}
		s.flash(w, flash)
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
}

// errConfirm refuses a destructive action sent without its confirmation.
var errConfirm = errs.Field("confirm", "confirmation_required", "outcome_flow.error.confirm")

// confirmed: a destructive form (reject, withdraw, end silence) carries
// the box its reader ticked to confirm.
func confirmed(r *http.Request) error {
	if r.PostForm.Get("confirm") != "yes" {
		return errConfirm
	}
	return nil
}

// flowPath is a document's address, the root of its pages.
func flowPath(docID int64) string { return "/outcomes/" + strconv.FormatInt(docID, 10) }
