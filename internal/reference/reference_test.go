package reference_test

import (
	"context"
	"strings"
	"testing"

	"roundtable/internal/reference"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

func TestShippedDeclarationHasEveryArticleInEveryLanguage(t *testing.T) {
	arts, err := reference.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 150 {
		t.Fatalf("%d articles, want 30 in each of 5 languages", len(arts))
	}
	want := map[string]string{"en": "adequate", "es": "nivel de vida adecuado", "pt": "padrão de vida", "zh": "生活水准", "fr": "niveau de vie suffisant"}
	for _, a := range arts {
		if a.Number == 25 && !strings.Contains(a.Body, want[a.Language]) {
			t.Errorf("article 25 in %s lacks %q: %.80s", a.Language, want[a.Language], a.Body)
		}
	}
}

func TestSyncIsIdempotentAndFeedsTheOutbox(t *testing.T) {
	arts, _ := reference.Shipped()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n, err := reference.Sync(ctx, db, arts)
		if err != nil || n != 150 {
			t.Fatalf("first sync added %d, %v", n, err)
		}
		if n, err = reference.Sync(ctx, db, arts); err != nil || n != 0 {
			t.Fatalf("second sync added %d, %v", n, err)
		}
		var queued int
		db.Reader().QueryRow(ctx, "SELECT count(*) FROM search_outbox WHERE doc_id LIKE 'udhr:%'").Scan(&queued)
		if queued != 150 {
			t.Fatalf("%d articles queued for search", queued)
		}
		all, err := reference.Articles(ctx, db.Reader(), reference.UDHR, 25)
		if err != nil || len(all) != 5 || all[3].Language != "zh" {
			t.Fatalf("article 25: %d languages, %v", len(all), err)
		}
	})
}
