package web

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"unicode/utf8"

	"roundtable/internal/errs"
	"roundtable/internal/outcome"
	"roundtable/internal/outcome/render"
)

// maxAKNBytes bounds an imported Akoma Ntoso file: a thousand paragraphs
// of the longest kind fit.
const maxAKNBytes = 8 << 20

// apiOutcomeImported is what an import made: the document and its zero
// draft (with its hash; the text is read from the document).
type apiOutcomeImported struct {
	Document  outcome.Document `json:"document"`
	ZeroDraft outcome.Revision `json:"zero_draft"`
}

// apiOutcomeImport creates a document of the edition from an Akoma Ntoso
// file, as text.akn.xml writes one, and issues its text as the zero
// draft. The body is the file itself.
func (s *Server) apiOutcomeImport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/xml" && mt != "text/xml" && mt != "application/akn+xml") {
			return errs.New(errs.Invalid, "unsupported_content_type", "outcome_api.error.import_type")
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAKNBytes))
	if err != nil {
		return jsonError(err)
	}
	if !utf8.Valid(body) {
		return errs.New(errs.Invalid, "invalid_utf8", "input.invalid_utf8")
	}
	t, err := render.ParseAKN(bytes.NewReader(body))
	if err != nil {
		// The reader's own words say where the file went wrong.
		return errs.New(errs.Invalid, "invalid_akn", "outcome_api.error.invalid_akn", "detail", err.Error())
	}
	d, rev, err := s.outcome.ImportText(r.Context(), stateOf(r).user, id, t)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, apiOutcomeImported{Document: d, ZeroDraft: rev})
}
