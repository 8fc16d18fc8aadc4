package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/authz"
	"roundtable/internal/dialogue"
	"roundtable/internal/exchange"
	"roundtable/internal/ground"
)

// Common ground as files for spreadsheets and scripts: the map, the
// positions (with their history in JSON), the discovered groups and the
// priorities. The map, groups and priorities are read whole before the
// first byte is sent (their size is the edition's propositions, blocs and
// concepts); the positions, which grow as delegations times propositions
// and their history without end, are streamed as they are read. Either
// way a reader the edition keeps positions from gets the 403
// positions_restricted page, not a broken file. Column names are English
// and stable, like the record's; texts are in ?lang= or the reader's
// language; numbers have six significant digits.

func (s *Server) groundExportRoutes() []route {
	return []route{
		{"GET", "/editions/{id}/map.csv", authz.ViewGround, s.exportMapCSV},
		{"GET", "/editions/{id}/map.json", authz.ViewGround, s.exportMapJSON},
		{"GET", "/editions/{id}/positions.csv", authz.ViewGround, s.exportPositionsCSV},
		{"GET", "/editions/{id}/positions.json", authz.ViewGround, s.exportPositionsJSON},
		{"GET", "/editions/{id}/ground/groups.csv", authz.ViewGround, s.exportGroupsCSV},
		{"GET", "/editions/{id}/ground/priorities.csv", authz.ViewGround, s.exportPrioritiesCSV},
	}
}

// exportGroundFile is the edition a common-ground export is of, and the
// language of its texts.
func (s *Server) exportGroundFile(r *http.Request) (dialogue.Edition, string, error) {
	e, err := s.pathEdition(r)
	if err != nil {
		return e, "", err
	}
	lang, err := exportLang(r)
	if lang == "" {
		lang = string(stateOf(r).lang)
	}
	return e, lang, err
}

func exportFileName(e dialogue.Edition, what string) string {
	return fmt.Sprintf("edition-%d-%s-%s", e.Number, e.StartsOn, what)
}

// exportCSV answers with a table built by rows.
func exportCSV(w http.ResponseWriter, name string, header []string, rows [][]string) error {
	var buf bytes.Buffer
	t, err := exchange.NewTableWriter(&buf, header)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if err := t.Write(row); err != nil {
			return err
		}
	}
	if err := t.Close(); err != nil {
		return err
	}
	return attachment(w, "text/csv; charset=utf-8; header=present", name, buf.Bytes())
}

// exportJSON answers with v as an indented JSON file, as record.json is.
func exportJSON(w http.ResponseWriter, name string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // a file to read, not to embed in a page
	if err := enc.Encode(v); err != nil {
		return err
	}
	return attachment(w, "application/json; charset=utf-8", name, buf.Bytes())
}

func exportNum(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

var exportMapColumns = []string{"rank", "proposition_id", "proposition", "bloc", "support", "can_live_with", "cannot_accept", "pending", "p",
	"product", "geometric_mean", "weakest", "weakest_bloc", "majority_pa", "majority_z", "majority_common", "objections"}

// exportMapCSV is the map, one row per proposition and bloc in rank order: the
// bloc's counts and smoothed agreement p, then the proposition's scores,
// repeated on each of its rows so that any row reads alone. An edition
// without blocs has one row per proposition with the bloc cells empty.
func (s *Server) exportMapCSV(w http.ResponseWriter, r *http.Request) error {
	e, lang, err := s.exportGroundFile(r)
	if err != nil {
		return err
	}
	m, err := s.ground.Map(r.Context(), stateOf(r).user, e.ID)
	if err != nil {
		return err
	}
	var rows [][]string
	for _, row := range m.Rows {
		sc := row.Score
		weakest := ""
		if sc.WeakestGroup >= 0 {
			weakest = m.Blocs[sc.WeakestGroup].Code
		}
		tail := []string{exportNum(sc.Product), exportNum(sc.GeoMean), exportNum(sc.Weakest), weakest,
			exportNum(sc.Majority.PA), exportNum(sc.Majority.Z), strconv.FormatBool(sc.Majority.Common), strconv.Itoa(sc.Objections)}
		head := []string{strconv.Itoa(row.Rank), strconv.FormatInt(row.Proposition.ID, 10), row.Proposition.In(lang)}
		if len(m.Blocs) == 0 {
			rows = append(rows, exportConcat(head, []string{"", "", "", "", "", ""}, tail))
		}
		for i, b := range m.Blocs {
			c := row.Blocs[i]
			rows = append(rows, exportConcat(head, []string{b.Code, strconv.Itoa(c.Support), strconv.Itoa(c.LiveWith),
				strconv.Itoa(c.Object), strconv.Itoa(c.Pending), exportNum(sc.P[i])}, tail))
		}
	}
	return exportCSV(w, exportFileName(e, "map.csv"), exportMapColumns, rows)
}

func exportConcat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// exportMapJSON is the map as the API answers it.
func (s *Server) exportMapJSON(w http.ResponseWriter, r *http.Request) error {
	e, _, err := s.exportGroundFile(r)
	if err != nil {
		return err
	}
	m, err := s.ground.Map(r.Context(), stateOf(r).user, e.ID)
	if err != nil {
		return err
	}
	return exportJSON(w, exportFileName(e, "map.json"), apiMapOf(m))
}

// exportPosition is a current position with its proposition's text.
type exportPosition struct {
	PropositionID int64         `json:"proposition_id"`
	Proposition   string        `json:"proposition"`
	Delegation    string        `json:"delegation"`
	Stance        ground.Stance `json:"stance"`
	Reason        string        `json:"reason"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

// eachExportPosition calls fn with every current position of an edition the
// reader may read, with its proposition's text in lang. Positions come by
// proposition id and propositions are read in the same order a page at a
// time beside them, so memory stays flat on both sides; a position whose
// proposition the reader may not read is left out.
func (s *Server) eachExportPosition(r *http.Request, editionID int64, lang string, fn func(exportPosition) error) error {
	ctx, v := r.Context(), stateOf(r).user
	var (
		texts map[int64]string // the page of propositions read last
		last  int64            // its last id
		done  bool             // no proposition after last
	)
	return s.ground.EachPosition(ctx, v, editionID, func(p ground.Position) error {
		for !done && p.PropositionID > last {
			props, err := s.ground.Propositions(ctx, v, ground.PropositionFilter{EditionID: editionID, After: last, Limit: exportTextPage})
			if err != nil {
				return err
			}
			texts, done = map[int64]string{}, len(props) < exportTextPage
			for _, x := range props {
				texts[x.ID], last = x.In(lang), x.ID
			}
		}
		text, ok := texts[p.PropositionID]
		if !ok {
			return nil // a proposition the reader may not read
		}
		return fn(exportPosition{PropositionID: p.PropositionID, Proposition: text,
			Delegation: p.Delegation, Stance: p.Stance, Reason: p.Reason, UpdatedAt: p.UpdatedAt})
	})
}

// exportTextPage is how many propositions' texts a positions export holds.
const exportTextPage = 500

// exportStream is the body of an export written as it is read. Its headers
// are set at the first byte: until then an error (positions_restricted)
// is still answered with an error page, not an attachment. After it the
// status cannot change, so an error ends the file early.
type exportStream struct {
	w                 http.ResponseWriter
	contentType, name string
	started           bool
}

func (f *exportStream) Write(b []byte) (int, error) {
	if !f.started {
		f.started = true
		h := f.w.Header()
		h.Set("Content-Type", f.contentType)
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", f.name))
		h.Set("Cache-Control", "private, no-store")
	}
	return f.w.Write(b)
}

// exportJSONArray writes the value of a top-level member of an export file,
// an array, an item at a time, byte for byte as encoding/json indents the
// whole file with two spaces.
type exportJSONArray struct {
	w   io.Writer
	n   int
	buf bytes.Buffer
	enc *json.Encoder
}

func newExportJSONArray(w io.Writer) *exportJSONArray {
	a := &exportJSONArray{w: w}
	a.enc = json.NewEncoder(&a.buf)
	a.enc.SetIndent("    ", "  ")
	a.enc.SetEscapeHTML(false) // a file to read, not to embed in a page
	return a
}

func (a *exportJSONArray) write(v any) error {
	a.buf.Reset()
	if a.n == 0 {
		a.buf.WriteString("[\n    ")
	} else {
		a.buf.WriteString(",\n    ")
	}
	if err := a.enc.Encode(v); err != nil {
		return err
	}
	a.buf.Truncate(a.buf.Len() - 1) // the encoder's newline
	a.n++
	_, err := a.w.Write(a.buf.Bytes())
	return err
}

func (a *exportJSONArray) close() error {
	end := "\n  ]"
	if a.n == 0 {
		end = "[]"
	}
	_, err := io.WriteString(a.w, end)
	return err
}

var exportPositionColumns = []string{"proposition_id", "proposition", "delegation", "stance", "reason", "updated_at"}

// exportPositionsCSV is every current position, by proposition and delegation,
// streamed as it is read.
func (s *Server) exportPositionsCSV(w http.ResponseWriter, r *http.Request) error {
	e, lang, err := s.exportGroundFile(r)
	if err != nil {
		return err
	}
	out := &exportStream{w: w, contentType: "text/csv; charset=utf-8; header=present", name: exportFileName(e, "positions.csv")}
	// The file starts at the first position, or after the last read of
	// none: the byte order mark would set the headers, and a reader kept
	// from positions must get the error page instead.
	var t *exchange.TableWriter
	start := func() error {
		if t == nil {
			t, err = exchange.NewTableWriter(out, exportPositionColumns)
		}
		return err
	}
	if err := s.eachExportPosition(r, e.ID, lang, func(p exportPosition) error {
		if err := start(); err != nil {
			return err
		}
		return t.Write([]string{strconv.FormatInt(p.PropositionID, 10), p.Proposition, p.Delegation, string(p.Stance), p.Reason,
			p.UpdatedAt.UTC().Format(time.RFC3339)})
	}); err != nil {
		return err
	}
	if err := start(); err != nil {
		return err
	}
	return t.Close()
}

// exportPositionsJSON is every current position, then every change of each in
// the order they were recorded: {"edition_id", "positions", "history"},
// streamed as it is read and indented as encoding/json indents a file.
func (s *Server) exportPositionsJSON(w http.ResponseWriter, r *http.Request) error {
	e, lang, err := s.exportGroundFile(r)
	if err != nil {
		return err
	}
	out := &exportStream{w: w, contentType: "application/json; charset=utf-8", name: exportFileName(e, "positions.json")}
	var positions *exportJSONArray
	start := func() error { // at the first position, as for the CSV file
		if positions == nil {
			if _, err := fmt.Fprintf(out, "{\n  \"edition_id\": %d,\n  \"positions\": ", e.ID); err != nil {
				return err
			}
			positions = newExportJSONArray(out)
		}
		return nil
	}
	if err := s.eachExportPosition(r, e.ID, lang, func(p exportPosition) error {
		if err := start(); err != nil {
			return err
		}
		return positions.write(p)
	}); err != nil {
		return err
	}
	if err := start(); err != nil {
		return err
	}
	if err := positions.close(); err != nil {
		return err
	}
	if _, err := io.WriteString(out, ",\n  \"history\": "); err != nil {
		return err
	}
	history := newExportJSONArray(out)
	if err := s.ground.EachChange(r.Context(), stateOf(r).user, e.ID, func(c ground.Change) error { return history.write(c) }); err != nil {
		return err
	}
	if err := history.close(); err != nil {
		return err
	}
	_, err = io.WriteString(out, "\n}\n")
	return err
}

var exportGroupColumns = []string{"delegation", "x", "y", "group", "blocs"}

// exportGroupsCSV is where each delegation stands on the picture of discovered
// groups: its point, its group (empty when none) and its declared blocs.
func (s *Server) exportGroupsCSV(w http.ResponseWriter, r *http.Request) error {
	e, _, err := s.exportGroundFile(r)
	if err != nil {
		return err
	}
	g, err := s.ground.Groups(r.Context(), stateOf(r).user, e.ID)
	if err != nil {
		return err
	}
	rows := make([][]string, len(g.Delegations))
	for i, d := range g.Delegations {
		group := ""
		if d.Group >= 0 {
			group = strconv.Itoa(d.Group)
		}
		rows[i] = []string{d.Delegation.Code, exportNum(d.X), exportNum(d.Y), group, strings.Join(d.Blocs, ";")}
	}
	return exportCSV(w, exportFileName(e, "groups.csv"), exportGroupColumns, rows)
}

var exportPriorityColumns = []string{"concept", "concept_label", "bloc", "members", "share", "statements"}

// exportPrioritiesCSV is the matrix of concepts and blocs, concepts most widely
// raised first: how many of the bloc's members raised the concept, what
// share of the bloc that is, and in how many statements.
func (s *Server) exportPrioritiesCSV(w http.ResponseWriter, r *http.Request) error {
	e, lang, err := s.exportGroundFile(r)
	if err != nil {
		return err
	}
	pr, err := s.ground.Priorities(r.Context(), stateOf(r).user, e.ID)
	if err != nil {
		return err
	}
	var rows [][]string
	for _, c := range pr.Concepts {
		label := s.conceptLabel(c, lang)
		for _, b := range pr.Blocs {
			rows = append(rows, []string{c, label, b.Bloc.Code, strconv.Itoa(b.Members[c]), exportNum(b.Share(c)), strconv.Itoa(b.Statements[c])})
		}
	}
	return exportCSV(w, exportFileName(e, "priorities.csv"), exportPriorityColumns, rows)
}
