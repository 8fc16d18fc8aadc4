package chart

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/data"
)

// The forum's participants, written out by hand: China and the 33 CELAC
// members.
var participants = []string{
	"ARG", "ATG", "BHS", "BLZ", "BOL", "BRA", "BRB", "CHL", "CHN", "COL", "CRI", "CUB",
	"DMA", "DOM", "ECU", "GRD", "GTM", "GUY", "HND", "HTI", "JAM", "KNA", "LCA", "MEX",
	"NIC", "PAN", "PER", "PRY", "SLV", "SUR", "TTO", "URY", "VCT", "VEN",
}

// lifeMap gives every participant a value: 34 values, one decimal each.
func lifeMap() Choropleth {
	c := Choropleth{
		Title: "Life expectancy at birth", Desc: "Years, latest value per country.",
		Values:  map[string]MapValue{},
		Panels:  [2]string{"Latin America and the Caribbean", "China"},
		Caption: "Source: World Bank, WDI (SP.DYN.LE00.IN), CC BY 4.0.",
		NoData:  "no data", Empty: "No country has a value for this indicator.",
		Format: func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
	}
	for i, iso3 := range participants {
		c.Values[iso3] = MapValue{Value: 60 + float64(i)/2, Year: 2022}
	}
	c.Values["BOL"] = MapValue{Value: 68.6, Year: 2022}
	return c
}

// areas maps each drawn participant's ISO3 to its elements.
func areas(t *testing.T, root *node) map[string][]*node {
	t.Helper()
	out := map[string][]*node{}
	for _, a := range root.class("area") {
		out[a.attr("data-iso3")] = append(out[a.attr("data-iso3")], a)
	}
	return out
}

func TestMapDrawsEveryParticipantOnce(t *testing.T) {
	for name, c := range map[string]Choropleth{"full": lifeMap(), "empty": {Title: "t"}} {
		root := parse(t, c.SVG())
		got := areas(t, root)
		for _, iso3 := range participants {
			if len(got[iso3]) != 1 {
				t.Errorf("%s: %s drawn %d times, want once", name, iso3, len(got[iso3]))
				continue
			}
			if a := got[iso3][0]; !a.hasClass("area-"+iso3) || a.child("path") == nil || a.child("path").attr("d") == "" {
				t.Errorf("%s: %s has no shape", name, iso3)
			}
		}
		if len(got) != 34 {
			t.Errorf("%s: %d areas, want the 34 participants", name, len(got))
		}
	}
}

// UN practice: Taiwan, Hong Kong and Macao are drawn as part of China, with
// no border between them and the mainland; French Guiana, part of France, is
// grey context.
func TestMapDrawsChinaWhole(t *testing.T) {
	root := parse(t, lifeMap().SVG())
	china := root.class("panel-china")[0]
	if n := len(china.class("area")); n != 1 {
		t.Fatalf("%d participants in China's panel, want 1", n)
	}
	if paths := china.class("area-CHN")[0].tag("path"); len(paths) != 1 {
		t.Errorf("China drawn as %d shapes, want one", len(paths))
	}
	var context []string
	for _, g := range root.class("context") {
		for _, p := range g.tag("path") {
			context = append(context, p.child("title").Text)
		}
	}
	for _, name := range []string{"Taiwan", "Hong Kong", "Macao"} {
		for _, c := range context {
			if strings.Contains(c, name) {
				t.Errorf("%s is drawn apart from China", name)
			}
		}
	}
	for _, want := range []string{"France", "Mongolia", "India", "United States of America"} {
		if !slices.Contains(context, want) {
			t.Errorf("no grey %s among the neighbours %q", want, context)
		}
	}
	// Taiwan (about 121° E, 23.5° N) lies inside China's shape: one of its
	// rings starts east of the mainland's coast at Fujian, in the bottom
	// right of the panel. Its path holds more than one ring (Hainan, Taiwan).
	d := china.class("area-CHN")[0].child("path").attr("d")
	if strings.Count(d, "M") < 3 {
		t.Errorf("China's shape has %d rings; mainland, Hainan and Taiwan make at least 3", strings.Count(d, "M"))
	}
}

func TestMapHoverTextGivesValueAndYear(t *testing.T) {
	c := lifeMap()
	delete(c.Values, "CUB")
	c.Values["HTI"] = MapValue{Value: math.NaN(), Year: 2022}
	c.Values["PER"] = MapValue{Value: 72.25}
	c.Names = map[string]string{"BOL": "Bolivia (Estado Plurinacional de)"}
	got := areas(t, parse(t, c.SVG()))
	for iso3, want := range map[string]string{
		"BOL": "Bolivia (Estado Plurinacional de): 68.6 (2022)", // the caller's name
		"VCT": "Saint Vincent and the Grenadines: 76.0 (2022)",  // Roundtable's English name
		"PER": "Peru: 72.2",                                     // no year given, none shown (72.25 → 72.2, FormatFloat rounds half to even)
		"CUB": "Cuba: no data",
		"HTI": "Haiti: no data", // NaN is no value
	} {
		if title := got[iso3][0].child("title").Text; title != want {
			t.Errorf("%s hover %q, want %q", iso3, title, want)
		}
	}
}

func TestMapAreasWithoutValueAreHatched(t *testing.T) {
	c := lifeMap()
	delete(c.Values, "CUB")
	root := parse(t, c.SVG())
	hatch := "url(#" + root.tag("pattern")[0].attr("id") + ")"
	noData := root.class("no-data")
	// Cuba and the legend's sample.
	if len(noData) != 2 || noData[0].attr("data-iso3") != "CUB" {
		t.Fatalf("%d no-data elements, want Cuba and the legend's", len(noData))
	}
	if noData[0].attr("fill") != hatch || noData[1].child("rect").attr("fill") != hatch {
		t.Errorf("no data is not hatched: %q, %q", noData[0].attr("fill"), noData[1].child("rect").attr("fill"))
	}
	if root.textNode("no data") == nil {
		t.Error("the legend does not name the hatch")
	}
	if f := areas(t, root)["BOL"][0].attr("fill"); !strings.HasPrefix(f, "#") {
		t.Errorf("Bolivia, which has a value, is filled %q", f)
	}
}

func TestMapClassesCoverTheData(t *testing.T) {
	c := lifeMap()
	c.Values = map[string]MapValue{}
	// Ten values 1..10 in five quantile classes of two each.
	for i, iso3 := range []string{"ARG", "BOL", "BRA", "CHL", "CHN", "COL", "MEX", "PER", "URY", "VEN"} {
		c.Values[iso3] = MapValue{Value: float64(i + 1), Year: 2020}
	}
	root := parse(t, c.SVG())
	var texts, fills []string
	for _, g := range root.class("legend-class") {
		texts = append(texts, g.texts()[0])
		fills = append(fills, g.child("rect").attr("fill"))
	}
	want := []string{"1.0 – 2.0 (2)", "3.0 – 4.0 (2)", "5.0 – 6.0 (2)", "7.0 – 8.0 (2)", "9.0 – 10.0 (2)"}
	if !slices.Equal(texts, want) {
		t.Errorf("legend %q, want %q", texts, want)
	}
	// Light to dark as values rise (YlGnBu).
	if wantFill := []string{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"}; !slices.Equal(fills, wantFill) {
		t.Errorf("legend fills %q, want %q", fills, wantFill)
	}
	got := areas(t, root)
	if got["VEN"][0].attr("fill") != "#253494" || got["ARG"][0].attr("fill") != "#ffffcc" {
		t.Errorf("highest value filled %s, lowest %s", got["VEN"][0].attr("fill"), got["ARG"][0].attr("fill"))
	}
	// Lower is better (e.g. mortality): the lowest value is the darkest.
	c.LowerIsBetter = true
	got = areas(t, parse(t, c.SVG()))
	if got["VEN"][0].attr("fill") != "#ffffcc" || got["ARG"][0].attr("fill") != "#253494" {
		t.Errorf("lower is better: highest value filled %s, lowest %s", got["VEN"][0].attr("fill"), got["ARG"][0].attr("fill"))
	}
	// Equal values share a class; two distinct values make two classes at
	// the ends of the palette.
	c.LowerIsBetter = false
	c.Values = map[string]MapValue{"ARG": {Value: 5}, "BOL": {Value: 5}, "BRA": {Value: 5}, "CHL": {Value: 7}}
	root = parse(t, c.SVG())
	texts = texts[:0]
	for _, g := range root.class("legend-class") {
		texts = append(texts, g.texts()[0]+" "+g.child("rect").attr("fill"))
	}
	if want := []string{"5.0 (3) #ffffcc", "7.0 (1) #253494"}; !slices.Equal(texts, want) {
		t.Errorf("legend %q, want %q", texts, want)
	}
}

func TestMapWithoutDataSaysSo(t *testing.T) {
	c := lifeMap()
	c.Values = nil
	root := parse(t, c.SVG())
	if n := len(root.class("no-data")); n != 35 {
		t.Errorf("%d no-data elements, want the 34 participants and the legend's", n)
	}
	if len(root.class("legend-class")) != 0 {
		t.Error("a legend of classes without values")
	}
	if e := root.class("empty"); len(e) != 1 || e[0].texts()[0] != "No country has a value for this indicator." {
		t.Errorf("the map does not say it has no data")
	}
	c.Empty = ""
	if e := parse(t, c.SVG()).class("empty"); len(e) != 1 || e[0].texts()[0] != "–" {
		t.Errorf("without a message the empty map shows no dash")
	}
}

func TestMapSmallStatesHaveMarkers(t *testing.T) {
	root := parse(t, lifeMap().SVG())
	got := areas(t, root)
	type pt struct{ x, y float64 }
	var marks []pt
	for _, iso3 := range []string{"ATG", "BRB", "DMA", "GRD", "KNA", "LCA", "VCT"} {
		m := got[iso3][0].class("marker")
		if len(m) != 1 || got[iso3][0].textNode(iso3) == nil {
			t.Errorf("%s: %d markers, want one with its code beside it", iso3, len(m))
			continue
		}
		x, _ := strconv.ParseFloat(m[0].attr("cx"), 64)
		y, _ := strconv.ParseFloat(m[0].attr("cy"), 64)
		marks = append(marks, pt{x, y})
	}
	for i := range marks {
		for j := range i {
			if math.Hypot(marks[i].x-marks[j].x, marks[i].y-marks[j].y) < 2*calloutR+2 {
				t.Errorf("markers %d and %d overlap", i, j)
			}
		}
	}
	for _, iso3 := range []string{"BOL", "BRA", "CHN", "JAM", "TTO", "BHS"} {
		if len(got[iso3][0].class("marker")) != 0 {
			t.Errorf("%s is large enough to see but has a marker", iso3)
		}
	}
}

func TestMapLinksAndEscaping(t *testing.T) {
	evil := "<script>alert(1)</script>"
	c := lifeMap()
	c.Title, c.Caption, c.NoData = evil, evil, evil
	c.Names = map[string]string{"BOL": evil}
	c.Links = map[string]string{"BOL": "/evidence/countries/BOL", "PER": "javascript:alert(1)"}
	delete(c.Values, "CUB")
	out := c.SVG()
	if strings.Contains(string(out), "<script") || strings.Contains(string(out), "javascript") {
		t.Fatalf("the map lets a tag or a script link through")
	}
	root := parse(t, out)
	if root.child("title").Text != evil || root.textNode(evil) == nil {
		t.Error("the labels do not read back as written")
	}
	if got := areas(t, root)["BOL"][0].child("title").Text; got != evil+": 68.6 (2022)" {
		t.Errorf("hover %q", got)
	}
	links := root.tag("a")
	if len(links) != 1 || links[0].attr("href") != "/evidence/countries/BOL" || links[0].class("area-BOL") == nil {
		t.Fatalf("want one link, around Bolivia; got %d", len(links))
	}
	if got := links[0].attr("aria-label"); got != evil+": 68.6 (2022)" {
		t.Errorf("the link to Bolivia is named %q", got)
	}
	if root.attr("role") != "group" {
		t.Errorf("a map with links has role %q, want group", root.attr("role"))
	}
}

func TestMapIsAnAccessibleImageWithoutNaN(t *testing.T) {
	odd := lifeMap()
	odd.Values["BRA"] = MapValue{Value: math.Inf(1)}
	odd.Values["ARG"] = MapValue{Value: -math.MaxFloat64}
	odd.Format = nil
	for name, out := range map[string]template.HTML{
		"full": lifeMap().SVG(), "empty": Choropleth{}.SVG(), "odd": odd.SVG(),
		"one value": Choropleth{Values: map[string]MapValue{"CHN": {Value: 0}}}.SVG(),
	} {
		root := parse(t, out)
		if root.attr("role") != "img" || root.attr("width") != "100%" || root.child("title") == nil || root.child("desc") == nil {
			t.Errorf("%s: not an accessible image that scales", name)
		}
		for _, n := range root.all(func(*node) bool { return true }) {
			for _, a := range n.Attrs {
				if strings.Contains(a.Value, "NaN") || strings.Contains(a.Value, "Inf") {
					t.Errorf("%s: <%s %s=%q>", name, n.XMLName.Local, a.Name.Local, a.Value)
				}
			}
			if n.attr("style") != "" {
				t.Errorf("%s: an inline style on <%s>", name, n.XMLName.Local)
			}
		}
	}
}

func TestMapSameInputSameBytes(t *testing.T) {
	a, b := lifeMap().SVG(), lifeMap().SVG()
	if a != b {
		t.Fatal("the same map drew differently twice")
	}
	other := lifeMap()
	other.Values["BOL"] = MapValue{Value: 70, Year: 2022}
	if parse(t, a).attr("aria-labelledby") == parse(t, other.SVG()).attr("aria-labelledby") {
		t.Error("two different maps share element ids")
	}
	// A full map stays light enough for a page.
	if len(a) > 150_000 {
		t.Errorf("a full map is %d bytes, want under 150 kB", len(a))
	}
	t.Logf("full map: %d bytes", len(a))
}

func TestMapCaptionWrapsUnderTheMap(t *testing.T) {
	c := lifeMap()
	c.Caption = strings.Repeat("Source: World Bank, World Development Indicators. ", 12)
	root := parse(t, c.SVG())
	lines := root.class("caption")
	if len(lines) != 3 {
		t.Fatalf("%d caption lines, want 3 (the most)", len(lines))
	}
	if !strings.HasSuffix(lines[2].Text, "…") || !strings.HasPrefix(lines[0].Text, "Source: World Bank") {
		t.Errorf("caption lines %q", []string{lines[0].Text, lines[2].Text})
	}
}

func TestPathDataSteps(t *testing.T) {
	for n, want := range map[int]string{0: "0", 12: "1.2", -3: "-.3", 30: "3", -125: "-12.5", 7: ".7"} {
		if got := tenth(n); got != want {
			t.Errorf("tenth(%d) = %q, want %q", n, got, want)
		}
	}
}

// The Albers projection keeps areas: a 1° × 1° cell at 60° N has the same
// share of a 1° cell at the equator on the map as on the globe,
// (sin 61° − sin 60°)/(sin 1° − sin 0°) = (0.874620 − 0.866025)/0.017452 = 0.4925.
func TestAlbersIsEqualArea(t *testing.T) {
	p := newAlbers(105, 36, 25, 47)
	cell := func(lat float64) float64 {
		// The four corners, in order; shoelace formula.
		var xs, ys [4]float64
		for i, c := range [4][2]float64{{100, lat}, {101, lat}, {101, lat + 1}, {100, lat + 1}} {
			xs[i], ys[i] = p.project(c[0], c[1])
		}
		var a float64
		for i := range 4 {
			j := (i + 1) % 4
			a += xs[i]*ys[j] - xs[j]*ys[i]
		}
		return math.Abs(a) / 2
	}
	if r := cell(60) / cell(0); math.Abs(r-0.4925) > 0.001 {
		t.Errorf("area ratio %.4f, want 0.4925", r)
	}
	if x, y := p.project(105, 36); math.Abs(x) > 1e-12 || math.Abs(y) > 1e-12 {
		t.Errorf("the centre projects to (%g, %g), want the origin", x, y)
	}
	if x, _ := p.project(110, 36); x <= 0 {
		t.Error("east is not to the right")
	}
	if _, y := p.project(105, 40); y <= 0 {
		t.Error("north is not up")
	}
}

// BenchmarkChoropleth renders a full map, as a page does once the geometry
// is loaded, and reports the 99th percentile of a render too.
func BenchmarkChoropleth(b *testing.B) {
	c := lifeMap()
	c.SVG() // the geometry is read once per process
	b.ReportAllocs()
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		_ = c.SVG()
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkReadMap is the one-off cost of the first map in a process:
// reading, projecting and writing the paths.
func BenchmarkReadMap(b *testing.B) {
	for b.Loop() {
		if _, err := readMap(data.Map(), englishNames()); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleChoropleth() {
	c := Choropleth{
		Title:  "Life expectancy at birth",
		Values: map[string]MapValue{"BOL": {Value: 68.6, Year: 2022}},
		NoData: "no data",
	}
	out := string(c.SVG())
	fmt.Println(strings.Contains(out, "<title>Bolivia: 68.6 (2022)</title>"))
	// Output: true
}

// For narrow screens the panels stack: the map is 536 units wide instead of
// 900, and China comes under Latin America.
func TestMapStacked(t *testing.T) {
	wide, narrow := lifeMap(), lifeMap()
	narrow.Stacked = true
	for name, c := range map[string]Choropleth{"wide": wide, "stacked": narrow} {
		root := parse(t, c.SVG())
		vb := strings.Fields(root.attr("viewBox"))
		w, _ := strconv.ParseFloat(vb[2], 64)
		want := map[string]float64{"wide": 900, "stacked": 536}[name]
		if w != want {
			t.Errorf("%s: %v units wide, want %v", name, w, want)
		}
		if n := len(areas(t, root)); n != 34 {
			t.Errorf("%s: %d areas", name, n)
		}
		lac, china := root.class("panel-lac")[0].attr("transform"), root.class("panel-china")[0].attr("transform")
		var lx, ly, cx, cy float64
		fmt.Sscanf(lac, "translate(%g %g)", &lx, &ly)
		fmt.Sscanf(china, "translate(%g %g)", &cx, &cy)
		switch {
		case name == "wide" && !(cx > lx+500 && cy == ly):
			t.Errorf("wide: China at %s is not beside Latin America at %s", china, lac)
		case name == "stacked" && !(cx == lx && cy > ly+500):
			t.Errorf("stacked: China at %s is not under Latin America at %s", china, lac)
		}
	}
}
