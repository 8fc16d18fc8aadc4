// Package discovery is Roundtable's one search over statements, sessions and
// reference texts. It turns database rows into search documents (the
// loader the outbox indexer calls), keeps the index following the outbox,
// and answers queries: a query naming a thesaurus concept in any language
// also finds texts tagged with that concept in the others.
package discovery

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/reference"
	"roundtable/internal/search"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
	"roundtable/internal/visibility"
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
	record := &dialogue.Service{DB: s.DB}
	switch {
	case parts[0] == "statement" && len(parts) == 2:
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return statementDoc(ctx, record, n, "")
	case parts[0] == "statement" && len(parts) == 3:
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return statementDoc(ctx, record, n, parts[2])
	case parts[0] == "session" && len(parts) == 2:
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return sessionDoc(ctx, record, n)
	case parts[0] == "proposition" && (len(parts) == 2 || len(parts) == 3):
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		lang := ""
		if len(parts) == 3 {
			lang = parts[2]
		}
		return propositionDoc(ctx, &ground.Service{DB: s.DB, Dialogue: record}, n, lang)
	case parts[0] == "udhr" && len(parts) == 3:
		n, _ := strconv.Atoi(parts[2])
		return udhrDoc(ctx, s.DB.Reader(), th, parts[1], n)
	}
	return search.Document{}, false, nil // an id this version does not index
}

// statementDoc builds the document of a statement, or of one of its
// translations when lang is set (a translation is searchable in its own
// language and leads to the same statement).
func statementDoc(ctx context.Context, record *dialogue.Service, id int64, lang string) (search.Document, bool, error) {
	x, ok, err := record.IndexedStatement(ctx, id, lang)
	if !ok || err != nil {
		return search.Document{}, false, err
	}
	d := search.Document{ID: "statement:" + strconv.FormatInt(id, 10), Type: "statement", URL: "/statements/" + strconv.FormatInt(id, 10),
		Title: x.Title, Text: x.Text, Language: x.Language, EditionID: x.EditionID, SessionID: x.SessionID,
		Delegation: x.Delegation, Country: x.Country, Concepts: x.Concepts, Visibility: string(x.Level)}
	if lang != "" {
		d.ID += ":" + lang
	}
	if x.EmbargoUntil != nil {
		d.EmbargoUntil = *x.EmbargoUntil
	}
	if t, err := time.Parse("2006-01-02", x.DeliveredOn); err == nil {
		d.Date = t
	}
	return d, true, nil
}

// propositionDoc builds the document of a proposition, or of one of its
// translations when lang is set; its title is the text's opening words.
func propositionDoc(ctx context.Context, g *ground.Service, id int64, lang string) (search.Document, bool, error) {
	x, ok, err := g.IndexedProposition(ctx, id, lang)
	if !ok || err != nil {
		return search.Document{}, false, err
	}
	n := strconv.FormatInt(id, 10)
	d := search.Document{ID: "proposition:" + n, Type: "proposition", URL: "/propositions/" + n,
		Title: opening(x.Text, 120), Text: x.Text, Language: x.Language, EditionID: x.EditionID,
		Delegation: x.Delegation, Country: x.Country, Concepts: x.Concepts, Visibility: string(x.Level), Date: x.CreatedAt}
	if lang != "" {
		d.ID += ":" + lang
	}
	return d, true, nil
}

// opening is the first max runes of s, cut at a space where there is one.
func opening(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := max
	for i := max; i > max/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return string(r[:cut]) + "…"
}

// sessionDoc indexes a session under each language its title has.
func sessionDoc(ctx context.Context, record *dialogue.Service, id int64) (search.Document, bool, error) {
	x, level, ok, err := record.IndexedSession(ctx, id)
	if !ok || err != nil {
		return search.Document{}, false, err
	}
	d := search.Document{ID: "session:" + strconv.FormatInt(id, 10), Type: "session", SessionID: id, EditionID: x.EditionID,
		URL: "/sessions/" + strconv.FormatInt(id, 10), Concepts: x.Themes, Date: x.StartsAt, Visibility: string(level)}
	// One document per session: its English title leads, and every
	// translation of the title is part of the text so any language finds it.
	t := x.Titles
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
	return d, true, nil
}

// udhrDoc indexes an article of the Declaration, tagged with the concepts
// that link to it and those its text names.
func udhrDoc(ctx context.Context, q store.Querier, th *thesaurus.Thesaurus, lang string, n int) (search.Document, bool, error) {
	a, err := reference.Get(ctx, q, "udhr", lang, n)
	if errs.Is(err, errs.NotFound) {
		return search.Document{}, false, nil
	}
	if err != nil {
		return search.Document{}, false, err
	}
	d := search.Document{ID: a.DocID(), Type: "udhr", Language: lang, Visibility: string(visibility.Public), Title: a.Title, Text: a.Body}
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
