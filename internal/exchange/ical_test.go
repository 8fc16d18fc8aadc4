package exchange

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"roundtable/internal/dialogue"
)

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plenary, Brasília", `Plenary\, Brasília`},
		{`a;b\c`, `a\;b\\c`},
		{"line one\r\nline two\nthree\rfour", `line one\nline two\nthree\nfour`},
		{"bell\a and tab\t", "bell and tab\t"},
	}
	for _, tt := range tests {
		if got := escapeText(tt.in); got != tt.want {
			t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldKeepsCharactersWhole(t *testing.T) {
	// 3-octet characters after a 8-octet name: no cut falls on a boundary
	// by luck, so a byte-counting fold would split one.
	line := "SUMMARY:" + strings.Repeat("发展权与人权", 30)
	folded := fold(line)
	parts := strings.Split(folded, "\r\n")
	if len(parts) < 2 {
		t.Fatalf("a %d-octet line was not folded", len(line))
	}
	var joined strings.Builder
	for i, p := range parts {
		if len(p) > 75 {
			t.Errorf("line %d has %d octets", i, len(p))
		}
		if !utf8.ValidString(p) {
			t.Errorf("line %d splits a character: %q", i, p)
		}
		if i > 0 {
			if !strings.HasPrefix(p, " ") {
				t.Errorf("continuation %d does not start with a space", i)
			}
			p = p[1:]
		}
		joined.WriteString(p)
	}
	if joined.String() != line {
		t.Error("unfolding does not give the line back")
	}
	if fold("SHORT:x") != "SHORT:x" {
		t.Error("a short line was folded")
	}
	exact := strings.Repeat("a", 75)
	if fold(exact) != exact {
		t.Error("a line of exactly 75 octets was folded")
	}
}

func TestEditionCalendar(t *testing.T) {
	start := time.Date(2024, 11, 19, 9, 0, 0, 0, time.FixedZone("BRT", -3*3600))
	e := dialogue.Edition{Titles: dialogue.Texts{"en": "Second Roundtable", "zh": "第二届圆桌会议"}, VenueCity: "Brasília"}
	sessions := []dialogue.Session{
		{ID: 7, Titles: dialogue.Texts{"en": "Development; rights, and \\ more"}, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Room: "Plenary"},
		{ID: 8, Titles: dialogue.Texts{"pt": "Saúde"}, StartsAt: start.Add(3 * time.Hour), EndsAt: start.Add(4 * time.Hour)},
	}
	var buf bytes.Buffer
	c := EditionCalendar(e, sessions, "zh", "example.org", "https://example.org:8443", time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC))
	if err := WriteICS(&buf, c); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:",
		"X-WR-CALNAME;LANGUAGE=zh:第二届圆桌会议\r\n",
		"UID:session-7@example.org\r\n",
		"DTSTART:20241119T120000Z\r\n", // 09:00 in Brasília is 12:00 UTC
		"DTEND:20241119T140000Z\r\n",
		"DTSTAMP:20241101T000000Z\r\n",
		`SUMMARY;LANGUAGE=en:Development\; rights\, and \\ more` + "\r\n",
		`LOCATION:Plenary\, Brasília` + "\r\n",
		"SUMMARY;LANGUAGE=pt:Saúde\r\nLOCATION:Brasília\r\n",
		"URL:https://example.org:8443/sessions/8\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("calendar lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "BEGIN:VEVENT"); n != 2 {
		t.Errorf("%d events, want 2", n)
	}
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Error("a line ends without CR")
	}
}
