// Package search is Roundtable's one search: a Bleve index derived from the
// database, which stays the only source of truth. Writers record changed
// documents in the search_outbox table in the same transaction as the
// change; an Indexer applies that outbox in order, and Rebuild recreates the
// index from the database at any time. Queries are analysed in every
// language (internal/text) and may also match through thesaurus concepts,
// so a query in one language finds statements in another.
package search

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"roundtable/internal/text"
)

// Document is one searchable item.
type Document struct {
	ID        string // "statement:42", "session:7", "udhr:25", "commitment:3", "report:9", "practice:4": type-prefixed, unique
	Type      string // "statement", "proposition", "session", "udhr", "commitment", "report", "practice"
	Title     string // shown in results
	Text      string // body text in Language
	Language  string // en, es, pt, zh, fr; text in any other language is not searchable
	EditionID int64  // filters: zero means none
	SessionID int64
	// Delegation is the owner for the visibility rule (a delegation's
	// code, a country's alpha-3 for a country's delegation) and the
	// delegation facet.
	Delegation string
	Country    string
	// Countries are further countries for the country filter, when a
	// document concerns several (a commitment's owner states).
	Countries  []string
	Concepts   []string  // thesaurus concept ids tagged on the document
	Date       time.Time // delivered / start date
	Visibility string    // VisPublic, VisParticipants, VisDelegation, VisDraft, VisValidation
	// EmbargoUntil keeps a document from public viewers until then; zero
	// means no embargo.
	EmbargoUntil time.Time
	URL          string
	// Versions are the document's texts in several languages — a
	// statement with its translations, an article of the Declaration in
	// the five languages — so that it is one document, one hit and one
	// count, searchable in each version's language. Language, Title and
	// Text are then the original's (shown when no version suits the
	// reader). Empty: the one version Language, Title, Text.
	Versions []Version
}

// Version is a document's text in one language.
type Version struct {
	Lang, Title, Text string
	// Machine is a version no person wrote or reviewed (a machine
	// translation): searchable, shown as such, and not counted in the
	// language facet.
	Machine bool
}

// versions are the document's versions, the original first.
func (d Document) versions() []Version {
	if len(d.Versions) == 0 {
		return []Version{{Lang: d.Language, Title: d.Title, Text: d.Text}}
	}
	return d.Versions
}

// Visibility levels of a Document.
const (
	VisPublic       = "public"
	VisParticipants = "participants"
	VisDelegation   = "delegation"
	VisDraft        = "draft"
	// VisValidation is a progress report waiting for its state's
	// validator: its delegation (the document's Delegation), that
	// validator and the secretariat find it.
	VisValidation = "validation"
)

// Keys in the index's internal key-value store. They are written in the
// same batch as the documents, so the index and its bookkeeping are saved
// together or not at all.
var (
	keyMapping  = []byte("rt:mapping")
	keyProgress = []byte("rt:outbox_seq")
)

// ErrIndexOutdated means the index in a folder was built with another
// mapping or analyzers; rebuild it (Rebuild) before use.
var ErrIndexOutdated = errors.New("search index was built by another version: rebuild it")

// ErrIndexBehind means the index's progress is short of the oldest search
// outbox row left after pruning: it has missed changes the outbox no
// longer holds; rebuild it (Rebuild) from the database.
var ErrIndexBehind = errors.New("search index is behind the pruned outbox: rebuild it")

// ErrIndexAhead means the index has applied outbox rows the database does
// not have (a database restored from an older backup): it may hold
// documents the database no longer vouches for; rebuild it (Rebuild).
var ErrIndexAhead = errors.New("search index is ahead of the database's outbox: rebuild it")

// Index is an open search index. It is safe for concurrent use.
type Index struct {
	bi bleve.Index
	// cols holds the segments' columns for the collector.
	cols *columnCache
	// parts, when set, is how many parts every search is walked in,
	// whatever the index's size (tests); zero means one per CPU for a
	// large index.
	parts int
	// warming is the reading of the columns Warm starts; Close waits for
	// it.
	warming sync.WaitGroup
	// closing stops the warming between two fields' counts.
	closing atomic.Bool
}

// Open opens the index in dir, creating it with Roundtable's mapping if dir
// does not exist yet.
func Open(dir string) (*Index, error) {
	// Building the mapping also registers our analysis pieces with bleve,
	// which it needs before it can reopen an existing index.
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search mapping: %w", err)
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		bi, err := bleve.NewUsing(dir, m, scorch.Name, bleve.Config.DefaultKVStore, nil)
		if err != nil {
			return nil, fmt.Errorf("create search index %s: %w", dir, err)
		}
		if err := bi.SetInternal(keyMapping, []byte(mappingVersion)); err != nil {
			bi.Close()
			return nil, fmt.Errorf("create search index %s: %w", dir, err)
		}
		return &Index{bi: bi, cols: newColumnCache()}, nil
	}
	bi, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open search index %s: %w", dir, err)
	}
	v, err := bi.GetInternal(keyMapping)
	if err != nil || string(v) != mappingVersion {
		bi.Close()
		return nil, fmt.Errorf("%s (mapping %q, want %q): %w", dir, v, mappingVersion, ErrIndexOutdated)
	}
	return &Index{bi: bi, cols: newColumnCache()}, nil
}

// Warm starts reading, in the background, the columns of every segment
// and the public statistics of the fields queries score, so that the
// first search after a start does not wait for them (about 2 s for the
// columns of a million statements). A search that comes first waits for the
// same reads, not for new ones; Close waits for them to end. Call it once
// the index is known to be kept: an index about to be rebuilt is not
// worth reading.
func (ix *Index) Warm() {
	ix.warming.Add(1)
	go func() {
		defer ix.warming.Done()
		ix.warm()
	}()
}

// warm reads the columns, then counts the public terms of every field a
// query scores (stats.go), which takes longer than the columns in a large
// segment with hidden documents; a failure is left for a search to meet.
func (ix *Index) warm() {
	bix, err := ix.bi.Advanced()
	if err != nil {
		return
	}
	reader, err := bix.Reader()
	if err != nil {
		return
	}
	defer reader.Close()
	views, err := ix.segmentViews(reader)
	if err != nil {
		return
	}
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return
	}
	fields := []string{fieldFacets}
	for _, lang := range text.Langs {
		fields = append(fields, textField(lang), titleField(lang), shinglesField(lang))
	}
	now := time.Now().Unix()
	for i, s := range snap.Segments() {
		for _, f := range fields {
			if ix.closing.Load() {
				return
			}
			if _, err := views[i].cols.publicTermCount(s.Segment(), f, now); err != nil {
				return
			}
		}
	}
}

// Close closes the index; every applied batch is already on disk.
func (ix *Index) Close() error {
	ix.closing.Store(true)
	ix.warming.Wait()
	return ix.bi.Close()
}

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) { return ix.bi.DocCount() }

// Apply indexes docs (replacing any earlier version with the same ID) and
// removes deletes, in one batch that is on disk when Apply returns.
func (ix *Index) Apply(docs []Document, deletes []string) error {
	return ix.apply(docs, deletes, nil)
}

// apply is Apply with bookkeeping keys written in the same batch.
func (ix *Index) apply(docs []Document, deletes []string, internal map[string][]byte) error {
	b := ix.bi.NewBatch()
	for _, d := range docs {
		if d.ID == "" {
			return errors.New("search: document without an ID")
		}
		if err := b.Index(d.ID, d.fields()); err != nil {
			return fmt.Errorf("search: index %s: %w", d.ID, err)
		}
	}
	for _, id := range deletes {
		b.Delete(id)
	}
	for k, v := range internal {
		b.SetInternal([]byte(k), v)
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("search: apply batch: %w", err)
	}
	return nil
}

// Progress returns the last outbox sequence number the index contains (0
// for none), for the indexer and for monitoring its lag.
func (ix *Index) Progress() (int64, error) {
	v, err := ix.bi.GetInternal(keyProgress)
	if err != nil || len(v) == 0 {
		return 0, err
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("search: bad progress %q: %w", v, err)
	}
	return n, nil
}

func progressValue(seq int64) map[string][]byte {
	return map[string][]byte{string(keyProgress): []byte(strconv.FormatInt(seq, 10))}
}
