package web

import (
	"context"
	"net/http"

	"roundtable/internal/authz"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
	"roundtable/internal/visibility"
)

// groundAPIRoutes are the JSON API of common ground. Package ground
// decides who may do what beyond the role (a delegate for their own
// delegation only) and who reads positions (positions_restricted).
func (s *Server) groundAPIRoutes() []route {
	return []route{
		{"GET", "/api/v1/editions/{id}/blocs", authz.ViewGround, s.apiBlocs},
		{"POST", "/api/v1/editions/{id}/blocs", authz.ManageBlocs, s.apiBlocCreate},
		{"PUT", "/api/v1/blocs/{id}", authz.ManageBlocs, s.apiBlocUpdate},
		{"DELETE", "/api/v1/blocs/{id}", authz.ManageBlocs, s.apiBlocDelete},
		{"GET", "/api/v1/editions/{id}/ground/settings", authz.ViewGround, s.apiGroundSettings},
		{"PUT", "/api/v1/editions/{id}/ground/settings", authz.PresideGround, s.apiGroundSettingsSet},

		{"GET", "/api/v1/editions/{id}/propositions", authz.ViewGround, s.apiPropositions},
		{"POST", "/api/v1/editions/{id}/propositions", authz.Propose, s.apiPropose},
		{"GET", "/api/v1/propositions/{id}", authz.ViewGround, s.apiProposition},
		{"POST", "/api/v1/propositions/{id}/publish", authz.PresideGround, s.apiPropositionDo((*ground.Service).Publish)},
		{"POST", "/api/v1/propositions/{id}/withdraw", authz.PresideGround, s.apiPropositionDo((*ground.Service).Withdraw)},
		{"POST", "/api/v1/propositions/{id}/merge", authz.PresideGround, s.apiPropositionMerge},
		{"PUT", "/api/v1/propositions/{id}/translations/{lang}", authz.Propose, s.apiPropositionTranslate},

		{"GET", "/api/v1/propositions/{id}/positions", authz.ViewGround, s.apiPositions},
		{"PUT", "/api/v1/propositions/{id}/positions", authz.RecordPosition, s.apiPositionSet},
		{"GET", "/api/v1/propositions/{id}/positions/history", authz.ViewGround, s.apiPositionHistory},

		{"GET", "/api/v1/editions/{id}/map", authz.ViewGround, s.apiGroundMap},
		{"GET", "/api/v1/editions/{id}/ground/groups", authz.ViewGround, s.apiGroundGroups},
		{"GET", "/api/v1/editions/{id}/ground/priorities", authz.ViewGround, s.apiGroundPriorities},
	}
}

// apiAll is an unpaged list: everything, with limit = total = its length.
func apiAll[T any](items []T) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, page: page{Limit: len(items), Total: len(items)}}
}

func (s *Server) apiBlocs(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	bs, err := s.ground.Blocs(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiAll(bs))
}

func (s *Server) apiBlocCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in ground.BlocInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	b, err := s.ground.CreateBloc(r.Context(), stateOf(r).user, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, b)
}

func (s *Server) apiBlocUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in ground.BlocInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	b, err := s.ground.UpdateBloc(r.Context(), stateOf(r).user, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
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

func (s *Server) apiGroundSettings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.ground.Settings(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
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

func (s *Server) apiPropose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in ground.PropositionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.ground.Propose(r.Context(), stateOf(r).user, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiProposition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.ground.Proposition(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
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
	p, err := s.ground.SetTranslation(r.Context(), stateOf(r).user, id,
		dialogue.Translation{Language: r.PathValue("lang"), Body: in.Text, Origin: in.Origin, Review: in.Review})
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

func (s *Server) apiPositionSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in ground.PositionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.ground.SetPosition(r.Context(), stateOf(r).user, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiPositionHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	h, err := s.ground.History(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiAll(h))
}

func (s *Server) apiGroundMap(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.ground.Map(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiMapOf(m))
}

func (s *Server) apiGroundGroups(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	g, err := s.ground.Groups(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiGroupsOf(g))
}

func (s *Server) apiGroundPriorities(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.ground.Priorities(r.Context(), stateOf(r).user, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
