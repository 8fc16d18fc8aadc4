// Package ground owns common ground: the blocs of delegations an edition
// declares, the propositions the chair and the delegations put forward,
// each delegation's position on each proposition (with every change kept),
// and what is read from them — the map of where blocs meet
// (consensus math in ground/consensus), the opinion groups delegations
// actually form (ground/opinion) and the themes each bloc raised.
//
// Who reads what is package visibility's rule: a delegation's proposition
// waits for the chair at level Submitted; a published one has its edition's
// level; positions (and every number derived from them) have the level the
// edition chose for them, participants (delegations only) or public.
package ground

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Thesaurus tags texts with concepts and knows which concepts exist
// (package thesaurus, as search sees it).
type Thesaurus interface {
	Tag(lang, text string) []string
	Known(id string) bool
}

// Service runs common ground on a database, over the dialogue record.
type Service struct {
	DB       *store.DB
	Dialogue *dialogue.Service
	// Thesaurus tags propositions and checks tags given by hand; nil tags
	// nothing and refuses hand-given tags.
	Thesaurus Thesaurus

	// tallies keeps, per edition, the positions last read with the
	// version they were read at (see version.go).
	tallies tallyCache
}

// Viewer is who reads or writes: nil for the public.
type Viewer = dialogue.Viewer

// Stance is a delegation's position on a proposition.
type Stance string

const (
	Support      Stance = "support"
	CanLiveWith  Stance = "can_live_with"
	CannotAccept Stance = "cannot_accept" // an objection: a reason is required
	Pending      Stance = "pending"       // pending instructions from the capital
)

// Stances lists the stances from warmest to coldest, pending last.
var Stances = []Stance{Support, CanLiveWith, CannotAccept, Pending}

// Valid reports whether s is one of the stances.
func (s Stance) Valid() bool {
	for _, x := range Stances {
		if x == s {
			return true
		}
	}
	return false
}

// Proposition statuses.
const (
	Submitted = "submitted" // a delegation's, waiting for the chair
	Published = "published"
	Withdrawn = "withdrawn"
	Merged    = "merged" // into another; its positions carried over
)

// Limits: a proposition is a sentence or a short paragraph.
const (
	maxText   = 2000
	maxReason = 2000
	maxBlocs  = 40
)

// Errors with stable codes.
var (
	errNotYourDelegation = errs.New(errs.Forbidden, "not_your_delegation", "error.not_your_delegation")
	errNotPresiding      = errs.New(errs.Forbidden, "chair_only", "ground.error.chair_only")
	errNoDelegation      = errs.New(errs.Forbidden, "no_delegation", "ground.error.no_delegation")
	errReasonRequired    = errs.Field("reason", "reason_required", "ground.error.reason_required")
	errStance            = errs.Field("stance", "invalid_stance", "ground.error.stance")
	errWithdrawn         = errs.New(errs.Conflict, "proposition_withdrawn", "ground.error.withdrawn")
	errMerged            = errs.New(errs.Conflict, "proposition_merged", "ground.error.merged")
	errNotPublished      = errs.New(errs.Conflict, "proposition_not_published", "ground.error.not_published")
	errNotSubmitted      = errs.New(errs.Conflict, "proposition_not_submitted", "ground.error.not_submitted")
	errMergeSelf         = errs.Field("into", "merge_into_itself", "ground.error.merge_self")
	errMergeTarget       = errs.Field("into", "invalid_merge_target", "ground.error.merge_target")
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// record audits a change inside tx.
func record(ctx context.Context, tx *store.Tx, v Viewer, action, entity string, id int64, change any) error {
	return audit.Record(ctx, tx, audit.Event{Actor: account.ActorOf(v), Action: action, EntityType: entity, EntityID: itoa(id), Change: change})
}

// Channel is the live channel of an edition's common ground: every write
// that changes what its map shows announces itself there, so that open
// maps on every instance redraw.
func Channel(editionID int64) string { return "ground:" + itoa(editionID) }

// announce finishes every write to an edition's common ground inside its
// transaction: the edition's version moves on and its live channel wakes.
func announce(ctx context.Context, tx *store.Tx, editionID int64) error {
	if _, err := tx.Exec(ctx, `INSERT INTO ground_versions (edition_id, version) VALUES (?, 1)
		ON CONFLICT (edition_id) DO UPDATE SET version = ground_versions.version + 1`, editionID); err != nil {
		return err
	}
	return outbox.Live(ctx, tx, Channel(editionID))
}

func presides(v Viewer) bool { return visibility.Of(v).Presides() }

// userID is v's id for the "by" columns (NULL for the system).
func userID(v Viewer) any {
	if v == nil {
		return nil
	}
	return v.ID
}

// userName is v's name as the history keeps it ("" for the system).
func userName(v Viewer) string {
	if v == nil {
		return ""
	}
	return v.DisplayName
}

func isSecretariat(v Viewer) bool { return v != nil && v.Role == account.Administrator }

// notFound turns a missing row into the not-found error.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.ErrNotFound
	}
	return err
}
