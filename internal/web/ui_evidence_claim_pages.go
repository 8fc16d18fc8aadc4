package web

import (
	"net/http"
	"strconv"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/errs"
	"roundtable/internal/evidence"
)

// mayCheckClaims reports whether v may keep claim checks on statements.
func mayCheckClaims(v *account.User) bool {
	return v != nil && authz.Allowed(v.Role, authz.CheckClaims)
}

// claimCheckPage is /evidence/check: anyone runs a check without keeping
// it; the method note says how every figure is made.
type claimCheckPage struct {
	layout
	claimOptions
	Form   claimForm
	Answer *claimView
	// StatementID is the statement whose figure the form keeps a check
	// of; 0 on /evidence/check.
	StatementID    int64
	StatementTitle string
}

// Lists are the form's two lists of areas and groups: a share's
// numerator and denominator (a value uses the first).
func (claimCheckPage) Lists() []string { return []string{"areas", "of"} }

func (s *Server) claimCheckPage(w http.ResponseWriter, r *http.Request) error {
	ctx, lang := r.Context(), stateOf(r).lang
	book, gs, err := s.claimBook(ctx)
	if err != nil {
		return err
	}
	p := claimCheckPage{layout: s.layout(w, r, "evidence_claims.check_title", "evidence"), Form: claimForm{Kind: "share"}}
	if p.claimOptions, err = s.claimOptions(ctx, lang, gs); err != nil {
		return err
	}
	q := r.URL.Query()
	status := http.StatusOK
	if q.Has("kind") {
		form, spec, stated, err := claimFromForm(q)
		p.Form = form
		if err == nil {
			var a evidence.Answer
			if a, err = book.Check(ctx, spec); err == nil {
				a.Judge(stated)
				words, werr := s.claimWords(ctx, p.layout, gs)
				if werr != nil {
					return werr
				}
				v := words.view(0, "", spec, &a, "")
				p.Answer = &v
			}
		}
		if err != nil {
			status = errs.As(err).Kind.Status()
			if p.Form.formFailure, err = s.explain(lang, err, errs.Invalid, errs.NotFound); err != nil {
				return err
			}
		}
	}
	return s.render(w, status, "evidence_claim_check.html", p)
}

func (s *Server) claimAddForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderClaimAdd(w, r, http.StatusOK, claimForm{Kind: "share"})
}

func (s *Server) renderClaimAdd(w http.ResponseWriter, r *http.Request, status int, f claimForm) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	stmt, err := s.dialogue.Statement(ctx, st.user, id)
	if err != nil {
		return err
	}
	_, gs, err := s.claimBook(ctx)
	if err != nil {
		return err
	}
	p := claimCheckPage{layout: s.layout(w, r, "evidence_claims.add_title", "editions"), StatementID: id, StatementTitle: stmt.Title, Form: f}
	p.Here = "/statements/" + strconv.FormatInt(id, 10) + "/claims/new"
	if p.claimOptions, err = s.claimOptions(ctx, st.lang, gs); err != nil {
		return err
	}
	return s.render(w, status, "evidence_claim_check.html", p)
}

func (s *Server) claimAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	form, spec, stated, err := claimFromForm(r.PostForm)
	if err == nil {
		book, _, berr := s.claimBook(ctx)
		if berr != nil {
			return berr
		}
		_, err = book.AddClaim(ctx, stateOf(r).user, id, form.Quote, spec, stated)
	}
	if err != nil {
		if errs.Is(err, errs.NotFound) && errs.As(err).Code == "statement_not_found" {
			return err
		}
		status := errs.As(err).Kind.Status()
		if form.formFailure, err = s.explain(stateOf(r).lang, err, errs.Invalid, errs.NotFound); err != nil {
			return err
		}
		return s.renderClaimAdd(w, r, status, form)
	}
	s.flash(w, "evidence_claims.added")
	http.Redirect(w, r, "/statements/"+strconv.FormatInt(id, 10)+"#claims", http.StatusSeeOther)
	return nil
}

func (s *Server) claimDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	claim, err := strconv.ParseInt(r.PathValue("claim"), 10, 64)
	if err != nil || claim <= 0 {
		return errs.ErrNotFound
	}
	book, _, err := s.claimBook(r.Context())
	if err != nil {
		return err
	}
	if err := book.DeleteClaim(r.Context(), stateOf(r).user, claim); err != nil {
		return err
	}
	s.flash(w, "evidence_claims.deleted")
	http.Redirect(w, r, "/statements/"+strconv.FormatInt(id, 10)+"#claims", http.StatusSeeOther)
	return nil
}
