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

func (s *Server) apiStatements(w http.ResponseWriter, r *http.Request) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	var f dialogue.StatementFilter
	if f.EditionID, err = queryID(r, "edition"); err != nil {
		return err
	}
	if f.SessionID, err = queryID(r, "session"); err != nil {
		return err
	}
	if f.DelegationID, err = queryID(r, "delegation"); err != nil {
		return err
	}
	sts, err := s.dialogue.Statements(r.Context(), stateOf(r).user, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, window(sts, p))
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

func (s *Server) apiTranslationSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in translationIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	st, err := s.dialogue.SetTranslation(r.Context(), stateOf(r).user, id,
		dialogue.Translation{Language: r.PathValue("lang"), Body: in.Text, Origin: in.Origin, Review: in.Review})
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
