package discovery

import (
	"context"
	"strconv"
	"time"

	"roundtable/internal/commitment"
	"roundtable/internal/practice"
	"roundtable/internal/search"
)

// Practical action's documents: commitments, progress reports and
// practices. Who finds each is its level (and owner) as its area describes
// it; the collector applies the visibility rule to every hit.

// commitmentDoc indexes a commitment in its language, tagged with its
// concepts (which reach the other languages). It has no owner for the
// rule — a draft is the secretariat's alone — but each owner state is a
// value of the country filter.
func commitmentDoc(ctx context.Context, c *commitment.Service, id int64) (search.Document, bool, error) {
	x, ok, err := c.IndexedCommitment(ctx, id)
	if !ok || err != nil {
		return search.Document{}, false, err
	}
	n := strconv.FormatInt(id, 10)
	d := search.Document{ID: "commitment:" + n, Type: "commitment", URL: "/commitments/" + n,
		Title: x.Title, Text: x.Text, Language: x.Language, EditionID: x.EditionID,
		Concepts: x.Concepts, Visibility: string(x.Level), Date: day(x.StartsOn)}
	if len(x.Owners) > 0 {
		d.Country, d.Countries = x.Owners[0], x.Owners
	}
	return d, true, nil
}

// reportDoc indexes a progress report: its narrative in its language,
// under its commitment's title and with its commitment's concepts, owned
// by the reporting state (but on a draft commitment, which is the
// secretariat's alone until it waits for validation). It is shown on its
// commitment's page.
func reportDoc(ctx context.Context, c *commitment.Service, id int64) (search.Document, bool, error) {
	x, ok, err := c.IndexedReport(ctx, id)
	if !ok || err != nil {
		return search.Document{}, false, err
	}
	n := strconv.FormatInt(id, 10)
	return search.Document{ID: "report:" + n, Type: "report", URL: reportURL(x.CommitmentID, id),
		Title: x.Title, Text: x.Narrative, Language: x.Language, EditionID: x.EditionID,
		Delegation: x.Owner, Country: x.Country, Concepts: x.Concepts, Visibility: string(x.Level),
		Date: day(x.ReportedOn)}, true, nil
}

// reportURL is where a report is read: on its commitment's page.
func reportURL(commitmentID, id int64) string {
	return "/commitments/" + strconv.FormatInt(commitmentID, 10) + "#report-" + strconv.FormatInt(id, 10)
}

// practiceDoc indexes a practice with every text it has, each in its
// language's fields (a machine's translation flagged as such), so a query
// in Chinese finds a practice written in Spanish once it has a Chinese
// text. Its contact is never indexed (practice.IndexedPractice does not
// read it).
func practiceDoc(ctx context.Context, p *practice.Service, id int64) (search.Document, bool, error) {
	x, ok, err := p.IndexedPractice(ctx, id)
	if !ok || err != nil || len(x.Texts) == 0 {
		return search.Document{}, false, err
	}
	n := strconv.FormatInt(id, 10)
	d := search.Document{ID: "practice:" + n, Type: "practice", URL: "/practices/" + n,
		Delegation: x.Country, Country: x.Country, Concepts: x.Concepts, Visibility: string(x.Level), Date: x.Date}
	for _, t := range x.Texts {
		d.Versions = append(d.Versions, search.Version{Lang: t.Language, Title: t.Title, Text: t.Body, Machine: t.Machine})
	}
	// The original leads (IndexedPractice lists it first); without one,
	// the first text stands for it.
	d.Language, d.Title, d.Text = d.Versions[0].Lang, d.Versions[0].Title, d.Versions[0].Text
	return d, true, nil
}

// day is a YYYY-MM-DD date (zero when it is not one).
func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}
