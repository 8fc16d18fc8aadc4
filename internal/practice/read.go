package practice

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// practiceVisibility is where the rule finds a practice's level and owner:
// a draft is its delegation's, a submitted practice its delegation's and
// the secretariat's, a published one everyone's.
var practiceVisibility = visibility.Columns{
	Level:     "CASE p.state WHEN 'draft' THEN 'draft' WHEN 'submitted' THEN 'delegation' ELSE 'public' END",
	Owner:     "p.country",
	Embargo:   "CAST(NULL AS TIMESTAMP)",
	Published: "TRUE",
}

// textOf is a practice as the visibility rule sees it; its documents
// follow it.
func textOf(country string, st State) visibility.Text {
	switch st {
	case Draft:
		return visibility.Text{Level: visibility.Draft, Owner: country}
	case Submitted:
		return visibility.Text{Level: visibility.Delegation, Owner: country}
	}
	return visibility.Text{Level: visibility.Public, Owner: country, Published: true}
}

// contactOf is a practice's contact as the rule sees it: accredited
// participants (the room) read it, and its own delegation always.
func contactOf(country string) visibility.Text {
	return visibility.Text{Level: visibility.Participants, Owner: country, Published: true}
}

const practiceColumns = `p.id, p.country, p.language, COALESCE(p.period_from, 0), COALESCE(p.period_to, 0), p.institutions, p.costs,
	p.contact, p.state, COALESCE(p.author_id, 0), p.created_at, p.updated_at, p.published_at`

func scanPractice(r store.Scanner) (Practice, error) {
	var p Practice
	var published sql.NullTime
	var st string
	err := r.Scan(&p.ID, &p.Country, &p.Language, &p.PeriodFrom, &p.PeriodTo, &p.Institutions, &p.Costs,
		&p.Contact, &st, &p.AuthorID, &p.CreatedAt, &p.UpdatedAt, &published)
	p.State = State(st)
	if published.Valid {
		t := published.Time.UTC()
		p.PublishedAt = &t
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

// Get reads one practice; not found when the reader may not read it.
func (s *Service) Get(ctx context.Context, v Viewer, id int64) (Practice, error) {
	p, err := scanPractice(s.DB.Reader().QueryRow(ctx, "SELECT "+practiceColumns+" FROM practices p WHERE p.id = ?", id))
	if err != nil {
		return p, notFound(err)
	}
	r := visibility.Of(v)
	if !r.Sees(textOf(p.Country, p.State)) {
		return Practice{}, notFound(sql.ErrNoRows)
	}
	list := []Practice{p}
	if err := s.attach(ctx, s.DB.Reader(), r, list); err != nil {
		return Practice{}, err
	}
	return list[0], nil
}

// List pages the practices the reader may read, newest change first.
func (s *Service) List(ctx context.Context, v Viewer, f Filter) (Page, error) {
	limit, offset := page(f.Limit, f.Offset)
	out := Page{Items: []Practice{}, Limit: limit, Offset: offset}
	r := visibility.Of(v)
	cond, args := r.Where(practiceVisibility, time.Now())
	where := []string{cond}
	if f.Country != "" {
		where, args = append(where, "p.country = ?"), append(args, strings.ToUpper(f.Country))
	}
	if f.State != "" {
		where, args = append(where, "p.state = ?"), append(args, string(f.State))
	}
	if f.Concept != "" {
		where, args = append(where, "p.id IN (SELECT practice_id FROM practice_concepts WHERE concept_id = ?)"), append(args, f.Concept)
	}
	if f.Target != "" {
		where, args = append(where, "p.id IN (SELECT practice_id FROM practice_targets WHERE target = ?)"), append(args, f.Target)
	}
	q := s.DB.Reader()
	w := " FROM practices p WHERE " + strings.Join(where, " AND ")
	if err := q.QueryRow(ctx, "SELECT COUNT(*)"+w, args...).Scan(&out.Total); err != nil {
		return out, err
	}
	if out.Total == 0 || offset >= out.Total {
		return out, nil
	}
	items, err := store.QueryAll(ctx, q, scanPractice, "SELECT "+practiceColumns+w+" ORDER BY p.updated_at DESC, p.id DESC LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return out, err
	}
	if err := s.attach(ctx, q, r, items); err != nil {
		return out, err
	}
	out.Items = items
	return out, nil
}

// maxPaths bounds the practices the different-paths view reads on one
// theme.
const maxPaths = 500

// DifferentPaths is the published practices of every country on concept,
// grouped by country (see Paths for the order: by country code, never by
// results).
func (s *Service) DifferentPaths(ctx context.Context, v Viewer, concept string) (Paths, error) {
	out := Paths{Concept: concept, Countries: []CountryPaths{}}
	r := visibility.Of(v)
	cond, args := r.Where(practiceVisibility, time.Now())
	q := s.DB.Reader()
	items, err := store.QueryAll(ctx, q, scanPractice, "SELECT "+practiceColumns+` FROM practices p
		JOIN practice_concepts c ON c.practice_id = p.id AND c.concept_id = ?
		WHERE p.state = 'published' AND `+cond+` ORDER BY p.country, p.published_at, p.id LIMIT ?`,
		append(append([]any{concept}, args...), maxPaths)...)
	if err != nil {
		return out, err
	}
	if err := s.attach(ctx, q, r, items); err != nil {
		return out, err
	}
	for _, p := range items {
		if n := len(out.Countries); n == 0 || out.Countries[n-1].Country != p.Country {
			out.Countries = append(out.Countries, CountryPaths{Country: p.Country})
		}
		last := &out.Countries[len(out.Countries)-1]
		last.Practices = append(last.Practices, p)
	}
	return out, nil
}

// Themes lists the concepts with published practices of at least two
// countries, by concept id: the index of the different-paths view.
func (s *Service) Themes(ctx context.Context, v Viewer) ([]Theme, error) {
	cond, args := visibility.Of(v).Where(practiceVisibility, time.Now())
	return store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (Theme, error) {
		var t Theme
		err := sc.Scan(&t.Concept, &t.Countries, &t.Practices)
		return t, err
	}, `SELECT c.concept_id, COUNT(DISTINCT p.country), COUNT(*) FROM practice_concepts c JOIN practices p ON p.id = c.practice_id
		WHERE p.state = 'published' AND `+cond+` GROUP BY c.concept_id HAVING COUNT(DISTINCT p.country) >= 2 ORDER BY c.concept_id`, args...)
}

// attach fills the practices' texts, concepts, targets, indicators and
// documents, and hides each contact from a reader outside the room.
func (s *Service) attach(ctx context.Context, q store.Querier, r visibility.Reader, list []Practice) error {
	if len(list) == 0 {
		return nil
	}
	at := map[int64]*Practice{}
	args := make([]any, len(list))
	for i := range list {
		p := &list[i]
		at[p.ID], args[i] = p, p.ID
		p.Texts = map[string]Text{}
		p.Concepts, p.Targets, p.Indicators, p.Documents = []string{}, []string{}, []string{}, []Document{}
		if !r.Sees(contactOf(p.Country)) {
			p.ContactHidden = p.Contact != ""
			p.Contact = ""
		}
	}
	in := "(" + placeholders(len(list)) + ")"
	rows, err := q.Query(ctx, `SELECT practice_id, language, title, context, actions, results, challenges, lessons, transfer, origin, review, updated_at
		FROM practice_texts WHERE practice_id IN `+in, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t Text
		if err := rows.Scan(&id, &t.Language, &t.Title, &t.Context, &t.Actions, &t.Results, &t.Challenges, &t.Lessons, &t.Transfer,
			&t.Origin, &t.Review, &t.UpdatedAt); err != nil {
			return err
		}
		t.UpdatedAt = t.UpdatedAt.UTC()
		at[id].Texts[t.Language] = t
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range []struct {
		query string
		add   func(p *Practice, v string)
	}{
		{"SELECT practice_id, concept_id FROM practice_concepts WHERE practice_id IN " + in + " ORDER BY concept_id",
			func(p *Practice, v string) { p.Concepts = append(p.Concepts, v) }},
		{"SELECT practice_id, target FROM practice_targets WHERE practice_id IN " + in + " ORDER BY target",
			func(p *Practice, v string) { p.Targets = append(p.Targets, v) }},
		{"SELECT practice_id, indicator_code FROM practice_indicators WHERE practice_id IN " + in + " ORDER BY indicator_code",
			func(p *Practice, v string) { p.Indicators = append(p.Indicators, v) }},
	} {
		if err := pairs(ctx, q, l.query, args, func(id int64, v string) { l.add(at[id], v) }); err != nil {
			return err
		}
	}
	drows, err := q.Query(ctx, "SELECT practice_id, upload_id, title FROM practice_documents WHERE practice_id IN "+in+" ORDER BY upload_id", args...)
	if err != nil {
		return err
	}
	defer drows.Close()
	for drows.Next() {
		var id int64
		var d Document
		if err := drows.Scan(&id, &d.UploadID, &d.Title); err != nil {
			return err
		}
		at[id].Documents = append(at[id].Documents, d)
	}
	return drows.Err()
}

// pairs calls add for each (id, value) row of query.
func pairs(ctx context.Context, q store.Querier, query string, args []any, add func(int64, string)) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		add(id, v)
	}
	return rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// HoldsUpload is the practices' upload.Holder: whether v reads a practice
// that lists upload id among its documents.
func (s *Service) HoldsUpload(ctx context.Context, v Viewer, id int64) (bool, error) {
	cond, args := visibility.Of(v).Where(practiceVisibility, time.Now())
	var n int
	err := s.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM practice_documents d JOIN practices p ON p.id = d.practice_id
		WHERE d.upload_id = ? AND `+cond, append([]any{id}, args...)...).Scan(&n)
	return n > 0, err
}
