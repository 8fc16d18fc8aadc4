package render

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Canonical is the form of a text that its content hash covers: the title,
// kind and language on a line each, then one line per paragraph in order,
// "label\tkind\ttext\n". Every string is normalised by Clean first, so the
// same words typed on another system (decomposed accents, CRLF line ends,
// a stray control character pasted from a word processor) hash alike.
func Canonical(d Document) string {
	return canonical(cleaned(d))
}

// canonical is the canonical form of a document already cleaned.
func canonical(c Document) string {
	n := len(c.Title) + len(c.Kind) + len(c.Lang) + 3
	for _, p := range c.Paragraphs {
		n += len(p.Label) + len(p.Kind) + len(p.Text) + 3
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(c.Title)
	b.WriteByte('\n')
	b.WriteString(c.Kind)
	b.WriteByte('\n')
	b.WriteString(c.Lang)
	b.WriteByte('\n')
	for _, p := range c.Paragraphs {
		b.WriteString(p.Label)
		b.WriteByte('\t')
		b.WriteString(p.Kind)
		b.WriteByte('\t')
		b.WriteString(p.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// Hash is the SHA-256 of Canonical(d), in lowercase hex. An Akoma Ntoso file
// written by AKN and read back by ParseAKN hashes the same.
func Hash(d Document) string {
	return hashCleaned(cleaned(d))
}

func hashCleaned(c Document) string {
	sum := sha256.Sum256([]byte(canonical(c)))
	return hex.EncodeToString(sum[:])
}

// cleaned is d with every string of the text Clean, the annex and labels
// left as they are. Writers clean once and use the result for both the
// file and its hash.
func cleaned(d Document) Document {
	c := d
	for _, s := range []*string{&c.Title, &c.Kind, &c.Lang, &c.Forum, &c.Edition, &c.Place, &c.Revision, &c.Method, &c.Hash} {
		*s = Clean(*s)
	}
	c.Paragraphs = make([]Paragraph, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		p.Label, p.Kind, p.Text = Clean(p.Label), Clean(p.Kind), Clean(p.Text)
		c.Paragraphs[i] = p
	}
	return c
}

// Clean normalises one string of the canonical form: invalid UTF-8 becomes
// U+FFFD, CRLF and lone CR become LF, characters XML 1.0 cannot carry become
// a space, the result is NFC and trimmed of surrounding white space. It is
// exactly what survives a trip through Akoma Ntoso XML, which is why the
// hash is defined over it; every export shows cleaned text.
func Clean(s string) string {
	return strings.TrimSpace(sanitize(s))
}

// sanitize is Clean without the trimming, for pieces of a text (marks).
func sanitize(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case !xmlChar(r):
			return ' '
		}
		return r
	}, s)
	return norm.NFC.String(s)
}

// isClean is the fast path: most texts are already valid, NFC and free of
// CR and control characters.
func isClean(s string) bool {
	ascii := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' {
				return false
			}
			i++
			continue
		}
		ascii = false
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !xmlChar(r) {
			return false
		}
		i += size
	}
	return ascii || norm.NFC.IsNormalString(s)
}

// xmlChar reports whether XML 1.0 allows r in a document (production Char).
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	case r < 0x10000:
		return false
	}
	return r <= 0x10FFFF
}
