package web

import (
	"bytes"
	"encoding/json"
	"fmt"
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
// priorities. Each is read whole before the first byte is sent (an
// edition has tens of delegations and hundreds of propositions, not
// millions), so a reader the edition keeps positions from gets the 403
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

type exportPositions struct {
	EditionID int64            `json:"edition_id"`
	Positions []exportPosition `json:"positions"`
	History   []ground.Change  `json:"history"` // every change, by proposition, oldest first
}

// exportEditionPositions reads the current positions of an edition with their
// propositions' texts in lang, and, when history is asked, every change.
func (s *Server) exportEditionPositions(r *http.Request, e dialogue.Edition, lang string, history bool) (exportPositions, error) {
	ctx, v := r.Context(), stateOf(r).user
	out := exportPositions{EditionID: e.ID, Positions: []exportPosition{}, History: []ground.Change{}}
	ps, err := s.ground.Positions(ctx, v, e.ID, 0)
	if err != nil {
		return out, err
	}
	props, err := s.ground.Propositions(ctx, v, ground.PropositionFilter{EditionID: e.ID})
	if err != nil {
		return out, err
	}
	texts := map[int64]string{}
	for _, p := range props {
		texts[p.ID] = p.In(lang)
	}
	for _, p := range ps {
		text, ok := texts[p.PropositionID]
		if !ok {
			continue // a proposition the reader may not read
		}
		out.Positions = append(out.Positions, exportPosition{PropositionID: p.PropositionID, Proposition: text,
			Delegation: p.Delegation, Stance: p.Stance, Reason: p.Reason, UpdatedAt: p.UpdatedAt})
	}
	if !history {
		return out, nil
	}
	for _, p := range props {
		h, err := s.ground.History(ctx, v, p.ID)
		if err != nil {
			return out, err
		}
		out.History = append(out.History, h...)
	}
	return out, nil
}

var exportPositionColumns = []string{"proposition_id", "proposition", "delegation", "stance", "reason", "updated_at"}

// exportPositionsCSV is every current position, by proposition and delegation.
func (s *Server) exportPositionsCSV(w http.ResponseWriter, r *http.Request) error {
	e, lang, err := s.exportGroundFile(r)
	if err != nil {
		return err
	}
	f, err := s.exportEditionPositions(r, e, lang, false)
	if err != nil {
		return err
	}
	rows := make([][]string, len(f.Positions))
	for i, p := range f.Positions {
		rows[i] = []string{strconv.FormatInt(p.PropositionID, 10), p.Proposition, p.Delegation, string(p.Stance), p.Reason,
			p.UpdatedAt.UTC().Format(time.RFC3339)}
	}
	return exportCSV(w, exportFileName(e, "positions.csv"), exportPositionColumns, rows)
}

// exportPositionsJSON is every current position and every change of each.
func (s *Server) exportPositionsJSON(w http.ResponseWriter, r *http.Request) error {
	e, lang, err := s.exportGroundFile(r)
	if err != nil {
		return err
	}
	f, err := s.exportEditionPositions(r, e, lang, true)
	if err != nil {
		return err
	}
	return exportJSON(w, exportFileName(e, "positions.json"), f)
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
