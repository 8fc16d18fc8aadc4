package chart

import (
	"html/template"
	"regexp"
	"strconv"
	"strings"
)

// Standalone makes a chart drawn by this package into a complete .svg file
// for download and embedding: an XML declaration, a width and height taken
// from the viewBox (so it opens at its size in a browser or Inkscape rather
// than filling the window), and the caption — source, licence, vintage —
// drawn under the chart, so it travels with the file. The caption wraps to
// the chart's width; a line break in it starts a new line. Links in the
// chart (relative to the site) are taken out.
//
// svg must be the output of a chart's SVG method. Anything else (no root
// <svg> with a "0 0 w h" viewBox) is returned after the declaration as it
// is, with the caption in a comment.
func Standalone(svg template.HTML, caption string) []byte {
	const decl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	s := string(svg)
	start := strings.Index(s, "<svg")
	end := strings.LastIndex(s, "</svg>")
	var w, h float64
	var tagEnd int
	if start >= 0 && end > start {
		tagEnd = start + strings.IndexByte(s[start:], '>') // attribute values hold no raw '>' (esc)
		if m := viewBoxRE.FindStringSubmatch(s[start:tagEnd]); m != nil {
			w, _ = strconv.ParseFloat(m[1], 64)
			h, _ = strconv.ParseFloat(m[2], 64)
		}
	}
	if w <= 0 || h <= 0 || !finite(w) || !finite(h) {
		return []byte(decl + s + "\n<!-- " + strings.ReplaceAll(esc(caption), "--", "- -") + " -->\n")
	}
	maxUnits := (w - 2*framePad) / (unitEm * fontSize)
	var lines []string
	for _, para := range strings.Split(caption, "\n") {
		lines = append(lines, wrapUnits(para, maxUnits)...)
	}
	lineH := fontSize + 4
	capH := 0.0
	if len(lines) > 0 {
		capH = float64(len(lines))*lineH + 8
	}
	total := h + capH

	tag := s[start:tagEnd]
	body := s[tagEnd:end]
	if strings.Contains(body, "<a ") {
		// The chart's links are relative to the site and lead nowhere from
		// a file; without them the chart is an image again.
		body = linkRE.ReplaceAllString(body, "")
		tag = strings.Replace(tag, ` role="group" `, ` role="img" `, 1)
	}
	tag = viewBoxRE.ReplaceAllString(tag, `viewBox="0 0 `+num(w)+` `+num(total)+`"`)
	tag = strings.Replace(tag, ` width="100%"`, ` width="`+num(w)+`" height="`+num(total)+`"`, 1)

	var b strings.Builder
	b.WriteString(decl)
	b.WriteString(s[:start])
	b.WriteString(tag)
	b.WriteString(body)
	if len(lines) > 0 {
		b.WriteString(`<g class="caption">`)
		b.WriteString(`<rect x="0" y="` + num(h) + `" width="` + num(w) + `" height="` + num(capH) + `" fill="` + background + `"/>`)
		for i, line := range lines {
			y := h + 4 + float64(i)*lineH + fontSize
			b.WriteString(`<text x="` + num(framePad) + `" y="` + num(y) + `" fill="` + mutedColor + `" font-size="` + num(fontSize) + `">` + esc(line) + `</text>`)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(s[end:])
	b.WriteString("\n")
	return []byte(b.String())
}

var (
	viewBoxRE = regexp.MustCompile(`viewBox="0 0 ([0-9.]+) ([0-9.]+)"`)
	// A link's start tag with whatever attributes it has (the map's carry
	// an aria-label after the href), and its end tag. Attribute values
	// hold no raw '>' (esc).
	linkRE = regexp.MustCompile(`<a\s[^>]*>|</a>`)
)

// wrapUnits breaks s into lines of at most maxUnits (see units): between
// words where there are spaces, between runes inside a word too long for a
// line (Chinese has no spaces). Blank text gives no line.
func wrapUnits(s string, maxUnits float64) []string {
	maxUnits = max(maxUnits, 2)
	var lines []string
	var cur strings.Builder
	used := 0.0
	flush := func() {
		if cur.Len() > 0 {
			lines = append(lines, cur.String())
		}
		cur.Reset()
		used = 0
	}
	for _, word := range strings.Fields(s) {
		wu := units(word)
		if used > 0 && used+1+wu <= maxUnits {
			cur.WriteByte(' ')
			cur.WriteString(word)
			used += 1 + wu
			continue
		}
		flush()
		if wu <= maxUnits {
			cur.WriteString(word)
			used = wu
			continue
		}
		for _, r := range word { // a word longer than a line
			ru := runeUnits(r)
			if used+ru > maxUnits && used > 0 && ru > 0 {
				flush()
			}
			cur.WriteRune(r)
			used += ru
		}
	}
	flush()
	return lines
}
