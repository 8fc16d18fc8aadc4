package chart

import (
	"encoding/xml"
	"html/template"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// node is an SVG element as encoding/xml reads it back.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []*node    `xml:",any"`
	Text     string     `xml:",chardata"` // the element's own text, without its children's
}

// parse reads a chart back; a chart that is not well-formed XML fails the test.
func parse(t *testing.T, out template.HTML) *node {
	t.Helper()
	var root node
	if err := xml.Unmarshal([]byte(out), &root); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("root is <%s>, want <svg>", root.XMLName.Local)
	}
	return &root
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) hasClass(c string) bool { return slices.Contains(strings.Fields(n.attr("class")), c) }

// all is n and its descendants, in document order, that match.
func (n *node) all(match func(*node) bool) []*node {
	var out []*node
	if match(n) {
		out = append(out, n)
	}
	for _, c := range n.Children {
		out = append(out, c.all(match)...)
	}
	return out
}

func (n *node) class(c string) []*node {
	return n.all(func(m *node) bool { return m.hasClass(c) })
}

func (n *node) tag(name string) []*node {
	return n.all(func(m *node) bool { return m.XMLName.Local == name })
}

// child is n's first direct child named name, or nil.
func (n *node) child(name string) *node {
	for _, c := range n.Children {
		if c.XMLName.Local == name {
			return c
		}
	}
	return nil
}

// texts is what the <text> elements under n show, in order.
func (n *node) texts() []string {
	var out []string
	for _, t := range n.tag("text") {
		out = append(out, t.Text)
	}
	return out
}

// textNode is the first <text> under n that shows s, or nil.
func (n *node) textNode(s string) *node {
	for _, t := range n.tag("text") {
		if t.Text == s {
			return t
		}
	}
	return nil
}

var nan = math.NaN()

func waterHeatmap() Heatmap {
	return Heatmap{
		Title: "Agreement by bloc", Desc: "How often each bloc supports each proposition.",
		Rows: []string{"Bloc A", "Bloc B"}, Cols: []string{"Water", "Speech", "Health"},
		Values:     [][]float64{{0, 0.75, 1}, {0.333, nan, 0.5}},
		CellTitles: [][]string{{"", "3 support, 1 cannot accept"}},
		Low:        "disagree", High: "agree", NoData: "no data",
	}
}

// TestLinkedChartIsAGroup: a heatmap whose labels link to propositions is
// a labelled group, so screen readers announce its links, which an image
// would hide; it keeps its accessible name.
func TestLinkedChartIsAGroup(t *testing.T) {
	h := waterHeatmap()
	h.ColLinks = []string{"/propositions/1", "", "/propositions/3"}
	root := parse(t, h.SVG())
	if root.attr("role") != "group" {
		t.Errorf("a heatmap with links: role=%q, want group", root.attr("role"))
	}
	if title, desc := root.child("title"), root.child("desc"); title == nil || desc == nil ||
		root.attr("aria-labelledby") != title.attr("id")+" "+desc.attr("id") {
		t.Errorf("a heatmap with links lost its accessible name: aria-labelledby=%q", root.attr("aria-labelledby"))
	}
	if n := len(root.tag("a")); n != 2 {
		t.Errorf("%d links drawn, want 2", n)
	}
}

func TestChartsAreAccessibleImagesThatScale(t *testing.T) {
	for name, out := range map[string]template.HTML{
		"heatmap": waterHeatmap().SVG(),
		"scatter": Scatter{Title: "Delegations", Desc: "Closer is more alike.", Points: []Point{{X: 1, Y: 2, Label: "Chile", Group: -1}}}.SVG(),
	} {
		root := parse(t, out)
		if root.attr("role") != "img" || root.attr("width") != "100%" {
			t.Errorf("%s: role=%q width=%q, want img and 100%%", name, root.attr("role"), root.attr("width"))
		}
		if !regexp.MustCompile(`^0 0 [0-9.]+ [0-9.]+$`).MatchString(root.attr("viewBox")) {
			t.Errorf("%s: viewBox %q", name, root.attr("viewBox"))
		}
		title, desc := root.child("title"), root.child("desc")
		if title == nil || desc == nil || title.Text == "" || desc.Text == "" {
			t.Fatalf("%s: want a <title> and a <desc> with text", name)
		}
		if want := title.attr("id") + " " + desc.attr("id"); root.attr("aria-labelledby") != want {
			t.Errorf("%s: aria-labelledby=%q, want %q", name, root.attr("aria-labelledby"), want)
		}
	}
}

func TestHeatmapDrawsEveryCellWithItsText(t *testing.T) {
	root := parse(t, waterHeatmap().SVG())
	cells := root.class("cell")
	if len(cells) != 6 {
		t.Fatalf("%d cells, want 2 rows × 3 columns = 6", len(cells))
	}
	// Row by row; 0.333 is printed with two decimals, a missing value as a dash.
	want := []string{"0.00", "0.75", "1.00", "0.33", "–", "0.50"}
	for i, c := range cells {
		if got := c.texts(); len(got) != 1 || got[0] != want[i] {
			t.Errorf("cell %d prints %q, want %q", i, got, want[i])
		}
	}
	if got := cells[1].child("title").Text; got != "Bloc A — Speech: 3 support, 1 cannot accept" {
		t.Errorf("hover text of a cell with a title: %q", got)
	}
	if got := cells[5].child("title").Text; got != "Bloc B — Health: 0.50" {
		t.Errorf("hover text of a cell without a title: %q", got)
	}

	h := waterHeatmap()
	h.Cells = [][]string{{"0/4", "3/4", "4/4"}}
	cells = parse(t, h.SVG()).class("cell")
	if got := cells[1].texts(); got[0] != "3/4" {
		t.Errorf("cell with the caller's text prints %q, want 3/4", got)
	}
	if got := cells[3].texts(); got[0] != "0.33" {
		t.Errorf("a row the caller gave no text for prints %q, want the value 0.33", got)
	}
}

func TestHeatmapLightnessAndTextContrast(t *testing.T) {
	cells := parse(t, waterHeatmap().SVG()).class("cell")
	// Worked by hand: the ramp runs from #f4f7fb (0) to #0b2f5b (1); at 0.5 each
	// channel is halfway, rounded: (244+11)/2 → 128 = 0x80, 147 = 0x93, 171 = 0xab.
	// Its luminance is about 0.28: contrast 5.5 with the dark ink, 3.2 with white.
	for _, c := range []struct {
		cell       int
		fill, text string
	}{
		{0, "#f4f7fb", "#1a1a1a"},
		{5, "#8093ab", "#1a1a1a"},
		{2, "#0b2f5b", "#ffffff"},
	} {
		rect, text := cells[c.cell].child("rect"), cells[c.cell].child("text")
		if rect.attr("fill") != c.fill || text.attr("fill") != c.text {
			t.Errorf("cell %d: fill %s text %s, want %s and %s", c.cell, rect.attr("fill"), text.attr("fill"), c.fill, c.text)
		}
	}
}

func TestHeatmapNoDataCellsAreHatched(t *testing.T) {
	h := waterHeatmap()
	h.Values[0] = h.Values[0][:2] // a ragged row: its last cell has no data either
	root := parse(t, h.SVG())
	noData := root.class("no-data")
	// Two cells and the legend's sample.
	if len(noData) != 3 {
		t.Fatalf("%d no-data elements, want 2 cells and the legend's", len(noData))
	}
	patterns := root.tag("pattern")
	if len(patterns) != 1 {
		t.Fatalf("%d patterns, want one hatch", len(patterns))
	}
	hatch := "url(#" + patterns[0].attr("id") + ")"
	for _, c := range noData {
		if rect := c.child("rect"); rect.attr("fill") != hatch {
			t.Errorf("no-data fill %q, want %q", rect.attr("fill"), hatch)
		}
		if got := c.texts(); got[0] != "–" {
			t.Errorf("no-data prints %q, want –", got)
		}
	}
	if root.textNode("no data") == nil {
		t.Error("the legend does not name the no-data sample")
	}
}

func TestLabelsAreEscaped(t *testing.T) {
	evil := "<script>alert(1)</script>"
	outs := []template.HTML{
		Heatmap{Title: evil, Desc: evil, Rows: []string{evil}, Cols: []string{`a & "b"`}, Values: [][]float64{{0.5}}, Low: evil}.SVG(),
		Scatter{Title: evil, XLabel: evil, Series: []string{evil}, Points: []Point{{Label: evil, Group: -1}}}.SVG(),
	}
	for i, out := range outs {
		if strings.Contains(string(out), "<script") {
			t.Errorf("chart %d lets a tag through:\n%s", i, out)
		}
		root := parse(t, out)
		if root.child("title").Text != evil || root.textNode(evil) == nil {
			t.Errorf("chart %d does not show the label as written", i)
		}
	}
	if parse(t, outs[0]).textNode(`a & "b"`) == nil {
		t.Error("ampersand and quotes do not read back")
	}
}

func TestOnlySafeLinks(t *testing.T) {
	h := waterHeatmap()
	h.RowLinks = []string{"/blocs/7", "javascript:alert(1)"}
	out := h.SVG()
	links := parse(t, out).tag("a")
	if len(links) != 1 || links[0].attr("href") != "/blocs/7" || links[0].child("text").Text != "Bloc A" {
		t.Fatalf("want one link to /blocs/7 around Bloc A, got %d links", len(links))
	}
	if strings.Contains(string(out), "javascript") {
		t.Error("a javascript: link is written")
	}
}

func TestChineseLabelCutOnRuneBoundary(t *testing.T) {
	long := "联合国人权理事会普遍定期审议工作组会议" // 19 runes, 38 units
	h := Heatmap{Title: "t", Rows: []string{long}, Cols: []string{"Water"}, Values: [][]float64{{1}}}
	root := parse(t, h.SVG())
	label := root.class("row-label")[0]
	// Row labels hold 28 units: 13 ideographs (26) and the ellipsis (1).
	if want := "联合国人权理事会普遍定期审…"; label.Text != want {
		t.Errorf("row label %q, want %q", label.Text, want)
	}
	if !utf8.ValidString(label.Text) {
		t.Error("the label was cut inside a rune")
	}
	if title := label.child("title"); title == nil || title.Text != long {
		t.Errorf("the full label is not kept for hover: %+v", title)
	}
	if root.textNode("Water").child("title") != nil {
		t.Error("a label that fits got a hover title")
	}
}

func TestTruncateKeepsAccentsWithTheirLetters(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  float64
		want string
	}{
		{"Cafe\u0301 au lait", 5, "Cafe\u0301…"}, // the combining accent stays with its e
		{"Côte d'Ivoire", 6, "Côte…"},            // the space before the ellipsis goes
		{"中国", 4, "中国"},                          // two wide runes fill four units exactly
		{"中国人", 4, "中…"},                         // 2 + ellipsis; a second ideograph would make 5
		{"São Tomé", 8, "São Tomé"},
	} {
		if got, _ := truncate(c.in, c.max); got != c.want {
			t.Errorf("truncate(%q, %v) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}

func TestScatterSeriesHaveTheirOwnShapes(t *testing.T) {
	s := Scatter{
		Title: "Delegations", Series: []string{"African Group", "GRULAC", "WEOG"},
		Points: []Point{
			{X: 0, Y: 0, Label: "Kenya", Series: 0, Group: -1},
			{X: 10, Y: 0, Label: "Chile", Series: 1, Group: 0},
			{X: 0, Y: 10, Label: "Norway", Series: 2, Group: 1},
			{X: nan, Y: 1, Label: "Nowhere", Series: 0, Group: -1},
		},
	}
	root := parse(t, s.SVG())
	points := root.class("point")
	if len(points) != 3 {
		t.Fatalf("%d points drawn, want 3 (the NaN point is left out)", len(points))
	}
	// The marker is the point's last element: a circle, a square, a triangle.
	shapes := []string{}
	for _, p := range points {
		m := p.Children[len(p.Children)-1]
		shape := m.XMLName.Local
		if shape == "polygon" {
			shape += "/" + string(rune('0'+len(strings.Fields(m.attr("points")))))
		}
		shapes = append(shapes, shape)
	}
	if want := []string{"circle", "rect", "polygon/3"}; !slices.Equal(shapes, want) {
		t.Errorf("markers %v, want %v", shapes, want)
	}
	// The legend names each series beside the same shape.
	legend := root.class("legend-series")
	if len(legend) != 3 || !legend[1].hasClass("shape-square") || legend[1].texts()[0] != "GRULAC" {
		t.Errorf("legend does not show GRULAC as a square")
	}
	// Groups: a solid ring, then a dashed one, and the legend names them.
	rings := root.class("points")[0].class("ring")
	if len(rings) != 2 || rings[0].attr("stroke-dasharray") != "" || rings[1].attr("stroke-dasharray") == "" {
		t.Errorf("rings of groups 0 and 1 should be solid then dashed")
	}
	if got := root.class("legend-group"); len(got) != 2 || got[1].texts()[0] != "2" {
		t.Errorf("legend should number the two groups")
	}
	labels := root.class("point-labels")[0].texts()
	if !slices.Equal(labels, []string{"Kenya", "Chile", "Norway"}) {
		t.Errorf("point labels %q", labels)
	}
	if got := points[1].child("title").Text; got != "Chile — GRULAC (1)" {
		t.Errorf("hover %q", got)
	}
}

func TestMarkerStylesAllDiffer(t *testing.T) {
	seen := map[markerStyle]int{}
	for s := range len(markerShapes) {
		m := styleFor(s)
		m.color = "" // shape and fill alone must tell series apart
		if prev, ok := seen[m]; ok {
			t.Errorf("series %d and %d look alike without colour", prev, s)
		}
		seen[m] = s
	}
}

// numeric attributes never hold NaN or an infinity, whatever the input.
func TestNoNaNInAttributes(t *testing.T) {
	inf := math.Inf(1)
	for name, out := range map[string]template.HTML{
		"empty heatmap":   Heatmap{}.SVG(),
		"empty scatter":   Scatter{}.SVG(),
		"odd heatmap":     Heatmap{Rows: []string{"a"}, Values: [][]float64{{inf, -inf, nan, -3, 7}}}.SVG(),
		"one point":       Scatter{Points: []Point{{X: 3, Y: 3, Series: -2, Group: -1}}}.SVG(),
		"all equal":       Scatter{Points: []Point{{Series: 9, Group: 12}, {Group: -1}}}.SVG(),
		"huge":            Scatter{Points: []Point{{X: -math.MaxFloat64, Y: 1}, {X: math.MaxFloat64, Y: 2}}}.SVG(),
		"only NaN points": Scatter{Points: []Point{{X: nan, Y: inf}}}.SVG(),
	} {
		root := parse(t, out)
		for _, n := range root.all(func(*node) bool { return true }) {
			for _, a := range n.Attrs {
				if strings.Contains(a.Value, "NaN") || strings.Contains(a.Value, "Inf") {
					t.Errorf("%s: <%s %s=%q>", name, n.XMLName.Local, a.Name.Local, a.Value)
				}
			}
		}
	}
}

func TestSameInputSameBytes(t *testing.T) {
	s := Scatter{Series: []string{"A", "B"}, Points: []Point{{X: 1, Y: 2, Label: "x", Group: 1}, {X: 2, Y: 1, Label: "y", Series: 1, Group: -1}}}
	if s.SVG() != s.SVG() || waterHeatmap().SVG() != waterHeatmap().SVG() {
		t.Error("the same chart drew differently twice")
	}
	// Two different charts on one page must not share ids.
	other := waterHeatmap()
	other.Values[0][0] = 0.5
	a, b := parse(t, waterHeatmap().SVG()), parse(t, other.SVG())
	if a.attr("aria-labelledby") == b.attr("aria-labelledby") {
		t.Error("two different heatmaps share element ids")
	}
}
