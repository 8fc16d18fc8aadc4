package web

import (
	"errors"
	"net/http"

	"roundtable/internal/errs"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/ingest"
)

// maxIndicatorFileBytes bounds an indicator file sent from the browser or
// the API. The World Bank's whole WDI as one wide CSV is about 280 MB; the
// command line takes anything.
const maxIndicatorFileBytes = 512 << 20

// evidenceImportPage is the secretariat's import page: the form, what the
// last import did or why it failed, and the log of imports.
type evidenceImportPage struct {
	layout
	formFailure
	Form    indicatorImportForm
	Result  *evidence.ImportResult
	Imports []evidence.ImportRecord
	Formats []string
}

// indicatorImportForm is what the form sends besides the file: the source
// and release for files that do not name them.
type indicatorImportForm struct {
	Source, Vintage, Licence, SourceURL, Indicator, Format string
}

func (f indicatorImportForm) options(fileName string) evidence.ImportOptions {
	return evidence.ImportOptions{FileName: fileName, Format: f.Format, Source: f.Source, Vintage: f.Vintage,
		Licence: f.Licence, SourceURL: f.SourceURL, Indicator: f.Indicator}
}

func (s *Server) evidenceImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderEvidenceImport(w, r, http.StatusOK, indicatorImportForm{}, nil, nil)
}

// evidenceImportUpload imports the uploaded file (the page's middleware
// has parsed the form, keeping a large file on disk; see bigUploads). A
// file with an error imports nothing; the page names the line.
func (s *Server) evidenceImportUpload(w http.ResponseWriter, r *http.Request) error {
	var form indicatorImportForm
	res, err := s.importIndicatorUpload(r, &form)
	if err != nil {
		if k := errs.As(err).Kind; k != errs.Invalid && k != errs.TooLarge {
			return err
		}
		return s.renderEvidenceImport(w, r, errs.As(err).Kind.Status(), form, nil, err)
	}
	return s.renderEvidenceImport(w, r, http.StatusOK, indicatorImportForm{}, &res, nil)
}

func (s *Server) importIndicatorUpload(r *http.Request, form *indicatorImportForm) (evidence.ImportResult, error) {
	*form = indicatorImportForm{Source: r.PostForm.Get("source"), Vintage: r.PostForm.Get("vintage"),
		Licence: r.PostForm.Get("licence"), SourceURL: r.PostForm.Get("source_url"),
		Indicator: r.PostForm.Get("indicator"), Format: r.PostForm.Get("format")}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return evidence.ImportResult{}, errs.Field("file", "file_required", "exchange.no_file")
	}
	defer f.Close()
	o := form.options(hdr.Filename)
	o.Actor = stateOf(r).user.Actor()
	o.Size = hdr.Size
	return s.evidence.Import(r.Context(), f, o)
}

// uploadError turns a body over the limit into "too large"; other errors
// pass unchanged.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errs.New(errs.TooLarge, "file_too_large", "evidence_api.error.too_large", "max", maxIndicatorFileBytes>>20)
	}
	return err
}

func (s *Server) renderEvidenceImport(w http.ResponseWriter, r *http.Request, status int, form indicatorImportForm, res *evidence.ImportResult, failure error) error {
	p := evidenceImportPage{layout: s.layout(w, r, "evidence_api.import_title", "evidence"), Form: form, Result: res,
		Formats: []string{ingest.WorldBankWide, ingest.Long, ingest.SDMXCSV, ingest.DDF}}
	if failure != nil {
		fe := *errs.As(failure)
		if fe.Field == "" {
			fe.Field = "file"
		}
		p.formFailure = formFailure{s.fieldMessage(p.Lang, &fe), fe.Field}
	}
	var err error
	if p.Imports, err = s.evidence.Imports(r.Context(), 20); err != nil {
		return err
	}
	return s.render(w, status, "evidence_import.html", p)
}
