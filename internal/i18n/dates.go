package i18n

import (
	"fmt"
	"strconv"
	"time"
	// Venues' time zones must resolve on a machine without a zone
	// database (a fresh container); the binary carries its own.
	_ "time/tzdata"
)

// Dates are written the way each language writes them in running text
// (the long forms of the Unicode CLDR): "25 July 2025", "25 de julio de
// 2025", "25 de julho de 2025", "2025年7月25日", "25 juillet 2025"; and a
// range says only what changes ("24–25 July 2025", not "2025-07-24 –
// 2025-07-25"). Times use the 24-hour clock, as UN meetings do.

var months = map[Lang][12]string{
	En: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	Es: {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	Pt: {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	Fr: {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
}

func monthName(l Lang, m time.Month) string {
	names, ok := months[l]
	if !ok {
		names = months[En]
	}
	return names[m-1]
}

// dayMonth is "25 July", "25 de julio", "25 juillet" (and "7月25日").
func dayMonth(l Lang, t time.Time) string {
	switch l {
	case Zh:
		return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
	case Es, Pt:
		return fmt.Sprintf("%d de %s", t.Day(), monthName(l, t.Month()))
	case Fr:
		if t.Day() == 1 {
			return "1er " + monthName(l, t.Month())
		}
	}
	return fmt.Sprintf("%d %s", t.Day(), monthName(l, t.Month()))
}

// withYear appends (or, in Chinese, prepends) the year to a day and month.
func withYear(l Lang, dm string, year int) string {
	switch l {
	case Zh:
		return strconv.Itoa(year) + "年" + dm
	case Es, Pt:
		return dm + " de " + strconv.Itoa(year)
	}
	return dm + " " + strconv.Itoa(year)
}

// FormatDate writes t's calendar day in l: "25 July 2025".
func FormatDate(l Lang, t time.Time) string { return withYear(l, dayMonth(l, t), t.Year()) }

// FormatDateRange writes the days from a to b, saying each part once:
// "25 July 2025" (one day), "24–25 July 2025", "30 July – 2 August 2025",
// "30 December 2025 – 2 January 2026"; Chinese uses 至 ("2025年7月24日至25日").
func FormatDateRange(l Lang, a, b time.Time) string {
	if b.Before(a) {
		a, b = b, a
	}
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	switch {
	case ay == by && am == bm && ad == bd:
		return FormatDate(l, a)
	case l == Zh && ay == by && am == bm:
		return fmt.Sprintf("%d年%d月%d日至%d日", ay, am, ad, bd)
	case l == Zh && ay == by:
		return fmt.Sprintf("%d年%d月%d日至%d月%d日", ay, am, ad, bm, bd)
	case l == Zh:
		return FormatDate(l, a) + "至" + FormatDate(l, b)
	case ay == by && am == bm && l != Fr || ay == by && am == bm && ad != 1:
		// "24–25 July 2025": the day alone, then the rest once.
		return withYear(l, strconv.Itoa(ad)+"–"+dayMonth(l, b), ay)
	case ay == by:
		return withYear(l, dayMonth(l, a)+" – "+dayMonth(l, b), ay)
	}
	return FormatDate(l, a) + " – " + FormatDate(l, b)
}

// FormatClock is t's time of day on the 24-hour clock: "09:30".
func FormatClock(t time.Time) string { return t.Format("15:04") }

// FormatOffset names t's offset from UTC: "UTC", "UTC−3", "UTC+8",
// "UTC+5:30" (with a true minus sign).
func FormatOffset(t time.Time) string {
	_, off := t.Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "−", -off
	}
	h, m := off/3600, off%3600/60
	if m != 0 {
		return fmt.Sprintf("UTC%s%d:%02d", sign, h, m)
	}
	return fmt.Sprintf("UTC%s%d", sign, h)
}

// ParseDay reads a calendar day written YYYY-MM-DD.
func ParseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}
