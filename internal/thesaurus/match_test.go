package thesaurus_test

import (
	"slices"
	"testing"

	"roundtable/internal/text"
)

func TestEveryLabelTagsItsConcept(t *testing.T) {
	th := shipped(t)
	for _, c := range th.All() {
		for _, lang := range text.Langs {
			labels := append([]string{c.Pref[lang]}, c.Alt[lang]...)
			for _, label := range labels {
				if got := th.Tag(lang, label); !slices.Contains(got, c.ID) {
					t.Errorf("Tag(%s, %q) = %v, want %s", lang, label, got, c.ID)
				}
				if got := th.Match(label); !slices.Contains(got, c.ID) {
					t.Errorf("Match(%q) = %v, want %s", label, got, c.ID)
				}
			}
		}
	}
}

func TestTag(t *testing.T) {
	th := shipped(t)
	tests := []struct {
		lang, text string
		want       []string // must all be there
		not        []string // must not be there
	}{
		{"es", "El derecho al desarrollo es un derecho humano inalienable", []string{"right-to-development"}, nil},
		{"es", "Defendemos los derechos al desarrollo de nuestros pueblos", []string{"right-to-development"}, nil},
		{"pt", "O direito ao desenvolvimento é um direito humano inalienável", []string{"right-to-development"}, nil},
		{"zh", "中国始终把生存权、发展权作为首要的基本人权", []string{"right-to-subsistence", "right-to-development", "human-rights"}, nil},
		{"fr", "Le droit au developpement est un droit inalienable", []string{"right-to-development"}, nil},
		{"fr", "Le droit au développement", []string{"right-to-development"}, nil},
		{"en", "The Rights to Development of all peoples", []string{"right-to-development"}, nil},
		{"fr", "La liberté d’expression et les droits de l’homme", []string{"freedom-of-expression", "human-rights"}, nil},
		{"pt-BR", "Acesso à justiça e reforma do Judiciário", []string{"access-to-justice", "judicial-reform"}, nil},
		{"zh-Hans", "推动南南合作", []string{"south-south-cooperation"}, nil},
		// A label in another language, as written, tags the text too.
		{"es", "El concepto chino de 发展权 y el right to development", []string{"right-to-development"}, nil},
		// "Estado" is a Spanish stop word (a form of estar): "Estado de
		// derecho" must not shrink to "derecho"; nor "no intervención" to
		// "intervención", which is what a speech is called.
		{"es", "El Estado de derecho y el derecho a la salud", []string{"rule-of-law", "right-to-health"}, nil},
		{"es", "El derecho a la salud", []string{"right-to-health"}, []string{"rule-of-law"}},
		{"es", "Agradezco la intervención de la delegación del Brasil", nil, []string{"non-interference"}},
		{"es", "el principio de no intervención", []string{"non-interference"}, nil},
		// A stop word leaves a gap, as in the index: "right to education"
		// is not in "human rights education".
		{"en", "Rights to education for all", []string{"right-to-education"}, nil},
		{"en", "human rights education", []string{"human-rights", "education"}, []string{"right-to-education"}},
		// Nor across a comma: "cada Estado, dos direitos" (UDHR art. 22).
		{"pt", "de acordo com a organização e recursos de cada Estado, dos direitos econômicos", nil, []string{"rule-of-law"}},
		{"pt", "o fortalecimento do Estado de Direito", []string{"rule-of-law"}, nil},
		{"es", "derechos económicos sociales y culturales", []string{"economic-social-cultural-rights"}, nil},
		// A word of a label alone is not the label.
		{"en", "sustainable growth and the development of the region", nil, []string{"right-to-development", "sustainable-development"}},
		{"en", "", nil, nil},
	}
	for _, tt := range tests {
		got := th.Tag(tt.lang, tt.text)
		if got == nil || !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Errorf("Tag(%s, %q) = %#v: want a sorted set, never nil", tt.lang, tt.text, got)
		}
		for _, id := range tt.want {
			if !slices.Contains(got, id) {
				t.Errorf("Tag(%s, %q) = %v, want %s", tt.lang, tt.text, got, id)
			}
		}
		for _, id := range tt.not {
			if slices.Contains(got, id) {
				t.Errorf("Tag(%s, %q) = %v, must not hold %s", tt.lang, tt.text, got, id)
			}
		}
	}
}

func TestMatchAcrossLanguages(t *testing.T) {
	th := shipped(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"发展权", []string{"right-to-development"}},
		{"derecho al desarrollo", []string{"right-to-development"}},
		{"Direito ao Desenvolvimento", []string{"right-to-development"}},
		{"droit au developpement", []string{"right-to-development"}},
		{"Right to development", []string{"right-to-development"}},
		{"南南合作", []string{"south-south-cooperation"}},
		{`"cooperación Sur-Sur" "reducción de la pobreza"`, []string{"poverty-alleviation", "south-south-cooperation"}},
		{"medidas coercitivas unilaterales", []string{"unilateral-coercive-measures"}},
		{"estado de derecho", []string{"rule-of-law"}},
		{"derecho", []string{}},
		{"", []string{}},
	}
	for _, tt := range tests {
		if got := th.Match(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("Match(%q) = %#v, want %#v", tt.query, got, tt.want)
		}
	}
	// A label never spans a quote mark.
	if got := th.Match(`"derecho" "al desarrollo"`); slices.Contains(got, "right-to-development") {
		t.Errorf("a label matched across quoted parts: %v", got)
	}
}
