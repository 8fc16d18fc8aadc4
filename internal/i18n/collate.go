package i18n

import (
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Compare returns a comparison of names in the alphabetical order of l, as
// a dictionary of that language sorts: accents and case decide only
// between otherwise equal names ("Perú" before "Peru" never outranks
// "Panamá" before "Paraguay"), and Chinese sorts by pinyin (阿根廷 before
// 巴西 before 中国). A collator keeps buffers and is not safe for
// concurrent use, so each call makes its own: call Compare once per sort.
func Compare(l Lang) func(a, b string) int {
	tag, err := language.Parse(string(l))
	if err != nil {
		tag = language.English
	}
	c := collate.New(tag)
	return c.CompareString
}
