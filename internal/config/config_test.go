package config

import "testing"

func TestParsePublicURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://roundtable.example.org":  "https://roundtable.example.org",
		"https://roundtable.example.org/": "https://roundtable.example.org",
		"http://localhost:8080":           "http://localhost:8080",
	} {
		u, err := ParsePublicURL(in)
		if err != nil || u.String() != want {
			t.Errorf("ParsePublicURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	for _, in := range []string{"roundtable.example.org", "ftp://example.org", "https://example.org/roundtable", "https://example.org?x=1", "https://user@example.org", "https://"} {
		if u, err := ParsePublicURL(in); err == nil {
			t.Errorf("ParsePublicURL(%q) = %v, want an error", in, u)
		}
	}
	c := Default()
	c.PublicURL = "example.org"
	if err := c.Validate(); err == nil {
		t.Error("Validate accepted --public-url example.org")
	}
}

func TestParseTrustedProxies(t *testing.T) {
	ps, err := ParseTrustedProxies(" 10.0.0.0/8, 192.168.1.7 ,fd00::/8,")
	if err != nil || len(ps) != 3 || ps[0].String() != "10.0.0.0/8" || ps[1].String() != "192.168.1.7/32" || ps[2].String() != "fd00::/8" {
		t.Fatalf("ParseTrustedProxies = %v, %v", ps, err)
	}
	if ps, err := ParseTrustedProxies(""); err != nil || len(ps) != 0 {
		t.Errorf("empty: %v, %v", ps, err)
	}
	if _, err := ParseTrustedProxies("10.0.0.0/8, proxy.example.org"); err == nil {
		t.Error("a host name was accepted")
	}
	c := Default()
	c.TrustedProxies = "10.0.0.300"
	if err := c.Validate(); err == nil {
		t.Error("Validate accepted --trusted-proxies 10.0.0.300")
	}
}
