package commitment

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"slices"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/upload"
	"roundtable/internal/visibility"
)

// maxEvidence is the most evidence one report gives.
const maxEvidence = 50

// FileReport starts a draft report of the author's state on a commitment.
// Only a delegate files, for their own state, on a commitment their state
// owns: a commitment they cannot read is not found (404); one they read
// but their state does not own is forbidden (403, not_your_commitment).
// The secretariat does not file: a report is the state's word.
func (s *Service) FileReport(ctx context.Context, v Viewer, commitmentID int64, in ReportInput) (Report, error) {
	if v == nil || v.Role != account.Delegate || v.Delegation == "" {
		return Report{}, errDelegatesOnly
	}
	c, err := s.Get(ctx, v, commitmentID)
	if err != nil {
		return Report{}, err
	}
	if !ownedBy(c, v.Delegation) {
		return Report{}, errNotYourCommitment
	}
	if in.Country != "" && !strings.EqualFold(in.Country, v.Delegation) {
		return Report{}, errNotYourState
	}
	if err := s.checkReport(ctx, v, &in, nil); err != nil {
		return Report{}, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?) RETURNING id`,
			c.ID, v.Delegation, in.ReportedOn, in.Status, in.Narrative, in.Language, v.ID, now, now).Scan(&id); err != nil {
			return err
		}
		if err := saveEvidence(ctx, tx, id, in.Evidence); err != nil {
			return err
		}
		if err := event(ctx, tx, v, c.ID, EventReportDraftSaved, v.Delegation, id, ""); err != nil {
			return err
		}
		return reportChanged(ctx, tx, v, id, "report.file", in)
	})
	if err != nil {
		return Report{}, err
	}
	return s.Report(ctx, v, id)
}

// UpdateReport changes a draft or returned report (a delegate of its
// state).
func (s *Service) UpdateReport(ctx context.Context, v Viewer, id int64, in ReportInput) (Report, error) {
	r, _, err := s.ownReport(ctx, v, id)
	if err != nil {
		return Report{}, err
	}
	if r.State != ReportDraft && r.State != ReportReturned {
		return Report{}, errNotEditable
	}
	if in.Country != "" && !strings.EqualFold(in.Country, r.Country) {
		return Report{}, errNotYourState
	}
	if err := s.checkReport(ctx, v, &in, r.Evidence); err != nil {
		return Report{}, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE progress_reports SET reported_on = ?, status = ?, narrative = ?, language = ?, updated_at = ?
			WHERE id = ? AND state IN ('draft', 'returned')`, in.ReportedOn, in.Status, in.Narrative, in.Language, store.Now(), id)
		if err := oneRow(res, err, errNotEditable); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM report_evidence WHERE report_id = ?", id); err != nil {
			return err
		}
		if err := saveEvidence(ctx, tx, id, in.Evidence); err != nil {
			return err
		}
		return reportChanged(ctx, tx, v, id, "report.update", in)
	})
	if err != nil {
		return Report{}, err
	}
	return s.Report(ctx, v, id)
}

// SubmitReport sends a draft or returned report to its state's validator
// (a delegate of its state).
func (s *Service) SubmitReport(ctx context.Context, v Viewer, id int64) (Report, error) {
	r, _, err := s.ownReport(ctx, v, id)
	if err != nil {
		return Report{}, err
	}
	if r.State != ReportDraft && r.State != ReportReturned {
		return Report{}, errNotEditable
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		res, err := tx.Exec(ctx, `UPDATE progress_reports SET state = 'submitted', submitted_at = ?, updated_at = ?
			WHERE id = ? AND state IN ('draft', 'returned')`, now, now, id)
		if err := oneRow(res, err, errNotEditable); err != nil {
			return err
		}
		if err := event(ctx, tx, v, r.CommitmentID, EventReportSubmitted, r.Country, id, ""); err != nil {
			return err
		}
		return reportChanged(ctx, tx, v, id, "report.submit", nil)
	})
	if err != nil {
		return Report{}, err
	}
	return s.Report(ctx, v, id)
}

// Validate publishes a submitted report (approve) or returns it to its
// delegation with a note saying why (reject). Only the validator bound to
// the report's state decides, and never on a report they wrote.
func (s *Service) Validate(ctx context.Context, v Viewer, id int64, approve bool, note string) (Report, error) {
	if v == nil || v.Role != account.Validator || v.Delegation == "" {
		return Report{}, errValidatorsOnly
	}
	r, _, err := s.readReport(ctx, v, id)
	if err != nil {
		return Report{}, err
	}
	if r.Country != v.Delegation {
		return Report{}, errNotYourState
	}
	if r.AuthorID == v.ID {
		return Report{}, errOwnReport
	}
	if r.State != ReportSubmitted {
		return Report{}, errNotSubmitted
	}
	note, err = checkOptional("note", note, maxText)
	if err != nil {
		return Report{}, err
	}
	if !approve && note == "" {
		return Report{}, errNoteRequired
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		var res sql.Result
		kind := EventReportReturned
		if approve {
			kind = EventReportPublished
			res, err = tx.Exec(ctx, `UPDATE progress_reports SET state = 'published', validated_by = ?, validated_at = ?, published_at = ?,
				return_note = '', updated_at = ? WHERE id = ? AND state = 'submitted'`, v.ID, now, now, now, id)
		} else {
			res, err = tx.Exec(ctx, `UPDATE progress_reports SET state = 'returned', return_note = ?, updated_at = ?
				WHERE id = ? AND state = 'submitted'`, note, now, id)
		}
		if err := oneRow(res, err, errNotSubmitted); err != nil {
			return err
		}
		if err := event(ctx, tx, v, r.CommitmentID, kind, r.Country, id, note); err != nil {
			return err
		}
		if approve {
			// The owner's latest published report may be this one.
			if err := refreshLatest(ctx, tx, r.CommitmentID, r.Country); err != nil {
				return err
			}
			if err := touchCommitment(ctx, tx, r.CommitmentID); err != nil {
				return err
			}
		}
		return reportChanged(ctx, tx, v, id, "report.validate", map[string]any{"approve": approve, "note": note})
	})
	if err != nil {
		return Report{}, err
	}
	// A returned report is its delegation's again: the validator no
	// longer reads it, but is told what they did to it.
	return loadReport(ctx, s.DB.Reader(), id)
}

// loadReport reads a report with its evidence, whoever asks.
func loadReport(ctx context.Context, q store.Querier, id int64) (Report, error) {
	r, err := scanReport(q.QueryRow(ctx, "SELECT "+reportColumns+reportFrom+" WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Report{}, errs.ErrNotFound
	} else if err != nil {
		return Report{}, err
	}
	list := []Report{r}
	return list[0], attachEvidence(ctx, q, list)
}

// Reports lists the reports on a commitment v may read, the latest
// reported first.
func (s *Service) Reports(ctx context.Context, v Viewer, commitmentID int64) ([]Report, error) {
	c, err := s.Get(ctx, v, commitmentID)
	if err != nil {
		return nil, err
	}
	pub, err := s.publishedEditions(ctx)
	if err != nil {
		return nil, err
	}
	q := s.DB.Reader()
	all, err := store.QueryAll(ctx, q, scanReport, "SELECT "+reportColumns+reportFrom+
		" WHERE r.commitment_id = ? ORDER BY r.reported_on DESC, r.id DESC", commitmentID)
	if err != nil {
		return nil, err
	}
	rd := visibility.Of(v)
	out := []Report{}
	for _, r := range all {
		if readsReport(rd, r, c, pub) {
			out = append(out, r)
		}
	}
	return out, attachEvidence(ctx, q, out)
}

// Report reads one report, if v may read it (errs not found otherwise).
func (s *Service) Report(ctx context.Context, v Viewer, id int64) (Report, error) {
	r, _, err := s.readReport(ctx, v, id)
	return r, err
}

// AwaitingValidation lists the submitted reports waiting for v: a
// validator's state's, or every state's for the secretariat; oldest
// submitted first.
func (s *Service) AwaitingValidation(ctx context.Context, v Viewer) ([]Report, error) {
	query := "SELECT " + reportColumns + reportFrom + " WHERE r.state = 'submitted'"
	var args []any
	switch {
	case isSecretariat(v):
	case v != nil && v.Role == account.Validator && v.Delegation != "":
		query += " AND r.country = ?"
		args = append(args, v.Delegation)
	default:
		return nil, errValidatorsOnly
	}
	return s.visibleReports(ctx, v, query+" ORDER BY r.submitted_at, r.id", args...)
}

// visibleReports runs a query of reports and keeps those v reads.
func (s *Service) visibleReports(ctx context.Context, v Viewer, query string, args ...any) ([]Report, error) {
	q := s.DB.Reader()
	all, err := store.QueryAll(ctx, q, scanReport, query, args...)
	if err != nil {
		return nil, err
	}
	pub, err := s.publishedEditions(ctx)
	if err != nil {
		return nil, err
	}
	rd := visibility.Of(v)
	out := []Report{}
	commitments := map[int64]Commitment{}
	for _, r := range all {
		c, ok := commitments[r.CommitmentID]
		if !ok {
			if c, err = loadCommitment(ctx, q, r.CommitmentID); err != nil {
				return nil, err
			}
			commitments[r.CommitmentID] = c
		}
		if readsReport(rd, r, c, pub) {
			out = append(out, r)
		}
	}
	return out, attachEvidence(ctx, q, out)
}

// readReport loads a report and its commitment (without its parts) if v
// reads the report; errs not found otherwise.
func (s *Service) readReport(ctx context.Context, v Viewer, id int64) (Report, Commitment, error) {
	q := s.DB.Reader()
	r, err := loadReport(ctx, q, id)
	if err != nil {
		return Report{}, Commitment{}, err
	}
	c, err := loadCommitment(ctx, q, r.CommitmentID)
	if err != nil {
		return Report{}, Commitment{}, err
	}
	pub, err := s.publishedEditions(ctx)
	if err != nil {
		return Report{}, Commitment{}, err
	}
	if !readsReport(visibility.Of(v), r, c, pub) {
		return Report{}, Commitment{}, errs.ErrNotFound
	}
	return r, c, nil
}

// ownReport loads a report a delegate of its state may change: a report v
// cannot read is not found; one of another state is forbidden.
func (s *Service) ownReport(ctx context.Context, v Viewer, id int64) (Report, Commitment, error) {
	if v == nil || v.Role != account.Delegate || v.Delegation == "" {
		return Report{}, Commitment{}, errDelegatesOnly
	}
	r, c, err := s.readReport(ctx, v, id)
	if err != nil {
		return r, c, err
	}
	if r.Country != v.Delegation {
		return Report{}, Commitment{}, errNotYourState
	}
	return r, c, nil
}

// reportChanged finishes a write to a report inside tx: its search
// document and the audit trail.
func reportChanged(ctx context.Context, tx *store.Tx, v Viewer, id int64, action string, change any) error {
	if err := outbox.Search(ctx, tx, reportDoc(id)); err != nil {
		return err
	}
	return record(ctx, tx, v, action, "progress_report", id, change)
}

// oneRow turns an update that matched no row (the report moved on
// meanwhile) into conflict.
func oneRow(res sql.Result, err error, conflict error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return conflict
	}
	return nil
}

// checkReport validates in place the content v gives a report that holds
// the evidence held so far.
func (s *Service) checkReport(ctx context.Context, v Viewer, in *ReportInput, held []Evidence) error {
	if !validDay(in.ReportedOn) {
		return errDate("reported_on")
	}
	if !ValidStatus(in.Status) {
		return errStatus
	}
	var err error
	if in.Narrative, err = checkText("narrative", in.Narrative, maxNarrative); err != nil {
		return err
	}
	if err := checkLang("language", in.Language); err != nil {
		return err
	}
	if len(in.Evidence) > maxEvidence {
		return errTooLong("evidence", maxEvidence)
	}
	for i := range in.Evidence {
		if err := s.checkEvidence(ctx, v, &in.Evidence[i], held); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) checkEvidence(ctx context.Context, v Viewer, e *Evidence, held []Evidence) error {
	var err error
	if e.Title, err = checkOptional("evidence", e.Title, maxShort); err != nil {
		return err
	}
	switch e.Kind {
	case EvidenceDocument:
		if e.UploadID <= 0 {
			return errEvidenceUpload
		}
		if err := checkUpload(ctx, s.DB.Reader(), v, e.UploadID, held); err != nil {
			return err
		}
		e.URL, e.IndicatorCode, e.Year, e.Value = "", "", 0, nil
	case EvidenceLink:
		e.URL = strings.TrimSpace(e.URL)
		u, err := url.Parse(e.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(e.URL) > 2000 {
			return errEvidenceKind
		}
		e.UploadID, e.IndicatorCode, e.Year, e.Value = 0, "", 0, nil
	case EvidenceData:
		if s.Evidence == nil {
			return errIndicator(e.IndicatorCode)
		}
		if _, err := s.Evidence.Indicator(ctx, e.IndicatorCode); errs.Is(err, errs.NotFound) {
			return errIndicator(e.IndicatorCode)
		} else if err != nil {
			return err
		}
		if e.Year < 1900 || e.Year > 2100 || e.Value == nil {
			return errEvidenceKind
		}
		e.UploadID, e.URL = 0, ""
	default:
		return errEvidenceKind
	}
	return nil
}

// checkUpload makes sure a document given as evidence is a file v
// uploaded, or one the report already gives (a fellow delegate's, kept
// as it was), as the practices do: giving an upload as evidence lets the
// report's readers download it, so nobody gives another's file.
func checkUpload(ctx context.Context, q store.Querier, v Viewer, id int64, held []Evidence) error {
	if slices.ContainsFunc(held, func(e Evidence) bool { return e.Kind == EvidenceDocument && e.UploadID == id }) {
		return nil
	}
	u, err := upload.Meta(ctx, q, id)
	if errs.Is(err, errs.NotFound) {
		return errEvidenceUpload
	} else if err != nil {
		return err
	}
	if v == nil || u.CreatedBy != v.ID {
		return errUploadNotYours(id)
	}
	return nil
}

// errUploadNotYours: a document given as evidence that its author did
// not upload.
func errUploadNotYours(id int64) error {
	return errs.Field("evidence", "upload_not_yours", "commitment.error.upload_not_yours", "value", itoa(id))
}

func saveEvidence(ctx context.Context, tx *store.Tx, reportID int64, list []Evidence) error {
	for _, e := range list {
		var year any
		if e.Year != 0 {
			year = e.Year
		}
		if _, err := tx.Exec(ctx, `INSERT INTO report_evidence (report_id, kind, title, upload_id, url, indicator_code, year, value)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, reportID, e.Kind, e.Title, nullID(e.UploadID), e.URL, e.IndicatorCode, year, e.Value); err != nil {
			// The only reference a caller chooses is the upload.
			if containsAny(err.Error(), "FOREIGN KEY", "23503") {
				return errEvidenceUpload
			}
			return err
		}
	}
	return nil
}

const reportColumns = `r.id, r.commitment_id, c.title, r.country, r.reported_on, r.status, r.narrative, r.language, r.state, r.return_note,
	r.author_id, r.validated_by, r.submitted_at, r.validated_at, r.published_at, r.created_at, r.updated_at`

const reportFrom = " FROM progress_reports r JOIN commitments c ON c.id = r.commitment_id"

func scanReport(sc store.Scanner) (Report, error) {
	var r Report
	var author, validator sql.NullInt64
	var submitted, validated, published sql.NullTime
	err := sc.Scan(&r.ID, &r.CommitmentID, &r.CommitmentTitle, &r.Country, &r.ReportedOn, &r.Status, &r.Narrative, &r.Language,
		&r.State, &r.ReturnNote, &author, &validator, &submitted, &validated, &published, &r.CreatedAt, &r.UpdatedAt)
	r.AuthorID, r.ValidatedBy = author.Int64, validator.Int64
	r.SubmittedAt, r.ValidatedAt, r.PublishedAt = timePtr(submitted), timePtr(validated), timePtr(published)
	r.Evidence = []Evidence{}
	return r, err
}

// attachEvidence fills the evidence of a list of reports in one query.
func attachEvidence(ctx context.Context, q store.Querier, list []Report) error {
	if len(list) == 0 {
		return nil
	}
	at := make(map[int64]*Report, len(list))
	ids := make([]string, len(list))
	for i := range list {
		at[list[i].ID] = &list[i]
		ids[i] = itoa(list[i].ID)
	}
	return scanEach(ctx, q, `SELECT report_id, kind, title, COALESCE(upload_id, 0), url, indicator_code, COALESCE(year, 0), value
		FROM report_evidence WHERE report_id IN (`+strings.Join(ids, ", ")+") ORDER BY report_id, id", func(sc store.Scanner) error {
		var id int64
		var e Evidence
		var value sql.NullFloat64
		if err := sc.Scan(&id, &e.Kind, &e.Title, &e.UploadID, &e.URL, &e.IndicatorCode, &e.Year, &value); err != nil {
			return err
		}
		if value.Valid {
			e.Value = &value.Float64
		}
		at[id].Evidence = append(at[id].Evidence, e)
		return nil
	})
}
