package outcome

import (
	"context"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/ground/consensus"
	"roundtable/internal/store"
)

// A chair often starts the zero draft from what the room already agrees
// on: the propositions of the edition's common-ground map that reached
// consensus become the first operative paragraphs.

// Candidate is a proposition of the common-ground map that may become a
// paragraph of the zero draft.
type Candidate struct {
	Proposition ground.Proposition `json:"proposition"`
	Rank        int                `json:"rank"` // on the map: 1 is the widest common ground
	Score       consensus.Score    `json:"score"`
	// Text is what the paragraph would read, in the document's
	// negotiating language; "" when the proposition has no text in it
	// yet (it must be translated first).
	Text string `json:"text"`
}

var (
	errGroundUnavailable = errs.New(errs.Conflict, "ground_unavailable", "outcome.error.ground_unavailable")
	errDraftStarted      = errs.New(errs.Conflict, "draft_started", "outcome.error.draft_started")
	errNoPropositions    = errs.Field("propositions", "no_propositions", "outcome.error.no_propositions")
)

// errNotCommonGround names a proposition that is not common ground.
func errNotCommonGround(id int64) error {
	return errs.New(errs.Conflict, "not_common_ground", "outcome.error.not_common_ground", "id", id)
}

// errNoTranslation names a proposition with no text in the negotiating
// language.
func errNoTranslation(id int64) error {
	return errs.New(errs.Conflict, "no_translation", "outcome.error.no_translation", "id", id)
}

// errDuplicate names a proposition chosen twice.
func errDuplicate(id int64) error {
	return errs.Field("propositions", "duplicate_proposition", "outcome.error.duplicate_proposition", "id", id)
}

// reachedConsensus is the map's own reading of consensus between states:
// no delegation objects and at least one agrees (consensus.Score's
// Unopposed, the first thing the map ranks on).
func reachedConsensus(r ground.MapRow) bool { return r.Score.Unopposed() }

// GroundCandidates lists the propositions of the document's edition that
// reached consensus on the common-ground map, from the widest common
// ground down: the chair's picker for a zero draft.
func (s *Service) GroundCandidates(ctx context.Context, v Viewer, docID int64) ([]Candidate, error) {
	if !presides(v) {
		return nil, errChairOnly
	}
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return nil, err
	}
	return s.candidates(ctx, v, d)
}

func (s *Service) candidates(ctx context.Context, v Viewer, d Document) ([]Candidate, error) {
	if s.Ground == nil {
		return nil, errGroundUnavailable
	}
	m, err := s.Ground.Map(ctx, v, d.EditionID)
	if err != nil {
		return nil, err
	}
	out := []Candidate{}
	for _, r := range m.Rows {
		if !reachedConsensus(r) {
			continue
		}
		c := Candidate{Proposition: r.Proposition, Rank: r.Rank, Score: r.Score}
		c.Text, _ = textIn(r.Proposition, d.Language)
		out = append(out, c)
	}
	return out, nil
}

// textIn is p's text in lang: its own when written in lang, else its
// translation into lang.
func textIn(p ground.Proposition, lang string) (string, bool) {
	if p.Language == lang {
		return p.Text, true
	}
	t, ok := dialogue.TranslationInto(p.Translations, lang)
	return t.Body, ok
}

// ZeroDraftFromGround appends one operative paragraph per proposition
// named, in the order given, each worded as the proposition in the
// document's negotiating language. Every proposition must be published
// and have reached consensus on the map; the document must have no
// revision yet: once the zero draft is issued, the text moves by
// amendments. The proposition's versions in the edition's other working
// languages come along as the paragraph's versions, so the languages
// page starts from them. Only the chair and the secretariat draft.
func (s *Service) ZeroDraftFromGround(ctx context.Context, v Viewer, docID int64, propositionIDs []int64) ([]Paragraph, error) {
	if !presides(v) {
		return nil, errChairOnly
	}
	// the document, and its edition for its working languages
	d, err := loadDocument(ctx, s.DB.Reader(), docID)
	if err != nil {
		return nil, err
	}
	e, err := s.edition(ctx, v, d)
	if err != nil {
		return nil, err
	}
	if len(propositionIDs) == 0 {
		return nil, errNoPropositions
	}
	cands, err := s.candidates(ctx, v, d)
	if err != nil {
		return nil, err
	}
	byID := map[int64]Candidate{}
	for _, c := range cands {
		byID[c.Proposition.ID] = c
	}
	chosen := make([]Candidate, len(propositionIDs))
	seen := map[int64]bool{}
	for i, id := range propositionIDs {
		if seen[id] {
			return nil, errDuplicate(id)
		}
		seen[id] = true
		c, ok := byID[id]
		if !ok {
			// unknown, of another edition, unpublished or not agreed:
			// all the same to the chair, it is not common ground here
			return nil, errNotCommonGround(id)
		}
		if _, ok := textIn(c.Proposition, d.Language); !ok {
			return nil, errNoTranslation(id)
		}
		chosen[i] = c
	}
	var out []Paragraph
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockDrafting(ctx, tx, docID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM outcome_revisions WHERE document_id = ?", docID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errDraftStarted
		}
		labels := make([]string, len(chosen))
		for i, c := range chosen {
			p, err := insertParagraph(ctx, tx, docID, ParagraphInput{Kind: Operative, Text: c.Text}, 0)
			if err != nil {
				return err
			}
			if err := carryLanguages(ctx, tx, v, p, c.Proposition, d.Language, e.Languages); err != nil {
				return err
			}
			labels[i] = p.Label
			out = append(out, p)
		}
		if err := attachParagraphs(ctx, tx, docID, out); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.zero_draft.ground", "outcome_document", docID,
			map[string]any{"propositions": propositionIDs, "labels": labels})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// carryLanguages writes the proposition's versions in the edition's other
// working languages as versions of paragraph p: its original wording as
// reviewed (the proposer wrote it), a machine translation as machine, a
// human one as reviewed once reviewed, else as a draft.
func carryLanguages(ctx context.Context, tx *store.Tx, v Viewer, p Paragraph, prop ground.Proposition, negotiating string, working []string) error {
	versions := map[string][3]string{} // language → text, status, engine
	if prop.Language != negotiating {
		versions[prop.Language] = [3]string{prop.Text, "reviewed", ""}
	}
	for _, t := range prop.Translations {
		if t.Language == negotiating || t.Language == prop.Language {
			continue
		}
		status := "draft"
		switch {
		case t.Origin == "machine":
			status = "machine"
		case t.Review == "reviewed":
			status = "reviewed"
		}
		versions[t.Language] = [3]string{t.Body, status, t.Engine}
	}
	for _, lang := range working {
		x, ok := versions[lang]
		if !ok || lang == negotiating {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO outcome_paragraph_texts (paragraph_id, language, text, status, source_version, engine, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, lang, x[0], x[1], p.TextVersion, x[2], userID(v), store.Now()); err != nil {
			return err
		}
	}
	return nil
}
