// Package dialogue owns the record of a roundtable: forums and their
// editions, the sessions of an edition, the delegations accredited to it
// with their members, and the statements they deliver with translations and
// concept tags. It enforces who may write what and who may read what, and
// every write is audited and announced to the search outbox.
package dialogue

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"roundtable/internal/errs"
	"roundtable/internal/i18n"
	"roundtable/internal/visibility"
)

// Texts are short texts (titles, names) keyed by language code.
type Texts map[string]string

// In returns the text in lang, else English, else any.
func (t Texts) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t["en"]; s != "" {
		return s
	}
	for _, l := range i18n.Supported {
		if s := t[string(l)]; s != "" {
			return s
		}
	}
	return ""
}

func (t Texts) json() string {
	b, _ := json.Marshal(t)
	return string(b)
}

func parseTexts(s string) (Texts, error) {
	var t Texts
	err := json.Unmarshal([]byte(s), &t)
	return t, err
}

// Forum is a standing dialogue, e.g. the China–LAC Roundtable on Human Rights.
type Forum struct {
	ID        int64     `json:"id"`
	Slug      string    `json:"slug"`
	Names     Texts     `json:"names"`
	CreatedAt time.Time `json:"created_at"`
}

// Edition statuses.
const (
	Planned = "planned"
	Open    = "open"
	Closed  = "closed"
)

// Edition is one meeting of a forum.
type Edition struct {
	ID           int64  `json:"id"`
	ForumID      int64  `json:"forum_id"`
	Number       int    `json:"number"`
	Titles       Texts  `json:"titles"`
	StartsOn     string `json:"starts_on"`
	EndsOn       string `json:"ends_on"`
	VenueCity    string `json:"venue_city"`
	VenueCountry string `json:"venue_country"`
	Host         string `json:"host"`
	// TimeZone is the venue's IANA time zone ("America/Sao_Paulo"):
	// sessions are entered and shown in it; times are stored in UTC.
	TimeZone  string    `json:"time_zone"`
	Languages []string  `json:"languages"`
	Status    string    `json:"status"`
	Published bool      `json:"published"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Session is an agenda item of an edition.
type Session struct {
	ID        int64     `json:"id"`
	EditionID int64     `json:"edition_id"`
	Position  int       `json:"position"`
	Titles    Texts     `json:"titles"`
	Themes    []string  `json:"themes"` // concept ids
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Chair     string    `json:"chair"`
	Room      string    `json:"room"`
}

// Delegation kinds.
const (
	KindCountry      = "country"
	KindGroup        = "group"
	KindOrganisation = "organisation"
)

// Delegation takes part in one edition.
type Delegation struct {
	ID         int64    `json:"id"`
	EditionID  int64    `json:"edition_id"`
	Kind       string   `json:"kind"`
	Code       string   `json:"code"`
	Names      Texts    `json:"names"`
	Accredited bool     `json:"accredited"`
	Members    []Member `json:"members"`
}

// Member roles in a delegation.
var MemberRoles = []string{"head", "alternate", "adviser", "focal_point"}

// Member is a person in a delegation.
type Member struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Title string `json:"title"`
	Role  string `json:"role"`
}

// Visibility levels of a statement, from narrowest to widest; who reads
// which is the visibility package's rule.
const (
	Draft        = string(visibility.Draft)
	OwnOnly      = string(visibility.Delegation)
	Participants = string(visibility.Participants)
	Public       = string(visibility.Public)
)

// Statement is what a delegation said (or will say) in a session.
type Statement struct {
	ID           int64         `json:"id"`
	EditionID    int64         `json:"edition_id"`
	SessionID    int64         `json:"session_id,omitempty"`
	DelegationID int64         `json:"delegation_id"`
	Speaker      string        `json:"speaker"`
	OnBehalfOf   string        `json:"on_behalf_of,omitempty"`
	Language     string        `json:"language"`
	Title        string        `json:"title"`
	Body         string        `json:"text"`
	DeliveredOn  string        `json:"delivered_on,omitempty"`
	Source       string        `json:"source,omitempty"`
	EmbargoUntil *time.Time    `json:"embargo_until,omitempty"`
	Visibility   string        `json:"visibility"`
	Translations []Translation `json:"translations"`
	Concepts     []string      `json:"concepts"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

// Translation is a statement's text in another language.
type Translation struct {
	Language string `json:"language"`
	Body     string `json:"text"`
	Origin   string `json:"origin"` // human, machine
	Review   string `json:"review"` // pending, reviewed
	// Engine names the translator of a machine version ("apertium"…);
	// empty for a person's.
	Engine string `json:"engine,omitempty"`
}

// TranslationInto returns the translation into lang among ts, if there is one.
func TranslationInto(ts []Translation, lang string) (Translation, bool) {
	for _, t := range ts {
		if t.Language == lang {
			return t, true
		}
	}
	return Translation{}, false
}

// Limits on text sizes: a statement is at most a long speech.
const (
	maxTitle = 300
	maxBody  = 100_000
	maxShort = 200
)

func checkLang(field, l string) error {
	if _, ok := i18n.Parse(l); !ok || len(l) != 2 {
		return errs.Field(field, "invalid_language", "validation.language")
	}
	return nil
}

func checkText(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" && required {
		return "", errs.Field(field, "required", "validation.required")
	}
	if utf8.RuneCountInString(s) > max {
		return "", errs.Field(field, "too_long", "validation.too_long", "max", max)
	}
	if !utf8.ValidString(s) {
		return "", errs.Field(field, "invalid_text", "validation.required")
	}
	return s, nil
}

// checkTexts requires at least one language and valid, bounded texts.
func checkTexts(field string, t Texts, max int) (Texts, error) {
	out := Texts{}
	for l, s := range t {
		if err := checkLang(field, l); err != nil {
			return nil, err
		}
		s, err := checkText(field, s, max, false)
		if err != nil {
			return nil, err
		}
		if s != "" {
			out[l] = s
		}
	}
	if len(out) == 0 {
		return nil, errs.Field(field, "required", "validation.required")
	}
	return out, nil
}

func checkDate(field, s string, required bool) error {
	if s == "" && !required {
		return nil
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return errs.Field(field, "invalid_date", "validation.date")
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
