package i18n

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, ok := ParseDay(s)
	if !ok {
		panic(s)
	}
	return t
}

func TestDatesAreWrittenAsEachLanguageWritesThem(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		a, b string
		want string
	}{
		{En, "2025-07-25", "2025-07-25", "25 July 2025"},
		{Es, "2025-07-25", "2025-07-25", "25 de julio de 2025"},
		{Pt, "2025-07-25", "2025-07-25", "25 de julho de 2025"},
		{Zh, "2025-07-25", "2025-07-25", "2025年7月25日"},
		{Fr, "2025-07-25", "2025-07-25", "25 juillet 2025"},
		{Fr, "2025-08-01", "2025-08-01", "1er août 2025"},

		{En, "2025-07-24", "2025-07-25", "24–25 July 2025"},
		{Es, "2025-07-24", "2025-07-25", "24–25 de julio de 2025"},
		{Pt, "2025-07-24", "2025-07-25", "24–25 de julho de 2025"},
		{Zh, "2025-07-24", "2025-07-25", "2025年7月24日至25日"},
		{Fr, "2025-07-24", "2025-07-25", "24–25 juillet 2025"},

		{En, "2025-07-30", "2025-08-02", "30 July – 2 August 2025"},
		{Es, "2025-07-30", "2025-08-02", "30 de julio – 2 de agosto de 2025"},
		{Zh, "2025-07-30", "2025-08-02", "2025年7月30日至8月2日"},
		{Fr, "2025-07-30", "2025-08-02", "30 juillet – 2 août 2025"},

		{En, "2025-12-30", "2026-01-02", "30 December 2025 – 2 January 2026"},
		{Pt, "2025-12-30", "2026-01-02", "30 de dezembro de 2025 – 2 de janeiro de 2026"},
		{Zh, "2025-12-30", "2026-01-02", "2025年12月30日至2026年1月2日"},
		// Given backwards, a range still reads forwards.
		{En, "2025-07-25", "2025-07-24", "24–25 July 2025"},
	} {
		if got := FormatDateRange(c.l, day(c.a), day(c.b)); got != c.want {
			t.Errorf("%s %s..%s = %q, want %q", c.l, c.a, c.b, got, c.want)
		}
	}
}

func TestOffsetsNameTheVenueClock(t *testing.T) {
	for _, c := range []struct {
		zone string
		want string
	}{
		{"UTC", "UTC"}, {"America/Sao_Paulo", "UTC−3"}, {"Asia/Shanghai", "UTC+8"}, {"Asia/Kolkata", "UTC+5:30"},
	} {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2025, 7, 25, 12, 0, 0, 0, time.UTC).In(loc)
		if got := FormatOffset(at); got != c.want {
			t.Errorf("%s: %q, want %q", c.zone, got, c.want)
		}
	}
}

func TestNamesSortAsADictionaryOfTheLanguage(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		in   []string
		want []string
	}{
		{Es, []string{"Uruguay", "Perú", "Panamá", "Paraguay", "ánimo"}, []string{"ánimo", "Panamá", "Paraguay", "Perú", "Uruguay"}},
		{Zh, []string{"中国", "巴西", "阿根廷", "智利", "墨西哥"}, []string{"阿根廷", "巴西", "墨西哥", "智利", "中国"}},
		{En, []string{"zeta", "Alpha", "beta"}, []string{"Alpha", "beta", "zeta"}},
	} {
		got := append([]string(nil), c.in...)
		cmp := Compare(c.l)
		sortStrings(got, cmp)
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: %v, want %v", c.l, got, c.want)
				break
			}
		}
	}
}

func sortStrings(xs []string, cmp func(a, b string) int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && cmp(xs[j-1], xs[j]) > 0; j-- {
			xs[j-1], xs[j] = xs[j], xs[j-1]
		}
	}
}
