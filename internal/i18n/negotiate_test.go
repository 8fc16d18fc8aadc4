package i18n

import (
	"strings"
	"testing"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		header string
		want   Lang
	}{
		{"", En},
		{"en", En},
		{"en-US,en;q=0.9", En},
		{"en-GB", En},
		{"es", Es},
		{"es-419", Es},
		{"es-MX,es;q=0.9,en;q=0.8", Es},
		{"pt", Pt},
		{"pt-BR", Pt},
		{"pt-PT", Pt},
		{"zh", Zh},
		{"zh-CN,zh;q=0.9", Zh},
		{"zh-Hans", Zh},
		{"zh-SG", Zh},
		{"zh-TW", Zh},
		{"zh-Hant", Zh},
		{"zh-HK,en;q=0.5", Zh},
		{"fr", Fr},
		{"fr-CA", Fr},
		{"fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", Fr},
		{"de", En},
		{"de-DE,de;q=0.9", En},
		{"de,fr;q=0.5", Fr},
		{"de,ja;q=0.9,es;q=0.1", Es},
		{"en;q=0.1,es", Es},
		{"es;q=0,fr", Fr},
		{"*", En},
		{"garbage", En},
		{"!!!", En},
		{";;;,,,", En},
		{"q=0.5", En},
		// Malformed entries are skipped, not fatal.
		{"fr-FR, $$$;q=0.9", Fr},
		{"x!y, es;q=0.4", Es},
		{"not a header at all, pt-BR;q=0.3", Pt},
		{strings.Repeat("x", 10000), En},
		{"es," + strings.Repeat("de,", 2000), Es},
	}
	for _, tt := range tests {
		name := tt.header
		if len(name) > 40 {
			name = name[:40] + "..."
		}
		if got := Negotiate(tt.header); got != tt.want {
			t.Errorf("Negotiate(%q) = %q, want %q", name, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"en", En, true},
		{"EN", En, true},
		{"en-US", En, true},
		{"es", Es, true},
		{"es-419", Es, true},
		{"pt", Pt, true},
		{"PT", Pt, true},
		{"pt-BR", Pt, true},
		{"pt_br", Pt, true},
		{"zh", Zh, true},
		{"zh-CN", Zh, true},
		{"zh-Hans", Zh, true},
		{"zh-Hant-TW", Zh, true},
		{" fr ", Fr, true},
		{"fr-CA", Fr, true},
		{"", "", false},
		{"de", "", false},
		{"und", "", false},
		{"english", "", false},
		{"e", "", false},
		{"zh-!!", "", false},
		{strings.Repeat("a", 100), "", false},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLangAttributes(t *testing.T) {
	tests := []struct {
		l          Lang
		tag, name  string
		valid      bool
		parsedBack Lang
	}{
		{En, "en", "English", true, En},
		{Es, "es", "Español", true, Es},
		{Pt, "pt-BR", "Português", true, Pt},
		{Zh, "zh-Hans", "中文", true, Zh},
		{Fr, "fr", "Français", true, Fr},
	}
	for _, tt := range tests {
		if got := tt.l.Tag(); got != tt.tag {
			t.Errorf("%s.Tag() = %q, want %q", tt.l, got, tt.tag)
		}
		if got := tt.l.NativeName(); got != tt.name {
			t.Errorf("%s.NativeName() = %q, want %q", tt.l, got, tt.name)
		}
		if tt.l.Valid() != tt.valid {
			t.Errorf("%s.Valid() = %v", tt.l, !tt.valid)
		}
		if back, ok := Parse(tt.l.Tag()); !ok || back != tt.parsedBack {
			t.Errorf("Parse(%s.Tag()) = %q, %v", tt.l, back, ok)
		}
	}
	if Lang("de").Valid() {
		t.Error(`Lang("de").Valid() = true`)
	}
	if len(Supported) != 5 || Supported[0] != En {
		t.Errorf("Supported = %v; want five languages, English first", Supported)
	}
	for _, l := range Supported {
		if !l.Valid() {
			t.Errorf("Supported contains invalid %q", l)
		}
	}
}
