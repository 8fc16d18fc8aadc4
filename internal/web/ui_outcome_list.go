package web

import (
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outcome"
	"roundtable/internal/visibility"
)

// outcomeListPage is an edition's outcome documents, each with its kind,
// status, negotiating language, latest revision and share of text still
// in brackets, and the chair's form to open one.
type outcomeListPage struct {
	layout
	Edition   dialogue.Edition
	Documents []outcomeListRow
	Presides  bool
	Kinds     []string
	// A refused create form: the reason and what was sent.
	formFailure
	Typed outcome.DocumentInput
}

// outcomeListRow is one document of the list.
type outcomeListRow struct {
	outcome.Document
	Latest         string // the latest revision's label, "" before the zero draft
	Words          int
	BracketedWords int
}

// Share is the row's bracketed share of the working text.
func (r outcomeListRow) Share() float64 {
	if r.Words == 0 {
		return 0
	}
	return float64(r.BracketedWords) / float64(r.Words)
}

// Percent formats a share (0..1) as a whole percentage.
func (p outcomeListPage) Percent(x float64) string { return percentText(p.layout, x) }

func percentText(l layout, x float64) string {
	return l.T("ground.percent", "n", decimal(l.Lang, 100*x, 0))
}

func (s *Server) outcomeList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderOutcomeList(w, r, id, http.StatusOK, func(*outcomeListPage) {})
}

// renderOutcomeList draws the list; refused fills in a refused form.
func (s *Server) renderOutcomeList(w http.ResponseWriter, r *http.Request, editionID int64, status int, refused func(*outcomeListPage)) error {
	v, ctx := stateOf(r).user, r.Context()
	e, err := s.dialogue.Edition(ctx, v, editionID)
	if err != nil {
		return err
	}
	p := outcomeListPage{layout: s.layout(w, r, "outcome.list_title", "editions"), Edition: e,
		Presides: visibility.Of(v).Presides(), Kinds: outcome.Kinds,
		Typed: outcome.DocumentInput{Kind: outcome.Declaration, Language: firstLang(e.Languages)}}
	docs, err := s.outcome.Documents(ctx, v, editionID)
	if err != nil {
		return err
	}
	for _, d := range docs {
		row := outcomeListRow{Document: d}
		revs, err := s.outcome.Revisions(ctx, v, d.ID)
		if err != nil {
			return err
		}
		if n := len(revs); n > 0 {
			row.Latest = revs[n-1].Label
		}
		list, err := s.outcome.Paragraphs(ctx, v, d.ID)
		if err != nil {
			return err
		}
		row.Words, row.BracketedWords = outcome.Share(list)
		p.Documents = append(p.Documents, row)
	}
	refused(&p)
	return s.render(w, status, "outcome_list.html", p)
}

func firstLang(langs []string) string {
	if len(langs) == 0 {
		return ""
	}
	return langs[0]
}

// documentInput reads the fields of the create and settings forms.
func documentInput(r *http.Request) outcome.DocumentInput {
	f := r.PostForm
	return outcome.DocumentInput{Kind: f.Get("kind"), Title: f.Get("title"), Language: f.Get("language"),
		Facilitators: splitLines(f.Get("facilitators")), OpensOn: f.Get("opens_on"), ClosesOn: f.Get("closes_on"),
		SingleText: f.Get("single_text") == "on"}
}

// splitLines reads a list typed one item a line (or separated by
// semicolons), dropping empty items.
func splitLines(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// outcomeCreate opens a document and goes to its status view.
func (s *Server) outcomeCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := documentInput(r)
	d, err := s.outcome.CreateDocument(r.Context(), stateOf(r).user, id, in)
	if err != nil {
		e := errs.As(err)
		if e.Kind == errs.Internal || (e.Kind == errs.NotFound && e.Field == "") {
			return err
		}
		return s.renderOutcomeList(w, r, id, e.Kind.Status(), func(p *outcomeListPage) {
			p.formFailure = formFailure{s.catalog.T(p.Lang, e.Key, e.Args...), e.Field}
			p.Typed = in
			p.Here = "/editions/" + strconv.FormatInt(id, 10) + "/outcomes"
		})
	}
	s.flash(w, "outcome.created")
	http.Redirect(w, r, outcomeDocPath(d.ID), http.StatusSeeOther)
	return nil
}
