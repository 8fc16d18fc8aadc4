package text

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// nfcFilterName is the bleve token filter type that puts each token in
// Unicode normal form C. Texts arrive both ways: the same "pauvreté" may
// be typed with a precomposed é or as e plus a combining accent (files
// exported by some tools are decomposed), and the stemmers and stop lists
// only know the precomposed letters, so "pauvrete\u0301" would be cut
// differently from "pauvreté". It works on tokens, not on the text, so
// token offsets still point into the text as written (snippets mark the
// right bytes).
const nfcFilterName = "rt_nfc"

type nfcFilter struct{}

func (nfcFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if !isASCII(t.Term) && !norm.NFC.IsNormal(t.Term) {
			t.Term = norm.NFC.Bytes(t.Term)
		}
	}
	return in
}

func registerNFCFilter() error {
	return registry.RegisterTokenFilter(nfcFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return nfcFilter{}, nil
		})
}
