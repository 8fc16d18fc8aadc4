package exchange

import (
	"strconv"
	"time"
)

// ReportEntry is a published progress report as a feed shows it.
type ReportEntry struct {
	ID           int64
	CommitmentID int64
	Title        string // the entry's title: the state and the commitment
	Author       string // the reporting state's name
	Language     string // the narrative's
	Narrative    string
	Published    time.Time
	Concepts     []string
}

// ReportsFeedOptions describe a feed of progress reports.
type ReportsFeedOptions struct {
	Title, Lang     string // the feed's title and language
	Self, Alternate string // absolute URLs of the feed and of its page
	Host            string // the site's host name, for the entries' tag: ids
	Base            string // the site's absolute URL, for links
	Now             time.Time
	// Label names a concept (may be nil).
	Label func(concept string) string
}

// ReportsFeed makes a feed of reports, which the caller gives newest
// first and only as the public reads them. Each entry links to its
// commitment's page, where the report is shown with the others.
func ReportsFeed(o ReportsFeedOptions, reports []ReportEntry) Feed {
	f := Feed{Lang: o.Lang, ID: o.Self, Title: Text{Type: "text", Body: o.Title}, Generator: "Roundtable",
		Links: []Link{{Rel: "self", Type: "application/atom+xml", Href: o.Self}, {Rel: "alternate", Type: "text/html", Href: o.Alternate}}}
	updated := o.Now
	if len(reports) > 0 {
		updated = reports[0].Published
	}
	f.Updated = atomTime(updated)
	for _, r := range reports {
		e := Entry{Lang: r.Language, ID: TagURI(o.Host, r.Published, "report/"+strconv.FormatInt(r.ID, 10)),
			Title: Text{Type: "text", Body: r.Title}, Updated: atomTime(r.Published), Author: Person{Name: r.Author},
			Links: []Link{{Rel: "alternate", Type: "text/html",
				Href: o.Base + "/commitments/" + strconv.FormatInt(r.CommitmentID, 10) + "#report-" + strconv.FormatInt(r.ID, 10)}},
			Content: Text{Type: "text", Body: r.Narrative}}
		if r.Language != o.Lang {
			e.Title.Lang = o.Lang
		}
		for _, c := range r.Concepts {
			cat := Category{Term: c}
			if o.Label != nil {
				if l := o.Label(c); l != c {
					cat.Label = l
				}
			}
			e.Categories = append(e.Categories, cat)
		}
		f.Entries = append(f.Entries, e)
	}
	return f
}
