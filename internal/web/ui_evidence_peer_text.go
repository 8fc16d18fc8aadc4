package web

import (
	"math"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"roundtable/internal/i18n"
)

// peerNumberText prints v with exactly decimals digits after the separator,
// grouped as the reader's language writes numbers (2,64 in Spanish, 8 606 326
// in French); a true minus sign.
func peerNumberText(l i18n.Lang, v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	p := message.NewPrinter(language.Make(l.Tag()))
	s := p.Sprint(number.Decimal(v, number.MinFractionDigits(decimals), number.MaxFractionDigits(decimals)))
	if len(s) > 0 && s[0] == '-' {
		s = "−" + s[1:]
	}
	return s
}

// peerRegionName is a UN M49 region's name in the reader's language (CLDR,
// as in golang.org/x/text), or its code when CLDR has none.
func peerRegionName(code string, l i18n.Lang) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.Regions(language.Make(l.Tag())).Name(r); n != "" {
		return n
	}
	return code
}
