package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/evidence"
)

// chinaWide is the first 50 lines of the World Bank's wide file for China
// (release of 2020-07-01), as downloaded: 45 indicators, 33 of them with
// values, 853 values in all.
const chinaWide = "../evidence/ingest/testdata/worldbank_wide_API_CHN_DS2_en_csv_v2_1221525.head50.csv"

type apiSeries struct {
	ID                 int64
	Indicator, Vintage string
	Source, Licence    string
	Observations       int
	FirstYear          int `json:"first_year"`
	LastYear           int `json:"last_year"`
}

type apiImported struct {
	ID       int64
	Format   string
	Rows     int
	Changed  int
	Series   []apiSeries
	Repeated bool
}

// The secretariat sends the World Bank's file as downloaded to the API;
// its values are then served, and the same file again changes nothing.
func TestIndicatorImportAPI(t *testing.T) {
	file, err := os.ReadFile(chinaWide)
	if err != nil {
		t.Fatal(err)
	}
	each(t, func(t *testing.T, s *site) {
		if err := evidence.New(s.db).SyncCatalogue(context.Background()); err != nil {
			t.Fatal(err)
		}
		c := s.client()
		admin := s.token("secretariat@example.org", account.Administrator)
		admin.Set("Content-Type", "text/csv")

		res := c.do("POST", "/api/v1/indicators/import?name=API_CHN.csv", bytes.NewReader(file), admin)
		if res.StatusCode != http.StatusCreated {
			b, _ := io.ReadAll(res.Body)
			t.Fatalf("import: status %d: %s", res.StatusCode, b)
		}
		got := decode[apiImported](t, res)
		if got.Format != "worldbank-wide" || got.Rows != 853 || got.Changed != 853 || len(got.Series) != 33 || got.Repeated {
			t.Fatalf("import %+v", got)
		}
		var merch apiSeries
		for _, se := range got.Series {
			if se.Vintage != "2020-07-01" {
				t.Errorf("series %s of release %q, want 2020-07-01 (the file's Last Updated Date)", se.Indicator, se.Vintage)
			}
			if se.Indicator == "TM.VAL.MRCH.WL.CD" {
				merch = se
			}
		}
		// Line 8: "China","CHN","Merchandise imports by the reporting economy (current US$)", … 1961: 669100000.
		rows := readCSV(t, c.get("/api/v1/series/"+strconv.FormatInt(merch.ID, 10)+"/observations?format=csv&to=1961"))
		want := [][]string{
			{"iso3", "country", "indicator_code", "indicator_name", "year", "value", "source"},
			{"CHN", "China", "TM.VAL.MRCH.WL.CD", "Merchandise imports by the reporting economy (current US$)", "1961", "669100000", merch.Source + " (2020-07-01)"},
		}
		if len(rows) != 2 || strings.Join(rows[0], "|") != strings.Join(want[0], "|") || strings.Join(rows[1][:6], "|") != strings.Join(want[1][:6], "|") || !strings.HasPrefix(rows[1][6], want[1][6]) {
			t.Errorf("observations CSV\n%q\nwant\n%q", rows, want)
		}

		again := c.do("POST", "/api/v1/indicators/import?name=API_CHN.csv", bytes.NewReader(file), admin)
		if again.StatusCode != http.StatusOK || !decode[apiImported](t, again).Repeated {
			t.Errorf("the same file again: status %d, want 200 and repeated", again.StatusCode)
		}

		// A value that is not a number on line 8: the answer names the
		// line and nothing of the file is stored.
		broken := bytes.Replace(file, []byte(`"669100000"`), []byte(`"669,1 millions"`), 1)
		broken = bytes.Replace(broken, []byte("2020-07-01"), []byte("2021-07-01"), 1)
		refused := c.do("POST", "/api/v1/indicators/import", bytes.NewReader(broken), admin)
		if refused.StatusCode != http.StatusBadRequest {
			t.Errorf("a file with a bad value: status %d, want 400", refused.StatusCode)
		}
		e := decode[lineErrorBody](t, refused)
		if e.Error.Code != "import_value" || !strings.Contains(e.Error.Message, "8") || len(e.Error.Details) != 1 || e.Error.Details[0].Line != 8 || e.Error.Details[0].Code != "value" {
			t.Errorf("error %+v, want import_value naming line 8", e.Error)
		}
		ind := decode[struct{ Series []apiSeries }](t, c.get("/api/v1/indicators/TM.VAL.MRCH.WL.CD"))
		if len(ind.Series) != 1 || ind.Series[0].Vintage != "2020-07-01" {
			t.Errorf("after the refused file, series %+v; want only the 2020-07-01 release", ind.Series)
		}

		// Only the secretariat imports.
		delegate := s.token("delegate@example.org", account.Delegate)
		wantError(t, c.do("POST", "/api/v1/indicators/import", bytes.NewReader(file), delegate), 403, "forbidden", "")
	})
}

// lineErrorBody is an API error with the line it names.
type lineErrorBody struct {
	Error struct {
		Code, Message string
		Details       []struct {
			Line          int
			Code, Message string
		}
	}
}

func readCSV(t *testing.T, res *http.Response) [][]string {
	t.Helper()
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
