package config

import (
	"strings"
	"testing"
)

// Reset links are built from --public-url, so mail without it is refused
// at start rather than sending links built from a request's Host header.
func TestSMTPNeedsAPublicURL(t *testing.T) {
	c := Default()
	c.SMTPAddr, c.SMTPFrom = "mail.example.org:587", "noreply@example.org"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "--public-url") {
		t.Fatalf("SMTP without a public URL: %v", err)
	}
	c.PublicURL = "https://roundtable.example.org"
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}
