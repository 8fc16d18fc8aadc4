// Package textdiff compares revisions of a negotiated text word by word.
//
// A joint outcome is negotiated in English, Spanish, Portuguese, French and
// Chinese, so a "word" is not always bounded by spaces: Chinese is written
// without them, and there each Han character (and each kana or hangul
// syllable) is a token of its own, which makes a diff of Chinese text
// per character. Everything here is pure: no storage, no clock, no
// randomness, and every function gives the same answer for the same input
// (a pool of scratch buffers, see work, carries nothing from one call to
// the next).
//
// The pieces:
//   - Tokenize / Words cut a text into words, punctuation and whitespace.
//   - Diff gives a shortest word-level edit script between two revisions,
//     tidied for reading.
//   - Bracketed / BracketedWords measure the text still in [square brackets].
//   - Trace records, for every word of a revision, the amendment (or the zero
//     draft) it came from, and Carry moves it on to the next revision.
package textdiff

import (
	"unicode"
	"unicode/utf8"
)

// Token is one piece of a text: a word (a run of letters and digits, with
// the apostrophes and hyphens inside it, as in "States'", "well-being",
// "1.5"), one Han, kana or hangul character, one punctuation mark, or a run
// of whitespace. Word is true for the first two.
type Token struct {
	Text string
	Word bool
}

// Tokenize cuts s into tokens. Concatenating their Text gives s back
// exactly, whatever s holds: a byte that is not valid UTF-8 becomes a token
// of its own (not a word), so a damaged text still diffs and round-trips.
func Tokenize(s string) []Token {
	out := make([]Token, 0, len(s)/4+1)
	for i := 0; i < len(s); {
		j, k := next(s, i)
		out = append(out, Token{Text: s[i:j], Word: k == kWord})
		i = j
	}
	return out
}

// Words is the number of word tokens in s, counted without allocating.
func Words(s string) int {
	n := 0
	for i := 0; i < len(s); {
		j, k := next(s, i)
		if k == kWord {
			n++
		}
		i = j
	}
	return n
}

// tokKind is what the diff's tidying needs to know about a token: words
// carry meaning, whitespace runs are what a reader does not want to see
// flagged, everything else (punctuation, symbols, stray bytes) is kept apart.
type tokKind uint8

const (
	kOther tokKind = iota
	kSpace
	kWord
)

// next returns the end of the token that starts at s[i] and its kind. It is
// the one tokenizer every function of the package goes through, so that
// Words, Diff, Bracketed and Trace.Spans can never disagree on what a word is.
// ASCII takes a table lookup per byte: most of a negotiated text is ASCII
// even in Spanish or French, and tokenizing is half the cost of a diff.
func next(s string, i int) (int, tokKind) {
	switch asciiClass[s[i]] {
	case cWord:
		j := i + 1
		for j < len(s) && asciiClass[s[j]] == cWord {
			j++
		}
		// Only a joiner or a non-ASCII letter can take the word further.
		if j < len(s) && asciiClass[s[j]] >= cJoin {
			j = wordEnd(s, i, j)
		}
		return j, kWord
	case cSpace:
		return spaceEnd(s, i+1), kSpace
	case cOther, cJoin:
		return i + 1, kOther
	}
	if han3(s, i) {
		return marksEnd(s, i+3), kWord
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == utf8.RuneError && n == 1:
		return i + 1, kOther
	case unicode.IsSpace(r):
		return spaceEnd(s, i+n), kSpace
	case isCJK(r):
		// A variation selector or other mark belongs to its character.
		return marksEnd(s, i+n), kWord
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		return wordEnd(s, i, i+n), kWord
	default:
		return i + n, kOther
	}
}

// Byte classes for the ASCII fast path: cJoin is punctuation that may
// join two parts of a word (see wordEnd), cHigh starts a multi-byte rune.
const (
	cOther uint8 = iota
	cWord
	cSpace
	cJoin
	cHigh
)

var asciiClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = cHigh
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			t[c] = cWord
		case c == ' ', '\t' <= c && c <= '\r':
			t[c] = cSpace
		case c == '\'', c == '-', c == '.', c == ',':
			t[c] = cJoin
		}
	}
	return t
}()

// decode is utf8.DecodeRuneInString with the ASCII case inline.
func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// wordEnd extends the word s[start:j]. Apostrophes, hyphens and zero-width
// joiners stay inside a word when a letter or digit follows ("l'État",
// "well-being", "COVID-19"); a point or comma only between digits ("1.5",
// "1,000"); an apostrophe after a final s closes an English plural
// possessive ("States'").
func wordEnd(s string, start, j int) int {
	for j < len(s) {
		c := s[j]
		r, n := rune(c), 1
		if c < utf8.RuneSelf {
			if asciiClass[c] == cWord {
				j++
				continue
			}
		} else {
			r, n = utf8.DecodeRuneInString(s[j:])
			if isMark(r) || isLatinWordRune(r) {
				j += n
				continue
			}
		}
		var r2 rune
		n2 := 0
		if j+n < len(s) {
			r2, n2 = decode(s, j+n)
		}
		switch {
		case isApostrophe(r) || isHyphen(r) || r == '\u200c' || r == '\u200d':
			if n2 > 0 && isLatinWordRune(r2) {
				j += n + n2
				continue
			}
			if prev := lastBase(s[start:j]); isApostrophe(r) && (prev == 's' || prev == 'S') {
				return j + n
			}
		case r == '.' || r == ',':
			if n2 > 0 && isDigit(r2) && isDigit(lastBase(s[start:j])) {
				j += n + n2
				continue
			}
		}
		return j
	}
	return j
}

// lastBase is the last rune of a word that is not a combining mark (the
// "s" of "se\u0301s" is "s", and "1" in "1\u0301" is the digit).
func lastBase(w string) rune {
	for len(w) > 0 {
		r, n := utf8.DecodeLastRuneInString(w)
		if !isMark(r) {
			return r
		}
		w = w[:len(w)-n]
	}
	return utf8.RuneError
}

func spaceEnd(s string, j int) int {
	for j < len(s) {
		switch asciiClass[s[j]] {
		case cSpace:
			j++
			continue
		case cWord, cOther, cJoin:
			return j
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsSpace(r) {
			// RuneError of an invalid byte is not a space either.
			return j
		}
		j += n
	}
	return j
}

// han3 reports whether s[i:] starts with a character of U+5000-U+9FFF,
// all Han, by its three bytes: most of a Chinese text, tokenized without
// decoding it.
func han3(s string, i int) bool {
	return i+2 < len(s) && 0xe5 <= s[i] && s[i] <= 0xe9 && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80
}

func marksEnd(s string, j int) int {
	for j < len(s) {
		// Marks are above U+0300 and none is a Han character: skip the
		// table search for the usual next character.
		if s[j] < utf8.RuneSelf || han3(s, j) {
			return j
		}
		r, n := decode(s, j)
		if !isMark(r) {
			return j
		}
		j += n
	}
	return j
}

// isLatinWordRune is a letter or digit that joins its neighbours into one
// word: anything but the scripts written without spaces (see isCJK).
func isLatinWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r] == cWord
	}
	return (unicode.IsLetter(r) || unicode.IsNumber(r)) && !isCJK(r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

// isMark is a combining mark: a decomposed accent ("e" + U+0301) must stay
// in its word, or "é" typed two ways would diff as different words with
// an accent floating between them.
func isMark(r rune) bool {
	return r >= 0x300 && !isCommonHan(r) && unicode.IsMark(r)
}

// isCommonHan is the block of CJK Unified Ideographs that holds nearly
// every character of a Chinese text: checked first, it spares them the
// Unicode table searches.
func isCommonHan(r rune) bool { return 0x4e00 <= r && r <= 0x9fff }

// isCJK is a character that is a word by itself: Chinese and Japanese are
// written without spaces, so a longer unit would need a dictionary.
// U+30FC (the katakana length mark) is in the Common script, but it only
// ever lengthens the kana before it.
func isCJK(r rune) bool {
	if r < 0x1100 {
		return false
	}
	return isCommonHan(r) || r == 0x30fc || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

// isHyphen: the ASCII hyphen-minus, the Unicode hyphen and the
// non-breaking hyphen. Dashes (–, —) separate words and are left out.
func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }
