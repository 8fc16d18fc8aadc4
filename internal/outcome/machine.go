package outcome

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"

	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/translate"
)

// HumanTextStatuses are the statuses of a paragraph's version that a
// person wrote or vouched for: never overwritten by a machine.
var HumanTextStatuses = []string{"draft", "reviewed", "authentic"}

// TranslationSource is the outcome paragraphs' side of machine
// translation, for the translator to register under
// outbox.TranslateParagraph: a paragraph's negotiating text gets versions
// with status machine in the edition's other working languages, where no
// person has written one.
func (s *Service) TranslationSource() translate.Source {
	return &paragraphSource{s: s, loaded: map[int64]int{}}
}

// paragraphSource remembers the text version each Load read, so that a
// translation saved after the wording changed again names the wording it
// translates (and reads as outdated) rather than the new one. Load and
// Save of a job run on the instance that claimed it.
type paragraphSource struct {
	s      *Service
	mu     sync.Mutex
	loaded map[int64]int // paragraph id → text version loaded
}

// Load reads a live paragraph's text and the document's negotiating
// language. A paragraph deleted from the text, or of an adopted document
// (whose texts no longer change), is gone.
func (src *paragraphSource) Load(ctx context.Context, ref int64) (translate.Item, error) {
	q := src.s.DB.Reader()
	var it translate.Item
	var text, status string
	var deleted bool
	var version int
	err := q.QueryRow(ctx, `SELECT p.text, p.text_version, p.deleted, d.language, d.status FROM outcome_paragraphs p
		JOIN outcome_documents d ON d.id = p.document_id WHERE p.id = ?`, ref).Scan(&text, &version, &deleted, &it.Lang, &status)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (deleted || status == Adopted)) {
		return translate.Item{}, translate.ErrGone
	}
	if err != nil {
		return it, err
	}
	it.Texts = []string{text}
	it.Human, err = store.QueryAll(ctx, q, store.ScanString,
		"SELECT language FROM outcome_paragraph_texts WHERE paragraph_id = ? AND status <> 'machine' ORDER BY language", ref)
	if err == nil {
		src.mu.Lock()
		src.loaded[ref] = version
		src.mu.Unlock()
	}
	return it, err
}

// Save writes the machine versions in one transaction as translations of
// the paragraph's current wording (source_version), in the edition's
// working languages only, leaving any version a person wrote meanwhile
// as it is (the upsert's WHERE); open views of the document redraw.
func (src *paragraphSource) Save(ctx context.Context, ref int64, from string, versions map[string][]string, engine string) error {
	src.mu.Lock()
	loaded, known := src.loaded[ref]
	delete(src.loaded, ref)
	src.mu.Unlock()
	return src.s.DB.Write(ctx, func(tx *store.Tx) error {
		var docID int64
		var textVersion int
		var deleted bool
		err := tx.QueryRow(ctx, "SELECT document_id, text_version, deleted FROM outcome_paragraphs WHERE id = ?", ref).Scan(&docID, &textVersion, &deleted)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && deleted) {
			return translate.ErrGone
		}
		if err != nil {
			return err
		}
		if known && loaded < textVersion {
			// reworded since it was loaded: this translates the older wording
			textVersion = loaded
		}
		d, err := lockOpen(ctx, tx, docID)
		if errors.Is(err, errAdopted) {
			return translate.ErrGone
		}
		if err != nil {
			return err
		}
		var languages string
		if err := tx.QueryRow(ctx, "SELECT languages FROM editions WHERE id = ?", d.EditionID).Scan(&languages); err != nil {
			return err
		}
		working := strings.Split(languages, ",")
		now := store.Now()
		var written []string
		for _, lang := range dialogue.MachineLanguages(versions, d.Language) {
			text, ok := dialogue.MachineText(versions[lang], maxParagraph)
			if !ok || !slices.Contains(working, lang) {
				continue
			}
			res, err := tx.Exec(ctx, `INSERT INTO outcome_paragraph_texts (paragraph_id, language, text, status, source_version, engine, updated_by, updated_at)
				VALUES (?, ?, ?, 'machine', ?, ?, NULL, ?)
				ON CONFLICT (paragraph_id, language) DO UPDATE SET text = excluded.text, status = 'machine', source_version = excluded.source_version,
					engine = excluded.engine, updated_by = NULL, updated_at = excluded.updated_at
				WHERE outcome_paragraph_texts.status = 'machine'`, ref, lang, text, textVersion, engine, now)
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
		if _, err := tx.Exec(ctx, "UPDATE outcome_documents SET version = version + 1, updated_at = ? WHERE id = ?", now, docID); err != nil {
			return err
		}
		if err := outbox.Live(ctx, tx, Channel(docID)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, dialogue.MachineAudit("outcome.translation.machine", "outcome_paragraph", itoa(ref), from, engine, written))
	})
}
