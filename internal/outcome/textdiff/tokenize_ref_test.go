package textdiff

import (
	"unicode"
	"unicode/utf8"
)

// refTokenize is the tokenizer as first written, rune by rune with no
// fast path: the plain reading of the rules in Token's comment, kept as
// the answer the fast tokenizer must give.
func refTokenize(s string) []Token {
	out := []Token{}
	for i := 0; i < len(s); {
		j, k := refNext(s, i)
		out = append(out, Token{Text: s[i:j], Word: k == kWord})
		i = j
	}
	return out
}

func refNext(s string, i int) (int, tokKind) {
	if c := s[i]; c < utf8.RuneSelf {
		switch {
		case refIsASCIIWord(c):
			return refWordEnd(s, i+1, rune(c)), kWord
		case refIsASCIISpace(c):
			return refSpaceEnd(s, i+1), kSpace
		default:
			return i + 1, kOther
		}
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == utf8.RuneError && n == 1:
		return i + 1, kOther
	case unicode.IsSpace(r):
		return refSpaceEnd(s, i+n), kSpace
	case refIsCJK(r):
		return refMarksEnd(s, i+n), kWord
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		return refWordEnd(s, i+n, r), kWord
	default:
		return i + n, kOther
	}
}

func refDecode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

func refWordEnd(s string, j int, prev rune) int {
	for j < len(s) {
		r, n := refDecode(s, j)
		if refIsMark(r) {
			j += n
			continue
		}
		if refIsLatinWordRune(r) {
			prev = r
			j += n
			continue
		}
		var r2 rune
		n2 := 0
		if j+n < len(s) {
			r2, n2 = refDecode(s, j+n)
		}
		switch {
		case refIsApostrophe(r) || refIsHyphen(r) || r == '\u200c' || r == '\u200d':
			if n2 > 0 && refIsLatinWordRune(r2) {
				prev = r2
				j += n + n2
				continue
			}
			if refIsApostrophe(r) && (prev == 's' || prev == 'S') {
				return j + n
			}
		case r == '.' || r == ',':
			if n2 > 0 && refIsDigit(prev) && refIsDigit(r2) {
				prev = r2
				j += n + n2
				continue
			}
		}
		return j
	}
	return j
}

func refSpaceEnd(s string, j int) int {
	for j < len(s) {
		if c := s[j]; c < utf8.RuneSelf {
			if !refIsASCIISpace(c) {
				return j
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsSpace(r) {
			return j
		}
		j += n
	}
	return j
}

func refMarksEnd(s string, j int) int {
	for j < len(s) {
		r, n := refDecode(s, j)
		if !refIsMark(r) {
			return j
		}
		j += n
	}
	return j
}

func refIsASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func refIsASCIISpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r'
}

func refIsLatinWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return refIsASCIIWord(byte(r))
	}
	return (unicode.IsLetter(r) || unicode.IsNumber(r)) && !refIsCJK(r)
}

func refIsDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

func refIsMark(r rune) bool {
	return r >= 0x300 && unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

func refIsCJK(r rune) bool {
	if r < 0x1100 {
		return false
	}
	return r == 0x30fc || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func refIsApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

func refIsHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }
