package search

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// udhrDir is the shared UDHR data, relative to this package's folder.
const udhrDir = "../../../shared/data/udhr/json"

// udhrFiles maps the data's file names to Roundtable languages.
var udhrFiles = map[string]string{
	"eng": "en", "spa": "es", "por_BR": "pt", "cmn_hans": "zh", "fra": "fr",
}

type udhrFile struct {
	Title    string `json:"title"`
	Articles []struct {
		Number     int    `json:"number"`
		Heading    string `json:"heading"`
		Paragraphs []struct {
			Text string `json:"text"`
		} `json:"paragraphs"`
	} `json:"articles"`
}

// udhrDocs returns the articles of the Universal Declaration in the five
// languages as public documents "udhr:<file>:<n>", or skips the test when
// the shared data is not there.
func udhrDocs(t testing.TB) []Document {
	t.Helper()
	if _, err := os.Stat(udhrDir); err != nil {
		t.Skipf("UDHR test data not found at %s (the shared folder is absent): %v", udhrDir, err)
	}
	var docs []Document
	for file, lang := range udhrFiles {
		b, err := os.ReadFile(filepath.Join(udhrDir, file+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var u udhrFile
		if err := json.Unmarshal(b, &u); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, a := range u.Articles {
			var body []string
			for _, p := range a.Paragraphs {
				body = append(body, p.Text)
			}
			docs = append(docs, Document{
				ID:         fmt.Sprintf("udhr:%s:%d", file, a.Number),
				Type:       "udhr",
				Title:      u.Title + " — " + a.Heading,
				Text:       strings.Join(body, "\n"),
				Language:   lang,
				Visibility: VisPublic,
				Date:       time.Date(1948, 12, 10, 0, 0, 0, 0, time.UTC),
				URL:        fmt.Sprintf("/udhr/%s/%d", lang, a.Number),
			})
		}
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
