package web_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// evidencePaths are the evidence pages a reader opens.
var evidencePaths = []string{
	"/evidence",
	"/evidence/indicators/SP.DYN.LE00.IN",
	"/evidence/indicators/SI.POV.DDAY?series=903",
	"/evidence/countries/BOL?peers=ARG,CHN&from=2013",
	"/evidence/countries/CHN",
	"/evidence/embed/indicators/SP.DYN.LE00.IN/map",
}

// TestEvidencePagesAreWhole: in every language, each evidence page shows
// no untranslated key, runs no inline script, gives its ids once, heads
// every table with a caption and scoped header cells, names every chart
// (title and description), and puts the source and licence under every
// chart.
func TestEvidencePagesAreWhole(t *testing.T) {
	s := evidenceSite(t, sqliteDB(t))
	for _, lang := range []string{"en", "es", "pt", "zh", "fr"} {
		c := s.client()
		c.lang = lang
		for _, path := range evidencePaths {
			res := c.get(path)
			wantStatus(t, res, 200)
			body, _ := io.ReadAll(res.Body)
			d, err := html.Parse(strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			where := lang + " " + path
			if attr(one(t, d, "html"), "lang") == "" {
				t.Errorf("%s: no lang on <html>", where)
			}
			if strings.Contains(text(one(t, d, "body")), "evidence.") {
				t.Errorf("%s: an untranslated key shows", where)
			}
			for _, sc := range find(d, "script") {
				if attr(sc, "src") == "" {
					t.Errorf("%s: inline script", where)
				}
			}
			ids := map[string]bool{}
			for _, n := range find(d, "") {
				if id := attr(n, "id"); id != "" {
					if ids[id] {
						t.Errorf("%s: id %q twice", where, id)
					}
					ids[id] = true
				}
			}
			for _, tb := range find(d, "table") {
				if len(find(tb, "caption")) != 1 {
					t.Errorf("%s: a table without its caption", where)
				}
				for _, th := range find(tb, "th") {
					if attr(th, "scope") == "" {
						t.Errorf("%s: header cell %q without scope", where, text(th))
					}
				}
			}
			for _, fig := range find(d, "figure") {
				svg, img := find(fig, "svg"), find(fig, "img")
				named := len(svg) == 1 && len(find(svg[0], "title")) > 0 && len(find(svg[0], "desc")) == 1
				if len(img) == 1 && attr(img[0], "alt") != "" && strings.HasSuffix(strings.Split(attr(img[0], "src"), "?")[0], ".svg") {
					named = true
					if res := c.get(attr(img[0], "src")); res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") {
						t.Errorf("%s: chart %s: status %d", where, attr(img[0], "src"), res.StatusCode)
					}
				}
				if !named {
					t.Errorf("%s: a figure without a named chart", where)
					continue
				}
				if cap := find(fig, "figcaption"); len(cap) != 1 || !strings.Contains(text(cap[0]), "World Bank WDI") || !strings.Contains(text(cap[0]), "CC BY 4.0") {
					t.Errorf("%s: a chart without its source and licence under it", where)
				}
			}
		}
	}
}

// TestEvidenceChartDownloads: each chart downloads as an SVG file that is
// well-formed XML, opens at its own size and carries its source, release
// and licence; the embed page is the map and its caption alone.
func TestEvidenceChartDownloads(t *testing.T) {
	s := evidenceSite(t, sqliteDB(t))
	c := s.client()
	for _, name := range []string{"map", "dots", "slope"} {
		res := c.get("/evidence/indicators/SP.DYN.LE00.IN/" + name + ".svg?from=2013&to=2024")
		wantStatus(t, res, 200)
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "image/svg+xml") {
			t.Errorf("%s: content type %q", name, ct)
		}
		body, _ := io.ReadAll(res.Body)
		dec := xml.NewDecoder(strings.NewReader(string(body)))
		var root xml.StartElement
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s.svg is not well-formed: %v", name, err)
			}
			if se, ok := tok.(xml.StartElement); ok && root.Name.Local == "" {
				root = se
			}
		}
		if root.Name.Local != "svg" {
			t.Errorf("%s.svg: root <%s>", name, root.Name.Local)
		}
		for _, a := range []string{"width", "height"} {
			found := false
			for _, at := range root.Attr {
				if at.Name.Local == a && at.Value != "" && !strings.HasSuffix(at.Value, "%") {
					found = true
				}
			}
			if !found {
				t.Errorf("%s.svg: no %s of its own", name, a)
			}
		}
		if !strings.Contains(string(body), "Source: World Bank WDI, release 2026-07-01. Licence: CC BY 4.0.") {
			t.Errorf("%s.svg: no provenance", name)
		}
	}
	res := c.get("/evidence/indicators/NO.SUCH/dots.svg")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown indicator's SVG: status %d", res.StatusCode)
	}

	res = c.get("/evidence/embed/indicators/SP.DYN.LE00.IN/map")
	wantStatus(t, res, 200)
	d := doc(t, res)
	if len(find(d, "nav")) != 0 || len(find(d, "header")) != 0 || len(find(d, "footer")) != 0 {
		t.Error("the embed page carries the site's header, navigation or footer")
	}
	fig := one(t, d, "figure", "id", "embed-figure")
	if len(find(fig, "g", "data-iso3", "ARG")) == 0 {
		t.Error("the embed page has no map of Argentina")
	}
	if cap := text(one(t, fig, "figcaption")); !strings.Contains(cap, "Source: World Bank WDI, release 2026-07-01. Licence: CC BY 4.0.") {
		t.Errorf("embed caption %q", cap)
	}
}
