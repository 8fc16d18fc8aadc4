package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/internal/store"
)

// claimsAccessMatrix: anyone runs a check without keeping it; the chair and
// the secretariat keep checks on statements they may read ({draftA} is
// Brazil's draft, which the chair may not) and remove them. {claimA} is a
// check on {stA}, written afresh for each column.
var claimsAccessMatrix = []accessRow{
	{"GET /evidence/check", "", "", "ok ok ok ok ok ok ok"},
	{"GET /statements/{id}/claims/new", "/statements/{stA}/claims/new", "", "sign-in 403 403 403 ok 403 ok"},
	{"GET /statements/{id}/claims/new", "/statements/{draftA}/claims/new", "", "sign-in 403 403 403 404 403 ok"},
	{"POST /statements/{id}/claims", "/statements/{stA}/claims", "kind=share", "sign-in 403 403 403 ok 403 ok"},
	{"POST /statements/{id}/claims", "/statements/{draftA}/claims", "kind=share", "sign-in 403 403 403 404 403 ok"},
	{"POST /statements/{id}/claims/{claim}/delete", "/statements/{stA}/claims/{claimA}/delete", "", "sign-in 403 403 403 ok 403 ok"},
}

func init() {
	areaMatrices = append(areaMatrices, claimsAccessMatrix)
	areaVars = append(areaVars, claimVars)
}

// claimVars writes a claim check on {stA} when a row names {claimA}.
func claimVars(t *testing.T, fx *accessFixture, who, text string) []string {
	t.Helper()
	if !strings.Contains(text, "{claimA}") {
		return nil
	}
	var statement int64
	for i := 0; i+1 < len(fx.ids); i += 2 {
		if fx.ids[i] == "{stA}" {
			statement, _ = strconv.ParseInt(fx.ids[i+1], 10, 64)
		}
	}
	ctx := context.Background()
	var id int64
	err := fx.s.db.Write(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO evidence_claims (statement_id, quote, spec, created_at) VALUES (?, 'a third', ?, ?) RETURNING id`,
			statement, `{"kind":"share","indicator":"SP.POP.TOTL","areas":["CHN"],"of":["WLD"]}`, time.Now().UTC()).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return []string{"{claimA}", strconv.FormatInt(id, 10)}
}
