package web

import "net/http"

// A destructive action (delete, disable, reset a password) is never one
// click. Its button posts to the action without confirm=yes; the action
// then changes nothing and answers with a page that says what will happen
// and asks again (a form posting the same fields with confirm=yes) or goes
// back. Once confirmed, the action answers with a redirect
// (post/redirect/get), so reloading repeats nothing:
//
//	if !isConfirmed(r) {
//		return s.confirm(w, r, "users.title", "users", confirmPage{...})
//	}

type confirmPage struct {
	layout
	// Question and Detail are translated: what is about to happen and
	// what it means ("Delete the session 'Opening'?", "Its statements …").
	Question, Detail string
	// Action is where the form posts; Fields are carried as hidden inputs.
	Action string
	Fields []confirmField
	// Button is the translated verb of the action ("Delete session").
	Button string
	// Back is where "cancel" leads.
	Back string
	// Danger styles the button as destructive (it cannot be undone).
	Danger bool
}

type confirmField struct{ Name, Value string }

// isConfirmed reports whether the form carries the confirmation page's
// confirm=yes.
func isConfirmed(r *http.Request) bool { return r.PostForm.Get("confirm") == "yes" }

// confirm renders the confirmation page; titleKey and nav are the layout's.
func (s *Server) confirm(w http.ResponseWriter, r *http.Request, titleKey, nav string, p confirmPage) error {
	p.layout = s.layout(w, r, titleKey, nav)
	return s.render(w, http.StatusOK, "confirm.html", p)
}
