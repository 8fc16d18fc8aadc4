package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
)

// propositionPage is one proposition: its text and translations, where it
// comes from, its status, the positions on it and their history (when the
// reader may see them), and the forms the reader may use.
type propositionPage struct {
	groundBase
	Proposition ground.Proposition
	MergedInto  *ground.Proposition
	Concepts    []conceptLink
	Sources     []sourceLink
	// Row is the proposition's line of the map, for a reader who may see
	// it and a published proposition; Blocs are the map's blocs.
	Row   *ground.MapRow
	Blocs []ground.Bloc
	Total int // propositions on the map
	// Positions are those the reader may see: all of them, or only their
	// own delegation's when the edition keeps the others'.
	Positions      []ground.Position
	PositionsShown bool
	History        []ground.Change
	HistoryShown   bool
	// Own is the reader's delegation in this edition, for a delegate.
	Own          *dialogue.Delegation
	OwnPosition  *ground.Position
	CanPosition  bool
	CanTranslate bool
	MergeTargets []ground.Proposition
	delegations  map[int64]dialogue.Delegation
	// A refused form: the reason, and what the reader had sent, drawn
	// again so that nothing typed is lost.
	formFailure
	FailedForm  string // "position", "translation" or "chair"
	Chosen      ground.PositionInput
	Translation dialogue.Translation
}

// sourceLink is a statement a proposition comes from.
type sourceLink struct {
	ID       int64
	Title    string
	Language string
}

// DelegationName names a delegation of the edition in the page's language.
func (p propositionPage) DelegationName(id int64) string {
	if d, ok := p.delegations[id]; ok {
		if n := d.Names.In(string(p.Lang)); n != "" {
			return n
		}
		return d.Code
	}
	return strconv.FormatInt(id, 10)
}

// Proposer names who put the proposition forward: a delegation, or the
// chair.
func (p propositionPage) Proposer() string {
	if p.Proposition.DelegationID == 0 {
		return p.T("ground.by_chair")
	}
	return p.DelegationName(p.Proposition.DelegationID)
}

// Product shows the row's group-informed consensus as its product.
func (p propositionPage) Product() string {
	return productText(p.groundBase, p.Row.Score.P, p.Row.Score.Product)
}

// Majority shows the row's majority test with its counts.
func (p propositionPage) Majority() string { return majorityText(p.groundBase, p.Row.Score) }

// StanceChosen is the stance the form shows as chosen: what a refused
// form sent, else the delegation's current position.
func (p propositionPage) StanceChosen() ground.Stance {
	if p.FailedForm == "position" {
		return p.Chosen.Stance
	}
	if p.OwnPosition != nil {
		return p.OwnPosition.Stance
	}
	return ""
}

// ReasonTyped is the reason the form shows.
func (p propositionPage) ReasonTyped() string {
	if p.FailedForm == "position" {
		return p.Chosen.Reason
	}
	if p.OwnPosition != nil {
		return p.OwnPosition.Reason
	}
	return ""
}

func (s *Server) propositionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderProposition(w, r, id, http.StatusOK, func(*propositionPage) {})
}

// renderProposition draws a proposition's page; refused fills in what a
// refused form needs.
func (s *Server) renderProposition(w http.ResponseWriter, r *http.Request, id int64, status int, refused func(*propositionPage)) error {
	v, ctx := stateOf(r).user, r.Context()
	prop, err := s.ground.Proposition(ctx, v, id)
	if err != nil {
		return err
	}
	b, err := s.groundBase(w, r, prop.EditionID, "ground.proposition")
	if err != nil {
		return err
	}
	p := propositionPage{groundBase: b, Proposition: prop, delegations: map[int64]dialogue.Delegation{}}
	if r.Method != http.MethodGet {
		// Switching language after a refused form comes back to the page.
		p.Here = "/propositions/" + strconv.FormatInt(id, 10)
	}
	if err := s.propositionFacts(ctx, v, &p); err != nil {
		return err
	}
	if err := s.propositionPositions(ctx, v, &p); err != nil {
		return err
	}
	// ?translate=<language> on a machine version: the translation form
	// starts from it, for a person to post-edit.
	if tr, ok := dialogue.TranslationInto(prop.Translations, r.URL.Query().Get("translate")); ok && tr.Origin == "machine" && p.CanTranslate {
		p.Translation = dialogue.Translation{Language: tr.Language, Body: tr.Body}
	}
	refused(&p)
	return s.render(w, status, "proposition.html", p)
}

// propositionFacts fills the page's tags, sources, merge target, the
// reader's delegation and what they may do.
func (s *Server) propositionFacts(ctx context.Context, v *account.User, p *propositionPage) error {
	prop := p.Proposition
	for _, c := range prop.Concepts {
		p.Concepts = append(p.Concepts, conceptLink{c, s.conceptLabel(c, string(p.Lang))})
	}
	for _, sid := range prop.Sources {
		st, err := s.dialogue.Statement(ctx, v, sid)
		if err != nil {
			return err
		}
		p.Sources = append(p.Sources, sourceLink{ID: st.ID, Title: st.Title, Language: st.Language})
	}
	if prop.MergedInto != 0 {
		into, err := s.ground.Proposition(ctx, v, prop.MergedInto)
		switch {
		case err == nil:
			p.MergedInto = &into
		case !errs.Is(err, errs.NotFound):
			return err
		}
	}
	dels, err := s.dialogue.Delegations(ctx, v, prop.EditionID)
	if err != nil {
		return err
	}
	for _, d := range dels {
		p.delegations[d.ID] = d
	}
	p.Own = dialogue.OwnIn(v, dels)
	_, refused := ground.MayRecord(v, dels, prop, 0)
	p.CanPosition = refused == nil
	p.CanTranslate = ground.MayTranslate(v, prop)
	if p.CanPreside && (prop.Status == ground.Submitted || prop.Status == ground.Published) {
		pub, err := s.ground.Propositions(ctx, v, ground.PropositionFilter{EditionID: prop.EditionID, Statuses: []string{ground.Published}})
		if err != nil {
			return err
		}
		for _, x := range pub {
			if x.ID != prop.ID {
				p.MergeTargets = append(p.MergeTargets, x)
			}
		}
	}
	return nil
}

// propositionPositions fills the positions, their history and the map's
// line, as far as the reader may see them.
func (s *Server) propositionPositions(ctx context.Context, v *account.User, p *propositionPage) error {
	prop := p.Proposition
	var err error
	p.Positions, err = s.ground.Positions(ctx, v, prop.EditionID, prop.ID)
	switch {
	case err == nil:
		p.PositionsShown = true
	case !restricted(err):
		return err
	}
	for i, x := range p.Positions {
		if p.Own != nil && x.DelegationID == p.Own.ID {
			p.OwnPosition = &p.Positions[i]
		}
	}
	p.History, err = s.ground.History(ctx, v, prop.ID)
	switch {
	case err == nil:
		p.HistoryShown = true
	case !restricted(err):
		return err
	}
	if !p.SeesPositions || prop.Status != ground.Published {
		return nil
	}
	m, err := s.ground.Map(ctx, v, prop.EditionID)
	if err != nil {
		return err
	}
	p.Blocs, p.Total = m.Blocs, len(m.Rows)
	if i := slices.IndexFunc(m.Rows, func(row ground.MapRow) bool { return row.Proposition.ID == prop.ID }); i >= 0 {
		p.Row = &m.Rows[i]
	}
	return nil
}

// propositionDo is one change a proposition's form asks for; it returns
// the flash message to show.
type propositionDo func(s *Server, r *http.Request, v *account.User, id int64) (string, error)

// propositionAction runs a form's change and goes back to the proposition
// (or to the map, for the chair's queue there), Post/Redirect/Get. A
// refused change draws the page again with the reason in the reader's
// language and what they sent.
func (s *Server) propositionAction(do propositionDo) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		flash, err := do(s, r, stateOf(r).user, id)
		if err != nil {
			e := errs.As(err)
			if e.Kind == errs.Internal || (e.Kind == errs.NotFound && e.Field == "") {
				return err
			}
			return s.renderProposition(w, r, id, e.Kind.Status(), func(p *propositionPage) {
				p.formFailure = formFailure{s.catalog.T(p.Lang, e.Key, e.Args...), e.Field}
				p.FailedForm = failedForm(r)
				f := r.PostForm
				p.Chosen = ground.PositionInput{Stance: ground.Stance(f.Get("stance")), Reason: f.Get("reason")}
				p.Translation = dialogue.Translation{Language: f.Get("language"), Body: f.Get("text"), Origin: f.Get("origin"), Review: f.Get("review")}
			})
		}
		s.flash(w, flash)
		to := fmt.Sprintf("/propositions/%d", id)
		if eid, err := formInt(r, "back_to_map"); err == nil && eid > 0 {
			to = groundPath(eid)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
}

// failedForm names the form of a request, for the page to redraw it.
func failedForm(r *http.Request) string {
	switch {
	case strings.HasSuffix(r.URL.Path, "/position"):
		return "position"
	case strings.HasSuffix(r.URL.Path, "/translations"):
		return "translation"
	}
	return "chair"
}

func propositionPosition(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	_, err := s.ground.SetPosition(r.Context(), v, id, ground.PositionInput{
		Stance: ground.Stance(r.PostForm.Get("stance")), Reason: r.PostForm.Get("reason")})
	return "ground.position_saved", err
}

func propositionPublish(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	_, err := s.ground.Publish(r.Context(), v, id)
	return "ground.published_done", err
}

func propositionWithdraw(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	_, err := s.ground.Withdraw(r.Context(), v, id)
	return "ground.withdrawn_done", err
}

func propositionMerge(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	into, err := formInt(r, "into")
	if err != nil {
		return "", err
	}
	if into == 0 {
		return "", errs.Field("into", "required", "validation.required")
	}
	_, err = s.ground.Merge(r.Context(), v, id, into)
	return "ground.merged_done", err
}

func propositionTranslate(s *Server, r *http.Request, v *account.User, id int64) (string, error) {
	f := r.PostForm
	_, err := s.ground.SetTranslation(r.Context(), v, id, dialogue.Translation{
		Language: f.Get("language"), Body: f.Get("text"), Origin: f.Get("origin"), Review: f.Get("review")})
	return "ground.translation_saved", err
}
