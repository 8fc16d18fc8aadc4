package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// outcomeRulesSave sets the rules of the forum an edition belongs to (how
// long silence lasts at least, whether a vote may follow consensus), from
// the edition's management page, where the secretariat sets up the rest.
func (s *Server) outcomeRulesSave(w http.ResponseWriter, r *http.Request) error {
	e, err := s.pathEdition(r)
	if err != nil {
		return err
	}
	in := outcome.Rules{Adoption: r.PostForm.Get("adoption")}
	if h := r.PostForm.Get("silence_min_hours"); h != "" {
		if in.SilenceMinHours, err = strconv.Atoi(h); err != nil || in.SilenceMinHours <= 0 {
			in.SilenceMinHours = -1 // the service names the field and its range
		}
	}
	if _, err := s.outcome.SetRules(r.Context(), stateOf(r).user, e.ForumID, in); err != nil {
		if errs.As(err).Kind == errs.Internal {
			return err
		}
		return s.manageForm(w, r, errs.As(err).Kind.Status(), e, err)
	}
	http.Redirect(w, r, "/editions/"+strconv.FormatInt(e.ID, 10)+"/manage#outcome-rules", http.StatusSeeOther)
	return nil
}
