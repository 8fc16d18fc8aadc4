package practice

import (
	"context"

	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Create writes a new practice as a draft: a delegate for their own state
// only (forbidden, code not_your_state, otherwise), the secretariat for
// any. Its text is the original, in in.Language.
func (s *Service) Create(ctx context.Context, v Viewer, in Input) (Practice, error) {
	c, err := s.check(ctx, v, in)
	if err != nil {
		return Practice{}, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO practices (country, language, period_from, period_to, institutions, costs, contact, state, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.Country, c.Language, year(c.PeriodFrom), year(c.PeriodTo),
			c.Institutions, c.Costs, c.Contact, string(Draft), userID(v), now, now).Scan(&id); err != nil {
			return err
		}
		if err := checkDocuments(ctx, tx, v, id, c.Documents); err != nil {
			return err
		}
		if err := writeText(ctx, tx, id, c.text, now); err != nil {
			return err
		}
		if err := writeLinks(ctx, tx, id, c); err != nil {
			return err
		}
		return changed(ctx, tx, v, id, "practice.create", c.Input)
	})
	if err != nil {
		return Practice{}, err
	}
	return s.Get(ctx, v, id)
}

// Update rewrites a practice's facts and its original text: its state's
// delegates while it is a draft or submitted, the secretariat always. Its
// language is fixed (a translation is SetText's); moving it to another
// country is the secretariat's. When the original text changes, machine
// translations are dropped (the translator writes them again once the
// practice is submitted) and people's translations go back to pending
// review.
func (s *Service) Update(ctx context.Context, v Viewer, id int64, in Input) (Practice, error) {
	old, err := s.Get(ctx, v, id)
	if err != nil {
		return old, err
	}
	if err := s.mayEdit(v, old); err != nil {
		return old, err
	}
	if in.Language == "" {
		in.Language = old.Language
	}
	if in.Language != old.Language {
		return old, errs.Field("language", "language_fixed", "practice.error.language_fixed")
	}
	c, err := s.check(ctx, v, in)
	if err != nil {
		return old, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		st, err := lockState(ctx, tx, id)
		if err != nil {
			return err
		}
		if st == Published && !visibility.Of(v).Secretariat() {
			return errNotEditable
		}
		now := store.Now()
		if _, err := tx.Exec(ctx, `UPDATE practices SET country = ?, period_from = ?, period_to = ?, institutions = ?, costs = ?, contact = ?, updated_at = ?
			WHERE id = ?`, c.Country, year(c.PeriodFrom), year(c.PeriodTo), c.Institutions, c.Costs, c.Contact, now, id); err != nil {
			return err
		}
		if err := checkDocuments(ctx, tx, v, id, c.Documents); err != nil {
			return err
		}
		if sameSections(old.Texts[old.Language], c.text) {
			c.text.UpdatedAt = old.Texts[old.Language].UpdatedAt
		} else {
			if _, err := tx.Exec(ctx, "DELETE FROM practice_texts WHERE practice_id = ? AND origin = ?", id, OriginMachine); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE practice_texts SET review = ? WHERE practice_id = ? AND origin = ?", ReviewPending, id, OriginHuman); err != nil {
				return err
			}
			if st != Draft {
				if err := outbox.Translate(ctx, tx, TranslateKind, id); err != nil {
					return err
				}
			}
		}
		if c.text.UpdatedAt.IsZero() {
			c.text.UpdatedAt = now
		}
		if err := writeText(ctx, tx, id, c.text, c.text.UpdatedAt); err != nil {
			return err
		}
		for _, table := range []string{"practice_concepts", "practice_targets", "practice_indicators", "practice_documents"} {
			if _, err := tx.Exec(ctx, "DELETE FROM "+table+" WHERE practice_id = ?", id); err != nil {
				return err
			}
		}
		if err := writeLinks(ctx, tx, id, c); err != nil {
			return err
		}
		return changed(ctx, tx, v, id, "practice.update", c.Input)
	})
	if err != nil {
		return Practice{}, err
	}
	return s.Get(ctx, v, id)
}

// mayEdit: the secretariat always; its state's delegates until it is
// published.
func (s *Service) mayEdit(v Viewer, p Practice) error {
	if err := canWrite(v, p.Country); err != nil {
		return err
	}
	if p.State == Published && !visibility.Of(v).Secretariat() {
		return errNotEditable
	}
	return nil
}

// SetText writes a translation made by a person (origin human) into lang,
// another language than the original's; t.Review is "reviewed" or
// "pending" ("" is pending). Who may write it: as Update.
func (s *Service) SetText(ctx context.Context, v Viewer, id int64, lang string, t Text) (Practice, error) {
	p, err := s.Get(ctx, v, id)
	if err != nil {
		return p, err
	}
	if err := s.mayEdit(v, p); err != nil {
		return p, err
	}
	if err := checkLang("language", lang); err != nil {
		return p, err
	}
	if lang == p.Language {
		return p, errTranslateSelf
	}
	review := t.Review
	if review == "" {
		review = ReviewPending
	}
	if review != ReviewPending && review != ReviewReviewed {
		return p, errs.Field("review", "bad_review", "practice.error.review")
	}
	t, err = checkSections(lang, t)
	if err != nil {
		return p, err
	}
	t.Origin, t.Review = OriginHuman, review
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		st, err := lockState(ctx, tx, id)
		if err != nil {
			return err
		}
		if st == Published && !visibility.Of(v).Secretariat() {
			return errNotEditable
		}
		now := store.Now()
		if err := writeText(ctx, tx, id, t, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE practices SET updated_at = ? WHERE id = ?", now, id); err != nil {
			return err
		}
		return changed(ctx, tx, v, id, "practice.translate", map[string]any{"language": lang, "review": review, "text": t})
	})
	if err != nil {
		return Practice{}, err
	}
	return s.Get(ctx, v, id)
}

// Submit sends a draft to the secretariat (its state's delegates, the
// secretariat).
func (s *Service) Submit(ctx context.Context, v Viewer, id int64) (Practice, error) {
	return s.move(ctx, v, id, Draft, Submitted, false, "practice.submit", "")
}

// Publish publishes a submitted practice (the secretariat only).
func (s *Service) Publish(ctx context.Context, v Viewer, id int64) (Practice, error) {
	return s.move(ctx, v, id, Submitted, Published, true, "practice.publish", "")
}

// Return sends a submitted practice back to its delegation as a draft,
// with a note kept in the audit trail (the secretariat only).
func (s *Service) Return(ctx context.Context, v Viewer, id int64, note string) (Practice, error) {
	note, err := checkText("note", note, maxShort, false)
	if err != nil {
		return Practice{}, err
	}
	return s.move(ctx, v, id, Submitted, Draft, true, "practice.return", note)
}

// move takes a practice from one state to the next.
func (s *Service) move(ctx context.Context, v Viewer, id int64, from, to State, secretariat bool, action, note string) (Practice, error) {
	p, err := s.Get(ctx, v, id)
	if err != nil {
		return p, err
	}
	if secretariat && !visibility.Of(v).Secretariat() {
		return p, errSecretariat
	}
	if err := canWrite(v, p.Country); err != nil {
		return p, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		st, err := lockState(ctx, tx, id)
		if err != nil {
			return err
		}
		if st != from {
			return stateConflict(st)
		}
		now := store.Now()
		var published any
		if to == Published {
			published = now
		}
		if _, err := tx.Exec(ctx, "UPDATE practices SET state = ?, updated_at = ?, published_at = ? WHERE id = ?", string(to), now, published, id); err != nil {
			return err
		}
		if to == Submitted {
			if err := outbox.Translate(ctx, tx, TranslateKind, id); err != nil {
				return err
			}
		}
		return changed(ctx, tx, v, id, action, map[string]any{"from": from, "to": to, "note": note})
	})
	if err != nil {
		return Practice{}, err
	}
	return s.Get(ctx, v, id)
}

// lockState reads a practice's state inside a write.
func lockState(ctx context.Context, tx *store.Tx, id int64) (State, error) {
	var st string
	err := tx.QueryRow(ctx, "SELECT state FROM practices WHERE id = ?", id).Scan(&st)
	return State(st), notFound(err)
}

// changed finishes every write to a practice: its search documents (the
// practice, "practice:<id>", and each of its translations,
// "practice:<id>:<lang>") are announced and the change audited.
func changed(ctx context.Context, tx *store.Tx, v Viewer, id int64, action string, change any) error {
	if err := announce(ctx, tx, id); err != nil {
		return err
	}
	return record(ctx, tx, v, action, "practice", id, change)
}

// announce tells search that the practice and its translations changed.
func announce(ctx context.Context, tx *store.Tx, id int64) error {
	ids, err := store.QueryAll(ctx, tx, store.ScanString, `SELECT 'practice:' || t.practice_id || ':' || t.language FROM practice_texts t
		JOIN practices p ON p.id = t.practice_id WHERE t.practice_id = ? AND t.language <> p.language ORDER BY t.language`, id)
	if err != nil {
		return err
	}
	return outbox.Search(ctx, tx, append([]string{"practice:" + itoa(id)}, ids...)...)
}

func writeText(ctx context.Context, tx *store.Tx, id int64, t Text, at any) error {
	_, err := tx.Exec(ctx, `INSERT INTO practice_texts (practice_id, language, title, context, actions, results, challenges, lessons, transfer, origin, review, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (practice_id, language) DO UPDATE SET title = excluded.title, context = excluded.context, actions = excluded.actions,
			results = excluded.results, challenges = excluded.challenges, lessons = excluded.lessons, transfer = excluded.transfer,
			origin = excluded.origin, review = excluded.review, updated_at = excluded.updated_at`,
		id, t.Language, t.Title, t.Context, t.Actions, t.Results, t.Challenges, t.Lessons, t.Transfer, t.Origin, t.Review, at)
	return err
}

// writeLinks writes a practice's concepts, targets, indicators and
// documents.
func writeLinks(ctx context.Context, tx *store.Tx, id int64, c checked) error {
	for _, x := range c.concepts {
		if _, err := tx.Exec(ctx, "INSERT INTO practice_concepts (practice_id, concept_id) VALUES (?, ?)", id, x); err != nil {
			return err
		}
	}
	for _, x := range c.Targets {
		if _, err := tx.Exec(ctx, "INSERT INTO practice_targets (practice_id, target) VALUES (?, ?)", id, x); err != nil {
			return err
		}
	}
	for _, x := range c.Indicators {
		if _, err := tx.Exec(ctx, "INSERT INTO practice_indicators (practice_id, indicator_code) VALUES (?, ?)", id, x); err != nil {
			return err
		}
	}
	for _, d := range c.Documents {
		if _, err := tx.Exec(ctx, "INSERT INTO practice_documents (practice_id, upload_id, title) VALUES (?, ?, ?)", id, d.UploadID, d.Title); err != nil {
			return err
		}
	}
	return nil
}

func sameSections(a, b Text) bool {
	return a.Title == b.Title && a.Context == b.Context && a.Actions == b.Actions && a.Results == b.Results &&
		a.Challenges == b.Challenges && a.Lessons == b.Lessons && a.Transfer == b.Transfer
}

// year is a period's year for its column: NULL when not given.
func year(y int) any {
	if y == 0 {
		return nil
	}
	return y
}
