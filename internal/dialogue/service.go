package dialogue

import (
	"context"
	"strconv"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/store"
)

// Tagger finds thesaurus concepts in a text (package thesaurus provides it).
type Tagger interface {
	Tag(lang, text string) []string
}

// Service runs the dialogue record on a database.
type Service struct {
	DB *store.DB
	// Tagger tags statements with concepts when they are saved; nil tags
	// nothing.
	Tagger Tagger
}

// Viewer is who reads or writes: nil for the public.
type Viewer = *account.User

func isSecretariat(v Viewer) bool { return v != nil && v.Role == account.Administrator }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// record audits a change inside tx.
func record(ctx context.Context, tx *store.Tx, v Viewer, action, entity string, id int64, change any) error {
	return audit.Record(ctx, tx, audit.Event{Actor: account.ActorOf(v), Action: action, EntityType: entity, EntityID: itoa(id), Change: change})
}
