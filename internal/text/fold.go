package text

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// foldFilterName is the bleve token filter type that folds diacritics. It is
// a registered type (not a mapping-local definition) because bleve rebuilds
// an index's analyzers from the registry each time the index is opened.
const foldFilterName = "rt_fold"

// ligatures are letters that carry no combining mark in Unicode
// decomposition, so NFD alone would leave them as they are; users type
// them either way.
var ligatures = map[rune]string{
	'œ': "oe", 'æ': "ae", 'ß': "ss", 'ø': "o", 'đ': "d", 'ł': "l", 'ħ': "h", 'ı': "i",
}

// Fold lower-cases s and removes its diacritics (é->e, ç->c, ñ->n, ã->a,
// œ->oe), for comparisons that must not depend on how a word was typed:
// sorting, exact label lookup. Han characters are left as they are. The
// index applies the same folding, so a folded label and an indexed token
// agree.
func Fold(s string) string {
	return string(foldBytes([]byte(strings.ToLower(s))))
}

// foldBytes removes combining marks from b. It runs on every indexed
// token, so it works rune by rune from a table instead of through
// normalisation transforms, and returns tokens with nothing to fold (ASCII,
// Han) untouched without allocating.
func foldBytes(b []byte) []byte {
	if isASCII(b) {
		return b
	}
	table := foldTable()
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if _, ok := table[r]; ok || unicode.Is(unicode.Mn, r) {
			break
		}
		i += size
	}
	if i == len(b) {
		return b
	}
	out := append(make([]byte, 0, len(b)), b[:i]...)
	for _, r := range string(b[i:]) {
		switch f, ok := table[r]; {
		case ok:
			out = append(out, f...)
		case unicode.Is(unicode.Mn, r):
			// a combining mark typed separately: drop it
		default:
			out = utf8.AppendRune(out, r)
		}
	}
	return out
}

// foldTable maps each Latin letter with a diacritic to its base letters:
// what NFD decomposition leaves once combining marks are removed, plus the
// letters that have no decomposition (œ, ß, ø ...). Other scripts are left
// alone: in Cyrillic, for one, й is a letter of its own, not и with a mark.
var foldTable = sync.OnceValue(func() map[rune]string {
	t := map[rune]string{}
	strip := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	for _, block := range [][2]rune{{0x00C0, 0x024F}, {0x1E00, 0x1EFF}} {
		for r := block[0]; r <= block[1]; r++ {
			base, _, err := transform.String(strip, string(r))
			if err == nil && base != string(r) {
				t[r] = base
			}
		}
	}
	for from, to := range ligatures {
		t[from] = to
	}
	return t
})

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldFilter is the token filter form of Fold (after to_lower).
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		tok.Term = foldBytes(tok.Term)
	}
	return input
}

func registerFoldFilter() error {
	return registry.RegisterTokenFilter(foldFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return foldFilter{}, nil
		})
}
