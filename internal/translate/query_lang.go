package translate

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// QueryLanguage guesses the working language a query is written in. Any
// Chinese character makes it "zh". A Latin-script query is scored for en,
// es, pt and fr on cheap evidence: function and common words only one or
// two of them use (the, del, ao, aux …), letters (ã õ → pt, ñ → es, è ê œ →
// fr), word endings (-ção → pt, -ción → es, -té → fr, -ity → en), and
// English words the dictionary knows as glosses. The reader's language
// (hint) counts a little, and decides a tie; with no evidence and no Latin
// hint it is "en".
func (d *Dictionary) QueryLanguage(text, hint string) string {
	return d.QueryLanguages(text, hint)[0]
}

// QueryLanguages is QueryLanguage's guesses, the likeliest first: ["zh"]
// for Chinese, else en, es, pt and fr in order of evidence.
func (d *Dictionary) QueryLanguages(text, hint string) []string {
	if hasHan(text) {
		return []string{"zh"}
	}
	score := map[string]float64{}
	if latinLangs[hint] {
		score[hint] += 1.5
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	})
	for _, w := range words {
		// French elision: l'homme, d'expression.
		if len(w) > 2 && w[1] == '\'' {
			score["fr"] += 2
			w = w[2:]
		}
		for lang, list := range langWords {
			if list[w] {
				score[lang] += 2
			}
		}
		for _, e := range langEndings {
			if len([]rune(w)) > len([]rune(e.suffix))+1 && strings.HasSuffix(w, e.suffix) {
				score[e.lang] += e.weight
			}
		}
		for _, r := range w {
			for _, l := range langLetters[r] {
				score[l] += 1.5
			}
		}
		if d != nil && len(w) > 3 && !langWords["es"][w] && !langWords["pt"][w] && !langWords["fr"][w] {
			if _, ok := d.byGloss[w]; ok {
				score["en"] += 1
			}
		}
	}
	return rank(score, hint)
}

// rank orders en, es, pt, fr by score, the hint first among equals.
func rank(score map[string]float64, hint string) []string {
	langs := []string{"en", "es", "pt", "fr"}
	if latinLangs[hint] {
		langs = append([]string{hint}, slices.DeleteFunc(langs, func(l string) bool { return l == hint })...)
	}
	slices.SortStableFunc(langs, func(a, b string) int { return cmp.Compare(score[b], score[a]) })
	return langs
}

var latinLangs = map[string]bool{"en": true, "es": true, "pt": true, "fr": true}

// langWords are common words of one language (or two) that the others do
// not use; shared ones (de, a, la in es and fr) count for each.
var langWords = map[string]map[string]bool{
	"en": setOf(`the of and to for with in on right rights freedom from by without people
		everyone law work life health education housing women children security`),
	"es": setOf(`el los las del y en con por un una al sin derecho derechos libertad
		vivienda salud trabajo mujeres niños seguridad persona personas toda todo la las`),
	"pt": setOf(`o os as do da dos das e em no na nos nas com pelo pela um uma ao à sem
		direito direitos liberdade moradia saúde trabalho mulheres crianças segurança
		pessoa pessoas toda todo não`),
	"fr": setOf(`le les des du et au aux dans sur pour par un une sans à la droit droits
		liberté logement santé travail femmes enfants sécurité personne personnes toute tout`),
}

var langEndings = []struct {
	suffix string
	lang   string
	weight float64
}{
	{"ção", "pt", 3}, {"ções", "pt", 3}, {"ões", "pt", 2}, {"dade", "pt", 2}, {"dades", "pt", 1},
	{"ción", "es", 3}, {"ciones", "es", 3}, {"dad", "es", 2}, {"idades", "es", 1},
	{"té", "fr", 2}, {"tés", "fr", 2}, {"eux", "fr", 1}, {"ité", "fr", 1},
	{"ity", "en", 2}, {"ing", "en", 1}, {"ness", "en", 2}, {"tion", "en", 1}, {"tion", "fr", 1},
}

var langLetters = map[rune][]string{
	'ã': {"pt"}, 'õ': {"pt"}, 'ç': {"pt", "fr"}, 'â': {"pt", "fr"}, 'ê': {"pt", "fr"}, 'ô': {"pt", "fr"},
	'ñ': {"es"}, '¿': {"es"}, '¡': {"es"},
	'è': {"fr"}, 'ë': {"fr"}, 'î': {"fr"}, 'ï': {"fr"}, 'û': {"fr"}, 'ù': {"fr"}, 'œ': {"fr"},
}
