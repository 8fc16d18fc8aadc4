package translate

import "strings"

// ToEnglish translates a Chinese query word by word: each run of Chinese
// characters is segmented (Segment) and each word replaced by its Gloss;
// Latin words and numbers pass through. A run ending in 权 or 权利 (a right)
// or 自由 (a freedom) reads as English does: 受教育权 → "right to receive
// education", 儿童权利 → "child rights", 宗教自由 → "freedom of religion".
// Function words (的, 之, 和)
// are dropped and characters the dictionary lacks are left out; "" when
// nothing could be translated.
func (d *Dictionary) ToEnglish(zh string) string {
	var parts []string
	for _, run := range hanRuns(zh) {
		if !hasHan(run) {
			if t := strings.TrimSpace(run); t != "" {
				parts = append(parts, t)
			}
			continue
		}
		if en := d.runToEnglish(run); en != "" {
			parts = append(parts, en)
		}
	}
	return strings.Join(parts, " ")
}

func (d *Dictionary) runToEnglish(run string) string {
	words := d.Segment(run)
	var kept []string
	for _, w := range words {
		if !zhFunctionWords[w] {
			kept = append(kept, w)
		}
	}
	if n := len(kept); n > 1 {
		head := d.glossAll(kept[:n-1])
		switch kept[n-1] {
		case "权":
			if head != "" {
				return "right to " + head
			}
		case "权利":
			if head != "" {
				return head + " rights"
			}
		case "自由":
			if head != "" {
				return "freedom of " + head
			}
		}
	}
	return d.glossAll(kept)
}

func (d *Dictionary) glossAll(words []string) string {
	var out []string
	for _, w := range words {
		if g := d.Gloss(w); g != "" {
			out = append(out, g)
		}
	}
	return strings.Join(out, " ")
}

// zhFunctionWords carry grammar, not a topic a search could match.
var zhFunctionWords = map[string]bool{"的": true, "之": true, "地": true, "得": true, "了": true,
	"和": true, "与": true, "及": true, "或": true}

// hanRuns splits s into alternating runs of Chinese and other characters;
// Chinese punctuation and spaces end a Chinese run.
func hanRuns(s string) []string {
	var runs []string
	var cur strings.Builder
	curHan := false
	for _, r := range s {
		h := isHan(r)
		if cur.Len() > 0 && h != curHan {
			runs = append(runs, cur.String())
			cur.Reset()
		}
		curHan = h
		cur.WriteRune(r)
	}
	if cur.Len() > 0 {
		runs = append(runs, cur.String())
	}
	return runs
}
