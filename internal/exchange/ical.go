package exchange

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"roundtable/internal/dialogue"
	"roundtable/internal/i18n"
)

// Calendar is an iCalendar (RFC 5545) file of an edition's programme, one
// event per session.
type Calendar struct {
	Name   string // the calendar's name, shown by calendar programs
	Lang   string // language of Name
	Stamp  time.Time
	Events []Event
	// Notice, when set, describes the calendar (X-WR-CALDESC) and each of
	// its events (DESCRIPTION), in NoticeLang: the demonstration's notice.
	Notice, NoticeLang string
}

// Event is one session in a calendar.
type Event struct {
	UID         string // stable across exports, so a re-import updates, not duplicates
	Summary     string
	SummaryLang string
	Location    string
	URL         string
	Start, End  time.Time
}

// EditionCalendar makes the calendar of an edition's sessions, titled in
// lang where a title exists in it. host names the site in the events' UIDs
// (without a port, so they stay the same behind another one); base is the
// site's absolute URL for links.
func EditionCalendar(e dialogue.Edition, sessions []dialogue.Session, lang, host, base string, now time.Time) Calendar {
	name, nameLang := pick(e.Titles, lang)
	c := Calendar{Name: name, Lang: nameLang, Stamp: now}
	for _, x := range sessions {
		summary, summaryLang := pick(x.Titles, lang)
		var where []string
		for _, s := range []string{x.Room, e.VenueCity} {
			if s = strings.TrimSpace(s); s != "" {
				where = append(where, s)
			}
		}
		c.Events = append(c.Events, Event{
			UID:     "session-" + itoa(x.ID) + "@" + host,
			Summary: summary, SummaryLang: summaryLang,
			Location: strings.Join(where, ", "),
			URL:      base + "/sessions/" + itoa(x.ID),
			Start:    x.StartsAt, End: x.EndsAt,
		})
	}
	return c
}

// pick returns the text in lang, else English, else the first working
// language that has one, with the language it is in.
func pick(t dialogue.Texts, lang string) (text, in string) {
	for _, l := range append([]string{lang, "en"}, langs()...) {
		if s := t[l]; s != "" {
			return s, l
		}
	}
	return "", ""
}

func langs() []string {
	out := make([]string, len(i18n.Supported))
	for i, l := range i18n.Supported {
		out[i] = string(l)
	}
	return out
}

// utc is the form of DATE-TIME values: always UTC, marked Z, so no time
// zone definition is needed.
const utc = "20060102T150405Z"

// WriteICS writes c as iCalendar: CRLF line ends, text values escaped,
// lines folded at 75 octets.
func WriteICS(w io.Writer, c Calendar) error {
	bw := bufio.NewWriter(w)
	line := func(name, value string) {
		bw.WriteString(fold(name + ":" + value))
		bw.WriteString("\r\n")
	}
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Roundtable//Roundtable dialogue record//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME"+langParam(c.Lang), escapeText(c.Name))
	}
	if c.Notice != "" {
		line("X-WR-CALDESC"+langParam(c.NoticeLang), escapeText(c.Notice))
	}
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", escapeText(e.UID))
		line("DTSTAMP", c.Stamp.UTC().Format(utc))
		line("DTSTART", e.Start.UTC().Format(utc))
		line("DTEND", e.End.UTC().Format(utc))
		line("SUMMARY"+langParam(e.SummaryLang), escapeText(e.Summary))
		if e.Location != "" {
			line("LOCATION", escapeText(e.Location))
		}
		if e.URL != "" {
			line("URL", e.URL)
		}
		if c.Notice != "" {
			line("DESCRIPTION"+langParam(c.NoticeLang), escapeText(c.Notice))
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

func langParam(lang string) string {
	if lang == "" {
		return ""
	}
	return ";LANGUAGE=" + lang
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon
// and comma are backslash-escaped, any line break becomes \n, and other
// control characters, which TEXT may not hold, are dropped.
func escapeText(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxOctets is the longest a line may be, not counting its CRLF.
const maxOctets = 75

// fold splits a content line into lines of at most 75 octets, each
// continuation starting with a space (RFC 5545 §3.1). It cuts between
// characters, never inside a UTF-8 sequence, so every line is valid UTF-8.
func fold(s string) string {
	if len(s) <= maxOctets {
		return s
	}
	var b strings.Builder
	limit := maxOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxOctets - 1 // the leading space counts
	}
	b.WriteString(s)
	return b.String()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
