package web

import (
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
)

// propositionFormPage is the form that puts a proposition forward: a
// delegation's waits for the chair, the chair's is published at once.
type propositionFormPage struct {
	groundBase
	Input ground.PropositionInput
	// ConceptsText and SourcesText are the optional lists as typed.
	ConceptsText, SourcesText string
	// Own is the reader's delegation in this edition, for a delegate.
	Own *dialogue.Delegation
	formFailure
}

func (s *Server) propositionNew(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := ground.PropositionInput{Language: string(stateOf(r).lang)}
	return s.renderPropositionForm(w, r, id, http.StatusOK, in, "", "", nil)
}

func (s *Server) renderPropositionForm(w http.ResponseWriter, r *http.Request, editionID int64, status int,
	in ground.PropositionInput, concepts, sources string, formErr error) error {
	b, err := s.groundBase(w, r, editionID, "ground.propose_title")
	if err != nil {
		return err
	}
	p := propositionFormPage{groundBase: b, Input: in, ConceptsText: concepts, SourcesText: sources}
	v := stateOf(r).user
	dels, err := s.dialogue.Delegations(r.Context(), v, editionID)
	if err != nil {
		return err
	}
	p.Own = dialogue.OwnIn(v, dels)
	if p.formFailure, err = s.explain(p.Lang, formErr, errs.Invalid, errs.Forbidden, errs.Conflict); err != nil {
		return err
	}
	return s.render(w, status, "proposition_form.html", p)
}

// listField splits a typed list on commas and white space.
func listField(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
}

func (s *Server) propositionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	in := ground.PropositionInput{Language: f.Get("language"), Text: f.Get("text"), Concepts: listField(f.Get("concepts"))}
	for _, x := range listField(f.Get("sources")) {
		n, perr := strconv.ParseInt(strings.TrimPrefix(x, "#"), 10, 64)
		if perr != nil || n <= 0 {
			err = errs.Field("sources", "unknown_statement", "ground.error.unknown_statement", "id", x)
			break
		}
		in.Sources = append(in.Sources, n)
	}
	var prop ground.Proposition
	if err == nil {
		prop, err = s.ground.Propose(r.Context(), stateOf(r).user, id, in)
	}
	if err != nil {
		return s.renderPropositionForm(w, r, id, errs.As(err).Kind.Status(), in, f.Get("concepts"), f.Get("sources"), err)
	}
	flash := "ground.proposed_published"
	if prop.Status == ground.Submitted {
		flash = "ground.proposed_submitted"
	}
	s.flash(w, flash)
	http.Redirect(w, r, "/propositions/"+strconv.FormatInt(prop.ID, 10), http.StatusSeeOther)
	return nil
}
