package ground

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Every write to an edition's common ground bumps its version in
// ground_versions inside the write's transaction (announce). Two things
// follow from it:
//   - the positions of an edition, which every map and picture reads whole,
//     are read once per version and kept (tallyCache), so a map costs its
//     arithmetic, not ten thousand rows, until the next write;
//   - Version tells a live page cheaply whether what its reader sees may
//     have changed.
// The version is read before the positions: positions read after seeing
// version n include every write up to n, so what is kept is never older
// than its label; on every instance, a later write shows as a new version.

// editionVersion reads an edition's version (0 before its first write).
func editionVersion(ctx context.Context, q store.Querier, editionID int64) (int64, error) {
	var v int64
	err := q.QueryRow(ctx, "SELECT version FROM ground_versions WHERE edition_id = ?", editionID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// tallyCache keeps the last tally read of each edition.
type tallyCache struct {
	mu sync.Mutex
	m  map[int64]keptTally
}

type keptTally struct {
	version int64
	t       tally
}

func (c *tallyCache) get(editionID, version int64) (tally, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.m[editionID]
	return k.t, ok && k.version == version
}

func (c *tallyCache) put(editionID, version int64, t tally) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int64]keptTally{}
	}
	if k, ok := c.m[editionID]; !ok || k.version <= version {
		c.m[editionID] = keptTally{version, t}
	}
}

// Version sums up what v may see of an edition's common ground, in a few
// indexed lookups: it changes whenever what v sees changes. For a reader
// who may see positions it follows the edition's version, which moves on
// every write; for one the edition keeps positions from, it follows only
// the settings, the blocs and the propositions that reader may read — a
// position moving changes nothing in it, so a live page tells such a
// reader nothing.
func (s *Service) Version(ctx context.Context, v Viewer, editionID int64) (string, error) {
	e, err := s.Dialogue.Edition(ctx, v, editionID)
	if err != nil {
		return "", err
	}
	q := s.DB.Reader()
	h := sha256.New()
	sees, err := s.SeesPositions(ctx, v, e)
	if err != nil {
		return "", err
	}
	if sees {
		n, err := editionVersion(ctx, q, editionID)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "version %d\n", n)
	} else {
		st, err := s.settings(ctx, q, editionID)
		if err != nil {
			return "", err
		}
		var n int64
		var last any
		if err := q.QueryRow(ctx, "SELECT count(*), max(updated_at) FROM blocs WHERE edition_id = ?", editionID).Scan(&n, &last); err != nil {
			return "", err
		}
		fmt.Fprintf(h, "settings %s\nblocs %d %v\n", st.Positions, n, last)
	}
	// The propositions v may read: which, in which state, changed when.
	cond, args := visibility.Of(v).Where(propositionColumns, store.Now())
	var n, sum int64
	var last any
	if err := q.QueryRow(ctx, "SELECT count(*), COALESCE(sum(p.id), 0), max(p.updated_at) FROM propositions p JOIN editions e ON e.id = p.edition_id LEFT JOIN delegations d ON d.id = p.delegation_id WHERE p.edition_id = ? AND "+cond,
		append([]any{editionID}, args...)...).Scan(&n, &sum, &last); err != nil {
		return "", err
	}
	fmt.Fprintf(h, "published %v\npropositions %d %d %v\n", e.Published, n, sum, last)
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}
