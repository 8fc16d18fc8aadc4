package country_test

import (
	"context"
	"testing"

	"roundtable/internal/audit"
	"roundtable/internal/country"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

func TestSyncThenQuery(t *testing.T) {
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		changed, err := country.Sync(ctx, db, set)
		if err != nil || !changed {
			t.Fatalf("first sync: changed=%v err=%v", changed, err)
		}
		changed, err = country.Sync(ctx, db, set)
		if err != nil || changed {
			t.Fatalf("second sync should change nothing: changed=%v err=%v", changed, err)
		}
		all, err := country.List(ctx, db.Reader(), country.Filter{}, "en")
		if err != nil || len(all) != 34 {
			t.Fatalf("List: %d countries, err %v", len(all), err)
		}
		celac, err := country.List(ctx, db.Reader(), country.Filter{Group: "CELAC"}, "zh")
		if err != nil || len(celac) != 33 {
			t.Fatalf("CELAC: %d countries, err %v", len(celac), err)
		}
		bra, err := country.Get(ctx, db.Reader(), "bra")
		if err != nil || bra.Name("zh") != "巴西" || !contains(bra.Groups, "CELAC") {
			t.Fatalf("Get(bra) = %+v, %v", bra, err)
		}
		if _, err := country.Get(ctx, db.Reader(), "XXX"); err == nil {
			t.Fatal("unknown country found")
		}
		rep, err := audit.Verify(ctx, db.Reader())
		if err != nil || rep.Entries != 1 || rep.Broken != nil {
			t.Fatalf("sync should leave one audit entry: %+v %v", rep, err)
		}
	})
}

func TestSortFollowsTheLanguage(t *testing.T) {
	cs := []country.Country{
		{ISO3: "PER", Names: map[string]string{"es": "Perú"}},
		{ISO3: "PAN", Names: map[string]string{"es": "Panamá"}},
		{ISO3: "PRY", Names: map[string]string{"es": "Paraguay"}},
	}
	country.SortByName(cs, "es")
	if cs[0].ISO3 != "PAN" || cs[1].ISO3 != "PRY" || cs[2].ISO3 != "PER" {
		t.Fatalf("Spanish order: %v %v %v", cs[0].ISO3, cs[1].ISO3, cs[2].ISO3)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
