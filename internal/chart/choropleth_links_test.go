package chart

import (
	"encoding/xml"
	"html/template"
	"strings"
	"testing"
)

// linkedLifeMap is lifeMap with every participant linked to its profile.
func linkedLifeMap() Choropleth {
	c := lifeMap()
	c.Links = map[string]string{}
	for _, iso3 := range participants {
		c.Links[iso3] = "/evidence/countries/" + iso3
	}
	return c
}

// visibleText is what n shows on screen: the text of its <text> and
// <tspan> elements, not of <title> or <desc>, which only name or describe.
func visibleText(n *node) string {
	var parts []string
	var walk func(m *node)
	walk = func(m *node) {
		switch m.XMLName.Local {
		case "title", "desc":
			return
		case "text", "tspan":
			if s := strings.TrimSpace(m.Text); s != "" {
				parts = append(parts, s)
			}
		}
		for _, c := range m.Children {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(parts, " ")
}

// accessibleName is a link's name as a browser computes it for these
// charts: its aria-label, else its content's visible text.
func accessibleName(a *node) string {
	if l := a.attr("aria-label"); l != "" {
		return l
	}
	return visibleText(a)
}

func TestLinkNamesHoldWhatTheLinksShow(t *testing.T) {
	stacked := linkedLifeMap()
	stacked.Stacked = true
	for name, out := range map[string]template.HTML{
		"map": linkedLifeMap().SVG(), "stacked map": stacked.SVG(), "dots": lifeDots().SVG(),
	} {
		root := parse(t, out)
		links := root.tag("a")
		if len(links) == 0 {
			t.Fatalf("%s: no links", name)
		}
		shown := 0
		for _, a := range links {
			text, label := visibleText(a), accessibleName(a)
			if text != "" {
				shown++
			}
			if !strings.Contains(label, text) {
				t.Errorf("%s: the link to %s shows %q but is named %q", name, a.attr("href"), text, label)
			}
		}
		if shown == 0 {
			t.Errorf("%s: no link shows any text; the test checks nothing", name)
		}
	}

	// By hand: the seven small states show their code by their marker and
	// are named with it first, then as their hover text reads (lifeMap's
	// values: 60 + i/2 in participants' order); a large area shows no text
	// and is named by its hover text alone.
	want := map[string]string{
		"ATG": "ATG — Antigua and Barbuda: 60.5 (2022)",
		"BRB": "BRB — Barbados: 63.0 (2022)",
		"DMA": "DMA — Dominica: 66.0 (2022)",
		"GRD": "GRD — Grenada: 67.5 (2022)",
		"KNA": "KNA — Saint Kitts and Nevis: 70.5 (2022)",
		"LCA": "LCA — Saint Lucia: 71.0 (2022)",
		"VCT": "VCT — Saint Vincent and the Grenadines: 76.0 (2022)",
		"BOL": "Bolivia: 68.6 (2022)",
		"JAM": "Jamaica: 70.0 (2022)",
	}
	root := parse(t, linkedLifeMap().SVG())
	links := root.tag("a")
	if len(links) != 34 {
		t.Errorf("%d links, want one for each of the 34 participants", len(links))
	}
	for _, a := range links {
		iso3 := strings.TrimPrefix(a.attr("href"), "/evidence/countries/")
		w, ok := want[iso3]
		if !ok {
			continue
		}
		delete(want, iso3)
		if got := a.attr("aria-label"); got != w {
			t.Errorf("the link to %s is named %q, want %q", iso3, got, w)
		}
		if hover := a.class("area-" + iso3)[0].child("title").Text; !strings.HasSuffix(w, hover) || strings.HasPrefix(hover, iso3+" ") {
			t.Errorf("%s's hover text is %q", iso3, hover)
		}
	}
	if len(want) != 0 {
		t.Errorf("no link for %v", want)
	}
}

// The map with a link on each of the 34 participants, as a file: the
// links go (they are relative to the site), every area stays, and the file
// is well-formed XML.
func TestStandaloneLinkedMapKeepsEveryArea(t *testing.T) {
	out := Standalone(linkedLifeMap().SVG(), "Source: World Bank, WDI (SP.DYN.LE00.IN), CC BY 4.0.")
	var root node
	if err := xml.Unmarshal(out, &root); err != nil {
		t.Fatalf("the linked map's file is not well-formed: %v", err)
	}
	if n := len(root.tag("a")); n != 0 {
		t.Errorf("%d links left in the file, want none", n)
	}
	if root.attr("role") != "img" {
		t.Errorf("the file's role is %q, want img", root.attr("role"))
	}
	got := areas(t, &root)
	if len(got) != 34 {
		t.Errorf("%d areas in the file, want the 34 participants", len(got))
	}
	for _, iso3 := range participants {
		if len(got[iso3]) != 1 || got[iso3][0].child("path") == nil || got[iso3][0].child("title") == nil {
			t.Errorf("%s: %d areas with a shape and hover text, want one", iso3, len(got[iso3]))
		}
	}
	if a := got["BRB"]; len(a) == 1 && a[0].textNode("BRB") == nil {
		t.Error("Barbados lost its marker's code")
	}
	if got["BOL"][0].child("title").Text != "Bolivia: 68.6 (2022)" {
		t.Errorf("Bolivia's hover text in the file is %q", got["BOL"][0].child("title").Text)
	}
}
