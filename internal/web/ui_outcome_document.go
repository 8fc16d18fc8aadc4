package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
)

// outcomeDocPage is the status view of a document, the chair's desk: the
// document's facts and the share of its text still in brackets, now and
// revision by revision, then every paragraph of the working text with its
// status, its package, its text with the brackets marked, the positions
// taken on it and the amendments waiting; for the chair, the forms that
// move the text.
type outcomeDocPage struct {
	outcomeBase
	Overview   outcome.Overview
	Paragraphs []paraView
	Shares     []shareBar
	// Labels of the working text, in order: the add form's anchors and
	// the package form's choices.
	Labels []string
	Latest *outcome.Revision
	// Candidates are the common-ground propositions a zero draft may
	// start from (the chair, before the zero draft); CandidatesNote a
	// catalog key saying why there are none to offer.
	Candidates     []outcome.Candidate
	CandidatesNote string
	// ConfirmDelete is the label whose deletion waits for the chair's
	// confirmation (?delete=OP3).
	ConfirmDelete string
	Prov          provenance
	Legend        []int64
	// A refused form: the reason, which form ("edit-OP3", "add" …), what
	// was sent, and the paragraph as it is now when it moved on.
	formFailure
	FailedForm string
	Typed      url.Values
	Current    *outcome.CurrentText
}

// paraView is a paragraph of the status view.
type paraView struct {
	outcome.ParagraphRow
	Marks      []textMark
	Objectors  []string // names of the delegations that cannot accept it
	Stances    []stanceCount
	AgreedWith []string // the other paragraphs of its package
}

// stanceCount is how many delegations took a stance on the current
// wording.
type stanceCount struct {
	Stance ground.Stance
	N      int
}

// shareBar is one line of the bracketed share's chart: a revision, or
// the working text now.
type shareBar struct {
	Label          string
	Words          int
	BracketedWords int
	Now            bool
	Y              int // the bar's row in the chart
}

// Share is the bar's share of text in brackets.
func (b shareBar) Share() float64 {
	if b.Words == 0 {
		return 0
	}
	return float64(b.BracketedWords) / float64(b.Words)
}

// Width is the bar's length in the chart's units (0–300).
func (b shareBar) Width() int { return int(300*b.Share() + 0.5) }

// TopY, TextY and EndX place the bar, its label and its value in the
// chart: one row of 24 units per bar, the bar from x = 130.
func (b shareBar) TopY() int  { return 24*b.Y + 4 }
func (b shareBar) TextY() int { return 24*b.Y + 17 }
func (b shareBar) EndX() int  { return 130 + b.Width() + 6 }

// Percent formats a share (0..1) as a whole percentage.
func (p outcomeDocPage) Percent(x float64) string { return percentText(p.layout, x) }

// Share is the working text's bracketed share.
func (p outcomeDocPage) Share() float64 {
	if p.Overview.Words == 0 {
		return 0
	}
	return float64(p.Overview.BracketedWords) / float64(p.Overview.Words)
}

// ChartHeight is the height of the share chart.
func (p outcomeDocPage) ChartHeight() int { return 24*len(p.Shares) + 4 }

// Val is what a form's field shows: what a refused form sent, else def.
func (p outcomeDocPage) Val(form, field, def string) string {
	if p.FailedForm == form && p.Typed != nil {
		return p.Typed.Get(field)
	}
	return def
}

// Checked reports whether a checkbox of a form shows ticked: as a
// refused form sent it, else def.
func (p outcomeDocPage) Checked(form, field, value string, def bool) bool {
	if p.FailedForm == form && p.Typed != nil {
		for _, x := range p.Typed[field] {
			if x == value {
				return true
			}
		}
		return false
	}
	return def
}

// Failed reports whether form is the one refused.
func (p outcomeDocPage) Failed(form string) bool { return p.FailedForm == form && p.Error != "" }

// Others are the labels a paragraph may be packaged with.
func (p outcomeDocPage) Others(label string) []string {
	var out []string
	for _, l := range p.Labels {
		if l != label {
			out = append(out, l)
		}
	}
	return out
}

// Lines writes a list one item a line, for a textarea.
func (p outcomeDocPage) Lines(xs []string) string { return strings.Join(xs, "\n") }

// StanceName is a stance in the page's language.
func (p outcomeDocPage) StanceName(st ground.Stance) string {
	return p.T("ground.stance." + string(st))
}

// Until formats an ad ref deadline for the datetime-local field (UTC).
func (p outcomeDocPage) Until(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04")
}

func (s *Server) outcomeDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderOutcomeDocument(w, r, id, http.StatusOK, func(*outcomeDocPage) {})
}

// renderOutcomeDocument draws the status view; refused fills in what a
// refused form needs.
func (s *Server) renderOutcomeDocument(w http.ResponseWriter, r *http.Request, id int64, status int, refused func(*outcomeDocPage)) error {
	v, ctx := stateOf(r).user, r.Context()
	b, err := s.outcomeBase(w, r, id, tabText, "outcome.document_title")
	if err != nil {
		return err
	}
	p := outcomeDocPage{outcomeBase: b}
	if p.Overview, err = s.outcome.Overview(ctx, v, id); err != nil {
		return err
	}
	var names map[string]string
	if p.Prov, names, err = s.provenanceOf(ctx, v, b); err != nil {
		return err
	}
	var marks [][]textMark
	for _, row := range p.Overview.Paragraphs {
		pv := paraView{ParagraphRow: row, Marks: markText(row.Text, row.Trace, p.Prov.Shown())}
		for _, c := range row.Objections {
			pv.Objectors = append(pv.Objectors, names[c])
		}
		for _, st := range ground.Stances {
			pv.Stances = append(pv.Stances, stanceCount{st, row.Stances[string(st)]})
		}
		p.Paragraphs = append(p.Paragraphs, pv)
		p.Labels = append(p.Labels, row.Label)
		marks = append(marks, pv.Marks)
	}
	p.Legend = legend(marks...)
	for i, rev := range p.Overview.Revisions {
		p.Shares = append(p.Shares, shareBar{Label: rev.Label, Words: rev.Words, BracketedWords: rev.BracketedWords, Y: i})
	}
	if n := len(p.Overview.Revisions); n > 0 {
		p.Latest = &p.Overview.Revisions[n-1]
	}
	p.Shares = append(p.Shares, shareBar{Label: p.T("outcome.share_now"), Words: p.Overview.Words,
		BracketedWords: p.Overview.BracketedWords, Now: true, Y: len(p.Shares)})
	if l := r.URL.Query().Get("delete"); l != "" && p.Presides && p.Drafting() {
		for _, x := range p.Labels {
			if x == l {
				p.ConfirmDelete = l
			}
		}
	}
	if p.Presides && p.Drafting() && p.Latest == nil {
		if err := s.groundCandidates(r, &p); err != nil {
			return err
		}
	}
	refused(&p)
	return s.render(w, status, "outcome_document.html", p)
}

// groundCandidates offers the chair, before the zero draft, the
// propositions of common ground that reached consensus. A server without
// common ground, or an edition whose map the chair may not read, offers
// none and says so.
func (s *Server) groundCandidates(r *http.Request, p *outcomeDocPage) error {
	list, err := s.outcome.GroundCandidates(r.Context(), stateOf(r).user, p.Document.ID)
	switch e := errs.As(err); {
	case err == nil:
		p.Candidates = list
		if len(list) == 0 {
			p.CandidatesNote = "outcome.ground_none"
		}
	case e.Kind == errs.Conflict || e.Kind == errs.Forbidden:
		p.CandidatesNote = "outcome.ground_unavailable"
	default:
		return err
	}
	return nil
}

// CandidateText is a candidate's wording in the negotiating language, or
// its original where it has none yet.
func (p outcomeDocPage) CandidateText(c outcome.Candidate) string {
	if c.Text != "" {
		return c.Text
	}
	return c.Proposition.Text
}
