package commitment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// Responses of a state under review to a recommendation.
const (
	Supported = "supported"
	Noted     = "noted"
)

// MaxRecommendationFileBytes bounds a recommendation file: the whole UPR
// database of every state and cycle is about 10 MB.
const MaxRecommendationFileBytes = 64 << 20

// ImportResult is what an import of a recommendation file did.
type ImportResult struct {
	ImportID int64  `json:"import_id"`
	FileName string `json:"file_name"`
	SHA256   string `json:"sha256"`
	// Rows is the file's data rows (one per recommending state);
	// Recommendations the recommendations they make once the rows of one
	// paragraph are put together.
	Rows            int `json:"rows"`
	Recommendations int `json:"recommendations"`
	// Added is how many were new; the others were imported before.
	Added int `json:"added"`
	// ByState counts the file's recommendations per state under review.
	ByState map[string]int `json:"by_state"`
}

// The columns of a recommendation file, each with the names it may have.
// The UPR Info export names them recommending_state_raw,
// state_under_review_iso3, cycle_derived, recommendation_text and
// decision_raw.
var recColumns = []struct {
	key      string
	names    []string
	required bool
}{
	{"recommending", []string{"recommending_state", "recommending_state_raw"}, true},
	{"under_review", []string{"state_under_review", "state_under_review_iso3"}, true},
	{"cycle", []string{"cycle", "cycle_derived"}, true},
	{"text", []string{"text", "recommendation_text"}, true},
	{"response", []string{"response", "decision_raw"}, true},
	{"record", []string{"record_id"}, false},
	{"paragraph", []string{"paragraph_ref", "paragraph"}, false},
	{"year", []string{"review_year"}, false},
}

// responses maps a file's answer to a response. "Implemented" (the state
// says it already does it) is support; "consider" (it will think about
// it) and "reject" are what the UN records as noted.
var responses = map[string]string{
	"support": Supported, "supported": Supported, "accepted": Supported, "accept": Supported,
	"implemented": Supported, "implement": Supported, "already implemented": Supported,
	"noted": Noted, "note": Noted, "rejected": Noted, "reject": Noted, "consider": Noted, "considered": Noted,
}

// recGroup is one recommendation as the file gives it, over the lines
// naming each of its recommending states.
type recGroup struct {
	ref, underReview, paragraph, text, response string
	cycle, year, line                           int
	states                                      []recState
}

type recState struct{ Name, Country string }

// ImportRecommendations imports a UPR recommendation file: CSV, UTF-8,
// with a header naming its columns (see recColumns). The rows of one
// paragraph addressed to one state in one cycle — the file repeats it once
// per recommending state — make one recommendation with several
// recommending states. All or nothing: a file with faults stores nothing
// and answers dialogue.ImportErrors naming every faulty line. A
// recommendation imported before (same state, cycle, paragraph and text)
// is left as it is, so importing a file twice adds nothing. Only the
// secretariat imports.
func (s *Service) ImportRecommendations(ctx context.Context, v Viewer, fileName string, r io.Reader) (ImportResult, error) {
	if v == nil || v.Role != account.Administrator {
		return ImportResult{}, errs.ErrForbidden
	}
	return s.importRecommendations(ctx, v.Actor(), fileName, r)
}

// ImportRecommendationsAs is ImportRecommendations for the command line,
// which acts as actor (audit.System("cli")) with no account.
func (s *Service) ImportRecommendationsAs(ctx context.Context, actor audit.Actor, fileName string, r io.Reader) (ImportResult, error) {
	return s.importRecommendations(ctx, actor, fileName, r)
}

func (s *Service) importRecommendations(ctx context.Context, actor audit.Actor, fileName string, r io.Reader) (ImportResult, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxRecommendationFileBytes+1))
	if err != nil {
		return ImportResult{}, err
	}
	if len(data) > MaxRecommendationFileBytes {
		return ImportResult{}, errs.New(errs.TooLarge, "file_too_large", "followup.upr.too_large", "max", MaxRecommendationFileBytes>>20)
	}
	names, err := loadStateNames()
	if err != nil {
		return ImportResult{}, err
	}
	groups, rows, err := parseRecommendations(data, names)
	if err != nil {
		return ImportResult{}, err
	}
	sum := sha256.Sum256(data)
	res := ImportResult{FileName: fileName, SHA256: hex.EncodeToString(sum[:]), Rows: rows, Recommendations: len(groups), ByState: map[string]int{}}
	for _, g := range groups {
		res.ByState[g.underReview]++
	}
	err = s.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO recommendation_imports (file_name, sha256, rows_read, added, actor, imported_at)
			VALUES (?, ?, ?, 0, ?, ?) RETURNING id`, fileName, res.SHA256, rows, actor.Label, store.Now()).Scan(&res.ImportID); err != nil {
			return err
		}
		added, err := s.storeRecommendations(ctx, tx, res.ImportID, groups)
		if err != nil {
			return err
		}
		res.Added = added
		if _, err := tx.Exec(ctx, "UPDATE recommendation_imports SET added = ? WHERE id = ?", added, res.ImportID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Actor: actor, Action: "recommendation.import", EntityType: "recommendation_import",
			EntityID: strconv.FormatInt(res.ImportID, 10), Change: res})
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// storeRecommendations inserts the groups not stored before, with their
// states and concepts, and returns how many it added.
func (s *Service) storeRecommendations(ctx context.Context, tx *store.Tx, importID int64, groups []*recGroup) (int, error) {
	insRec, err := tx.Prepare(ctx, `INSERT INTO recommendations
		(source_ref, under_review, cycle, review_year, paragraph, text, language, response, import_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, 'en', ?, ?, ?) ON CONFLICT (source_ref) DO NOTHING RETURNING id`)
	if err != nil {
		return 0, err
	}
	insState, err := tx.Prepare(ctx, "INSERT INTO recommendation_states (recommendation_id, name, country) VALUES (?, ?, ?)")
	if err != nil {
		return 0, err
	}
	insConcept, err := tx.Prepare(ctx, "INSERT INTO recommendation_concepts (recommendation_id, concept_id) VALUES (?, ?)")
	if err != nil {
		return 0, err
	}
	now, added := store.Now(), 0
	for _, g := range groups {
		var year any
		if g.year != 0 {
			year = g.year
		}
		var id int64
		err := insRec.QueryRowContext(ctx, g.ref, g.underReview, g.cycle, year, g.paragraph, g.text, g.response, importID, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // imported before
		}
		if err != nil {
			return 0, err
		}
		added++
		for _, st := range g.states {
			if _, err := insState.ExecContext(ctx, id, st.Name, st.Country); err != nil {
				return 0, err
			}
		}
		for _, c := range s.tags(g.text) {
			if _, err := insConcept.ExecContext(ctx, id, c); err != nil {
				return 0, err
			}
		}
	}
	return added, nil
}

// tags are the thesaurus concepts of an English text, without repeats.
func (s *Service) tags(text string) []string {
	if s.Thesaurus == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range s.Thesaurus.Tag("en", text) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// parseRecommendations reads the file into recommendations, in the order
// of their first line, and counts its data rows; every fault of every line
// is collected.
func parseRecommendations(data []byte, names *stateNames) ([]*recGroup, int, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var faults dialogue.ImportErrors
	fault := func(line int, field, code string, args ...any) {
		if len(faults) < 200 {
			faults = append(faults, dialogue.ImportError{Line: line, Field: field, Code: code, Key: "followup.upr." + code, Args: args})
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		fault(1, "", "header")
		return nil, 0, faults
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for _, c := range recColumns {
			for _, n := range c.names {
				if h == n {
					if _, dup := col[c.key]; !dup {
						col[c.key] = i
					}
				}
			}
		}
	}
	for _, c := range recColumns {
		if _, ok := col[c.key]; c.required && !ok {
			fault(1, c.names[0], "missing_column", "column", strings.Join(c.names, " / "))
		}
	}
	if len(faults) > 0 {
		return nil, 0, faults
	}
	byRef := map[string]*recGroup{}
	var groups []*recGroup
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			fault(line, "", "csv")
			break
		}
		rows++
		get := func(key string) string {
			if i, ok := col[key]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		g, ok := parseRecLine(line, get, names, fault)
		if !ok {
			continue
		}
		if have := byRef[g.ref]; have != nil {
			if have.response != g.response {
				fault(line, "response", "response_conflict", "other", have.line)
				continue
			}
			if !hasState(have.states, g.states[0].Name) {
				have.states = append(have.states, g.states[0])
			}
			continue
		}
		byRef[g.ref] = g
		groups = append(groups, g)
	}
	if len(faults) == 0 && rows == 0 {
		fault(1, "", "empty")
	}
	if len(faults) > 0 {
		return nil, rows, faults
	}
	return groups, rows, nil
}

// parseRecLine checks one data line and returns it as a recommendation of
// one recommending state; ok is false when fault was called.
func parseRecLine(line int, get func(string) string, names *stateNames, fault func(int, string, string, ...any)) (*recGroup, bool) {
	n := 0
	bad := func(field, code string, args ...any) { fault(line, field, code, args...); n++ }
	for _, key := range []string{"recommending", "under_review", "cycle", "text", "response", "paragraph", "year", "record"} {
		if !utf8.ValidString(get(key)) {
			bad("", "encoding")
			return nil, false
		}
	}
	g := &recGroup{line: line, underReview: strings.ToUpper(get("under_review")), paragraph: get("paragraph"), text: get("text")}
	if !names.known(g.underReview) {
		bad("state_under_review", "unknown_state", "value", g.underReview)
	}
	cycle, err := strconv.Atoi(get("cycle"))
	if err != nil || cycle < 1 || cycle > 20 {
		bad("cycle", "bad_cycle", "value", get("cycle"))
	}
	g.cycle = cycle
	if y := get("year"); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || year < 2006 || year > 2100 {
			bad("review_year", "bad_year", "value", y)
		}
		g.year = year
	}
	if g.text == "" {
		bad("text", "text_required")
	}
	resp, ok := responses[strings.ToLower(get("response"))]
	if !ok {
		bad("response", "bad_response", "value", get("response"))
	}
	g.response = resp
	name := get("recommending")
	if name == "" {
		bad("recommending_state", "state_required")
	}
	if n > 0 {
		return nil, false
	}
	g.states = []recState{{Name: name, Country: names.code(name)}}
	sum := sha256.Sum256([]byte(g.text))
	g.ref = "upr:" + g.underReview + ":" + strconv.Itoa(g.cycle) + ":" + g.paragraph + ":" + hex.EncodeToString(sum[:8])
	return g, true
}

func hasState(list []recState, name string) bool {
	for _, s := range list {
		if s.Name == name {
			return true
		}
	}
	return false
}
