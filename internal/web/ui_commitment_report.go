package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"roundtable/internal/commitment"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
)

// errNotYourCommitment refuses a report's form to a delegate of a state
// that does not own the commitment (the service refuses the report
// itself with the same code and message).
var errNotYourCommitment = errs.New(errs.Forbidden, "not_your_commitment", "commitment.error.not_your_commitment")

// errReportNotEditable refuses the form of a report already sent to the
// validator or published.
var errReportNotEditable = errs.New(errs.Conflict, "report_not_editable", "commitment.error.report_not_editable")

// reportFormPage is the form of a progress report: a new one on a
// commitment, or a draft (or returned) one changed.
type reportFormPage struct {
	layout
	formFailure
	C          commitment.Commitment
	Names      *commitmentNames
	ReportID   int64 // 0: a new report
	ReturnNote string
	F          reportForm
	Statuses   []commitment.Status
	Indicators []claimOption
}

// reportForm is the form's values as typed.
type reportForm struct {
	ReportedOn, Status, Narrative, Language string
	Documents                               []commitment.Evidence // kept as they are
	Links                                   []cmLinkRow
	Data                                    []cmDataRow
}

type cmLinkRow struct{ Title, URL string }

type cmDataRow struct{ Indicator, Year, Value, Title string }

const (
	cmBlankLinks = 2
	cmBlankData  = 2
)

// Action is where the form posts.
func (p reportFormPage) Action() string {
	if p.ReportID != 0 {
		return "/reports/" + strconv.FormatInt(p.ReportID, 10)
	}
	return commitmentURL(p.C.ID) + "/reports/new"
}

// LangOptions are the languages a report may be written in.
func (p reportFormPage) LangOptions() []i18n.Lang { return i18n.Supported }

// Inc numbers a row from one, for its label.
func (p reportFormPage) Inc(i int) int { return i + 1 }

func formOfReport(rep commitment.Report) reportForm {
	f := reportForm{ReportedOn: rep.ReportedOn, Status: string(rep.Status), Narrative: rep.Narrative, Language: rep.Language}
	for _, e := range rep.Evidence {
		switch e.Kind {
		case commitment.EvidenceDocument:
			f.Documents = append(f.Documents, e)
		case commitment.EvidenceLink:
			f.Links = append(f.Links, cmLinkRow{e.Title, e.URL})
		case commitment.EvidenceData:
			row := cmDataRow{Indicator: e.IndicatorCode, Title: e.Title}
			if e.Year != 0 {
				row.Year = strconv.Itoa(e.Year)
			}
			if e.Value != nil {
				row.Value = strconv.FormatFloat(*e.Value, 'f', -1, 64)
			}
			f.Data = append(f.Data, row)
		}
	}
	return f
}

func reportFormOfPost(v url.Values) reportForm {
	f := reportForm{ReportedOn: v.Get("reported_on"), Status: v.Get("status"), Narrative: v.Get("narrative"), Language: v.Get("language")}
	at := func(name string, i int) string {
		if xs := v[name]; i < len(xs) {
			return strings.TrimSpace(xs[i])
		}
		return ""
	}
	for i := range v["document_id"] {
		id, err := strconv.ParseInt(at("document_id", i), 10, 64)
		if err == nil && id > 0 {
			f.Documents = append(f.Documents, commitment.Evidence{Kind: commitment.EvidenceDocument, UploadID: id, Title: at("document_title", i)})
		}
	}
	for i := range v["link_url"] {
		f.Links = append(f.Links, cmLinkRow{at("link_title", i), at("link_url", i)})
	}
	for i := range v["data_indicator"] {
		f.Data = append(f.Data, cmDataRow{at("data_indicator", i), at("data_year", i), at("data_value", i), at("data_title", i)})
	}
	return f
}

// input is the service's input; a figure that is not a number is refused
// here.
func (f reportForm) input() (commitment.ReportInput, error) {
	in := commitment.ReportInput{ReportedOn: f.ReportedOn, Status: commitment.Status(f.Status), Narrative: strings.TrimSpace(f.Narrative), Language: f.Language}
	in.Evidence = append(in.Evidence, f.Documents...)
	for _, l := range f.Links {
		if l.URL != "" || l.Title != "" {
			in.Evidence = append(in.Evidence, commitment.Evidence{Kind: commitment.EvidenceLink, Title: l.Title, URL: l.URL})
		}
	}
	for _, d := range f.Data {
		if d.Indicator == "" && d.Year == "" && d.Value == "" {
			continue
		}
		e := commitment.Evidence{Kind: commitment.EvidenceData, IndicatorCode: d.Indicator, Title: d.Title}
		year, err := cmFormYear(d.Year)
		if err != nil {
			return in, errs.Field("evidence", "invalid_number", "commitment_web.invalid_number")
		}
		value, err := cmFormFloat(d.Value)
		if err != nil {
			return in, errs.Field("evidence", "invalid_number", "commitment_web.invalid_number")
		}
		e.Year, e.Value = year, &value
		in.Evidence = append(in.Evidence, e)
	}
	return in, nil
}

// withDocuments stores the files sent in the form's documents field and
// adds them to the report's evidence, titled with their file names.
// reportPosted decodes a posted report form, with its documents stored,
// into the service's input: the form as typed (to show again on an error)
// and the input, for filing and updating alike.
func (s *Server) reportPosted(r *http.Request) (reportForm, commitment.ReportInput, error) {
	f := reportFormOfPost(r.PostForm)
	if err := s.withDocuments(r, &f); err != nil {
		return f, commitment.ReportInput{}, err
	}
	in, err := f.input()
	return f, in, err
}

func (s *Server) withDocuments(r *http.Request, f *reportForm) error {
	ids, err := s.saveUploads(r, "documents")
	if err != nil || len(ids) == 0 {
		return err
	}
	files := r.MultipartForm.File["documents"]
	for i, id := range ids {
		f.Documents = append(f.Documents, commitment.Evidence{Kind: commitment.EvidenceDocument, UploadID: id, Title: files[i].Filename})
	}
	return nil
}

func (s *Server) reportNew(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	c, err := s.commitments.Get(ctx, st.user, id)
	if err != nil {
		return err
	}
	if !ownsCommitment(st.user, c) {
		return errNotYourCommitment
	}
	f := reportForm{Language: string(st.lang), Status: string(commitment.InProgress)}
	return s.renderReportForm(w, r, http.StatusOK, c, 0, "", f, nil)
}

func (s *Server) renderReportForm(w http.ResponseWriter, r *http.Request, status int, c commitment.Commitment, reportID int64, note string, f reportForm, ferr error) error {
	ctx, st := r.Context(), stateOf(r)
	title := "commitment_web.report_new_title"
	if reportID != 0 {
		title = "commitment_web.report_edit_title"
	}
	for range cmBlankLinks {
		f.Links = append(f.Links, cmLinkRow{})
	}
	for range cmBlankData {
		f.Data = append(f.Data, cmDataRow{})
	}
	p := reportFormPage{layout: s.layout(w, r, title, "commitments"), C: c, ReportID: reportID, ReturnNote: note, F: f, Statuses: commitment.Statuses}
	var err error
	if p.formFailure, err = s.explain(st.lang, ferr, errs.Invalid, errs.Conflict, errs.TooLarge); err != nil {
		return err
	}
	if p.Names, err = s.commitmentNames(ctx, st.lang); err != nil {
		return err
	}
	p.Indicators = p.Names.indicatorOptions()
	return s.render(w, status, "report_form.html", p)
}

func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	c, err := s.commitments.Get(ctx, st.user, id)
	if err != nil {
		return err
	}
	f, in, err := s.reportPosted(r)
	var rep commitment.Report
	if err == nil {
		rep, err = s.commitments.FileReport(ctx, st.user, id, in)
	}
	if err == nil && r.PostForm.Get("action") == "submit" {
		rep, err = s.commitments.SubmitReport(ctx, st.user, rep.ID)
	}
	if err != nil {
		if k := errs.As(err).Kind; k != errs.Invalid && k != errs.Conflict && k != errs.TooLarge {
			return err
		}
		if rep.ID != 0 { // saved, not sent: go on from the draft
			return s.renderReportForm(w, r, errs.As(err).Kind.Status(), c, rep.ID, "", f, err)
		}
		return s.renderReportForm(w, r, errs.As(err).Kind.Status(), c, 0, "", f, err)
	}
	return s.afterReportSaved(w, r, rep)
}

// afterReportSaved says what became of the report and goes back to the
// commitment.
func (s *Server) afterReportSaved(w http.ResponseWriter, r *http.Request, rep commitment.Report) error {
	if rep.State == commitment.ReportSubmitted {
		s.flash(w, "commitment_web.report_submitted")
	} else {
		s.flash(w, "commitment_web.report_saved")
	}
	http.Redirect(w, r, commitmentURL(rep.CommitmentID)+"#own-reports", http.StatusSeeOther)
	return nil
}

func (s *Server) reportEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	rep, err := s.commitments.Report(ctx, st.user, id)
	if err != nil {
		return err
	}
	c, err := s.commitments.Get(ctx, st.user, rep.CommitmentID)
	if err != nil {
		return err
	}
	if st.user.Delegation != rep.Country {
		return errNotYourCommitment
	}
	if rep.State != commitment.ReportDraft && rep.State != commitment.ReportReturned {
		return errReportNotEditable
	}
	return s.renderReportForm(w, r, http.StatusOK, c, rep.ID, rep.ReturnNote, formOfReport(rep), nil)
}

func (s *Server) reportUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	rep, err := s.commitments.Report(ctx, st.user, id)
	if err != nil {
		return err
	}
	f, in, err := s.reportPosted(r)
	if err == nil {
		rep, err = s.commitments.UpdateReport(ctx, st.user, id, in)
	}
	if err == nil && r.PostForm.Get("action") == "submit" {
		rep, err = s.commitments.SubmitReport(ctx, st.user, id)
	}
	if err != nil {
		if k := errs.As(err).Kind; k != errs.Invalid && k != errs.Conflict && k != errs.TooLarge {
			return err
		}
		c, cerr := s.commitments.Get(ctx, st.user, rep.CommitmentID)
		if cerr != nil {
			return cerr
		}
		return s.renderReportForm(w, r, errs.As(err).Kind.Status(), c, id, rep.ReturnNote, f, err)
	}
	return s.afterReportSaved(w, r, rep)
}

func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	rep, err := s.commitments.Report(ctx, st.user, id)
	if err != nil {
		return err
	}
	sent, err := s.commitments.SubmitReport(ctx, st.user, id)
	if err != nil {
		if k := errs.As(err).Kind; k != errs.Invalid && k != errs.Conflict {
			return err
		}
		return s.renderCommitment(w, r, rep.CommitmentID, errs.As(err).Kind.Status(), "submit", r.PostForm, err)
	}
	return s.afterReportSaved(w, r, sent)
}

// reportValidate publishes a report (decision=approve) or returns it to
// its delegation with a note (decision=return), from the commitment's
// page or the queue (from=queue).
func (s *Server) reportValidate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx, st := r.Context(), stateOf(r)
	rep, err := s.commitments.Report(ctx, st.user, id)
	if err != nil {
		return err
	}
	var approve bool
	switch r.PostForm.Get("decision") {
	case "approve":
		approve = true
	case "return":
	default:
		err = errs.Field("decision", "invalid_decision", "commitment_web.invalid_decision")
	}
	if err == nil {
		_, err = s.commitments.Validate(ctx, st.user, id, approve, strings.TrimSpace(r.PostForm.Get("note")))
	}
	queue := r.PostForm.Get("from") == "queue"
	if err != nil {
		if k := errs.As(err).Kind; k != errs.Invalid && k != errs.Conflict {
			return err
		}
		form := "validate-" + strconv.FormatInt(id, 10)
		if queue {
			return s.renderValidationQueue(w, r, errs.As(err).Kind.Status(), form, r.PostForm, err)
		}
		return s.renderCommitment(w, r, rep.CommitmentID, errs.As(err).Kind.Status(), form, r.PostForm, err)
	}
	if approve {
		s.flash(w, "commitment_web.report_published")
	} else {
		s.flash(w, "commitment_web.report_returned")
	}
	to := reportURL(rep)
	if queue {
		to = "/reports/validation"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
