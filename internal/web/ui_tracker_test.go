package web_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// trackerIDs is the fixture names of the rows of the tracker's table, in
// order.
func (fx *trackerFixture) trackerIDs(t *testing.T, page *html.Node) []string {
	t.Helper()
	var out []string
	for _, tbl := range find(page, "table", "id", "commitments") {
		for _, tr := range find(tbl, "tr") {
			if id := attr(tr, "data-id"); id != "" {
				out = append(out, fx.name(id))
			}
		}
	}
	return out
}

func eachTracker(t *testing.T, fn func(t *testing.T, fx *trackerFixture)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, newTrackerFixture(t, db)) })
}

func TestTrackerListsWhatEachReaderMayRead(t *testing.T) {
	eachTracker(t, func(t *testing.T, fx *trackerFixture) {
		for who, want := range map[string][]string{
			"anonymous":        {"c6", "c1", "c2", "c3"},
			"observer":         {"c6", "c1", "c2", "c3"},
			"validator of BRA": {"c6", "c1", "c2", "c3"},
			"delegate of BRA":  {"c6", "c1", "c2", "c5", "c3"},
			"delegate of CHN":  {"c6", "c1", "c2", "c5", "c3"},
			"chair":            {"c6", "c1", "c2", "c5", "c3"},
			"administrator":    {"c6", "c1", "c2", "c4", "c5", "c3"},
		} {
			res := fx.as(who).get("/commitments")
			wantStatus(t, res, 200)
			page := doc(t, res)
			if got := fx.trackerIDs(t, page); !slices.Equal(got, want) {
				t.Errorf("%s reads %v, want %v", who, got, want)
			}
			if got := text(one(t, page, "p", "id", "tracker-count")); !strings.HasPrefix(got, fmt.Sprintf("%d commitments", len(want))) {
				t.Errorf("%s: count %q", who, got)
			}
		}
	})
}

func TestTrackerFiltersChangeTheList(t *testing.T) {
	eachTracker(t, func(t *testing.T, fx *trackerFixture) {
		c := fx.as("anonymous")
		for _, tt := range []struct {
			query string
			want  []string
		}{
			{"", []string{"c6", "c1", "c2", "c3"}},
			{"country=BRA", []string{"c6", "c1", "c2"}},
			{"country=chn", []string{"c1", "c3"}},
			{"concept=health", []string{"c1"}},
			{"concept=civil-registration", []string{"c6", "c2"}},
			{"target=16.9", []string{"c2"}},
			{fmt.Sprintf("edition=%d", fx.e2), []string{"c3"}},
			{"status=achieved", []string{"c6", "c2"}},
			{"status=none", []string{"c1"}},
			{"status=not_achieved", nil}, // c2's not achieved is a draft
			{"status=in_progress", []string{"c1"}},
			{"due=overdue", []string{"c1"}}, // c6 is past due but achieved
			{"due=soon", []string{"c2"}},
			{"country=CHN&status=none", []string{"c1"}},
			{"country=BRA&status=none", nil},
			{"country=BRA&due=overdue&concept=health", []string{"c1"}},
		} {
			res := c.get("/commitments?" + tt.query)
			wantStatus(t, res, 200)
			page := doc(t, res)
			if got := fx.trackerIDs(t, page); !slices.Equal(got, tt.want) {
				t.Errorf("?%s: %v, want %v", tt.query, got, tt.want)
			}
			if tt.want == nil && len(find(page, "p", "id", "tracker-empty")) != 1 {
				t.Errorf("?%s: an empty list does not say so", tt.query)
			}
		}
	})
}

// ownerCells is, per row, what the owners' cell says of each owner.
func ownerCells(t *testing.T, fx *trackerFixture, page *html.Node) map[string][]string {
	out := map[string][]string{}
	for _, tr := range find(one(t, page, "table", "id", "commitments"), "tr") {
		if id := attr(tr, "data-id"); id != "" {
			for _, li := range find(tr, "li") {
				out[fx.name(id)] = append(out[fx.name(id)], strings.Join(strings.Fields(text(li)), " "))
			}
		}
	}
	return out
}

func TestTrackerShowsEachOwnersStatusInTheReadersLanguage(t *testing.T) {
	eachTracker(t, func(t *testing.T, fx *trackerFixture) {
		page := doc(t, fx.as("anonymous").get("/commitments"))
		got := ownerCells(t, fx, page)
		want := map[string][]string{
			"c1": {"Brazil (Ministry of Health): In progress (reported 30 June 2024)", "China: No report yet"},
			"c2": {"Brazil: Achieved (reported 1 March 2025)"}, // the later draft is not published
			"c6": {"Brazil: Achieved (reported 31 May 2023)"},
			"c3": {"China: Partly achieved (reported 15 January 2025)"},
		}
		for k, w := range want {
			if !slices.Equal(got[k], w) {
				t.Errorf("%s owners %q, want %q", k, got[k], w)
			}
		}
		// Overdue: c1 (due 2024, China has not reported it achieved), not
		// c6 (past due, achieved).
		for _, tr := range find(page, "tr") {
			name := fx.name(attr(tr, "data-id"))
			if overdue := len(find(tr, "strong")) == 1; overdue != (name == "c1") && attr(tr, "data-id") != "" {
				t.Errorf("%s marked overdue: %v", name, overdue)
			}
		}
		c := fx.as("anonymous")
		c.lang = "es"
		page = doc(t, c.get("/commitments?concept=health"))
		if got := ownerCells(t, fx, page)["c1"]; !slices.Equal(got, []string{"Brasil (Ministry of Health): En curso (informado el 30 de junio de 2024)", "China: Sin informe aún"}) {
			t.Errorf("in Spanish: %q", got)
		}
		theme := one(t, one(t, page, "table", "id", "commitments"), "a", "href", "/concepts/health")
		if text(theme) != "Salud" {
			t.Errorf("theme %q, want Salud", text(theme))
		}
	})
}

func TestTrackerPagesThroughTheList(t *testing.T) {
	eachTracker(t, func(t *testing.T, fx *trackerFixture) {
		c := fx.as("anonymous")
		page := doc(t, c.get("/commitments?limit=3"))
		if got := fx.trackerIDs(t, page); !slices.Equal(got, []string{"c6", "c1", "c2"}) {
			t.Errorf("first page %v", got)
		}
		next := attr(one(t, page, "a", "id", "page-next"), "href")
		if next != "/commitments?limit=3&offset=3" || len(find(page, "a", "id", "page-prev")) != 0 {
			t.Errorf("next %q", next)
		}
		page = doc(t, c.get(next))
		if got := fx.trackerIDs(t, page); !slices.Equal(got, []string{"c3"}) {
			t.Errorf("second page %v", got)
		}
		if got := text(one(t, page, "p", "id", "tracker-range")); got != "Commitments 4 to 4 of 4" {
			t.Errorf("range %q", got)
		}
		// The exports keep the filters, not the paging.
		page = doc(t, c.get("/commitments?country=CHN&limit=1"))
		if href := attr(one(t, page, "a", "id", "download-xlsx"), "href"); href != "/commitments.xlsx?country=CHN" {
			t.Errorf("export link %q", href)
		}
	})
}

// chartRows is what each row of a chart says: its label, then each
// segment's hover text, then its total.
func chartRows(t *testing.T, page *html.Node, id string) []string {
	t.Helper()
	sec := one(t, page, "section", "id", id)
	var out []string
	for _, g := range find(one(t, sec, "svg"), "g", "class", "row") {
		line := ""
		for _, tx := range find(g, "text") {
			switch attr(tx, "class") {
			case "row-label":
				line = text(tx) + ":"
			case "total":
				line += " = " + text(tx)
			}
		}
		for _, seg := range find(g, "g", "class", "segment") {
			line += " [" + text(one(t, seg, "title")) + "]"
		}
		out = append(out, line)
	}
	return out
}

func TestTrackerChartsCountTheStatuses(t *testing.T) {
	eachTracker(t, func(t *testing.T, fx *trackerFixture) {
		page := doc(t, fx.as("anonymous").get("/commitments"))
		// Brazil owns c6, c1, c2 (achieved, in progress, achieved); China
		// c1 and c3 (no report, partly achieved). Most commitments first.
		got := chartRows(t, page, "chart-status")
		want := []string{
			"Brazil: = 3 [Brazil — In progress: 1] [Brazil — Achieved: 2]",
			"China: = 2 [China — Partly achieved: 1] [China — No report yet: 1]",
		}
		for i := range want {
			// The total is written after the segments; put it in order.
			if i >= len(got) || normaliseChartRow(got[i]) != normaliseChartRow(want[i]) {
				t.Errorf("status chart\n got %q\nwant %q", got, want)
				break
			}
		}
		if got := chartRows(t, page, "chart-themes"); !slices.Equal(got, []string{
			"Civil registration: = 2 [Civil registration — Commitments: 2]", "Health: = 1 [Health — Commitments: 1]", "Water: = 1 [Water — Commitments: 1]"}) {
			t.Errorf("theme chart %q", got)
		}
		due := chartRows(t, page, "chart-due")
		if len(due) != 4 || !strings.HasPrefix(due[0], "2023: = 1") || !strings.HasPrefix(due[1], "2024: = 1") || !strings.HasPrefix(due[3], "2030: = 1") {
			t.Errorf("due chart %q", due)
		}
		// The table beside the status chart has the same numbers.
		var cells []string
		for _, tr := range find(one(t, page, "section", "id", "chart-status"), "tr") {
			var row []string
			for _, cell := range find(tr, "") {
				if cell.Data == "th" || cell.Data == "td" {
					row = append(row, text(cell))
				}
			}
			cells = append(cells, strings.Join(row, " "))
		}
		if !slices.Contains(cells, "Brazil 0 1 0 2 0 0 3") || !slices.Contains(cells, "China 0 0 1 0 0 1 2") {
			t.Errorf("status table %q", cells)
		}
	})
}

// normaliseChartRow sorts a chart row's parts so the order of the total
// and the segments in the markup does not matter.
func normaliseChartRow(s string) string {
	parts := strings.SplitAfter(s, "]")
	slices.Sort(parts)
	return strings.Join(parts, "")
}

func TestTrackerCountryPage(t *testing.T) {
	eachTracker(t, func(t *testing.T, fx *trackerFixture) {
		res := fx.as("anonymous").get("/countries/BRA/commitments")
		wantStatus(t, res, 200)
		page := doc(t, res)
		if got := text(one(t, page, "h1")); got != "Commitments of Brazil" {
			t.Errorf("heading %q", got)
		}
		if got := fx.trackerIDs(t, page); !slices.Equal(got, []string{"c6", "c1", "c2"}) {
			t.Errorf("Brazil's commitments %v", got)
		}
		names := func(id string) []string {
			var out []string
			for _, li := range find(one(t, page, "section", "id", id), "li") {
				out = append(out, fx.name(attr(li, "data-id")))
			}
			return out
		}
		if got := names("overdue"); !slices.Equal(got, []string{"c1"}) {
			t.Errorf("overdue %v", got)
		}
		if got := names("soon"); !slices.Equal(got, []string{"c2"}) {
			t.Errorf("due soon %v", got)
		}
		var reports []string
		for _, tr := range find(one(t, page, "table", "id", "country-reports"), "tr") {
			if attr(tr, "data-report") != "" {
				reports = append(reports, strings.Join(strings.Fields(text(tr)), " "))
			}
		}
		want := []string{"1 March 2025 Universal birth registration Achieved", "30 June 2024 Child mortality In progress", "31 May 2023 Birth registration backlog Achieved"}
		if !slices.Equal(reports, want) {
			t.Errorf("reports\n got %q\nwant %q", reports, want)
		}
		if attr(one(t, page, "a", "id", "practices-link"), "href") != "/practices?country=BRA" ||
			attr(one(t, page, "a", "id", "profile-link"), "href") != "/evidence/countries/BRA" {
			t.Error("links to the practices and the profile")
		}
		if got := chartRows(t, page, "chart-status"); len(got) != 1 || normaliseChartRow(got[0]) != normaliseChartRow("Brazil: = 3 [Brazil — In progress: 1] [Brazil — Achieved: 2]") {
			t.Errorf("Brazil's status chart %q", got)
		}
		// The secretariat also reads its draft; a filter narrows the page.
		if got := fx.trackerIDs(t, doc(t, fx.as("administrator").get("/countries/BRA/commitments"))); !slices.Equal(got, []string{"c6", "c1", "c2", "c4"}) {
			t.Errorf("Brazil's commitments for the secretariat %v", got)
		}
		if got := fx.trackerIDs(t, doc(t, fx.as("anonymous").get("/countries/BRA/commitments?status=achieved"))); !slices.Equal(got, []string{"c6", "c2"}) {
			t.Errorf("Brazil's achieved %v", got)
		}
		if got := fx.trackerIDs(t, doc(t, fx.as("anonymous").get("/countries/CHN/commitments?status=none"))); !slices.Equal(got, []string{"c1"}) {
			t.Errorf("China's without report %v", got)
		}
		// The list is paged like the tracker's; the overdue and due-soon
		// lists and the chart still count every commitment of Brazil.
		page = doc(t, fx.as("anonymous").get("/countries/BRA/commitments?limit=2"))
		if got := fx.trackerIDs(t, page); !slices.Equal(got, []string{"c6", "c1"}) {
			t.Errorf("Brazil's first page %v", got)
		}
		if got := names("soon"); !slices.Equal(got, []string{"c2"}) {
			t.Errorf("due soon on the first page %v", got)
		}
		if got := chartRows(t, page, "chart-status"); len(got) != 1 || normaliseChartRow(got[0]) != normaliseChartRow("Brazil: = 3 [Brazil — In progress: 1] [Brazil — Achieved: 2]") {
			t.Errorf("Brazil's status chart on the first page %q", got)
		}
		if got := text(one(t, page, "p", "id", "tracker-range")); got != "Commitments 1 to 2 of 3" {
			t.Errorf("range %q", got)
		}
		next := attr(one(t, page, "a", "id", "page-next"), "href")
		if next != "/countries/BRA/commitments?limit=2&offset=2" || len(find(page, "a", "id", "page-prev")) != 0 {
			t.Errorf("next %q", next)
		}
		page = doc(t, fx.as("anonymous").get(next))
		if got := fx.trackerIDs(t, page); !slices.Equal(got, []string{"c2"}) {
			t.Errorf("Brazil's second page %v", got)
		}
		if prev := attr(one(t, page, "a", "id", "page-prev"), "href"); prev != "/countries/BRA/commitments?limit=2" {
			t.Errorf("prev %q", prev)
		}
	})
}

func TestTrackerRefusesBadFiltersInTheReadersLanguage(t *testing.T) {
	eachTracker(t, func(t *testing.T, fx *trackerFixture) {
		c := fx.as("anonymous")
		c.lang = "es"
		for _, tt := range []struct{ query, field, message string }{
			{"status=finished", "status", "Elija uno de los estados propuestos."},
			{"due=later", "due", "Elija vencidos o por vencer."},
			{"target=3", "target", "3 no es una meta de los ODS; escríbala como 3.2 o 16.a."},
			{"country=XYZ", "country", "XYZ no es un código de país que el sitio conozca."},
			{"edition=first", "edition", "Este número de edición no es válido."},
		} {
			res := c.get("/commitments?" + tt.query)
			wantStatus(t, res, 400)
			page := doc(t, res)
			if got := text(one(t, page, "p", "id", "form-error")); !strings.Contains(got, tt.message) {
				t.Errorf("?%s: %q, want %q", tt.query, got, tt.message)
			}
			if len(find(page, "", "name", tt.field, "aria-invalid", "true")) != 1 {
				t.Errorf("?%s: the field %s is not marked", tt.query, tt.field)
			}
			if len(fx.trackerIDs(t, page)) != 0 {
				t.Errorf("?%s: a list under a bad filter", tt.query)
			}
			for _, path := range []string{"/commitments.csv?", "/countries/BRA/commitments?"} {
				if path == "/countries/BRA/commitments?" && tt.field == "country" {
					continue // the country's page has no country filter
				}
				wantStatus(t, c.get(path+tt.query), 400)
			}
		}
		res := c.get("/countries/XYZ/commitments")
		wantStatus(t, res, 404)
		if got := text(doc(t, res)); !strings.Contains(got, "No hay ningún país XYZ.") {
			t.Errorf("unknown country: %q", got)
		}
	})
}
