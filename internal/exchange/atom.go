package exchange

import (
	"encoding/xml"
	"io"
	"sort"
	"strings"
	"time"

	"roundtable/internal/dialogue"
)

// Feed is an Atom 1.0 feed (RFC 4287).
type Feed struct {
	XMLName   xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID        string   `xml:"id"`
	Title     Text     `xml:"title"`
	Subtitle  *Text    `xml:"subtitle,omitempty"`
	Updated   string   `xml:"updated"`
	Links     []Link   `xml:"link"`
	Generator string   `xml:"generator"`
	Entries   []Entry  `xml:"entry"`
}

// Entry is one statement in a feed.
type Entry struct {
	Lang       string     `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID         string     `xml:"id"`
	Title      Text       `xml:"title"`
	Updated    string     `xml:"updated"`
	Author     Person     `xml:"author"`
	Links      []Link     `xml:"link"`
	Categories []Category `xml:"category"`
	Content    Text       `xml:"content"`
}

// Text is an Atom text construct; only type="text" is written, so nothing
// a delegation wrote can ever be read as markup by a feed reader.
type Text struct {
	Type string `xml:"type,attr"`
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Body string `xml:",chardata"`
}

// Link is an Atom link.
type Link struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// Person is an Atom person construct.
type Person struct {
	Name string `xml:"name"`
}

// Category is a concept tag of a statement.
type Category struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// FeedOptions describe a statements feed.
type FeedOptions struct {
	Title, Lang     string // the feed's title and its language
	Self, Alternate string // absolute URLs of the feed and of its page
	Host            string // the site's host name, for the entries' tag: ids
	Base            string // the site's absolute URL, for links
	// Prefer asks for each statement's text in this language where it has
	// a translation into it; "" gives every statement in its original.
	Prefer string
	Limit  int
	Now    time.Time
	// Author names a statement's delegation; Untitled titles a statement
	// that has no title, from its author; Label names a concept (may be nil).
	Author   func(st dialogue.Statement) string
	Untitled func(author string) string
	Label    func(concept string) string
}

// StatementsFeed makes a feed of the newest of sts (o.Limit of them), by
// when each became readable by the public (Statement.PublishedAt: a
// statement released from embargo is news at that moment, not when it was
// filed). The caller passes only what the public may read.
func StatementsFeed(o FeedOptions, sts []dialogue.Statement) Feed {
	sts = append([]dialogue.Statement(nil), sts...)
	sort.SliceStable(sts, func(i, j int) bool {
		a, b := sts[i].PublishedAt(), sts[j].PublishedAt()
		if !a.Equal(b) {
			return a.After(b)
		}
		return sts[i].ID > sts[j].ID
	})
	if o.Limit > 0 && len(sts) > o.Limit {
		sts = sts[:o.Limit]
	}
	f := Feed{Lang: o.Lang, ID: o.Self, Title: Text{Type: "text", Body: o.Title}, Generator: "Roundtable",
		Links: []Link{{Rel: "self", Type: "application/atom+xml", Href: o.Self}, {Rel: "alternate", Type: "text/html", Href: o.Alternate}}}
	updated := o.Now
	if len(sts) > 0 {
		updated = sts[0].PublishedAt()
	}
	f.Updated = atomTime(updated)
	for _, st := range sts {
		f.Entries = append(f.Entries, entry(o, st))
	}
	return f
}

func entry(o FeedOptions, st dialogue.Statement) Entry {
	lang, text := st.Language, st.Body
	if o.Prefer != "" && o.Prefer != st.Language {
		for _, t := range st.Translations {
			if t.Language == o.Prefer {
				lang, text = t.Language, t.Body
			}
		}
	}
	author := o.Author(st)
	title := Text{Type: "text", Body: st.Title}
	if strings.TrimSpace(st.Title) == "" {
		title.Body = o.Untitled(author)
		if o.Lang != lang {
			title.Lang = o.Lang
		}
	} else if st.Language != lang {
		title.Lang = st.Language
	}
	e := Entry{Lang: lang, ID: TagURI(o.Host, st.CreatedAt, "statement/"+itoa(st.ID)), Title: title,
		Updated: atomTime(st.PublishedAt()), Author: Person{Name: author},
		Links:   []Link{{Rel: "alternate", Type: "text/html", Href: o.Base + "/statements/" + itoa(st.ID)}},
		Content: Text{Type: "text", Body: text}}
	for _, c := range st.Concepts {
		cat := Category{Term: c}
		if o.Label != nil {
			if l := o.Label(c); l != c {
				cat.Label = l
			}
		}
		e.Categories = append(e.Categories, cat)
	}
	return e
}

// TagURI is a tag: URI (RFC 4151): permanent, and unlike a URL it does not
// change if the site moves from http to https.
func TagURI(host string, date time.Time, specific string) string {
	return "tag:" + strings.ToLower(host) + "," + date.UTC().Format("2006-01-02") + ":" + specific
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// WriteAtom writes f as an XML document.
func WriteAtom(w io.Writer, f Feed) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
