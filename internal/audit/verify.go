package audit

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"roundtable/internal/store"
)

// Report is the outcome of checking the chain.
type Report struct {
	Entries int64
	// LastSeq and LastHash are those of the last entry read (0 and "" for
	// an empty trail).
	LastSeq  int64
	LastHash string
	// Broken is nil when the chain is whole.
	Broken *Break
}

// Break is the first place the chain does not hold.
type Break struct {
	Seq    int64
	Reason string
}

func (b *Break) String() string { return fmt.Sprintf("entry %d: %s", b.Seq, b.Reason) }

// Verify walks the whole trail in order and reports the first broken link:
// an entry whose content no longer matches its hash, whose predecessor's hash
// differs from the one it recorded, a gap in the sequence (a removed row), or
// a head that does not match the last entry (rows removed from the end).
//
// The head is in the database too, so removing the newest entries and moving
// the head back leaves a chain that holds. Checkpoints taken earlier and kept
// elsewhere catch that: each must name an entry still present with the same
// hash (see Checkpoint).
func Verify(ctx context.Context, q store.Querier, checkpoints ...Checkpoint) (Report, error) {
	var rep Report
	pinned := map[int64][]Checkpoint{}
	for _, c := range checkpoints {
		pinned[c.Seq] = append(pinned[c.Seq], c)
	}
	rows, err := q.Query(ctx, `SELECT seq, at, actor_id, actor, action, entity_type, entity_id, digest, prev_hash, hash
		FROM audit_log ORDER BY seq`)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	prevHash, prevSeq := "", int64(0)
	for rows.Next() {
		var e Entry
		var actorID sql.NullInt64
		if err := rows.Scan(&e.Seq, &e.At, &actorID, &e.Actor, &e.Action, &e.EntityType, &e.EntityID, &e.Digest, &e.PrevHash, &e.Hash); err != nil {
			return rep, err
		}
		e.ActorID = actorID.Int64
		rep.Entries++
		if rep.Broken != nil {
			continue
		}
		switch {
		case e.Seq != prevSeq+1:
			rep.Broken = &Break{prevSeq + 1, fmt.Sprintf("missing (the next entry present is %d)", e.Seq)}
		case e.PrevHash != prevHash:
			rep.Broken = &Break{e.Seq, "does not follow the entry before it (previous hash differs)"}
		case e.computeHash() != e.Hash:
			rep.Broken = &Break{e.Seq, "was altered (its content no longer matches its hash)"}
		}
		for _, c := range pinned[e.Seq] {
			if rep.Broken == nil && c.Hash != e.Hash {
				rep.Broken = &Break{e.Seq, fmt.Sprintf("differs from the checkpoint taken at %s (the chain was rewritten from here or before)",
					c.At.UTC().Format(time.RFC3339))}
			}
		}
		prevHash, prevSeq = e.Hash, e.Seq
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	rep.LastSeq, rep.LastHash = prevSeq, prevHash
	if rep.Broken != nil {
		return rep, nil
	}
	// A checkpoint beyond the last entry: the newest entries were removed,
	// and, since the chain and the head otherwise agree, the head moved back.
	// The latest such checkpoint tells the most.
	var beyond *Checkpoint
	for i, c := range checkpoints {
		if c.Seq > prevSeq && (beyond == nil || c.Seq > beyond.Seq) {
			beyond = &checkpoints[i]
		}
	}
	if beyond != nil {
		rep.Broken = &Break{prevSeq + 1, fmt.Sprintf("missing: the checkpoint taken at %s pins entry %d but the trail ends at entry %d (entries removed from the end)",
			beyond.At.UTC().Format(time.RFC3339), beyond.Seq, prevSeq)}
		return rep, nil
	}
	var headSeq int64
	var headHash string
	if err := q.QueryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return rep, err
	}
	if headSeq != prevSeq || headHash != prevHash {
		rep.Broken = &Break{prevSeq + 1, fmt.Sprintf("missing: the chain records %d entries but only %d remain", headSeq, prevSeq)}
	}
	return rep, nil
}
