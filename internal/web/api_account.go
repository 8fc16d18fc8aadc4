package web

import (
	"net/http"

	"roundtable/internal/account"
	"roundtable/internal/i18n"
)

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, stateOf(r).user)
}

// mePatch is what users may change about themselves: not their role.
type mePatch struct {
	DisplayName *string `json:"display_name"`
	Language    *string `json:"language"`
}

func (s *Server) apiMeUpdate(w http.ResponseWriter, r *http.Request) error {
	var in mePatch
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	u := stateOf(r).user
	p := account.Patch{DisplayName: in.DisplayName}
	if in.Language != nil {
		l := langOf(*in.Language)
		p.Language = &l
	}
	updated, err := s.accounts.Update(r.Context(), u.Actor(), u.ID, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, updated)
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) error {
	toks, err := s.accounts.Tokens(r.Context(), *stateOf(r).user)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[account.Token]{Items: toks, page: page{Limit: len(toks), Total: len(toks)}})
}

type newToken struct {
	Name string `json:"name"`
}

type createdToken struct {
	account.Token
	Secret string `json:"token"`
}

func (s *Server) apiTokenCreate(w http.ResponseWriter, r *http.Request) error {
	var in newToken
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	t, secret, err := s.accounts.CreateToken(r.Context(), *stateOf(r).user, in.Name)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, createdToken{Token: t, Secret: secret})
}

func (s *Server) apiTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.accounts.RevokeToken(r.Context(), *stateOf(r).user, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	users, total, err := s.accounts.List(r.Context(), p.Limit, p.Offset)
	if err != nil {
		return err
	}
	p.Total = total
	return writeJSON(w, http.StatusOK, list[account.User]{Items: users, page: p})
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.accounts.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

// userCreated carries the one-time password, shown in this answer only:
// it signs in once, to choose a new password (must_change_password).
type userCreated struct {
	account.User
	Password string `json:"one_time_password"`
}

type newUserIn struct {
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	Language    string `json:"language"`
	Role        string `json:"role"`
	Delegation  string `json:"delegation"`
}

func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request) error {
	var in newUserIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	u, pw, err := s.accounts.CreateWithOneTimePassword(r.Context(), stateOf(r).user.Actor(), account.NewUser{
		Email: in.Email, DisplayName: in.DisplayName, Language: langOf(in.Language),
		Role: account.Role(in.Role), Delegation: in.Delegation,
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, userCreated{User: u, Password: pw})
}

type userPatchIn struct {
	DisplayName *string `json:"display_name"`
	Language    *string `json:"language"`
	Role        *string `json:"role"`
	Delegation  *string `json:"delegation"`
	Disabled    *bool   `json:"disabled"`
}

func (s *Server) apiUserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in userPatchIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p := account.Patch{DisplayName: in.DisplayName, Delegation: in.Delegation, Disabled: in.Disabled}
	if in.Language != nil {
		l := langOf(*in.Language)
		p.Language = &l
	}
	if in.Role != nil {
		role := account.Role(*in.Role)
		p.Role = &role
	}
	u, err := s.accounts.Update(r.Context(), stateOf(r).user.Actor(), id, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) apiUserResetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pw, err := s.accounts.IssuePassword(r.Context(), stateOf(r).user.Actor(), id)
	if err != nil {
		return err
	}
	u, err := s.accounts.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, userCreated{User: u, Password: pw})
}

// langOf passes a language code on to account validation, which reports an
// unknown one as a field error.
func langOf(s string) i18n.Lang { return i18n.Lang(s) }
