package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"roundtable/internal/outcome"
	"roundtable/internal/outcome/textdiff"
)

// textMark is a stretch of a paragraph as a page draws it: kept, inserted
// or deleted (against an earlier wording), inside [brackets] or not, and
// from one source (the chair's drafting, an amendment). The pages turn a
// paragraph into marks so that the status view, a clean revision, its
// marked-up version and a diff between any two revisions all draw a word
// the same way, with the same provenance.
type textMark struct {
	Op        string // "", "ins" or "del"
	Text      string
	Bracketed bool
	// Source is the word's source in the later text's trace; -1 for
	// deleted words and when provenance is not shown.
	Source int64
}

// markText cuts a text with no change in it into marks.
func markText(text string, trace textdiff.Trace, traced bool) []textMark {
	if text == "" {
		return nil
	}
	return markOps([]textdiff.Op{{Kind: textdiff.Equal, Text: text}}, trace, traced)
}

// markOps cuts a word-level diff into marks. The later text (kept and
// inserted words) is read against trace, word by word, when traced; the
// brackets are followed separately in the earlier and the later text, so
// a deleted "[" does not bracket what follows it in the new wording.
// Punctuation and spaces go with the word before them, as textdiff's
// traces count only words.
func markOps(ops []textdiff.Op, trace textdiff.Trace, traced bool) []textMark {
	sources := expandTrace(trace)
	var out []textMark
	word := 0                  // words of the later text read so far
	depthNew, depthOld := 0, 0 // bracket depths of the later and earlier text
	source := int64(-1)        // source of the last word of the later text
	if traced && len(sources) > 0 {
		source = sources[0]
	}
	add := func(m textMark) {
		if n := len(out) - 1; n >= 0 && out[n].Op == m.Op && out[n].Bracketed == m.Bracketed && out[n].Source == m.Source {
			out[n].Text += m.Text
			return
		}
		out = append(out, m)
	}
	for _, op := range ops {
		for _, tok := range textdiff.Tokenize(op.Text) {
			if op.Kind == textdiff.Delete {
				closed := bracketStep(tok.Text, &depthOld)
				add(textMark{Op: "del", Text: tok.Text, Bracketed: depthOld > 0 || closed, Source: -1})
				continue
			}
			if op.Kind == textdiff.Equal {
				bracketStep(tok.Text, &depthOld)
			}
			closed := bracketStep(tok.Text, &depthNew)
			if tok.Word && traced {
				if word < len(sources) {
					source = sources[word]
				}
				word++
			}
			m := textMark{Text: tok.Text, Bracketed: depthNew > 0 || closed, Source: -1}
			if traced {
				m.Source = source
			}
			if op.Kind == textdiff.Insert {
				m.Op = "ins"
			}
			add(m)
		}
	}
	return out
}

// bracketStep follows the bracket depth over one token and reports
// whether the token is a closing bracket that ended a bracketed stretch
// (so that the "]" itself is drawn as part of it). The brackets are those
// textdiff counts: [ ］ 【 and their closers.
func bracketStep(tok string, depth *int) bool {
	switch tok {
	case "[", "［", "【":
		*depth++
	case "]", "］", "】":
		if *depth > 0 {
			*depth--
			return true
		}
	}
	return false
}

// expandTrace lists the source of every word a trace covers.
func expandTrace(t textdiff.Trace) []int64 {
	out := make([]int64, 0, t.Words())
	for _, r := range t {
		for i := 0; i < r.Words; i++ {
			out = append(out, r.Source)
		}
	}
	return out
}

// provenance names where words came from, in the page's language:
// "Chair's draft", "Amendment 12 (Brazil, Argentina)", "Chair's
// compromise 14 (Brazil, China)". Sources is what the service says of
// the document's sources (nil outside the room: no provenance is shown).
type provenance struct {
	l       layout
	sources map[int64]outcome.Source
	names   map[string]string // delegation code → name
}

// Shown: the reader is told where words came from.
func (p provenance) Shown() bool { return p.sources != nil }

// Name names source id.
func (p provenance) Name(id int64) string {
	if id <= 0 {
		return p.l.T("outcome.source.chair")
	}
	src, ok := p.sources[id]
	n := strconv.FormatInt(id, 10)
	if !ok {
		return p.l.T("outcome.source.amendment", "n", n)
	}
	var who []string
	for _, c := range src.Delegations {
		who = append(who, p.delegation(c))
	}
	key := "outcome.source.amendment_by"
	switch {
	case src.Chair && len(who) > 0:
		key = "outcome.source.compromise_by"
	case src.Chair:
		key = "outcome.source.chair_amendment"
	case len(who) == 0:
		key = "outcome.source.amendment"
	}
	return p.l.T(key, "n", n, "delegations", strings.Join(who, p.l.Sep()))
}

// Class is the colour class of source id's words: six colours, taken in
// turn, so that neighbouring sources differ.
func (p provenance) Class(id int64) string { return "src-" + strconv.FormatInt(id%6, 10) }

func (p provenance) delegation(code string) string {
	if n := p.names[code]; n != "" {
		return n
	}
	return code
}

// legend lists the sources of marks in the order they first appear.
func legend(marks ...[]textMark) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, ms := range marks {
		for _, m := range ms {
			if m.Source >= 0 && !seen[m.Source] {
				seen[m.Source] = true
				out = append(out, m.Source)
			}
		}
	}
	return out
}

// Render draws marks as HTML: inserted words in <ins>, deleted in <del>,
// the others in <span>; bracketed words carry the class "bracketed"; a
// word whose source is shown names it in its title and carries its
// number (data-source) and a colour class (src-0 … src-5). Every text
// and attribute is escaped here, as the result goes into the page as is.
func (p provenance) Render(marks []textMark) template.HTML {
	var b strings.Builder
	for _, m := range marks {
		tag := "span"
		if m.Op != "" {
			tag = m.Op
		}
		var class []string
		if m.Bracketed {
			class = append(class, "bracketed")
		}
		b.WriteString("<" + tag)
		if m.Source >= 0 && p.Shown() {
			class = append(class, p.Class(m.Source))
			b.WriteString(` data-source="` + strconv.FormatInt(m.Source, 10) + `" title="` + html.EscapeString(p.Name(m.Source)) + `"`)
		}
		if len(class) > 0 {
			b.WriteString(` class="` + strings.Join(class, " ") + `"`)
		}
		b.WriteString(">" + html.EscapeString(m.Text) + "</" + tag + ">")
	}
	return template.HTML(b.String())
}
