// Package i18n holds Roundtable's working languages, the negotiation of the
// user's language from an HTTP Accept-Language header, and the message
// catalogs (embedded JSON files, one per language) with placeholder and plural
// support.
package i18n

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// Lang is one of Roundtable's working languages, identified by its ISO 639-1
// code ("en", "es", "pt", "zh", "fr").
type Lang string

// The working languages. English is the reference language: every message
// exists in English and the other catalogs fall back to it.
const (
	En Lang = "en"
	Es Lang = "es"
	Pt Lang = "pt" // Brazilian usage
	Zh Lang = "zh" // Simplified Chinese
	Fr Lang = "fr"
)

// Supported lists the working languages in their canonical display order.
// Treat it as read-only.
var Supported = []Lang{En, Es, Pt, Zh, Fr}

// Valid reports whether l is one of the supported working languages.
func (l Lang) Valid() bool {
	switch l {
	case En, Es, Pt, Zh, Fr:
		return true
	}
	return false
}

// String returns the language code ("en", "zh", ...).
func (l Lang) String() string { return string(l) }

// NativeName returns the name of the language written in that language, as
// shown in a language switcher. An unsupported Lang returns its code.
func (l Lang) NativeName() string {
	switch l {
	case En:
		return "English"
	case Es:
		return "Español"
	case Pt:
		return "Português"
	case Zh:
		return "中文"
	case Fr:
		return "Français"
	}
	return string(l)
}

// Tag returns the BCP 47 tag to put in <html lang> and hreflang attributes:
// "en", "es", "pt-BR", "zh-Hans", "fr". An unsupported Lang returns its code.
func (l Lang) Tag() string {
	switch l {
	case Pt:
		return "pt-BR"
	case Zh:
		return "zh-Hans"
	}
	return string(l)
}

// maxTagLen bounds the input Parse accepts; real tags are far shorter.
const maxTagLen = 64

// Parse maps a language code or BCP 47 tag to a working language by its
// primary language subtag, case-insensitively: "zh", "zh-CN", "zh-Hans",
// "zh_TW", "pt-BR", "PT", "es-419" and "fr-CA" are all accepted. It returns
// false for anything else, including malformed input and "und".
func Parse(s string) (Lang, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxTagLen {
		return "", false
	}
	t, err := language.Parse(s)
	if err != nil {
		return "", false
	}
	base, conf := t.Base()
	if conf != language.Exact {
		return "", false
	}
	l := Lang(base.String())
	if !l.Valid() {
		return "", false
	}
	return l, true
}

// matchTags are the tags offered to the language matcher, parallel to
// matchLangs. English comes first because the matcher falls back to the
// first entry. Traditional Chinese is listed so that readers who ask for
// zh-TW, zh-HK or zh-Hant get the Simplified Chinese interface rather than
// English (the matcher treats the two scripts as mutually unintelligible).
var (
	matchTags = []language.Tag{
		language.English,
		language.Spanish,
		language.MustParse("pt-BR"),
		language.MustParse("zh-Hans"),
		language.French,
		language.MustParse("zh-Hant"),
	}
	matchLangs = []Lang{En, Es, Pt, Zh, Fr, Zh}
	matcher    = language.NewMatcher(matchTags)
)

// maxAcceptLen bounds the part of an Accept-Language header that is looked
// at; browsers send a few dozen bytes.
const maxAcceptLen = 1024

// Negotiate picks the working language that best fits an HTTP
// Accept-Language header, using the golang.org/x/text/language matcher
// ("pt-PT" -> pt, "fr-CA" -> fr, "es-419" -> es, "zh-TW" -> zh). It returns
// En when the header is empty, malformed beyond repair, or names no
// language close to a working language.
func Negotiate(acceptLanguage string) Lang {
	h := acceptLanguage
	if len(h) > maxAcceptLen {
		h = h[:maxAcceptLen]
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil {
		tags = parseAcceptLenient(h)
	}
	if len(tags) == 0 {
		return En
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No || i < 0 || i >= len(matchLangs) {
		return En
	}
	return matchLangs[i]
}

// parseAcceptLenient parses an Accept-Language header entry by entry,
// skipping malformed entries instead of rejecting the whole header (as
// language.ParseAcceptLanguage does), and orders the result by quality.
func parseAcceptLenient(h string) []language.Tag {
	type entry struct {
		tag language.Tag
		q   float64
	}
	var entries []entry
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		if name == "" || len(name) > maxTagLen {
			continue
		}
		q := 1.0
		if params = strings.TrimSpace(params); params != "" {
			v, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
			if !ok {
				continue
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f <= 0 || f > 1 {
				continue
			}
			q = f
		}
		t, err := language.Parse(name)
		if err != nil {
			continue
		}
		entries = append(entries, entry{t, q})
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return cmp.Compare(b.q, a.q) })
	tags := make([]language.Tag, len(entries))
	for i, e := range entries {
		tags[i] = e.tag
	}
	return tags
}
