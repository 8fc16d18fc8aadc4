// Package audit keeps Roundtable's tamper-evident trail. Every write appends
// an entry in the same transaction as the change; each entry carries the hash
// of the one before, so altering or removing a row breaks the chain at that
// point and Verify names it.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/store"
)

// Actor is who made a change: a signed-in user, or the system itself
// (migrations, demo loading, the command line).
type Actor struct {
	UserID int64  // 0 for the system
	Label  string // e-mail address or "system:<what>"
}

// System returns the actor for changes made by Roundtable itself.
func System(what string) Actor { return Actor{Label: "system:" + what} }

// Event is one change to record.
type Event struct {
	Actor      Actor
	Action     string // e.g. "user.create"
	EntityType string // e.g. "user"
	EntityID   string
	// Change describes what changed; it is stored only as a digest, so
	// secrets may be left out but the digest still pins the content.
	Change any
}

// Entry is a stored audit row.
type Entry struct {
	Seq        int64
	At         time.Time
	ActorID    int64
	Actor      string
	Action     string
	EntityType string
	EntityID   string
	Digest     string
	PrevHash   string
	Hash       string
}

// Record appends ev to the trail inside tx.
func Record(ctx context.Context, tx *store.Tx, ev Event) error {
	return RecordAll(ctx, tx, []Event{ev})
}

// RecordAll appends events in order inside tx. Moving the single head row
// once for the whole batch serialises concurrent appends on PostgreSQL (row
// lock) as SQLite's single writer already does, and keeps a bulk import from
// updating that row once per statement.
func RecordAll(ctx context.Context, tx *store.Tx, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, "UPDATE audit_head SET seq = seq + ? WHERE id = 1", len(events)); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	var last int64
	var prev string
	if err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&last, &prev); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	at := store.Now()
	for i, ev := range events {
		digest, err := Digest(ev.Change)
		if err != nil {
			return fmt.Errorf("audit digest: %w", err)
		}
		e := Entry{
			Seq: last - int64(len(events)) + 1 + int64(i), At: at, ActorID: ev.Actor.UserID, Actor: ev.Actor.Label,
			Action: ev.Action, EntityType: ev.EntityType, EntityID: ev.EntityID, Digest: digest, PrevHash: prev,
		}
		e.Hash = e.computeHash()
		var actorID any
		if e.ActorID != 0 {
			actorID = e.ActorID
		}
		if _, err := tx.Exec(ctx, `INSERT INTO audit_log
			(seq, at, actor_id, actor, action, entity_type, entity_id, digest, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Seq, e.At, actorID, e.Actor, e.Action, e.EntityType, e.EntityID, e.Digest, e.PrevHash, e.Hash); err != nil {
			return fmt.Errorf("audit append: %w", err)
		}
		prev = e.Hash
	}
	_, err := tx.Exec(ctx, "UPDATE audit_head SET hash = ? WHERE id = 1", prev)
	return err
}

// Digest is the SHA-256 of the change's JSON encoding (map keys sorted by
// encoding/json, so equal changes give equal digests).
func Digest(change any) (string, error) {
	b, err := json.Marshal(change)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// computeHash chains the entry to its predecessor. Fields are joined with a
// separator that cannot occur in them unescaped.
func (e Entry) computeHash() string {
	fields := []string{
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10),
		e.Actor, e.Action, e.EntityType, e.EntityID, e.Digest, e.PrevHash,
	}
	for i, f := range fields {
		fields[i] = strconv.Quote(f)
	}
	sum := sha256.Sum256([]byte(strings.Join(fields, "\x1f")))
	return hex.EncodeToString(sum[:])
}
