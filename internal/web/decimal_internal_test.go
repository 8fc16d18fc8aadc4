package web

import (
	"testing"

	"roundtable/internal/i18n"
)

// Large figures (a population) read with their thousands grouped in the
// reader's convention; four-digit ones and the decimals stay as they are.
func TestDecimalGroupsThousands(t *testing.T) {
	for _, tc := range []struct {
		lang   i18n.Lang
		x      float64
		places int
		want   string
	}{
		{i18n.En, 12581843, 0, "12,581,843"},
		{i18n.Zh, 12581843, 0, "12,581,843"},
		{i18n.Es, 12581843, 0, "12.581.843"},
		{i18n.Pt, -3975517.25, 2, "-3.975.517,25"},
		{i18n.Fr, 662807600, 0, "662\u202f807\u202f600"},
		{i18n.En, 2024, 0, "2024"},
		{i18n.Es, 9580.99, 2, "9580,99"},
		{i18n.En, 10154, 0, "10,154"},
		{i18n.En, 0.733, 3, "0.733"},
	} {
		if got := decimal(tc.lang, tc.x, tc.places); got != tc.want {
			t.Errorf("decimal(%s, %v, %d) = %q, want %q", tc.lang, tc.x, tc.places, got, tc.want)
		}
	}
}
