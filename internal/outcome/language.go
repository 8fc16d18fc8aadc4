package outcome

import (
	"context"

	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// A document is negotiated in one language; the chair and the
// secretariat keep its versions in the edition's other working languages.
// A version names the wording it translates (source_version): when the
// negotiating text changes, the version stays, read as outdated, so the
// translators see what to redo instead of losing what they had.

// TranslationInput is a paragraph's version in another language.
type TranslationInput struct {
	Text   string `json:"text"`
	Status string `json:"status"` // machine, draft, reviewed, authentic
}

// Markers of SideBySide in LangText.Status besides the translation
// statuses: the negotiating text itself, and a language with no version.
const (
	Negotiating = "negotiating"
	Missing     = "missing"
)

var errTranslationNegotiating = errs.Field("language", "negotiating_language", "outcome.error.translation_negotiating")

// errLanguage refuses a language that is not one of the edition's working
// languages.
func errLanguage(field, lang string) error {
	return errs.Field(field, "invalid_language", "outcome.error.invalid_language", "language", lang)
}

// SetTranslation writes a paragraph's version in lang, one of the
// edition's working languages other than the negotiating one, as a
// translation of the paragraph's current wording. The chair and the
// secretariat keep the languages; under silence too (the text circulates
// in every language), not once adopted.
func (s *Service) SetTranslation(ctx context.Context, v Viewer, docID int64, label, lang string, in TranslationInput) (Paragraph, error) {
	if !presides(v) {
		return Paragraph{}, errChairOnly
	}
	// the document, and its edition for its working languages
	d, err := loadDocument(ctx, s.DB.Reader(), docID)
	if err != nil {
		return Paragraph{}, err
	}
	e, err := s.edition(ctx, v, d)
	if err != nil {
		return Paragraph{}, err
	}
	if lang == d.Language {
		return Paragraph{}, errTranslationNegotiating
	}
	if !contains(e.Languages, lang) {
		return Paragraph{}, errLanguage("language", lang)
	}
	if !contains(TextStatuses, in.Status) {
		return Paragraph{}, errTextStatus
	}
	if in.Text, err = checkParagraphText(in.Text); err != nil {
		return Paragraph{}, err
	}
	var p Paragraph
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockOpen(ctx, tx, docID); err != nil {
			return err
		}
		var err error
		if p, err = liveParagraph(ctx, tx, docID, label); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO outcome_paragraph_texts (paragraph_id, language, text, status, source_version, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (paragraph_id, language) DO UPDATE SET text = excluded.text, status = excluded.status,
				source_version = excluded.source_version, engine = '', updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			p.ID, lang, in.Text, in.Status, p.TextVersion, userID(v), store.Now()); err != nil {
			return err
		}
		list := []Paragraph{p}
		if err := attachParagraphs(ctx, tx, docID, list); err != nil {
			return err
		}
		p = list[0]
		return touch(ctx, tx, v, docID, "outcome.translation.set", "outcome_paragraph", p.ID,
			map[string]any{"label": p.Label, "language": lang, "status": in.Status, "source_version": p.TextVersion})
	})
	return p, err
}

// SideRow is one paragraph in two languages.
type SideRow struct {
	Label string   `json:"label"`
	Kind  string   `json:"kind"`
	A     LangText `json:"a"`
	B     LangText `json:"b"`
}

// SideBySide sets a document's text in languages a and b side by side,
// paragraph by paragraph: the working text (revision < 0) or revision
// number revision. The negotiating language reads the paragraph's own
// text, marked Negotiating; a language with no version yet reads empty,
// marked Missing, so that the gap shows instead of the row vanishing.
func (s *Service) SideBySide(ctx context.Context, v Viewer, docID int64, a, b string, revision int) ([]SideRow, error) {
	// the document, and its edition for its working languages
	d, err := loadDocument(ctx, s.DB.Reader(), docID)
	if err != nil {
		return nil, err
	}
	e, err := s.edition(ctx, v, d)
	if err != nil {
		return nil, err
	}
	for _, l := range []struct{ field, lang string }{{"a", a}, {"b", b}} {
		if !contains(e.Languages, l.lang) {
			return nil, errLanguage(l.field, l.lang)
		}
	}
	var list []Paragraph
	if revision < 0 {
		list, err = paragraphs(ctx, s.DB.Reader(), docID)
	} else {
		var r Revision
		r, err = s.Revision(ctx, v, docID, revision)
		list = r.Paragraphs
	}
	if err != nil {
		return nil, err
	}
	in := func(p Paragraph, lang string) LangText {
		if lang == d.Language {
			return LangText{Text: p.Text, Status: Negotiating, SourceVersion: p.TextVersion}
		}
		if t, ok := p.Texts[lang]; ok {
			return t
		}
		return LangText{Status: Missing}
	}
	rows := make([]SideRow, len(list))
	for i, p := range list {
		rows[i] = SideRow{Label: p.Label, Kind: p.Kind, A: in(p, a), B: in(p, b)}
	}
	return rows, nil
}
