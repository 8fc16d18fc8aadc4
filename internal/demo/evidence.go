package demo

import (
	"context"
	"fmt"

	"roundtable/internal/evidence"
	"roundtable/internal/store"
)

// loadEvidence loads the development indicators that ship with Roundtable
// (World Bank WDI for every economy and aggregate, Gapminder and the 2020
// WDI release for China and the CELAC states) with their catalogue. It runs
// at every demo start, before the accounts: a file loaded before is
// recognised by its digest and skipped, so a demo loaded by an earlier
// version gains the indicators and a restart costs a few reads.
func loadEvidence(ctx context.Context, db *store.DB) error {
	if err := evidence.New(db).LoadShipped(ctx, nil); err != nil {
		return fmt.Errorf("demo indicators: %w", err)
	}
	return nil
}
