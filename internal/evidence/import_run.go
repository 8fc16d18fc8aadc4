package evidence

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/evidence/ingest"
	"roundtable/internal/store"
)

// importer reads one file into the database inside one transaction.
//
// Speed: rows go to the database in multi-row INSERTs (batchRows per
// statement). A series the file creates receives its rows directly; a
// series that already exists receives them in a temporary staging table
// first and is merged at the end, so that a row the file repeats can be
// told from a row an earlier import stored. Either way a repeated
// (series, area, year) is found by the database, not by a map of every row
// in memory: an INSERT … ON CONFLICT DO NOTHING that stores fewer rows than
// it was given had a repeat, and only then are its rows compared one by one.
type importer struct {
	ctx     context.Context
	tx      *store.Tx
	o       ImportOptions
	now     time.Time
	areas   map[string]string // any accepted spelling → area code
	reader  ingest.Reader
	format  string
	source  string
	vintage string
	series  map[string]*importSeries // by indicator code
	order   []*importSeries
	direct  *batcher // rows of series this file creates
	staged  *batcher // rows of series that existed before
	rows    int
	reopen  func() (io.Reader, error)
}

type importSeries struct {
	Series
	created bool
	changed int
}

func newImporter(ctx context.Context, tx *store.Tx, o ImportOptions) (*importer, error) {
	im := &importer{ctx: ctx, tx: tx, o: o, now: store.Now(), series: map[string]*importSeries{}}
	var err error
	if im.areas, err = areaSpellings(ctx, tx); err != nil {
		return nil, err
	}
	im.direct = newBatcher(tx.Dialect(), "observations")
	im.staged = newBatcher(tx.Dialect(), stagingTable)
	return im, nil
}

// open recognises (or takes) the file's format and settles its source and
// vintage.
func (im *importer) open(r io.Reader) error {
	var err error
	if im.o.Format == "" {
		im.reader, err = ingest.Open(r)
	} else {
		im.reader, err = ingest.OpenAs(im.o.Format, r)
		var le *ingest.LineError
		if err != nil && !errors.As(err, &le) {
			return errs.Field("format", "import_format", "evidence_import.error.format", "format", im.o.Format)
		}
	}
	if err != nil {
		return asImportError(err)
	}
	m := im.reader.Meta()
	im.format = m.Format
	im.source = firstNonEmpty(m.Source, strings.TrimSpace(im.o.Source))
	im.vintage = firstNonEmpty(m.Vintage, strings.TrimSpace(im.o.Vintage))
	switch {
	case im.source == "":
		return errs.Field("source", "import_source_required", "evidence_import.error.source_required")
	case im.vintage == "":
		return errs.Field("vintage", "import_vintage_required", "evidence_import.error.vintage_required")
	}
	return nil
}

// key resolves a record's area and indicator.
func (im *importer) key(rec ingest.Record) (area, code string, err error) {
	area, ok := resolveArea(im.areas, rec.Area)
	if !ok {
		return "", "", lineError(&ingest.LineError{Line: rec.Line, Code: errArea, Value: rec.Area, Detail: "no economy or aggregate has this code"})
	}
	code = rec.Indicator
	if code == "" {
		if code = strings.TrimSpace(im.o.Indicator); code == "" {
			return "", "", errs.Field("indicator", "import_indicator_required", "evidence_import.error.indicator_required")
		}
	}
	return area, code, nil
}

// seriesOf returns the series an indicator's rows go to in this file,
// creating the indicator (with the file's name for it) and the series when
// they are new.
func (im *importer) seriesOf(code, name string) (*importSeries, error) {
	if se := im.series[code]; se != nil {
		return se, nil
	}
	vintage := im.vintage
	if v := im.o.Vintages[code]; v != "" {
		vintage = v
	}
	se := &importSeries{Series: Series{Indicator: code, Source: im.source, Vintage: vintage, Name: name,
		Licence: im.o.Licence, SourceURL: im.o.SourceURL}}
	existing, err := scanSeries(im.tx.QueryRow(im.ctx, "SELECT "+seriesColumns+" FROM indicator_series WHERE indicator_code = ? AND source = ? AND vintage = ?",
		code, im.source, vintage))
	switch {
	case err == nil:
		se.Series = existing
	case errors.Is(err, errNoRows):
		if err := im.ensureIndicator(code, name); err != nil {
			return nil, err
		}
		if err := im.tx.QueryRow(im.ctx, `INSERT INTO indicator_series (indicator_code, source, vintage, name, licence, source_url, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, code, im.source, vintage, name, im.o.Licence, im.o.SourceURL, im.now).Scan(&se.ID); err != nil {
			return nil, fmt.Errorf("series %s: %w", code, err)
		}
		se.created = true
	default:
		return nil, err
	}
	im.series[code] = se
	im.order = append(im.order, se)
	return se, nil
}

func (im *importer) ensureIndicator(code, name string) error {
	var one int
	err := im.tx.QueryRow(im.ctx, "SELECT 1 FROM indicators WHERE code = ?", code).Scan(&one)
	if err == nil || !errors.Is(err, errNoRows) {
		return err
	}
	if len(code) > 100 {
		return errs.Field("indicator", "import_indicator_code", "evidence_import.error.indicator_code", "value", code[:100])
	}
	if name == "" {
		name = code
	}
	_, err = im.tx.Exec(im.ctx, "INSERT INTO indicators (code, names, updated_at) VALUES (?, ?, ?)",
		code, mustJSON(map[string]string{"en": name}), im.now)
	return err
}

// flush stores a batch. Fewer rows stored than given means a row repeats a
// (series, area, year) stored before in this file: compare the values.
func (im *importer) flush(b *batcher) error {
	if b.len() == 0 {
		return nil
	}
	if b.table == stagingTable && !b.ready {
		if err := createStaging(im.ctx, im.tx); err != nil {
			return err
		}
		b.ready = true
	}
	res, err := b.exec(im.ctx, im.tx)
	if err != nil {
		return fmt.Errorf("store observations: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if int(n) < b.len() {
		if err := im.repeats(b); err != nil {
			return err
		}
	}
	b.reset()
	return nil
}

// repeats finds the row of b whose value differs from the one stored for
// its (series, area, year) earlier in the file.
func (im *importer) repeats(b *batcher) error {
	q := "SELECT value FROM " + b.table + " WHERE series_id = ? AND area = ? AND year = ?"
	for _, r := range b.rows {
		id, area, year, value := r.series, r.area, r.year, r.value
		var stored float64
		if err := im.tx.QueryRow(im.ctx, q, id, area, year).Scan(&stored); err != nil {
			return fmt.Errorf("check repeated row: %w", err)
		}
		if stored == value {
			continue
		}
		line := r.line
		le := &ingest.LineError{Line: line, Code: errDuplicate, Value: area + " " + strconv.Itoa(year)}
		first := im.firstLine(id, area, year, line)
		if first == 0 {
			// A stream read once: the earlier line is not known.
			le.Detail = fmt.Sprintf("%s %d appears earlier in the file with another value", area, year)
			e := lineError(le)
			e.Key += "_earlier"
			return e
		}
		le.Detail = fmt.Sprintf("%s %d appears on line %d with another value", area, year, first)
		return lineError(le, "first", first)
	}
	return nil
}

// firstLine reads the file again to find the first line of a repeated
// (series, area, year); 0 when the file cannot be read twice.
func (im *importer) firstLine(seriesID int64, area string, year, before int) int {
	if im.reopen == nil {
		return 0
	}
	r, err := im.reopen()
	if err != nil {
		return 0
	}
	rd, err := ingest.OpenAs(im.format, r)
	if err != nil {
		return 0
	}
	for {
		rec, err := rd.Next()
		if err != nil || rec.Line >= before {
			return 0
		}
		if rec.Year != year {
			continue
		}
		a, code, err := im.key(rec)
		if err == nil && a == area && im.series[code] != nil && im.series[code].ID == seriesID {
			return rec.Line
		}
	}
}

// finish merges the staged rows, brings each series' counts up to date,
// and logs and audits the import.
func (im *importer) finish(digest string) (ImportResult, error) {
	ctx, tx := im.ctx, im.tx
	res := ImportResult{Format: im.format, Rows: im.rows, Series: []Series{}}
	if im.staged.ready {
		for _, se := range im.order {
			if se.created {
				continue
			}
			r, err := tx.Exec(ctx, `INSERT INTO observations (series_id, area, year, value)
				SELECT series_id, area, year, value FROM `+stagingTable+` WHERE series_id = ?
				ON CONFLICT (series_id, area, year) DO UPDATE SET value = excluded.value WHERE observations.value <> excluded.value`, se.ID)
			if err != nil {
				return res, fmt.Errorf("merge series %d: %w", se.ID, err)
			}
			n, _ := r.RowsAffected()
			se.changed = int(n)
		}
		if _, err := tx.Exec(ctx, "DROP TABLE "+stagingTable); err != nil {
			return res, err
		}
	}
	ids := []int64{}
	for _, se := range im.order {
		ids = append(ids, se.ID)
		if se.changed == 0 && !se.created {
			res.Series = append(res.Series, se.Series)
			continue
		}
		var n int
		var first, last int
		if err := tx.QueryRow(ctx, "SELECT count(*), min(year), max(year) FROM observations WHERE series_id = ?", se.ID).Scan(&n, &first, &last); err != nil {
			return res, err
		}
		if se.created {
			se.changed = n // stored directly: every row of a new series is new
		}
		res.Changed += se.changed
		if _, err := tx.Exec(ctx, `UPDATE indicator_series SET observations = ?, first_year = ?, last_year = ?, revision = revision + 1, updated_at = ?,
			name = CASE WHEN ? = '' THEN name ELSE ? END, licence = CASE WHEN ? = '' THEN licence ELSE ? END,
			source_url = CASE WHEN ? = '' THEN source_url ELSE ? END WHERE id = ?`,
			n, first, last, im.now, se.Name, se.Name, im.o.Licence, im.o.Licence, im.o.SourceURL, im.o.SourceURL, se.ID); err != nil {
			return res, err
		}
		updated, err := scanSeries(tx.QueryRow(ctx, "SELECT "+seriesColumns+" FROM indicator_series WHERE id = ?", se.ID))
		if err != nil {
			return res, err
		}
		res.Series = append(res.Series, updated)
	}
	actor := im.o.Actor
	if actor.Label == "" {
		actor = audit.System("import")
	}
	name := firstNonEmpty(im.o.FileName, "(unnamed)")
	if err := tx.QueryRow(ctx, `INSERT INTO evidence_imports (file_name, format, sha256, rows_read, rows_changed, series, actor, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, name, im.format, digest, res.Rows, res.Changed, mustJSON(ids), actor.Label, im.now).Scan(&res.ID); err != nil {
		return res, err
	}
	err := audit.Record(ctx, tx, audit.Event{Actor: actor, Action: "evidence.import", EntityType: "evidence_import",
		EntityID: strconv.FormatInt(res.ID, 10),
		Change:   map[string]any{"file": name, "format": im.format, "sha256": digest, "rows": res.Rows, "changed": res.Changed, "series": ids}})
	return res, err
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
