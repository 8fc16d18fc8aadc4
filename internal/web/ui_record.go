package web

import (
	"net/http"
	"net/url"
	"strconv"

	"roundtable/internal/account"
	"roundtable/internal/authz"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
)

// Public pages of the dialogue record: editions, sessions, delegations and
// statements, in the reader's language, showing only what they may see.

type editionsPage struct {
	layout
	Editions []dialogue.Edition
	Forums   map[int64]dialogue.Forum
	// CanManage offers "New edition" and each edition's "Manage".
	CanManage bool
}

func (s *Server) editionsPage(w http.ResponseWriter, r *http.Request) error {
	v := stateOf(r).user
	es, err := s.dialogue.Editions(r.Context(), v)
	if err != nil {
		return err
	}
	fs, err := s.dialogue.Forums(r.Context())
	if err != nil {
		return err
	}
	p := editionsPage{layout: s.layout(w, r, "record.editions", "editions"), Editions: es, Forums: map[int64]dialogue.Forum{}, CanManage: mayManageRecord(v)}
	for _, f := range fs {
		p.Forums[f.ID] = f
	}
	return s.render(w, http.StatusOK, "editions.html", p)
}

type editionPage struct {
	layout
	Edition     dialogue.Edition
	Forum       dialogue.Forum
	Sessions    []dialogue.Session
	Statements  []dialogue.Statement // one page, in delivery order
	Delegations []dialogue.Delegation
	byID        map[int64]dialogue.Delegation
	sessions    map[int64]dialogue.Session
	Notice      string
	CanManage   bool
	CanWrite    bool
	pager
}

// DelegationName names a statement's delegation in the page's language.
func (p editionPage) DelegationName(id int64) string { return p.byID[id].Names.In(string(p.Lang)) }

// MayEdit reports whether the reader may edit (and delete) a statement:
// the secretariat any, a delegate their own delegation's.
func (p editionPage) MayEdit(st dialogue.Statement) bool {
	return p.IsAdmin || dialogue.IsOwn(p.User, p.byID[st.DelegationID])
}

// SessionTitle names a statement's session in the page's language ("" for
// a statement outside the programme).
func (p editionPage) SessionTitle(id int64) string { return p.sessions[id].Titles.In(string(p.Lang)) }

// pager links a page of a long list to the first page and the next one.
type pager struct{ First, Next string }

// pageOfStatements reads the page of statements a record page asks for with
// ?after=, and the links to the first and the next page.
func (s *Server) pageOfStatements(r *http.Request, f dialogue.StatementFilter) ([]dialogue.Statement, pager, error) {
	var pg pager
	if a := r.URL.Query().Get("after"); a != "" {
		c, err := dialogue.ParseCursor(a)
		if err != nil {
			return nil, pg, err
		}
		f.After, pg.First = &c, r.URL.Path
	}
	p, err := s.dialogue.Statements(r.Context(), stateOf(r).user, f)
	if err != nil {
		return nil, pg, err
	}
	if p.Next != nil {
		pg.Next = r.URL.Path + "?" + url.Values{"after": {p.Next.String()}}.Encode()
	}
	return p.Items, pg, nil
}

func (s *Server) editionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := stateOf(r).user
	ctx := r.Context()
	e, err := s.dialogue.Edition(ctx, v, id)
	if err != nil {
		return err
	}
	p := editionPage{layout: s.layout(w, r, "record.edition", "editions"), Edition: e, byID: map[int64]dialogue.Delegation{}}
	fs, err := s.dialogue.Forums(ctx)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if f.ID == e.ForumID {
			p.Forum = f
		}
	}
	if p.Sessions, err = s.dialogue.Sessions(ctx, v, id); err != nil {
		return err
	}
	p.sessions = map[int64]dialogue.Session{}
	for _, x := range p.Sessions {
		p.sessions[x.ID] = x
	}
	if p.Statements, p.pager, err = s.pageOfStatements(r, dialogue.StatementFilter{EditionID: id}); err != nil {
		return err
	}
	if p.Delegations, err = s.dialogue.Delegations(ctx, v, id); err != nil {
		return err
	}
	dialogue.SortDelegations(p.Delegations, string(p.Lang))
	for _, d := range p.Delegations {
		p.byID[d.ID] = d
	}
	if s.notice != nil {
		p.Notice = s.notice(e, string(p.Lang))
	}
	p.CanManage = mayManageRecord(v)
	p.CanWrite = v != nil && (p.IsAdmin || v.Role == "delegate")
	return s.render(w, http.StatusOK, "edition.html", p)
}

type sessionPage struct {
	layout
	Edition    dialogue.Edition
	Session    dialogue.Session
	Statements []dialogue.Statement
	byID       map[int64]dialogue.Delegation
	pager
}

// DelegationName names a statement's delegation in the page's language.
func (p sessionPage) DelegationName(id int64) string { return p.byID[id].Names.In(string(p.Lang)) }

func (s *Server) sessionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := stateOf(r).user
	ctx := r.Context()
	x, err := s.dialogue.Session(ctx, v, id)
	if err != nil {
		return err
	}
	e, err := s.dialogue.Edition(ctx, v, x.EditionID)
	if err != nil {
		return err
	}
	p := sessionPage{layout: s.layout(w, r, "record.session", "editions"), Edition: e, Session: x, byID: map[int64]dialogue.Delegation{}}
	if p.Statements, p.pager, err = s.pageOfStatements(r, dialogue.StatementFilter{SessionID: id}); err != nil {
		return err
	}
	ds, err := s.dialogue.Delegations(ctx, v, e.ID)
	if err != nil {
		return err
	}
	for _, d := range ds {
		p.byID[d.ID] = d
	}
	return s.render(w, http.StatusOK, "session.html", p)
}

type delegationPage struct {
	layout
	Edition    dialogue.Edition
	Delegation dialogue.Delegation
	Statements []dialogue.Statement
	pager
}

func (s *Server) delegationPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := stateOf(r).user
	d, err := s.dialogue.Delegation(r.Context(), v, id)
	if err != nil {
		return err
	}
	e, err := s.dialogue.Edition(r.Context(), v, d.EditionID)
	if err != nil {
		return err
	}
	p := delegationPage{layout: s.layout(w, r, "record.delegation", "editions"), Edition: e, Delegation: d}
	if p.Statements, p.pager, err = s.pageOfStatements(r, dialogue.StatementFilter{DelegationID: id}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "delegation.html", p)
}

type statementPage struct {
	layout
	Statement  dialogue.Statement
	Edition    dialogue.Edition
	Session    *dialogue.Session
	Delegation dialogue.Delegation
	Concepts   []conceptLink
	CanEdit    bool
	// ClaimChecks are the figures of the statement checked against the data.
	ClaimChecks claimChecksHTML
}

// conceptLink is a concept as a statement page links to it.
type conceptLink struct{ ID, Label string }

func (s *Server) statementPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := stateOf(r).user
	ctx := r.Context()
	st, err := s.dialogue.Statement(ctx, v, id)
	if err != nil {
		return err
	}
	p := statementPage{layout: s.layout(w, r, "record.statement", "editions"), Statement: st}
	if p.Edition, err = s.dialogue.Edition(ctx, v, st.EditionID); err != nil {
		return err
	}
	if p.Delegation, err = s.dialogue.Delegation(ctx, v, st.DelegationID); err != nil {
		return err
	}
	if st.SessionID != 0 {
		x, err := s.dialogue.Session(ctx, v, st.SessionID)
		if err != nil {
			return err
		}
		p.Session = &x
	}
	for _, c := range st.Concepts {
		p.Concepts = append(p.Concepts, conceptLink{c, s.conceptLabel(c, string(p.Lang))})
	}
	p.CanEdit = p.IsAdmin || dialogue.IsOwn(v, p.Delegation)
	if p.ClaimChecks, err = s.claimChecks(ctx, p.layout, st.ID); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "statement.html", p)
}

// conceptLabel names a concept in lang when a thesaurus is wired in.
func (s *Server) conceptLabel(id, lang string) string {
	if s.concepts != nil {
		if l := s.concepts(id, lang); l != "" {
			return l
		}
	}
	return id
}

// mayManageRecord reports whether v may set up editions (authz.ManageRecord).
func mayManageRecord(v *account.User) bool {
	return v != nil && authz.Allowed(v.Role, authz.ManageRecord)
}

func formID(r *http.Request, name string) (int64, error) {
	v := r.PostForm.Get(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, errs.Field(name, "invalid_id", "error.invalid")
	}
	return id, nil
}

type dialogueTexts = dialogue.Texts

// pathEdition is the edition named by the {id} of the path, if the viewer
// may see it.
func (s *Server) pathEdition(r *http.Request) (dialogue.Edition, error) {
	id, err := pathID(r)
	if err != nil {
		return dialogue.Edition{}, err
	}
	return s.dialogue.Edition(r.Context(), stateOf(r).user, id)
}
