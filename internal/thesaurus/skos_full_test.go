package thesaurus_test

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
	"time"
)

// The whole shipped thesaurus exports as JSON-LD that parses back: one
// node per concept plus the scheme, each with every one of its names.
func TestSKOSJSONLDOfTheShippedThesaurus(t *testing.T) {
	th := shipped(t)
	var b bytes.Buffer
	start := time.Now()
	if err := th.SKOSJSONLD(&b, base); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	var doc struct {
		Graph []map[string]json.RawMessage `json:"@graph"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("the export does not parse: %v", err)
	}
	if len(doc.Graph) != th.Len()+1 {
		t.Fatalf("%d nodes, want %d concepts and the scheme", len(doc.Graph), th.Len())
	}
	// Every string of the document, wherever it is.
	var all any
	json.Unmarshal(b.Bytes(), &all)
	strs := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			strs[v] = true
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(all)
	seen := map[string]int{}
	for _, n := range doc.Graph {
		var id string
		json.Unmarshal(n["@id"], &id)
		seen[id]++
	}
	for _, c := range th.All() {
		if seen[base+c.ID] != 1 {
			t.Errorf("%s: %d nodes, want 1", c.ID, seen[base+c.ID])
		}
		for _, l := range []string{"en", "es", "pt", "zh", "fr"} {
			for _, label := range append([]string{c.Pref[l]}, c.Alt[l]...) {
				if label != "" && !strs[label] {
					t.Errorf("%s: the %s name %q is not in the export", c.ID, l, label)
				}
			}
		}
	}
	t.Logf("%d concepts: JSON-LD %d bytes in %v", th.Len(), b.Len(), took)
}

func BenchmarkSKOS(b *testing.B) {
	th := shipped(b)
	b.Run("turtle", func(b *testing.B) {
		for b.Loop() {
			if err := th.SKOSTurtle(io.Discard, base); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("jsonld", func(b *testing.B) {
		for b.Loop() {
			if err := th.SKOSJSONLD(io.Discard, base); err != nil {
				b.Fatal(err)
			}
		}
	})
}
