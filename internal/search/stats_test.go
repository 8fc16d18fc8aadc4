package search

import (
	"fmt"
	"math"
	"roundtable/internal/account"
	"testing"
	"time"
)

// scored is a page of hits as the ranking gives them: ids and exact
// scores, in order.
type scored []string

func scoresOf(r Result) scored {
	out := make(scored, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = fmt.Sprintf("%s %b", h.ID, h.Score) // %b: every bit of the float
	}
	return out
}

func sameScores(a, b scored) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// statsQueries exercise every scored part of a query: words in text and
// title, a phrase (shingles and title), a concept, a filter.
var statsQueries = []Query{
	{Text: "derecho desarrollo"},
	{Text: `"derecho al desarrollo"`},
	{Text: "inalienable"},
	{Text: "right development"},
	{Text: "desarrollo", Concepts: []string{"c-dev"}},
	{Text: "desarrollo", Filters: Filters{Language: "es"}},
}

// Statistics a reader's ranking uses must not depend on what that reader
// cannot see: adding drafts, restricted and embargoed documents holding
// the query's words (in their texts and in their titles, where no public
// title has them) leaves every public hit's score and order as they were,
// to the last bit; so it does for a participant when documents only
// delegations see are added, and for a delegate when other delegations'
// drafts are. Once the embargo ends, the public sees the
// document and its statistics move as they would for any public text.
func TestHiddenDocumentsDoNotMoveScores(t *testing.T) {
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	end := now.Add(2 * time.Hour)
	doc := func(id, lang, vis, deleg, title, body string) Document {
		return Document{ID: id, Type: "statement", Title: title, Language: lang, Visibility: vis,
			Delegation: deleg, Text: body, Concepts: []string{"c-dev"}, Date: now.Add(-time.Hour)}
	}
	public := []Document{
		doc("statement:1", "es", VisPublic, "BRA", "Declaración sobre el desarrollo", "El derecho al desarrollo es un derecho humano inalienable."),
		doc("statement:2", "es", VisPublic, "ARG", "Libre determinación", "Todos los pueblos tienen derecho a la libre determinación y al desarrollo económico."),
		doc("statement:3", "es", VisPublic, "CHL", "Cooperación", "La cooperación internacional para el desarrollo sostenible y el derecho."),
		doc("statement:4", "en", VisPublic, "GBR", "Right to development", "The right to development is an inalienable human right."),
		doc("statement:5", "en", VisPublic, "IND", "Cooperation", "International cooperation for development."),
	}
	embargoed := doc("statement:7", "es", VisPublic, "CHN", "Derecho al desarrollo inalienable", "El derecho al desarrollo, derecho inalienable de todos los pueblos, y el desarrollo.")
	embargoed.EmbargoUntil = end
	forRoom := []Document{
		doc("statement:6", "es", VisParticipants, "MEX", "Derecho inalienable", "Derecho al desarrollo inalienable, derecho de los pueblos."),
		embargoed,
	}
	forDelegations := []Document{
		doc("statement:8", "es", VisDraft, "BRA", "Derecho al desarrollo: borrador", "Borrador: el derecho al desarrollo, derecho inalienable, derecho y desarrollo."),
		doc("statement:9", "es", VisDelegation, "MEX", "Derecho inalienable", "Derecho inalienable al desarrollo de los pueblos y derecho."),
		doc("statement:10", "en", VisDraft, "GBR", "Right development right", "Right to development: the right of peoples, inalienable right."),
	}
	publicViewer := reader("", "")
	room := reader(account.Chair, "")
	run := func(ix *Index, v Viewer, at time.Time) []scored {
		var out []scored
		for _, q := range statsQueries {
			q.Viewer, q.Now = v, at
			out = append(out, scoresOf(mustSearch(t, ix, q)))
		}
		return out
	}
	check := func(stage string, got, want []scored) {
		t.Helper()
		for i := range want {
			if len(want[i]) == 0 {
				t.Fatalf("%q finds nothing; the test needs hits", statsQueries[i].Text)
			}
			if !sameScores(got[i], want[i]) {
				t.Errorf("%s, %q: hits\n%v\nwant\n%v", stage, statsQueries[i].Text, got[i], want[i])
			}
		}
	}

	ix := openWith(t, public)
	publicOnly := run(ix, publicViewer, now)
	if err := ix.Apply(forRoom, nil); err != nil {
		t.Fatal(err)
	}
	check("public after documents for the room", run(ix, publicViewer, now), publicOnly)
	roomBefore := run(ix, room, now)
	mexico := reader(account.Delegate, "MEX")
	mexicoBefore := run(ix, mexico, now)
	// Other delegations' drafts first (Brazil's, the United Kingdom's),
	// which Mexico's delegates may not see, then Mexico's own.
	if err := ix.Apply([]Document{forDelegations[0], forDelegations[2]}, nil); err != nil {
		t.Fatal(err)
	}
	check("Mexico after other delegations' drafts", run(ix, mexico, now), mexicoBefore)
	if err := ix.Apply(forDelegations[1:2], nil); err != nil {
		t.Fatal(err)
	}
	check("public after drafts and delegations' documents", run(ix, publicViewer, now), publicOnly)
	check("participant after drafts and delegations' documents", run(ix, room, now), roomBefore)

	// At the embargo's end the public sees statement:7, whose words now
	// count in everyone's statistics: the other hits' scores move.
	r := mustSearch(t, ix, Query{Text: "inalienable", Viewer: publicViewer, Now: end})
	if _, ok := hitByID(r, "statement:7"); !ok {
		t.Error("the public does not find statement:7 once its embargo ended")
	}
	before, _ := hitByID(mustSearch(t, ix, Query{Text: "inalienable", Viewer: publicViewer, Now: now}), "statement:1")
	if h, _ := hitByID(r, "statement:1"); h.Score == before.Score {
		t.Errorf("statement:1 scores %v before and after the embargo's end: statistics still without statement:7", h.Score)
	}
	// A query dated before the end still ranks as before it.
	check("public before the embargo's end, asked after", run(ix, publicViewer, now), publicOnly)
}

// A filter narrows the hits and never reorders them: a hit's score with a
// filter is its score without, to the last bit.
func TestFiltersDoNotChangeScores(t *testing.T) {
	docs := udhrDocs(t)
	for i := range docs {
		docs[i].EditionID = 1 + int64(i%2)
		docs[i].Delegation = []string{"BRA", "MEX", "CHN"}[i%3]
		if i%4 == 0 {
			docs[i].Concepts = []string{"c-dignity", "c-equality"}
		}
	}
	ix := openWith(t, docs)
	cases := []struct {
		text    string
		filters Filters
	}{
		{"derecho", Filters{Language: "es"}},
		{"derecho", Filters{Edition: 2, Delegation: "MEX"}},
		{"everyone rights", Filters{Concept: "c-dignity"}},
		{`"toda persona"`, Filters{Type: "udhr", Edition: 1}},
		{"人人", Filters{From: time.Date(1948, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(1949, 1, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, c := range cases {
		all := mustSearch(t, ix, Query{Text: c.text, Limit: 100})
		narrow := mustSearch(t, ix, Query{Text: c.text, Filters: c.filters, Limit: 100})
		if len(narrow.Hits) == 0 {
			t.Fatalf("%q with %+v finds nothing; the test needs hits", c.text, c.filters)
		}
		for _, h := range narrow.Hits {
			w, ok := hitByID(all, h.ID)
			if !ok {
				t.Errorf("%q: %s found with a filter, not without", c.text, h.ID)
				continue
			}
			if h.Score != w.Score {
				t.Errorf("%q with %+v: %s scores %v, %v without the filter", c.text, c.filters, h.ID, h.Score, w.Score)
			}
		}
	}
}

// Before anything is published (an unpublished first edition, the
// Declaration not yet synced) the public statistics are empty; the room
// still gets a ranking: finite scores, the text that says the word more
// densely first.
func TestRankingWithNothingPublic(t *testing.T) {
	doc := func(id, body string) Document {
		return Document{ID: id, Type: "statement", Title: "Intervención", Language: "es",
			Visibility: VisParticipants, Text: body}
	}
	ix := openWith(t, []Document{
		doc("statement:1", "Derecho y otras palabras largas del texto."),
		doc("statement:2", "Derecho, derecho, derecho al desarrollo."),
		doc("statement:3", "Desarrollo."),
	})
	r := mustSearch(t, ix, Query{Text: "derecho", Viewer: reader(account.Chair, "")})
	if got := ids(r); len(got) != 2 || got[0] != "statement:2" {
		t.Fatalf("hits %v, want statement:2 then statement:1", got)
	}
	for _, h := range r.Hits {
		if math.IsNaN(h.Score) || math.IsInf(h.Score, 0) || h.Score <= 0 {
			t.Errorf("%s scores %v", h.ID, h.Score)
		}
	}
}
