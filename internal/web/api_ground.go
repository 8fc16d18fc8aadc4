package web

import (
	"context"
	"net/http"
	"strconv"

	"roundtable/internal/authz"
	"roundtable/internal/ground"
	"roundtable/internal/visibility"
)

// groundAPIRoutes are the JSON API of common ground. Package ground
// decides who may do what beyond the role (a delegate for their own
// delegation only) and who reads positions (positions_restricted).
func (s *Server) groundAPIRoutes() []route {
	return []route{
		{"GET", "/api/v1/editions/{id}/blocs", authz.ViewGround, groundRead(s, (*ground.Service).Blocs, apiAll)},
		{"POST", "/api/v1/editions/{id}/blocs", authz.ManageBlocs, groundWrite(s, http.StatusCreated, (*ground.Service).CreateBloc)},
		{"PUT", "/api/v1/blocs/{id}", authz.ManageBlocs, groundWrite(s, http.StatusOK, (*ground.Service).UpdateBloc)},
		{"DELETE", "/api/v1/blocs/{id}", authz.ManageBlocs, s.apiBlocDelete},
		{"GET", "/api/v1/editions/{id}/ground/settings", authz.ViewGround, groundRead(s, (*ground.Service).Settings, same)},
		{"PUT", "/api/v1/editions/{id}/ground/settings", authz.PresideGround, s.apiGroundSettingsSet},

		{"GET", "/api/v1/editions/{id}/propositions", authz.ViewGround, s.apiPropositions},
		{"POST", "/api/v1/editions/{id}/propositions", authz.Propose, groundWrite(s, http.StatusCreated, (*ground.Service).Propose)},
		{"GET", "/api/v1/propositions/{id}", authz.ViewGround, groundRead(s, (*ground.Service).Proposition, same)},
		{"POST", "/api/v1/propositions/{id}/publish", authz.PresideGround, s.apiPropositionDo((*ground.Service).Publish)},
		{"POST", "/api/v1/propositions/{id}/withdraw", authz.PresideGround, s.apiPropositionDo((*ground.Service).Withdraw)},
		{"POST", "/api/v1/propositions/{id}/merge", authz.PresideGround, s.apiPropositionMerge},
		{"PUT", "/api/v1/propositions/{id}/translations/{lang}", authz.Propose, s.apiPropositionTranslate},

		{"GET", "/api/v1/propositions/{id}/positions", authz.ViewGround, s.apiPositions},
		{"PUT", "/api/v1/propositions/{id}/positions", authz.RecordPosition, groundWrite(s, http.StatusOK, (*ground.Service).SetPosition)},
		{"GET", "/api/v1/propositions/{id}/positions/history", authz.ViewGround, s.apiPositionHistory},

		{"GET", "/api/v1/editions/{id}/map", authz.ViewGround, groundRead(s, (*ground.Service).Map, apiMapOf)},
		{"GET", "/api/v1/editions/{id}/ground/groups", authz.ViewGround, groundRead(s, (*ground.Service).Groups, apiGroupsOf)},
		{"GET", "/api/v1/editions/{id}/ground/priorities", authz.ViewGround, groundRead(s, (*ground.Service).Priorities, same)},
	}
}

// groundRead answers a GET with what read returns, as the reader sees it,
// for the edition or proposition the path's {id} names, shaped by view
// for the API.
func groundRead[T, V any](s *Server, read func(*ground.Service, context.Context, ground.Viewer, int64) (T, error), view func(T) V) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		out, err := read(s.ground, r.Context(), stateOf(r).user, id)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, view(out))
	}
}

// same is the view of what the API answers as the service returns it.
func same[T any](t T) T { return t }

// groundWrite decodes the body as write's input, applies it to what the
// path's {id} names and answers with the result and status.
func groundWrite[In, Out any](s *Server, status int, write func(*ground.Service, context.Context, ground.Viewer, int64, In) (Out, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in In
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		out, err := write(s.ground, r.Context(), stateOf(r).user, id, in)
		if err != nil {
			return err
		}
		return writeJSON(w, status, out)
	}
}

// apiAll is an unpaged list: everything, with limit = total = its length.
func apiAll[T any](items []T) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, page: page{Limit: len(items), Total: len(items)}}
}

func (s *Server) apiBlocDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.ground.DeleteBloc(r.Context(), stateOf(r).user, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// groundSettingsIn is ground.Settings with its one field required: a PUT that
// forgot it must not fall back to anything.
type groundSettingsIn struct {
	Positions visibility.Level `json:"positions" required:"true"`
}

func (s *Server) apiGroundSettingsSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in groundSettingsIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	st, err := s.ground.SetSettings(r.Context(), stateOf(r).user, id, ground.Settings{Positions: in.Positions})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiPropositions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := apiPropositionFilter(r, id)
	if err != nil {
		return err
	}
	limit := f.Limit
	f.Limit++ // one more than the page tells whether a next page exists
	ps, err := s.ground.Propositions(r.Context(), stateOf(r).user, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiPropositionPage(ps, limit))
}

// apiNoBody is what the chair's actions without input take: nothing, or an
// empty object (any field in it is unknown).
type apiNoBody struct{}

// apiPropositionDo runs one of the chair's actions on a proposition
// (publish, withdraw) and answers with the proposition as it now stands.
func (s *Server) apiPropositionDo(act func(*ground.Service, context.Context, ground.Viewer, int64) (ground.Proposition, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if r.ContentLength != 0 {
			if err := decodeJSON(w, r, &apiNoBody{}); err != nil {
				return err
			}
		}
		p, err := act(s.ground, r.Context(), stateOf(r).user, id)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, p)
	}
}

type propositionMergeIn struct {
	Into int64 `json:"into" required:"true"`
}

// apiPropositionMerge folds the proposition into another and answers with
// the one merged into.
func (s *Server) apiPropositionMerge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in propositionMergeIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.ground.Merge(r.Context(), stateOf(r).user, id, in.Into)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiPropositionTranslate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in translationIn
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.ground.SetTranslation(r.Context(), stateOf(r).user, id, in.translation(r.PathValue("lang")))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiPositions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), stateOf(r).user
	p, err := s.ground.Proposition(ctx, v, id)
	if err != nil {
		return err
	}
	ps, err := s.ground.Positions(ctx, v, p.EditionID, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiAll(ps))
}

// A proposition's history is paged in the database after the last change
// id of the page before, as propositions are: a page costs the same
// however long the history.
const (
	historyDefaultPage = 100
	historyMaxPage     = 500
)

// apiChangeList is a page of a history; next is the value to pass as
// ?after= for the next page, null on the last.
type apiChangeList struct {
	Items []ground.Change `json:"items"`
	Limit int             `json:"limit"`
	Next  *string         `json:"next"`
}

// apiPositionHistory answers a page of a proposition's history, oldest
// first: ?limit= and ?after= (a change id).
func (s *Server) apiPositionHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	limit, err := cursorLimit(q, historyDefaultPage, historyMaxPage)
	if err != nil {
		return err
	}
	after, err := afterID(q)
	if err != nil {
		return err
	}
	// One more than the page tells whether a next page exists.
	cs, err := s.ground.HistoryPage(r.Context(), stateOf(r).user, id, after, limit+1)
	if err != nil {
		return err
	}
	out := apiChangeList{Items: cs, Limit: limit}
	if len(cs) > limit {
		out.Items = cs[:limit]
		next := strconv.FormatInt(out.Items[limit-1].ID, 10)
		out.Next = &next
	}
	if out.Items == nil {
		out.Items = []ground.Change{}
	}
	return writeJSON(w, http.StatusOK, out)
}
