package web_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestEvidenceMethodPage: /evidence/method explains each figure in the
// reader's language, under the anchors other pages link to, with the
// formulas as MathML and the frontier's settings as the code uses them.
func TestEvidenceMethodPage(t *testing.T) {
	s := newSite(t, sqliteDB(t))
	for _, tc := range []struct {
		lang, title string
		frontier    []string // what the frontier's paragraphs must say
	}{
		{"en", "How the figures are computed", []string{"from 1990 on", "w = 0.25", "are 28% apart", "fewer than 10 points", "95th percentile", "(the 5th when lower is better)", "up to 5 years earlier"}},
		{"es", "Cómo se calculan las cifras", []string{"desde 1990", "w = 0,25", "un 28\u00a0%", "menos de 10 puntos", "percentil 95", "percentil 5", "hasta 5 años antes"}},
		{"pt", "Como os números são calculados", []string{"a partir de 1990", "w = 0,25", "em 28%", "menos de 10 pontos", "percentil 95", "percentil 5", "até 5 anos antes"}},
		{"zh", "数据如何计算", []string{"自 1990 年起", "w = 0.25", "相差 28%", "少于 10 个", "第 95 百分位数", "第 5 百分位数", "不超过 5 年"}},
		{"fr", "Comment les chiffres sont calculés", []string{"à partir de 1990", "w = 0,25", "diffèrent de 28\u00a0%", "moins de 10 points", "95e centile", "le 5e", "des 5 années précédentes"}},
	} {
		c := s.client()
		c.lang = tc.lang
		res := c.get("/evidence/method")
		wantStatus(t, res, 200)
		d := doc(t, res)
		if h1 := text(one(t, d, "h1")); h1 != tc.title {
			t.Errorf("%s: heading %q, want %q", tc.lang, h1, tc.title)
		}
		if all := text(one(t, d, "main")); strings.Contains(all, "evidence_method.") {
			t.Errorf("%s: an untranslated key shows on the page", tc.lang)
		}
		nav := one(t, d, "nav", "class", "method-contents")
		for _, id := range []string{"latest", "change", "rate", "target", "frontier", "groups", "peers", "promise"} {
			sec := one(t, d, "section", "id", id)
			h2 := one(t, sec, "h2")
			if text(h2) == "" || len(find(sec, "p")) == 0 || text(find(sec, "p")[0]) == "" {
				t.Errorf("%s: #%s has no heading or text", tc.lang, id)
			}
			if link := one(t, nav, "a", "href", "#"+id); text(link) != text(h2) {
				t.Errorf("%s: contents link to #%s says %q, the section %q", tc.lang, id, text(link), text(h2))
			}
		}
		fr := text(one(t, d, "section", "id", "frontier"))
		for _, want := range tc.frontier {
			if !strings.Contains(fr, want) {
				t.Errorf("%s: #frontier does not say %q", tc.lang, want)
			}
		}
		// The annualised rate's formula, (v_t / v_0)^(1/(t − t_0)) − 1: a
		// power of a fraction, with its text alternative.
		rate := one(t, d, "section", "id", "rate")
		cagr := formula(t, rate, "r = (v_t / v_0)^(1/(t − t_0)) − 1")
		if len(find(cagr, "msup")) != 1 || len(find(cagr, "mfrac")) != 1 {
			t.Errorf("%s: the rate's formula is not a power of a fraction", tc.lang)
		}
		formula(t, one(t, d, "section", "id", "change"), "Δ = v_t − v_0")
		target := one(t, d, "section", "id", "target")
		formula(t, target, "d = T − v_t")
		formula(t, target, "d = v_t − T")
		fsec := one(t, d, "section", "id", "frontier")
		formula(t, fsec, "a = 100 × v_t / F(x)")
		formula(t, fsec, "a = 100 × F(x) / v_t")
		// No script of the page's own: only the site's, from /static.
		for _, sc := range find(d, "script") {
			if !strings.HasPrefix(attr(sc, "src"), "/static/") {
				t.Errorf("%s: a script not from /static: %q", tc.lang, attr(sc, "src"))
			}
		}
	}
}

// formula returns the one <math> in n whose text alternative is alt.
func formula(t *testing.T, n *html.Node, alt string) *html.Node {
	t.Helper()
	return one(t, n, "math", "alttext", alt)
}
