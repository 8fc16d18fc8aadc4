package web_test

import (
	"strings"
	"testing"
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
