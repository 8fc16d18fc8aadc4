package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/commitment"
	"roundtable/internal/exchange"
)

// The tracker's exports: the commitments the filters select, as many as
// the reader may read (the service decides), streamed through the
// service's Each a batch at a time with the day of each owner's latest
// report. The columns are named in English, stably, for programs; the
// statuses and themes in the cells are in the reader's language, as the
// page shows them (the JSON has the codes as well).

// trackerColumns are the exports' columns, in order.
var trackerColumns = []string{"id", "title", "source", "edition_id", "owners", "themes", "sdg_targets",
	"starts_on", "due_on", "latest_status", "last_report_on", "indicators"}

// trackerExportBatch is how many commitments an export holds before it
// reads their reports' days and writes them.
const trackerExportBatch = 200

// trackerExportRow is one commitment as the exports write it.
type trackerExportRow struct {
	ID         int64                 `json:"id"`
	Title      string                `json:"title"`
	Source     commitment.Source     `json:"source"`
	EditionID  int64                 `json:"edition_id,omitempty"`
	Owners     []trackerExportOwner  `json:"owners"`
	Themes     []trackerExportTheme  `json:"themes"`
	Targets    []string              `json:"sdg_targets"`
	StartsOn   string                `json:"starts_on"`
	DueOn      string                `json:"due_on"`
	Indicators []trackerExportSeries `json:"indicators"`
	URL        string                `json:"url"`
}

type trackerExportOwner struct {
	Country      string            `json:"country"`
	Name         string            `json:"name"`
	Institution  string            `json:"institution,omitempty"`
	Status       commitment.Status `json:"latest_status"`
	StatusLabel  string            `json:"latest_status_label"`
	LastReportOn string            `json:"last_report_on,omitempty"`
}

type trackerExportTheme struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type trackerExportSeries = commitment.IndicatorLink

// cells are the row's CSV and XLSX cells, in the order of trackerColumns.
func (e trackerExportRow) cells() []exchange.XLSXCell {
	var owners, themes, statuses, days, inds []string
	for _, o := range e.Owners {
		s := o.Country + " " + o.Name
		if o.Institution != "" {
			s += " (" + o.Institution + ")"
		}
		owners = append(owners, s)
		statuses = append(statuses, o.Country+": "+o.StatusLabel)
		if o.LastReportOn != "" {
			days = append(days, o.Country+": "+o.LastReportOn)
		}
	}
	for _, t := range e.Themes {
		themes = append(themes, t.Label)
	}
	for _, in := range e.Indicators {
		inds = append(inds, fmt.Sprintf("%s (%s): %d %s → %d %s", in.Code, in.Country,
			in.BaselineYear, strconv.FormatFloat(in.Baseline, 'f', -1, 64), in.TargetYear, strconv.FormatFloat(in.Target, 'f', -1, 64)))
	}
	edition := exchange.XLSXText("")
	if e.EditionID != 0 {
		edition = exchange.XLSXNumber(float64(e.EditionID))
	}
	join := func(xs []string) exchange.XLSXCell { return exchange.XLSXText(strings.Join(xs, "; ")) }
	return []exchange.XLSXCell{
		exchange.XLSXNumber(float64(e.ID)), exchange.XLSXText(e.Title), exchange.XLSXText(string(e.Source)), edition,
		join(owners), join(themes), join(e.Targets), exchange.XLSXText(e.StartsOn), exchange.XLSXText(e.DueOn),
		join(statuses), join(days), join(inds),
	}
}

// trackerRowWriter writes one export format.
type trackerRowWriter interface {
	write(trackerExportRow) error
	close() error
}

func (s *Server) trackerCSV(w http.ResponseWriter, r *http.Request) error {
	return s.trackerExport(w, r, "text/csv; charset=utf-8", "csv", func(w io.Writer) (trackerRowWriter, error) {
		t, err := exchange.NewTableWriter(w, trackerColumns)
		return csvRows{t}, err
	})
}

func (s *Server) trackerXLSX(w http.ResponseWriter, r *http.Request) error {
	return s.trackerExport(w, r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", func(w io.Writer) (trackerRowWriter, error) {
		x, err := exchange.NewXLSXWriter(w, "commitments", trackerColumns)
		return xlsxRows{x}, err
	})
}

func (s *Server) trackerJSON(w http.ResponseWriter, r *http.Request) error {
	return s.trackerExport(w, r, "application/json; charset=utf-8", "json", func(w io.Writer) (trackerRowWriter, error) {
		return &jsonRows{w: w}, nil
	})
}

// trackerExport reads the filters, then streams the selection in the
// format open starts. An error before the first byte is the usual page;
// after it, the download is cut short (and logged), as a stream must be.
func (s *Server) trackerExport(w http.ResponseWriter, r *http.Request, contentType, ext string, open func(io.Writer) (trackerRowWriter, error)) error {
	ctx := r.Context()
	f, err := s.trackerFilter(ctx, r.URL.Query())
	if err != nil {
		return err
	}
	// The filter was checked as the service checks it: from here on,
	// the download's headers are set.
	l := s.layout(w, r, "", "")
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="commitments.`+ext+`"`)
	w.Header().Set("Cache-Control", "no-store")
	out, err := open(w)
	if err != nil {
		return err
	}
	err = s.eachTrackerRow(ctx, l, f, out.write)
	if err == nil {
		err = out.close()
	}
	if err != nil {
		s.log.Error("tracker export cut short", "format", ext, "err", err)
	}
	return nil
}

// eachTrackerRow calls fn with every commitment of f the reader may read,
// as an export row, in the order of the list.
func (s *Server) eachTrackerRow(ctx context.Context, l layout, f commitment.Filter, fn func(trackerExportRow) error) error {
	names, err := s.participants(ctx, string(l.Lang))
	if err != nil {
		return err
	}
	v := trackerView{}
	v.names = countryIndex(names)
	var batch []commitment.Commitment
	flush := func() error {
		ids := make([]int64, len(batch))
		for i, c := range batch {
			ids[i] = c.ID
		}
		dates, err := s.commitments.LatestReportDates(ctx, ids)
		if err != nil {
			return err
		}
		for _, c := range batch {
			if err := fn(s.trackerExportRowOf(l, v, c, dates[c.ID])); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err = s.commitments.Each(ctx, l.User, f, func(c commitment.Commitment) error {
		batch = append(batch, c)
		if len(batch) == trackerExportBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

func (s *Server) trackerExportRowOf(l layout, v trackerView, c commitment.Commitment, dates map[string]string) trackerExportRow {
	e := trackerExportRow{ID: c.ID, Title: c.Title, Source: c.Source, EditionID: c.EditionID, Targets: c.Targets,
		StartsOn: c.StartsOn, DueOn: c.DueOn, Indicators: c.Indicators, URL: s.siteLink("/commitments/" + strconv.FormatInt(c.ID, 10))}
	for _, o := range c.Owners {
		st, ok := c.Latest[o.Country]
		if !ok {
			st = commitment.NoReport
		}
		e.Owners = append(e.Owners, trackerExportOwner{Country: o.Country, Name: v.countryName(string(l.Lang), o.Country), Institution: o.Institution,
			Status: st, StatusLabel: l.StatusLabel(st), LastReportOn: dates[o.Country]})
	}
	for _, id := range c.Concepts {
		e.Themes = append(e.Themes, trackerExportTheme{id, s.conceptLabel(id, string(l.Lang))})
	}
	if e.Owners == nil {
		e.Owners = []trackerExportOwner{}
	}
	if e.Themes == nil {
		e.Themes = []trackerExportTheme{}
	}
	if e.Targets == nil {
		e.Targets = []string{}
	}
	if e.Indicators == nil {
		e.Indicators = []trackerExportSeries{}
	}
	return e
}

// siteLink is path on the site's public address when it has one
// (--public-url), else the path alone.
func (s *Server) siteLink(path string) string {
	if s.publicURL == nil {
		return path
	}
	return s.publicURL.JoinPath(path).String()
}

type csvRows struct{ t *exchange.TableWriter }

func (c csvRows) write(e trackerExportRow) error {
	cells := e.cells()
	row := make([]string, len(cells))
	for i, cell := range cells {
		row[i] = cell.Text
		if cell.IsNumber {
			row[i] = strconv.FormatFloat(cell.Number, 'f', -1, 64)
		}
	}
	return c.t.Write(row)
}

func (c csvRows) close() error { return c.t.Close() }

type xlsxRows struct{ x *exchange.XLSXWriter }

func (x xlsxRows) write(e trackerExportRow) error { return x.x.Write(e.cells()) }
func (x xlsxRows) close() error                   { return x.x.Close() }

// jsonRows writes a JSON array one commitment at a time.
type jsonRows struct {
	w io.Writer
	n int
}

func (j *jsonRows) write(e trackerExportRow) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	sep := ",\n"
	if j.n == 0 {
		sep = "[\n"
	}
	j.n++
	_, err = io.WriteString(j.w, sep+string(b))
	return err
}

func (j *jsonRows) close() error {
	end := "\n]\n"
	if j.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(j.w, end)
	return err
}
