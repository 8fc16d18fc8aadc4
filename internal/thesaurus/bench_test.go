package thesaurus_test

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"roundtable/data"
	"roundtable/internal/thesaurus"
)

// The cost of concept matching with every shipped concept: Tag runs on
// every statement written, Match on every search. Run with
//
//	go test ./internal/thesaurus -run '^$' -bench . -benchmem

// declaration is the Universal Declaration's text in lang (preamble and
// articles), a long statement's worth of human-rights wording.
type para struct{ Text string }

func declaration(b *testing.B, file string) string {
	raw, err := fs.ReadFile(data.UDHR(), "udhr/"+file)
	if err != nil {
		b.Fatal(err)
	}
	var d struct {
		Preamble struct{ Paragraphs []string } `json:"preamble"`
		Articles []struct{ Paragraphs []para }
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		b.Fatal(err)
	}
	parts := d.Preamble.Paragraphs
	for _, a := range d.Articles {
		for _, p := range a.Paragraphs {
			parts = append(parts, p.Text)
		}
	}
	return strings.Join(parts, "\n")
}

func BenchmarkShipped(b *testing.B) {
	for b.Loop() {
		if _, err := thesaurus.Shipped(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTagDeclaration(b *testing.B) {
	th := shipped(b)
	for _, l := range []struct{ lang, file string }{{"en", "eng.json"}, {"zh", "cmn_hans.json"}, {"es", "spa.json"}} {
		s := declaration(b, l.file)
		b.Run(l.lang, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				th.Tag(l.lang, s)
			}
		})
	}
}

func BenchmarkTagSentence(b *testing.B) {
	th := shipped(b)
	s := "Everyone has the right to education, and the right to development is the foundation of South-South cooperation."
	for b.Loop() {
		th.Tag("en", s)
	}
}

func BenchmarkMatch(b *testing.B) {
	th := shipped(b)
	for _, q := range []string{"direito à moradia", "发展权", "freedom of expression online", "educación"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				th.Match(q)
			}
		})
	}
}
