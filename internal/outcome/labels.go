package outcome

import (
	"strconv"
	"strings"
)

// Paragraph labels follow UN practice: preambular PP1, PP2 …, operative
// OP1, OP2 …; a paragraph inserted after OP7 is OP7bis, then OP7ter …; an
// alternative to OP6 is OP6alt, then OP6alt2 …. A label, once given, is
// never given again in the document, even after its paragraph is deleted,
// so that "OP7bis" means one paragraph through every revision.

// latinSuffixes are the ordinal suffixes of inserted paragraphs, after
// which inserted paragraphs are numbered "-11", "-12" ….
var latinSuffixes = []string{"bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"}

// prefix is the label prefix of a paragraph kind.
func prefix(kind string) string {
	if kind == Preambular {
		return "PP"
	}
	return "OP"
}

// root is the numbered paragraph a label descends from: "OP7" for OP7,
// OP7bis, OP7ter or OP7-11; "" when the label is not of that form.
func root(label string) string {
	if len(label) < 3 || (label[:2] != "PP" && label[:2] != "OP") {
		return ""
	}
	i := 2
	for i < len(label) && label[i] >= '0' && label[i] <= '9' {
		i++
	}
	if i == 2 {
		return ""
	}
	return label[:i]
}

// number is the number of a root label (7 for OP7).
func number(root string) int {
	n, _ := strconv.Atoi(root[2:])
	return n
}

// nextAppended is the label of a paragraph of kind added at the end: one
// more than the highest number the kind ever had.
func nextAppended(kind string, taken []string) string {
	p := prefix(kind)
	max := 0
	for _, l := range taken {
		if r := root(l); r != "" && r[:2] == p && number(r) > max {
			max = number(r)
		}
	}
	return p + strconv.Itoa(max+1)
}

// nextInserted is the label of a paragraph inserted after anchor: the
// anchor's root with the first ordinal suffix not yet taken.
func nextInserted(anchor string, taken []string) string {
	r := root(anchor)
	if r == "" {
		r = anchor
	}
	used := map[string]bool{}
	for _, l := range taken {
		used[l] = true
	}
	for _, s := range latinSuffixes {
		if !used[r+s] {
			return r + s
		}
	}
	for i := len(latinSuffixes) + 2; ; i++ {
		if l := r + "-" + strconv.Itoa(i); !used[l] {
			return l
		}
	}
}

// nextAlternative is the label of an alternative to the paragraph
// labelled of: "OP6alt", then "OP6alt2" ….
func nextAlternative(of string, taken []string) string {
	base := of
	if i := strings.Index(of, "alt"); i > 0 {
		base = of[:i] // an alternative to an alternative is one more of the original
	}
	used := map[string]bool{}
	for _, l := range taken {
		used[l] = true
	}
	if !used[base+"alt"] {
		return base + "alt"
	}
	for i := 2; ; i++ {
		if l := base + "alt" + strconv.Itoa(i); !used[l] {
			return l
		}
	}
}
