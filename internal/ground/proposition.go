package ground

import (
	"context"
	"slices"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
)

// PropositionInput is what the API, the form and the demo send to put a
// proposition forward.
type PropositionInput struct {
	// DelegationID is the delegation proposing; 0 is the chair's own
	// proposition (or, for a delegate, their own delegation's).
	DelegationID int64    `json:"delegation_id,omitempty"`
	Language     string   `json:"language"`
	Text         string   `json:"text"`
	Concepts     []string `json:"concepts,omitempty"` // thesaurus concept ids, besides those found in the text
	Sources      []int64  `json:"sources,omitempty"`  // ids of the statements it comes from
}

var errNotAccredited = errs.Field("delegation_id", "delegation_not_accredited", "validation.not_accredited")

// Propose puts a proposition forward. The chair's (and the secretariat's)
// is published at once; a delegation's waits for the chair. Only a
// delegation's members propose in its name.
func (s *Service) Propose(ctx context.Context, v Viewer, editionID int64, in PropositionInput) (Proposition, error) {
	if _, err := s.Dialogue.Edition(ctx, v, editionID); err != nil {
		return Proposition{}, err
	}
	dels, err := s.Dialogue.Delegations(ctx, v, editionID)
	if err != nil {
		return Proposition{}, err
	}
	status := Published
	var delegation any
	switch own := dialogue.OwnIn(v, dels); {
	case own != nil && (in.DelegationID == 0 || in.DelegationID == own.ID):
		if !own.Accredited {
			return Proposition{}, errNotAccredited
		}
		status, delegation = Submitted, own.ID
	case in.DelegationID != 0 || !presides(v):
		// Nobody but its members proposes in a delegation's name.
		return Proposition{}, errNotYourDelegation
	}
	if err := s.checkProposition(ctx, v, editionID, &in); err != nil {
		return Proposition{}, err
	}
	auto := s.tag(in.Language, in.Text)
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO propositions (edition_id, delegation_id, language, body, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, editionID, delegation, in.Language, in.Text, status, userID(v), now, now).Scan(&id); err != nil {
			return err
		}
		if err := addConcepts(ctx, tx, id, auto, "auto"); err != nil {
			return err
		}
		if err := addConcepts(ctx, tx, id, in.Concepts, "added"); err != nil {
			return err
		}
		for _, st := range in.Sources {
			if _, err := tx.Exec(ctx, "INSERT INTO proposition_sources (proposition_id, statement_id) VALUES (?, ?) ON CONFLICT DO NOTHING", id, st); err != nil {
				return err
			}
		}
		if err := outbox.Translate(ctx, tx, outbox.TranslateProposition, id); err != nil {
			return err
		}
		return s.changed(ctx, tx, v, editionID, id, "proposition.propose", in)
	})
	if err != nil {
		return Proposition{}, err
	}
	return s.Proposition(ctx, v, id)
}

// checkProposition validates a proposition's text, tags and sources.
func (s *Service) checkProposition(ctx context.Context, v Viewer, editionID int64, in *PropositionInput) error {
	if err := dialogue.CheckLang("language", in.Language); err != nil {
		return err
	}
	var err error
	if in.Text, err = dialogue.CheckText("text", in.Text, maxText, true); err != nil {
		return err
	}
	// A copy: the caller's list is theirs.
	in.Concepts = slices.Clone(in.Concepts)
	for i, c := range in.Concepts {
		in.Concepts[i] = strings.TrimSpace(c)
		if s.Thesaurus == nil || !s.Thesaurus.Known(in.Concepts[i]) {
			return errs.Field("concepts", "unknown_concept", "ground.error.unknown_concept", "id", in.Concepts[i])
		}
	}
	for _, id := range in.Sources {
		// A statement the proposer may not read is unknown to them.
		st, err := s.Dialogue.Statement(ctx, v, id)
		if errs.Is(err, errs.NotFound) || (err == nil && st.EditionID != editionID) {
			return errs.Field("sources", "unknown_statement", "ground.error.unknown_statement", "id", id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) tag(lang, text string) []string {
	if s.Thesaurus == nil {
		return nil
	}
	return s.Thesaurus.Tag(lang, text)
}

func addConcepts(ctx context.Context, tx *store.Tx, id int64, ids []string, origin string) error {
	for _, c := range ids {
		if _, err := tx.Exec(ctx, `INSERT INTO proposition_concepts (proposition_id, concept_id, origin) VALUES (?, ?, ?)
			ON CONFLICT (proposition_id, concept_id) DO UPDATE SET origin = excluded.origin`, id, c, origin); err != nil {
			return err
		}
	}
	return nil
}

// changed finishes a write to a proposition inside tx: its search
// documents are queued, open maps are woken and the change is audited.
func (s *Service) changed(ctx context.Context, tx *store.Tx, v Viewer, editionID, id int64, action string, change any) error {
	return changedBy(ctx, tx, account.ActorOf(v), editionID, id, action, change)
}

// changedBy is changed for a write by actor (the translator, say).
func changedBy(ctx context.Context, tx *store.Tx, actor audit.Actor, editionID, id int64, action string, change any) error {
	// Its last change is now (a translation included): what a live page
	// compares (Version).
	if _, err := tx.Exec(ctx, "UPDATE propositions SET updated_at = ? WHERE id = ?", store.Now(), id); err != nil {
		return err
	}
	ids, err := store.QueryAll(ctx, tx, store.ScanString,
		"SELECT 'proposition:' || proposition_id || ':' || language FROM proposition_translations WHERE proposition_id = ?", id)
	if err != nil {
		return err
	}
	if err := outbox.Search(ctx, tx, append([]string{"proposition:" + itoa(id)}, ids...)...); err != nil {
		return err
	}
	if err := announce(ctx, tx, editionID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Event{Actor: actor, Action: action, EntityType: "proposition", EntityID: itoa(id), Change: change})
}

// Publish makes a delegation's proposition open to positions (the chair).
func (s *Service) Publish(ctx context.Context, v Viewer, id int64) (Proposition, error) {
	return s.setStatus(ctx, v, id, Published, []string{Submitted}, "proposition.publish")
}

// Withdraw takes a proposition off the table (the chair); its positions
// stay in its history but no longer count.
func (s *Service) Withdraw(ctx context.Context, v Viewer, id int64) (Proposition, error) {
	return s.setStatus(ctx, v, id, Withdrawn, []string{Submitted, Published}, "proposition.withdraw")
}

func (s *Service) setStatus(ctx context.Context, v Viewer, id int64, to string, from []string, action string) (Proposition, error) {
	p, err := s.Proposition(ctx, v, id)
	if err != nil {
		return p, err
	}
	if !presides(v) {
		return p, errNotPresiding
	}
	if !slices.Contains(from, p.Status) {
		return p, statusConflict(p.Status)
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE propositions SET status = ?, updated_at = ? WHERE id = ? AND status = ?", to, store.Now(), id, p.Status)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "proposition_changed", "ground.error.changed")
		}
		return s.changed(ctx, tx, v, p.EditionID, id, action, map[string]string{"status": to})
	})
	if err != nil {
		return p, err
	}
	return s.Proposition(ctx, v, id)
}

// statusConflict says why a proposition in status cannot take a change.
func statusConflict(status string) error {
	switch status {
	case Withdrawn:
		return errWithdrawn
	case Merged:
		return errMerged
	case Published:
		return errNotSubmitted
	}
	return errNotPublished
}

// Merge folds proposition from into proposition into (the chair): from's
// positions carry over where a delegation has none on into yet (a
// position taken on into stands), its sources and tags join into's, and
// from is marked merged, pointing to into.
func (s *Service) Merge(ctx context.Context, v Viewer, from, into int64) (Proposition, error) {
	if from == into {
		return Proposition{}, errMergeSelf
	}
	a, err := s.Proposition(ctx, v, from)
	if err != nil {
		return a, err
	}
	if !presides(v) {
		return a, errNotPresiding
	}
	b, err := s.Proposition(ctx, v, into)
	if errs.Is(err, errs.NotFound) || (err == nil && (b.EditionID != a.EditionID || b.Status != Published)) {
		return a, errMergeTarget
	}
	if err != nil {
		return a, err
	}
	if a.Status != Published && a.Status != Submitted {
		return a, statusConflict(a.Status)
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		// Both rows are locked and their statuses checked again inside the
		// write, so two merges at once cannot carry positions twice, nor a
		// withdrawal slip in between.
		res, err := tx.Exec(ctx, "UPDATE propositions SET status = ?, merged_into = ?, updated_at = ? WHERE id = ? AND status IN ('published', 'submitted')", Merged, into, now, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "proposition_changed", "ground.error.changed")
		}
		if res, err = tx.Exec(ctx, "UPDATE propositions SET updated_at = ? WHERE id = ? AND status = 'published'", now, into); err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errMergeTarget
		}
		note := "merged from " + itoa(from)
		if _, err := tx.Exec(ctx, `INSERT INTO position_history (proposition_id, delegation_id, stance, reason, set_by, set_by_name, note, at)
			SELECT ?, p.delegation_id, p.stance, p.reason, ?, ?, ?, ? FROM positions p WHERE p.proposition_id = ?
			AND NOT EXISTS (SELECT 1 FROM positions q WHERE q.proposition_id = ? AND q.delegation_id = p.delegation_id)`,
			into, userID(v), userName(v), note, now, from, into); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO positions (proposition_id, delegation_id, stance, reason, set_by, updated_at)
			SELECT ?, delegation_id, stance, reason, ?, ? FROM positions WHERE proposition_id = ?
			ON CONFLICT (proposition_id, delegation_id) DO NOTHING`, into, userID(v), now, from); err != nil {
			return err
		}
		for _, q := range []string{
			"INSERT INTO proposition_sources (proposition_id, statement_id) SELECT ?, statement_id FROM proposition_sources WHERE proposition_id = ? ON CONFLICT DO NOTHING",
			"INSERT INTO proposition_concepts (proposition_id, concept_id, origin) SELECT ?, concept_id, 'added' FROM proposition_concepts WHERE proposition_id = ? AND origin <> 'removed' ON CONFLICT DO NOTHING",
		} {
			if _, err := tx.Exec(ctx, q, into, from); err != nil {
				return err
			}
		}
		if err := s.changed(ctx, tx, v, a.EditionID, into, "proposition.merge_into", map[string]int64{"from": from}); err != nil {
			return err
		}
		return s.changed(ctx, tx, v, a.EditionID, from, "proposition.merge", map[string]int64{"into": into})
	})
	if err != nil {
		return a, err
	}
	return s.Proposition(ctx, v, into)
}

// MayTranslate is who may translate p: those who preside, and the
// members of the delegation that put it forward (always a country's: only
// a country's delegates propose in a delegation's name).
func MayTranslate(v Viewer, p Proposition) bool {
	return presides(v) || (p.Delegation != "" && dialogue.IsOwn(v, dialogue.Delegation{ID: p.DelegationID, Kind: dialogue.KindCountry, Code: p.Delegation}))
}

// SetTranslation adds or replaces a proposition's text in another
// language: its delegation's members, the chair or the secretariat.
func (s *Service) SetTranslation(ctx context.Context, v Viewer, id int64, t dialogue.Translation) (Proposition, error) {
	p, err := s.Proposition(ctx, v, id)
	if err != nil {
		return p, err
	}
	if !MayTranslate(v, p) {
		return p, errNotYourDelegation
	}
	if err := dialogue.CheckTranslation(&t, p.Language, maxText); err != nil {
		return p, err
	}
	// a person's version replaces a machine's: engine back to none
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO proposition_translations (proposition_id, language, body, origin, review, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (proposition_id, language) DO UPDATE SET body = excluded.body, origin = excluded.origin, review = excluded.review, engine = '', updated_at = excluded.updated_at`,
			id, t.Language, t.Body, t.Origin, t.Review, store.Now()); err != nil {
			return err
		}
		return s.changed(ctx, tx, v, p.EditionID, id, "proposition.translate", t)
	})
	if err != nil {
		return p, err
	}
	return s.Proposition(ctx, v, id)
}
