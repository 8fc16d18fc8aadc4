package dialogue

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"

	"roundtable/internal/audit"
	"roundtable/internal/i18n"
	"roundtable/internal/store"
	"roundtable/internal/translate"
)

// Machine translation of statements. A statement's readers see its body
// in each language (a translation has no title of its own: the page keeps
// the original's), so the body is what is translated. The translator
// writes a version only where no person has written one; a person's
// translation written later replaces the machine's (SetTranslation).

// TranslationSource is the statements' side of machine translation, for
// the translator to register under outbox.TranslateStatement.
func (s *Service) TranslationSource() translate.Source {
	return &statementSource{s: s, loaded: map[int64]string{}}
}

// statementSource remembers the text each Load read: a statement whose
// text changed before its translations came back gets none of them (its
// job was queued again by that change and translates the new text). Load
// and Save of a job run on the instance that claimed it.
type statementSource struct {
	s      *Service
	mu     sync.Mutex
	loaded map[int64]string // statement id → body loaded
}

// Load reads the statement's body and language, and the languages a
// person has translated it into.
func (src *statementSource) Load(ctx context.Context, ref int64) (translate.Item, error) {
	q := src.s.DB.Reader()
	var it translate.Item
	var body string
	err := q.QueryRow(ctx, "SELECT language, body FROM statements WHERE id = ?", ref).Scan(&it.Lang, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return it, translate.ErrGone
	}
	if err != nil {
		return it, err
	}
	it.Texts = []string{body}
	it.Human, err = store.QueryAll(ctx, q, store.ScanString,
		"SELECT language FROM statement_translations WHERE statement_id = ? AND origin = 'human' ORDER BY language", ref)
	if err == nil {
		src.mu.Lock()
		src.loaded[ref] = body
		src.mu.Unlock()
	}
	return it, err
}

// Save writes the machine versions in one transaction. The upsert leaves a
// row a person wrote alone (its WHERE), so a human translation saved
// between Load and Save survives.
func (src *statementSource) Save(ctx context.Context, ref int64, from string, versions map[string][]string, engine string) error {
	src.mu.Lock()
	loaded, known := src.loaded[ref]
	delete(src.loaded, ref)
	src.mu.Unlock()
	return src.s.DB.Write(ctx, func(tx *store.Tx) error {
		var original, body string
		err := tx.QueryRow(ctx, "SELECT language, body FROM statements WHERE id = ?", ref).Scan(&original, &body)
		if errors.Is(err, sql.ErrNoRows) {
			return translate.ErrGone
		}
		if err != nil {
			return err
		}
		if known && body != loaded {
			return nil // translations of a text the statement no longer has
		}
		// A machine version in what is now the original's language (the
		// statement was moved to it since) has nothing left to say.
		if _, err := tx.Exec(ctx, "DELETE FROM statement_translations WHERE statement_id = ? AND language = ? AND origin = 'machine'", ref, original); err != nil {
			return err
		}
		now := store.Now()
		var written []string
		for _, lang := range machineLanguages(versions, original) {
			body, ok := machineText(versions[lang], maxBody)
			if !ok {
				continue
			}
			res, err := tx.Exec(ctx, `INSERT INTO statement_translations (statement_id, language, body, origin, review, engine, updated_at)
				VALUES (?, ?, ?, 'machine', 'pending', ?, ?)
				ON CONFLICT (statement_id, language) DO UPDATE SET body = excluded.body, origin = 'machine', review = 'pending',
					engine = excluded.engine, updated_at = excluded.updated_at
				WHERE statement_translations.origin = 'machine'`, ref, lang, body, engine, now)
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
		if err := reindexStatement(ctx, tx, ref); err != nil {
			return err
		}
		return audit.Record(ctx, tx, MachineAudit("statement.machine_translate", "statement", itoa(ref), from, engine, written))
	})
}

// MachineAudit is the audit entry of one machine translation save: which
// engine wrote which languages from which one. The areas that translate
// (statements, propositions, outcome paragraphs) share it.
func MachineAudit(action, entity, id, from, engine string, langs []string) audit.Event {
	return audit.Event{Actor: audit.System("translator"), Action: action, EntityType: entity, EntityID: id,
		Change: map[string]any{"engine": engine, "from": from, "languages": langs}}
}

// machineLanguages lists the languages of versions a machine version may
// be written in, in order: supported ones, other than the original.
func machineLanguages(versions map[string][]string, original string) []string {
	var out []string
	for lang := range versions {
		if _, ok := i18n.Parse(lang); ok && len(lang) == 2 && lang != original {
			out = append(out, lang)
		}
	}
	slices.Sort(out)
	return out
}

// MachineLanguages is machineLanguages for the other areas.
func MachineLanguages(versions map[string][]string, original string) []string {
	return machineLanguages(versions, original)
}

// machineText is the one translated part of a version, trimmed and
// bounded as a person's would be; an engine's empty or oversized answer
// is not written.
func machineText(parts []string, max int) (string, bool) {
	if len(parts) != 1 {
		return "", false
	}
	t, err := checkText("text", strings.TrimSpace(parts[0]), max, true)
	return t, err == nil
}

// MachineText is machineText for the other areas.
func MachineText(parts []string, max int) (string, bool) { return machineText(parts, max) }
