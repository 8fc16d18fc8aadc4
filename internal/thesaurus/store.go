package thesaurus

// The thesaurus lives in one table (migration 0002; TIMESTAMPTZ on
// PostgreSQL):
//
//	CREATE TABLE concepts (
//	    id         TEXT PRIMARY KEY,
//	    data       TEXT NOT NULL,      -- JSON of a Concept, plus "origin" and "deleted" (see stored)
//	    updated_at TIMESTAMP NOT NULL
//	);
//
// Every write reads the whole table (a few hundred rows at most), works out
// the new state in memory, validates it as New does, and writes the rows
// that changed with one audit entry, so the stored links are always
// symmetric and always resolve.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// stored is what the data column holds.
type stored struct {
	Concept
	// Origin is "shipped" while the row is as a release shipped it, so
	// Sync may bring it up to date with a later release, and "edited" once
	// anyone changed it in the database, after which Sync never touches
	// its content.
	Origin string `json:"origin"`
	// Deleted marks a concept the secretariat removed. The row stays so
	// that Sync does not bring a shipped concept back.
	Deleted bool `json:"deleted,omitempty"`
}

const (
	originShipped = "shipped"
	originEdited  = "edited"
)

type rows map[string]stored

// Sync brings the database's thesaurus up to date with the shipped one:
// it inserts shipped concepts the database lacks (by id), updates concepts
// nobody has edited to their shipped version, and never touches a concept
// edited or deleted in the database, except to add the inverse of a link a
// new concept makes to it. If an update would contradict an edit (a cycle,
// say), it inserts only. It writes, with one audit entry, only when
// something changed; added counts the inserted concepts.
func Sync(ctx context.Context, db *store.DB, shipped []Concept) (added int, err error) {
	set, err := New(shipped)
	if err != nil {
		return 0, fmt.Errorf("thesaurus sync: shipped concepts: %w", err)
	}
	clean := set.All()
	err = db.Write(ctx, func(tx *store.Tx) error {
		before, err := lockAndRead(ctx, tx)
		if err != nil {
			return err
		}
		after, addedIDs := syncPlan(before, clean, true)
		if err := settle(after); err != nil {
			after, addedIDs = syncPlan(before, clean, false)
			if err := settle(after); err != nil {
				return fmt.Errorf("thesaurus sync: %w", err)
			}
		}
		changed, err := writeRows(ctx, tx, before, after)
		if err != nil || len(changed) == 0 {
			return err
		}
		added = len(addedIDs)
		return audit.Record(ctx, tx, audit.Event{
			Actor: audit.System("thesaurus"), Action: "thesaurus.sync", EntityType: "thesaurus", EntityID: "concepts",
			Change: map[string]any{"added": addedIDs, "changed": changed},
		})
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// syncPlan is the state after inserting the shipped concepts the database
// lacks and, if refresh, updating the untouched ones.
func syncPlan(before rows, shipped []Concept, refresh bool) (rows, []string) {
	after := cloneRows(before)
	var added []string
	for _, c := range shipped {
		cur, ok := after[c.ID]
		switch {
		case !ok:
			after[c.ID] = stored{Concept: c, Origin: originShipped}
			added = append(added, c.ID)
		case refresh && cur.Origin == originShipped && !cur.Deleted:
			after[c.ID] = stored{Concept: c, Origin: originShipped}
		}
	}
	slices.Sort(added)
	return after, added
}

// Load reads the thesaurus from the database.
func Load(ctx context.Context, q store.Querier) (*Thesaurus, error) {
	rs, err := readRows(ctx, q)
	if err != nil {
		return nil, err
	}
	t, err := New(rs.live())
	if err != nil {
		return nil, fmt.Errorf("thesaurus in the database: %w", err)
	}
	return t, nil
}

// Save inserts or updates one concept. The sources of labels it no longer
// has are dropped (a reworded label has no source until a thesaurus file
// gives it one). Its links are taken as the truth
// for every pair it belongs to: a concept it now lists gets the inverse
// link, one it no longer lists loses it. Links must name existing concepts,
// and the whole thesaurus must stay valid (no cycle of broader links).
// Saving what is already stored changes nothing and records nothing.
func Save(ctx context.Context, db *store.DB, actor audit.Actor, c Concept) error {
	c, err := normalise(c)
	if err != nil {
		return err
	}
	c.From = keptFrom(c)
	return db.Write(ctx, func(tx *store.Tx) error {
		before, err := lockAndRead(ctx, tx)
		if err != nil {
			return err
		}
		for _, l := range []struct {
			field string
			ids   []string
		}{{"broader", c.Broader}, {"narrower", c.Narrower}, {"related", c.Related}} {
			for _, id := range l.ids {
				if s, ok := before[id]; id != c.ID && (!ok || s.Deleted) {
					return invalid(c.ID, l.field, "link_unknown", "%s %q is not a concept", l.field, id)
				}
			}
		}
		after := cloneRows(before)
		var neighbours []string
		for id, o := range after {
			if id == c.ID || o.Deleted {
				continue
			}
			n := o
			n.Broader = setMember(o.Broader, c.ID, slices.Contains(c.Narrower, id))
			n.Narrower = setMember(o.Narrower, c.ID, slices.Contains(c.Broader, id))
			n.Related = setMember(o.Related, c.ID, slices.Contains(c.Related, id))
			if !slices.Equal(n.Broader, o.Broader) || !slices.Equal(n.Narrower, o.Narrower) || !slices.Equal(n.Related, o.Related) {
				n.Origin = originEdited
				after[id] = n
				neighbours = append(neighbours, id)
			}
		}
		old, existed := before[c.ID]
		existed = existed && !old.Deleted
		if existed && len(neighbours) == 0 && sameContent(old.Concept, c) {
			return nil
		}
		after[c.ID] = stored{Concept: c, Origin: originEdited}
		if err := settle(after); err != nil {
			return err
		}
		if err := checkWritten([]Concept{after[c.ID].Concept}, after.live()); err != nil {
			return err
		}
		if _, err := writeRows(ctx, tx, before, after); err != nil {
			return err
		}
		action := "concept.update"
		if !existed {
			action = "concept.create"
		}
		slices.Sort(neighbours)
		return audit.Record(ctx, tx, audit.Event{
			Actor: actor, Action: action, EntityType: "concept", EntityID: c.ID,
			Change: map[string]any{"concept": after[c.ID].Concept, "linked": neighbours},
		})
	})
}

// Delete removes a concept. It refuses with errs.Conflict while other
// concepts link to it: unlink them first, so nothing is lost silently.
func Delete(ctx context.Context, db *store.DB, actor audit.Actor, id string) error {
	return db.Write(ctx, func(tx *store.Tx) error {
		before, err := lockAndRead(ctx, tx)
		if err != nil {
			return err
		}
		s, ok := before[id]
		if !ok || s.Deleted {
			return errs.ErrNotFound
		}
		var linked []string
		for oid, o := range before {
			if oid != id && !o.Deleted &&
				(slices.Contains(o.Broader, id) || slices.Contains(o.Narrower, id) || slices.Contains(o.Related, id)) {
				linked = append(linked, oid)
			}
		}
		linked = sortedSet(append(linked, slices.Concat(s.Broader, s.Narrower, s.Related)...), strings.Compare)
		if len(linked) > 0 {
			e := errs.New(errs.Conflict, "concept_linked", "thesaurus.error.concept_linked", strings.Join(linked, ", "))
			e.Err = fmt.Errorf("concept %q is linked to %s", id, strings.Join(linked, ", "))
			return e
		}
		after := cloneRows(before)
		after[id] = stored{Concept: s.Concept, Origin: originEdited, Deleted: true}
		if _, err := writeRows(ctx, tx, before, after); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{
			Actor: actor, Action: "concept.delete", EntityType: "concept", EntityID: id,
			Change: map[string]any{"concept": s.Concept},
		})
	})
}

// settle drops links to concepts that are not (or no longer) there, then
// validates the live concepts as New does and stores them in the form New
// gives them: normalised, every link on both sides.
func settle(rs rows) error {
	live := func(id string) bool { s, ok := rs[id]; return ok && !s.Deleted }
	keep := func(ids []string) []string {
		return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !live(id) })
	}
	for id, s := range rs {
		if !s.Deleted {
			s.Broader, s.Narrower, s.Related = keep(s.Broader), keep(s.Narrower), keep(s.Related)
			rs[id] = s
		}
	}
	t, err := New(rs.live())
	if err != nil {
		return err
	}
	for _, id := range t.ids {
		s := rs[id]
		s.Concept = t.byID[id]
		rs[id] = s
	}
	return nil
}

// lockAndRead reads every row inside a write transaction. On PostgreSQL it
// first locks the table against other writers (readers go on), so two
// edits cannot each fix up links from a state the other has changed; a
// SQLite write transaction already holds the database's write lock.
func lockAndRead(ctx context.Context, tx *store.Tx) (rows, error) {
	if tx.Dialect() == store.Postgres {
		if _, err := tx.Exec(ctx, "LOCK TABLE concepts IN SHARE ROW EXCLUSIVE MODE"); err != nil {
			return nil, fmt.Errorf("lock concepts: %w", err)
		}
	}
	return readRows(ctx, tx)
}

func readRows(ctx context.Context, q store.Querier) (rows, error) {
	rs, err := q.Query(ctx, "SELECT id, data FROM concepts")
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := rows{}
	for rs.Next() {
		var id, data string
		if err := rs.Scan(&id, &data); err != nil {
			return nil, err
		}
		var s stored
		if err := json.Unmarshal([]byte(data), &s); err != nil {
			return nil, fmt.Errorf("stored concept %q: %w", id, err)
		}
		if s.ID != id {
			return nil, fmt.Errorf("stored concept %q holds the data of %q", id, s.ID)
		}
		if s.Origin != originShipped {
			s.Origin = originEdited // whatever else wrote it, Sync must not overwrite it
		}
		out[id] = s
	}
	return out, rs.Err()
}

// writeRows writes the rows of after that differ from before and returns
// the ids of those whose concept (not just its bookkeeping) changed.
func writeRows(ctx context.Context, tx *store.Tx, before, after rows) ([]string, error) {
	var changed []string
	now := store.Now()
	for _, id := range slices.Sorted(maps.Keys(after)) {
		a := after[id]
		b, existed := before[id]
		if existed && mustJSON(a) == mustJSON(b) {
			continue
		}
		if !existed || !sameContent(a.Concept, b.Concept) || a.Deleted != b.Deleted {
			changed = append(changed, id)
		}
		q := "UPDATE concepts SET data = ?, updated_at = ? WHERE id = ?"
		if !existed {
			q = "INSERT INTO concepts (data, updated_at, id) VALUES (?, ?, ?)"
		}
		if _, err := tx.Exec(ctx, q, mustJSON(a), now, id); err != nil {
			return nil, fmt.Errorf("concept %s: %w", id, err)
		}
	}
	return changed, nil
}

// live returns the concepts not deleted, sorted by id.
func (rs rows) live() []Concept {
	var out []Concept
	for _, id := range slices.Sorted(maps.Keys(rs)) {
		if s := rs[id]; !s.Deleted {
			out = append(out, s.Concept)
		}
	}
	return out
}

func sameContent(a, b Concept) bool { return mustJSON(a) == mustJSON(b) }

// setMember returns ids with id added or removed, sorted.
func setMember(ids []string, id string, in bool) []string {
	out := slices.DeleteFunc(slices.Clone(ids), func(x string) bool { return x == id })
	if in {
		out = append(out, id)
		slices.Sort(out)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func cloneRows(rs rows) rows {
	out := make(rows, len(rs))
	for id, s := range rs {
		s.Concept = s.Concept.clone()
		out[id] = s
	}
	return out
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings, ints, maps and slices of them always encode
	}
	return string(b)
}
