// Package chart draws Roundtable's charts as SVG on the server: heatmaps of
// agreement between blocs and propositions, scatter plots of delegations and
// ranked bar charts.
//
// Every chart must be readable without colour, because delegations print the
// pages, read them on grayscale screens or do not see some hues: heatmap cells
// print their value and use lightness, scatter series differ by marker shape,
// and legends name the shapes. Every chart is an accessible image (role="img",
// <title>, <desc>) that scales to its container's width.
//
// Output is deterministic (same input, same bytes) so that pages can be cached
// and compared in tests. Pages are served with a Content-Security-Policy that
// forbids inline styles, so the SVG uses presentation attributes only.
package chart

import (
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// Shared look. The text colours are the ones checked for contrast against the
// white background the charts draw behind themselves (dark pages included).
const (
	fontFamily = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif"
	fontSize   = 12.0
	inkColor   = "#1a1a1a"
	mutedColor = "#595959"
	gridColor  = "#d0d0d0"
	background = "#ffffff"
)

// doc accumulates one SVG document.
type doc struct {
	b      strings.Builder
	id     string // prefix for element ids, unique per chart content
	linked bool   // a link was drawn
}

// newDoc starts a document. key identifies the chart's content; ids derived
// from it stay the same for the same input and differ between two different
// charts on one page (two identical charts share ids harmlessly).
func newDoc(kind, key string) *doc {
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return &doc{id: fmt.Sprintf("rt-%s-%016x", kind, h.Sum64())}
}

// open writes the root element, the background and the accessible name.
func (d *doc) open(kind string, w, h float64, title, desc string) {
	w, h = math.Max(w, 1), math.Max(h, 1)
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-%s" viewBox="0 0 %s %s" width="100%%" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="%s">`,
		kind, num(w), num(h), d.id, d.id, esc(fontFamily), num(fontSize))
	fmt.Fprintf(&d.b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, d.id, esc(title), d.id, esc(desc))
	fmt.Fprintf(&d.b, `<rect class="background" x="0" y="0" width="%s" height="%s" fill="%s"/>`, num(w), num(h), background)
}

// html closes the document and hands it to a page. A chart with links is
// a labelled group rather than an image: an image's content is hidden from
// assistive technology, so links inside one could be reached by the
// keyboard but never announced (axe: nested-interactive).
func (d *doc) html() template.HTML {
	d.b.WriteString(`</svg>`)
	s := d.b.String()
	if d.linked {
		s = strings.Replace(s, ` role="img" `, ` role="group" `, 1) // the root's, written first
	}
	// Every piece of text went through esc and every number through num.
	return template.HTML(s)
}

func (d *doc) printf(format string, args ...any) { fmt.Fprintf(&d.b, format, args...) }

// label writes a text element holding s cut to maxUnits (see width). A cut
// label keeps its full text in a <title> child, which browsers show on hover.
// attrs is written as is and must hold only escaped values.
func (d *doc) label(s string, maxUnits float64, x, y float64, attrs string) {
	short, cut := truncate(s, maxUnits)
	d.printf(`<text x="%s" y="%s"%s>`, num(x), num(y), attrs)
	if cut {
		d.printf(`<title>%s</title>`, esc(s))
	}
	d.printf(`%s</text>`, esc(short))
}

// link wraps what draw writes in a link when href is safe to follow.
func (d *doc) link(href string, draw func()) {
	href = safeHref(href)
	if href == "" {
		draw()
		return
	}
	d.linked = true
	d.printf(`<a href="%s">`, esc(href))
	draw()
	d.printf(`</a>`)
}

// esc escapes text for element content and attribute values. encoding/xml
// also replaces characters XML cannot hold, so a stray control character in a
// label cannot break the page.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}

// num formats a coordinate. NaN and infinities never reach an attribute: they
// become 0, which callers avoid by skipping what they cannot place.
func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	f = math.Round(f*100) / 100
	if f == 0 {
		return "0" // not "-0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// finite reports whether f can be drawn.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// two formats a value with two decimals, the default printed text.
func two(f float64) string {
	if !finite(f) {
		return noData
	}
	if math.Abs(f) < 0.005 {
		f = 0 // not "-0.00"
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

// noData is printed where there is no value: a dash reads the same in every
// language Roundtable serves.
const noData = "–"

// safeHref keeps links relative to the site or to the web and mail; the chart
// bypasses html/template's URL filtering, so it filters itself.
func safeHref(href string) string {
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return href
	}
	return ""
}

// clamp01 limits v to [0,1].
func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// Size of a chart without data: a wide, low box, so that at the width of a
// page it does not push the page's content far down.
const emptyW, emptyH, framePad = 640.0, 80.0, 8.0

// emptyFrame draws a dashed box with a dash, for charts without data.
func emptyFrame(d *doc, w, h float64) {
	d.printf(`<g class="empty"><rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s" stroke-dasharray="4 4"/>`,
		num(framePad), num(framePad), num(w-2*framePad), num(h-2*framePad), gridColor)
	d.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text></g>`, num(w/2), num(h/2+fontSize*0.35), mutedColor, noData)
}

// at is s[i], or "" outside s (labels and links are optional).
func at(s []string, i int) string {
	if i >= 0 && i < len(s) {
		return s[i]
	}
	return ""
}

// linkAttrs styles a label that is a link, so it reads as one.
func linkAttrs(href string) string {
	if safeHref(href) == "" {
		return ` fill="` + inkColor + `"`
	}
	return ` fill="#0b57d0" text-decoration="underline"`
}
