package data

import (
	"strings"
	"testing"
)

func TestSDG(t *testing.T) {
	items, err := SDG()
	if err != nil {
		t.Fatal(err)
	}
	langs := []string{"en", "es", "pt", "zh", "fr"}
	goals, targets := 0, 0
	for _, it := range items {
		switch it.Level {
		case "goal":
			goals++
			for _, l := range langs {
				if strings.TrimSpace(it.Short[l]) == "" {
					t.Errorf("goal %s has no short name in %s", it.Code, l)
				}
			}
		case "target":
			targets++
		default:
			t.Errorf("%s: level %q", it.Code, it.Level)
		}
		if len(it.Title) != 5 {
			t.Errorf("%s has %d languages, want 5", it.Code, len(it.Title))
		}
		for _, l := range langs {
			if strings.TrimSpace(it.Title[l]) == "" {
				t.Errorf("%s has no %s text", it.Code, l)
			}
		}
	}
	if goals != 17 || targets != 169 {
		t.Fatalf("%d goals and %d targets, want 17 and 169", goals, targets)
	}
	// Spot checks, copied from the official texts.
	byCode := map[string]SDGItem{}
	for _, it := range items {
		byCode[it.Code] = it
	}
	want := map[string]string{
		"4|en":     "Ensure inclusive and equitable quality education and promote lifelong learning opportunities for all",
		"4|zh":     "确保包容和公平的优质教育,让全民终身享有学习机会",
		"17.19|en": "By 2030, build on existing initiatives to develop measurements of progress on sustainable development that complement gross domestic product, and support statistical capacity-building in developing countries",
	}
	for k, w := range want {
		code, lang, _ := strings.Cut(k, "|")
		if got := byCode[code].Title[lang]; got != w {
			t.Errorf("%s in %s = %q, want %q", code, lang, got, w)
		}
	}
	if got := byCode["1"].Short["pt"]; got != "Erradicação da pobreza" {
		t.Errorf("goal 1's short name in Portuguese = %q", got)
	}
}
