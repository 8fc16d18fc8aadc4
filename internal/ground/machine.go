package ground

import (
	"context"
	"database/sql"
	"errors"

	"roundtable/internal/dialogue"
	"roundtable/internal/store"
	"roundtable/internal/translate"
)

// TranslationSource is the propositions' side of machine translation, for
// the translator to register under outbox.TranslateProposition. A machine
// version is written only where no person has written one; a person's
// translation written later replaces it (SetTranslation).
func (s *Service) TranslationSource() translate.Source { return propositionSource{s} }

type propositionSource struct{ s *Service }

// Load reads the proposition's text and language, and the languages a
// person has translated it into.
func (src propositionSource) Load(ctx context.Context, ref int64) (translate.Item, error) {
	q := src.s.DB.Reader()
	var it translate.Item
	var body string
	err := q.QueryRow(ctx, "SELECT language, body FROM propositions WHERE id = ?", ref).Scan(&it.Lang, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return it, translate.ErrGone
	}
	if err != nil {
		return it, err
	}
	it.Texts = []string{body}
	it.Human, err = store.QueryAll(ctx, q, store.ScanString,
		"SELECT language FROM proposition_translations WHERE proposition_id = ? AND origin = 'human' ORDER BY language", ref)
	return it, err
}

// Save writes the machine versions in one transaction, leaving any
// language a person translated meanwhile as it is (the upsert's WHERE),
// and finishes the write as every change to a proposition does: search
// documents, the live map, the audit.
func (src propositionSource) Save(ctx context.Context, ref int64, from string, versions map[string][]string, engine string) error {
	return src.s.DB.Write(ctx, func(tx *store.Tx) error {
		var original string
		var editionID int64
		err := tx.QueryRow(ctx, "SELECT language, edition_id FROM propositions WHERE id = ?", ref).Scan(&original, &editionID)
		if errors.Is(err, sql.ErrNoRows) {
			return translate.ErrGone
		}
		if err != nil {
			return err
		}
		now := store.Now()
		var written []string
		for _, lang := range dialogue.MachineLanguages(versions, original) {
			body, ok := dialogue.MachineText(versions[lang], maxText)
			if !ok {
				continue
			}
			res, err := tx.Exec(ctx, `INSERT INTO proposition_translations (proposition_id, language, body, origin, review, engine, updated_at)
				VALUES (?, ?, ?, 'machine', 'pending', ?, ?)
				ON CONFLICT (proposition_id, language) DO UPDATE SET body = excluded.body, origin = 'machine', review = 'pending',
					engine = excluded.engine, updated_at = excluded.updated_at
				WHERE proposition_translations.origin = 'machine'`, ref, lang, body, engine, now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				written = append(written, lang)
			}
		}
		if len(written) == 0 {
			return nil
		}
		e := dialogue.MachineAudit("proposition.machine_translate", "proposition", itoa(ref), from, engine, written)
		return changedBy(ctx, tx, e.Actor, editionID, ref, e.Action, e.Change)
	})
}
