package commitment

import "roundtable/internal/errs"

// Errors of the package: a stable code for API clients, a catalog key
// (commitment.<lang>.json, or the shared validation.* keys) for people,
// and the field at fault.
var (
	errSecretariatOnly = errs.New(errs.Forbidden, "secretariat_only", "commitment.error.secretariat_only")
	errDelegatesOnly   = errs.New(errs.Forbidden, "delegates_only", "commitment.error.delegates_only")
	errValidatorsOnly  = errs.New(errs.Forbidden, "validators_only", "commitment.error.validators_only")
	errObserversOnly   = errs.New(errs.Forbidden, "observers_only", "commitment.error.observers_only")
	// A commitment the user reads but their state does not own.
	errNotYourCommitment = errs.New(errs.Forbidden, "not_your_commitment", "commitment.error.not_your_commitment")
	// A report of another state than the user's.
	errNotYourState    = errs.New(errs.Forbidden, "not_your_state", "commitment.error.not_your_state")
	errOwnReport       = errs.New(errs.Forbidden, "own_report", "commitment.error.own_report")
	errCommentsClosed  = errs.New(errs.Forbidden, "comments_closed", "commitment.error.comments_closed")
	errNotEditable     = errs.New(errs.Conflict, "report_not_editable", "commitment.error.report_not_editable")
	errNotSubmitted    = errs.New(errs.Conflict, "report_not_submitted", "commitment.error.report_not_submitted")
	errNotPublished    = errs.New(errs.Conflict, "report_not_published", "commitment.error.report_not_published")
	errModerated       = errs.New(errs.Conflict, "comment_moderated", "commitment.error.comment_moderated")
	errOneSource       = errs.Field("source", "one_source", "commitment.error.one_source")
	errNotOperative    = errs.Field("paragraph_id", "paragraph_not_operative", "commitment.error.paragraph_not_operative")
	errNotAdopted      = errs.Field("paragraph_id", "paragraph_not_adopted", "commitment.error.paragraph_not_adopted")
	errNoParagraph     = errs.Field("paragraph_id", "not_found", "commitment.error.paragraph_not_found")
	errNoStatement     = errs.Field("statement_id", "not_found", "commitment.error.statement_not_found")
	errNoRecommend     = errs.Field("recommendation_id", "not_found", "commitment.error.recommendation_not_found")
	errNoEdition       = errs.Field("edition_id", "not_found", "commitment.error.edition_not_found")
	errLevel           = errs.Field("level", "invalid_level", "commitment.error.level")
	errDueBeforeStart  = errs.Field("due_on", "due_before_start", "commitment.error.due_before_start")
	errReportEvery     = errs.Field("report_every", "invalid_report_every", "commitment.error.report_every")
	errNoOwner         = errs.Field("owners", "owner_required", "commitment.error.owner_required")
	errStatus          = errs.Field("status", "invalid_status", "commitment.error.status")
	errNoteRequired    = errs.Field("note", "note_required", "commitment.error.note_required")
	errNoMilestone     = errs.Field("milestone_id", "not_found", "commitment.error.milestone_not_found")
	errEvidenceKind    = errs.Field("evidence", "invalid_evidence", "commitment.error.evidence")
	errEvidenceUpload  = errs.Field("evidence", "upload_not_found", "commitment.error.upload_not_found")
	errIndicatorYears  = errs.Field("indicators", "invalid_indicator_years", "commitment.error.indicator_years")
	errIndicatorTarget = errs.Field("indicators", "target_equals_baseline", "commitment.error.target_equals_baseline")
)

func errOwner(code string) error {
	return errs.Field("owners", "not_participant", "commitment.error.not_participant", "country", code)
}

func errOwnerTwice(code string) error {
	return errs.Field("owners", "duplicate_owner", "commitment.error.duplicate_owner", "country", code)
}

func errConcept(id string) error {
	return errs.Field("concepts", "unknown_concept", "commitment.error.unknown_concept", "concept", id)
}

func errTarget(code string) error {
	return errs.Field("targets", "unknown_target", "commitment.error.unknown_target", "target", code)
}

func errIndicator(code string) error {
	return errs.Field("indicators", "unknown_indicator", "commitment.error.unknown_indicator", "code", code)
}

func errIndicatorOwner(code string) error {
	return errs.Field("indicators", "indicator_not_owner", "commitment.error.indicator_not_owner", "country", code)
}

func errDate(field string) error { return errs.Field(field, "invalid_date", "validation.date") }

func errRequired(field string) error { return errs.Field(field, "required", "validation.required") }

func errTooLong(field string, max int) error {
	return errs.Field(field, "too_long", "validation.too_long", "max", max)
}

func errLanguage(field string) error {
	return errs.Field(field, "invalid_language", "validation.language")
}
