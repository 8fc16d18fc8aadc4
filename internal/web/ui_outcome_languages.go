package web

import (
	"net/http"
	"net/url"

	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// outcomeLanguagesPage sets a document's working text in two of the
// edition's languages side by side, paragraph by paragraph, each version
// with its status (the negotiating text, machine, draft, reviewed,
// authentic, outdated, missing); the chair edits a version in place.
type outcomeLanguagesPage struct {
	outcomeBase
	A, B      string
	Rows      []outcome.SideRow
	WorkLangs []string // the edition's working languages
	// Revision is the revision shown, for a reader outside the room (the
	// adopted one); -1 for the working text.
	Revision     int
	TextStatuses []string
	// A refused edit: the reason, which cell ("LABEL-lang") and what
	// was sent.
	formFailure
	FailedCell string
	Typed      outcome.TranslationInput
}

// Badge is the status a version shows: outdated wins over the status it
// was given, since the wording it translates has moved on.
func (p outcomeLanguagesPage) Badge(t outcome.LangText) string {
	if t.Outdated {
		return "outdated"
	}
	return t.Status
}

// side is one language's cell of a row.
type side struct {
	Lang string
	Text outcome.LangText
}

// Sides are a row's two cells, a then b.
func (p outcomeLanguagesPage) Sides(row outcome.SideRow) []side {
	return []side{{p.A, row.A}, {p.B, row.B}}
}

// Editable: the chair may edit lang's version in place (not the
// negotiating text itself, which moves on the status view).
func (p outcomeLanguagesPage) Editable(lang string) bool {
	return p.Presides && p.Open() && p.Revision < 0 && lang != p.Document.Language
}

// Cell is a version as its edit form shows it: what a refused form sent,
// else the version itself.
func (p outcomeLanguagesPage) Cell(label, lang string, t outcome.LangText) outcome.TranslationInput {
	if p.FailedCell == label+"-"+lang {
		return p.Typed
	}
	status := t.Status
	if status == outcome.Missing || status == outcome.Negotiating {
		status = "draft"
	}
	return outcome.TranslationInput{Text: t.Text, Status: status}
}

// PageURL is the page's own address for languages a and b.
func (p outcomeLanguagesPage) PageURL() string {
	return p.DocURL() + "/languages?" + url.Values{"a": {p.A}, "b": {p.B}}.Encode()
}

func (s *Server) outcomeLanguages(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	return s.renderOutcomeLanguages(w, r, id, q.Get("a"), q.Get("b"), http.StatusOK, func(*outcomeLanguagesPage) {})
}

// renderOutcomeLanguages draws the side-by-side view of languages a and b
// ("" for the defaults: the negotiating language, and the first other
// working language); refused fills in a refused edit.
func (s *Server) renderOutcomeLanguages(w http.ResponseWriter, r *http.Request, id int64, a, b string, status int, refused func(*outcomeLanguagesPage)) error {
	v, ctx := stateOf(r).user, r.Context()
	base, err := s.outcomeBase(w, r, id, tabLanguages, "outcome.languages_title")
	if err != nil {
		return err
	}
	p := outcomeLanguagesPage{outcomeBase: base, A: a, B: b, WorkLangs: base.Edition.Languages, Revision: -1,
		TextStatuses: outcome.TextStatuses}
	if p.A == "" {
		p.A = base.Document.Language
	}
	if p.B == "" {
		p.B = p.A
		for _, l := range p.WorkLangs {
			if l != p.A {
				p.B = l
				break
			}
		}
	}
	// Outside the room the adopted text is read as adopted, not as
	// worked on since.
	if !base.InRoom && base.Document.AdoptedNumber != nil {
		p.Revision = *base.Document.AdoptedNumber
	}
	if p.Rows, err = s.outcome.SideBySide(ctx, v, id, p.A, p.B, p.Revision); err != nil {
		return err
	}
	refused(&p)
	return s.render(w, status, "outcome_languages.html", p)
}

// outcomeTranslate writes a paragraph's version in a language and goes
// back to the side-by-side view the chair came from.
func (s *Server) outcomeTranslate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, label, lang := r.PostForm, r.PathValue("label"), r.PathValue("lang")
	in := outcome.TranslationInput{Text: f.Get("text"), Status: f.Get("status")}
	a, b := f.Get("a"), f.Get("b")
	if _, err := s.outcome.SetTranslation(r.Context(), stateOf(r).user, id, label, lang, in); err != nil {
		e := errs.As(err)
		if e.Kind == errs.Internal || (e.Kind == errs.NotFound && e.Field == "") {
			return err
		}
		return s.renderOutcomeLanguages(w, r, id, a, b, e.Kind.Status(), func(p *outcomeLanguagesPage) {
			p.formFailure = formFailure{s.fieldMessage(p.Lang, e), e.Field}
			p.FailedCell, p.Typed = label+"-"+lang, in
			p.Here = p.PageURL()
		})
	}
	s.flash(w, "outcome.translation_saved")
	to := outcomeDocPath(id) + "/languages?" + url.Values{"a": {a}, "b": {b}}.Encode() + "#row-" + label
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
