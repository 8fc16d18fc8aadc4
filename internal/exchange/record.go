// Package exchange reads and writes the dialogue record in the formats
// other software speaks: an edition's statements as CSV and JSON (exported,
// and imported back into the same or another edition), its programme as an
// iCalendar file, and the published statements as an Atom feed. It knows
// formats only; who may read or write what is the dialogue service's.
package exchange

import (
	"io"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/i18n"
)

// MaxImportBytes bounds an import file.
const MaxImportBytes = 5 << 20

// Item is one statement as the record files carry it. Export and import
// share it: edition, session_title, delegation_name and concepts are written
// for readers and ignored on import (the edition is the one imported into;
// concepts are tagged again). A session is named by its position in the
// programme (session) or by its id in the target edition (session_id, import
// only).
type Item struct {
	Edition        int64                  `json:"edition"`
	Session        *int                   `json:"session"`
	SessionID      *int64                 `json:"session_id,omitempty"`
	SessionTitle   string                 `json:"session_title,omitempty"`
	Delegation     string                 `json:"delegation"`
	DelegationName string                 `json:"delegation_name,omitempty"`
	Speaker        string                 `json:"speaker"`
	OnBehalfOf     string                 `json:"on_behalf_of"`
	Language       string                 `json:"language"`
	Title          string                 `json:"title"`
	Text           string                 `json:"text"`
	DeliveredOn    string                 `json:"delivered_on"`
	Source         string                 `json:"source"`
	EmbargoUntil   *time.Time             `json:"embargo_until"`
	Visibility     string                 `json:"visibility"`
	Concepts       []string               `json:"concepts"`
	Translations   []dialogue.Translation `json:"translations"`
}

// Record is an edition's record as its reader may see it.
type Record struct {
	Edition     dialogue.Edition
	Sessions    []dialogue.Session
	Delegations []dialogue.Delegation
	Statements  []dialogue.Statement
	// Lang is the language of the names written beside codes (session
	// titles, delegation names).
	Lang string
}

// Items turns the record's statements into items, in the record's order.
func (rec Record) Items() []Item {
	item := rec.Itemizer()
	out := make([]Item, 0, len(rec.Statements))
	for _, st := range rec.Statements {
		out = append(out, item(st))
	}
	return out
}

// Itemizer returns the function that turns one of the record's statements
// into an item, with its session and delegation named from the record, so
// an export can stream statements it has not loaded into Statements.
func (rec Record) Itemizer() func(dialogue.Statement) Item {
	sessions := map[int64]dialogue.Session{}
	for _, x := range rec.Sessions {
		sessions[x.ID] = x
	}
	delegations := map[int64]dialogue.Delegation{}
	for _, d := range rec.Delegations {
		delegations[d.ID] = d
	}
	return func(st dialogue.Statement) Item {
		d := delegations[st.DelegationID]
		it := Item{Edition: st.EditionID, Delegation: d.Code, DelegationName: d.Names.In(rec.Lang),
			Speaker: st.Speaker, OnBehalfOf: st.OnBehalfOf, Language: st.Language, Title: st.Title, Text: st.Body,
			DeliveredOn: st.DeliveredOn, Source: st.Source, EmbargoUntil: st.EmbargoUntil, Visibility: st.Visibility,
			Concepts: st.Concepts, Translations: st.Translations}
		if x, ok := sessions[st.SessionID]; ok {
			pos := x.Position
			it.Session, it.SessionTitle = &pos, x.Titles.In(rec.Lang)
		}
		if it.Concepts == nil {
			it.Concepts = []string{}
		}
		if it.Translations == nil {
			it.Translations = []dialogue.Translation{}
		}
		return it
	}
}

// WriteJSON writes items as one JSON array, the form the importer reads.
func WriteJSON(w io.Writer, items []Item) error {
	return writeAll(NewJSONWriter, w, items)
}

// writeAll writes items through a streaming writer.
func writeAll(open func(io.Writer) (ItemWriter, error), w io.Writer, items []Item) error {
	out, err := open(w)
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := out.Write(it); err != nil {
			return err
		}
	}
	return out.Close()
}

// bom starts a CSV file: without it, spreadsheet programs read UTF-8 as a
// legacy code page and garble every accent and every Chinese character.
const bom = "\uFEFF"

// csvColumns are the CSV file's columns, before one text_<lang> column per
// working language holding the statement's translation into it, and then
// origin_<lang> (human, machine) and review_<lang> (pending, reviewed)
// columns saying what that translation is.
var csvColumns = []string{"edition", "session", "session_title", "delegation", "delegation_name", "speaker", "on_behalf_of",
	"language", "title", "text", "delivered_on", "source", "embargo_until", "visibility", "concepts"}

// translationColumns prefix the per-language columns, in file order.
var translationColumns = []string{"text_", "origin_", "review_"}

// Columns returns the header of the CSV format.
func Columns() []string {
	cols := append([]string{}, csvColumns...)
	for _, prefix := range translationColumns {
		for _, l := range i18n.Supported {
			cols = append(cols, prefix+string(l))
		}
	}
	return cols
}

// WriteCSV writes items as RFC 4180 CSV (CRLF line ends) in UTF-8 with a
// byte order mark and a header row. Concepts are separated by semicolons.
func WriteCSV(w io.Writer, items []Item) error {
	return writeAll(NewCSVWriter, w, items)
}

// csvRecord is an item's row in the CSV file.
func csvRecord(it Item) []string {
	session := ""
	if it.Session != nil {
		session = strconv.Itoa(*it.Session)
	}
	embargo := ""
	if it.EmbargoUntil != nil {
		embargo = it.EmbargoUntil.UTC().Format(time.RFC3339)
	}
	rec := []string{strconv.FormatInt(it.Edition, 10), session, it.SessionTitle, it.Delegation, it.DelegationName,
		it.Speaker, it.OnBehalfOf, it.Language, it.Title, it.Text, it.DeliveredOn, it.Source, embargo, it.Visibility,
		strings.Join(it.Concepts, ";")}
	byLang := map[string]dialogue.Translation{}
	for _, t := range it.Translations {
		byLang[t.Language] = t
	}
	for _, field := range []func(dialogue.Translation) string{
		func(t dialogue.Translation) string { return t.Body },
		func(t dialogue.Translation) string { return t.Origin },
		func(t dialogue.Translation) string { return t.Review },
	} {
		for _, l := range i18n.Supported {
			rec = append(rec, field(byLang[string(l)]))
		}
	}
	for i := range rec {
		rec[i] = defuse(rec[i])
	}
	return rec
}

// Spreadsheet programs run a cell that starts with = + - or @ as a formula,
// so a statement's text could run one on the secretariat's machine. Such a
// cell is written with a leading apostrophe, which spreadsheets hide and
// the importer removes (an apostrophe already there is doubled, so the
// round trip is exact).
const formulaStarts = "=+-@\t\r"

func defuse(s string) string {
	if s != "" && (strings.IndexByte(formulaStarts, s[0]) >= 0 || (s[0] == '\'' && len(s) > 1 && strings.IndexByte(formulaStarts+"'", s[1]) >= 0)) {
		return "'" + s
	}
	return s
}

// restore undoes defuse.
func restore(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte(formulaStarts+"'", s[1]) >= 0 {
		return s[1:]
	}
	return s
}
