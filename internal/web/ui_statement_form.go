package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/country"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// The statement form: a delegate files and edits their delegation's
// statements, adds translations and corrects concept tags; the secretariat
// may do so for any delegation. The dialogue service enforces who may write
// for whom; the form only offers what makes sense.

type statementFormPage struct {
	layout
	Edition     dialogue.Edition
	Sessions    []dialogue.Session
	Delegations []dialogue.Delegation
	Groups      []country.Group
	Visibility  []string
	Statement   dialogue.Statement
	Embargo     string // datetime-local value
	formFailure
	Concepts []conceptLink
	// MaxText and MaxForm are the server's limits on the text (characters)
	// and on the whole form (bytes as sent), which statement_form.js
	// checks before sending so that nothing typed is lost to a refusal.
	MaxText, MaxForm int
	// AddTags is what the tags form sent when it was refused.
	AddTags string
	// PostEdit is the machine version a translator came to replace
	// (?translate=<language>): the translation form starts from it.
	PostEdit dialogue.Translation
}

func (s *Server) statementForm(w http.ResponseWriter, r *http.Request, status int, st dialogue.Statement, formErr error) error {
	v := stateOf(r).user
	ctx := r.Context()
	e, err := s.dialogue.Edition(ctx, v, st.EditionID)
	if err != nil {
		return err
	}
	p := statementFormPage{layout: s.layout(w, r, "record.statement_form", "editions"), Edition: e, Statement: st,
		Visibility: []string{dialogue.Draft, dialogue.OwnOnly, dialogue.Participants, dialogue.Public},
		MaxText:    dialogue.MaxStatementText, MaxForm: maxFormBytes}
	if p.Sessions, err = s.dialogue.Sessions(ctx, v, e.ID); err != nil {
		return err
	}
	ds, err := s.dialogue.Delegations(ctx, v, e.ID)
	if err != nil {
		return err
	}
	dialogue.SortDelegations(ds, string(p.Lang))
	for _, d := range ds {
		if d.Accredited && (p.IsAdmin || dialogue.IsOwn(v, d)) {
			p.Delegations = append(p.Delegations, d)
		}
	}
	gs, err := country.Groups(ctx, s.db.Reader())
	if err != nil {
		return err
	}
	for _, g := range gs {
		if g.Kind == "bloc" {
			p.Groups = append(p.Groups, g)
		}
	}
	if st.EmbargoUntil != nil {
		p.Embargo = st.EmbargoUntil.UTC().Format("2006-01-02T15:04")
	}
	for _, c := range st.Concepts {
		p.Concepts = append(p.Concepts, conceptLink{c, s.conceptLabel(c, string(p.Lang))})
	}
	if formErr != nil {
		p.AddTags = r.PostForm.Get("add")
	}
	if tr, ok := dialogue.TranslationInto(st.Translations, r.URL.Query().Get("translate")); ok && tr.Origin == "machine" {
		p.PostEdit = tr
	}
	if p.formFailure, err = s.explain(p.Lang, formErr); err != nil {
		return err
	}
	return s.render(w, status, "statement_form.html", p)
}

func (s *Server) statementNew(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.statementForm(w, r, http.StatusOK, dialogue.Statement{EditionID: id, Visibility: dialogue.Draft, Language: string(stateOf(r).lang)}, nil)
}

func (s *Server) statementEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.dialogue.Statement(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return s.statementForm(w, r, http.StatusOK, st, nil)
}

// statementFromForm reads the form; a malformed date is a field error.
func statementFromForm(r *http.Request, st dialogue.Statement) (dialogue.Statement, error) {
	f := r.PostForm
	var err error
	if st.SessionID, err = formID(r, "session_id"); err != nil {
		return st, err
	}
	if st.DelegationID, err = formID(r, "delegation_id"); err != nil {
		return st, err
	}
	st.Speaker, st.OnBehalfOf, st.Language = f.Get("speaker"), f.Get("on_behalf_of"), f.Get("language")
	st.Title, st.Body, st.DeliveredOn = f.Get("title"), f.Get("text"), f.Get("delivered_on")
	st.Source, st.Visibility = f.Get("source"), f.Get("visibility")
	st.EmbargoUntil = nil
	if e := strings.TrimSpace(f.Get("embargo_until")); e != "" {
		t, err := time.Parse("2006-01-02T15:04", e)
		if err != nil {
			return st, errs.Field("embargo_until", "invalid_date", "validation.date")
		}
		st.EmbargoUntil = &t
	}
	return st, nil
}

// saveStatement saves what the form sent; refused, it returns the form's
// statement as typed (the service's copy may have lost a field it refused,
// such as a text too long), so the form is drawn again with every word.
func (s *Server) saveStatement(r *http.Request, st dialogue.Statement) (dialogue.Statement, error) {
	saved, err := s.dialogue.SaveStatement(r.Context(), stateOf(r).user, st)
	if err != nil {
		return st, err
	}
	return saved, nil
}

func (s *Server) statementCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := statementFromForm(r, dialogue.Statement{EditionID: id})
	if err == nil {
		st, err = s.saveStatement(r, st)
	}
	if err != nil {
		return s.statementForm(w, r, errs.As(err).Kind.Status(), st, err)
	}
	http.Redirect(w, r, "/statements/"+strconv.FormatInt(st.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) statementUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	old, err := s.dialogue.Statement(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	st, err := statementFromForm(r, old)
	if err == nil {
		st, err = s.saveStatement(r, st)
	}
	if err != nil {
		return s.statementForm(w, r, errs.As(err).Kind.Status(), st, err)
	}
	s.flash(w, "record.saved")
	http.Redirect(w, r, "/statements/"+strconv.FormatInt(st.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) statementTranslate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	st, err := s.dialogue.SetTranslation(r.Context(), stateOf(r).user, id,
		dialogue.Translation{Language: f.Get("language"), Body: f.Get("text"), Origin: f.Get("origin"), Review: f.Get("review")})
	if err != nil {
		if errs.As(err).Kind == errs.Invalid {
			old, gerr := s.dialogue.Statement(r.Context(), stateOf(r).user, id)
			if gerr != nil {
				return gerr
			}
			return s.statementForm(w, r, http.StatusBadRequest, old, err)
		}
		return err
	}
	s.flash(w, "record.saved")
	http.Redirect(w, r, "/statements/"+strconv.FormatInt(st.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) statementTags(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var add []string
	for _, c := range strings.FieldsFunc(r.PostForm.Get("add"), func(r rune) bool { return r == ',' || r == ' ' }) {
		add = append(add, c)
	}
	if _, err := s.dialogue.CorrectTags(r.Context(), stateOf(r).user, id, add, r.PostForm["remove"]); err != nil {
		if errs.As(err).Kind != errs.Invalid {
			return err
		}
		st, gerr := s.dialogue.Statement(r.Context(), stateOf(r).user, id)
		if gerr != nil {
			return gerr
		}
		return s.statementForm(w, r, http.StatusBadRequest, st, err)
	}
	s.flash(w, "record.saved")
	http.Redirect(w, r, "/statements/"+strconv.FormatInt(id, 10)+"/edit", http.StatusSeeOther)
	return nil
}

// StatementLangs are the languages a statement may be in: the edition's
// working languages (and a saved statement's own, should it be another, so
// an old statement still shows what it is in).
func (p statementFormPage) StatementLangs() []i18n.Lang {
	var out []i18n.Lang
	langs := slices.Clone(p.Edition.Languages)
	if p.Statement.ID != 0 {
		langs = append(langs, p.Statement.Language)
	}
	for _, l := range langs {
		if x, ok := i18n.Parse(l); ok && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
