package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// Behind trusted proxies the client is the nearest untrusted address in
// X-Forwarded-For; anyone else's header is ignored, and so is whatever a
// client wrote left of what our proxy appended.
func TestClientAddrBelievesOnlyTrustedProxies(t *testing.T) {
	s := &Server{trustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}}
	tests := []struct {
		peer string
		xff  []string
		want string
	}{
		{"198.51.100.7:4000", nil, "198.51.100.7"},
		{"198.51.100.7:4000", []string{"203.0.113.9"}, "198.51.100.7"}, // not our proxy: header ignored
		{"10.0.0.5:4000", nil, "10.0.0.5"},
		{"10.0.0.5:4000", []string{"203.0.113.9"}, "203.0.113.9"},
		{"10.0.0.5:4000", []string{"203.0.113.9, 10.0.0.7"}, "203.0.113.9"},  // two proxies of ours
		{"10.0.0.5:4000", []string{"6.6.6.6, 203.0.113.9"}, "203.0.113.9"},   // a client's own claim, left
		{"10.0.0.5:4000", []string{"6.6.6.6", "203.0.113.9"}, "203.0.113.9"}, // two header lines
		{"10.0.0.5:4000", []string{"not-an-address"}, "10.0.0.5"},
		{"10.0.0.5:4000", []string{"10.0.0.9"}, "10.0.0.5"}, // only proxies
		{"[fd00::1]:4000", []string{"2001:db8::5"}, "2001:db8::5"},
		{"[::ffff:10.0.0.5]:4000", []string{"203.0.113.9"}, "203.0.113.9"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/signin", nil)
		r.RemoteAddr = tt.peer
		for _, v := range tt.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := s.clientAddr(r); got != tt.want {
			t.Errorf("peer %s, X-Forwarded-For %q: %s, want %s", tt.peer, tt.xff, got, tt.want)
		}
	}
	// With no trusted proxies, the peer, always.
	r := httptest.NewRequest("POST", "/signin", nil)
	r.RemoteAddr = "10.0.0.5:4000"
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	if got := (&Server{}).clientAddr(r); got != "10.0.0.5" {
		t.Errorf("no trusted proxies: %s", got)
	}
}
