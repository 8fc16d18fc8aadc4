package config

import (
	"strings"
	"testing"
)

func TestTranslationSettings(t *testing.T) {
	c := Default()
	if c.Apertium != "auto" {
		t.Errorf("Apertium defaults to %q, want auto", c.Apertium)
	}
	for _, ok := range []Config{
		{Apertium: "off"}, {Apertium: "/opt/apertium"},
		{Apertium: "auto", TranslateURL: "http://127.0.0.1:5000"},
		{Apertium: "auto", TranslateURL: "https://mt.example.org/libre", TranslateKey: "s3cret"},
	} {
		c := Default()
		c.Apertium, c.TranslateURL, c.TranslateKey = ok.Apertium, ok.TranslateURL, ok.TranslateKey
		if err := c.Validate(); err != nil {
			t.Errorf("%+v refused: %v", ok, err)
		}
	}
	for _, bad := range []struct{ apertium, url, key, flag string }{
		{"yes", "", "", "--apertium"},
		{"modes", "", "", "--apertium"},
		{"auto", "mt.example.org", "", "--translate-url"},
		{"auto", "ftp://mt.example.org", "", "--translate-url"},
		{"auto", "http://user:pw@mt.example.org", "", "--translate-url"},
		{"auto", "", "s3cret", "--translate-key"},
	} {
		c := Default()
		c.Apertium, c.TranslateURL, c.TranslateKey = bad.apertium, bad.url, bad.key
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), bad.flag) {
			t.Errorf("%+v: %v, want an error naming %s", bad, err, bad.flag)
		}
	}
	c.TranslateURL, c.TranslateKey = "https://mt.example.org", "s3cret-key"
	if d := c.Redacted(); strings.Contains(d, "s3cret-key") || !strings.Contains(d, `"translate_key": "(hidden)"`) || !strings.Contains(d, "https://mt.example.org") {
		t.Errorf("redacted dump shows the key or hides the URL:\n%s", d)
	}
}
