package web

import (
	"errors"
	"io"
	"net/http"
	"slices"

	"roundtable/internal/authz"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/thesaurus"
)

// Importing a thesaurus file: the secretariat uploads concepts in the
// shipped format (data/thesaurus/concepts*.json), new and changed ones,
// from the concepts page or through the API. It writes all or nothing and
// deletes nothing, so it needs no confirmation.

func (s *Server) conceptImportRoutes() []route {
	return []route{
		{"GET", "/concepts/import", authz.ManageThesaurus, s.conceptImportForm},
		{"POST", "/concepts/import", authz.ManageThesaurus, s.conceptImportUpload},
	}
}

func (s *Server) conceptImportAPIRoutes() []route {
	return []route{
		{"POST", "/api/v1/concepts/import", authz.ManageThesaurus, s.apiConceptImport},
	}
}

type conceptImportPage struct {
	layout
	formFailure
	Line    int
	Concept string
}

func (s *Server) renderConceptImport(w http.ResponseWriter, r *http.Request, status int, err error) error {
	p := conceptImportPage{layout: s.layout(w, r, "concepts_import.title", "concepts")}
	if err != nil {
		e := errs.As(err)
		if e.Kind != errs.Invalid && e.Kind != errs.TooLarge {
			return err
		}
		p.Error, p.ErrorField = s.conceptImportMessage(p.Lang, err), "file"
		var le *thesaurus.LineError
		if errors.As(err, &le) {
			p.Line = le.Line
		}
		p.Concept = conceptNamed(err)
	}
	return s.render(w, status, "concept_import.html", p)
}

func (s *Server) conceptImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderConceptImport(w, r, http.StatusOK, nil)
}

func (s *Server) conceptImportUpload(w http.ResponseWriter, r *http.Request) error {
	b, err := uploadedThesaurus(w, r)
	var res thesaurus.ImportResult
	if err == nil {
		res, err = s.importConcepts(r, b)
	}
	if err != nil {
		if k := errs.As(err).Kind; k != errs.Invalid && k != errs.TooLarge {
			return err
		}
		return s.renderConceptImport(w, r, errs.As(err).Kind.Status(), err)
	}
	switch {
	case len(res.Added)+len(res.Changed) == 0:
		s.flash(w, "concepts_import.nothing")
	default:
		// Automatic tags follow the imported thesaurus, as after an edit.
		if _, err := s.dialogue.RetagAll(r.Context(), stateOf(r).user); err != nil {
			return err
		}
		s.flash(w, "concepts_import.done")
	}
	http.Redirect(w, r, "/concepts", http.StatusSeeOther)
	return nil
}

// uploadedThesaurus is the form's file (field file).
func uploadedThesaurus(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, thesaurus.MaxImportBytes+uploadRoom)
	if err := r.ParseMultipartForm(thesaurus.MaxImportBytes + uploadRoom); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, errs.ErrTooLarge
		}
		return nil, errs.Field("file", "file_required", "exchange.no_file")
	}
	defer r.MultipartForm.RemoveAll()
	f, _, err := r.FormFile("file")
	if err != nil {
		return nil, errs.Field("file", "file_required", "exchange.no_file")
	}
	defer f.Close()
	return readLimited(f)
}

func readLimited(body io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(body, thesaurus.MaxImportBytes+1))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig) || len(b) > thesaurus.MaxImportBytes:
		return nil, errs.ErrTooLarge
	case err != nil:
		return nil, err
	}
	return b, nil
}

// importConcepts parses and imports a thesaurus file, then has search read
// the new thesaurus and re-index the Declaration's articles any imported
// or changed concept names, as Save does for one concept.
func (s *Server) importConcepts(r *http.Request, b []byte) (thesaurus.ImportResult, error) {
	if _, err := s.thesaurusNow(r); err != nil {
		return thesaurus.ImportResult{}, err
	}
	f, err := thesaurus.ParseImport(b)
	if err != nil {
		return thesaurus.ImportResult{}, err
	}
	res, err := thesaurus.Import(r.Context(), s.db, stateOf(r).user.Actor(), f)
	if err != nil || len(res.Added)+len(res.Changed) == 0 {
		return res, err
	}
	// ConceptChanged re-indexes the articles either side names; one call
	// with every article of the import re-reads the thesaurus once.
	var before, after thesaurus.Concept
	for _, c := range res.Before {
		before.UDHR = append(before.UDHR, c.UDHR...)
	}
	for _, c := range res.After {
		after.UDHR = append(after.UDHR, c.UDHR...)
	}
	slices.Sort(before.UDHR)
	slices.Sort(after.UDHR)
	before.UDHR, after.UDHR = slices.Compact(before.UDHR), slices.Compact(after.UDHR)
	return res, s.search.ConceptChanged(r.Context(), before, after)
}

type conceptImportResult struct {
	Added   []string `json:"added"`
	Changed []string `json:"changed"`
}

// apiConceptImport takes the file as the request's JSON body.
func (s *Server) apiConceptImport(w http.ResponseWriter, r *http.Request) error {
	b, err := readLimited(http.MaxBytesReader(w, r.Body, thesaurus.MaxImportBytes))
	if err != nil {
		return err
	}
	res, err := s.importConcepts(r, b)
	if err != nil {
		return s.apiConceptImportError(stateOf(r).lang, err)
	}
	if len(res.Added)+len(res.Changed) > 0 {
		if _, err := s.dialogue.RetagAll(r.Context(), stateOf(r).user); err != nil {
			return err
		}
	}
	out := conceptImportResult{Added: res.Added, Changed: res.Changed}
	if out.Added == nil {
		out.Added = []string{}
	}
	if out.Changed == nil {
		out.Changed = []string{}
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiConceptImportError is a refused import as the API says it: the code and
// field of the fault, the message naming line and concept, and the line in
// error.details.
func (s *Server) apiConceptImportError(lang i18n.Lang, err error) error {
	e := errs.As(err)
	if e.Kind != errs.Invalid {
		return err
	}
	var le *thesaurus.LineError
	if !errors.As(err, &le) {
		return err
	}
	return &errs.Error{Kind: e.Kind, Code: e.Code, Field: e.Field, Key: "concepts_import.message", Args: []any{"message", s.conceptImportMessage(lang, err)},
		Err: dialogue.ImportErrors{{Line: le.Line, Field: e.Field, Code: e.Code, Key: e.Key, Args: e.Args}}}
}

// conceptImportMessage names the line, the concept and the field at fault
// in lang: "Line 12, concept right-to-food: Preferred name (Chinese): …".
func (s *Server) conceptImportMessage(lang i18n.Lang, err error) string {
	e := errs.As(err)
	msg := s.fieldMessage(lang, e)
	line := 0
	var le *thesaurus.LineError
	if errors.As(err, &le) {
		line = le.Line
	}
	id := conceptNamed(err)
	switch {
	case line > 0 && id != "":
		return s.catalog.T(lang, "concepts_import.at_line_concept", "line", line, "concept", id, "message", msg)
	case line > 0:
		return s.catalog.T(lang, "concepts_import.at_line", "line", line, "message", msg)
	case id != "":
		return s.catalog.T(lang, "concepts_import.at_concept", "concept", id, "message", msg)
	}
	return msg
}

// conceptNamed is the concept a thesaurus error is about ("" if none):
// thesaurus errors carry its id as their first argument.
func conceptNamed(err error) string {
	e := errs.As(err)
	if len(e.Args) == 1 {
		if id, ok := e.Args[0].(string); ok {
			return id
		}
	}
	return ""
}
