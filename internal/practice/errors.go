package practice

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// The errors this package reports, each with a stable code (what the API
// returns) and its message key in the practice catalog.
var (
	errNotYourState  = &errs.Error{Kind: errs.Forbidden, Code: "not_your_state", Key: "practice.error.not_your_state", Field: "country"}
	errSecretariat   = errs.New(errs.Forbidden, "secretariat_only", "practice.error.secretariat_only")
	errNotEditable   = errs.New(errs.Conflict, "practice_published", "practice.error.published")
	errAskClosed     = errs.New(errs.Conflict, "ask_closed", "practice.error.ask_closed")
	errNotRequest    = errs.New(errs.Invalid, "not_a_request", "practice.error.not_a_request")
	errMatchExists   = errs.New(errs.Conflict, "match_exists", "practice.error.match_exists")
	errSameCountry   = errs.Field("provider", "same_country", "practice.error.same_country")
	errMatchTarget   = errs.Field("provider", "match_target", "practice.error.match_target")
	errResult        = errs.Field("result", "result_required", "practice.error.result_required")
	errNotParty      = errs.New(errs.Forbidden, "not_a_party", "practice.error.not_a_party")
	errTranslateSelf = errs.Field("language", "translation_language", "practice.error.translation_language")
)

// stateConflict says a practice in state from cannot take this step.
func stateConflict(from State) error {
	return errs.New(errs.Conflict, "practice_state", "practice.error.state", "state", string(from))
}

// statusConflict says a match cannot go from one status to another.
func statusConflict(from, to string) error {
	return errs.New(errs.Conflict, "match_status", "practice.error.match_status", "from", from, "to", to)
}

// Bounds of the texts, in characters.
const (
	maxTitle   = 300
	maxSection = 10000 // each of context, actions, results, challenges, lessons, transfer
	maxShort   = 2000  // institutions, costs, a note
	maxContact = 500
	maxBody    = 5000 // a request's or an offer's text
	maxList    = 50   // concepts, targets, indicators, documents given by hand
)

// Years a practice's period may span.
const (
	firstYear = 1945
	lastYear  = 2100
)

func checkText(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", errs.Field(field, "invalid_text", "validation.required")
	}
	if s == "" && required {
		return "", errs.Field(field, "required", "validation.required")
	}
	if utf8.RuneCountInString(s) > max {
		return "", errs.Field(field, "too_long", "validation.too_long", "max", max)
	}
	return s, nil
}

// checkLang accepts a working language's code.
func checkLang(field, lang string) error {
	for _, l := range i18n.Supported {
		if string(l) == lang {
			return nil
		}
	}
	return errs.Field(field, "bad_language", "practice.error.language", "language", lang)
}

// canWrite reports whether v may write for country: the secretariat for
// any state, a delegate for their own.
func canWrite(v Viewer, country string) error {
	r := visibility.Of(v)
	if r.Secretariat() {
		return nil
	}
	if v == nil || v.Role != account.Delegate {
		return errs.ErrForbidden
	}
	if r.Delegation() == "" || r.Delegation() != country {
		return errNotYourState
	}
	return nil
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.ErrNotFound
	}
	return err
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// userID is v's id for the author columns (NULL for the system).
func userID(v Viewer) any {
	if v == nil {
		return nil
	}
	return v.ID
}

// record audits a change inside tx.
func record(ctx context.Context, tx *store.Tx, v Viewer, action, entity string, id int64, change any) error {
	return audit.Record(ctx, tx, audit.Event{Actor: account.ActorOf(v), Action: action, EntityType: entity, EntityID: itoa(id), Change: change})
}

// page bounds a limit and an offset.
func page(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = DefaultPage
	}
	if limit > MaxPage {
		limit = MaxPage
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}
