package textdiff

import (
	"encoding/json"
	"slices"
	"testing"
)

func eq(s string) Op  { return Op{Kind: Equal, Text: s} }
func ins(s string) Op { return Op{Kind: Insert, Text: s} }
func del(s string) Op { return Op{Kind: Delete, Text: s} }

func TestDiff(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []Op
	}{
		{"one word replaced", "States shall respect human rights", "States should respect human rights",
			[]Op{eq("States "), del("shall"), ins("should"), eq(" respect human rights")}},
		{"spanish with accents", "Los Estados deberán respetar los derechos", "Los Estados deberían respetar plenamente los derechos",
			[]Op{eq("Los Estados "), del("deberán"), ins("deberían"), eq(" respetar "), ins("plenamente "), eq("los derechos")}},
		{"an accent is a change of word", "El Estado deberá informar", "El Estado debera informar",
			[]Op{eq("El Estado "), del("deberá"), ins("debera"), eq(" informar")}},
		{"chinese: one character", "各国应当尊重和保护人权", "各国应该尊重和保护人权",
			[]Op{eq("各国应"), del("当"), ins("该"), eq("尊重和保护人权")}},
		{"chinese: inserted characters", "各国尊重人权。", "各国充分尊重人权。",
			[]Op{eq("各国"), ins("充分"), eq("尊重人权。")}},
		{"french elision", "l'État doit agir", "l'État devrait agir",
			[]Op{eq("l'État "), del("doit"), ins("devrait"), eq(" agir")}},
		{"insertion at the start", "States shall act", "All States shall act",
			[]Op{ins("All "), eq("States shall act")}},
		{"insertion at the end", "States shall act", "States shall act now.",
			[]Op{eq("States shall act"), ins(" now.")}},
		{"deletion starts at a word", "the big State", "the State",
			[]Op{eq("the "), del("big "), eq("State")}},
		{"insertion after punctuation", "rights, and", "rights, freedoms, and",
			[]Op{eq("rights, "), ins("freedoms, "), eq("and")}},
		{"two words replaced read as one change", "States shall respect rights", "States should protect rights",
			[]Op{eq("States "), del("shall respect"), ins("should protect"), eq(" rights")}},
		{"replacement and insertion joined over a space", "States shall respect rights", "States should fully respect rights",
			[]Op{eq("States "), del("shall"), ins("should fully"), eq(" respect rights")}},
		{"everything replaced", "a b", "c d",
			[]Op{del("a b"), ins("c d")}},
		{"double space", "the  State", "the State",
			[]Op{eq("the "), del(" "), eq("State")}},
		{"space added", "the State", "the   State",
			[]Op{eq("the "), ins("  "), eq("State")}},
		{"line break for a space", "rights. The", "rights.\nThe",
			[]Op{eq("rights."), del(" "), ins("\n"), eq("The")}},
		{"ideographic space kept whole", "各国\u3000应当", "各国\u2003应当",
			[]Op{eq("各国"), del("\u3000"), ins("\u2003"), eq("应当")}},
		{"punctuation only", "rights.", "rights;",
			[]Op{eq("rights"), del("."), ins(";")}},
		{"identical", "States shall act.", "States shall act.", []Op{eq("States shall act.")}},
		{"both empty", "", "", nil},
		{"from empty", "", "States shall act.", []Op{ins("States shall act.")}},
		{"to empty", "States shall act.", "", []Op{del("States shall act.")}},
		{"invalid bytes", "a\xffb", "a\xfeb", []Op{eq("a"), del("\xff"), ins("\xfe"), eq("b")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.a, tt.b)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Diff(%q, %q)\n got %q\nwant %q", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestKindJSON(t *testing.T) {
	b, err := json.Marshal([]Op{del("shall"), ins("should")})
	if err != nil {
		t.Fatal(err)
	}
	if want := `[{"Kind":"delete","Text":"shall"},{"Kind":"insert","Text":"should"}]`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	var back []Op
	if err := json.Unmarshal(b, &back); err != nil || !slices.Equal(back, []Op{del("shall"), ins("should")}) {
		t.Errorf("read back %q, %v", back, err)
	}
	var k Kind
	if err := k.UnmarshalText([]byte("replace")); err == nil {
		t.Error(`kind "replace" accepted`)
	}
}
