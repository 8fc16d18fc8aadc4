package web_test

import (
	"context"
	"strings"
	"testing"

	"roundtable/internal/audit"
	"roundtable/internal/evidence"
)

// Another site may frame the map's embed page, and no other page: the
// embed answers frame-ancestors * without X-Frame-Options; the indicator's
// own page still refuses every frame.
func TestEvidenceEmbedMayBeFramed(t *testing.T) {
	s := evidenceSite(t, sqliteDB(t))
	c := s.client()
	embed := c.get("/evidence/embed/indicators/SP.DYN.LE00.IN/map")
	wantStatus(t, embed, 200)
	if csp := embed.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *;") || embed.Header.Get("X-Frame-Options") != "" {
		t.Errorf("embed: CSP %q, X-Frame-Options %q; want frame-ancestors * and no X-Frame-Options", csp, embed.Header.Get("X-Frame-Options"))
	}
	// Framed in another site, the map's links open the profile in a new
	// window rather than inside the frame.
	if bases := find(doc(t, c.get("/evidence/embed/indicators/SP.DYN.LE00.IN/map")), "base"); len(bases) != 1 || attr(bases[0], "target") != "_blank" {
		t.Error("the embed page does not open its links outside the frame")
	}
	for _, path := range []string{"/evidence/indicators/SP.DYN.LE00.IN", "/evidence/embed", "/signin"} {
		res := c.get(path)
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: CSP %q, X-Frame-Options %q; want no framing", path, csp, res.Header.Get("X-Frame-Options"))
		}
	}
}

// A bulk import of indicators the catalogue gives no topic leaves a
// profile its curated rows: the new series are counted and left to the
// catalogue, where they are listed under "other".
func TestEvidenceProfileLeavesUncuratedIndicatorsToTheCatalogue(t *testing.T) {
	db := sqliteDB(t)
	s := evidenceSite(t, db)
	ev := evidence.New(db)
	if _, err := ev.Import(context.Background(), strings.NewReader("iso3,indicator_code,year,value\r\nBOL,XX.BULK.1,2020,1\r\nBOL,XX.BULK.2,2020,2\r\n"),
		evidence.ImportOptions{FileName: "bulk.csv", Source: "Bulk", Vintage: "2026", Actor: audit.System("test")}); err != nil {
		t.Fatal(err)
	}
	c := s.client()
	d := doc(t, c.get("/evidence/countries/BOL"))
	for _, tr := range find(one(t, d, "table", "id", "profile-table"), "tr") {
		if strings.HasPrefix(attr(tr, "data-code"), "XX.BULK") {
			t.Errorf("the profile draws the uncurated %s", attr(tr, "data-code"))
		}
	}
	if got := text(one(t, d, "p", "id", "profile-others")); !strings.HasPrefix(got, "2 more indicators with data have no topic") {
		t.Errorf("profile note %q", got)
	}
	if len(find(doc(t, c.get("/evidence")), "h2", "id", "topic-other")) != 1 {
		t.Error("the catalogue has no section for indicators without a topic")
	}
}
