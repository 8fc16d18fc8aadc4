package thesaurus

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// An import is a file in the shipped format (one JSON array of concepts),
// possibly partial: concepts it names are created or replaced, the others
// kept. It writes all or nothing, in one transaction, after validating the
// whole table as Save does.

// MaxImportBytes bounds an import file: the shipped thesaurus of a few
// hundred concepts is well under a megabyte.
const MaxImportBytes = 4 << 20

// ImportFile is a parsed import: the concepts in file order and the line
// each starts on.
type ImportFile struct {
	Concepts []Concept
	Lines    map[string]int // concept id -> line of its opening brace
}

// LineError is an import error on one line of the file: the concept's
// (or, for a file that does not parse, the place where reading stopped).
// Unwrap gives the errs.Error naming concept and field.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// ParseImport reads an import file: a JSON array of concepts in the shipped
// format. Unknown fields, anything after the array, and an id given twice
// are refused; errors are LineErrors around errs.Invalid.
func ParseImport(b []byte) (ImportFile, error) {
	f := ImportFile{Lines: map[string]int{}}
	if len(b) > MaxImportBytes {
		return f, errs.ErrTooLarge
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff")) // a byte order mark some editors write
	lineAt := func(off int64) int { return 1 + bytes.Count(b[:min(int(off), len(b))], []byte("\n")) }
	bad := func(off int64, field, format string, args ...any) error {
		e := errs.Field(field, "import_json", "thesaurus.error.import_json")
		e.Err = fmt.Errorf(format, args...)
		return &LineError{Line: lineAt(off), Err: e}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('[') {
		return f, bad(dec.InputOffset(), "", "the file is not a JSON array of concepts")
	}
	for dec.More() {
		start := dec.InputOffset()
		// The element starts after the separating comma and spaces.
		for int(start) < len(b) && bytes.IndexByte([]byte(", \t\r\n"), b[start]) >= 0 {
			start++
		}
		var c Concept
		if err := dec.Decode(&c); err != nil {
			var syn *json.SyntaxError
			if errors.As(err, &syn) {
				return f, bad(syn.Offset, "", "%v", err)
			}
			return f, bad(start, "", "%v", err)
		}
		if _, dup := f.Lines[c.ID]; dup {
			return f, &LineError{Line: lineAt(start), Err: invalid(c.ID, "id", "concept_duplicate", "the file gives this id twice")}
		}
		f.Lines[c.ID] = lineAt(start)
		f.Concepts = append(f.Concepts, c)
	}
	if _, err := dec.Token(); err != nil {
		return f, bad(dec.InputOffset(), "", "%v", err)
	}
	if _, err := dec.Token(); err == nil {
		return f, bad(dec.InputOffset(), "", "something follows the array")
	}
	if len(f.Concepts) == 0 {
		return f, bad(0, "", "the file holds no concept")
	}
	return f, nil
}

// ImportResult says what an import changed: the concepts as they were
// before (zero Concept for a new one) and after, for the ids whose content
// changed, including concepts that only gained or lost a link.
type ImportResult struct {
	Added, Changed []string
	Before, After  map[string]Concept
}

// Import writes the file's concepts in one transaction. Each imported
// concept's links are the truth for every pair it belongs to with a concept
// outside the file, as in Save; between two imported concepts a link
// written on either side is kept. Every link must name a concept of the
// database or of the file; the whole thesaurus must stay valid; and the
// imported concepts must pass the label rules (a label in its language's
// script, a preferred label no other concept has, sources known to the
// registry). Errors are LineErrors naming the concept's line, around an
// errs.Error naming the concept and the field. One audit entry records
// the import; importing what is stored changes nothing and records nothing.
func Import(ctx context.Context, db *store.DB, actor audit.Actor, f ImportFile) (ImportResult, error) {
	res := ImportResult{Before: map[string]Concept{}, After: map[string]Concept{}}
	at := func(id string, err error) error {
		if e := errs.As(err); e.Kind != errs.Invalid && e.Kind != errs.Conflict {
			return err
		}
		return &LineError{Line: f.Lines[conceptOf(err, id)], Err: err}
	}
	in := map[string]Concept{}
	var order []string
	for _, c := range f.Concepts {
		n, err := normalise(c)
		if err != nil {
			return res, at(c.ID, err)
		}
		in[n.ID] = n
		order = append(order, n.ID)
	}
	err := db.Write(ctx, func(tx *store.Tx) error {
		before, err := lockAndRead(ctx, tx)
		if err != nil {
			return err
		}
		live := func(id string) bool { s, ok := before[id]; _, imp := in[id]; return imp || (ok && !s.Deleted) }
		for _, id := range order {
			c := in[id]
			for _, l := range []struct {
				field string
				ids   []string
			}{{"broader", c.Broader}, {"narrower", c.Narrower}, {"related", c.Related}} {
				for _, t := range l.ids {
					if t != id && !live(t) {
						return at(id, invalid(id, l.field, "link_unknown", "%s %q is not a concept", l.field, t))
					}
				}
			}
		}
		after := cloneRows(before)
		for _, id := range order {
			after[id] = stored{Concept: in[id].clone(), Origin: originEdited}
		}
		for _, id := range order {
			c := in[id]
			for oid, o := range after {
				if oid == id || o.Deleted {
					continue
				}
				_, imported := in[oid]
				n := o
				for _, l := range []struct {
					got  *[]string
					want bool
				}{
					{&n.Broader, slices.Contains(c.Narrower, oid)},
					{&n.Narrower, slices.Contains(c.Broader, oid)},
					{&n.Related, slices.Contains(c.Related, oid)},
				} {
					if l.want || !imported {
						*l.got = setMember(*l.got, id, l.want)
					}
				}
				after[oid] = n
			}
		}
		if err := settle(after); err != nil {
			return at(conceptOf(err, ""), err)
		}
		var written []Concept
		for _, id := range order {
			written = append(written, after[id].Concept)
		}
		if err := checkWritten(written, after.live()); err != nil {
			return at(conceptOf(err, ""), err)
		}
		for id, a := range after {
			b, existed := before[id]
			if existed && sameContent(a.Concept, b.Concept) && a.Deleted == b.Deleted {
				after[id] = b // a concept the import left as it was keeps its origin
			} else if existed && !b.Deleted {
				a.Origin = originEdited
				after[id] = a
			}
		}
		changed, err := writeRows(ctx, tx, before, after)
		if err != nil || len(changed) == 0 {
			return err
		}
		for _, id := range changed {
			b, existed := before[id]
			if !existed || b.Deleted {
				res.Added = append(res.Added, id)
			} else {
				res.Changed = append(res.Changed, id)
				res.Before[id] = b.Concept.clone()
			}
			res.After[id] = after[id].Concept.clone()
		}
		return audit.Record(ctx, tx, audit.Event{
			Actor: actor, Action: "thesaurus.import", EntityType: "thesaurus", EntityID: "concepts",
			Change: map[string]any{"imported": len(order), "added": res.Added, "changed": res.Changed},
		})
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// conceptOf is the concept an invalid() error names, or def.
func conceptOf(err error, def string) string {
	if e := errs.As(err); len(e.Args) > 0 {
		if id, ok := e.Args[0].(string); ok {
			return id
		}
	}
	return def
}
