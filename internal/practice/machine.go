package practice

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"

	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/store"
	"roundtable/internal/translate"
)

// Machine translation of practices. The seven parts of the original text
// (title, context, actions, results, challenges, lessons, conditions for
// transfer) are translated into the working languages that have no
// version written by a person; each machine version has origin "machine"
// and review "pending". Jobs are queued when a practice is submitted and
// when the original of a submitted or published one changes (drafts are
// not translated).

// TranslationSource is the practices' side of machine translation, for
// the translator to register under TranslateKind.
func (s *Service) TranslationSource() translate.Source {
	return &practiceSource{s: s, loaded: map[int64]string{}}
}

// practiceSource remembers the original each Load read: a practice whose
// original changed before its translations came back gets none of them
// (the change queued its job again).
type practiceSource struct {
	s      *Service
	mu     sync.Mutex
	loaded map[int64]string
}

// original reads a practice's language and the parts of its original.
func original(ctx context.Context, q store.Querier, ref int64) (string, []string, error) {
	var lang string
	parts := make([]string, 7)
	err := q.QueryRow(ctx, `SELECT p.language, t.title, t.context, t.actions, t.results, t.challenges, t.lessons, t.transfer
		FROM practices p JOIN practice_texts t ON t.practice_id = p.id AND t.language = p.language WHERE p.id = ?`, ref).
		Scan(&lang, &parts[0], &parts[1], &parts[2], &parts[3], &parts[4], &parts[5], &parts[6])
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, translate.ErrGone
	}
	return lang, parts, err
}

// Load reads the practice's original and the languages a person has
// translated it into.
func (src *practiceSource) Load(ctx context.Context, ref int64) (translate.Item, error) {
	q := src.s.DB.Reader()
	lang, parts, err := original(ctx, q, ref)
	if err != nil {
		return translate.Item{}, err
	}
	it := translate.Item{Lang: lang, Texts: parts}
	it.Human, err = store.QueryAll(ctx, q, store.ScanString,
		"SELECT language FROM practice_texts WHERE practice_id = ? AND origin = ? ORDER BY language", ref, OriginHuman)
	if err == nil {
		src.mu.Lock()
		src.loaded[ref] = strings.Join(parts, "\x00")
		src.mu.Unlock()
	}
	return it, err
}

// Save writes the machine versions in one transaction, leaving any
// language a person translated meanwhile as it is, and announces the
// practice's documents to search, audited as the translator's.
func (src *practiceSource) Save(ctx context.Context, ref int64, from string, versions map[string][]string, engine string) error {
	src.mu.Lock()
	loaded, ok := src.loaded[ref]
	delete(src.loaded, ref)
	src.mu.Unlock()
	return src.s.DB.Write(ctx, func(tx *store.Tx) error {
		lang, parts, err := original(ctx, tx, ref)
		if err != nil {
			return err
		}
		if ok && loaded != strings.Join(parts, "\x00") {
			return nil // changed since: its job was queued again
		}
		now := store.Now()
		var written []string
		for _, l := range dialogue.MachineLanguages(versions, lang) {
			t, good := machineText(l, versions[l], parts)
			if !good {
				continue
			}
			res, err := tx.Exec(ctx, `INSERT INTO practice_texts (practice_id, language, title, context, actions, results, challenges, lessons, transfer, origin, review, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (practice_id, language) DO UPDATE SET title = excluded.title, context = excluded.context, actions = excluded.actions,
					results = excluded.results, challenges = excluded.challenges, lessons = excluded.lessons, transfer = excluded.transfer,
					origin = excluded.origin, review = excluded.review, updated_at = excluded.updated_at
				WHERE practice_texts.origin = 'machine'`,
				ref, l, t.Title, t.Context, t.Actions, t.Results, t.Challenges, t.Lessons, t.Transfer, OriginMachine, ReviewPending, now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				written = append(written, l)
			}
		}
		if len(written) == 0 {
			return nil
		}
		if err := announce(ctx, tx, ref); err != nil {
			return err
		}
		return audit.Record(ctx, tx, dialogue.MachineAudit("practice.machine_translate", "practice", itoa(ref), from, engine, written))
	})
}

// machineText is one language's translated parts as a text, bounded as a
// person's would be; an answer with a part missing, an empty title, or a
// part empty where the original has text is not written.
func machineText(lang string, got, parts []string) (Text, bool) {
	if len(got) != len(parts) {
		return Text{}, false
	}
	for i := range got {
		got[i] = strings.TrimSpace(got[i])
		if (got[i] == "") != (strings.TrimSpace(parts[i]) == "") {
			return Text{}, false
		}
	}
	t, err := checkSections(lang, Text{Title: got[0], Context: got[1], Actions: got[2], Results: got[3], Challenges: got[4], Lessons: got[5], Transfer: got[6]})
	return t, err == nil
}
