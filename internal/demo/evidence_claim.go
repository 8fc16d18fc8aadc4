package demo

import (
	"context"
	"fmt"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/evidence/groups"
	"roundtable/internal/store"
)

// ClaimQuote is the figure the demo checks against the data: the
// reference report's words, which a statement of the demo edition quotes
// (its text or a translation of it).
const ClaimQuote = "China and Latin America together represent nearly one-third of the world's population"

// claimSpec is what the quote measures: the population of China and the
// 33 CELAC states as a share of the world's (the source's own WLD).
var claimSpec = evidence.ClaimSpec{Kind: evidence.ShareClaim, Indicator: "SP.POP.TOTL",
	Areas: []string{groups.China, groups.CELAC}, Of: []string{groups.World}}

// loadClaims keeps the demo's claim check, stated as a third, on the
// statement among statements that quotes ClaimQuote, written by v (the
// chair or the secretariat) through the evidence service: the statement
// page then shows whatever share the shipped data gives. The indicators
// must be loaded first (loadEvidence).
func loadClaims(ctx context.Context, db *store.DB, dlg *dialogue.Service, v dialogue.Viewer, statements []int64) error {
	gs, err := groups.Load(ctx, db.Reader())
	if err != nil {
		return err
	}
	book := evidence.ClaimBook{Checker: evidence.Checker{Evidence: evidence.New(db), Groups: gs}, Statements: dlg}
	for _, id := range statements {
		st, err := dlg.Statement(ctx, v, id)
		if err != nil {
			return err
		}
		if !quotes(st, ClaimQuote) {
			continue
		}
		third := 100.0 / 3
		_, err = book.AddClaim(ctx, v, id, ClaimQuote, claimSpec, &third)
		return err
	}
	return fmt.Errorf("no statement of the demo edition quotes %q", ClaimQuote)
}

// quotes reports whether a statement's text or one of its translations
// holds quote.
func quotes(st dialogue.Statement, quote string) bool {
	if strings.Contains(st.Body, quote) {
		return true
	}
	for _, t := range st.Translations {
		if strings.Contains(t.Body, quote) {
			return true
		}
	}
	return false
}
