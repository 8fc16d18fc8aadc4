package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"

	"roundtable/internal/dialogue"
	"roundtable/internal/outcome"
	"roundtable/internal/visibility"
)

// outcomeBase is what every page of one outcome document knows: its
// edition, the document, the tabs between its pages, and what the reader
// may do there. The pages of the text (status, revisions, languages) and
// those of its flow (amendments, silence, adoption) all embed it, so the
// tabs and the rights read the same everywhere.
type outcomeBase struct {
	layout
	Edition  dialogue.Edition
	Document outcome.Document
	Tabs     []outcomeTab
	// Presides: the chair or the secretariat, who run the negotiation.
	Presides bool
	// InRoom: a delegation, the chair or the secretariat; the others read
	// only an adopted text.
	InRoom bool
	// Delegation is the reader's own delegation in the edition (who acts
	// in its name: positions, comments, silence breaks), or nil.
	Delegation *dialogue.Delegation
	// Version is the document's version when the page was read; the live
	// script compares it with the stream's.
	Version int64
	// Notice says the content is illustrative (the demo's), in the
	// reader's language; "" for real content.
	Notice string
}

// outcomeTab is one link of a document's tab navigation.
type outcomeTab struct {
	Key     string // catalog key of its name
	Href    string
	Current bool
}

// Tab names, also the tab a page passes to mark itself current.
const (
	tabText       = "outcome.tab.text"
	tabRevisions  = "outcome.tab.revisions"
	tabAmendments = "outcome.tab.amendments"
	tabLanguages  = "outcome.tab.languages"
	tabSilence    = "outcome.tab.silence"
	tabAdoption   = "outcome.tab.adoption"
)

// outcomeBase reads document docID, its edition and the reader's rights.
// A document the reader may not read is a 404 (the service says so).
// tab is the current tab; titleKey the page's title.
func (s *Server) outcomeBase(w http.ResponseWriter, r *http.Request, docID int64, tab, titleKey string) (outcomeBase, error) {
	v, ctx := stateOf(r).user, r.Context()
	d, err := s.outcome.Document(ctx, v, docID)
	if err != nil {
		return outcomeBase{}, err
	}
	e, err := s.dialogue.Edition(ctx, v, d.EditionID)
	if err != nil {
		return outcomeBase{}, err
	}
	reader := visibility.Of(v)
	b := outcomeBase{layout: s.layout(w, r, titleKey, "editions"), Edition: e, Document: d,
		Presides: reader.Presides(), InRoom: reader.InRoom(), Version: d.Version}
	if v != nil {
		dels, err := s.dialogue.Delegations(ctx, v, e.ID)
		if err != nil {
			return b, err
		}
		b.Delegation = dialogue.OwnIn(v, dels)
	}
	b.Tabs = outcomeTabs(d, b.InRoom, tab)
	if s.notice != nil {
		b.Notice = s.notice(e, string(b.Lang))
	}
	return b, nil
}

// outcomeTabs are the document's pages a reader may open: outside the
// room only the adopted text (status view, its revision, its languages).
func outcomeTabs(d outcome.Document, inRoom bool, current string) []outcomeTab {
	base := "/outcomes/" + strconv.FormatInt(d.ID, 10)
	revisions := base + "/revisions/latest"
	if !inRoom && d.AdoptedNumber != nil {
		revisions = base + "/revisions/" + strconv.Itoa(*d.AdoptedNumber)
	}
	tabs := []outcomeTab{{Key: tabText, Href: base}, {Key: tabRevisions, Href: revisions}}
	if inRoom {
		tabs = append(tabs, outcomeTab{Key: tabAmendments, Href: base + "/amendments"})
	}
	tabs = append(tabs, outcomeTab{Key: tabLanguages, Href: base + "/languages"})
	if inRoom {
		tabs = append(tabs, outcomeTab{Key: tabSilence, Href: base + "/silence"})
	}
	tabs = append(tabs, outcomeTab{Key: tabAdoption, Href: base + "/adoption"})
	for i := range tabs {
		tabs[i].Current = tabs[i].Key == current
	}
	return tabs
}

// DocURL is the document's address, the root of its pages.
func (b outcomeBase) DocURL() string { return "/outcomes/" + strconv.FormatInt(b.Document.ID, 10) }

// Acts: the reader acts for a delegation of the edition.
func (b outcomeBase) Acts() bool { return b.Delegation != nil }

// Open: the text may still change (not adopted).
func (b outcomeBase) Open() bool { return b.Document.Status != outcome.Adopted }

// Drafting: the text is neither under silence nor adopted.
func (b outcomeBase) Drafting() bool { return b.Document.Status == outcome.Drafting }

// KindName is the document's kind in the page's language.
func (b outcomeBase) KindName() string { return b.T("outcome.kind." + b.Document.Kind) }

// DocStatusName is the document's status in the page's language.
func (b outcomeBase) DocStatusName() string { return b.T("outcome.doc_status." + b.Document.Status) }

// ParaStatusName is a paragraph's status in the page's language.
func (b outcomeBase) ParaStatusName(status string) string {
	return b.T("outcome.status." + status)
}

// outcomeNav is the head every page of a document draws: the way back to
// the edition's documents, the document's title, kind and status, and the
// tabs between its pages. Drawn here rather than in a template file, as a
// page's template set holds only the layout and the page itself.
var outcomeNav = template.Must(template.New("nav").Parse(`<p class="breadcrumb"><a href="/editions/{{.Edition.ID}}">{{.Text .Edition.Titles}}</a> › <a href="/editions/{{.Edition.ID}}/outcomes" id="outcomes-link">{{.T "outcome.list_title"}}</a></p>
<h1 id="doc-title">{{.Document.Title}}</h1>
{{if .Notice}}<p class="notice" role="note" id="demo-notice">{{.Notice}}</p>{{end}}
<p class="outcome-kind"><span>{{.KindName}}</span> · <span class="outcome-badge" data-doc-status="{{.Document.Status}}" id="doc-status-badge">{{.DocStatusName}}</span>{{if .Document.SingleText}} · <span class="outcome-badge" data-kind="single-text" id="single-text-badge">{{.T "outcome.single_text"}}</span>{{end}}</p>
<nav class="outcome-tabs" aria-label="{{.T "outcome.tabs"}}"><ul>
{{range .Tabs}}<li><a href="{{.Href}}" data-tab="{{.Key}}"{{if .Current}} aria-current="page"{{end}}>{{$.T .Key}}</a></li>
{{end}}</ul></nav>`))

// Nav draws the document's head and tabs ({{.Nav}} in a page's template).
func (b outcomeBase) Nav() (template.HTML, error) {
	var buf bytes.Buffer
	if err := outcomeNav.Execute(&buf, b); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// Statuses are the paragraph statuses in order; Reasons the reasons a
// paragraph stands in brackets; Kinds the document kinds.
func (b outcomeBase) Statuses() []string { return outcome.Statuses }
func (b outcomeBase) Reasons() []string  { return outcome.BracketReasons }
func (b outcomeBase) Kinds() []string    { return outcome.Kinds }
