package web

import (
	"html/template"
	"strings"
	"time"

	"roundtable/internal/i18n"
)

// Dates and times on the pages: days as the reader's language writes them,
// ranges collapsed, and session times on the venue's clock with its offset
// named ("09:30–11:00 (UTC−3)"). Each time is a <time> element carrying
// the instant, so static/js/localtime.js can add the reader's own clock on
// hover; without scripts the hover says UTC.

// venue is the edition's time zone, UTC when unknown or unset.
func venue(zone string) *time.Location {
	if zone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Day writes a calendar day given as YYYY-MM-DD ("25 July 2025"); what
// does not parse is shown as it is.
func (l layout) Day(s string) string {
	d, ok := i18n.ParseDay(s)
	if !ok {
		return s
	}
	return i18n.FormatDate(l.Lang, d)
}

// Days writes the days from a to b, both YYYY-MM-DD ("24–25 July 2025").
func (l layout) Days(a, b string) string {
	da, okA := i18n.ParseDay(a)
	db, okB := i18n.ParseDay(b)
	switch {
	case okA && okB:
		return i18n.FormatDateRange(l.Lang, da, db)
	case okA:
		return i18n.FormatDate(l.Lang, da)
	}
	return strings.TrimSpace(a + " " + b)
}

// When is an instant on the venue's clock: "25 July 2025, 09:30 (UTC−3)".
func (l layout) When(t time.Time, zone string) template.HTML {
	v := t.In(venue(zone))
	text := l.T("dates.day_time", "day", i18n.FormatDate(l.Lang, v), "time", i18n.FormatClock(v)) + " (" + i18n.FormatOffset(v) + ")"
	return timeElement(t, text)
}

// Span is a session's time on the venue's clock: "25 July 2025, 09:30–11:00
// (UTC−3)", the end's day named only when it differs.
func (l layout) Span(start, end time.Time, zone string) template.HTML {
	loc := venue(zone)
	a, b := start.In(loc), end.In(loc)
	until := i18n.FormatClock(b)
	if ay, am, ad := a.Date(); !(b.Year() == ay && b.Month() == am && b.Day() == ad) {
		until = l.T("dates.day_time", "day", i18n.FormatDate(l.Lang, b), "time", until)
	}
	text := l.T("dates.day_time", "day", i18n.FormatDate(l.Lang, a), "time", i18n.FormatClock(a)+"–"+until) + " (" + i18n.FormatOffset(a) + ")"
	return timeElement(start, text)
}

// Clock is the time of day alone on the venue's clock ("09:30"), for
// grids whose day and offset are said once above.
func (l layout) Clock(t time.Time, zone string) template.HTML {
	return timeElement(t, i18n.FormatClock(t.In(venue(zone))))
}

func timeElement(t time.Time, text string) template.HTML {
	iso := t.UTC().Format(time.RFC3339)
	return template.HTML(`<time datetime="` + iso + `" title="` + t.UTC().Format("2006-01-02 15:04") + ` UTC" data-local>` +
		template.HTMLEscapeString(text) + `</time>`)
}
