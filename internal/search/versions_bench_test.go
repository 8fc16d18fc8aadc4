package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"roundtable/internal/text"
)

// BenchmarkTranslated compares the two ways of indexing a statement
// translated into the four other languages: a document per version (as
// before mapping 7) and one document holding the five versions (now). Same
// texts, same queries, one segment each; "hits" are what a reader counts.
func BenchmarkTranslated(b *testing.B) {
	const statements = 1000
	r := rand.New(rand.NewPCG(3, 4))
	var perVersion, perStatement []Document
	for i := range statements {
		base := Document{Type: "statement", Title: fmt.Sprintf("Statement %d", i), EditionID: int64(1 + i%3),
			Delegation: []string{"BRA", "CHN", "MEX"}[i%3], Concepts: []string{fmt.Sprintf("c%d", i%10)},
			Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour), Visibility: VisPublic}
		one := base
		one.ID = fmt.Sprintf("statement:%d", i)
		for k, lang := range text.Langs {
			words := benchWords[lang]
			var t strings.Builder
			for range 60 {
				t.WriteString(words[r.IntN(len(words))])
				if lang != "zh" {
					t.WriteByte(' ')
				}
			}
			v := base
			v.ID, v.Language, v.Text = one.ID, lang, t.String()
			if k > 0 {
				v.ID += ":" + lang
			} else {
				one.Language, one.Text = lang, v.Text
			}
			perVersion = append(perVersion, v)
			one.Versions = append(one.Versions, Version{Lang: lang, Title: base.Title, Text: v.Text, Machine: lang == "fr"})
		}
		perStatement = append(perStatement, one)
	}
	queries := []struct {
		name string
		q    Query
	}{
		{"words_es", Query{Text: "derecho desarrollo", Lang: "pt"}},
		{"phrase_es", Query{Text: `"nivel de vida"`, Lang: "pt"}},
		{"words_zh", Query{Text: "生活水准", Lang: "pt"}},
		{"browse", Query{Lang: "pt"}},
	}
	for _, model := range []struct {
		name string
		docs []Document
	}{{"per_version", perVersion}, {"per_statement", perStatement}} {
		ix, err := Open(filepath.Join(b.TempDir(), model.name))
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Apply(model.docs, nil); err != nil {
			b.Fatal(err)
		}
		for _, qq := range queries {
			b.Run(model.name+"/"+qq.name, func(b *testing.B) {
				var total uint64
				for b.Loop() {
					res, err := ix.Search(context.Background(), qq.q)
					if err != nil {
						b.Fatal(err)
					}
					total = res.Total
				}
				b.ReportMetric(float64(total), "hits")
			})
		}
		ix.Close()
	}
}
