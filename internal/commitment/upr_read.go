package commitment

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// Recommendation is a UPR recommendation: what was recommended to a state
// under review in a cycle, by which states, and the state's response. The
// UN publishes them, so everyone reads them.
type Recommendation struct {
	ID          int64      `json:"id"`
	SourceRef   string     `json:"source_ref"`
	UnderReview string     `json:"state_under_review"` // ISO alpha-3
	Cycle       int        `json:"cycle"`
	ReviewYear  int        `json:"review_year,omitempty"`
	Paragraph   string     `json:"paragraph,omitempty"`
	Text        string     `json:"text"`
	Language    string     `json:"language"`
	Response    string     `json:"response"` // supported, noted
	States      []RecState `json:"recommending_states"`
	Concepts    []string   `json:"concepts"`
	CreatedAt   time.Time  `json:"created_at"`
	// Commitments are those recorded from it that the reader may read
	// (Recommendation only; nil in lists).
	Commitments []CommitmentRef `json:"commitments,omitempty"`
}

// RecState is a recommending state as the file named it, with its code
// where it was recognised ("" otherwise).
type RecState struct {
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
}

// CommitmentRef names a commitment.
type CommitmentRef struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// RecFilter narrows the list of recommendations; empty fields do not
// filter.
type RecFilter struct {
	UnderReview  string `json:"state_under_review,omitempty"`
	Recommending string `json:"recommending_state,omitempty"` // a code, or a name as the file gave it
	Cycle        int    `json:"cycle,omitempty"`
	Response     string `json:"response,omitempty"`
	Concept      string `json:"concept,omitempty"`
	Limit        int    `json:"limit,omitempty"` // default 50, at most 500
	Offset       int    `json:"offset,omitempty"`
}

// RecPage is a page of recommendations in the API's list shape.
type RecPage struct {
	Items  []Recommendation `json:"items"`
	Limit  int              `json:"limit"`
	Offset int              `json:"offset"`
	Total  int              `json:"total"`
}

const recColumnsSQL = "r.id, r.source_ref, r.under_review, r.cycle, COALESCE(r.review_year, 0), r.paragraph, r.text, r.language, r.response, r.created_at"

func scanRecommendation(sc store.Scanner) (Recommendation, error) {
	var x Recommendation
	err := sc.Scan(&x.ID, &x.SourceRef, &x.UnderReview, &x.Cycle, &x.ReviewYear, &x.Paragraph, &x.Text, &x.Language, &x.Response, &x.CreatedAt)
	x.States, x.Concepts = []RecState{}, []string{}
	return x, err
}

// Recommendations lists recommendations by state under review, cycle and
// the order of the file they came from.
func (s *Service) Recommendations(ctx context.Context, f RecFilter) (RecPage, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit, f.Offset = min(f.Limit, 500), max(f.Offset, 0)
	if f.Response != "" && f.Response != Supported && f.Response != Noted {
		return RecPage{}, errs.Field("response", "bad_response", "followup.upr.bad_filter")
	}
	var where []string
	var args []any
	if f.UnderReview != "" {
		where, args = append(where, "r.under_review = ?"), append(args, strings.ToUpper(f.UnderReview))
	}
	if f.Cycle != 0 {
		where, args = append(where, "r.cycle = ?"), append(args, f.Cycle)
	}
	if f.Response != "" {
		where, args = append(where, "r.response = ?"), append(args, f.Response)
	}
	if f.Recommending != "" {
		where = append(where, "EXISTS (SELECT 1 FROM recommendation_states rs WHERE rs.recommendation_id = r.id AND (rs.country = ? OR rs.name = ?))")
		args = append(args, strings.ToUpper(f.Recommending), f.Recommending)
	}
	if f.Concept != "" {
		where, args = append(where, "EXISTS (SELECT 1 FROM recommendation_concepts rc WHERE rc.recommendation_id = r.id AND rc.concept_id = ?)"), append(args, f.Concept)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	q := s.DB.Reader()
	p := RecPage{Limit: f.Limit, Offset: f.Offset, Items: []Recommendation{}}
	if err := q.QueryRow(ctx, "SELECT count(*) FROM recommendations r"+cond, args...).Scan(&p.Total); err != nil {
		return RecPage{}, err
	}
	items, err := store.QueryAll(ctx, q, scanRecommendation, "SELECT "+recColumnsSQL+" FROM recommendations r"+cond+
		" ORDER BY r.under_review, r.cycle, r.id LIMIT ? OFFSET ?", append(args, f.Limit, f.Offset)...)
	if err != nil {
		return RecPage{}, err
	}
	if err := s.attachRecDetails(ctx, q, items); err != nil {
		return RecPage{}, err
	}
	p.Items = items
	return p, nil
}

// Recommendation returns one recommendation with the commitments recorded
// from it that v reads.
func (s *Service) Recommendation(ctx context.Context, v Viewer, id int64) (Recommendation, error) {
	q := s.DB.Reader()
	x, err := scanRecommendation(q.QueryRow(ctx, "SELECT "+recColumnsSQL+" FROM recommendations r WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return x, errs.ErrNotFound
	}
	if err != nil {
		return x, err
	}
	list := []Recommendation{x}
	if err := s.attachRecDetails(ctx, q, list); err != nil {
		return x, err
	}
	x = list[0]
	cond, args := visibility.Of(v).Where(commitmentVisibility, time.Now())
	x.Commitments, err = store.QueryAll(ctx, q, func(sc store.Scanner) (CommitmentRef, error) {
		var c CommitmentRef
		return c, sc.Scan(&c.ID, &c.Title)
	}, `SELECT c.id, c.title FROM commitments c LEFT JOIN editions e ON e.id = c.edition_id
		WHERE c.recommendation_id = ? AND `+cond+" ORDER BY c.id", append([]any{id}, args...)...)
	return x, err
}

// commitmentVisibility describes a commitment to the visibility rule: its
// level (a draft is the secretariat's alone: it has no owner delegation
// yet), no embargo, and its edition's publication (one without an edition
// counts as published).
var commitmentVisibility = visibility.Columns{Level: "c.level", Owner: "CAST(NULL AS TEXT)",
	Embargo: "CAST(NULL AS TIMESTAMP)", Published: "COALESCE(e.published, TRUE)"}

// attachRecDetails fills the recommending states and concepts of list.
func (s *Service) attachRecDetails(ctx context.Context, q store.Querier, list []Recommendation) error {
	if len(list) == 0 {
		return nil
	}
	at := map[int64]*Recommendation{}
	ids := make([]any, len(list))
	for i := range list {
		at[list[i].ID], ids[i] = &list[i], list[i].ID
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
	rows, err := q.Query(ctx, "SELECT recommendation_id, name, country FROM recommendation_states WHERE recommendation_id IN "+in+" ORDER BY recommendation_id, name", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var st RecState
		if err := rows.Scan(&id, &st.Name, &st.Country); err != nil {
			return err
		}
		at[id].States = append(at[id].States, st)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	crows, err := q.Query(ctx, "SELECT recommendation_id, concept_id FROM recommendation_concepts WHERE recommendation_id IN "+in+" ORDER BY recommendation_id, concept_id", ids...)
	if err != nil {
		return err
	}
	defer crows.Close()
	for crows.Next() {
		var id int64
		var c string
		if err := crows.Scan(&id, &c); err != nil {
			return err
		}
		at[id].Concepts = append(at[id].Concepts, c)
	}
	return crows.Err()
}

// RecommendationImport is one line of the log of recommendation files
// imported.
type RecommendationImport struct {
	ID         int64     `json:"id"`
	FileName   string    `json:"file_name"`
	SHA256     string    `json:"sha256"`
	Rows       int       `json:"rows"`
	Added      int       `json:"added"`
	Actor      string    `json:"actor"`
	ImportedAt time.Time `json:"imported_at"`
}

// RecommendationImports lists the latest imports, newest first.
func (s *Service) RecommendationImports(ctx context.Context, limit int) ([]RecommendationImport, error) {
	return store.QueryAll(ctx, s.DB.Reader(), func(sc store.Scanner) (RecommendationImport, error) {
		var x RecommendationImport
		return x, sc.Scan(&x.ID, &x.FileName, &x.SHA256, &x.Rows, &x.Added, &x.Actor, &x.ImportedAt)
	}, "SELECT id, file_name, sha256, rows_read, added, actor, imported_at FROM recommendation_imports ORDER BY id DESC LIMIT ?", limit)
}
