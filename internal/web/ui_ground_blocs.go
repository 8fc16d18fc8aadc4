package web

import (
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/i18n"
)

// blocsPage is where the secretariat declares an edition's blocs: one
// form per bloc (code, names in every language, order, members) and one
// for a new bloc.
type blocsPage struct {
	groundBase
	Blocs       []ground.Bloc
	Forms       []blocForm // one per bloc, in the order of Blocs
	New         blocForm
	Delegations []dialogue.Delegation
}

// blocForm is one bloc's form: what it holds and, when it was refused,
// why.
type blocForm struct {
	ID     int64 // 0: the new bloc's form
	Action string
	Input  ground.BlocInput
	formFailure
}

// DelegationLabel names a delegation in the page's language.
func (p blocsPage) DelegationLabel(d dialogue.Delegation) string {
	if n := d.Names.In(string(p.Lang)); n != "" {
		return n
	}
	return d.Code
}

// blocFields is what the fields of one bloc's form need: the form and
// the page around it.
type blocFields struct {
	Form blocForm
	Page blocsPage
}

// With pairs a form with the page, for the fields' template.
func (p blocsPage) With(f blocForm) blocFields { return blocFields{f, p} }

// NameIn is a bloc form's name in a language ("" if none).
func (p blocsPage) NameIn(f blocForm, l i18n.Lang) string { return f.Input.Names[string(l)] }

func (s *Server) blocsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderBlocs(w, r, id, http.StatusOK, nil)
}

// renderBlocs draws the page; failed is the refused form, drawn with what
// was sent.
func (s *Server) renderBlocs(w http.ResponseWriter, r *http.Request, editionID int64, status int, failed *blocForm) error {
	v, ctx := stateOf(r).user, r.Context()
	b, err := s.groundBase(w, r, editionID, "ground.blocs_title")
	if err != nil {
		return err
	}
	p := blocsPage{groundBase: b, New: blocForm{Action: "/editions/" + strconv.FormatInt(editionID, 10) + "/blocs",
		Input: ground.BlocInput{Names: dialogue.Texts{}}}}
	if r.Method != http.MethodGet {
		p.Here = "/editions/" + strconv.FormatInt(editionID, 10) + "/blocs"
	}
	if p.Blocs, err = s.ground.Blocs(ctx, v, editionID); err != nil {
		return err
	}
	if p.Delegations, err = s.dialogue.Delegations(ctx, v, editionID); err != nil {
		return err
	}
	for _, x := range p.Blocs {
		f := blocForm{ID: x.ID, Action: "/blocs/" + strconv.FormatInt(x.ID, 10),
			Input: ground.BlocInput{Code: x.Code, Names: x.Names, Position: x.Position, Members: x.Members}}
		if failed != nil && failed.ID == x.ID {
			f.Input, f.formFailure = failed.Input, failed.formFailure
		}
		p.Forms = append(p.Forms, f)
	}
	if failed != nil && failed.ID == 0 {
		p.New.Input, p.New.formFailure = failed.Input, failed.formFailure
	}
	return s.render(w, status, "blocs.html", p)
}

// blocFromForm reads a bloc's form.
func blocFromForm(r *http.Request) (ground.BlocInput, error) {
	f := r.PostForm
	in := ground.BlocInput{Code: f.Get("code"), Names: dialogue.Texts{}, Members: f["members"]}
	for _, l := range i18n.Supported {
		if n := strings.TrimSpace(f.Get("name_" + string(l))); n != "" {
			in.Names[string(l)] = n
		}
	}
	if pos := strings.TrimSpace(f.Get("position")); pos != "" {
		n, err := strconv.Atoi(pos)
		if err != nil {
			return in, errs.Field("position", "invalid_number", "error.invalid")
		}
		in.Position = n
	}
	return in, nil
}

// blocRefused draws the blocs page again with a refused form's reason,
// or returns an error nobody can fix from the form.
func (s *Server) blocRefused(w http.ResponseWriter, r *http.Request, editionID, blocID int64, in ground.BlocInput, err error) error {
	status := errs.As(err).Kind.Status()
	ff, err := s.explain(stateOf(r).lang, err, errs.Invalid, errs.Forbidden, errs.Conflict)
	if err != nil {
		return err
	}
	return s.renderBlocs(w, r, editionID, status, &blocForm{ID: blocID, Input: in, formFailure: ff})
}

func (s *Server) blocCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := blocFromForm(r)
	if err == nil {
		_, err = s.ground.CreateBloc(r.Context(), stateOf(r).user, id, in)
	}
	if err != nil {
		return s.blocRefused(w, r, id, 0, in, err)
	}
	return s.backToBlocs(w, r, id, "ground.bloc_saved")
}

// blocTarget is the bloc the path names and the edition its form names
// (the page to come back to); the service checks the bloc itself.
func blocTarget(r *http.Request) (id, edition int64, err error) {
	if id, err = pathID(r); err != nil {
		return 0, 0, err
	}
	edition, err = formInt(r, "edition")
	if err == nil && edition <= 0 {
		err = errs.ErrNotFound
	}
	return id, edition, err
}

// backToBlocs shows the secretariat the edition's blocs again with a note
// of what was done (key).
func (s *Server) backToBlocs(w http.ResponseWriter, r *http.Request, edition int64, key string) error {
	s.flash(w, key)
	http.Redirect(w, r, "/editions/"+strconv.FormatInt(edition, 10)+"/blocs", http.StatusSeeOther)
	return nil
}

func (s *Server) blocUpdate(w http.ResponseWriter, r *http.Request) error {
	id, edition, err := blocTarget(r)
	if err != nil {
		return err
	}
	in, err := blocFromForm(r)
	if err == nil {
		var b ground.Bloc
		if b, err = s.ground.UpdateBloc(r.Context(), stateOf(r).user, id, in); err == nil {
			edition = b.EditionID
		}
	}
	if err != nil {
		return s.blocRefused(w, r, edition, id, in, err)
	}
	return s.backToBlocs(w, r, edition, "ground.bloc_saved")
}

func (s *Server) blocDelete(w http.ResponseWriter, r *http.Request) error {
	id, edition, err := blocTarget(r)
	if err != nil {
		return err
	}
	if err := s.ground.DeleteBloc(r.Context(), stateOf(r).user, id); err != nil {
		return err
	}
	return s.backToBlocs(w, r, edition, "ground.bloc_deleted")
}
