package practice

import (
	"time"

	"roundtable/internal/i18n"
	"roundtable/internal/visibility"
)

// State is where a practice is on its way to publication.
type State string

// A practice is a draft (its delegation writes it), submitted (waiting for
// the secretariat, who reads it with its delegation) or published (read
// by everyone).
const (
	Draft     State = "draft"
	Submitted State = "submitted"
	Published State = "published"
)

// Origins of a practice's text in one language.
const (
	OriginOriginal = "original" // the language it was written in
	OriginHuman    = "human"    // translated by a person
	OriginMachine  = "machine"  // translated by the machine translator
)

// Review states of a text: a machine translation, or a human one made
// before the original last changed, is pending until a person reviews it.
const (
	ReviewPending  = "pending"
	ReviewReviewed = "reviewed"
)

// Text is a practice's text in one language.
type Text struct {
	Language   string    `json:"language"`
	Title      string    `json:"title"`
	Context    string    `json:"context"` // context and problem
	Actions    string    `json:"actions"` // what was done
	Results    string    `json:"results"`
	Challenges string    `json:"challenges"`
	Lessons    string    `json:"lessons"`
	Transfer   string    `json:"transfer"` // conditions for transfer
	Origin     string    `json:"origin"`   // original, human, machine
	Review     string    `json:"review"`   // pending, reviewed
	UpdatedAt  time.Time `json:"updated_at"`
}

// Document is a file attached to a practice (an upload).
type Document struct {
	UploadID int64  `json:"upload_id"`
	Title    string `json:"title"`
}

// Practice is a national experience written for transfer.
type Practice struct {
	ID           int64  `json:"id"`
	Country      string `json:"country"`  // ISO alpha-3
	Language     string `json:"language"` // the language it was written in
	PeriodFrom   int    `json:"period_from,omitempty"`
	PeriodTo     int    `json:"period_to,omitempty"`
	Institutions string `json:"institutions"`
	Costs        string `json:"costs"`
	// Contact is empty unless the reader may see it (accredited
	// participants: the room); ContactHidden then says one exists.
	Contact       string `json:"contact,omitempty"`
	ContactHidden bool   `json:"contact_hidden,omitempty"`
	State         State  `json:"state"`
	// Texts by language: the original and its translations.
	Texts       map[string]Text `json:"texts"`
	Concepts    []string        `json:"concepts"`
	Targets     []string        `json:"targets"`    // SDG targets: "3.2"
	Indicators  []string        `json:"indicators"` // indicator codes
	Documents   []Document      `json:"documents"`
	AuthorID    int64           `json:"author_id,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	PublishedAt *time.Time      `json:"published_at,omitempty"`
}

// In returns the practice's text for a reader of lang: the text in lang if
// there is one, else the original, else English, else any; fallback is
// true when the text is not in lang. The text's Origin and Review say
// whether it is a translation and whether a person reviewed it.
func (p Practice) In(lang string) (t Text, fallback bool) {
	if t, ok := p.Texts[lang]; ok {
		return t, false
	}
	if t, ok := p.Texts[p.Language]; ok {
		return t, true
	}
	if t, ok := p.Texts["en"]; ok {
		return t, true
	}
	for _, l := range i18n.Supported {
		if t, ok := p.Texts[string(l)]; ok {
			return t, true
		}
	}
	return Text{}, true
}

// Languages lists the languages the practice has a text in, the original
// first, then in the order of i18n.Supported.
func (p Practice) Languages() []string {
	out := []string{}
	if _, ok := p.Texts[p.Language]; ok {
		out = append(out, p.Language)
	}
	for _, l := range i18n.Supported {
		if _, ok := p.Texts[string(l)]; ok && string(l) != p.Language {
			out = append(out, string(l))
		}
	}
	return out
}

// Input is a practice as a form, the API or the demo gives it: the
// original text in Language and the practice's facts. Concepts are added
// to those the thesaurus finds in the title, context and actions.
type Input struct {
	Country      string     `json:"country"`
	Language     string     `json:"language"`
	Title        string     `json:"title"`
	Context      string     `json:"context"`
	Actions      string     `json:"actions"`
	Results      string     `json:"results"`
	Challenges   string     `json:"challenges"`
	Lessons      string     `json:"lessons"`
	Transfer     string     `json:"transfer"`
	PeriodFrom   int        `json:"period_from,omitempty"`
	PeriodTo     int        `json:"period_to,omitempty"`
	Institutions string     `json:"institutions"`
	Costs        string     `json:"costs"`
	Contact      string     `json:"contact"`
	Concepts     []string   `json:"concepts"`
	Targets      []string   `json:"targets"`
	Indicators   []string   `json:"indicators"`
	Documents    []Document `json:"documents"`
}

// Filter selects practices. Empty fields select all; State empty means
// every state the reader may read.
type Filter struct {
	Country string
	Concept string
	Target  string
	State   State
	Limit   int // 1 to MaxPage; 0: DefaultPage
	Offset  int
}

// Page sizes.
const (
	DefaultPage = 20
	MaxPage     = 100
)

// Page is one page of practices, newest change first, with the total the
// filter selects for the reader.
type Page struct {
	Items  []Practice `json:"items"`
	Limit  int        `json:"limit"`
	Offset int        `json:"offset"`
	Total  int        `json:"total"`
}

// Paths is the "different paths" view of one theme: the published
// practices of several countries side by side. Countries are in the order
// of their ISO alpha-3 code, never of their results: no country's way is
// presented as the answer. (A page may sort them by name in its language.)
type Paths struct {
	Concept   string         `json:"concept"`
	Countries []CountryPaths `json:"countries"`
}

// CountryPaths is one country's published practices on a theme, oldest
// first.
type CountryPaths struct {
	Country   string     `json:"country"`
	Practices []Practice `json:"practices"`
}

// Theme is a concept with published practices of at least two countries.
type Theme struct {
	Concept   string `json:"concept"`
	Countries int    `json:"countries"`
	Practices int    `json:"practices"`
}

// Kinds of asks.
const (
	Request = "request" // a state asks to learn about something
	Offer   = "offer"   // a state offers its experience
)

// States of an ask.
const (
	Open   = "open"
	Closed = "closed"
)

// Ask is a request to learn or an offer of experience. Level is who reads
// it: participants (the room) or public.
type Ask struct {
	ID            int64            `json:"id"`
	Kind          string           `json:"kind"`
	Country       string           `json:"country"`
	Title         string           `json:"title"`
	Body          string           `json:"body"`
	Language      string           `json:"language"`
	IndicatorCode string           `json:"indicator_code,omitempty"`
	Level         visibility.Level `json:"level"`
	State         string           `json:"state"`
	Concepts      []string         `json:"concepts"`
	AuthorID      int64            `json:"author_id,omitempty"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
}

// AskInput is a request or an offer as a form, the API or the demo gives
// it. Level is "participants" or "public" ("" is participants). Kind is
// fixed once created: UpdateAsk ignores it.
type AskInput struct {
	Kind          string   `json:"kind"`
	Country       string   `json:"country"`
	Title         string   `json:"title"`
	Body          string   `json:"body"`
	Language      string   `json:"language"`
	IndicatorCode string   `json:"indicator_code"`
	Level         string   `json:"level"`
	Concepts      []string `json:"concepts"`
}

// AskFilter selects asks; empty fields select all.
type AskFilter struct {
	Kind    string
	Country string
	Concept string
	State   string
	Limit   int
	Offset  int
}

// AskPage is one page of asks, newest first.
type AskPage struct {
	Items  []Ask `json:"items"`
	Limit  int   `json:"limit"`
	Offset int   `json:"offset"`
	Total  int   `json:"total"`
}

// Kinds of suggestion.
const (
	SuggestOffer    = "offer"    // an open offer of another state
	SuggestPractice = "practice" // a published practice of another state
	SuggestPeer     = "peer"     // a state that improved most on the request's indicator
)

// Reason codes of a suggestion, with the arguments each carries. The web
// layer words them in the reader's language; the codes are stable.
//
//	shared_concept        concept: the offer or practice is on this theme of the request (one reason per
//	                      concept, in the order of the concept ids)
//	practice_with_results (no args): the practice reports its results
//	indicator_peer        indicator, from_year, to_year, from_value, to_value, per_year, country_per_year:
//	                      the state improved on the request's indicator, from a start, income and population
//	                      like the requester's (evidence peer learning), over the last twenty years of
//	                      the requester's data; from_value and to_value with the indicator's decimals,
//	                      per_year and country_per_year (the requester's own pace) with two more, both
//	                      positive when improving; plain digits, "." for decimals (the page formats them)
//	same_region           region: the state is in the requester's UN M49 region (with indicator_peer)
//	practice_on_concept   concept, practice (id): a peer state has a published practice on a theme of the
//	                      request
const (
	ReasonSharedConcept     = "shared_concept"
	ReasonPracticeResults   = "practice_with_results"
	ReasonIndicatorPeer     = "indicator_peer"
	ReasonSameRegion        = "same_region"
	ReasonPracticeOnConcept = "practice_on_concept"
)

// Reason is one ground for a suggestion: a code and its arguments.
type Reason struct {
	Code string            `json:"code"`
	Args map[string]string `json:"args,omitempty"`
}

// Suggestion is a candidate answer to a request: an offer, a practice or a
// state, of a country other than the requester's, with its score and its
// reasons (see Suggest for the rule).
type Suggestion struct {
	Kind       string   `json:"kind"` // offer, practice, peer
	OfferID    int64    `json:"offer_id,omitempty"`
	PracticeID int64    `json:"practice_id,omitempty"`
	Country    string   `json:"country"`
	Title      string   `json:"title,omitempty"` // the offer's or practice's title (the practice in the request's language when it has one)
	Score      float64  `json:"score"`
	Reasons    []Reason `json:"reasons"`
}

// Match statuses, in their order.
const (
	MatchProposed   = "proposed"
	MatchAccepted   = "accepted"
	MatchInProgress = "in_progress"
	MatchDone       = "done"
	MatchDeclined   = "declined"
)

// Results of a match, one required when it is done.
const (
	ResultExchangeVisit = "exchange_visit"
	ResultTraining      = "training"
	ResultJointProject  = "joint_project"
)

// Match is a request brokered to what answers it: an offer, a practice or
// a state (Provider alone).
type Match struct {
	ID         int64        `json:"id"`
	RequestID  int64        `json:"request_id"`
	OfferID    int64        `json:"offer_id,omitempty"`
	PracticeID int64        `json:"practice_id,omitempty"`
	Requester  string       `json:"requester"`
	Provider   string       `json:"provider"`
	Reasons    []Reason     `json:"reasons"`
	Status     string       `json:"status"`
	Result     string       `json:"result,omitempty"`
	ResultNote string       `json:"result_note,omitempty"`
	CreatedBy  int64        `json:"created_by,omitempty"`
	CreatedAt  time.Time    `json:"created_at"`
	UpdatedAt  time.Time    `json:"updated_at"`
	Events     []MatchEvent `json:"events,omitempty"` // its history, oldest first (Match only)
}

// MatchEvent is one step of a match's history.
type MatchEvent struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Status  string    `json:"status"`
	Note    string    `json:"note,omitempty"`
	ActorID int64     `json:"actor_id,omitempty"`
}

// MatchInput is what a request is matched to: exactly one of an offer, a
// practice, or a state alone (Provider, for an indicator peer).
type MatchInput struct {
	OfferID    int64  `json:"offer_id,omitempty"`
	PracticeID int64  `json:"practice_id,omitempty"`
	Provider   string `json:"provider,omitempty"`
}

// MatchOf is the input that proposes a suggestion.
func MatchOf(s Suggestion) MatchInput {
	switch s.Kind {
	case SuggestOffer:
		return MatchInput{OfferID: s.OfferID}
	case SuggestPractice:
		return MatchInput{PracticeID: s.PracticeID}
	}
	return MatchInput{Provider: s.Country}
}

// StatusChange moves a match on: its new status, the result (required for
// done) and a note kept in its history (and, for done, as its result note).
type StatusChange struct {
	Status string `json:"status"`
	Result string `json:"result,omitempty"`
	Note   string `json:"note,omitempty"`
}

// MatchFilter selects matches; empty fields select all. Country selects
// matches where it is the requester or the provider.
type MatchFilter struct {
	RequestID int64
	Country   string
	Status    string
	Limit     int
	Offset    int
}

// MatchPage is one page of matches, newest change first.
type MatchPage struct {
	Items  []Match `json:"items"`
	Limit  int     `json:"limit"`
	Offset int     `json:"offset"`
	Total  int     `json:"total"`
}
