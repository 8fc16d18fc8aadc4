package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"roundtable/internal/account"
	"strings"
	"testing"
	"time"
)

// benchWords are a few words per language to build synthetic statements.
var benchWords = map[string][]string{
	"en": strings.Fields("right development poverty alleviation health education judicial reform democracy sovereignty cooperation standard of living adequate people state rights dialogue experience"),
	"es": strings.Fields("derecho desarrollo pobreza salud educación reforma judicial democracia soberanía cooperación nivel de vida adecuado pueblo estado diálogo experiencia"),
	"pt": strings.Fields("direito desenvolvimento pobreza saúde educação reforma judicial democracia soberania cooperação padrão de vida povo estado diálogo experiência"),
	"fr": strings.Fields("droit développement pauvreté santé éducation réforme judiciaire démocratie souveraineté coopération niveau de vie suffisant peuple état dialogue expérience"),
	"zh": strings.Fields("发展权 减贫 健康 教育 司法改革 民主 主权 合作 生活水准 人民 国家 对话 经验 人权"),
}

// benchDocs returns n synthetic statements of about 60 words, spread over
// the languages, editions, delegations and concepts.
func benchDocs(n int) []Document {
	r := rand.New(rand.NewPCG(1, 2))
	delegations := []string{"BRA", "CHN", "MEX", "ARG", "CUB", "CELAC"}
	docs := make([]Document, n)
	for i := range docs {
		lang := []string{"en", "es", "pt", "fr", "zh"}[i%5]
		words := benchWords[lang]
		var b strings.Builder
		for range 60 {
			b.WriteString(words[r.IntN(len(words))])
			if lang != "zh" {
				b.WriteByte(' ')
			}
		}
		docs[i] = Document{
			ID: fmt.Sprintf("statement:%d", i), Type: "statement", Title: fmt.Sprintf("Statement %d", i),
			Text: b.String(), Language: lang, EditionID: int64(1 + i%3), SessionID: int64(i % 20),
			Delegation: delegations[i%len(delegations)], Concepts: []string{fmt.Sprintf("c%d", i%10)},
			Date:       time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
			Visibility: []string{VisPublic, VisPublic, VisPublic, VisParticipants}[i%4],
		}
	}
	return docs
}

const benchCorpus = 5000

func BenchmarkSearch(b *testing.B) {
	ix, err := Open(filepath.Join(b.TempDir(), "index"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	// One batch, hence one segment: no background merge competes with the
	// queries being measured.
	if err := ix.Apply(benchDocs(benchCorpus), nil); err != nil {
		b.Fatal(err)
	}
	queries := []struct {
		name string
		q    Query
	}{
		{"words_es", Query{Text: "derecho desarrollo"}},
		{"phrase_es", Query{Text: `"nivel de vida"`}},
		{"words_zh", Query{Text: "生活水准"}},
		{"concepts_participant", Query{Text: "poverty", Concepts: []string{"c1", "c2"}, Viewer: reader(account.Chair, "")}},
		{"filters", Query{Text: "educacion", Filters: Filters{Edition: 3, Delegation: "MEX"}}},
		{"browse", Query{}},
	}
	ctx := context.Background()
	for _, qq := range queries {
		b.Run(qq.name, func(b *testing.B) {
			var total uint64
			for b.Loop() {
				r, err := ix.Search(ctx, qq.q)
				if err != nil {
					b.Fatal(err)
				}
				total = r.Total
			}
			b.ReportMetric(float64(total), "hits")
		})
	}
}

func BenchmarkApply(b *testing.B) {
	docs := benchDocs(outboxBatch)
	ix, err := Open(filepath.Join(b.TempDir(), "index"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for b.Loop() {
		if err := ix.Apply(docs, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(docs)), "µs/doc")
}
