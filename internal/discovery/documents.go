// Package discovery is Roundtable's one search over statements, sessions and
// reference texts. It turns database rows into search documents (the
// loader the outbox indexer calls), keeps the index following the outbox,
// and answers queries: a query naming a thesaurus concept in any language
// also finds texts tagged with that concept in the others.
package discovery

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/search"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
)

// Load is the indexer's loader: the current documents for ids, and the ids
// that no longer exist (to delete).
func (s *Service) Load(ctx context.Context, ids []string) ([]search.Document, []string, error) {
	th := s.thesaurus(ctx)
	var docs []search.Document
	var missing []string
	for _, id := range ids {
		d, ok, err := s.load(ctx, th, id)
		if err != nil {
			return nil, nil, fmt.Errorf("load %s: %w", id, err)
		}
		if ok {
			docs = append(docs, d)
		} else {
			missing = append(missing, id)
		}
	}
	return docs, missing, nil
}

func (s *Service) load(ctx context.Context, th *thesaurus.Thesaurus, id string) (search.Document, bool, error) {
	parts := strings.Split(id, ":")
	q := s.DB.Reader()
	switch {
	case parts[0] == "statement" && len(parts) == 2:
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return statementDoc(ctx, q, n, "")
	case parts[0] == "statement" && len(parts) == 3:
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return statementDoc(ctx, q, n, parts[2])
	case parts[0] == "session" && len(parts) == 2:
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return sessionDoc(ctx, q, n)
	case parts[0] == "udhr" && len(parts) == 3:
		n, _ := strconv.Atoi(parts[2])
		return udhrDoc(ctx, q, th, parts[1], n)
	}
	return search.Document{}, false, nil // an id this version does not index
}

// visibility caps a statement's visibility by its edition's publication:
// nothing of an unpublished edition is public.
func visibility(v string, published bool) string {
	if v == dialogue.Public && !published {
		return dialogue.Participants
	}
	return v
}

// statementDoc builds the document of a statement, or of one of its
// translations when lang is set (a translation is searchable in its own
// language and leads to the same statement).
func statementDoc(ctx context.Context, q store.Querier, id int64, lang string) (search.Document, bool, error) {
	var d search.Document
	var vis, delivered, code, kind, body, language string
	var published bool
	var session sql.NullInt64
	var embargo sql.NullTime
	err := q.QueryRow(ctx, `SELECT s.edition_id, s.session_id, s.title, s.body, s.language, s.delivered_on, s.visibility, s.embargo_until,
			d.code, d.kind, e.published
		FROM statements s JOIN delegations d ON d.id = s.delegation_id JOIN editions e ON e.id = s.edition_id WHERE s.id = ?`, id).
		Scan(&d.EditionID, &session, &d.Title, &body, &language, &delivered, &vis, &embargo, &code, &kind, &published)
	if err == sql.ErrNoRows {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	d.ID, d.Type, d.URL = "statement:"+strconv.FormatInt(id, 10), "statement", "/statements/"+strconv.FormatInt(id, 10)
	d.SessionID, d.Delegation = session.Int64, code
	if kind == dialogue.KindCountry {
		d.Country = code
	}
	d.Text, d.Language = body, language
	if lang != "" {
		err := q.QueryRow(ctx, "SELECT body FROM statement_translations WHERE statement_id = ? AND language = ?", id, lang).Scan(&d.Text)
		if err == sql.ErrNoRows {
			return d, false, nil
		}
		if err != nil {
			return d, false, err
		}
		d.ID, d.Language = d.ID+":"+lang, lang
	}
	d.Visibility = visibility(vis, published)
	if embargo.Valid {
		d.EmbargoUntil = embargo.Time
	}
	if t, err := time.Parse("2006-01-02", delivered); err == nil {
		d.Date = t
	}
	if d.Concepts, err = concepts(ctx, q, id); err != nil {
		return d, false, err
	}
	return d, true, nil
}

func concepts(ctx context.Context, q store.Querier, statementID int64) ([]string, error) {
	return store.QueryAll(ctx, q, store.ScanString, "SELECT concept_id FROM statement_concepts WHERE statement_id = ? AND origin <> 'removed' ORDER BY concept_id", statementID)
}

// sessionDoc indexes a session under each language its title has.
func sessionDoc(ctx context.Context, q store.Querier, id int64) (search.Document, bool, error) {
	var d search.Document
	var titles, themes string
	var published bool
	err := q.QueryRow(ctx, `SELECT x.edition_id, x.titles, x.themes, x.starts_at, e.published FROM sessions x JOIN editions e ON e.id = x.edition_id WHERE x.id = ?`, id).
		Scan(&d.EditionID, &titles, &themes, &d.Date, &published)
	if err == sql.ErrNoRows {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	var t dialogue.Texts
	if err := json.Unmarshal([]byte(titles), &t); err != nil {
		return d, false, err
	}
	json.Unmarshal([]byte(themes), &d.Concepts)
	d.ID, d.Type, d.SessionID = "session:"+strconv.FormatInt(id, 10), "session", id
	d.URL = "/sessions/" + strconv.FormatInt(id, 10)
	// One document per session: its English title leads, and every
	// translation of the title is part of the text so any language finds it.
	d.Language = "en"
	if t["en"] == "" {
		for l := range t {
			d.Language = l
			break
		}
	}
	d.Title = t[d.Language]
	var all []string
	for _, l := range []string{"en", "es", "pt", "zh", "fr"} {
		if t[l] != "" {
			all = append(all, t[l])
		}
	}
	d.Text = strings.Join(all, " · ")
	d.Visibility = visibility(dialogue.Public, published)
	return d, true, nil
}

// udhrDoc indexes an article of the Declaration, tagged with the concepts
// that link to it and those its text names.
func udhrDoc(ctx context.Context, q store.Querier, th *thesaurus.Thesaurus, lang string, n int) (search.Document, bool, error) {
	var d search.Document
	err := q.QueryRow(ctx, "SELECT title, body FROM reference_articles WHERE doc = 'udhr' AND language = ? AND article = ?", lang, n).Scan(&d.Title, &d.Text)
	if err == sql.ErrNoRows {
		return d, false, nil
	}
	if err != nil {
		return d, false, err
	}
	d.ID, d.Type, d.Language, d.Visibility = fmt.Sprintf("udhr:%s:%d", lang, n), "udhr", lang, search.VisPublic
	d.URL = fmt.Sprintf("/udhr/%d?lang=%s", n, lang)
	d.Date = time.Date(1948, 12, 10, 0, 0, 0, 0, time.UTC)
	d.Concepts = udhrConcepts(th, lang, n, d.Text)
	return d, true, nil
}

func udhrConcepts(th *thesaurus.Thesaurus, lang string, n int, text string) []string {
	if th == nil {
		return nil
	}
	set := map[string]bool{}
	for _, c := range th.All() {
		for _, a := range c.UDHR {
			if a == n {
				set[c.ID] = true
			}
		}
	}
	for _, id := range th.Tag(lang, text) {
		set[id] = true
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	return out
}
