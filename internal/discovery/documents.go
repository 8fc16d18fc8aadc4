// Package discovery is Roundtable's one search over statements, sessions and
// reference texts. It turns database rows into search documents (the
// loader the outbox indexer calls), keeps the index following the outbox,
// and answers queries: a query naming a thesaurus concept in any language
// also finds texts tagged with that concept in the others.
package discovery

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/ground"
	"roundtable/internal/practice"
	"roundtable/internal/reference"
	"roundtable/internal/search"
	"roundtable/internal/store"
	"roundtable/internal/text"
	"roundtable/internal/thesaurus"
	"roundtable/internal/visibility"
)

// Load is the indexer's loader: the current documents for ids, and the ids
// that no longer exist (to delete). A statement, a proposition and an
// article of the Declaration are one document each with all their
// versions, so an id naming one version ("statement:7:pt", which
// SetTranslation and machine translation queue, or "udhr:es:25", which
// reference.Sync queues) loads its document's (docID).
//
// A commitment's reports copy its title, concepts and level, so loading a
// commitment loads its reports too (whatever wrote it need not name them);
// "edition:<id>", which is no document, loads the edition's commitments
// and reports.
func (s *Service) Load(ctx context.Context, ids []string) ([]search.Document, []string, error) {
	ids, err := withReports(ctx, &commitment.Service{DB: s.DB}, ids)
	if err != nil {
		return nil, nil, err
	}
	return s.loadDocs(ctx, ids)
}

// withReports is ids with the reports of each commitment they name, and
// the commitments and reports of each edition they name ("edition:<id>",
// which an edition's update queues: its publication changes who reads
// them).
func withReports(ctx context.Context, c *commitment.Service, ids []string) ([]string, error) {
	out := ids
	add := func(r string) error {
		out = append(out[:len(out):len(out)], r)
		return nil
	}
	for _, id := range ids {
		kind, n, _ := strings.Cut(docID(id), ":")
		x, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			continue
		}
		switch kind {
		case "commitment":
			err = c.ReportDocIDs(ctx, x, add)
		case "edition":
			err = c.EditionDocIDs(ctx, x, add)
		}
		if err != nil {
			return nil, fmt.Errorf("documents of %s: %w", id, err)
		}
	}
	return out, nil
}

// loadDocs is Load without the reports of commitments (Rebuild lists
// every report already).
func (s *Service) loadDocs(ctx context.Context, ids []string) ([]search.Document, []string, error) {
	th := s.thesaurus(ctx)
	var docs []search.Document
	var missing []string
	seen := map[string]bool{}
	for _, id := range ids {
		id = docID(id)
		if seen[id] {
			continue
		}
		seen[id] = true
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

// docID is the id of the document that id, a document's or one of its
// versions', belongs to: "statement:7:pt" → "statement:7", "practice:4:zh"
// → "practice:4", "udhr:es:25" → "udhr:25".
func docID(id string) string {
	parts := strings.Split(id, ":")
	switch {
	case len(parts) == 3 && slices.Contains(versioned, parts[0]):
		return parts[0] + ":" + parts[1]
	case parts[0] == "udhr" && len(parts) == 3:
		return "udhr:" + parts[2]
	}
	return id
}

// versioned are the kinds of document whose versions writers may queue
// as "<kind>:<id>:<lang>".
var versioned = []string{"statement", "proposition", "commitment", "report", "practice"}

func (s *Service) load(ctx context.Context, th *thesaurus.Thesaurus, id string) (search.Document, bool, error) {
	parts := strings.Split(id, ":")
	if len(parts) != 2 {
		return search.Document{}, false, nil // an id this version does not index
	}
	record := &dialogue.Service{DB: s.DB}
	switch parts[0] {
	case "statement":
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return statementDoc(ctx, record, n)
	case "session":
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return sessionDoc(ctx, record, n)
	case "proposition":
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return propositionDoc(ctx, &ground.Service{DB: s.DB, Dialogue: record}, n)
	case "udhr":
		n, _ := strconv.Atoi(parts[1])
		return udhrDoc(ctx, s.DB.Reader(), th, n)
	case "commitment":
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return commitmentDoc(ctx, &commitment.Service{DB: s.DB}, n)
	case "report":
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return reportDoc(ctx, &commitment.Service{DB: s.DB}, n)
	case "practice":
		n, _ := strconv.ParseInt(parts[1], 10, 64)
		return practiceDoc(ctx, &practice.Service{DB: s.DB}, n)
	}
	return search.Document{}, false, nil
}

// versions are an original and its translations as a document's versions,
// the original first; a translation's title is the original's (statements'
// translations have none of their own).
func versions(lang, title, body string, ts []dialogue.Translation, titleOf func(string) string) []search.Version {
	vs := []search.Version{{Lang: lang, Title: title, Text: body}}
	for _, t := range ts {
		if t.Language == lang || t.Body == "" {
			continue
		}
		vs = append(vs, search.Version{Lang: t.Language, Title: titleOf(t.Body), Text: t.Body, Machine: t.Origin == "machine"})
	}
	return vs
}

// statementDoc builds the document of a statement: the original and every
// translation, human or machine, each searchable in its language.
func statementDoc(ctx context.Context, record *dialogue.Service, id int64) (search.Document, bool, error) {
	x, ok, err := record.IndexedStatement(ctx, id, "")
	if !ok || err != nil {
		return search.Document{}, false, err
	}
	d := search.Document{ID: "statement:" + strconv.FormatInt(id, 10), Type: "statement", URL: "/statements/" + strconv.FormatInt(id, 10),
		Title: x.Title, Text: x.Text, Language: x.Language, EditionID: x.EditionID, SessionID: x.SessionID,
		Delegation: x.Delegation, Country: x.Country, Concepts: x.Concepts, Visibility: string(x.Level)}
	d.Versions = versions(x.Language, x.Title, x.Text, x.Translations, func(string) string { return x.Title })
	if x.EmbargoUntil != nil {
		d.EmbargoUntil = *x.EmbargoUntil
	}
	if t, err := time.Parse("2006-01-02", x.DeliveredOn); err == nil {
		d.Date = t
	}
	return d, true, nil
}

// propositionDoc builds the document of a proposition with its
// translations; each version's title is its text's opening words.
func propositionDoc(ctx context.Context, g *ground.Service, id int64) (search.Document, bool, error) {
	x, ok, err := g.IndexedProposition(ctx, id, "")
	if !ok || err != nil {
		return search.Document{}, false, err
	}
	n := strconv.FormatInt(id, 10)
	title := func(body string) string { return opening(body, 120) }
	d := search.Document{ID: "proposition:" + n, Type: "proposition", URL: "/propositions/" + n,
		Title: title(x.Text), Text: x.Text, Language: x.Language, EditionID: x.EditionID,
		Delegation: x.Delegation, Country: x.Country, Concepts: x.Concepts, Visibility: string(x.Level), Date: x.CreatedAt}
	d.Versions = versions(x.Language, d.Title, x.Text, x.Translations, title)
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

// udhrDoc indexes an article of the Declaration in the five languages (the
// English text as its original), tagged with the concepts that link to it
// and those any of its texts names.
func udhrDoc(ctx context.Context, q store.Querier, th *thesaurus.Thesaurus, n int) (search.Document, bool, error) {
	d := search.Document{ID: "udhr:" + strconv.Itoa(n), Type: "udhr", Visibility: string(visibility.Public),
		URL: fmt.Sprintf("/udhr/%d", n), Date: time.Date(1948, 12, 10, 0, 0, 0, 0, time.UTC)}
	concepts := map[string]bool{}
	for _, lang := range text.Langs {
		a, err := reference.Get(ctx, q, "udhr", lang, n)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return search.Document{}, false, err
		}
		d.Versions = append(d.Versions, search.Version{Lang: lang, Title: a.Title, Text: a.Body})
		for _, c := range udhrConcepts(th, lang, n, a.Body) {
			concepts[c] = true
		}
	}
	if len(d.Versions) == 0 {
		return search.Document{}, false, nil
	}
	d.Language, d.Title, d.Text = d.Versions[0].Lang, d.Versions[0].Title, d.Versions[0].Text
	for c := range concepts {
		d.Concepts = append(d.Concepts, c)
	}
	slices.Sort(d.Concepts)
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
