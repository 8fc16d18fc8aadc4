package commitment

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/outbox"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Create records a commitment (the secretariat). Exactly one of
// in.ParagraphID, in.StatementID and in.RecommendationID names where it
// comes from.
func (s *Service) Create(ctx context.Context, v Viewer, in Input) (Commitment, error) {
	if !isSecretariat(v) {
		return Commitment{}, errSecretariatOnly
	}
	c, err := s.fromSource(ctx, v, in)
	if err != nil {
		return Commitment{}, err
	}
	if err := s.check(ctx, &c, in); err != nil {
		return Commitment{}, err
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO commitments (edition_id, source, paragraph_id, statement_id, recommendation_id,
			title, text, language, level, starts_on, due_on, report_every, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			nullID(c.EditionID), c.Source, nullID(c.ParagraphID), nullID(c.StatementID), nullID(c.RecommendationID),
			c.Title, c.Text, c.Language, c.Level, c.StartsOn, c.DueOn, c.ReportEvery, userID(v), now, now).Scan(&c.ID); err != nil {
			return err
		}
		if err := s.saveParts(ctx, tx, c); err != nil {
			return err
		}
		return s.changed(ctx, tx, v, c.ID, EventCreated, "commitment.create", c)
	})
	if err != nil {
		return Commitment{}, err
	}
	return s.Get(ctx, v, c.ID)
}

// FromParagraph records a commitment from an operative paragraph of an
// adopted outcome document (the secretariat): its edition, text and
// language are the paragraph's; the title defaults to the document's
// title and the paragraph's label.
func (s *Service) FromParagraph(ctx context.Context, v Viewer, paragraphID int64, in Input) (Commitment, error) {
	in.ParagraphID, in.StatementID, in.RecommendationID = paragraphID, 0, 0
	return s.Create(ctx, v, in)
}

// Update changes a commitment (the secretariat). Its source, and for a
// paragraph its text, stay; the concepts are the automatic tags of the
// new text plus in.Concepts. Milestones keep their ids: one given with
// its id is changed, one left out is removed, one without id is added.
func (s *Service) Update(ctx context.Context, v Viewer, id int64, in Input) (Commitment, error) {
	if !isSecretariat(v) {
		return Commitment{}, errSecretariatOnly
	}
	old, err := s.Get(ctx, v, id)
	if err != nil {
		return Commitment{}, err
	}
	c := old
	if c.Source == SourceParagraph {
		// The adopted text is frozen: the commitment quotes it.
		in.Text, in.Language = c.Text, c.Language
	}
	if in.Text == "" {
		in.Text = c.Text
	}
	if in.Language == "" {
		in.Language = c.Language
	}
	if in.Title == "" {
		in.Title = c.Title
	}
	c.Title, c.Text, c.Language = in.Title, in.Text, in.Language
	if err := s.check(ctx, &c, in); err != nil {
		return Commitment{}, err
	}
	for _, m := range c.Milestones {
		if m.ID != 0 && !slices.ContainsFunc(old.Milestones, func(o Milestone) bool { return o.ID == m.ID }) {
			return Commitment{}, errNoMilestone
		}
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE commitments SET title = ?, text = ?, language = ?, level = ?, starts_on = ?, due_on = ?,
			report_every = ?, updated_at = ? WHERE id = ?`,
			c.Title, c.Text, c.Language, c.Level, c.StartsOn, c.DueOn, c.ReportEvery, store.Now(), id); err != nil {
			return err
		}
		for _, q := range []string{"DELETE FROM commitment_owners WHERE commitment_id = ?",
			"DELETE FROM commitment_concepts WHERE commitment_id = ?",
			"DELETE FROM commitment_targets WHERE commitment_id = ?",
			"DELETE FROM commitment_indicators WHERE commitment_id = ?"} {
			if _, err := tx.Exec(ctx, q, id); err != nil {
				return err
			}
		}
		for _, o := range old.Milestones {
			if !slices.ContainsFunc(c.Milestones, func(m Milestone) bool { return m.ID == o.ID }) {
				if _, err := tx.Exec(ctx, "DELETE FROM commitment_milestones WHERE id = ?", o.ID); err != nil {
					return err
				}
			}
		}
		if err := s.saveParts(ctx, tx, c); err != nil {
			return err
		}
		// The owners were written anew: each takes its latest published
		// report again (none for a state that never reported on it).
		if err := refreshLatest(ctx, tx, id, ""); err != nil {
			return err
		}
		return s.changed(ctx, tx, v, id, EventUpdated, "commitment.update", c)
	})
	if err != nil {
		return Commitment{}, err
	}
	return s.Get(ctx, v, id)
}

// Get reads one commitment, if v may read it (errs not found otherwise).
func (s *Service) Get(ctx context.Context, v Viewer, id int64) (Commitment, error) {
	c, err := loadCommitment(ctx, s.DB.Reader(), id)
	if err != nil {
		return c, err
	}
	pub, err := s.publishedEditions(ctx)
	if err != nil {
		return Commitment{}, err
	}
	if !visibility.Of(v).Sees(commitmentText(c, pub)) {
		return Commitment{}, errs.ErrNotFound
	}
	list := []Commitment{c}
	if err := attach(ctx, s.DB.Reader(), list); err != nil {
		return Commitment{}, err
	}
	return list[0], nil
}

// SetMilestoneDone marks a milestone done on doneOn (YYYY-MM-DD), or open
// again with "" (the secretariat, or a delegate of an owner state).
func (s *Service) SetMilestoneDone(ctx context.Context, v Viewer, commitmentID, milestoneID int64, doneOn string) (Commitment, error) {
	c, err := s.Get(ctx, v, commitmentID)
	if err != nil {
		return c, err
	}
	if !isSecretariat(v) && !ownedBy(c, delegationOf(v)) {
		return Commitment{}, errNotYourCommitment
	}
	i := slices.IndexFunc(c.Milestones, func(m Milestone) bool { return m.ID == milestoneID })
	if i < 0 {
		return Commitment{}, errNoMilestone
	}
	var done any
	if doneOn != "" {
		if !validDay(doneOn) {
			return Commitment{}, errDate("done_on")
		}
		done = doneOn
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE commitment_milestones SET done_on = ? WHERE id = ? AND commitment_id = ?", done, milestoneID, commitmentID); err != nil {
			return err
		}
		if doneOn != "" {
			if err := event(ctx, tx, v, commitmentID, EventMilestoneDone, delegationOf(v), 0, c.Milestones[i].Title); err != nil {
				return err
			}
		}
		if err := touchCommitment(ctx, tx, commitmentID); err != nil {
			return err
		}
		return record(ctx, tx, v, "commitment.milestone", "commitment_milestone", milestoneID, map[string]any{"done_on": doneOn})
	})
	if err != nil {
		return Commitment{}, err
	}
	return s.Get(ctx, v, commitmentID)
}

// changed finishes a write to a commitment inside tx: its history, its
// search document and the audit trail.
func (s *Service) changed(ctx context.Context, tx *store.Tx, v Viewer, id int64, kind, action string, change any) error {
	if err := event(ctx, tx, v, id, kind, "", 0, ""); err != nil {
		return err
	}
	if err := outbox.Search(ctx, tx, commitmentDoc(id)); err != nil {
		return err
	}
	return record(ctx, tx, v, action, "commitment", id, change)
}

// touchCommitment moves a commitment's updated_at and queues its search
// document (a milestone, a published report change what it shows).
func touchCommitment(ctx context.Context, tx *store.Tx, id int64) error {
	if _, err := tx.Exec(ctx, "UPDATE commitments SET updated_at = ? WHERE id = ?", store.Now(), id); err != nil {
		return err
	}
	return outbox.Search(ctx, tx, commitmentDoc(id))
}

// saveParts writes a commitment's owners, concepts, targets, milestones
// and indicators (the old ones removed by the caller).
func (s *Service) saveParts(ctx context.Context, tx *store.Tx, c Commitment) error {
	for _, o := range c.Owners {
		if _, err := tx.Exec(ctx, "INSERT INTO commitment_owners (commitment_id, country, institution) VALUES (?, ?, ?)", c.ID, o.Country, o.Institution); err != nil {
			return err
		}
	}
	for _, id := range c.Concepts {
		if _, err := tx.Exec(ctx, "INSERT INTO commitment_concepts (commitment_id, concept_id) VALUES (?, ?)", c.ID, id); err != nil {
			return err
		}
	}
	for _, t := range c.Targets {
		if _, err := tx.Exec(ctx, "INSERT INTO commitment_targets (commitment_id, target) VALUES (?, ?)", c.ID, t); err != nil {
			return err
		}
	}
	for i, m := range c.Milestones {
		var done any
		if m.DoneOn != "" {
			done = m.DoneOn
		}
		if m.ID != 0 {
			if _, err := tx.Exec(ctx, "UPDATE commitment_milestones SET position = ?, title = ?, due_on = ?, done_on = ? WHERE id = ? AND commitment_id = ?",
				i, m.Title, m.DueOn, done, m.ID, c.ID); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.Exec(ctx, "INSERT INTO commitment_milestones (commitment_id, position, title, due_on, done_on) VALUES (?, ?, ?, ?, ?)",
			c.ID, i, m.Title, m.DueOn, done); err != nil {
			return err
		}
	}
	for _, x := range c.Indicators {
		if _, err := tx.Exec(ctx, `INSERT INTO commitment_indicators (commitment_id, indicator_code, country, baseline_year, baseline_value, target_year, target_value)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, c.ID, x.Code, x.Country, x.BaselineYear, x.Baseline, x.TargetYear, x.Target); err != nil {
			return err
		}
	}
	return nil
}

// fromSource starts a commitment from where in says it comes from,
// taking what the source gives (edition, text, language, title).
func (s *Service) fromSource(ctx context.Context, v Viewer, in Input) (Commitment, error) {
	c := Commitment{EditionID: in.EditionID, Title: in.Title, Text: in.Text, Language: in.Language}
	n := 0
	for _, id := range []int64{in.ParagraphID, in.StatementID, in.RecommendationID} {
		if id != 0 {
			n++
		}
	}
	if n != 1 {
		return c, errOneSource
	}
	switch {
	case in.ParagraphID != 0:
		d, p, err := s.adoptedParagraph(ctx, v, in.EditionID, in.ParagraphID)
		if err != nil {
			return c, err
		}
		c.Source, c.ParagraphID, c.EditionID = SourceParagraph, p.ID, d.EditionID
		c.Text, c.Language = p.Text, d.Language
		if c.Title == "" {
			c.Title = d.Title + ", " + p.Label
		}
	case in.StatementID != 0:
		st, err := s.Dialogue.Statement(ctx, v, in.StatementID)
		if errs.Is(err, errs.NotFound) || errors.Is(err, sql.ErrNoRows) {
			return c, errNoStatement
		} else if err != nil {
			return c, err
		}
		c.Source, c.StatementID, c.EditionID = SourceStatement, st.ID, st.EditionID
		if c.Text == "" {
			c.Text, c.Language = st.Body, st.Language
		}
		if c.Title == "" {
			c.Title = st.Title
		}
	default:
		var text, lang string
		err := s.DB.Reader().QueryRow(ctx, "SELECT text, language FROM recommendations WHERE id = ?", in.RecommendationID).Scan(&text, &lang)
		if errors.Is(err, sql.ErrNoRows) {
			return c, errNoRecommend
		} else if err != nil {
			return c, err
		}
		c.Source, c.RecommendationID = SourceRecommendation, in.RecommendationID
		if c.Text == "" {
			c.Text, c.Language = text, lang
		}
		if c.EditionID != 0 {
			if _, err := s.Dialogue.Edition(ctx, v, c.EditionID); err != nil {
				return c, errNoEdition
			}
		}
	}
	return c, nil
}

// adoptedParagraph finds a paragraph among the outcome documents v reads
// (of one edition, if given), asking the outcome service: the paragraph
// must be operative and its document adopted. The outcome service reads
// paragraphs by document, so this walks the editions' documents: a few
// dozen, read once when the secretariat records a commitment.
func (s *Service) adoptedParagraph(ctx context.Context, v Viewer, editionID, id int64) (outcome.Document, outcome.Paragraph, error) {
	var editions []int64
	if editionID != 0 {
		editions = []int64{editionID}
	} else {
		list, err := s.Dialogue.Editions(ctx, v)
		if err != nil {
			return outcome.Document{}, outcome.Paragraph{}, err
		}
		for _, e := range list {
			editions = append(editions, e.ID)
		}
	}
	for _, e := range editions {
		docs, err := s.Outcome.Documents(ctx, v, e)
		if errs.Is(err, errs.NotFound) || errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return outcome.Document{}, outcome.Paragraph{}, err
		}
		for _, d := range docs {
			ps, err := s.Outcome.Paragraphs(ctx, v, d.ID)
			if err != nil {
				return d, outcome.Paragraph{}, err
			}
			for _, p := range ps {
				if p.ID != id {
					continue
				}
				if d.Status != outcome.Adopted {
					return d, p, errNotAdopted
				}
				if p.Kind != outcome.Operative {
					return d, p, errNotOperative
				}
				return d, p, nil
			}
		}
	}
	return outcome.Document{}, outcome.Paragraph{}, errNoParagraph
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func delegationOf(v Viewer) string {
	if v == nil || v.Role != account.Delegate {
		return ""
	}
	return v.Delegation
}

func ownedBy(c Commitment, country string) bool {
	return country != "" && slices.ContainsFunc(c.Owners, func(o Owner) bool { return o.Country == country })
}

const commitmentColumns = `c.id, c.edition_id, c.source, c.paragraph_id, c.statement_id, c.recommendation_id, c.title, c.text,
	c.language, c.level, c.starts_on, c.due_on, c.report_every, c.created_at, c.updated_at`

func scanCommitment(sc store.Scanner) (Commitment, error) {
	var c Commitment
	var ed, par, st, rec sql.NullInt64
	err := sc.Scan(&c.ID, &ed, &c.Source, &par, &st, &rec, &c.Title, &c.Text, &c.Language, &c.Level,
		&c.StartsOn, &c.DueOn, &c.ReportEvery, &c.CreatedAt, &c.UpdatedAt)
	c.EditionID, c.ParagraphID, c.StatementID, c.RecommendationID = ed.Int64, par.Int64, st.Int64, rec.Int64
	return c, err
}

func loadCommitment(ctx context.Context, q store.Querier, id int64) (Commitment, error) {
	c, err := scanCommitment(q.QueryRow(ctx, "SELECT "+commitmentColumns+" FROM commitments c WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.ErrNotFound
	}
	return c, err
}

// attach fills the owners with their latest statuses, the concepts,
// targets, milestones and indicators of a list of commitments, a query
// each for the list.
func attach(ctx context.Context, q store.Querier, list []Commitment) error {
	if len(list) == 0 {
		return nil
	}
	at := make(map[int64]*Commitment, len(list))
	ids := make([]string, len(list))
	for i := range list {
		c := &list[i]
		c.Owners, c.Concepts, c.Targets, c.Milestones, c.Indicators = []Owner{}, []string{}, []string{}, []Milestone{}, []IndicatorLink{}
		c.Latest = map[string]Status{}
		at[c.ID] = c
		ids[i] = itoa(c.ID)
	}
	in := "(" + strings.Join(ids, ", ") + ")"
	if err := scanEach(ctx, q, "SELECT commitment_id, country, institution, latest_status FROM commitment_owners WHERE commitment_id IN "+in+" ORDER BY commitment_id, country",
		func(sc store.Scanner) error {
			var id int64
			var o Owner
			var st sql.NullString
			if err := sc.Scan(&id, &o.Country, &o.Institution, &st); err != nil {
				return err
			}
			at[id].Owners = append(at[id].Owners, o)
			if st.Valid {
				at[id].Latest[o.Country] = Status(st.String)
			}
			return nil
		}); err != nil {
		return err
	}
	if err := scanEach(ctx, q, "SELECT commitment_id, concept_id FROM commitment_concepts WHERE commitment_id IN "+in+" ORDER BY commitment_id, concept_id",
		func(sc store.Scanner) error {
			var id int64
			var s string
			if err := sc.Scan(&id, &s); err != nil {
				return err
			}
			at[id].Concepts = append(at[id].Concepts, s)
			return nil
		}); err != nil {
		return err
	}
	if err := scanEach(ctx, q, "SELECT commitment_id, target FROM commitment_targets WHERE commitment_id IN "+in+" ORDER BY commitment_id, target",
		func(sc store.Scanner) error {
			var id int64
			var s string
			if err := sc.Scan(&id, &s); err != nil {
				return err
			}
			at[id].Targets = append(at[id].Targets, s)
			return nil
		}); err != nil {
		return err
	}
	if err := scanEach(ctx, q, "SELECT commitment_id, id, title, due_on, COALESCE(done_on, '') FROM commitment_milestones WHERE commitment_id IN "+in+" ORDER BY commitment_id, position, id",
		func(sc store.Scanner) error {
			var id int64
			var m Milestone
			if err := sc.Scan(&id, &m.ID, &m.Title, &m.DueOn, &m.DoneOn); err != nil {
				return err
			}
			at[id].Milestones = append(at[id].Milestones, m)
			return nil
		}); err != nil {
		return err
	}
	return scanEach(ctx, q, `SELECT commitment_id, indicator_code, country, baseline_year, baseline_value, target_year, target_value
		FROM commitment_indicators WHERE commitment_id IN `+in+" ORDER BY commitment_id, country, indicator_code",
		func(sc store.Scanner) error {
			var id int64
			var x IndicatorLink
			if err := sc.Scan(&id, &x.Code, &x.Country, &x.BaselineYear, &x.Baseline, &x.TargetYear, &x.Target); err != nil {
				return err
			}
			at[id].Indicators = append(at[id].Indicators, x)
			return nil
		})
}

// Each owner keeps the status and day of its latest published report on
// its commitment (commitment_owners.latest_status and latest_on, NULL for
// none), written in the transaction of every change that can move them —
// a report published, the owners written again — so that the tracker
// counts, filters and lists statuses from the owners alone. The latest is
// the published report of the latest day spoken of (reported_on), then of
// the greatest id.
//
// latestSetSQL sets both columns from progress_reports for the owners a
// WHERE clause appended to it selects: an index seek on
// progress_reports_commitment per owner.
const latestSetSQL = `UPDATE commitment_owners SET
	latest_status = (SELECT r.status FROM progress_reports r
		WHERE r.commitment_id = commitment_owners.commitment_id AND r.country = commitment_owners.country AND r.state = 'published'
		ORDER BY r.reported_on DESC, r.id DESC LIMIT 1),
	latest_on = (SELECT MAX(r.reported_on) FROM progress_reports r
		WHERE r.commitment_id = commitment_owners.commitment_id AND r.country = commitment_owners.country AND r.state = 'published')`

// refreshLatest sets the latest status and day of the owners of a
// commitment (of country alone, unless "") inside tx.
func refreshLatest(ctx context.Context, tx *store.Tx, commitmentID int64, country string) error {
	if country == "" {
		_, err := tx.Exec(ctx, latestSetSQL+" WHERE commitment_id = ?", commitmentID)
		return err
	}
	_, err := tx.Exec(ctx, latestSetSQL+" WHERE commitment_id = ? AND country = ?", commitmentID, country)
	return err
}

// RecountLatest sets every owner's latest published status and day from
// progress_reports inside tx. The services keep them as they write; this
// is for what writes reports with SQL instead (fixtures and bulk seeds,
// once their reports are in) and for repair.
func RecountLatest(ctx context.Context, tx *store.Tx) error {
	_, err := tx.Exec(ctx, latestSetSQL)
	return err
}

// scanEach runs query and calls fn for each row.
func scanEach(ctx context.Context, q store.Querier, query string, fn func(store.Scanner) error, args ...any) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
