package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/evidence"
)

// The secretariat imports the World Bank's file from the browser: a file
// with a bad value is refused with its line named in the reader's
// language and stores nothing; the good file is imported and logged.
func TestIndicatorImportPage(t *testing.T) {
	file, err := os.ReadFile(chinaWide)
	if err != nil {
		t.Fatal(err)
	}
	each(t, func(t *testing.T, s *site) {
		ev := evidence.New(s.db)
		if err := ev.SyncCatalogue(context.Background()); err != nil {
			t.Fatal(err)
		}
		s.user("secretariat@example.org", account.Administrator)
		ui := s.client().signIn("secretariat@example.org")
		ui.postForm("/language", map[string][]string{"lang": {"es"}, "csrf": {ui.csrf()}})

		// The catalogue leads the secretariat, and only the secretariat, to the import.
		if len(find(doc(t, ui.get("/evidence")), "a", "id", "import-link")) != 1 {
			t.Error("the secretariat's catalogue has no link to the import")
		}
		if len(find(doc(t, s.client().get("/evidence")), "a", "id", "import-link")) != 0 {
			t.Error("a visitor's catalogue links to the import")
		}

		page := doc(t, ui.get("/evidence/import"))
		form := one(t, page, "form", "id", "indicator-import-form")
		if attr(form, "enctype") != "multipart/form-data" || len(find(form, "input", "type", "file", "name", "file")) != 1 {
			t.Fatal("the import form lacks its file")
		}
		if !strings.Contains(text(page), "Todavía no se ha importado ningún archivo.") {
			t.Error("the empty import log is not said, in Spanish")
		}

		upload := func(content []byte) *http.Response {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("csrf", ui.csrf())
			fw, _ := mw.CreateFormFile("file", "API_CHN_DS2_en_csv_v2_1221525.csv")
			fw.Write(content)
			mw.Close()
			return ui.do("POST", "/evidence/import", &buf, http.Header{"Content-Type": {mw.FormDataContentType()}})
		}

		// Line 8, 1961: "669100000" becomes words.
		res := upload(bytes.Replace(file, []byte(`"669100000"`), []byte(`"seiscientos"`), 1))
		wantStatus(t, res, 400)
		alert := one(t, doc(t, res), "p", "id", "form-error")
		if msg := text(alert); !strings.Contains(msg, "8") || !strings.Contains(msg, "seiscientos") {
			t.Errorf("error %q: want line 8 and the value named", msg)
		}
		if all, _ := ev.Series(context.Background(), ""); len(all) != 0 {
			t.Errorf("a refused file left %d series", len(all))
		}

		res = upload(file)
		wantStatus(t, res, 200)
		d := doc(t, res)
		if got := text(one(t, d, "div", "id", "import-result")); !strings.Contains(got, "853") || !strings.Contains(got, "TM.VAL.MRCH.WL.CD") {
			t.Errorf("result %q: want 853 values and the series listed", got)
		}
		log := one(t, d, "table", "id", "import-log")
		if rows := find(log, "tr"); len(rows) != 2 || !strings.Contains(text(rows[1]), "API_CHN_DS2_en_csv_v2_1221525.csv") {
			t.Errorf("import log %q", text(log))
		}

		// Others may not see the page.
		s.user("chair@example.org", account.Chair)
		wantStatus(t, s.client().signIn("chair@example.org").get("/evidence/import"), 403)
	})
}
