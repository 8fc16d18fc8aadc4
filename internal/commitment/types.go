package commitment

import (
	"time"

	"roundtable/internal/visibility"
)

// Status is what an owner state says of its progress on a commitment.
type Status string

const (
	NotStarted     Status = "not_started"
	InProgress     Status = "in_progress"
	Achieved       Status = "achieved"
	PartlyAchieved Status = "partly_achieved"
	NotAchieved    Status = "not_achieved"
)

// Statuses lists the statuses in the order forms and charts show them.
var Statuses = []Status{NotStarted, InProgress, PartlyAchieved, Achieved, NotAchieved}

// NoReport is the filter and summary key of an owner that has published
// no report yet.
const NoReport Status = "none"

// ValidStatus reports whether s is one of Statuses.
func ValidStatus(s Status) bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// ReportState is a progress report's way to publication.
type ReportState string

const (
	ReportDraft     ReportState = "draft"     // its delegation writes it
	ReportSubmitted ReportState = "submitted" // waiting for its state's validator
	ReportReturned  ReportState = "returned"  // back to the delegation with a note
	ReportPublished ReportState = "published" // approved by the validator
)

// Source is where a commitment comes from.
type Source string

const (
	SourceParagraph      Source = "paragraph"      // an operative paragraph of an adopted outcome
	SourceStatement      Source = "statement"      // a pledge in a statement
	SourceRecommendation Source = "recommendation" // a UN recommendation a state supported
)

// Owner is a state that owns a commitment and the institution responsible
// for it there.
type Owner struct {
	Country     string `json:"country"` // ISO alpha-3
	Institution string `json:"institution,omitempty"`
}

// Milestone is a step of a commitment with its due date and, once done,
// the day it was done.
type Milestone struct {
	ID     int64  `json:"id,omitempty"`
	Title  string `json:"title"`
	DueOn  string `json:"due_on"`            // YYYY-MM-DD
	DoneOn string `json:"done_on,omitempty"` // YYYY-MM-DD, "" while open
}

// IndicatorLink is an indicator that measures a commitment in one owner
// state, with the baseline and the target the owner set.
type IndicatorLink struct {
	Code         string  `json:"code"`
	Country      string  `json:"country"`
	BaselineYear int     `json:"baseline_year"`
	Baseline     float64 `json:"baseline"`
	TargetYear   int     `json:"target_year"`
	Target       float64 `json:"target"`
}

// Commitment is what one or several states undertook to do.
type Commitment struct {
	ID               int64            `json:"id"`
	EditionID        int64            `json:"edition_id,omitempty"` // 0: none
	Source           Source           `json:"source"`
	ParagraphID      int64            `json:"paragraph_id,omitempty"`
	StatementID      int64            `json:"statement_id,omitempty"`
	RecommendationID int64            `json:"recommendation_id,omitempty"`
	Title            string           `json:"title"`
	Text             string           `json:"text"`
	Language         string           `json:"language"`
	Level            visibility.Level `json:"level"` // draft, participants, public
	StartsOn         string           `json:"starts_on"`
	DueOn            string           `json:"due_on"`
	ReportEvery      int              `json:"report_every"` // months between reports
	Owners           []Owner          `json:"owners"`
	Concepts         []string         `json:"concepts"`
	Targets          []string         `json:"targets"`
	Milestones       []Milestone      `json:"milestones"`
	Indicators       []IndicatorLink  `json:"indicators"`
	// Latest is, per owner country, the status of its latest published
	// report (by reported_on); an owner without one is absent.
	Latest    map[string]Status `json:"latest"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// Input is what the form, the API and the demo send to record or change a
// commitment. Exactly one of ParagraphID, StatementID and RecommendationID
// names its source (Update leaves the source alone and ignores them). For
// a paragraph, the edition, the text and the language come from the
// adopted outcome and the title defaults to the paragraph's label; for a
// statement, the edition, and by default the text and language, come from
// the statement; for a recommendation, by default the text and language.
type Input struct {
	EditionID        int64            `json:"edition_id,omitempty"`
	ParagraphID      int64            `json:"paragraph_id,omitempty"`
	StatementID      int64            `json:"statement_id,omitempty"`
	RecommendationID int64            `json:"recommendation_id,omitempty"`
	Title            string           `json:"title"`
	Text             string           `json:"text,omitempty"`
	Language         string           `json:"language,omitempty"`
	Level            visibility.Level `json:"level,omitempty"` // default public
	StartsOn         string           `json:"starts_on"`
	DueOn            string           `json:"due_on"`
	ReportEvery      int              `json:"report_every,omitempty"` // default 12
	Owners           []Owner          `json:"owners"`
	Concepts         []string         `json:"concepts,omitempty"` // added by hand to the automatic tags
	Targets          []string         `json:"targets,omitempty"`
	Milestones       []Milestone      `json:"milestones,omitempty"`
	Indicators       []IndicatorLink  `json:"indicators,omitempty"`
}

// Filter narrows the tracker's list. Empty fields do not filter.
type Filter struct {
	Country   string `json:"country,omitempty"` // an owner
	Concept   string `json:"concept,omitempty"`
	Target    string `json:"target,omitempty"` // SDG target
	EditionID int64  `json:"edition_id,omitempty"`
	// Status: the latest published status of any owner, or NoReport for
	// an owner without a published report.
	Status Status `json:"status,omitempty"`
	// Due: "overdue" (due before Today, and some owner has not reported
	// it achieved) or "soon" (due between Today and 90 days after).
	Due string `json:"due,omitempty"`
	// Today is the day Due counts from, YYYY-MM-DD; "" for today (UTC).
	Today  string `json:"-"`
	Limit  int    `json:"limit,omitempty"` // default 50, at most 500
	Offset int    `json:"offset,omitempty"`
}

// Due filter values.
const (
	DueOverdue = "overdue"
	DueSoon    = "soon"
)

// Page is one page of a list, in the API's {items, limit, offset, total}
// shape.
type Page struct {
	Items  []Commitment `json:"items"`
	Total  int          `json:"total"`
	Limit  int          `json:"limit"`
	Offset int          `json:"offset"`
}

// Summary is what a tracker's charts need for the commitments a filter
// selects (Limit and Offset ignored).
type Summary struct {
	Commitments int `json:"commitments"`
	// Owners counts the (commitment, owner) pairs.
	Owners int `json:"owners"`
	// ByStatus counts the (commitment, owner) pairs by the owner's latest
	// published status, NoReport ("none") for those without one.
	ByStatus map[Status]int `json:"by_status"`
	// ByCountry: per owner country, its commitments and their statuses.
	ByCountry []CountryCount `json:"by_country"`
	// ByConcept: commitments per concept, most first.
	ByConcept []KeyCount `json:"by_concept"`
	// ByDueYear: commitments per year due, in order of year.
	ByDueYear []KeyCount `json:"by_due_year"`
	// Overdue: commitments due before today that some owner has not
	// reported achieved.
	Overdue int `json:"overdue"`
}

// CountryCount is an owner country's line of a Summary.
type CountryCount struct {
	Country     string         `json:"country"`
	Commitments int            `json:"commitments"`
	ByStatus    map[Status]int `json:"by_status"`
}

// KeyCount is a count under a key (a concept, a year).
type KeyCount struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Evidence kinds.
const (
	EvidenceDocument = "document" // an upload
	EvidenceLink     = "link"     // a URL
	EvidenceData     = "data"     // a figure of an indicator
)

// Evidence is what a report gives in support: a document, a link or a
// figure.
type Evidence struct {
	Kind          string   `json:"kind"`
	Title         string   `json:"title,omitempty"`
	UploadID      int64    `json:"upload_id,omitempty"`
	URL           string   `json:"url,omitempty"`
	IndicatorCode string   `json:"indicator_code,omitempty"`
	Year          int      `json:"year,omitempty"`
	Value         *float64 `json:"value,omitempty"`
}

// Report is a progress report of one owner state on a commitment.
type Report struct {
	ID           int64 `json:"id"`
	CommitmentID int64 `json:"commitment_id"`
	// CommitmentTitle is the title of the commitment it reports on (for
	// the validation queue: its validator may read a report waiting for
	// them on a commitment kept to the room).
	CommitmentTitle string      `json:"commitment_title"`
	Country         string      `json:"country"`
	ReportedOn      string      `json:"reported_on"` // the day it speaks of
	Status          Status      `json:"status"`
	Narrative       string      `json:"narrative"`
	Language        string      `json:"language"`
	State           ReportState `json:"state"`
	ReturnNote      string      `json:"return_note,omitempty"`
	AuthorID        int64       `json:"author_id,omitempty"`
	ValidatedBy     int64       `json:"validated_by,omitempty"`
	SubmittedAt     *time.Time  `json:"submitted_at,omitempty"`
	ValidatedAt     *time.Time  `json:"validated_at,omitempty"`
	PublishedAt     *time.Time  `json:"published_at,omitempty"`
	Evidence        []Evidence  `json:"evidence"`
	CreatedAt       time.Time   `json:"created_at"`
	UpdatedAt       time.Time   `json:"updated_at"`
}

// ReportInput is what a focal point writes in a report.
type ReportInput struct {
	Country    string     `json:"country,omitempty"` // default the author's delegation
	ReportedOn string     `json:"reported_on"`
	Status     Status     `json:"status"`
	Narrative  string     `json:"narrative"`
	Language   string     `json:"language"`
	Evidence   []Evidence `json:"evidence,omitempty"`
}

// CommentState is a civil society comment's moderation.
type CommentState string

const (
	CommentPending  CommentState = "pending"
	CommentApproved CommentState = "approved"
	CommentRejected CommentState = "rejected"
)

// Comment is civil society's comment on a published report.
type Comment struct {
	ID          int64        `json:"id"`
	ReportID    int64        `json:"report_id"`
	AuthorID    int64        `json:"author_id"`
	Language    string       `json:"language"`
	Body        string       `json:"body"`
	State       CommentState `json:"state"`
	CreatedAt   time.Time    `json:"created_at"`
	ModeratedBy int64        `json:"moderated_by,omitempty"`
	ModeratedAt *time.Time   `json:"moderated_at,omitempty"`
}

// Verdict is what the data say of an indicator's progress.
type Verdict string

const (
	VerdictAchieved Verdict = "achieved"
	VerdictOnTrack  Verdict = "on_track"
	VerdictOffTrack Verdict = "off_track"
	VerdictNoData   Verdict = "no_data"
)

// Progress is one linked indicator of one owner, as the data show it, next
// to what the owner reported.
type Progress struct {
	Indicator    string  `json:"indicator"`
	Country      string  `json:"country"`
	BaselineYear int     `json:"baseline_year"`
	Baseline     float64 `json:"baseline"`
	TargetYear   int     `json:"target_year"`
	Target       float64 `json:"target"`
	// Year and Value are the latest observation (nil Value: no data).
	Year     int      `json:"year,omitempty"`
	Value    *float64 `json:"value,omitempty"`
	SeriesID int64    `json:"series_id,omitempty"`
	Source   string   `json:"source,omitempty"`
	Vintage  string   `json:"vintage,omitempty"`
	Licence  string   `json:"licence,omitempty"`
	// Share is the share of the way from baseline to target the latest
	// value has covered, clipped to [0, 1]; nil without data.
	Share *float64 `json:"share,omitempty"`
	// Elapsed is the share of the time from the baseline year to the
	// target year gone by at the latest value's year, clipped to [0, 1].
	Elapsed float64 `json:"elapsed"`
	Verdict Verdict `json:"verdict"`
	// Reported is the owner's latest published status ("" for none).
	Reported Status `json:"reported,omitempty"`
	// Disagrees: the reported status contradicts the data.
	Disagrees bool `json:"disagrees"`
}

// Event kinds of a commitment's history.
const (
	EventCreated          = "created"
	EventUpdated          = "updated"
	EventMilestoneDone    = "milestone_done"
	EventReportSubmitted  = "report_submitted"
	EventReportReturned   = "report_returned"
	EventReportPublished  = "report_published"
	EventCommentApproved  = "comment_approved"
	EventReportDraftSaved = "report_drafted"
)

// Event is one line of a commitment's history.
type Event struct {
	ID           int64     `json:"id"`
	CommitmentID int64     `json:"commitment_id"`
	At           time.Time `json:"at"`
	Kind         string    `json:"kind"`
	Country      string    `json:"country,omitempty"`
	ReportID     int64     `json:"report_id,omitempty"`
	ActorID      int64     `json:"actor_id,omitempty"`
	Detail       string    `json:"detail,omitempty"`
}
