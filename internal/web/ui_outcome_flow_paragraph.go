package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
)

// paragraphPage is one paragraph of the working text with, for the room,
// the delegations' positions on it, their history, the comments and the
// amendments about it, and the forms of the reader's delegation.
type paragraphPage struct {
	flowBase
	Paragraph outcome.Paragraph
	// RoomShown: the reader is in the room and reads the negotiation's
	// record; outside it, the paragraph alone.
	RoomShown  bool
	Positions  []outcome.Position
	History    []outcome.PositionChange
	Comments   []outcome.Comment
	Amendments []outcome.Amendment
	// MayAct: the reader's delegation may take a position and comment;
	// else, for a delegate, Refusal says why not.
	MayAct  bool
	Refusal string
	// MayAmend: the amendment form is offered for this paragraph.
	MayAmend bool
	// Chosen is the position form as drawn: the delegation's current
	// position, or what a refused form sent; Comment a refused comment.
	Chosen  outcome.PositionInput
	Comment string
	Stances []ground.Stance
	flowFailure
}

// Chose reports whether the position form has stance st chosen.
func (p paragraphPage) Chose(st ground.Stance) bool { return p.Chosen.Stance == st }

func (s *Server) paragraphPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderParagraph(w, r, id, http.StatusOK, flowFailure{})
}

func (s *Server) renderParagraph(w http.ResponseWriter, r *http.Request, docID int64, status int, f flowFailure) error {
	v, ctx := stateOf(r).user, r.Context()
	b, err := s.flowBase(w, r, docID, tabText, "outcome_flow.paragraph_title")
	if err != nil {
		return err
	}
	par, err := s.outcome.Paragraph(ctx, v, docID, r.PathValue("label"))
	if err != nil {
		if errs.As(err).Code == "unknown_paragraph" {
			return errs.ErrNotFound // a paragraph page that is not there
		}
		return err
	}
	p := paragraphPage{flowBase: b, Paragraph: par, Stances: ground.Stances, flowFailure: f, RoomShown: b.InRoom}
	if p.RoomShown {
		label := par.Label
		if p.Positions, err = s.outcome.Positions(ctx, v, docID, label); err != nil {
			return err
		}
		if p.History, err = s.outcome.PositionHistory(ctx, v, docID, label); err != nil {
			return err
		}
		if p.Comments, err = s.outcome.Comments(ctx, v, docID, label); err != nil {
			return err
		}
		if p.Amendments, err = s.outcome.Amendments(ctx, v, docID, outcome.AmendmentFilter{Paragraph: label}); err != nil {
			return err
		}
	}
	if v != nil && b.Delegation != nil && !par.Deleted {
		if _, err := outcome.MayTakePosition(v, b.Delegations, b.Document, 0); err != nil {
			e := errs.As(err)
			p.Refusal = b.T(e.Key, e.Args...)
		} else {
			p.MayAct = true
		}
	}
	if ok, _ := s.mayAmend(b, v); ok && !par.Deleted {
		p.MayAmend = true
	}
	// The form starts from the delegation's own position, on the wording
	// shown; a refused form keeps what was sent.
	p.Chosen = outcome.PositionInput{TextVersion: par.TextVersion}
	if b.Delegation != nil {
		for _, x := range p.Positions {
			if x.DelegationID == b.Delegation.ID {
				p.Chosen.Stance, p.Chosen.Reason = x.Stance, x.Reason
			}
		}
	}
	if r.Method == http.MethodPost {
		switch f.Form {
		case "position":
			p.Chosen.Stance, p.Chosen.Reason = ground.Stance(r.PostForm.Get("stance")), r.PostForm.Get("reason")
			if f.Current == nil {
				p.Chosen.TextVersion, _ = strconv.Atoi(r.PostForm.Get("text_version"))
			}
		case "comments":
			p.Comment = r.PostForm.Get("text")
		}
	}
	return s.render(w, status, "outcome_amend_paragraph.html", p)
}

// paragraphAction is a form of a paragraph's page.
func (s *Server) paragraphAction(do flowDo) handler {
	return s.flowAction(do, s.renderParagraph)
}

func paragraphPosition(s *Server, r *http.Request, v *account.User, docID int64) (string, string, error) {
	f := r.PostForm
	version, err := strconv.Atoi(f.Get("text_version"))
	if err != nil {
		return "", "", errs.Field("text_version", "invalid_number", "error.invalid")
	}
	pos, err := s.outcome.SetPosition(r.Context(), v, docID, r.PathValue("label"), outcome.PositionInput{
		Stance: ground.Stance(f.Get("stance")), Reason: f.Get("reason"), TextVersion: version})
	if err != nil {
		return "", "", err
	}
	return flowPath(docID) + "/paragraphs/" + pos.Label, "outcome_flow.position_saved", nil
}

func paragraphComment(s *Server, r *http.Request, v *account.User, docID int64) (string, string, error) {
	c, err := s.outcome.AddComment(r.Context(), v, docID, r.PathValue("label"), r.PostForm.Get("text"))
	if err != nil {
		return "", "", err
	}
	return flowPath(docID) + "/paragraphs/" + c.Label + "#comments", "outcome_flow.comment_saved", nil
}
