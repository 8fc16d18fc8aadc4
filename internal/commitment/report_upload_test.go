package commitment_test

import (
	"testing"

	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/upload"
)

// A delegate gives as evidence the files they uploaded, not another's
// (whose content the report's readers would then download): a file of
// a fellow delegate, of the secretariat or of nobody is refused with
// upload_not_yours on the evidence field, an unknown one with
// upload_not_found. A document the report already gives stays when a
// fellow delegate edits it.
func TestReportEvidenceIsTheAuthorsUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := wfSetup(t, db)
		c := f.commit(t, commitment.Input{ParagraphID: f.op1.ID, StartsOn: "2025-01-01", DueOn: "2030-12-31",
			Owners: []commitment.Owner{{Country: "BRA"}}})
		file := func(by audit.Actor, name string) int64 {
			u, err := upload.Store(wbg, db, by, name, []byte("Registrations in 2025: 12,000.\n"))
			wfMust(t, err)
			return u.ID
		}
		braFile := file(f.bra.Actor(), "bra.txt")
		bra2File := file(f.bra2.Actor(), "bra2.txt")
		adminFile := file(f.admin.Actor(), "secretariat.txt")
		systemFile := file(audit.System("test"), "system.txt")
		doc := func(id int64) commitment.ReportInput {
			return commitment.ReportInput{ReportedOn: "2025-12-31", Status: commitment.InProgress, Narrative: "Registrars reached 400 villages.", Language: "en",
				Evidence: []commitment.Evidence{{Kind: commitment.EvidenceDocument, Title: "Figures", UploadID: id}}}
		}

		r, err := f.svc.FileReport(wbg, f.bra, c.ID, doc(braFile))
		wfMust(t, err)
		if len(r.Evidence) != 1 || r.Evidence[0].UploadID != braFile {
			t.Fatalf("evidence %+v, want Brazil's delegate's own file %d", r.Evidence, braFile)
		}
		for _, x := range []struct {
			name string
			id   int64
			code string
		}{
			{"a fellow delegate's file", bra2File, "upload_not_yours"},
			{"the secretariat's file", adminFile, "upload_not_yours"},
			{"a file of nobody", systemFile, "upload_not_yours"},
			{"no file", 999999, "upload_not_found"},
		} {
			_, err := f.svc.FileReport(wbg, f.bra, c.ID, doc(x.id))
			wantErr(t, "filing "+x.name, err, x.code, 400)
			if err != nil && errsField(err) != "evidence" {
				t.Errorf("filing %s: field %q, want evidence", x.name, errsField(err))
			}
			_, err = f.svc.UpdateReport(wbg, f.bra, r.ID, doc(x.id))
			wantErr(t, "updating with "+x.name, err, x.code, 400)
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM progress_reports"); n != 1 {
			t.Errorf("%d reports, want the first alone", n)
		}

		// Brazil's second delegate keeps the first one's document and
		// adds their own, but not the secretariat's.
		in := doc(braFile)
		in.Evidence = append(in.Evidence, commitment.Evidence{Kind: commitment.EvidenceDocument, Title: "More", UploadID: bra2File})
		r, err = f.svc.UpdateReport(wbg, f.bra2, r.ID, in)
		wfMust(t, err)
		if len(r.Evidence) != 2 || r.Evidence[0].UploadID != braFile || r.Evidence[1].UploadID != bra2File {
			t.Errorf("evidence %+v, want files %d and %d", r.Evidence, braFile, bra2File)
		}
		in.Evidence = append(in.Evidence, commitment.Evidence{Kind: commitment.EvidenceDocument, Title: "Theirs", UploadID: adminFile})
		_, err = f.svc.UpdateReport(wbg, f.bra2, r.ID, in)
		wantErr(t, "adding the secretariat's file", err, "upload_not_yours", 400)
	})
}
