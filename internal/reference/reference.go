// Package reference keeps the reference texts every dialogue returns to —
// today the Universal Declaration of Human Rights, article by article, in the
// five working languages — in the database, where search indexes them like
// statements and thesaurus concepts link to them.
package reference

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"roundtable/data"
	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
)

// UDHR is the document code of the Universal Declaration.
const UDHR = "udhr"

// files maps each working language to its shipped text.
var files = map[string]string{
	"en": "udhr/eng.json", "es": "udhr/spa.json", "pt": "udhr/por_BR.json", "zh": "udhr/cmn_hans.json", "fr": "udhr/fra.json",
}

// Article is one article in one language.
type Article struct {
	Doc      string `json:"doc"`
	Language string `json:"language"`
	Number   int    `json:"article"`
	Title    string `json:"title"` // e.g. "Artículo 25"
	Body     string `json:"text"`  // paragraphs separated by blank lines
	DocTitle string `json:"document_title"`
}

// DocID is the article's search document id, e.g. "udhr:es:25".
func (a Article) DocID() string { return fmt.Sprintf("%s:%s:%d", a.Doc, a.Language, a.Number) }

type shipped struct {
	Title    string `json:"title"`
	Articles []struct {
		Number     int    `json:"number"`
		Heading    string `json:"heading"`
		Paragraphs []struct {
			Text string `json:"text"`
		} `json:"paragraphs"`
	} `json:"articles"`
}

// Shipped parses the embedded texts: 30 articles in each language.
func Shipped() ([]Article, error) {
	var out []Article
	for lang, name := range files {
		b, err := fs.ReadFile(data.UDHR(), name)
		if err != nil {
			return nil, err
		}
		var s shipped
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(s.Articles) != 30 {
			return nil, fmt.Errorf("%s: %d articles, want 30", name, len(s.Articles))
		}
		for _, a := range s.Articles {
			var paras []string
			for _, p := range a.Paragraphs {
				paras = append(paras, strings.TrimSpace(p.Text))
			}
			out = append(out, Article{Doc: UDHR, Language: lang, Number: a.Number, Title: a.Heading, Body: strings.Join(paras, "\n\n"), DocTitle: s.Title})
		}
	}
	return out, nil
}

// Sync loads the shipped articles the database lacks, announcing each to the
// search outbox; existing rows are left as they are.
func Sync(ctx context.Context, db *store.DB, arts []Article) (int, error) {
	var have int
	if err := db.Reader().QueryRow(ctx, "SELECT count(*) FROM reference_articles WHERE doc = ?", UDHR).Scan(&have); err != nil {
		return 0, err
	}
	if have == len(arts) {
		return 0, nil
	}
	added := 0
	err := db.Write(ctx, func(tx *store.Tx) error {
		var ids []string
		for _, a := range arts {
			res, err := tx.Exec(ctx, `INSERT INTO reference_articles (doc, language, article, title, body) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (doc, language, article) DO NOTHING`, a.Doc, a.Language, a.Number, a.Title, a.Body)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added++
				ids = append(ids, a.DocID())
			}
		}
		if err := outbox.Search(ctx, tx, ids...); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: audit.System("reference"), Action: "reference.sync", EntityType: "reference",
			EntityID: UDHR, Change: map[string]int{"articles": added}})
	})
	return added, err
}

// Get returns one article in one language.
func Get(ctx context.Context, q store.Querier, doc, lang string, number int) (Article, error) {
	a := Article{Doc: doc, Language: lang, Number: number}
	err := q.QueryRow(ctx, "SELECT title, body FROM reference_articles WHERE doc = ? AND language = ? AND article = ?", doc, lang, number).Scan(&a.Title, &a.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return a, errs.ErrNotFound
	}
	return a, err
}

// Articles returns every language's text of one article, in language order.
func Articles(ctx context.Context, q store.Querier, doc string, number int) ([]Article, error) {
	rows, err := q.Query(ctx, "SELECT language, title, body FROM reference_articles WHERE doc = ? AND article = ?", doc, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byLang := map[string]Article{}
	for rows.Next() {
		a := Article{Doc: doc, Number: number}
		if err := rows.Scan(&a.Language, &a.Title, &a.Body); err != nil {
			return nil, err
		}
		byLang[a.Language] = a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Article
	for _, l := range []string{"en", "es", "pt", "zh", "fr"} {
		if a, ok := byLang[l]; ok {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, errs.ErrNotFound
	}
	return out, nil
}

// All streams every article (for rebuilding the search index).
func All(ctx context.Context, q store.Querier, yield func(Article) error) error {
	rows, err := q.Query(ctx, "SELECT doc, language, article, title, body FROM reference_articles ORDER BY doc, article, language")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a Article
		if err := rows.Scan(&a.Doc, &a.Language, &a.Number, &a.Title, &a.Body); err != nil {
			return err
		}
		if err := yield(a); err != nil {
			return err
		}
	}
	return rows.Err()
}
