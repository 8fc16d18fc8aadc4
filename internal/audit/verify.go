package audit

import (
	"context"
	"database/sql"
	"fmt"

	"roundtable/internal/store"
)

// Report is the outcome of checking the chain.
type Report struct {
	Entries int64
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
func Verify(ctx context.Context, q store.Querier) (Report, error) {
	var rep Report
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
		prevHash, prevSeq = e.Hash, e.Seq
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	if rep.Broken != nil {
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
