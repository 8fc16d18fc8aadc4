package web_test

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// shownText is what an SVG element shows on screen: the text of its <text>
// elements, not of a <title> or <desc>, which name or describe it.
func shownText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node, inText bool)
	walk = func(n *html.Node, inText bool) {
		if n.Type == html.ElementNode && (n.Data == "title" || n.Data == "desc") {
			return
		}
		if n.Type == html.TextNode && inText {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inText || (n.Type == html.ElementNode && n.Data == "text"))
		}
	}
	walk(n, false)
	return strings.TrimSpace(b.String())
}

// TestEvidenceMapLinksToProfiles: on the indicator page and its embed, in
// every language, each of the 34 participants' areas on the map is a link
// to its profile, and every link's name holds the text it shows (a small
// island's ISO code by its marker); the downloaded map.svg has no link
// left and still every area.
func TestEvidenceMapLinksToProfiles(t *testing.T) {
	s := evidenceSite(t, sqliteDB(t))
	for _, lang := range []string{"en", "es", "pt", "zh", "fr"} {
		c := s.client()
		c.lang = lang
		for _, path := range []string{"/evidence/indicators/SP.DYN.LE00.IN", "/evidence/embed/indicators/SP.DYN.LE00.IN/map"} {
			where := lang + " " + path
			m := one(t, doc(t, c.get(path)), "svg", "class", "chart chart-map")
			if attr(m, "role") != "group" {
				t.Errorf("%s: a map of links has role %q, want group", where, attr(m, "role"))
			}
			links := find(m, "a")
			seen := map[string]bool{}
			shown := 0
			for _, a := range links {
				area := find(a, "g")
				iso3 := ""
				if len(area) > 0 {
					iso3 = attr(area[0], "data-iso3")
				}
				if iso3 == "" || attr(a, "href") != "/evidence/countries/"+iso3 {
					t.Errorf("%s: the link to %q wraps the area of %q", where, attr(a, "href"), iso3)
				}
				seen[iso3] = true
				name, text := attr(a, "aria-label"), shownText(a)
				if text != "" {
					shown++
				}
				if name == "" || !strings.Contains(name, text) {
					t.Errorf("%s: the link to %s shows %q and is named %q", where, iso3, text, name)
				}
			}
			if len(links) != 34 || len(seen) != 34 {
				t.Errorf("%s: %d links to %d participants, want 34 to 34", where, len(links), len(seen))
			}
			if shown != 7 {
				t.Errorf("%s: %d links show text, want the 7 small islands' codes", where, shown)
			}
		}
	}

	// By hand, in English (the fixture: China 78.017 and Bolivia 68.739 in
	// 2024, Barbados no value).
	c := s.client()
	m := one(t, doc(t, c.get("/evidence/indicators/SP.DYN.LE00.IN")), "svg", "class", "chart chart-map")
	for href, want := range map[string]string{
		"/evidence/countries/BOL": "Bolivia: 68.7 (2024)",
		"/evidence/countries/CHN": "China: 78.0 (2024)",
		"/evidence/countries/BRB": "BRB — Barbados: no data",
	} {
		a := one(t, m, "a", "href", href)
		if got := attr(a, "aria-label"); got != want {
			t.Errorf("the link to %s is named %q, want %q", href, got, want)
		}
	}
	if got := text(one(t, one(t, m, "g", "data-iso3", "BRB"), "title")); got != "Barbados: no data" {
		t.Errorf("Barbados's hover text %q", got)
	}

	// The file: well-formed, no link, every area.
	res := c.get("/evidence/indicators/SP.DYN.LE00.IN/map.svg")
	wantStatus(t, res, 200)
	body, _ := io.ReadAll(res.Body)
	dec := xml.NewDecoder(strings.NewReader(string(body)))
	areas, links, root := map[string]int{}, 0, ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("map.svg is not well-formed: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local == "a" {
			links++
		}
		for _, at := range se.Attr {
			if root == "" && at.Name.Local == "role" {
				root = at.Value
			}
			if at.Name.Local == "data-iso3" {
				areas[at.Value]++
			}
		}
	}
	if links != 0 || root != "img" {
		t.Errorf("map.svg: %d links left, role %q; want none and img", links, root)
	}
	if len(areas) != 34 {
		t.Errorf("map.svg: %d areas, want the 34 participants", len(areas))
	}
	for iso3, n := range areas {
		if n != 1 {
			t.Errorf("map.svg: %s drawn %d times", iso3, n)
		}
	}
}
