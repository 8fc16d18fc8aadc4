package web_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"roundtable/internal/reference"
)

// referenceSite is a site with the shipped Declaration.
func referenceSite(t *testing.T) *site {
	t.Helper()
	s := newSite(t, sqliteDB(t))
	arts, err := reference.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reference.Sync(context.Background(), s.db, arts); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDeclarationIndex: /udhr lists the thirty articles in the reader's
// language, titled as each official text heads them, each with its first
// words and a link to its page; the navigation leads there.
func TestDeclarationIndex(t *testing.T) {
	s := referenceSite(t)
	for _, tc := range []struct {
		lang                    string
		first, eleventh, last   string
		opening, navLabel, head string
	}{
		{"en", "Article 1", "Article 11", "Article 30", "All human beings are born free and equal in dignity and rights.", "Declaration", "Universal Declaration of Human Rights"},
		{"es", "Artículo 1", "Artículo 11", "Artículo 30", "Todos los seres humanos nacen libres e iguales en dignidad y derechos", "Declaración", "Declaración Universal de Derechos Humanos"},
		{"pt", "Artigo 1", "Artigo 11", "Artigo 30", "Todos os seres humanos nascem livres e iguais em dignidade e direitos.", "Declaração", "Declaração Universal dos Direitos Humanos"},
		{"zh", "第一条", "第十一条", "第三十条", "人人生而自由", "人权宣言", "世界人权宣言"},
		{"fr", "Article premier", "Article 11", "Article 30", "Tous les êtres humains naissent libres et égaux en dignité et en droits.", "Déclaration", "Déclaration universelle des droits de l’homme"},
	} {
		c := s.client()
		c.lang = tc.lang
		res := c.get("/udhr")
		wantStatus(t, res, 200)
		d := doc(t, res)
		if h1 := text(one(t, d, "h1")); h1 != tc.head {
			t.Errorf("%s: heading %q", tc.lang, h1)
		}
		items := find(one(t, d, "ol", "id", "udhr-articles"), "li")
		if len(items) != 30 {
			t.Fatalf("%s: %d articles, want 30", tc.lang, len(items))
		}
		title := func(i int) string { return text(one(t, items[i], "a")) }
		if title(0) != tc.first || title(10) != tc.eleventh || title(29) != tc.last {
			t.Errorf("%s: titles %q, %q, %q", tc.lang, title(0), title(10), title(29))
		}
		if href := attr(one(t, items[10], "a"), "href"); href != "/udhr/11" {
			t.Errorf("%s: article 11 links to %q", tc.lang, href)
		}
		if o := text(one(t, items[0], "span")); !strings.HasPrefix(o, tc.opening) || len(o) > 400 {
			t.Errorf("%s: article 1 opens %q", tc.lang, o)
		}
		nav := one(t, d, "nav", "class", "site-nav")
		link := one(t, nav, "a", "href", "/udhr")
		if text(link) != tc.navLabel || attr(link, "aria-current") != "page" {
			t.Errorf("%s: navigation link %q current=%q", tc.lang, text(link), attr(link, "aria-current"))
		}
	}
}

// TestDeclarationArticleTitles: an article's page heads it, and each
// language's text, as the index does.
func TestDeclarationArticleTitles(t *testing.T) {
	s := referenceSite(t)
	c := s.client()
	c.lang = "fr"
	d := doc(t, c.get("/udhr/1"))
	if h1 := text(one(t, d, "h1")); h1 != "Article premier" {
		t.Errorf("heading %q", h1)
	}
	want := map[string]string{"en": "Article 1", "es": "Artículo 1", "pt": "Artigo 1", "zh": "第一条", "fr": "Article premier"}
	for lang, title := range want {
		if got := text(one(t, one(t, d, "section", "id", "udhr-"+lang), "h2")); got != title {
			t.Errorf("%s column headed %q, want %q", lang, got, title)
		}
	}
	one(t, d, "a", "id", "udhr-index-link", "href", "/udhr")
	if next := text(one(t, d, "a", "rel", "next")); next != "Article 2 →" {
		t.Errorf("next link %q", next)
	}
	c.lang = "zh"
	d = doc(t, c.get("/udhr/20"))
	if h1 := text(one(t, d, "h1")); h1 != "第二十条" {
		t.Errorf("zh heading %q", h1)
	}
	if prev := text(one(t, d, "a", "rel", "prev")); prev != "← 第十九条" {
		t.Errorf("zh previous link %q", prev)
	}
}

// subsequence keeps the items of all that are in want, in all's order.
func subsequence(all, want []string) []string {
	var out []string
	for _, x := range all {
		if slices.Contains(want, x) {
			out = append(out, x)
		}
	}
	return out
}

// TestThesaurusTableSortsAsTheReadersLanguage: the concepts are sorted as a
// dictionary of the reader's language sorts, whatever the case or accents,
// and every label cell says its language.
func TestThesaurusTableSortsAsTheReadersLanguage(t *testing.T) {
	s := searchSite(t, sqliteDB(t))
	for _, tc := range []struct {
		lang string
		want []string // in this order
	}{
		{"fr", []string{"droits économiques, sociaux et culturels", "éducation", "égalité des sexes", "état de droit", "Examen périodique universel", "liberté d'association", "soins de santé"}},
		{"en", []string{"social protection", "South-South cooperation", "sustainable development", "unilateral coercive measures", "Universal Periodic Review"}},
		{"es", []string{"cooperación internacional", "cooperación Sur-Sur", "democracia", "diálogo sobre derechos humanos", "diversidad cultural", "educación"}},
		{"zh", []string{"安全、有序和正常移民", "安全饮用水和卫生设施人权", "不干涉内政", "残疾人权利", "自决权"}},
	} {
		c := s.client()
		c.lang = tc.lang
		d := doc(t, c.get("/concepts"))
		table := one(t, d, "table", "id", "concepts")
		var labels []string
		for _, th := range find(one(t, table, "tbody"), "th", "scope", "row") {
			labels = append(labels, text(th))
		}
		if got := subsequence(labels, tc.want); !slices.Equal(got, tc.want) {
			t.Errorf("%s: order %q, want %q", tc.lang, got, tc.want)
		}
		// ān quán first (code point order would start with 不, U+4E0D);
		// the enumeration comma sorts before any syllable, so 安全、有序…
		// comes before 安全饮用水….
		if tc.lang == "zh" && labels[0] != "安全、有序和正常移民" {
			t.Errorf("zh: first concept %q", labels[0])
		}
		row := find(one(t, table, "tbody"), "tr")[0]
		var langs []string
		for _, td := range find(row, "td") {
			langs = append(langs, attr(td, "lang"))
		}
		if !slices.Equal(langs, []string{"en", "es", "pt-BR", "zh-Hans", "fr"}) {
			t.Errorf("%s: cells' languages %v", tc.lang, langs)
		}
	}
}

// TestCountryGroupsSortByName: the group filter lists the groups by name
// in the reader's language, not by code.
func TestCountryGroupsSortByName(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	c := s.client()
	c.lang = "fr"
	d := doc(t, c.get("/countries"))
	var names []string
	for _, o := range find(one(t, d, "select", "id", "group"), "option") {
		if attr(o, "value") != "" {
			names = append(names, text(o))
		}
	}
	want := []string{"Amérique latine et Caraïbes", "Asie de l'Est et Pacifique", "Communauté des États latino-américains et caraïbes", "Non classé",
		"Revenu élevé", "Revenu intermédiaire, tranche inférieure", "Revenu intermédiaire, tranche supérieure"}
	if !slices.Equal(names, want) {
		t.Errorf("groups %q, want %q", names, want)
	}
	d = doc(t, c.get("/countries/BRA"))
	var member []string
	for _, a := range find(one(t, d, "ul", "class", "membership"), "a") {
		member = append(member, text(a))
	}
	if want := []string{"Amérique latine et Caraïbes", "Communauté des États latino-américains et caraïbes", "Revenu intermédiaire, tranche supérieure"}; !slices.Equal(member, want) {
		t.Errorf("Brazil's groups %q, want %q", member, want)
	}
}
