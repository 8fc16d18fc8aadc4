package exchange

import (
	"bytes"
	"encoding/xml"
	"testing"
	"time"

	"roundtable/internal/dialogue"
)

func TestStatementsFeed(t *testing.T) {
	day := time.Date(2024, 11, 19, 9, 0, 0, 0, time.UTC)
	lifted := day.Add(48 * time.Hour)
	sts := []dialogue.Statement{
		{ID: 1, Language: "pt", Title: "Saúde", Body: "Texto <b>em</b> português", CreatedAt: day, UpdatedAt: day,
			Translations: []dialogue.Translation{{Language: "zh", Body: "中文译文"}}},
		{ID: 2, Language: "es", Body: "Texto", CreatedAt: day, UpdatedAt: day.Add(time.Hour), EmbargoUntil: &lifted},
		{ID: 3, Language: "en", Body: "Oldest", CreatedAt: day, UpdatedAt: day.Add(-time.Hour)},
	}
	o := FeedOptions{Title: "Feed", Lang: "zh", Self: "https://example.org/feeds/statements.atom", Alternate: "https://example.org/editions",
		Host: "example.org", Base: "https://example.org", Prefer: "zh", Limit: 2, Now: day,
		Author:   func(st dialogue.Statement) string { return map[int64]string{1: "巴西", 2: "阿根廷"}[st.ID] },
		Untitled: func(a string) string { return a + "的发言" }}
	var buf bytes.Buffer
	if err := WriteAtom(&buf, StatementsFeed(o, sts)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Updated string   `xml:"updated"`
		Entries []struct {
			Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Author  string `xml:"author>name"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(got.Entries) != 2 {
		t.Fatalf("%d entries, want the limit of 2", len(got.Entries))
	}
	// The statement released from embargo is the newest.
	e, f := got.Entries[0], got.Entries[1]
	if e.ID != "tag:example.org,2024-11-19:statement/2" || e.Updated != "2024-11-21T09:00:00Z" || got.Updated != e.Updated || e.Title != "阿根廷的发言" || e.Lang != "es" {
		t.Errorf("first entry: %+v", e)
	}
	if f.Lang != "zh" || f.Content.Body != "中文译文" || f.Content.Type != "text" || f.Title != "Saúde" || f.Author != "巴西" {
		t.Errorf("second entry: %+v", f)
	}
}
