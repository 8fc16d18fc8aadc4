package thesaurus

import (
	"slices"
	"unicode"

	"roundtable/internal/text"
)

// The rules below refuse labels that are plainly in the wrong language or
// that would make two concepts indistinguishable. They apply to the shipped
// thesaurus, to an import and to the editor's Save, but not to what Load
// reads, so a database written before them still opens.
//
// "Wrong language" is judged by script only, where it cannot be wrong: a
// Chinese label must contain a Han character, and an English, Spanish,
// Portuguese or French label must contain a Latin letter and no Han, kana
// or hangul. Letters such as ñ, ã or ç are not taken as proof of a
// language: English writes "El Niño" and "façade", French and English
// name "São Paulo", and Portuguese borrows "señor".

// checkScript refuses a label whose script cannot be that of its language.
// Field is "pref.<lang>" or "alt.<lang>".
func checkScript(c Concept) error {
	for _, l := range text.Langs {
		for i, label := range c.labels(l) {
			field := "alt." + l
			if i == 0 && c.Pref[l] != "" {
				field = "pref." + l
			}
			han, latin, otherCJK := scripts(label)
			switch {
			case l == "zh" && !han:
				return invalid(c.ID, field, "label_language", "%q has no Chinese character", label)
			case l != "zh" && (han || otherCJK):
				return invalid(c.ID, field, "label_language", "%q has Chinese characters in a %s label", label, l)
			case l != "zh" && !latin:
				return invalid(c.ID, field, "label_language", "%q has no Latin letter in a %s label", label, l)
			}
		}
	}
	return nil
}

func scripts(s string) (han, latin, otherCJK bool) {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han = true
		case unicode.Is(unicode.Latin, r):
			latin = true
		case unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo):
			otherCJK = true
		}
	}
	return han, latin, otherCJK
}

// checkPrefUnique refuses two concepts with the same preferred label in one
// language, compared as text.Fold compares them ("Right to Food" and
// "right to food" are the same). Only pairs that involve a concept of
// checked are reported (nil: every pair), so an import or a Save is not
// refused for a clash it did not make; the error names the checked
// concept.
func checkPrefUnique(cs []Concept, checked map[string]bool) error {
	sorted := slices.Clone(cs)
	slices.SortFunc(sorted, func(a, b Concept) int {
		// Checked concepts first, so the error names one of them.
		if ca, cb := checked == nil || checked[a.ID], checked == nil || checked[b.ID]; ca != cb {
			if ca {
				return -1
			}
			return 1
		}
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	for _, l := range text.Langs {
		owner := map[string]string{}
		for _, c := range sorted {
			p := c.Pref[l]
			if p == "" {
				continue
			}
			k := text.Fold(p)
			if other, ok := owner[k]; ok && (checked == nil || checked[c.ID] || checked[other]) {
				id := c.ID
				if checked != nil && !checked[id] {
					id = other
					other = c.ID
				}
				return invalid(id, "pref."+l, "pref_duplicate", "the preferred label %q in %s is also that of %q", p, l, other)
			}
			owner[k] = c.ID
		}
	}
	return nil
}

// checkWritten applies the label rules to the concepts being written and
// checks their sources against the registry, all against the live
// concepts after the write.
func checkWritten(written []Concept, live []Concept) error {
	known, err := shippedSources()
	if err != nil {
		return err
	}
	ids := make(map[string]bool, len(written))
	for _, c := range written {
		ids[c.ID] = true
		if err := checkScript(c); err != nil {
			return err
		}
		if err := checkFrom(c, known, false); err != nil {
			return err
		}
	}
	return checkPrefUnique(live, ids)
}
