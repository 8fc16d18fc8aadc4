// Package outcome owns the joint outcome of an edition: the documents it
// negotiates (a declaration, a joint statement, a communiqué), their
// paragraphs with labels that never change or come back (PP1, OP7bis,
// OP6alt), the revisions the chair issues (each frozen), the amendments
// delegations propose and the chair accepts, rejects or folds into a
// compromise, each delegation's position on each paragraph, the silence
// procedure, adoption, and the annex of reservations and explanations.
//
// Who reads what is package visibility's rule: the negotiation is read by
// the room (level Participants); the adopted text and its annex by
// everyone once the edition is published (level Adopted).
//
// Every write runs in one transaction that also bumps the document's
// version, appends the live event of its channel and the audit record, so
// open views on every instance follow and nothing is half done.
package outcome

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Service runs the joint outcome on a database, over the dialogue record.
type Service struct {
	DB       *store.DB
	Dialogue *dialogue.Service
	// Ground is common ground, where a zero draft may start from the
	// propositions that reached consensus; nil: a zero draft is written
	// by hand only.
	Ground *ground.Service
}

// Viewer is who reads or writes: nil for the public.
type Viewer = dialogue.Viewer

// Document kinds.
const (
	Declaration    = "declaration"
	JointStatement = "joint_statement"
	Communique     = "communique"
)

// Kinds lists the document kinds.
var Kinds = []string{Declaration, JointStatement, Communique}

// Document statuses.
const (
	Drafting = "drafting"
	Silence  = "silence" // a revision is under silence
	Adopted  = "adopted"
)

// Paragraph kinds.
const (
	Preambular = "preambular"
	Operative  = "operative"
)

// Paragraph statuses, in the order a paragraph usually moves through them.
const (
	Proposed    = "proposed"
	Bracketed   = "bracketed"
	Options     = "options"
	AgreedAdRef = "agreed_ad_ref" // agreed subject to confirmation by the capital
	Agreed      = "agreed"
)

// Statuses lists the paragraph statuses in order.
var Statuses = []string{Proposed, Bracketed, Options, AgreedAdRef, Agreed}

// Reasons a paragraph stands in brackets.
var BracketReasons = []string{"alternative_wording", "contentious", "instructions"}

// Translation statuses of a paragraph in a language other than the
// negotiating one. (Outdated is not stored: it is read from the versions.)
var TextStatuses = []string{"machine", "draft", "reviewed", "authentic"}

// Limits.
const (
	maxTitle     = 300
	maxParagraph = 6000
	maxReason    = 2000
	maxNote      = 2000
	maxDocuments = 20
)

// Errors with stable codes.
var (
	errChairOnly         = errs.New(errs.Forbidden, "chair_only", "outcome.error.chair_only")
	errNotYourDelegation = errs.New(errs.Forbidden, "not_your_delegation", "error.not_your_delegation")
	errNoDelegation      = errs.New(errs.Forbidden, "no_delegation", "outcome.error.no_delegation")
	errNotAccredited     = errs.New(errs.Forbidden, "not_accredited", "outcome.error.not_accredited")
	errAdopted           = errs.New(errs.Conflict, "document_adopted", "outcome.error.adopted")
	errUnderSilence      = errs.New(errs.Conflict, "under_silence", "outcome.error.under_silence")
	errSingleText        = errs.New(errs.Conflict, "single_text", "outcome.error.single_text")
	errUnknownParagraph  = errs.Field("paragraph", "unknown_paragraph", "outcome.error.unknown_paragraph")
	errParagraphDeleted  = errs.New(errs.Conflict, "paragraph_deleted", "outcome.error.paragraph_deleted")
	errKind              = errs.Field("kind", "invalid_kind", "outcome.error.kind")
	errStatus            = errs.Field("status", "invalid_status", "outcome.error.status")
	errBracketReason     = errs.Field("reason", "invalid_bracket_reason", "outcome.error.bracket_reason")
	errReasonRequired    = errs.Field("reason", "reason_required", "outcome.error.reason_required")
	errStance            = errs.Field("stance", "invalid_stance", "outcome.error.stance")
	errAdRefDeadline     = errs.Field("until", "ad_ref_deadline", "outcome.error.ad_ref_deadline")
	errPackageSelf       = errs.Field("linked", "package_self", "outcome.error.package_self")
	errTooManyDocuments  = errs.New(errs.Conflict, "too_many_documents", "outcome.error.too_many_documents")
	errTextStatus        = errs.Field("status", "invalid_text_status", "outcome.error.text_status")
	errNegotiatingLang   = errs.Field("language", "negotiating_language", "outcome.error.negotiating_language")
	errNoRevision        = errs.New(errs.Conflict, "no_revision", "outcome.error.no_revision")
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// Channel is the live channel of one outcome document.
func Channel(documentID int64) string { return "outcome:" + itoa(documentID) }

// touch finishes every write to a document inside its transaction: its
// version moves on, its live channel wakes, and the change is audited.
func touch(ctx context.Context, tx *store.Tx, v Viewer, docID int64, action, entity string, id int64, change any) error {
	if _, err := tx.Exec(ctx, "UPDATE outcome_documents SET version = version + 1, updated_at = ? WHERE id = ?", store.Now(), docID); err != nil {
		return err
	}
	if err := outbox.Live(ctx, tx, Channel(docID)); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Event{Actor: account.ActorOf(v), Action: action, EntityType: entity, EntityID: itoa(id), Change: change})
}

// presides: the chair and the secretariat run the negotiation.
func presides(v Viewer) bool { return visibility.Of(v).Presides() }

func userID(v Viewer) any {
	if v == nil {
		return nil
	}
	return v.ID
}

func userName(v Viewer) string {
	if v == nil {
		return ""
	}
	return v.DisplayName
}

// notFound turns a missing row into the not-found error.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.ErrNotFound
	}
	return err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	i := int(n.Int64)
	return &i
}
