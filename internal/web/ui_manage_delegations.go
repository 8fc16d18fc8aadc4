package web

import (
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// A delegation's own management page: its kind and names, its members
// (each edited or removed in place), and its removal.

type delegationFormPage struct {
	layout
	Edition    dialogue.Edition
	Delegation dialogue.Delegation
	Kinds      []string
	Roles      []string
	// FailedMember is the member whose form failed (its fields are drawn
	// as typed and the error shown beside it); 0 for the delegation's form.
	FailedMember int64
	formFailure
}

// pathDelegation is the delegation of the path with its edition.
func (s *Server) pathDelegation(r *http.Request) (dialogue.Delegation, dialogue.Edition, error) {
	id, err := pathID(r)
	if err != nil {
		return dialogue.Delegation{}, dialogue.Edition{}, err
	}
	v := stateOf(r).user
	d, err := s.dialogue.Delegation(r.Context(), v, id)
	if err != nil {
		return d, dialogue.Edition{}, err
	}
	e, err := s.dialogue.Edition(r.Context(), v, d.EditionID)
	return d, e, err
}

func (s *Server) delegationForm(w http.ResponseWriter, r *http.Request, status int, e dialogue.Edition, d dialogue.Delegation, member int64, formErr error) error {
	p := delegationFormPage{layout: s.layout(w, r, "manage.edit_delegation", "editions"), Edition: e, Delegation: d,
		Kinds: []string{dialogue.KindCountry, dialogue.KindGroup, dialogue.KindOrganisation}, Roles: dialogue.MemberRoles, FailedMember: member}
	var err error
	if p.formFailure, err = s.explain(p.Lang, formErr); err != nil {
		return err
	}
	return s.render(w, status, "manage_delegation.html", p)
}

func (s *Server) delegationEdit(w http.ResponseWriter, r *http.Request) error {
	d, e, err := s.pathDelegation(r)
	if err != nil {
		return err
	}
	return s.delegationForm(w, r, http.StatusOK, e, d, 0, nil)
}

// delegationUpdate saves a delegation's kind and names; names left empty
// for a country or a group are the reference data's.
func (s *Server) delegationUpdate(w http.ResponseWriter, r *http.Request) error {
	d, e, err := s.pathDelegation(r)
	if err != nil {
		return err
	}
	d.Kind, d.Names = r.PostForm.Get("kind"), dialogue.Texts{}
	for _, l := range i18n.Supported {
		if n := strings.TrimSpace(r.PostForm.Get("name_" + string(l))); n != "" {
			d.Names[string(l)] = n
		}
	}
	if _, err := s.dialogue.UpdateDelegation(r.Context(), stateOf(r).user, d); err != nil {
		return s.delegationForm(w, r, errs.As(err).Kind.Status(), e, d, 0, err)
	}
	return s.backToManage(w, r, e.ID)
}

// delegationDelete asks first; once confirmed it removes the delegation,
// or answers 409 while it has statements or requests for the floor.
func (s *Server) delegationDelete(w http.ResponseWriter, r *http.Request) error {
	d, e, err := s.pathDelegation(r)
	if err != nil {
		return err
	}
	if !isConfirmed(r) {
		return s.confirm(w, r, "manage.delete_delegation", "editions", confirmPage{
			Question: s.say(r, "manage.confirm_delete_delegation", "name", d.Names.In(string(stateOf(r).lang))), Detail: s.say(r, "manage.confirm_delete_delegation_detail"),
			Action: r.URL.Path, Button: s.say(r, "manage.delete_delegation"), Back: manageURL(e.ID), Danger: true})
	}
	if _, err := s.dialogue.DeleteDelegation(r.Context(), stateOf(r).user, d.ID); err != nil {
		return err
	}
	s.flash(w, "manage.flash.delegation_deleted")
	http.Redirect(w, r, manageURL(e.ID), http.StatusSeeOther)
	return nil
}

// pathMember is the {member} of the path.
func pathMember(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("member"), 10, 64)
	if err != nil || id < 1 {
		return 0, errs.ErrNotFound
	}
	return id, nil
}

func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request) error {
	d, e, err := s.pathDelegation(r)
	if err != nil {
		return err
	}
	id, err := pathMember(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	m := dialogue.Member{ID: id, Name: f.Get("name"), Title: f.Get("title"), Role: f.Get("role")}
	if _, err := s.dialogue.UpdateMember(r.Context(), stateOf(r).user, d.ID, m); err != nil {
		for i := range d.Members {
			if d.Members[i].ID == id {
				d.Members[i] = m // drawn again as typed
			}
		}
		return s.delegationForm(w, r, errs.As(err).Kind.Status(), e, d, id, err)
	}
	s.flash(w, "record.saved")
	http.Redirect(w, r, delegationEditURL(d.ID), http.StatusSeeOther)
	return nil
}

// memberDelete asks first; once confirmed it takes the person off the
// delegation.
func (s *Server) memberDelete(w http.ResponseWriter, r *http.Request) error {
	d, _, err := s.pathDelegation(r)
	if err != nil {
		return err
	}
	id, err := pathMember(r)
	if err != nil {
		return err
	}
	var name string
	for _, m := range d.Members {
		if m.ID == id {
			name = m.Name
		}
	}
	if name == "" {
		return errs.ErrNotFound
	}
	if !isConfirmed(r) {
		return s.confirm(w, r, "manage.remove_member", "editions", confirmPage{
			Question: s.say(r, "manage.confirm_remove_member", "name", name, "delegation", d.Names.In(string(stateOf(r).lang))),
			Action:   r.URL.Path, Button: s.say(r, "manage.remove_member"), Back: delegationEditURL(d.ID), Danger: true})
	}
	if _, err := s.dialogue.RemoveMember(r.Context(), stateOf(r).user, d.ID, id); err != nil {
		return err
	}
	s.flash(w, "manage.flash.member_removed")
	http.Redirect(w, r, delegationEditURL(d.ID), http.StatusSeeOther)
	return nil
}

func delegationEditURL(id int64) string { return "/delegations/" + strconv.FormatInt(id, 10) + "/edit" }
