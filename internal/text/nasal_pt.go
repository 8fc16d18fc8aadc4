package text

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// ptNasalFilterName is the bleve token filter type that puts back the tilde
// people leave out when they type Portuguese without accents.
const ptNasalFilterName = "rt_pt_nasal"

// nasalEndings map an unaccented ending to the only spelling Portuguese
// has for it: no written word ends in -oes, -aes or -ao (other than "ao",
// a stop word, which the length check also keeps out). Without this the
// light stemmer turns "instrucoes" and "instrução" into different stems,
// though it handles "instruções" and "instrucao" (it folds -ão itself).
var nasalEndings = []struct{ plain, nasal []byte }{
	{[]byte("oes"), []byte("ões")},
	{[]byte("aes"), []byte("ães")},
	{[]byte("ao"), []byte("ão")},
}

type ptNasalFilter struct{}

func (ptNasalFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		for _, e := range nasalEndings {
			if len(tok.Term) > len(e.plain) && bytes.HasSuffix(tok.Term, e.plain) {
				stem := tok.Term[:len(tok.Term)-len(e.plain)]
				tok.Term = append(append([]byte{}, stem...), e.nasal...)
				break
			}
		}
	}
	return input
}

func registerPtNasalFilter() error {
	return registry.RegisterTokenFilter(ptNasalFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return ptNasalFilter{}, nil
		})
}
