package outcome

import (
	"context"

	"roundtable/internal/outcome/textdiff"
)

// Changes of a paragraph between two revisions.
const (
	Same    = "same"
	Changed = "changed"
	Added   = "added"
	Removed = "removed"
)

// ParagraphDiff is one paragraph compared between two revisions, aligned
// by the paragraph itself (its label never changes), so that a paragraph
// moved, inserted or deleted reads as such, not as a shifted text.
type ParagraphDiff struct {
	Label      string        `json:"label"`
	Kind       string        `json:"kind"`
	Change     string        `json:"change"`
	StatusFrom string        `json:"status_from,omitempty"`
	Status     string        `json:"status,omitempty"`
	Ops        []textdiff.Op `json:"ops"`
	// Trace is the paragraph's provenance in the later revision.
	Trace textdiff.Trace `json:"trace,omitempty"`
}

// Comparison is the word-level difference between two revisions.
type Comparison struct {
	From       Revision        `json:"from"`
	To         Revision        `json:"to"`
	Paragraphs []ParagraphDiff `json:"paragraphs"`
}

// Compare reads the word-level difference between revisions from and to
// of a document (either order; from may equal to).
func (s *Service) Compare(ctx context.Context, v Viewer, docID int64, from, to int) (Comparison, error) {
	a, err := s.Revision(ctx, v, docID, from)
	if err != nil {
		return Comparison{}, err
	}
	b, err := s.Revision(ctx, v, docID, to)
	if err != nil {
		return Comparison{}, err
	}
	c := Comparison{From: a, To: b, Paragraphs: DiffParagraphs(a.Paragraphs, b.Paragraphs)}
	c.From.Paragraphs, c.To.Paragraphs = nil, nil
	return c, nil
}

// Markup is a revision marked up against the one before it (the zero
// draft against nothing: all of it inserted).
func (s *Service) Markup(ctx context.Context, v Viewer, docID int64, n int) (Comparison, error) {
	b, err := s.Revision(ctx, v, docID, n)
	if err != nil {
		return Comparison{}, err
	}
	var before []Paragraph
	var a Revision
	if b.Number > 0 {
		if a, err = s.Revision(ctx, v, docID, b.Number-1); err != nil {
			return Comparison{}, err
		}
		before = a.Paragraphs
	}
	c := Comparison{From: a, To: b, Paragraphs: DiffParagraphs(before, b.Paragraphs)}
	c.From.Paragraphs, c.To.Paragraphs = nil, nil
	return c, nil
}

// DiffParagraphs compares two texts paragraph by paragraph: in the order
// of the later text, each paragraph removed since placed after the
// paragraph it followed.
func DiffParagraphs(before, after []Paragraph) []ParagraphDiff {
	old := map[int64]Paragraph{}
	for _, p := range before {
		old[p.ID] = p
	}
	kept := map[int64]bool{}
	for _, p := range after {
		kept[p.ID] = true
	}
	// removed paragraphs, keyed by the paragraph before them that stays
	// (0: at the start)
	removedAfter := map[int64][]Paragraph{}
	var prev int64
	for _, p := range before {
		if !kept[p.ID] {
			removedAfter[prev] = append(removedAfter[prev], p)
			continue
		}
		prev = p.ID
	}
	out := make([]ParagraphDiff, 0, len(after))
	gone := func(id int64) {
		for _, p := range removedAfter[id] {
			out = append(out, ParagraphDiff{Label: p.Label, Kind: p.Kind, Change: Removed, StatusFrom: p.Status,
				Ops: []textdiff.Op{{Kind: textdiff.Delete, Text: p.Text}}})
		}
	}
	gone(0)
	for _, p := range after {
		d := ParagraphDiff{Label: p.Label, Kind: p.Kind, Status: p.Status, Trace: p.Trace}
		if o, ok := old[p.ID]; ok {
			d.StatusFrom = o.Status
			d.Ops = textdiff.Diff(o.Text, p.Text)
			d.Change = Same
			if o.Text != p.Text {
				d.Change = Changed
			}
		} else {
			d.Change = Added
			d.Ops = []textdiff.Op{{Kind: textdiff.Insert, Text: p.Text}}
		}
		out = append(out, d)
		gone(p.ID)
	}
	return out
}
