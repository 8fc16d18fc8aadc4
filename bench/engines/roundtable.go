package engines

import (
	"context"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"roundtable/bench/corpus"
	"roundtable/internal/search"
	"roundtable/internal/text"
)

// rtEngine is Roundtable's own search, queried as the product queries it:
// a public viewer, Limit 20, facets, highlighting and stored fields as
// search.Index.Search computes them.
type rtEngine struct {
	ix  *search.Index
	dir string
	now time.Time
}

func openRoundtable(dir string) (Engine, error) {
	ix, err := search.Open(dir)
	if err != nil {
		return nil, err
	}
	ix.Warm() // as discovery.Open does
	return &rtEngine{ix: ix, dir: dir, now: time.Now()}, nil
}

// RoundtableDoc is the search.Document a statement becomes.
func RoundtableDoc(s corpus.Statement) search.Document {
	return search.Document{
		ID: s.ID, Type: "statement", Title: s.Title, Text: s.Text, Language: s.Language,
		EditionID: s.Edition, SessionID: s.Session, Delegation: s.Delegation, Country: s.Delegation,
		Concepts: s.Concepts, Date: s.Date, Visibility: s.Visibility, URL: "/statements/" + s.ID[len("statement:"):],
	}
}

func (e *rtEngine) Add(batch []corpus.Statement) error {
	docs := make([]search.Document, len(batch))
	for i, s := range batch {
		docs[i] = RoundtableDoc(s)
	}
	return e.ix.Apply(docs, nil)
}

// Settle waits for the merges as SettleBleve does. search.Index hides its
// bleve.Index, so the index is closed, opened with bleve directly (the
// analyzers registered first) until merges stop, and reopened.
func (e *rtEngine) Settle() error {
	if err := e.ix.Close(); err != nil {
		return err
	}
	if err := text.RegisterAnalyzers(mapping.NewIndexMapping()); err != nil {
		return err
	}
	bi, err := bleve.Open(e.dir)
	if err != nil {
		return err
	}
	if err := SettleBleve(bi); err != nil {
		bi.Close()
		return err
	}
	if err := bi.Close(); err != nil {
		return err
	}
	if e.ix, err = search.Open(e.dir); err != nil {
		return err
	}
	e.ix.Warm()
	return nil
}

func (e *rtEngine) Query(q corpus.Query) (int, error) {
	sq := search.Query{Text: q.UserText(), Viewer: search.Viewer{}, Limit: 20, Now: e.now}
	sq.Filters.Edition = q.Edition
	sq.Filters.Delegation = q.Delegation
	r, err := e.ix.Search(context.Background(), sq)
	return int(r.Total), err
}

func (e *rtEngine) Close() error { return e.ix.Close() }
