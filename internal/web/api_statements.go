package web

import (
	"net/http"
	"strconv"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
)

type statementIn struct {
	EditionID    int64      `json:"edition_id"`
	SessionID    int64      `json:"session_id"`
	DelegationID int64      `json:"delegation_id"`
	Speaker      string     `json:"speaker"`
	OnBehalfOf   string     `json:"on_behalf_of"`
	Language     string     `json:"language"`
	Title        string     `json:"title"`
	Text         string     `json:"text"`
	DeliveredOn  string     `json:"delivered_on"`
	Source       string     `json:"source"`
	EmbargoUntil *time.Time `json:"embargo_until"`
	Visibility   string     `json:"visibility"`
}

func (in statementIn) statement(id int64) dialogue.Statement {
	return dialogue.Statement{ID: id, EditionID: in.EditionID, SessionID: in.SessionID, DelegationID: in.DelegationID,
		Speaker: in.Speaker, OnBehalfOf: in.OnBehalfOf, Language: in.Language, Title: in.Title, Body: in.Text,
		DeliveredOn: in.DeliveredOn, Source: in.Source, EmbargoUntil: in.EmbargoUntil, Visibility: in.Visibility}
}

func queryID(r *http.Request, name string) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, errs.Field(name, "invalid_id", "error.invalid")
	}
	return id, nil
}

// statementList is a page of statements: the list is read a page at a
// time in the database, so it has a cursor to the next page instead of a
// total (counting what a reader may see would read the whole record).
type statementList struct {
	Items []dialogue.Statement `json:"items"`
	Limit int                  `json:"limit"`
	Next  *string              `json:"next"`
}

func (s *Server) apiStatements(w http.ResponseWriter, r *http.Request) error {
	f, err := statementFilter(r)
	if err != nil {
		return err
	}
	p, err := s.dialogue.Statements(r.Context(), stateOf(r).user, f)
	if err != nil {
		return err
	}
	out := statementList{Items: p.Items, Limit: f.Limit}
	if p.Next != nil {
		next := p.Next.String()
		out.Next = &next
	}
	return writeJSON(w, http.StatusOK, out)
}

// statementFilter reads a statement list's filters, page size and cursor.
func statementFilter(r *http.Request) (dialogue.StatementFilter, error) {
	f := dialogue.StatementFilter{Limit: dialogue.DefaultPage}
	var err error
	if f.EditionID, err = queryID(r, "edition"); err != nil {
		return f, err
	}
	if f.SessionID, err = queryID(r, "session"); err != nil {
		return f, err
	}
	if f.DelegationID, err = queryID(r, "delegation"); err != nil {
		return f, err
	}
	q := r.URL.Query()
	if f.Limit, err = cursorLimit(q, dialogue.DefaultPage, dialogue.MaxPage); err != nil {
		return f, err
	}
	if q.Has("after") {
		c, err := dialogue.ParseCursor(q.Get("after"))
		if err != nil {
			return f, err
		}
		f.After = &c
	}
	return f, nil
}

func (s *Server) apiStatement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.dialogue.Statement(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiStatementCreate(w http.ResponseWriter, r *http.Request) error {
	var in statementIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	st, err := s.dialogue.SaveStatement(r.Context(), stateOf(r).user, in.statement(0))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, st)
}

func (s *Server) apiStatementUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in statementIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	st, err := s.dialogue.SaveStatement(r.Context(), stateOf(r).user, in.statement(id))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

type translationIn struct {
	Text   string `json:"text"`
	Origin string `json:"origin"`
	Review string `json:"review"`
}

// translation is the text in for the language the path names; statements
// and propositions take the same body.
func (in translationIn) translation(lang string) dialogue.Translation {
	return dialogue.Translation{Language: lang, Body: in.Text, Origin: in.Origin, Review: in.Review}
}

func (s *Server) apiTranslationSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in translationIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	st, err := s.dialogue.SetTranslation(r.Context(), stateOf(r).user, id, in.translation(r.PathValue("lang")))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

type tagsIn struct {
	Add    []string `json:"add"`
	Remove []string `json:"remove"`
}

func (s *Server) apiTagsCorrect(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in tagsIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	st, err := s.dialogue.CorrectTags(r.Context(), stateOf(r).user, id, in.Add, in.Remove)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
