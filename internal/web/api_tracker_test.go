package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

// names is the fixture names of ids.
func (fx *trackerFixture) names(ids []int64) []string {
	var out []string
	for _, id := range ids {
		out = append(out, fx.name(fmt.Sprint(id)))
	}
	return out
}

func TestTrackerExportsHoldTheSelection(t *testing.T) {
	eachTracker(t, func(t *testing.T, fx *trackerFixture) {
		c := fx.as("anonymous")
		header := []string{"id", "title", "source", "edition_id", "owners", "themes", "sdg_targets", "starts_on", "due_on", "latest_status", "last_report_on", "indicators"}

		// CSV: China's commitments, a row each, with the columns by name.
		res := c.get("/commitments.csv?country=CHN")
		wantStatus(t, res, 200)
		if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("content type %q", ct)
		}
		body, _ := io.ReadAll(res.Body)
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rows[0], header) {
			t.Errorf("CSV header %q", rows[0])
		}
		want := [][]string{
			{fmt.Sprint(fx.ids["c1"]), "Child mortality", "statement", fmt.Sprint(fx.e1), "BRA Brazil (Ministry of Health); CHN China", "Health", "3.2",
				"2020-01-01", "2024-12-31", "BRA: In progress; CHN: No report yet", "BRA: 2024-06-30", ""},
			{fmt.Sprint(fx.ids["c3"]), "Rural water", "statement", fmt.Sprint(fx.e2), "CHN China", "Water", "6.1",
				"2020-01-01", "2030-12-31", "CHN: Partly achieved", "CHN: 2025-01-15", ""},
		}
		if len(rows) != 3 {
			t.Fatalf("CSV has %d rows, want the header and 2", len(rows))
		}
		for i, w := range want {
			if !slices.Equal(rows[i+1], w) {
				t.Errorf("CSV row %d\n got %q\nwant %q", i+1, rows[i+1], w)
			}
		}

		// XLSX: the same rows, ids and editions as numbers, for the public
		// without the draft and the room's commitment.
		res = c.get("/commitments.xlsx")
		wantStatus(t, res, 200)
		body, _ = io.ReadAll(res.Body)
		sheet := readSheet(t, body)
		var ids []string
		for _, r := range sheet[1:] {
			ids = append(ids, fx.name(strings.TrimPrefix(r[0], "#")))
			if !strings.HasPrefix(r[0], "#") || !strings.HasPrefix(r[3], "#") {
				t.Errorf("id %q and edition %q are not numbers", r[0], r[3])
			}
		}
		if !slices.Equal(sheet[0], header) || !slices.Equal(ids, []string{"c6", "c1", "c2", "c3"}) {
			t.Errorf("XLSX header %q, rows %v", sheet[0], ids)
		}
		if got := sheet[2][9]; got != "BRA: In progress; CHN: No report yet" {
			t.Errorf("XLSX c1 statuses %q", got)
		}
		// The secretariat's export holds its draft too.
		res = fx.as("administrator").get("/commitments.xlsx?country=BRA")
		body, _ = io.ReadAll(res.Body)
		ids = nil
		for _, r := range readSheet(t, body)[1:] {
			ids = append(ids, fx.name(strings.TrimPrefix(r[0], "#")))
		}
		if !slices.Equal(ids, []string{"c6", "c1", "c2", "c4"}) {
			t.Errorf("the secretariat's XLSX of Brazil: %v", ids)
		}

		// JSON: the codes beside the labels, in Spanish.
		c.lang = "es"
		res = c.get("/commitments.json?status=none")
		wantStatus(t, res, 200)
		var items []struct {
			ID     int64 `json:"id"`
			Owners []struct {
				Country, Name, LatestStatus, LatestStatusLabel, LastReportOn string
			} `json:"owners"`
			Themes []struct{ ID, Label string } `json:"themes"`
		}
		body, _ = io.ReadAll(res.Body)
		if err := json.Unmarshal(body, &items); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		if len(items) != 1 || fx.name(fmt.Sprint(items[0].ID)) != "c1" {
			t.Fatalf("JSON items %s", body)
		}
		if !strings.Contains(string(body), `"latest_status":"none","latest_status_label":"Sin informe aún"`) ||
			!strings.Contains(string(body), `"last_report_on":"2024-06-30"`) || items[0].Themes[0].Label != "Salud" {
			t.Errorf("JSON %s", body)
		}
		if res := c.get("/commitments.json?country=ARG"); true {
			body, _ = io.ReadAll(res.Body)
			if string(body) != "[]\n" {
				t.Errorf("the public's export of Argentina %q, want an empty array", body)
			}
		}
	})
}

// readSheet unzips a workbook and reads its one sheet as rows of cells,
// a number as "#" and its value.
func readSheet(t *testing.T, data []byte) [][]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	var sheet struct {
		Rows []struct {
			Cells []struct {
				R  string  `xml:"r,attr"`
				T  string  `xml:"t,attr"`
				V  *string `xml:"v"`
				IS *struct {
					T string `xml:"t"`
				} `xml:"is"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if err := xml.Unmarshal(b, &sheet); err != nil {
			t.Fatal(err)
		}
	}
	var out [][]string
	for _, r := range sheet.Rows {
		row := make([]string, 12)
		for i, c := range r.Cells {
			switch {
			case c.V != nil:
				row[i] = "#" + *c.V
			case c.IS != nil:
				row[i] = c.IS.T
			}
		}
		out = append(out, row)
	}
	return out
}

type trackerAPIPage struct {
	Items []struct {
		ID int64 `json:"id"`
	} `json:"items"`
	Limit, Offset, Total int
}

func (fx *trackerFixture) apiList(t *testing.T, c *client, path string) ([]string, trackerAPIPage) {
	t.Helper()
	res := c.get(path)
	wantStatus(t, res, 200)
	var p trackerAPIPage
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, it := range p.Items {
		ids = append(ids, it.ID)
	}
	return fx.names(ids), p
}

func TestTrackerAPI(t *testing.T) {
	eachTracker(t, func(t *testing.T, fx *trackerFixture) {
		pub := fx.as("anonymous")
		ids, p := fx.apiList(t, pub, "/api/v1/commitments?country=CHN")
		if !slices.Equal(ids, []string{"c1", "c3"}) || p.Total != 2 || p.Limit != 50 || p.Offset != 0 {
			t.Errorf("China's: %v %+v", ids, p)
		}
		ids, p = fx.apiList(t, pub, "/api/v1/commitments?limit=2&offset=2")
		if !slices.Equal(ids, []string{"c2", "c3"}) || p.Total != 4 || p.Limit != 2 || p.Offset != 2 {
			t.Errorf("second page: %v %+v", ids, p)
		}
		ids, _ = fx.apiList(t, fx.as("delegate of CHN"), "/api/v1/countries/ARG/commitments")
		if !slices.Equal(ids, []string{"c5"}) {
			t.Errorf("Argentina's for a delegate: %v", ids)
		}
		ids, p = fx.apiList(t, pub, "/api/v1/countries/ARG/commitments")
		if len(ids) != 0 || p.Total != 0 {
			t.Errorf("Argentina's for the public: %v", ids)
		}
		res := pub.get("/api/v1/commitments/summary?country=BRA")
		wantStatus(t, res, 200)
		var sum struct {
			Commitments, Owners, Overdue int
			ByStatus                     map[string]int `json:"by_status"`
		}
		if err := json.NewDecoder(res.Body).Decode(&sum); err != nil {
			t.Fatal(err)
		}
		// Brazil's three, with China as a second owner of c1.
		if sum.Commitments != 3 || sum.Owners != 4 || sum.Overdue != 1 ||
			sum.ByStatus["achieved"] != 2 || sum.ByStatus["in_progress"] != 1 || sum.ByStatus["none"] != 1 {
			t.Errorf("summary %+v", sum)
		}

		pub.lang = "fr"
		for _, tt := range []struct{ path, code, field, message string }{
			{"/api/v1/commitments?due=later", "tracker_bad_due", "due", "Choisissez en retard ou bientôt à échéance."},
			{"/api/v1/commitments/summary?status=done", "tracker_bad_status", "status", "Choisissez l’un des états proposés."},
			{"/api/v1/countries/BRA/commitments?target=3.22.1", "tracker_bad_target", "target", "3.22.1 n’est pas une cible des ODD\u00a0; écrivez-la sous la forme 3.2 ou 16.a."},
			{"/api/v1/commitments?limit=1000", "bad_pagination", "limit", ""},
		} {
			res := pub.get(tt.path)
			wantStatus(t, res, 400)
			var e struct {
				Error struct{ Code, Field, Message string } `json:"error"`
			}
			json.NewDecoder(res.Body).Decode(&e)
			if e.Error.Code != tt.code || e.Error.Field != tt.field || (tt.message != "" && e.Error.Message != tt.message) {
				t.Errorf("%s: %+v", tt.path, e.Error)
			}
		}
		res = pub.get("/api/v1/countries/XYZ/commitments")
		wantStatus(t, res, 404)
		if b, _ := io.ReadAll(res.Body); !strings.Contains(string(b), `"code":"country_not_found"`) || !strings.Contains(string(b), "Il n’y a pas de pays XYZ.") {
			t.Errorf("unknown country: %s", b)
		}
	})
}
