package chart

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

func TestStandaloneIsACompleteFileWithItsCaption(t *testing.T) {
	caption := "Source: World Bank, World Development Indicators (2025-07 vintage) & UN IGME. Licence: CC BY 4.0\n来源：世界银行"
	chart := Line{Title: "Under-5 mortality", Empty: "No data for Bolivia"}.SVG() // the 640 × 80 frame
	out := Standalone(chart, caption)
	if !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration: %.60s", out)
	}
	var root node
	if err := xml.Unmarshal(out, &root); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	if root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Errorf("namespace %q", root.XMLName.Space)
	}
	// The frame is 640 wide: (640 - 16) / 7.2 = 86.7 units a line, so the
	// 98-unit source line wraps after "Licence:" (86 units); three lines of
	// 16 px and 8 px of spacing make the file 80 + 56 = 136 px high.
	w, h := viewBox(t, &root)
	if w != 640 || h != 136 {
		t.Errorf("viewBox %v×%v, want 640×136", w, h)
	}
	if root.attr("width") != num(w) || root.attr("height") != num(h) {
		t.Errorf("width=%q height=%q, want the viewBox's %v and %v", root.attr("width"), root.attr("height"), w, h)
	}
	lines := root.class("caption")[0].texts()
	want := []string{"Source: World Bank, World Development Indicators (2025-07 vintage) & UN IGME. Licence:", "CC BY 4.0", "来源：世界银行"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("caption lines %q, want %q", lines, want)
	}
	if root.child("title").Text != "Under-5 mortality" || root.textNode("No data for Bolivia") == nil {
		t.Error("the file lost the chart's title or message")
	}
}

func TestStandaloneWrapsALongCaption(t *testing.T) {
	// The empty frame is 640 wide: (640 - 16) / 7.2 = 86 units a line.
	long := strings.Repeat("licence ", 20) // 20 words of 7 units: 10 fit a line (7 + 9 × 8 = 79; an eleventh makes 87)
	out := Standalone(Line{Title: "t", Empty: "No data"}.SVG(), long)
	var root node
	if err := xml.Unmarshal(out, &root); err != nil {
		t.Fatal(err)
	}
	lines := root.class("caption")[0].texts()
	if len(lines) != 2 || len(strings.Fields(lines[0])) != 10 {
		t.Errorf("caption lines %q", lines)
	}
	zh := wrapUnits(strings.Repeat("世界银行", 10), 20) // 40 runes, 80 units: 10 per line
	if len(zh) != 4 || zh[0] != "世界银行世界银行世界" {
		t.Errorf("Chinese wrap %q", zh)
	}
}

func TestStandaloneDropsSiteLinks(t *testing.T) {
	out := Standalone(lifeDots().SVG(), "Source: World Bank")
	var root node
	if err := xml.Unmarshal(out, &root); err != nil {
		t.Fatal(err)
	}
	if n := len(root.tag("a")); n != 0 || root.attr("role") != "img" {
		t.Errorf("%d links left, role %q; want none and img", n, root.attr("role"))
	}
	if root.textNode("Chile") == nil || root.textNode("Bolivia") == nil {
		t.Error("the linked labels went with their links")
	}
}
