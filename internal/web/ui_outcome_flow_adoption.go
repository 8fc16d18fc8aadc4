package web

import (
	"context"
	"net/http"

	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// adoptionPage is the adoption of a document: before it, the chair's form
// (by consensus, or by a recorded vote where the forum's rules allow);
// after it, how, when and which revision was adopted, its content hash
// checked against the frozen text, the downloads; and the annex of the
// delegations' explanations, reservations and dissociations, with the
// form of the reader's delegation.
type adoptionPage struct {
	flowBase
	Rules outcome.Rules
	// Latest is the revision the chair would adopt.
	Latest *outcome.Revision
	// Voters are the accredited state delegations, who vote.
	Voters []dialogue.Delegation
	// Votes is the vote last recorded; Draft the form as drawn.
	Votes       map[string]string
	DraftMethod string
	DraftVotes  map[string]string
	// Hash and Verified: the adopted text's hash recomputed from its
	// frozen revision, and whether it matches the hash recorded.
	Hash     string
	Verified bool
	Annex    []outcome.AnnexEntry
	// MayAnnex: the reader's delegation may add to the annex; AnnexKinds
	// the kinds it may add now, AnnexLabels the paragraphs it may name.
	MayAnnex    bool
	AnnexKinds  []string
	AnnexLabels []string
	AnnexDraft  outcome.AnnexInput
	flowFailure
}

// Adopted: the document has been adopted.
func (p adoptionPage) Adopted() bool { return p.Document.Status == outcome.Adopted }

// VoteAllowed: the forum's rules allow a recorded vote.
func (p adoptionPage) VoteAllowed() bool { return p.Rules.Adoption == outcome.RuleConsensusOrVote }

// VoteOf is the vote the form shows chosen for a delegation.
func (p adoptionPage) VoteOf(code string) string { return p.DraftVotes[code] }

// VoteChoices are the votes a delegation may cast, in the table's order.
func (p adoptionPage) VoteChoices() []string {
	return []string{outcome.Yes, outcome.No, outcome.Abstain}
}

// RevisionName names the adopted revision by its number.
func (p adoptionPage) RevisionName(n *int) string {
	if n == nil {
		return ""
	}
	return p.RevName(*n, "")
}

// Tally counts a recorded vote: yes, no, abstain.
func (p adoptionPage) Tally(vote string) int {
	n := 0
	for _, x := range p.Votes {
		if x == vote {
			n++
		}
	}
	return n
}

// Entries are the annex's statements of one kind, oldest first.
func (p adoptionPage) Entries(kind string) []outcome.AnnexEntry {
	var out []outcome.AnnexEntry
	for _, a := range p.Annex {
		if a.Kind == kind {
			out = append(out, a)
		}
	}
	return out
}

// AllAnnexKinds lists the annex's sections in order.
func (p adoptionPage) AllAnnexKinds() []string { return outcome.AnnexKinds }

// AnnexNaming reports whether the annex form has paragraph label ticked.
func (p adoptionPage) AnnexNaming(label string) bool {
	for _, l := range p.AnnexDraft.Paragraphs {
		if l == label {
			return true
		}
	}
	return false
}

func (s *Server) adoptionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderAdoption(w, r, id, http.StatusOK, flowFailure{})
}

func (s *Server) renderAdoption(w http.ResponseWriter, r *http.Request, docID int64, status int, f flowFailure) error {
	v, ctx := stateOf(r).user, r.Context()
	b, err := s.flowBase(w, r, docID, tabAdoption, "outcome_flow.adoption_title")
	if err != nil {
		return err
	}
	p := adoptionPage{flowBase: b, flowFailure: f, DraftMethod: outcome.MethodConsensus, DraftVotes: map[string]string{}}
	if p.Rules, err = s.outcome.Rules(ctx, b.Edition.ForumID); err != nil {
		return err
	}
	if p.Votes, err = s.outcome.Votes(ctx, v, docID); err != nil {
		return err
	}
	for _, d := range b.Delegations {
		if d.Accredited && d.Kind == dialogue.KindCountry {
			p.Voters = append(p.Voters, d)
		}
	}
	if p.Annex, err = s.outcome.Annex(ctx, v, docID); err != nil {
		return err
	}
	if p.Adopted() {
		if p.Hash, p.Verified, err = s.outcome.VerifyAdoption(ctx, v, docID); err != nil {
			return err
		}
	}
	if b.InRoom {
		rev, err := s.outcome.Revision(ctx, v, docID, -1)
		switch {
		case err == nil:
			p.Latest = &rev
		case errs.As(err).Code != "no_revision":
			return err
		}
	}
	if err := s.annexForm(ctx, v, &p); err != nil {
		return err
	}
	if r.Method == http.MethodPost {
		switch f.Form {
		case "adoption":
			p.DraftMethod = r.PostForm.Get("method")
			for _, d := range p.Voters {
				if x := r.PostForm.Get("vote_" + d.Code); x != "" {
					p.DraftVotes[d.Code] = x
				}
			}
		case "annex":
			p.AnnexDraft = outcome.AnnexInput{Kind: r.PostForm.Get("kind"), Paragraphs: r.PostForm["paragraphs"],
				Text: r.PostForm.Get("text"), Language: r.PostForm.Get("language")}
		}
	}
	return s.render(w, status, "outcome_adoption.html", p)
}

// annexForm fills what the annex form needs: whether the reader's
// delegation may add to it, the kinds it may add now (an explanation
// before adoption; after it, an explanation, a reservation or a
// dissociation) and the paragraphs it may name (the adopted text's, or
// the working text's).
func (s *Server) annexForm(ctx context.Context, v *account.User, p *adoptionPage) error {
	own := p.Delegation
	if own == nil || !own.Accredited || v == nil || v.Role != account.Delegate {
		return nil
	}
	p.MayAnnex = true
	p.AnnexDraft = outcome.AnnexInput{Language: p.Document.Language}
	var list []outcome.Paragraph
	if p.Adopted() {
		p.AnnexKinds = []string{outcome.ExplanationAfter, outcome.Reservation, outcome.Dissociation}
		rev, err := s.outcome.Revision(ctx, v, p.Document.ID, *p.Document.AdoptedNumber)
		if err != nil {
			return err
		}
		list = rev.Paragraphs
	} else {
		p.AnnexKinds = []string{outcome.ExplanationBefore}
		var err error
		if list, err = s.outcome.Paragraphs(ctx, v, p.Document.ID); err != nil {
			return err
		}
	}
	for _, par := range list {
		p.AnnexLabels = append(p.AnnexLabels, par.Label)
	}
	p.AnnexDraft.Kind = p.AnnexKinds[0]
	return nil
}

// adoptionAction is a form of the adoption page.
func (s *Server) adoptionAction(do flowDo) handler {
	return s.flowAction(do, s.renderAdoption)
}

func adoptionRecord(s *Server, r *http.Request, v *account.User, docID int64) (string, string, error) {
	ctx := r.Context()
	in := outcome.AdoptInput{Method: r.PostForm.Get("method")}
	if in.Method == outcome.MethodVote {
		d, err := s.outcome.Document(ctx, v, docID)
		if err != nil {
			return "", "", err
		}
		dels, err := s.dialogue.Delegations(ctx, v, d.EditionID)
		if err != nil {
			return "", "", err
		}
		in.Votes = map[string]string{}
		for _, dl := range dels {
			if x := r.PostForm.Get("vote_" + dl.Code); x != "" {
				in.Votes[dl.Code] = x
			}
		}
	}
	res, err := s.outcome.Adopt(ctx, v, docID, in)
	if err != nil {
		return "", "", err
	}
	flash := "outcome_flow.adopted_done"
	if !res.Adopted {
		flash = "outcome_flow.vote_failed"
	}
	return flowPath(docID) + "/adoption", flash, nil
}

func annexAdd(s *Server, r *http.Request, v *account.User, docID int64) (string, string, error) {
	f := r.PostForm
	_, err := s.outcome.AddToAnnex(r.Context(), v, docID, outcome.AnnexInput{Kind: f.Get("kind"), Paragraphs: f["paragraphs"],
		Text: f.Get("text"), Language: f.Get("language")})
	if err != nil {
		return "", "", err
	}
	return flowPath(docID) + "/adoption" + "#annex", "outcome_flow.annex_added", nil
}
