package web

import (
	"context"
	"errors"
	"net/http"

	"roundtable/internal/authz"
	"roundtable/internal/outcome"
)

// outcomeAPIRoutes are the joint outcome's API. The route names the role
// an action needs; package outcome decides the rest (the room reads the
// negotiation, everyone the adopted text; a delegate acts for their own
// delegation only; nothing writes to an adopted text). Bodies are the
// service's input types, decoded strictly.
func (s *Server) outcomeAPIRoutes() []route {
	return []route{
		{"GET", "/api/v1/editions/{id}/outcomes", authz.ViewOutcome, apiOutcomeRead(s, (*outcome.Service).Documents, apiAll)},
		{"POST", "/api/v1/editions/{id}/outcomes", authz.PresideOutcome, apiOutcomeWrite(s, http.StatusCreated, (*outcome.Service).CreateDocument)},
		{"POST", "/api/v1/editions/{id}/outcomes/import", authz.PresideOutcome, s.apiOutcomeImport},
		{"GET", "/api/v1/outcomes/{id}", authz.ViewOutcome, apiOutcomeRead(s, (*outcome.Service).Document, same)},
		{"PATCH", "/api/v1/outcomes/{id}", authz.PresideOutcome, s.apiOutcomeUpdate},
		{"GET", "/api/v1/outcomes/{id}/status", authz.ViewOutcome, apiOutcomeRead(s, (*outcome.Service).Overview, same)},
		{"GET", "/api/v1/outcomes/{id}/zero-draft/candidates", authz.PresideOutcome, apiOutcomeRead(s, (*outcome.Service).GroundCandidates, apiCandidatesOf)},
		{"POST", "/api/v1/outcomes/{id}/zero-draft", authz.PresideOutcome, apiOutcomeWrite(s, http.StatusCreated, apiZeroDraft)},

		{"GET", "/api/v1/outcomes/{id}/paragraphs", authz.ViewOutcome, apiOutcomeRead(s, (*outcome.Service).Paragraphs, apiAll)},
		{"POST", "/api/v1/outcomes/{id}/paragraphs", authz.PresideOutcome, apiOutcomeWrite(s, http.StatusCreated, (*outcome.Service).AddParagraph)},
		{"GET", "/api/v1/outcomes/{id}/paragraphs/{label}", authz.ViewOutcome, apiParagraphRead(s, (*outcome.Service).Paragraph, same)},
		{"PATCH", "/api/v1/outcomes/{id}/paragraphs/{label}", authz.PresideOutcome, apiParagraphWrite(s, http.StatusOK, (*outcome.Service).EditParagraph)},
		{"DELETE", "/api/v1/outcomes/{id}/paragraphs/{label}", authz.PresideOutcome, s.apiParagraphDelete},
		{"POST", "/api/v1/outcomes/{id}/paragraphs/{label}/status", authz.PresideOutcome, apiParagraphWrite(s, http.StatusOK, (*outcome.Service).SetStatus)},
		{"PUT", "/api/v1/outcomes/{id}/paragraphs/{label}/package", authz.PresideOutcome, apiParagraphWrite(s, http.StatusOK, apiSetPackage)},
		{"PUT", "/api/v1/outcomes/{id}/paragraphs/{label}/translations/{lang}", authz.PresideOutcome, s.apiParagraphTranslate},
		{"GET", "/api/v1/outcomes/{id}/paragraphs/{label}/positions", authz.ViewOutcome, apiParagraphRead(s, (*outcome.Service).Positions, apiAll)},
		{"POST", "/api/v1/outcomes/{id}/paragraphs/{label}/positions", authz.DelegationAct, apiParagraphWrite(s, http.StatusOK, (*outcome.Service).SetPosition)},
		{"GET", "/api/v1/outcomes/{id}/paragraphs/{label}/positions/history", authz.ViewOutcome, apiParagraphRead(s, (*outcome.Service).PositionHistory, apiAll)},
		{"GET", "/api/v1/outcomes/{id}/paragraphs/{label}/comments", authz.ViewOutcome, apiParagraphRead(s, (*outcome.Service).Comments, apiAll)},
		{"POST", "/api/v1/outcomes/{id}/paragraphs/{label}/comments", authz.DelegationAct, apiParagraphWrite(s, http.StatusCreated, apiAddComment)},

		{"GET", "/api/v1/outcomes/{id}/revisions", authz.ViewOutcome, apiOutcomeRead(s, (*outcome.Service).Revisions, apiAll)},
		{"POST", "/api/v1/outcomes/{id}/revisions", authz.PresideOutcome, apiOutcomeWrite(s, http.StatusCreated, (*outcome.Service).IssueRevision)},
		{"GET", "/api/v1/outcomes/{id}/revisions/{n}", authz.ViewOutcome, s.apiRevision},
		{"GET", "/api/v1/outcomes/{id}/diff", authz.ViewOutcome, s.apiOutcomeDiff},
		{"GET", "/api/v1/outcomes/{id}/languages", authz.ViewOutcome, s.apiOutcomeLanguages},

		{"GET", "/api/v1/outcomes/{id}/amendments", authz.ViewOutcome, s.apiAmendments},
		{"POST", "/api/v1/outcomes/{id}/amendments", authz.AmendOutcome, apiOutcomeWrite(s, http.StatusCreated, (*outcome.Service).ProposeAmendment)},
		{"POST", "/api/v1/outcomes/{id}/compromise", authz.PresideOutcome, apiOutcomeWrite(s, http.StatusCreated, apiCompromise)},
		{"GET", "/api/v1/amendments/{id}", authz.ViewOutcome, apiOutcomeRead(s, (*outcome.Service).Amendment, same)},
		{"POST", "/api/v1/amendments/{id}/accept", authz.PresideOutcome, s.apiAmendmentDecide((*outcome.Service).AcceptAmendment)},
		{"POST", "/api/v1/amendments/{id}/reject", authz.PresideOutcome, s.apiAmendmentDecide((*outcome.Service).RejectAmendment)},
		{"POST", "/api/v1/amendments/{id}/withdraw", authz.AmendOutcome, s.apiAmendmentWithdraw},

		{"GET", "/api/v1/outcomes/{id}/silence", authz.ViewOutcome, apiOutcomeRead(s, (*outcome.Service).SilenceReport, same)},
		{"POST", "/api/v1/outcomes/{id}/silence", authz.PresideOutcome, apiOutcomeWrite(s, http.StatusCreated, (*outcome.Service).StartSilence)},
		{"DELETE", "/api/v1/outcomes/{id}/silence", authz.PresideOutcome, s.apiSilenceEnd},
		{"POST", "/api/v1/outcomes/{id}/silence/breaks", authz.DelegationAct, apiOutcomeWrite(s, http.StatusCreated, (*outcome.Service).BreakSilence)},
		{"POST", "/api/v1/outcomes/{id}/adoption", authz.PresideOutcome, apiOutcomeWrite(s, http.StatusOK, (*outcome.Service).Adopt)},
		{"GET", "/api/v1/outcomes/{id}/adoption", authz.ViewOutcome, s.apiAdoption},
		{"GET", "/api/v1/outcomes/{id}/annex", authz.ViewOutcome, apiOutcomeRead(s, (*outcome.Service).Annex, apiAll)},
		{"POST", "/api/v1/outcomes/{id}/annex", authz.DelegationAct, apiOutcomeWrite(s, http.StatusCreated, (*outcome.Service).AddToAnnex)},
		{"GET", "/api/v1/forums/{id}/outcome-rules", authz.ViewOutcome, s.apiOutcomeRules},
		{"PUT", "/api/v1/forums/{id}/outcome-rules", authz.ManageOutcomeRules, s.apiOutcomeRulesSet},
	}
}

// apiOutcomeRead answers a GET with what read returns for the edition or
// document the path's {id} names, shaped by view.
func apiOutcomeRead[T, V any](s *Server, read func(*outcome.Service, context.Context, outcome.Viewer, int64) (T, error), view func(T) V) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		out, err := read(s.outcome, r.Context(), stateOf(r).user, id)
		if err != nil {
			return apiOutcomeFailure(err)
		}
		return writeJSON(w, http.StatusOK, view(out))
	}
}

// apiOutcomeWrite decodes the body as write's input, applies it to what the
// path's {id} names and answers with the result and status.
func apiOutcomeWrite[In, Out any](s *Server, status int, write func(*outcome.Service, context.Context, outcome.Viewer, int64, In) (Out, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in In
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		out, err := write(s.outcome, r.Context(), stateOf(r).user, id, in)
		if err != nil {
			return apiOutcomeFailure(err)
		}
		return writeJSON(w, status, out)
	}
}

// apiParagraphRead is apiOutcomeRead for the paragraph {label} of document {id}.
func apiParagraphRead[T, V any](s *Server, read func(*outcome.Service, context.Context, outcome.Viewer, int64, string) (T, error), view func(T) V) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		out, err := read(s.outcome, r.Context(), stateOf(r).user, id, r.PathValue("label"))
		if err != nil {
			return apiOutcomeFailure(err)
		}
		return writeJSON(w, http.StatusOK, view(out))
	}
}

// apiParagraphWrite is apiOutcomeWrite for the paragraph {label} of document
// {id}.
func apiParagraphWrite[In, Out any](s *Server, status int, write func(*outcome.Service, context.Context, outcome.Viewer, int64, string, In) (Out, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		var in In
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		out, err := write(s.outcome, r.Context(), stateOf(r).user, id, r.PathValue("label"), in)
		if err != nil {
			return apiOutcomeFailure(err)
		}
		return writeJSON(w, status, out)
	}
}

// apiOutcomeFailure lets the API body of a conflict on a paragraph's text
// (text_changed, stale_revision) carry the paragraph as it is now.
func apiOutcomeFailure(err error) error {
	var cur *outcome.CurrentText
	if errors.As(err, &cur) {
		return apiWithCurrent{err, cur}
	}
	return err
}

// apiWithCurrent is an error with the state it conflicted with.
type apiWithCurrent struct {
	error
	current any
}

func (e apiWithCurrent) Unwrap() error { return e.error }
func (e apiWithCurrent) Current() any  { return e.current }
