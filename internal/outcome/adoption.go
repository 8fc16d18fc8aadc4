package outcome

import (
	"context"
	"sort"
	"strings"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/outcome/textdiff"
	"roundtable/internal/store"
)

// Adoption methods.
const (
	MethodConsensus = "consensus"
	MethodVote      = "vote"
	MethodSilence   = "silence"
)

// Votes.
const (
	Yes     = "yes"
	No      = "no"
	Abstain = "abstain"
)

var (
	errMethod         = errs.Field("method", "invalid_method", "outcome.error.adoption_method")
	errVoteNotAllowed = errs.New(errs.Conflict, "vote_not_allowed", "outcome.error.vote_not_allowed")
	errVote           = errs.Field("votes", "invalid_vote", "outcome.error.vote")
	errVotesRequired  = errs.Field("votes", "votes_required", "outcome.error.votes_required")
	errVotesConsensus = errs.Field("votes", "votes_without_vote", "outcome.error.votes_without_vote")
	errNotAdoptedYet  = errs.New(errs.Conflict, "not_adopted_yet", "outcome.error.not_adopted_yet")
)

func errNotLatest(latest Revision) error {
	return errs.New(errs.Conflict, "not_latest_revision", "outcome.error.not_latest_revision", "revision", latest.Label)
}

func errTextChangedSince(r Revision) error {
	return errs.New(errs.Conflict, "text_changed_since_revision", "outcome.error.text_changed_since_revision", "revision", r.Label)
}

func errTextNotClean(labels []string) error {
	return errs.New(errs.Conflict, "text_not_clean", "outcome.error.text_not_clean", "labels", strings.Join(labels, ", "))
}

func errUnknownVoter(code string) error {
	return errs.Field("votes", "unknown_delegation", "outcome.error.unknown_voter", "code", code)
}

// AdoptInput adopts the latest revision (Revision 0, or its number) by
// consensus or, where the forum's rules allow, by a vote of the
// accredited delegations: Votes maps a delegation's code to yes, no or
// abstain.
type AdoptInput struct {
	Method   string            `json:"method"`
	Revision int               `json:"revision,omitempty"`
	Votes    map[string]string `json:"votes,omitempty"`
}

// Adoption is the result of Adopt. A vote that fails is recorded and
// leaves the document in drafting: Adopted is false.
type Adoption struct {
	Adopted  bool       `json:"adopted"`
	Method   string     `json:"method"`
	Revision int        `json:"revision"`
	Hash     string     `json:"hash,omitempty"`
	At       *time.Time `json:"adopted_at,omitempty"`
	// The tally of a vote.
	Yes     int               `json:"yes"`
	No      int               `json:"no"`
	Abstain int               `json:"abstain"`
	Votes   map[string]string `json:"votes,omitempty"`
}

// Adopt adopts the latest revision of a document, chair only. By
// consensus, it is refused while any accredited delegation cannot accept
// the current wording of a paragraph still in the text: consensus means
// no participating delegation objects. By vote, where the forum allows
// it, the text is adopted when more delegations vote yes than no; the
// votes are kept either way. Once adopted the text is frozen: every later
// write to it is refused.
func (s *Service) Adopt(ctx context.Context, v Viewer, docID int64, in AdoptInput) (Adoption, error) {
	if !presides(v) {
		return Adoption{}, errChairOnly
	}
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return Adoption{}, err
	}
	out := Adoption{Method: in.Method}
	var voters map[string]int64 // code → delegation id
	switch in.Method {
	case MethodConsensus:
		if len(in.Votes) > 0 {
			return Adoption{}, errVotesConsensus
		}
	case MethodVote:
		e, err := s.edition(ctx, v, d)
		if err != nil {
			return Adoption{}, err
		}
		rules, err := rulesOf(ctx, s.DB.Reader(), e.ForumID)
		if err != nil {
			return Adoption{}, err
		}
		if rules.Adoption != RuleConsensusOrVote {
			return Adoption{}, errVoteNotAllowed
		}
		out.Votes = map[string]string{}
		for code, vote := range in.Votes {
			out.Votes[strings.ToUpper(strings.TrimSpace(code))] = vote
		}
		if voters, err = s.voters(ctx, v, d, out.Votes); err != nil {
			return Adoption{}, err
		}
		for _, vote := range out.Votes {
			switch vote {
			case Yes:
				out.Yes++
			case No:
				out.No++
			default:
				out.Abstain++
			}
		}
	default:
		return Adoption{}, errMethod
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		d, err := lockDrafting(ctx, tx, docID)
		if err != nil {
			return err
		}
		rev, err := ready(ctx, tx, d, in.Revision)
		if err != nil {
			return err
		}
		out.Revision = rev.Number
		if in.Method == MethodVote {
			if err := recordVotes(ctx, tx, docID, voters, out.Votes); err != nil {
				return err
			}
			out.Adopted = out.Yes > out.No
		} else {
			if err := noObjection(ctx, tx, d); err != nil {
				return err
			}
			out.Adopted = true
		}
		if !out.Adopted {
			return touch(ctx, tx, v, docID, "outcome.vote", "outcome_document", docID, out)
		}
		at := store.Now()
		out.Hash, out.At = rev.Hash, &at
		if err := adopt(ctx, tx, d, rev, in.Method, at); err != nil {
			return err
		}
		return touch(ctx, tx, v, docID, "outcome.adopt", "outcome_document", docID, out)
	})
	if err != nil {
		return Adoption{}, err
	}
	return out, nil
}

// voters checks a vote: every code an accredited state delegation of the
// edition, every vote yes, no or abstain.
func (s *Service) voters(ctx context.Context, v Viewer, d Document, votes map[string]string) (map[string]int64, error) {
	if len(votes) == 0 {
		return nil, errVotesRequired
	}
	dels, err := s.Dialogue.Delegations(ctx, v, d.EditionID)
	if err != nil {
		return nil, err
	}
	ids := map[string]int64{}
	for _, dl := range dels {
		if dl.Accredited && dl.Kind == dialogue.KindCountry {
			ids[dl.Code] = dl.ID
		}
	}
	codes := make([]string, 0, len(votes))
	for code := range votes {
		codes = append(codes, code)
	}
	sort.Strings(codes) // the same vote always reports the same first fault
	for _, code := range codes {
		if _, ok := ids[code]; !ok {
			return nil, errUnknownVoter(code)
		}
		if vote := votes[code]; vote != Yes && vote != No && vote != Abstain {
			return nil, errVote
		}
	}
	return ids, nil
}

// recordVotes replaces the document's recorded vote with this one.
func recordVotes(ctx context.Context, tx *store.Tx, docID int64, ids map[string]int64, votes map[string]string) error {
	if _, err := tx.Exec(ctx, "DELETE FROM outcome_votes WHERE document_id = ?", docID); err != nil {
		return err
	}
	for code, vote := range votes {
		if _, err := tx.Exec(ctx, "INSERT INTO outcome_votes (document_id, delegation_id, vote) VALUES (?, ?, ?)", docID, ids[code], vote); err != nil {
			return err
		}
	}
	return nil
}

// Votes reads the last vote taken on a document, by delegation code.
func (s *Service) Votes(ctx context.Context, v Viewer, docID int64) (map[string]string, error) {
	if _, err := s.Document(ctx, v, docID); err != nil {
		return nil, err
	}
	rows, err := s.DB.Reader().Query(ctx, `SELECT d.code, x.vote FROM outcome_votes x JOIN delegations d ON d.id = x.delegation_id
		WHERE x.document_id = ?`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, vote string
		if err := rows.Scan(&code, &vote); err != nil {
			return nil, err
		}
		out[code] = vote
	}
	return out, rows.Err()
}

// ready checks inside tx that revision n of d (0: the latest) may go under
// silence or be adopted: it is the latest issued, the working text has
// not changed since (its hash is the revision's), and the text is clean,
// with no paragraph in brackets or options and no word between [ and ].
func ready(ctx context.Context, tx *store.Tx, d Document, n int) (Revision, error) {
	var latest int
	if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(number), -1) FROM outcome_revisions WHERE document_id = ?", d.ID).Scan(&latest); err != nil {
		return Revision{}, err
	}
	if latest < 0 {
		return Revision{}, errNoRevision
	}
	rev, err := revisionText(ctx, tx, d.ID, latest)
	if err != nil {
		return Revision{}, err
	}
	if n != 0 && n != latest {
		return Revision{}, errNotLatest(rev)
	}
	current, err := paragraphs(ctx, tx, d.ID)
	if err != nil {
		return Revision{}, err
	}
	if HashOf(d, current) != rev.Hash {
		return Revision{}, errTextChangedSince(rev)
	}
	// Statuses are not in the hash: the revision as circulated and the
	// working text must both be clean.
	var unclean []string
	for _, list := range [][]Paragraph{rev.Paragraphs, current} {
		for _, p := range list {
			if (p.Status == Bracketed || p.Status == Options || textdiff.BracketedWords(p.Text) > 0) && !contains(unclean, p.Label) {
				unclean = append(unclean, p.Label)
			}
		}
	}
	if len(unclean) > 0 {
		return Revision{}, errTextNotClean(unclean)
	}
	return rev, nil
}

// noObjection refuses consensus while an accredited delegation of the
// edition cannot accept the current wording of a paragraph still in the
// text. The error names the delegations and the paragraphs.
func noObjection(ctx context.Context, tx *store.Tx, d Document) error {
	rows, err := tx.Query(ctx, `SELECT dl.code, p.label FROM outcome_positions x
		JOIN outcome_paragraphs p ON p.id = x.paragraph_id
		JOIN delegations dl ON dl.id = x.delegation_id
		WHERE p.document_id = ? AND p.deleted = 0 AND x.text_version = p.text_version
		  AND x.stance = 'cannot_accept' AND dl.accredited = ? AND dl.edition_id = ?
		ORDER BY p.position, dl.code`, d.ID, true, d.EditionID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var codes, labels []string
	for rows.Next() {
		var code, label string
		if err := rows.Scan(&code, &label); err != nil {
			return err
		}
		if !contains(codes, code) {
			codes = append(codes, code)
		}
		if !contains(labels, label) {
			labels = append(labels, label)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(codes) == 0 {
		return nil
	}
	sort.Strings(codes)
	return errs.New(errs.Conflict, "objections_remain", "outcome.error.objections_remain",
		"delegations", strings.Join(codes, ", "), "labels", strings.Join(labels, ", "))
}

// adopt records inside tx that rev of d is adopted by method at at: the
// document is frozen with the revision's hash, and every paragraph of the
// working text is agreed. The revision's own rows are never touched:
// they are frozen, and the hash is checked against them.
func adopt(ctx context.Context, tx *store.Tx, d Document, rev Revision, method string, at time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE outcome_documents SET status = ?, adopted_revision = ?, adopted_at = ?, adoption_method = ?, adoption_hash = ?
		WHERE id = ?`, Adopted, rev.ID, at, method, rev.Hash, d.ID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE outcome_paragraphs SET status = ?, bracket_reason = '', ad_ref_until = NULL, updated_at = ?
		WHERE document_id = ? AND deleted = 0`, Agreed, store.Now(), d.ID)
	return err
}

// VerifyAdoption recomputes the hash of the adopted text from the frozen
// rows of the adopted revision and compares it with the hash recorded at
// adoption: pages show an adopted text as verified when they agree.
func (s *Service) VerifyAdoption(ctx context.Context, v Viewer, docID int64) (string, bool, error) {
	d, err := s.Document(ctx, v, docID)
	if err != nil {
		return "", false, err
	}
	if d.Status != Adopted || d.AdoptedNumber == nil {
		return "", false, errNotAdoptedYet
	}
	rev, err := revisionText(ctx, s.DB.Reader(), docID, *d.AdoptedNumber)
	if err != nil {
		return "", false, err
	}
	hash := HashOf(d, rev.Paragraphs)
	return hash, hash == d.AdoptionHash, nil
}
