package web_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/store"
	"roundtable/internal/upload"
)

// followupAccessMatrix: reminders are every signed-in reader's page (each
// sees what their states owe); the reports feed and the recommendations
// are public; the secretariat alone imports recommendations; delegates and
// the secretariat send files. A file is read as the report that holds it
// is: {upPub} is evidence of a published report of Brazil on a public
// commitment, {upDraft} of Brazil's draft report (its delegation and the
// secretariat read it; the validator of Brazil does not, as a draft is
// not waiting for validation). {uprRec} is a recommendation to Brazil.
var followupAccessMatrix = []accessRow{
	// route                                    path                          body  anon obs dlgA dlgB chair val admin
	{"GET /reminders", "", "", "sign-in ok ok ok ok ok ok"},
	{"GET /feeds/reports.atom", "", "", "ok ok ok ok ok ok ok"},
	{"GET /uploads/{id}", "/uploads/{upPub}", "", "ok ok ok ok ok ok ok"},
	{"GET /uploads/{id}", "/uploads/{upDraft}", "", "404 404 ok 404 404 404 ok"},
	{"GET /uploads/{id}", "/uploads/999999", "", "404 404 404 404 404 404 404"},
	{"GET /recommendations", "", "", "ok ok ok ok ok ok ok"},
	{"GET /recommendations/{id}", "/recommendations/{uprRec}", "", "ok ok ok ok ok ok ok"},
	{"GET /recommendations/import", "", "", "sign-in 403 403 403 403 403 ok"},
	{"POST /recommendations/import", "", "", "sign-in 403 403 403 403 403 ok"},

	{"GET /api/v1/reminders", "", "", "401 ok ok ok ok ok ok"},
	{"POST /api/v1/uploads", "", "", "401 403 ok ok 403 403 ok"},
	{"GET /api/v1/uploads/{id}", "/api/v1/uploads/{upPub}", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/uploads/{id}", "/api/v1/uploads/{upDraft}", "", "404 404 ok 404 404 404 ok"},
	{"GET /api/v1/recommendations", "", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/recommendations/{id}", "/api/v1/recommendations/{uprRec}", "", "ok ok ok ok ok ok ok"},
	{"POST /api/v1/recommendations/import", "", "", "401 403 403 403 403 403 ok"},
}

func init() {
	areaMatrices = append(areaMatrices, followupAccessMatrix)
	areaVars = append(areaVars, followupVars)
}

var followupFixtures sync.Map // *accessFixture → []string

// followupVars makes (once per fixture) the files and the recommendation
// the rows name.
func followupVars(t *testing.T, fx *accessFixture, who, text string) []string {
	t.Helper()
	if !strings.Contains(text, "{up") { // {upPub}, {upDraft}, {uprRec}
		return nil
	}
	if p, ok := followupFixtures.Load(fx); ok {
		return p.([]string)
	}
	ctx := context.Background()
	db := fx.s.db
	var cm int64
	write := func(fn func(tx *store.Tx) error) {
		t.Helper()
		if err := db.Write(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	now := store.Now()
	write(func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO commitments (source, title, text, language, level, starts_on, due_on, report_every, created_at, updated_at)
			VALUES ('statement', 'Matrix commitment', 'Matrix commitment.', 'en', 'public', '2025-01-01', '2027-01-01', 12, ?, ?) RETURNING id`, now, now).Scan(&cm)
	})
	report := func(state string) int64 {
		var id, by any
		var at any
		if state == "published" {
			by, at = fx.admin.ID, now
		}
		var rid int64
		write(func(tx *store.Tx) error {
			if err := tx.QueryRow(ctx, `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state,
				validated_by, validated_at, published_at, created_at, updated_at)
				VALUES (?, 'BRA', '2025-12-01', 'in_progress', 'Matrix report.', 'en', ?, ?, ?, ?, ?, ?) RETURNING id`,
				cm, state, by, at, at, now, now).Scan(&rid); err != nil {
				return err
			}
			if err := commitment.RecountLatest(ctx, tx); err != nil {
				return err
			}
			u, err := upload.Save(ctx, tx, audit.System("test"), "evidence.pdf", []byte("%PDF-1.4\n%%EOF\n"))
			if err != nil {
				return err
			}
			id = u.ID
			_, err = tx.Exec(ctx, "INSERT INTO report_evidence (report_id, kind, upload_id) VALUES (?, 'document', ?)", rid, u.ID)
			return err
		})
		return id.(int64)
	}
	svc := &commitment.Service{DB: db}
	if _, err := svc.ImportRecommendationsAs(ctx, audit.System("test"), "matrix.csv", strings.NewReader(
		"state_under_review,cycle,text,recommending_state,response\nBRA,2,Matrix recommendation.,Chile,supported\n")); err != nil {
		t.Fatal(err)
	}
	p, err := svc.Recommendations(ctx, commitment.RecFilter{UnderReview: "BRA"})
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("%+v, %v", p, err)
	}
	pairs := []string{"{upPub}", fmt.Sprint(report("published")), "{upDraft}", fmt.Sprint(report("draft")),
		"{uprRec}", fmt.Sprint(p.Items[len(p.Items)-1].ID)}
	followupFixtures.Store(fx, pairs)
	return pairs
}
