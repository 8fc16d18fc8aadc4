package commitment

import (
	"strings"
	"sync"
	"unicode"

	"roundtable/internal/refdata"
	"roundtable/internal/text"
)

// stateNames recognises a state named in a recommendation file: its code,
// or its short or official name in any of the five languages, however it
// is accented or punctuated. Only the states of the reference data (the
// forum's members) are known; others are kept by name.
type stateNames struct {
	codes map[string]bool
	names map[string]string // folded name → ISO alpha-3
}

var loadStateNames = sync.OnceValues(func() (*stateNames, error) {
	set, err := refdata.Load()
	if err != nil {
		return nil, err
	}
	n := &stateNames{codes: map[string]bool{}, names: map[string]string{}}
	for _, c := range set.Countries {
		n.codes[c.ISO3] = true
		for _, m := range []map[string]string{c.Names, c.OfficialNames} {
			for _, name := range m {
				n.names[foldName(name)] = c.ISO3
			}
		}
	}
	return n, nil
})

// known reports whether code is a state of the reference data.
func (n *stateNames) known(code string) bool { return n.codes[code] }

// code is the ISO alpha-3 code of the state named s, or "" when s names
// none the reference data knows.
func (n *stateNames) code(s string) string {
	if t := strings.TrimSpace(s); len(t) == 3 && n.codes[strings.ToUpper(t)] {
		return strings.ToUpper(t)
	}
	return n.names[foldName(s)]
}

// foldName folds case and accents and turns every run of punctuation and
// space into one space: "Côte d’Ivoire" and "cote d'ivoire" agree.
func foldName(s string) string {
	f := strings.FieldsFunc(text.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, " ")
}
