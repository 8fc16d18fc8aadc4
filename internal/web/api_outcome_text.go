package web

import (
	"context"
	"net/http"
	"strconv"

	"roundtable/internal/errs"
	"roundtable/internal/outcome"
)

// The document and its working text through the API: the settings of a
// document, its paragraphs, their statuses, packages and languages, and
// the revisions the chair issues with their comparisons.

// apiOutcomeUpdate changes a document's settings: fields left out keep
// their value (PATCH), so the body starts from the document as it is.
func (s *Server) apiOutcomeUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, v := r.Context(), stateOf(r).user
	d, err := s.outcome.Document(ctx, v, id)
	if err != nil {
		return err
	}
	in := outcome.DocumentInput{Kind: d.Kind, Title: d.Title, Language: d.Language, Facilitators: d.Facilitators,
		OpensOn: d.OpensOn, ClosesOn: d.ClosesOn, SingleText: d.SingleText}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	d, err = s.outcome.UpdateDocument(ctx, v, id, in)
	if err != nil {
		return apiOutcomeFailure(err)
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiParagraphDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.outcome.DeleteParagraph(r.Context(), stateOf(r).user, id, r.PathValue("label")); err != nil {
		return apiOutcomeFailure(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiPackageIn names the paragraphs agreed only together with this one; an
// empty list unties it. Required: a PUT that forgot it must not untie.
type apiPackageIn struct {
	Linked []string `json:"linked" required:"true"`
}

func apiSetPackage(o *outcome.Service, ctx context.Context, v outcome.Viewer, id int64, label string, in apiPackageIn) (outcome.Paragraph, error) {
	return o.SetPackage(ctx, v, id, label, in.Linked)
}

// apiCommentIn is a delegation's comment on a paragraph.
type apiCommentIn struct {
	Text string `json:"text"`
}

func apiAddComment(o *outcome.Service, ctx context.Context, v outcome.Viewer, id int64, label string, in apiCommentIn) (outcome.Comment, error) {
	return o.AddComment(ctx, v, id, label, in.Text)
}

// apiParagraphTranslate writes the paragraph's version in {lang}.
func (s *Server) apiParagraphTranslate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in outcome.TranslationInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.outcome.SetTranslation(r.Context(), stateOf(r).user, id, r.PathValue("label"), r.PathValue("lang"), in)
	if err != nil {
		return apiOutcomeFailure(err)
	}
	return writeJSON(w, http.StatusOK, p)
}

// outcomeRevisionNumber reads a revision number from the path ({n}: a number
// that is not one names no revision) or the query (a number given wrong
// is the caller's mistake, named by field).
func outcomeRevisionNumber(s string, field string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || len(s) > 9 {
		if field == "" {
			return 0, errs.ErrNotFound
		}
		return 0, errs.Field(field, "invalid_revision", "outcome_api.error.revision", "field", field)
	}
	return n, nil
}

// apiRevision answers revision {n} with its text or, with ?markup=1,
// marked up against the revision before it (the comparison's shape).
func (s *Server) apiRevision(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := outcomeRevisionNumber(r.PathValue("n"), "")
	if err != nil {
		return err
	}
	markup, err := queryFlag(r, "markup")
	if err != nil {
		return err
	}
	ctx, v := r.Context(), stateOf(r).user
	if markup {
		c, err := s.outcome.Markup(ctx, v, id, n)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, c)
	}
	rev, err := s.outcome.Revision(ctx, v, id, n)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rev)
}

// flag reads a query flag: absent, 0 or 1.
func queryFlag(r *http.Request, name string) (bool, error) {
	switch r.URL.Query().Get(name) {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	}
	return false, errs.Field(name, "invalid_flag", "outcome_api.error.flag", "field", name)
}

// apiOutcomeDiff compares revisions ?from= and ?to=, both required.
func (s *Server) apiOutcomeDiff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, err := outcomeRevisionNumber(q.Get("from"), "from")
	if err != nil {
		return err
	}
	to, err := outcomeRevisionNumber(q.Get("to"), "to")
	if err != nil {
		return err
	}
	c, err := s.outcome.Compare(r.Context(), stateOf(r).user, id, from, to)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

// apiOutcomeLanguages sets the text in languages ?a= and ?b= side by
// side: the working text, or revision ?rev=.
func (s *Server) apiOutcomeLanguages(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	rev := -1
	if q.Has("rev") {
		if rev, err = outcomeRevisionNumber(q.Get("rev"), "rev"); err != nil {
			return err
		}
	}
	rows, err := s.outcome.SideBySide(r.Context(), stateOf(r).user, id, q.Get("a"), q.Get("b"), rev)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiAll(rows))
}
