package textdiff

// BracketedWords is the number of words of s inside square brackets, the
// mark of wording not yet agreed. Brackets nest and a word inside two
// pairs counts once; an unclosed [ runs to the end of the text (a
// bracket left open by mistake must not make text look agreed); a stray ]
// is ignored. The full-width ［］ and the lenticular 【】 that Chinese
// texts use count as brackets too, and any opener closes with any closer.
func BracketedWords(s string) int {
	n, _ := Bracketed(s)
	return n
}

// Bracketed returns BracketedWords(s) and Words(s) in one pass, the two
// numbers of a paragraph's bracketed share.
func Bracketed(s string) (inside, total int) {
	depth := 0
	for i := 0; i < len(s); {
		j, k := next(s, i)
		switch k {
		case kWord:
			total++
			if depth > 0 {
				inside++
			}
		case kOther:
			switch s[i:j] {
			case "[", "［", "【":
				depth++
			case "]", "］", "】":
				if depth > 0 {
					depth--
				}
			}
		}
		i = j
	}
	return inside, total
}
