package web

import (
	"net/http"
	"time"

	"roundtable/internal/dialogue"
)

// The JSON API of the dialogue record: forums, editions, sessions and
// delegations. Inputs are their own types so a client cannot set ids or
// timestamps, and unknown fields are refused.

type forumIn struct {
	Slug  string         `json:"slug"`
	Names dialogue.Texts `json:"names"`
}

func (s *Server) apiForums(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.dialogue.Forums(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[dialogue.Forum]{Items: fs, page: page{Limit: len(fs), Total: len(fs)}})
}

func (s *Server) apiForumCreate(w http.ResponseWriter, r *http.Request) error {
	var in forumIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	f, err := s.dialogue.CreateForum(r.Context(), stateOf(r).user, dialogue.Forum{Slug: in.Slug, Names: in.Names})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, f)
}

type editionIn struct {
	ForumID      int64          `json:"forum_id"`
	Number       int            `json:"number"`
	Titles       dialogue.Texts `json:"titles"`
	StartsOn     string         `json:"starts_on"`
	EndsOn       string         `json:"ends_on"`
	VenueCity    string         `json:"venue_city"`
	VenueCountry string         `json:"venue_country"`
	Host         string         `json:"host"`
	TimeZone     string         `json:"time_zone"`
	Languages    []string       `json:"languages"`
	Status       string         `json:"status"`
	Published    bool           `json:"published"`
}

func (in editionIn) edition(id int64) dialogue.Edition {
	return dialogue.Edition{ID: id, ForumID: in.ForumID, Number: in.Number, Titles: in.Titles, StartsOn: in.StartsOn, EndsOn: in.EndsOn,
		VenueCity: in.VenueCity, VenueCountry: in.VenueCountry, Host: in.Host, TimeZone: in.TimeZone, Languages: in.Languages, Status: in.Status, Published: in.Published}
}

func (s *Server) apiEditions(w http.ResponseWriter, r *http.Request) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	es, err := s.dialogue.Editions(r.Context(), stateOf(r).user)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, window(es, p))
}

func (s *Server) apiEditionCreate(w http.ResponseWriter, r *http.Request) error {
	var in editionIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := s.dialogue.CreateEdition(r.Context(), stateOf(r).user, in.edition(0))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, e)
}

func (s *Server) apiEdition(w http.ResponseWriter, r *http.Request) error {
	e, err := s.pathEdition(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

func (s *Server) apiEditionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in editionIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := s.dialogue.UpdateEdition(r.Context(), stateOf(r).user, in.edition(id))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

type sessionIn struct {
	Position int            `json:"position"`
	Titles   dialogue.Texts `json:"titles"`
	Themes   []string       `json:"themes"`
	StartsAt time.Time      `json:"starts_at"`
	EndsAt   time.Time      `json:"ends_at"`
	Chair    string         `json:"chair"`
	Room     string         `json:"room"`
}

func (in sessionIn) session(id, edition int64) dialogue.Session {
	return dialogue.Session{ID: id, EditionID: edition, Position: in.Position, Titles: in.Titles, Themes: in.Themes,
		StartsAt: in.StartsAt, EndsAt: in.EndsAt, Chair: in.Chair, Room: in.Room}
}

func (s *Server) apiSessions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	xs, err := s.dialogue.Sessions(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[dialogue.Session]{Items: xs, page: page{Limit: len(xs), Total: len(xs)}})
}

func (s *Server) apiSessionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in sessionIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if _, err := s.dialogue.Edition(r.Context(), stateOf(r).user, id); err != nil {
		return err
	}
	x, err := s.dialogue.SaveSession(r.Context(), stateOf(r).user, in.session(0, id))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := s.dialogue.Session(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

func (s *Server) apiSessionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	old, err := s.dialogue.Session(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	var in sessionIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	x, err := s.dialogue.SaveSession(r.Context(), stateOf(r).user, in.session(id, old.EditionID))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}

type delegationIn struct {
	Kind  string         `json:"kind"`
	Code  string         `json:"code"`
	Names dialogue.Texts `json:"names"`
}

func (s *Server) apiDelegations(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ds, err := s.dialogue.Delegations(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[dialogue.Delegation]{Items: ds, page: page{Limit: len(ds), Total: len(ds)}})
}

func (s *Server) apiDelegationCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in delegationIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if _, err := s.dialogue.Edition(r.Context(), stateOf(r).user, id); err != nil {
		return err
	}
	d, err := s.dialogue.AddDelegation(r.Context(), stateOf(r).user, dialogue.Delegation{EditionID: id, Kind: in.Kind, Code: in.Code, Names: in.Names})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, d)
}

func (s *Server) apiDelegation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.dialogue.Delegation(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

type accreditationIn struct {
	Accredited bool `json:"accredited" required:"true"`
}

func (s *Server) apiAccredit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in accreditationIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.dialogue.Accredit(r.Context(), stateOf(r).user, id, in.Accredited); err != nil {
		return err
	}
	return s.apiDelegation(w, r)
}

func (s *Server) apiMemberAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in dialogue.Member
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.ID = 0
	m, err := s.dialogue.AddMember(r.Context(), stateOf(r).user, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, m)
}
