package outcome

import (
	"context"
	"slices"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// Delegations change the text by amendments against the working text: a
// paragraph inserted after another (or at the end of its kind), a
// paragraph deleted, a paragraph's full new wording, or an alternative
// beside it. The chair accepts an amendment, which then changes the
// working text in the same transaction, with every new word traced to the
// amendment; or rejects it; or folds several into a compromise of the
// chair's, accepted at once. The proposer may withdraw it while it waits.

// Amendment kinds.
const (
	Insert      = "insert"      // a new paragraph after an anchor (or at the end of its kind)
	Delete      = "delete"      // a paragraph taken out
	Replace     = "replace"     // the full new wording of a paragraph
	Alternative = "alternative" // an alternative paragraph beside one (Xalt)
)

// AmendmentKinds lists the amendment kinds.
var AmendmentKinds = []string{Insert, Delete, Replace, Alternative}

// Amendment statuses.
const (
	Pending   = "pending"
	Accepted  = "accepted"
	Rejected  = "rejected"
	Folded    = "folded" // into a compromise of the chair's
	Withdrawn = "withdrawn"
)

// AmendmentStatuses lists the amendment statuses.
var AmendmentStatuses = []string{Pending, Accepted, Rejected, Folded, Withdrawn}

// AmendmentInput is what the API, the form and the demo send to propose
// an amendment.
type AmendmentInput struct {
	Kind string `json:"kind"`
	// Paragraph is the label of the paragraph the amendment is about: the
	// one deleted, replaced or given an alternative, or the anchor an
	// insert follows ("" for an insert at the end of NewKind).
	Paragraph string `json:"paragraph,omitempty"`
	// NewKind, preambular or operative, places an insert without an
	// anchor; an insert after an anchor takes the anchor's kind.
	NewKind   string `json:"new_kind,omitempty"`
	Text      string `json:"text,omitempty"`
	Rationale string `json:"rationale,omitempty"`
	// Sponsors are the codes of the co-sponsoring delegations.
	Sponsors []string `json:"sponsors,omitempty"`
	// TextVersion is the paragraph's text_version the proposer read; a
	// text changed meanwhile is refused with the text as it is now. 0:
	// not given (not checked), as in EditInput.
	TextVersion int `json:"text_version,omitempty"`
	// DelegationID is the delegation proposing; 0: the writer's own, or
	// none for the chair and the secretariat.
	DelegationID int64 `json:"delegation_id,omitempty"`
	// Folds makes the chair's replace a compromise: the pending
	// amendments it folds, which end folded into it; it is accepted at once.
	Folds []int64 `json:"folds,omitempty"`
}

// Errors of amendments.
var (
	errEmptyAmendment     = errs.Field("text", "empty_amendment", "outcome.error.empty_amendment")
	errNotPending         = errs.New(errs.Conflict, "amendment_not_pending", "outcome.error.amendment_not_pending")
	errNotProposer        = errs.New(errs.Forbidden, "not_proposer", "outcome.error.not_proposer")
	errCompromiseKind     = errs.Field("folds", "compromise_replace", "outcome.error.compromise_replace")
	errNewKind            = errs.Field("new_kind", "invalid_kind", "outcome.error.kind")
	errSponsorAccredited  = errs.Field("sponsors", "sponsor_not_accredited", "outcome.error.sponsor_not_accredited")
	errUnknownAmendmentID = errs.Field("folds", "unknown_amendment", "outcome.error.unknown_amendment")
)

func errUnknownDelegation(code string) error {
	return errs.Field("sponsors", "unknown_delegation", "outcome.error.unknown_delegation", "code", code)
}

// StaleRevision is the conflict of accepting an amendment written on a
// wording of its paragraph that has changed since: it carries the text as
// it is now, so the chair can fold the amendment into a compromise
// written on it instead.
func StaleRevision(p Paragraph) *errs.Error {
	e := errs.New(errs.Conflict, "stale_revision", "outcome.error.stale_revision", "label", p.Label)
	e.Err = &CurrentText{Label: p.Label, TextVersion: p.TextVersion, Text: p.Text}
	return e
}

// MayAmend is who may propose an amendment to d: the members of an
// accredited delegation (dels are the edition's) in its own name
// (delegationID 0, or its id), unless the chair keeps d as a single text;
// and the chair and the secretariat, in no delegation's name. Nobody
// while the text is under silence or once it is adopted. It returns the
// delegation proposing (nil for the chair), or the refusal.
// ProposeAmendment asks it, again under the document's lock, and so do
// pages before offering the form, so the rule has one home.
func MayAmend(v Viewer, dels []dialogue.Delegation, d Document, delegationID int64) (*dialogue.Delegation, error) {
	own := dialogue.OwnIn(v, dels)
	switch {
	case own == nil && delegationID == 0 && presides(v):
		// the chair's own amendment
	case own == nil && delegationID == 0:
		return nil, errNoDelegation
	case own == nil || (delegationID != 0 && delegationID != own.ID):
		return nil, errNotYourDelegation
	case !own.Accredited:
		return nil, errNotAccredited
	}
	switch {
	case d.Status == Adopted:
		return nil, errAdopted
	case d.Status == Silence:
		return nil, errUnderSilence
	case own != nil && d.SingleText:
		return nil, errSingleText
	}
	return own, nil
}

// ProposeAmendment proposes an amendment to the working text of a
// document. A compromise (the chair's replace with Folds) is accepted in
// the same transaction and the amendments it folds end folded into it.
func (s *Service) ProposeAmendment(ctx context.Context, v Viewer, docID int64, in AmendmentInput) (Amendment, error) {
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return Amendment{}, err
	}
	dels, err := s.Dialogue.Delegations(ctx, v, d.EditionID)
	if err != nil {
		return Amendment{}, err
	}
	own, err := MayAmend(v, dels, d, in.DelegationID)
	if err != nil {
		return Amendment{}, err
	}
	sponsors, err := checkAmendment(&in, own, dels)
	if err != nil {
		return Amendment{}, err
	}
	var id int64
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		d, err := lockOpen(ctx, tx, docID)
		if err != nil {
			return err
		}
		// again under the lock: silence or single-text mode may have
		// begun since the document was read
		if _, err := MayAmend(v, dels, d, in.DelegationID); err != nil {
			return err
		}
		if id, err = insertAmendment(ctx, tx, v, d, own, in, sponsors); err != nil {
			return err
		}
		if len(in.Folds) > 0 {
			if err := compromise(ctx, tx, v, id, in.Folds); err != nil {
				return err
			}
		}
		return touch(ctx, tx, v, docID, "outcome.amendment.propose", "outcome_amendment", id, in)
	})
	if err != nil {
		return Amendment{}, err
	}
	return s.Amendment(ctx, v, id)
}

// checkAmendment validates what can be checked without the text: the
// kind, the words, the rationale, who folds, and the co-sponsors, whose
// delegation ids it returns (the proposer's own code dropped, each once).
func checkAmendment(in *AmendmentInput, own *dialogue.Delegation, dels []dialogue.Delegation) ([]int64, error) {
	if !contains(AmendmentKinds, in.Kind) {
		return nil, errKind
	}
	in.Paragraph = strings.TrimSpace(in.Paragraph)
	if in.Kind != Insert && in.Paragraph == "" {
		return nil, errUnknownParagraph
	}
	in.NewKind = strings.TrimSpace(in.NewKind)
	if in.Kind == Insert && in.Paragraph == "" && in.NewKind != Preambular && in.NewKind != Operative {
		return nil, errNewKind
	}
	if in.Kind != Insert || in.Paragraph != "" {
		in.NewKind = "" // the paragraph's own kind; read when it is applied
	}
	var err error
	if in.Kind == Delete {
		in.Text = ""
	} else if in.Text, err = checkParagraphText(in.Text); err != nil {
		if errs.As(err).Code == "required" {
			return nil, errEmptyAmendment
		}
		return nil, err
	}
	if in.Rationale, err = dialogue.CheckText("rationale", in.Rationale, maxReason, false); err != nil {
		return nil, err
	}
	in.Folds = slices.Compact(slices.Sorted(slices.Values(in.Folds)))
	if len(in.Folds) > 0 && (own != nil || in.Kind != Replace) {
		if own != nil {
			return nil, errChairOnly // only the chair writes compromises
		}
		return nil, errCompromiseKind
	}
	var ids []int64
	seen := map[int64]bool{}
	if own != nil {
		seen[own.ID] = true
	}
	for _, code := range in.Sponsors {
		code = strings.ToUpper(strings.TrimSpace(code))
		if code == "" {
			continue
		}
		var found *dialogue.Delegation
		for i := range dels {
			if dels[i].Code == code {
				found = &dels[i]
				break
			}
		}
		switch {
		case found == nil:
			return nil, errUnknownDelegation(code)
		case !found.Accredited:
			return nil, errSponsorAccredited
		case !seen[found.ID]:
			seen[found.ID] = true
			ids = append(ids, found.ID)
		}
	}
	return ids, nil
}

// insertAmendment checks in against the working text inside tx and
// writes it, pending, with its co-sponsors.
func insertAmendment(ctx context.Context, tx *store.Tx, v Viewer, d Document, own *dialogue.Delegation, in AmendmentInput, sponsors []int64) (int64, error) {
	var target any // the paragraph's id; none for an insert at the end
	base := 0
	if in.Paragraph != "" {
		p, err := liveParagraph(ctx, tx, d.ID, in.Paragraph)
		if err != nil {
			return 0, err
		}
		// An insert only follows its anchor: the anchor's wording does
		// not bear on it.
		if in.Kind != Insert && in.TextVersion != 0 && in.TextVersion != p.TextVersion {
			return 0, TextChanged(p)
		}
		if in.Kind == Replace && in.Text == p.Text {
			return 0, errEmptyAmendment
		}
		target, base = p.ID, p.TextVersion
	}
	// The revision it was written against: the latest issued, -1 before
	// the zero draft.
	var rev int
	if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(number), -1) FROM outcome_revisions WHERE document_id = ?", d.ID).Scan(&rev); err != nil {
		return 0, err
	}
	var delegation any
	if own != nil {
		delegation = own.ID
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO outcome_amendments (document_id, revision_number, kind, paragraph_id, base_text_version, new_kind, text, rationale,
		delegation_id, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.ID, rev, in.Kind, target, base, in.NewKind, in.Text, in.Rationale, delegation, Pending, userID(v), store.Now()).Scan(&id); err != nil {
		return 0, err
	}
	for _, sp := range sponsors {
		if _, err := tx.Exec(ctx, "INSERT INTO outcome_amendment_sponsors (amendment_id, delegation_id) VALUES (?, ?)", id, sp); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// compromise folds the pending amendments folds into the chair's
// amendment id and accepts it, inside tx.
func compromise(ctx context.Context, tx *store.Tx, v Viewer, id int64, folds []int64) error {
	c, err := loadAmendment(ctx, tx, id)
	if err != nil {
		return err
	}
	for _, f := range folds {
		a, err := loadAmendment(ctx, tx, f)
		switch {
		case errs.Is(err, errs.NotFound) || (err == nil && a.DocumentID != c.DocumentID):
			return errUnknownAmendmentID
		case err != nil:
			return err
		case a.Status != Pending:
			return errNotPending
		}
		if _, err := tx.Exec(ctx, "UPDATE outcome_amendments SET status = ?, folded_into = ?, decided_by = ?, decided_at = ? WHERE id = ?",
			Folded, id, userID(v), store.Now(), f); err != nil {
			return err
		}
	}
	return accept(ctx, tx, v, c, "")
}

// AcceptAmendment accepts a pending amendment: the working text changes
// in the same transaction. An amendment written on a wording of its
// paragraph that has changed since is refused (stale_revision, with the
// text as it is now): the chair folds it into a compromise instead. One
// whose paragraph (or an insert's anchor) was deleted since is refused as
// paragraph_deleted. An insert does not go stale when its anchor's words
// change: it only follows the anchor.
func (s *Service) AcceptAmendment(ctx context.Context, v Viewer, id int64, note string) (Amendment, error) {
	a, err := s.decision(ctx, v, id, &note)
	if err != nil {
		return Amendment{}, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockDrafting(ctx, tx, a.DocumentID); err != nil {
			return err
		}
		if a, err = loadAmendment(ctx, tx, id); err != nil {
			return err
		}
		if a.Status != Pending {
			return errNotPending
		}
		if err := accept(ctx, tx, v, a, note); err != nil {
			return err
		}
		return touch(ctx, tx, v, a.DocumentID, "outcome.amendment.accept", "outcome_amendment", id, map[string]any{"note": note})
	})
	if err != nil {
		return Amendment{}, err
	}
	return s.Amendment(ctx, v, id)
}

// decision checks that v may decide on amendment id and bounds the note.
func (s *Service) decision(ctx context.Context, v Viewer, id int64, note *string) (Amendment, error) {
	if !presides(v) {
		return Amendment{}, errChairOnly
	}
	a, err := s.Amendment(ctx, v, id)
	if err != nil {
		return a, err
	}
	*note, err = dialogue.CheckText("note", *note, maxNote, false)
	return a, err
}

// accept applies a to the working text inside tx, the new words traced to
// a's id, and marks it accepted with the paragraph it produced or changed.
func accept(ctx context.Context, tx *store.Tx, v Viewer, a Amendment, note string) error {
	var result int64
	if a.Kind == Insert {
		in := ParagraphInput{Kind: a.NewKind, Text: a.Text, After: a.Paragraph}
		p, err := insertParagraph(ctx, tx, a.DocumentID, in, a.ID)
		if err != nil {
			return err
		}
		result = p.ID
	} else {
		p, err := liveParagraph(ctx, tx, a.DocumentID, a.Paragraph)
		if err != nil {
			return err
		}
		if p.TextVersion != a.BaseTextVersion {
			return StaleRevision(p)
		}
		result = p.ID
		switch a.Kind {
		case Replace:
			if _, err := rewrite(ctx, tx, p, a.Text, a.ID); err != nil {
				return err
			}
		case Delete:
			if err := removeParagraph(ctx, tx, p); err != nil {
				return err
			}
		case Alternative:
			alt, err := insertParagraph(ctx, tx, a.DocumentID, ParagraphInput{AltOf: p.Label, Text: a.Text}, a.ID)
			if err != nil {
				return err
			}
			result = alt.ID
			// Two wordings of one paragraph are options, both of them,
			// until one is chosen; an agreed paragraph stays agreed and
			// its alternative waits as proposed.
			if p.Status == Proposed || p.Status == Bracketed || p.Status == Options {
				if _, err := tx.Exec(ctx, "UPDATE outcome_paragraphs SET status = ?, bracket_reason = '', updated_at = ? WHERE id IN (?, ?)",
					Options, store.Now(), p.ID, alt.ID); err != nil {
					return err
				}
			}
		}
	}
	_, err := tx.Exec(ctx, "UPDATE outcome_amendments SET status = ?, result_paragraph = ?, decision_note = ?, decided_by = ?, decided_at = ? WHERE id = ?",
		Accepted, result, note, userID(v), store.Now(), a.ID)
	return err
}

// RejectAmendment rejects a pending amendment, with a note for the
// proposer. The text does not change, so the chair may reject while the
// text is under silence.
func (s *Service) RejectAmendment(ctx context.Context, v Viewer, id int64, note string) (Amendment, error) {
	a, err := s.decision(ctx, v, id, &note)
	if err != nil {
		return Amendment{}, err
	}
	err = s.close(ctx, v, a, Rejected, note, "outcome.amendment.reject")
	if err != nil {
		return Amendment{}, err
	}
	return s.Amendment(ctx, v, id)
}

// WithdrawAmendment withdraws a pending amendment: only its proposer does,
// a member of the delegation that proposed it, or the chair and the
// secretariat for the chair's own.
func (s *Service) WithdrawAmendment(ctx context.Context, v Viewer, id int64) (Amendment, error) {
	a, err := s.Amendment(ctx, v, id)
	if err != nil {
		return Amendment{}, err
	}
	if a.Delegation == "" {
		if !presides(v) {
			return Amendment{}, errNotProposer
		}
	} else {
		d, err := s.Document(ctx, v, a.DocumentID)
		if err != nil {
			return Amendment{}, err
		}
		dels, err := s.Dialogue.Delegations(ctx, v, d.EditionID)
		if err != nil {
			return Amendment{}, err
		}
		if own := dialogue.OwnIn(v, dels); own == nil || own.Code != a.Delegation {
			return Amendment{}, errNotProposer
		}
	}
	if err := s.close(ctx, v, a, Withdrawn, "", "outcome.amendment.withdraw"); err != nil {
		return Amendment{}, err
	}
	return s.Amendment(ctx, v, id)
}

// close ends a pending amendment without touching the text.
func (s *Service) close(ctx context.Context, v Viewer, a Amendment, status, note, action string) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := lockOpen(ctx, tx, a.DocumentID); err != nil {
			return err
		}
		var now string
		if err := tx.QueryRow(ctx, "SELECT status FROM outcome_amendments WHERE id = ?", a.ID).Scan(&now); err != nil {
			return err
		}
		if now != Pending {
			return errNotPending
		}
		if _, err := tx.Exec(ctx, "UPDATE outcome_amendments SET status = ?, decision_note = ?, decided_by = ?, decided_at = ? WHERE id = ?",
			status, note, userID(v), store.Now(), a.ID); err != nil {
			return err
		}
		return touch(ctx, tx, v, a.DocumentID, action, "outcome_amendment", a.ID, map[string]any{"note": note})
	})
}
