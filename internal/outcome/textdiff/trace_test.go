package textdiff

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestCarryAcrossRevisions follows one operative paragraph from the zero
// draft (source 0) through three revisions, each made by an amendment.
func TestCarryAcrossRevisions(t *testing.T) {
	revisions := []struct {
		text   string
		source int64
		want   Trace
	}{
		{"States shall respect human rights", 0,
			Trace{{5, 0}}},
		// Amendment 7 replaces one word.
		{"States should respect human rights", 7,
			Trace{{1, 0}, {1, 7}, {3, 0}}},
		// Amendment 9 inserts a word in the middle and two at the end.
		{"States should fully respect human rights and freedoms", 9,
			Trace{{1, 0}, {1, 7}, {1, 9}, {3, 0}, {2, 9}}},
		// Amendment 12 adds a word at the start and deletes the last two.
		{"All States should fully respect human rights.", 12,
			Trace{{1, 12}, {1, 0}, {1, 7}, {1, 9}, {3, 0}}},
	}
	trace := NewTrace(revisions[0].text, revisions[0].source)
	if !slices.Equal(trace, revisions[0].want) {
		t.Fatalf("zero draft: %v, want %v", trace, revisions[0].want)
	}
	for i := 1; i < len(revisions); i++ {
		prev, rev := revisions[i-1], revisions[i]
		trace = Carry(prev.text, trace, rev.text, rev.source)
		if !slices.Equal(trace, rev.want) {
			t.Fatalf("Rev.%d: %v, want %v", i, trace, rev.want)
		}
	}
	if got, want := trace.Sources(), []int64{12, 0, 7, 9}; !slices.Equal(got, want) {
		t.Errorf("Sources = %v, want %v", got, want)
	}
	if got := trace.Words(); got != 7 {
		t.Errorf("Words = %d, want 7", got)
	}
}

func TestCarry(t *testing.T) {
	tests := []struct {
		name     string
		old      string
		trace    Trace
		new      string
		source   int64
		want     Trace
		wantJSON string
	}{
		{"chinese: a replaced character takes the new source", "各国应当尊重人权", Trace{{8, 0}}, "各国应该尊重人权", 3,
			Trace{{3, 0}, {1, 3}, {4, 0}}, `[{"n":3,"s":0},{"n":1,"s":3},{"n":4,"s":0}]`},
		{"punctuation changes do not touch the trace", "States shall act", Trace{{2, 4}, {1, 5}}, "States shall act.", 9,
			Trace{{2, 4}, {1, 5}}, `[{"n":2,"s":4},{"n":1,"s":5}]`},
		{"short trace: missing words from the new source", "a b c", Trace{{1, 5}}, "a b c d", 8,
			Trace{{1, 5}, {3, 8}}, `[{"n":1,"s":5},{"n":3,"s":8}]`},
		{"long trace: extra runs ignored", "a b", Trace{{10, 5}, {3, 6}}, "a b", 8,
			Trace{{2, 5}}, `[{"n":2,"s":5}]`},
		{"empty and split runs normalised", "a b c", Trace{{1, 5}, {0, 6}, {1, 5}, {-2, 7}, {1, 6}}, "a b c", 8,
			Trace{{2, 5}, {1, 6}}, `[{"n":2,"s":5},{"n":1,"s":6}]`},
		{"everything deleted", "a b c", Trace{{3, 5}}, "", 8,
			Trace{}, `[]`},
		{"nil trace", "a b", nil, "a x b", 8,
			Trace{{3, 8}}, `[{"n":3,"s":8}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Carry(tt.old, tt.trace, tt.new, tt.source)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Carry = %v, want %v", got, tt.want)
			}
			b, err := json.Marshal(got)
			if err != nil || string(b) != tt.wantJSON {
				t.Errorf("JSON = %s (%v), want %s", b, err, tt.wantJSON)
			}
		})
	}
}

func TestNewTrace(t *testing.T) {
	tests := []struct {
		in   string
		want Trace
	}{
		{"States shall act.", Trace{{3, 2}}},
		{"人权对话", Trace{{4, 2}}},
		{"，。", Trace{}},
		{"", Trace{}},
	}
	for _, tt := range tests {
		if got := NewTrace(tt.in, 2); !slices.Equal(got, tt.want) || got == nil {
			t.Errorf("NewTrace(%q) = %#v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSpans(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		trace Trace
		want  []Span
	}{
		{"punctuation goes with the word before",
			"States should fully respect human rights and freedoms.",
			Trace{{1, 0}, {1, 7}, {1, 9}, {3, 0}, {2, 9}},
			[]Span{{"States ", 0}, {"should ", 7}, {"fully ", 9}, {"respect human rights ", 0}, {"and freedoms.", 9}}},
		{"leading punctuation goes with the first word",
			"«Los Estados» deben",
			Trace{{2, 4}, {1, 5}},
			[]Span{{"«Los Estados» ", 4}, {"deben", 5}}},
		{"chinese",
			"各国应该尊重人权。",
			Trace{{3, 0}, {1, 3}, {4, 0}},
			[]Span{{"各国应", 0}, {"该", 3}, {"尊重人权。", 0}}},
		{"short trace: the rest stays with the last source",
			"a b c d",
			Trace{{1, 4}, {1, 5}},
			[]Span{{"a ", 4}, {"b c d", 5}}},
		{"no words", " — ", Trace{}, []Span{{" — ", 0}}},
		{"empty", "", Trace{{1, 4}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.trace.Spans(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Spans = %+v, want %+v", got, tt.want)
			}
		})
	}
}
