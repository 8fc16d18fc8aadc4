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
