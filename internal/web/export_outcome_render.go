package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/outcome"
	"roundtable/internal/outcome/render"
	"roundtable/internal/outcome/textdiff"
)

// An outcome text as package render draws it: read from the service as
// the reader may read it, in one of the edition's working languages, its
// headings from the catalogs in that language.

// exportedOutcome is the text a download is of.
type exportedOutcome struct {
	doc     outcome.Document
	edition dialogue.Edition
	forum   dialogue.Forum
	rev     outcome.Revision
	lang    string // of the text and its headings
	adopted bool   // rev is the adopted text
}

// exportOutcomeRead reads the text ?rev= names (by default the adopted
// text, or before adoption the latest revision) in ?lang= (by default the
// negotiating language), as the reader may read it: outside the room,
// only the adopted text is found.
func (s *Server) exportOutcomeRead(r *http.Request) (exportedOutcome, error) {
	var x exportedOutcome
	id, err := pathID(r)
	if err != nil {
		return x, err
	}
	ctx, v := r.Context(), stateOf(r).user
	if x.doc, err = s.outcome.Document(ctx, v, id); err != nil {
		return x, err
	}
	if x.edition, err = s.dialogue.Edition(ctx, v, x.doc.EditionID); err != nil {
		return x, err
	}
	if x.forum, err = s.exportForumOf(ctx, x.edition); err != nil {
		return x, err
	}
	if x.lang, err = exportLang(r); err != nil {
		return x, err
	}
	if x.lang == "" {
		x.lang = x.doc.Language
	}
	if !slices.Contains(x.edition.Languages, x.lang) {
		return x, errs.Field("lang", "invalid_language", "outcome_export.error.language", "language", x.lang)
	}
	n := -1 // the latest
	if x.doc.AdoptedNumber != nil {
		n = *x.doc.AdoptedNumber
	}
	if q := r.URL.Query(); q.Has("rev") {
		if n, err = outcomeRevisionNumber(q.Get("rev"), "rev"); err != nil {
			return x, err
		}
	}
	if x.rev, err = s.outcome.Revision(ctx, v, id, n); err != nil {
		return x, err
	}
	x.adopted = x.doc.AdoptedNumber != nil && *x.doc.AdoptedNumber == x.rev.Number
	return x, nil
}

// exportForumOf reads the forum an edition belongs to.
func (s *Server) exportForumOf(ctx context.Context, e dialogue.Edition) (dialogue.Forum, error) {
	forums, err := s.dialogue.Forums(ctx)
	if err != nil {
		return dialogue.Forum{}, err
	}
	for _, f := range forums {
		if f.ID == e.ForumID {
			return f, nil
		}
	}
	return dialogue.Forum{}, errs.ErrNotFound
}

// exportOutcomeWords are the headings of an export in lang.
func (s *Server) exportOutcomeWords(lang i18n.Lang, x exportedOutcome) render.Labels {
	t := func(key string, args ...any) string { return s.catalog.T(lang, "outcome_export."+key, args...) }
	w := render.Labels{
		Preamble: t("preamble"), Operative: t("operative"), Annex: t("annex"), Hash: t("hash"),
		AdoptedOn: t("adopted_on"), Revision: t("revision"), Inserted: t("inserted"), Deleted: t("deleted"),
		Page: t("page"), Outdated: t("outdated"), Status: t("status"), Concerns: t("concerns"),
		// what joins a heading to its value, read off the language's pattern
		Colon: t("label_value", "label", "", "value", ""),
	}
	if x.doc.AdoptionMethod != "" {
		w.Method = t("method." + x.doc.AdoptionMethod)
	}
	if s.notice != nil {
		w.Illustrative = s.notice(x.edition, string(lang))
	}
	return w
}

// exportRevisionName is a revision's label in lang ("Rev.2" reads alike in
// every language; the zero draft and an oral revision do not).
func (s *Server) exportRevisionName(lang i18n.Lang, rev outcome.Revision) string {
	switch {
	case rev.Number == 0:
		return s.catalog.T(lang, "outcome_export.zero_draft")
	case rev.Kind == outcome.Oral:
		return s.catalog.T(lang, "outcome_export.oral", "revision", fmt.Sprintf("Rev.%d", rev.Number))
	}
	return rev.Label
}

// exportRenderDocument is the text of x with its headings, without the annex.
// A paragraph with no version in x.lang shows the negotiating text, and a
// version made from an earlier wording stays; both carry the note that
// the negotiating text prevails.
func (s *Server) exportRenderDocument(x exportedOutcome) render.Document {
	lang := i18n.Lang(x.lang)
	d := render.Document{
		Title: x.doc.Title, Kind: x.doc.Kind, Lang: x.lang,
		Forum: x.forum.Names.In(x.lang), Edition: x.edition.Titles.In(x.lang), Place: x.edition.VenueCity,
		Date: x.rev.IssuedAt, Revision: s.exportRevisionName(lang, x.rev),
		WorkURI: fmt.Sprintf("/akn/un/statement/%s/%s/%s-%d-outcome-%d", x.doc.Kind, x.doc.OpensOn, x.forum.Slug, x.edition.Number, x.doc.ID),
		Words:   s.exportOutcomeWords(lang, x),
	}
	d.Illustrative = d.Words.Illustrative != ""
	if x.adopted {
		d.Adopted, d.Method, d.Hash = true, x.doc.AdoptionMethod, x.doc.AdoptionHash
		if x.doc.AdoptedAt != nil {
			d.AdoptedAt, d.Date = *x.doc.AdoptedAt, *x.doc.AdoptedAt
		}
	}
	for _, p := range x.rev.Paragraphs {
		rp := render.Paragraph{Label: p.Label, Kind: p.Kind, Text: p.Text, Status: p.Status,
			StatusLabel: s.catalog.T(lang, "outcome.status."+p.Status)}
		if x.lang != x.doc.Language {
			if t, ok := p.Texts[x.lang]; ok {
				rp.Text, rp.Outdated = t.Text, t.Outdated
			} else {
				rp.Outdated = true
			}
		}
		d.Paragraphs = append(d.Paragraphs, rp)
	}
	return d
}

// exportMarkedDocument is d with the marks of revision x.rev against the one
// before it: the negotiating text (translations carry no marks), a
// paragraph removed since shown struck through under its label.
func (s *Server) exportMarkedDocument(r *http.Request, x exportedOutcome, d render.Document) (render.Document, error) {
	c, err := s.outcome.Markup(r.Context(), stateOf(r).user, x.doc.ID, x.rev.Number)
	if err != nil {
		return d, err
	}
	lang := i18n.Lang(x.lang)
	d.Paragraphs = d.Paragraphs[:0]
	for _, pd := range c.Paragraphs {
		p := render.Paragraph{Label: pd.Label, Kind: pd.Kind, Status: pd.Status}
		if pd.Change == outcome.Removed {
			p.Status = "deleted"
		}
		p.StatusLabel = s.catalog.T(lang, "outcome.status."+p.Status)
		var text strings.Builder
		for _, op := range pd.Ops {
			p.Marks = append(p.Marks, render.Mark{Kind: op.Kind.String(), Text: op.Text})
			if op.Kind != textdiff.Delete {
				text.WriteString(op.Text)
			}
		}
		p.Text = text.String()
		d.Paragraphs = append(d.Paragraphs, p)
	}
	return d, nil
}

// exportAnnexEntries are the document's annex as render draws it, the kinds in
// lang.
func (s *Server) exportAnnexEntries(r *http.Request, x exportedOutcome) ([]render.AnnexEntry, error) {
	list, err := s.outcome.Annex(r.Context(), stateOf(r).user, x.doc.ID)
	if err != nil {
		return nil, err
	}
	out := make([]render.AnnexEntry, len(list))
	for i, a := range list {
		out[i] = render.AnnexEntry{Delegation: a.Delegation, Kind: a.Kind, KindLabel: s.catalog.T(i18n.Lang(x.lang), "outcome_export.annex_kind."+a.Kind),
			Paragraphs: a.Paragraphs, Text: a.Text, Lang: a.Language, At: a.At}
	}
	return out, nil
}

// exportOutcomeFileName names a download: the document, the revision (or
// "adopted"), the language.
func exportOutcomeFileName(x exportedOutcome, ext string) string {
	rev := fmt.Sprintf("rev-%d", x.rev.Number)
	switch {
	case x.adopted:
		rev = "adopted"
	case x.rev.Number == 0:
		rev = "zero-draft"
	case x.rev.Kind == outcome.Oral:
		rev += "-oral"
	}
	return fmt.Sprintf("outcome-%d-%s-%s.%s", x.doc.ID, rev, x.lang, ext)
}
