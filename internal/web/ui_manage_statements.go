package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/dialogue"
)

// statementDelete asks first; once confirmed it deletes the statement (the
// service checks that the writer may, audits it and takes it out of
// search) and goes back to the edition.
func (s *Server) statementDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := stateOf(r).user
	st, err := s.dialogue.Statement(r.Context(), v, id)
	if err != nil {
		return err
	}
	if !isConfirmed(r) {
		title := st.Title
		if title == "" {
			title = s.say(r, "record.statement") + " " + strconv.FormatInt(st.ID, 10)
		}
		detail := "manage.confirm_delete_statement_detail"
		if st.Visibility == dialogue.Public {
			detail = "manage.confirm_delete_public_statement_detail"
		}
		return s.confirm(w, r, "manage.delete_statement", "editions", confirmPage{
			Question: s.say(r, "manage.confirm_delete_statement", "title", title), Detail: s.say(r, detail),
			Action: r.URL.Path, Button: s.say(r, "manage.delete_statement"), Back: "/statements/" + strconv.FormatInt(st.ID, 10), Danger: true})
	}
	if _, err := s.dialogue.DeleteStatement(r.Context(), v, id); err != nil {
		return err
	}
	s.flash(w, "manage.flash.statement_deleted")
	http.Redirect(w, r, "/editions/"+strconv.FormatInt(st.EditionID, 10)+"#statements", http.StatusSeeOther)
	return nil
}
