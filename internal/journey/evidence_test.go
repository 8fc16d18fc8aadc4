package journey

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"roundtable/data"
	"roundtable/internal/evidence"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// journeyIndicators are the shipped World Bank indicators the evidence
// journey imports: life expectancy (the map), under-5 mortality (a target
// and the frontier) and GDP per capita (the income the frontier is drawn
// against). The rest of the shipped file would only slow the journey.
var journeyIndicators = []string{"SP.DYN.LE00.IN", "SH.DYN.MORT", "NY.GDP.PCAP.PP.CD", "SP.POP.TOTL"}

// loadJourneyEvidence writes the shipped catalogue and areas, and the
// journey's indicators from the shipped WDI file, through the import a
// secretariat uses.
func loadJourneyEvidence(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := t.Context()
	ev := evidence.New(db)
	must(t, "sync the catalogue", ev.SyncCatalogue(ctx))
	f, err := data.Indicators().Open("wdi_all_areas.csv.gz")
	must(t, "open the shipped file", err)
	defer f.(fs.File).Close()
	zr, err := gzip.NewReader(f)
	must(t, "read the shipped file", err)
	var buf bytes.Buffer
	sc := bufio.NewScanner(zr)
	for first := true; sc.Scan(); first = false {
		line := sc.Text()
		if first {
			buf.WriteString(line + "\n")
			continue
		}
		for _, code := range journeyIndicators {
			if strings.Contains(line, ","+code+",") {
				buf.WriteString(line + "\n")
			}
		}
	}
	must(t, "read the shipped file", sc.Err())
	_, err = ev.Import(ctx, &buf, evidence.ImportOptions{FileName: "wdi_journey.csv", Format: "long",
		Source: "World Bank WDI", Vintage: "2026-07-01", Licence: "CC-BY-4.0"})
	must(t, "import the journey's indicators", err)
}

// TestEvidenceJourney: a visitor opens the evidence from the navigation,
// goes to Bolivia's development profile, sees its figures (the change, the
// rate, the SDG target, the value expected at its income) and a chart
// drawn, opens the life-expectancy page and sees the map with all 34
// participants, and downloads the table as CSV.
func TestEvidenceJourney(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := startSite(t, db)
		loadJourneyEvidence(t, db)
		ctx := newBrowser(t, browserLanguage("en-US"))

		open(t, ctx, s, "/")
		clickAndLoad(t, ctx, `nav.site-nav a[href="/evidence"]`, http.StatusOK)
		clickAndLoad(t, ctx, `#participants a[href="/evidence/countries/BOL"]`, http.StatusOK)
		if got := text(t, ctx, heading); got != "Bolivia: development profile" {
			t.Fatalf("profile heading %q", got)
		}
		mort := `#profile-table tr[data-code="SH.DYN.MORT"]`
		figures := text(t, ctx, mort+` td:nth-of-type(3)`)
		for _, want := range []string{"Change 2000–2024", "Annual rate", "SDG target 3.2", "Expected at its income level"} {
			if !strings.Contains(figures, want) {
				t.Errorf("Bolivia's under-5 mortality figures %q lack %q", figures, want)
			}
		}
		if n := count(t, ctx, mort+` a[href="/evidence/method#target"]`); n != 1 {
			t.Errorf("%d links from the target figure to the method", n)
		}
		// The chart is an image of its own: brought into view, it loads.
		img := `document.querySelector('[id="ind-SH.DYN.MORT"] figure img')`
		eval[bool](t, ctx, "("+img+".scrollIntoView(), true)")
		waitFor(t, ctx, img+".complete && "+img+".naturalWidth > 0", "Bolivia's under-5 mortality chart loads")
		if alt := eval[string](t, ctx, img+".alt"); !strings.Contains(alt, "Bolivia") {
			t.Errorf("the chart's text %q does not name Bolivia", alt)
		}

		clickAndLoad(t, ctx, `[id="ind-SP.DYN.LE00.IN"] h2 a`, http.StatusOK)
		if got := pagePath(t, ctx); got != "/evidence/indicators/SP.DYN.LE00.IN" {
			t.Fatalf("the indicator link led to %s", got)
		}
		if n := count(t, ctx, `#map-figure svg g.area[data-iso3]:not(.no-data)`); n != demoCountries {
			t.Errorf("the map shades %d participants, want %d", n, demoCountries)
		}
		if got := text(t, ctx, `#map-figure figcaption`); !strings.Contains(got, "World Bank WDI") || !strings.Contains(got, "CC BY 4.0") {
			t.Errorf("the map's caption %q", got)
		}
		csv, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector("#download-csv").href, {credentials: "same-origin"}).then(r => r.text())`, chromedp.EvalAwaitPromise))
		must(t, "download the CSV", err)
		lines := strings.Split(strings.TrimSpace(csv), "\n")
		if len(lines) != demoCountries+1 || !strings.HasPrefix(lines[0], "iso3,name,indicator,year,value,source") {
			t.Errorf("the CSV has %d lines, starting %q", len(lines), lines[0])
		}
		found := false
		for _, l := range lines {
			found = found || strings.HasPrefix(l, "BOL,Bolivia,SP.DYN.LE00.IN,2024,68.739,World Bank WDI,2026-07-01")
		}
		if !found {
			t.Errorf("no row for Bolivia's 2024 value (68.739) in the CSV:\n%s", csv)
		}

		// The pages pass axe's serious and critical rules.
		axeJS := axeSource(t)
		for _, path := range []string{"/evidence", "/evidence/countries/BOL?peers=PER", "/evidence/indicators/SH.DYN.MORT", "/evidence/indicators/SP.DYN.LE00.IN?from=2000&to=2020", "/evidence/embed/indicators/SP.DYN.LE00.IN/map",
			"/evidence/peers?country=BOL&indicator=SH.DYN.MORT", "/evidence/method", "/evidence/check?kind=share&indicator=SP.POP.TOTL&areas=CHN&of=WLD"} {
			vs, err := checkPage(ctx, s.URL, path, "en", "", axeJS)
			if err != nil {
				t.Error(err)
				continue
			}
			for _, v := range vs {
				t.Errorf("%s: %s (%s) %s — %v %s", path, v.Rule, v.Impact, v.Help, v.Targets, v.Summary)
			}
		}
	})
}
