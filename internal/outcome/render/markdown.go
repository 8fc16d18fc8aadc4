package render

import (
	"bufio"
	"io"
	"strings"
)

// Markdown writes the clean text as CommonMark: the illustrative notice as
// a quote, forum and edition, the title, the revision or adoption, the
// paragraphs under their headings with bold labels (**PP1**), the annex and
// the content hash. Text is escaped so that a bracket in the negotiation
// ("[shall/should]") or an asterisk shows as typed, never as a link or
// emphasis.
func Markdown(w io.Writer, d Document) error {
	pre, op, err := sections(d)
	if err != nil {
		return err
	}
	h := headingOf(d)
	b := bufio.NewWriter(w)
	line := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}

	if h.notice != "" {
		line("> **", mdInline(h.notice), "**")
		line()
	}
	var top []string
	for _, s := range []string{d.Forum, d.Edition} {
		if s = Clean(s); s != "" {
			top = append(top, mdInline(s))
		}
	}
	if len(top) > 0 {
		line(strings.Join(top, "\\\n"))
		line()
	}
	line("# ", mdInline(Clean(d.Title)))
	line()
	var sub []string
	for _, s := range []string{h.revision, h.adopted, h.placeDate} {
		if s = Clean(s); s != "" {
			sub = append(sub, mdInline(s))
		}
	}
	if len(sub) > 0 {
		line(strings.Join(sub, "\\\n"))
		line()
	}

	for _, part := range []struct {
		heading string
		paras   []Paragraph
	}{{h.words.Preamble, pre}, {h.words.Operative, op}} {
		if len(part.paras) == 0 {
			continue
		}
		line("## ", mdInline(part.heading))
		line()
		for _, p := range part.paras {
			line("**", mdInline(Clean(p.Label)), "** ", mdLines(Clean(p.Text)))
			if p.Outdated {
				line()
				line("*(", mdInline(h.words.Outdated), ")*")
			}
			line()
		}
	}

	if len(d.Annex) > 0 {
		line("## ", mdInline(h.words.Annex))
		line()
		for _, a := range d.Annex {
			line("### ", mdInline(annexTitle(a)))
			line()
			if meta := annexMeta(a, h.words); meta != "" {
				line("*", mdInline(meta), "*")
				line()
			}
			line(mdLines(Clean(a.Text)))
			line()
		}
	}

	if hash := Clean(d.Hash); hash != "" {
		line("---")
		line()
		line(mdInline(h.words.Hash), h.words.Colon, "`", hash, "`")
	}
	return b.Flush()
}

// annexTitle is "Delegation — kind" of a statement of position.
func annexTitle(a AnnexEntry) string {
	kind := a.KindLabel
	if kind == "" {
		kind = a.Kind
	}
	title := Clean(a.Delegation)
	if kind = Clean(kind); kind != "" {
		title += " — " + kind
	}
	return title
}

// annexMeta is the paragraphs a statement concerns and its date.
func annexMeta(a AnnexEntry, words Labels) string {
	var parts []string
	if len(a.Paragraphs) > 0 {
		labels := make([]string, len(a.Paragraphs))
		for i, l := range a.Paragraphs {
			labels[i] = Clean(l)
		}
		parts = append(parts, words.Concerns+words.Colon+strings.Join(labels, ", "))
	}
	if !a.At.IsZero() {
		parts = append(parts, a.At.Format(isoDate))
	}
	return strings.Join(parts, " · ")
}

// mdLines escapes a multi-line text and keeps its line breaks as hard
// breaks; blank lines would end the Markdown paragraph, so they go.
func mdLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, mdInline(l))
		}
	}
	return strings.Join(out, "\\\n")
}

// mdInline escapes one line of text for CommonMark. Every ASCII punctuation
// character that can start markup is escaped wherever it is; a leading
// character that would open a block (a heading, a list, a quote) too.
func mdInline(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '~':
			b.WriteByte('\\')
		case '#', '+', '-', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	out := b.String()
	// "1. " or "1) " at the start of a line would open an ordered list.
	if j := strings.IndexFunc(out, func(r rune) bool { return r < '0' || r > '9' }); j > 0 && (out[j] == '.' || out[j] == ')') {
		out = out[:j] + "\\" + out[j:]
	}
	return out
}
