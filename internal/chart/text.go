package chart

import (
	"strings"
	"unicode"
)

// The server cannot measure text, so layout estimates it: a rune is one unit,
// a wide East Asian rune two, a combining mark none. One unit is about 0.6 em
// in the sans-serif fonts pages use, a little generous so labels do not touch.
const unitEm = 0.6

// runeUnits is the estimated width of r in units.
func runeUnits(r rune) float64 {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case wide(r):
		return 2
	}
	return 1
}

// wide reports the East Asian wide and fullwidth ranges: CJK ideographs and
// punctuation, kana, Hangul, fullwidth forms.
func wide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F, // Hangul Jamo leading consonants
		r >= 0x2E80 && r <= 0x303E, // CJK radicals, symbols and punctuation
		r >= 0x3041 && r <= 0x33FF, // kana, bopomofo, CJK compatibility
		r >= 0x3400 && r <= 0x4DBF, // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF, // CJK unified ideographs
		r >= 0xA000 && r <= 0xA4CF, // Yi
		r >= 0xAC00 && r <= 0xD7A3, // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60, // fullwidth forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFD: // CJK extensions B and later
		return true
	}
	return false
}

// units is the estimated width of s in units.
func units(s string) float64 {
	var n float64
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

// textWidth is the estimated width of s in pixels at the given font size.
func textWidth(s string, size float64) float64 { return units(s) * unitEm * size }

// truncate cuts s to at most maxUnits, ending with an ellipsis, and reports
// whether it cut. It cuts between runes only, never inside a multi-byte rune,
// and keeps combining marks with the letter before them.
func truncate(s string, maxUnits float64) (string, bool) {
	if units(s) <= maxUnits {
		return s, false
	}
	const ellipsis = "…"
	var b strings.Builder
	var used float64
	for _, r := range s {
		w := runeUnits(r)
		if used+w+1 > maxUnits { // room for the ellipsis (one unit)
			break
		}
		used += w
		b.WriteRune(r)
	}
	return strings.TrimRightFunc(b.String(), unicode.IsSpace) + ellipsis, true
}

// widest is the largest estimated width of labels, each first cut to maxUnits.
func widest(labels []string, maxUnits, size float64) float64 {
	var w float64
	for _, l := range labels {
		short, _ := truncate(l, maxUnits)
		w = max(w, textWidth(short, size))
	}
	return w
}
