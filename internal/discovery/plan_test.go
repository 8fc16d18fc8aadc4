package discovery_test

import (
	"context"
	"slices"
	"testing"

	"roundtable/internal/discovery"
	"roundtable/internal/search"
	"roundtable/internal/thesaurus"
	"roundtable/internal/translate"
)

// askedTranslator answers fixed alternatives and remembers what it was
// asked.
type askedTranslator struct {
	alts  []translate.Alternative
	asked []string
}

func (a *askedTranslator) Alternatives(_ context.Context, text, hint string) []translate.Alternative {
	a.asked = append(a.asked, text+"|"+hint)
	return a.alts
}

func TestPlanQuery(t *testing.T) {
	cs, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	th, err := thesaurus.New(cs)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	qt := &askedTranslator{alts: []translate.Alternative{
		{Lang: "en", Text: "sanitation", By: "apertium"},
		{Lang: "pt", Text: "saneamento", By: "apertium"},
		{Lang: "pt", Text: "Saneamento", By: "apertium"},  // the same again
		{Lang: "es", Text: "saneamiento", By: "apertium"}, // the query itself
		{Lang: "de", Text: "Sanitärversorgung", By: "x"},  // not a working language
		{Lang: "fr", Text: `"assainissement`, By: "x"},    // not a query
		{Lang: "zh", Text: "  ", By: "x"},
	}}

	// A query naming a concept is not translated: the concept reaches the
	// other languages.
	q := discovery.PlanQuery(ctx, th, qt, "derecho al desarrollo", "pt")
	if !slices.Contains(q.Concepts, "right-to-development") || len(q.Alternatives) != 0 || len(qt.asked) != 0 || q.Lang != "pt" || q.Text != "derecho al desarrollo" {
		t.Errorf("derecho al desarrollo: %+v (translator asked %v)", q, qt.asked)
	}
	// One the thesaurus does not reach is, with the reader's language as
	// the hint; what is not worth searching is dropped.
	q = discovery.PlanQuery(ctx, th, qt, "saneamiento", "fr")
	want := []search.Alternative{{Lang: "en", Text: "sanitation", By: "apertium"}, {Lang: "pt", Text: "saneamento", By: "apertium"}}
	if len(q.Concepts) != 0 || !slices.Equal(q.Alternatives, want) || !slices.Equal(qt.asked, []string{"saneamiento|fr"}) {
		t.Errorf("saneamiento: concepts %v, alternatives %+v (asked %v)", q.Concepts, q.Alternatives, qt.asked)
	}
	// Nothing to translate, or no translator.
	for _, text := range []string{"", "   ", `"unclosed`} {
		if q := discovery.PlanQuery(ctx, th, qt, text, "en"); len(q.Alternatives) != 0 || len(q.Concepts) != 0 {
			t.Errorf("%q: %+v", text, q)
		}
	}
	if len(qt.asked) != 1 {
		t.Errorf("translator asked for blank or invalid queries: %v", qt.asked)
	}
	if q := discovery.PlanQuery(ctx, nil, nil, "saneamiento", "en"); len(q.Alternatives) != 0 || len(q.Concepts) != 0 {
		t.Errorf("without thesaurus or translator: %+v", q)
	}
}
