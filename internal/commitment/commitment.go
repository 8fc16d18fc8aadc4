// Package commitment is the follow-up of what states undertook: commitments
// (from an operative paragraph of an adopted outcome, a pledge in a
// statement, or a UN recommendation a state supported) with their owner
// states, themes, SDG targets, dates, milestones and indicators; progress
// reports filed by the owner's focal points and published only once the
// state's validator approves them; civil society's moderated comments;
// progress computed from the data beside the self-reported status;
// reminders of reports coming due; and the Universal Periodic Review
// recommendations they may come from. Who reads what is the visibility
// rule's; this package only describes each text to it.
package commitment

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/evidence"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Viewer is who reads or writes: nil for the public.
type Viewer = dialogue.Viewer

// Thesaurus tags texts with concepts and knows which concepts exist
// (package thesaurus, through discovery, provides it).
type Thesaurus interface {
	Tag(lang, text string) []string
	Known(id string) bool
}

// Service runs commitments and their follow-up on a database.
type Service struct {
	DB       *store.DB
	Dialogue *dialogue.Service
	// Outcome gives the adopted paragraph a commitment comes from.
	Outcome *outcome.Service
	// Evidence gives the indicators' latest values for progress from data.
	Evidence *evidence.Service
	// Thesaurus tags commitments and recommendations; nil tags nothing and
	// accepts no concept given by hand.
	Thesaurus Thesaurus

	reads readCache
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func isSecretariat(v Viewer) bool { return v != nil && v.Role == account.Administrator }

// userID is v's id for a column that is NULL for the system.
func userID(v Viewer) any {
	if v == nil || v.ID == 0 {
		return nil
	}
	return v.ID
}

// record audits a change inside tx.
func record(ctx context.Context, tx *store.Tx, v Viewer, action, entity string, id int64, change any) error {
	return audit.Record(ctx, tx, audit.Event{Actor: account.ActorOf(v), Action: action, EntityType: entity, EntityID: itoa(id), Change: change})
}

// event appends a line to a commitment's history inside tx.
func event(ctx context.Context, tx *store.Tx, v Viewer, commitmentID int64, kind, country string, reportID int64, detail string) error {
	var report any
	if reportID != 0 {
		report = reportID
	}
	_, err := tx.Exec(ctx, `INSERT INTO commitment_events (commitment_id, at, kind, country, report_id, actor_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, commitmentID, store.Now(), kind, country, report, userID(v), detail)
	return err
}

// Search document ids: another package builds the documents from them.
func commitmentDoc(id int64) string { return "commitment:" + itoa(id) }
func reportDoc(id int64) string     { return "report:" + itoa(id) }

// publishedEditions is the set of published editions, asked of the
// dialogue service (an edition is the dialogue's) on every read rather
// than kept: there are a few dozen editions at most, the read is one
// small query, and a cache would have to learn when the secretariat
// publishes one. The public reads exactly the published editions.
func (s *Service) publishedEditions(ctx context.Context) (map[int64]bool, error) {
	list, err := s.Dialogue.Editions(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(list))
	for _, e := range list {
		if e.Published {
			out[e.ID] = true
		}
	}
	return out, nil
}

// publishedSQL is the Published column of the visibility rule for
// commitments aliased c: an edition-less commitment counts as published.
// The ids come from the database as integers, so they are written into
// the query rather than bound: Reader.Where may repeat the expression,
// and bound arguments would have to follow it.
func publishedSQL(pub map[int64]bool) string {
	if len(pub) == 0 {
		return "(c.edition_id IS NULL)"
	}
	ids := make([]int64, 0, len(pub))
	for id := range pub {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b strings.Builder
	b.WriteString("(c.edition_id IS NULL OR c.edition_id IN (")
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(itoa(id))
	}
	b.WriteString("))")
	return b.String()
}

// commitmentText describes a commitment to the visibility rule: its
// level, no owner (a commitment of several states belongs to none of
// them: the secretariat records and drafts it), no embargo.
func commitmentText(c Commitment, pub map[int64]bool) visibility.Text {
	return visibility.Text{Level: c.Level, Published: c.EditionID == 0 || pub[c.EditionID]}
}

// reportLevel is a report's level: a draft or returned report is its
// delegation's; a submitted one waits for its state's validator; a
// published one is read as widely as its commitment.
func reportLevel(state ReportState, commitment visibility.Level) visibility.Level {
	switch state {
	case ReportSubmitted:
		return visibility.Validation
	case ReportPublished:
		return commitment
	}
	return visibility.Draft
}

// reportText describes a report on c to the visibility rule.
func reportText(r Report, c Commitment, pub map[int64]bool) visibility.Text {
	t := commitmentText(c, pub)
	t.Level, t.Owner = reportLevel(r.State, c.Level), r.Country
	return t
}

// readsReport: the reader reads the report and the commitment it is on,
// except that a report waiting for validation is read by whom the rule's
// validation level names even where the commitment is kept to the room:
// the validator of its state, who is not in the room, must read what they
// approve.
func readsReport(rd visibility.Reader, r Report, c Commitment, pub map[int64]bool) bool {
	t := reportText(r, c, pub)
	if !rd.Sees(t) {
		return false
	}
	return t.Level == visibility.Validation || rd.Sees(commitmentText(c, pub))
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
