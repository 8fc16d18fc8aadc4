package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"roundtable/data"
	"roundtable/internal/dialogue"
	"roundtable/internal/i18n"
	"roundtable/internal/refdata"
)

// ContentFile is the demo edition inside the embedded data (data/demo/).
const ContentFile = "demo/china-lac-2.json"

// ForumSlug is the slug of the demo forum, so pages can tell its editions
// apart and show Notice on them.
const ForumSlug = "china-lac-human-rights"

// content is the demo edition as written in ContentFile. Sessions,
// delegations and speakers are referred to by key, so the file reads without
// database ids.
type content struct {
	Notice          dialogue.Texts  `json:"notice"`
	StatementSource string          `json:"statement_source"`
	Forum           forumSpec       `json:"forum"`
	Edition         editionSpec     `json:"edition"`
	Sessions        []sessionSpec   `json:"sessions"`
	Delegations     []delegationDef `json:"delegations"`
	Statements      []statementSpec `json:"statements"`
}

type forumSpec struct {
	Slug  string         `json:"slug"`
	Names dialogue.Texts `json:"names"`
}

type editionSpec struct {
	Number       int            `json:"number"`
	Titles       dialogue.Texts `json:"titles"`
	StartsOn     string         `json:"starts_on"`
	EndsOn       string         `json:"ends_on"`
	VenueCity    string         `json:"venue_city"`
	VenueCountry string         `json:"venue_country"`
	Host         string         `json:"host"`
	TimeZone     string         `json:"time_zone"` // the venue's IANA zone; sessions' times are written on its clock
	Languages    []string       `json:"languages"`
	Status       string         `json:"status"`
	Published    bool           `json:"published"`
}

type sessionSpec struct {
	Key      string         `json:"key"`
	Titles   dialogue.Texts `json:"titles"`
	Themes   []string       `json:"themes"`
	StartsAt string         `json:"starts_at"` // RFC 3339, venue time
	EndsAt   string         `json:"ends_at"`
	Chair    string         `json:"chair"`
	Room     string         `json:"room"`
}

type delegationDef struct {
	Kind    string         `json:"kind"`
	Code    string         `json:"code"`
	Names   dialogue.Texts `json:"names,omitempty"` // empty: the reference data's names
	Members []memberSpec   `json:"members"`
}

type memberSpec struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Title string `json:"title"`
	Role  string `json:"role"`
}

type statementSpec struct {
	Session      string            `json:"session"`
	Delegation   string            `json:"delegation"`
	Speaker      string            `json:"speaker"` // a member key of the delegation
	OnBehalfOf   string            `json:"on_behalf_of,omitempty"`
	Language     string            `json:"language"`
	Title        string            `json:"title"`
	Text         string            `json:"text"`
	Translations []translationSpec `json:"translations,omitempty"`
}

type translationSpec struct {
	Language string `json:"language"`
	Text     string `json:"text"`
	Origin   string `json:"origin"`
	Review   string `json:"review"`
}

// loadContent reads and checks the embedded demo edition once.
var loadContent = sync.OnceValues(func() (*content, error) {
	b, err := fs.ReadFile(data.FS(), ContentFile)
	if err != nil {
		return nil, err
	}
	set, err := refdata.Load()
	if err != nil {
		return nil, err
	}
	return parseContent(b, set)
})

// Notice says, in lang (else English), that the demo content is
// illustrative; pages show it on the demo edition.
func Notice(lang string) string {
	c, err := loadContent()
	if err != nil {
		return ""
	}
	return c.Notice.In(lang)
}

// parseContent decodes b strictly and validates the whole of it, so that a
// mistake is reported before anything is written.
func parseContent(b []byte, set *refdata.Set) (*content, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c content
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("data/%s: %w", ContentFile, err)
	}
	if problems := c.check(set); len(problems) > 0 {
		return nil, fmt.Errorf("data/%s is not valid:\n  %s", ContentFile, strings.Join(problems, "\n  "))
	}
	return &c, nil
}

var keyRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// uiLangs are the languages every title and name must be written in.
var uiLangs = func() []string {
	out := make([]string, len(i18n.Supported))
	for i, l := range i18n.Supported {
		out[i] = string(l)
	}
	return out
}()

func validLang(l string) bool { return i18n.Lang(l).Valid() }

// check returns every problem it finds, each naming the item.
func (c *content) check(set *refdata.Set) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	texts := func(item string, t dialogue.Texts) { checkTexts(add, item, t) }

	texts("notice", c.Notice)
	if strings.TrimSpace(c.StatementSource) == "" {
		add("statement_source: required")
	}
	if c.Forum.Slug != ForumSlug {
		add("forum: slug %q, want %q", c.Forum.Slug, ForumSlug)
	}
	texts("forum names", c.Forum.Names)

	e := c.Edition
	texts("edition titles", e.Titles)
	if e.Number < 1 {
		add("edition: number %d must be 1 or more", e.Number)
	}
	start, err1 := time.Parse(time.DateOnly, e.StartsOn)
	end, err2 := time.Parse(time.DateOnly, e.EndsOn)
	if err1 != nil || err2 != nil || end.Before(start) {
		add("edition: dates %q to %q are not a valid YYYY-MM-DD range", e.StartsOn, e.EndsOn)
	}
	if strings.TrimSpace(e.VenueCity) == "" || strings.TrimSpace(e.Host) == "" {
		add("edition: venue_city and host are required")
	}
	if _, ok := set.Country(e.VenueCountry); !ok {
		add("edition: venue_country %q is not in the country reference data", e.VenueCountry)
	}
	venue, err := time.LoadLocation(e.TimeZone)
	if err != nil || e.TimeZone == "" {
		add("edition: time_zone %q is not an IANA time zone", e.TimeZone)
		venue = nil
	}
	if len(e.Languages) == 0 {
		add("edition: no working languages")
	}
	for i, l := range e.Languages {
		if !validLang(l) {
			add("edition: working language %q is not one of %s", l, strings.Join(uiLangs, ", "))
		} else if slices.Index(e.Languages, l) != i {
			add("edition: working language %q is listed twice", l)
		}
	}
	if !slices.Contains([]string{dialogue.Planned, dialogue.Open, dialogue.Closed}, e.Status) {
		add("edition: status %q is not planned, open or closed", e.Status)
	}

	sessions := map[string]sessionSpec{}
	for i, s := range c.Sessions {
		item := fmt.Sprintf("session %d (%q)", i+1, s.Key)
		if !keyRe.MatchString(s.Key) {
			add("%s: key must be lower-case letters, digits and dashes", item)
		} else if _, dup := sessions[s.Key]; dup {
			add("%s: key is used twice", item)
		}
		sessions[s.Key] = s
		texts(item+" titles", s.Titles)
		from, err1 := time.Parse(time.RFC3339, s.StartsAt)
		to, err2 := time.Parse(time.RFC3339, s.EndsAt)
		switch {
		case err1 != nil || err2 != nil:
			add("%s: starts_at and ends_at must be RFC 3339 times", item)
		case !to.After(from):
			add("%s: ends before it starts", item)
		case from.Format(time.DateOnly) < e.StartsOn || to.Format(time.DateOnly) > e.EndsOn:
			add("%s: held outside the edition's dates %s to %s", item, e.StartsOn, e.EndsOn)
		case venue != nil && !(sameOffset(from, venue) && sameOffset(to, venue)):
			// Written on another clock (UTC, say), the times would read
			// wrong at the venue.
			add("%s: times are not written on the venue's clock (%s)", item, e.TimeZone)
		}
	}

	members := map[string]map[string]memberSpec{}
	for i, d := range c.Delegations {
		item := fmt.Sprintf("delegation %d (%q)", i+1, d.Code)
		switch d.Kind {
		case dialogue.KindCountry:
			if _, ok := set.Country(d.Code); !ok {
				add("%s: not a country in the reference data", item)
			}
		case dialogue.KindGroup:
			if _, ok := set.Group(d.Code); !ok {
				add("%s: not a group in the reference data", item)
			}
		default:
			add("%s: kind %q must be country or group", item, d.Kind)
		}
		if _, dup := members[d.Code]; dup {
			add("%s: listed twice", item)
		}
		if len(d.Names) > 0 {
			texts(item+" names", d.Names)
		}
		ms := map[string]memberSpec{}
		for j, m := range d.Members {
			mi := fmt.Sprintf("%s member %d (%q)", item, j+1, m.Key)
			if m.Key == "" {
				add("%s: key is required", mi)
			} else if _, dup := ms[m.Key]; dup {
				add("%s: key is used twice", mi)
			}
			if strings.TrimSpace(m.Name) == "" {
				add("%s: name is required", mi)
			}
			if !slices.Contains(dialogue.MemberRoles, m.Role) {
				add("%s: role %q is not one of %s", mi, m.Role, strings.Join(dialogue.MemberRoles, ", "))
			}
			ms[m.Key] = m
		}
		if len(ms) == 0 {
			add("%s: has no members", item)
		}
		members[d.Code] = ms
	}

	for i, st := range c.Statements {
		item := fmt.Sprintf("statement %d (%s in session %q)", i+1, st.Delegation, st.Session)
		if _, ok := sessions[st.Session]; !ok {
			add("%s: session %q is not in the programme", item, st.Session)
		}
		if ms, ok := members[st.Delegation]; !ok {
			add("%s: delegation %q is not listed", item, st.Delegation)
		} else if _, ok := ms[st.Speaker]; !ok {
			add("%s: speaker %q is not a member of the delegation", item, st.Speaker)
		}
		if st.OnBehalfOf != "" {
			if _, ok := set.Group(st.OnBehalfOf); !ok {
				add("%s: on_behalf_of %q is not a group in the reference data", item, st.OnBehalfOf)
			}
		}
		checkTextAndTranslations(add, item, e.Languages, st.Language, st.Text, st.Translations)
	}
	return p
}

// checkTextAndTranslations requires the original (lang, text) in a working
// language of the edition and each translation in another interface
// language, given once, with its text, origin and review. It returns the
// languages the text then has, the original's among them.
func checkTextAndTranslations(add func(string, ...any), item string, working []string, lang, text string, ts []translationSpec) map[string]bool {
	if !slices.Contains(working, lang) {
		add("%s: language %q is not a working language of the edition", item, lang)
	}
	if strings.TrimSpace(text) == "" {
		add("%s: text is required", item)
	}
	has := map[string]bool{lang: true}
	for _, t := range ts {
		ti := fmt.Sprintf("%s translation %q", item, t.Language)
		switch {
		case !validLang(t.Language):
			add("%s: not one of %s", ti, strings.Join(uiLangs, ", "))
		case t.Language == lang:
			add("%s: same language as the original", ti)
		case has[t.Language]:
			add("%s: given twice", ti)
		}
		has[t.Language] = true
		if strings.TrimSpace(t.Text) == "" {
			add("%s: text is required", ti)
		}
		if t.Origin != "human" && t.Origin != "machine" {
			add("%s: origin %q must be human or machine", ti, t.Origin)
		}
		if t.Review != "pending" && t.Review != "reviewed" {
			add("%s: review %q must be pending or reviewed", ti, t.Review)
		}
	}
	return has
}

// sameOffset reports whether t is written with the offset loc has at t.
func sameOffset(t time.Time, loc *time.Location) bool {
	_, written := t.Zone()
	_, venue := t.In(loc).Zone()
	return written == venue
}
