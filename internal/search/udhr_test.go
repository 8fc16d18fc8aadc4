package search

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"roundtable/internal/reference"
)

// udhrDocs returns the articles of the Universal Declaration in the five
// languages, as the product ships them, as public documents
// "udhr:<lang>:<n>" (the ids the product gives them).
func udhrDocs(t testing.TB) []Document {
	t.Helper()
	arts, err := reference.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	var docs []Document
	for _, a := range arts {
		docs = append(docs, Document{
			ID:         a.DocID(),
			Type:       "udhr",
			Title:      a.DocTitle + " — " + a.Title,
			Text:       a.Body,
			Language:   a.Language,
			Visibility: VisPublic,
			Date:       time.Date(1948, 12, 10, 0, 0, 0, 0, time.UTC),
			URL:        fmt.Sprintf("/udhr/%d?lang=%s", a.Number, a.Language),
		})
	}
	return docs
}

// openWith opens a fresh index in a temporary folder holding docs.
func openWith(t testing.TB, docs []Document) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Apply(docs, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

// withID sets fn on the document with the given id, failing if absent.
func withID(t testing.TB, docs []Document, id string, fn func(*Document)) {
	t.Helper()
	for i := range docs {
		if docs[i].ID == id {
			fn(&docs[i])
			return
		}
	}
	t.Fatalf("no document %s", id)
}
