package country

import (
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortByName orders countries by their name in lang using that language's
// collation: "Perú" sorts beside "Panamá" in Spanish, and Chinese names sort
// by pinyin as Chinese readers expect.
func SortByName(cs []Country, lang string) {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	col := collate.New(tag)
	sort.SliceStable(cs, func(i, j int) bool {
		return col.CompareString(cs[i].Name(lang), cs[j].Name(lang)) < 0
	})
}
