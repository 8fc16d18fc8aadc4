// Package evidence holds the development data a dialogue draws on:
// indicators (what is measured), series (one source's release of an
// indicator), observations (an area's value in a year), and the areas they
// name. Figures are computed elsewhere (yardstick, peers) from the panels
// this package reads; it owns the tables and every write to them.
package evidence

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"roundtable/internal/errs"
	"roundtable/internal/store"
)

// Direction says which way an indicator improves.
type Direction int

const (
	Neither      Direction = 0
	HigherBetter Direction = 1
	LowerBetter  Direction = -1
)

// Indicator is what is measured, with its names in every working language.
type Indicator struct {
	Code         string            `json:"code"`
	Names        map[string]string `json:"names"`
	Descriptions map[string]string `json:"descriptions,omitempty"`
	Units        map[string]string `json:"units,omitempty"`
	Topic        string            `json:"topic,omitempty"`
	Direction    Direction         `json:"higher_is_better"`
	Concepts     []string          `json:"concepts,omitempty"`
	SDGTargets   []string          `json:"sdg_targets,omitempty"`
	Decimals     int               `json:"decimals"`
}

// Series is one source's release of an indicator. Its observations never
// mix with another series of the same indicator.
type Series struct {
	ID           int64  `json:"id"`
	Indicator    string `json:"indicator"`
	Source       string `json:"source"`
	Vintage      string `json:"vintage"`
	Name         string `json:"name,omitempty"`
	Licence      string `json:"licence,omitempty"`
	SourceURL    string `json:"source_url,omitempty"`
	Note         string `json:"note,omitempty"`
	Revision     int64  `json:"revision"`
	Observations int    `json:"observations"`
	FirstYear    int    `json:"first_year,omitempty"`
	LastYear     int    `json:"last_year,omitempty"`
}

// Area is an economy or an aggregate that observations may name.
type Area struct {
	Code    string            `json:"code"`
	Kind    string            `json:"kind"` // economy, aggregate
	ISO2    string            `json:"iso2,omitempty"`
	Numeric string            `json:"numeric,omitempty"`
	Region  string            `json:"region,omitempty"` // UN M49 sub-region of an economy
	Names   map[string]string `json:"names"`
}

// Area kinds.
const (
	Economy   = "economy"
	Aggregate = "aggregate"
)

// Name returns the name in lang, falling back to English, then the code.
func Name(names map[string]string, code, lang string) string {
	if n := names[lang]; n != "" {
		return n
	}
	if n := names["en"]; n != "" {
		return n
	}
	return code
}

// Service reads and writes the evidence tables.
type Service struct {
	db     *store.DB
	panels panelCache
	areas  struct {
		sync.Mutex
		list []Area
		read time.Time
	}
}

// New returns the service over db.
func New(db *store.DB) *Service {
	return &Service{db: db, panels: panelCache{m: map[int64]*Panel{}}}
}

// DB is the database the service writes to.
func (s *Service) DB() *store.DB { return s.db }

// Indicators returns the catalogue, by code.
func (s *Service) Indicators(ctx context.Context) ([]Indicator, error) {
	return store.QueryAll(ctx, s.db.Reader(), scanIndicator, "SELECT "+indicatorColumns+" FROM indicators ORDER BY code")
}

// Indicator returns one indicator, or a not-found error.
func (s *Service) Indicator(ctx context.Context, code string) (Indicator, error) {
	in, err := scanIndicator(s.db.Reader().QueryRow(ctx, "SELECT "+indicatorColumns+" FROM indicators WHERE code = ?", code))
	if errors.Is(err, sql.ErrNoRows) {
		return Indicator{}, errs.New(errs.NotFound, "indicator_not_found", "evidence.error.indicator_not_found", "code", code)
	}
	return in, err
}

// Series returns the series of an indicator (every series when code is
// empty), newest vintage first within an indicator.
func (s *Service) Series(ctx context.Context, code string) ([]Series, error) {
	q := "SELECT " + seriesColumns + " FROM indicator_series"
	var args []any
	if code != "" {
		q += " WHERE indicator_code = ?"
		args = append(args, code)
	}
	q += " ORDER BY indicator_code, vintage DESC, source, id"
	return store.QueryAll(ctx, s.db.Reader(), scanSeries, q, args...)
}

// OneSeries returns a series by id, or a not-found error.
func (s *Service) OneSeries(ctx context.Context, id int64) (Series, error) {
	se, err := scanSeries(s.db.Reader().QueryRow(ctx, "SELECT "+seriesColumns+" FROM indicator_series WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Series{}, errs.New(errs.NotFound, "series_not_found", "evidence.error.series_not_found", "id", id)
	}
	return se, err
}

// DefaultSeries is the series a page shows for an indicator unless the
// reader picks another: the newest vintage that has observations.
func (s *Service) DefaultSeries(ctx context.Context, code string) (Series, error) {
	all, err := s.Series(ctx, code)
	if err != nil {
		return Series{}, err
	}
	for _, se := range all {
		if se.Observations > 0 {
			return se, nil
		}
	}
	return Series{}, errs.New(errs.NotFound, "no_data", "evidence.error.no_data", "code", code)
}

// Areas returns every area, by code. The list changes only when the
// shipped catalogue does (a new release of Roundtable, synchronised at
// start), so it is read at most once a minute; callers must not change it.
func (s *Service) Areas(ctx context.Context) ([]Area, error) {
	s.areas.Lock()
	defer s.areas.Unlock()
	if s.areas.list != nil && time.Since(s.areas.read) < areasFresh {
		return s.areas.list, nil
	}
	list, err := store.QueryAll(ctx, s.db.Reader(), scanArea, "SELECT code, kind, iso2, numeric, region, names FROM evidence_areas ORDER BY code")
	if err != nil {
		return nil, err
	}
	if len(list) > 0 { // none yet: the catalogue is about to be synchronised
		s.areas.list, s.areas.read = list, time.Now()
	}
	return list, nil
}

// areasFresh is how long a read of the areas is kept.
const areasFresh = time.Minute

// forgetAreas drops the kept list (after this process synchronised the
// catalogue).
func (s *Service) forgetAreas() {
	s.areas.Lock()
	s.areas.list = nil
	s.areas.Unlock()
}

const indicatorColumns = "code, names, descriptions, units, topic, higher_is_better, concepts, sdg_targets, decimals"

func scanIndicator(r store.Scanner) (Indicator, error) {
	var in Indicator
	var names, desc, units, concepts, targets string
	if err := r.Scan(&in.Code, &names, &desc, &units, &in.Topic, &in.Direction, &concepts, &targets, &in.Decimals); err != nil {
		return in, err
	}
	for _, f := range []struct {
		s string
		v any
	}{{names, &in.Names}, {desc, &in.Descriptions}, {units, &in.Units}, {concepts, &in.Concepts}, {targets, &in.SDGTargets}} {
		if err := json.Unmarshal([]byte(f.s), f.v); err != nil {
			return in, fmt.Errorf("indicator %s: %w", in.Code, err)
		}
	}
	return in, nil
}

const seriesColumns = "id, indicator_code, source, vintage, name, licence, source_url, note, revision, observations, first_year, last_year"

func scanSeries(r store.Scanner) (Series, error) {
	var se Series
	var first, last sql.NullInt64
	err := r.Scan(&se.ID, &se.Indicator, &se.Source, &se.Vintage, &se.Name, &se.Licence, &se.SourceURL, &se.Note,
		&se.Revision, &se.Observations, &first, &last)
	se.FirstYear, se.LastYear = int(first.Int64), int(last.Int64)
	return se, err
}

func scanArea(r store.Scanner) (Area, error) {
	var a Area
	var names string
	if err := r.Scan(&a.Code, &a.Kind, &a.ISO2, &a.Numeric, &a.Region, &names); err != nil {
		return a, err
	}
	return a, json.Unmarshal([]byte(names), &a.Names)
}

// Panel is every observation of one series: areas × years. Metrics, peers,
// group figures and charts all read panels, so each computes from the same
// numbers the tables show.
type Panel struct {
	Series    Series
	FirstYear int                  // the first year of every row
	Years     int                  // the length of every row
	rows      map[string][]float64 // area → values by year - FirstYear; NaN where missing
	notes     map[[2]any]string
}

// Point is one observation of an area.
type Point struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

// At returns an area's value in a year.
func (p *Panel) At(area string, year int) (float64, bool) {
	row := p.rows[area]
	i := year - p.FirstYear
	if i < 0 || i >= len(row) || math.IsNaN(row[i]) {
		return 0, false
	}
	return row[i], true
}

// Latest returns an area's most recent observation.
func (p *Panel) Latest(area string) (Point, bool) {
	row := p.rows[area]
	for i := len(row) - 1; i >= 0; i-- {
		if !math.IsNaN(row[i]) {
			return Point{p.FirstYear + i, row[i]}, true
		}
	}
	return Point{}, false
}

// Points returns an area's observations, oldest first.
func (p *Panel) Points(area string) []Point {
	var out []Point
	for i, v := range p.rows[area] {
		if !math.IsNaN(v) {
			out = append(out, Point{p.FirstYear + i, v})
		}
	}
	return out
}

// Areas returns the codes of the areas with at least one observation, in no
// particular order.
func (p *Panel) Areas() []string {
	out := make([]string, 0, len(p.rows))
	for a := range p.rows {
		out = append(out, a)
	}
	return out
}

// Has reports whether an area has any observation.
func (p *Panel) Has(area string) bool { _, ok := p.rows[area]; return ok }

// NewPanel builds a panel from points by area; tests and computed groups use
// it to make panels of their own.
func NewPanel(se Series, byArea map[string][]Point) *Panel {
	p := &Panel{Series: se, rows: map[string][]float64{}}
	first, last := math.MaxInt, math.MinInt
	for _, pts := range byArea {
		for _, pt := range pts {
			first, last = min(first, pt.Year), max(last, pt.Year)
		}
	}
	if first > last {
		return p
	}
	p.FirstYear, p.Years = first, last-first+1
	for a, pts := range byArea {
		if len(pts) == 0 {
			continue
		}
		row := make([]float64, p.Years)
		for i := range row {
			row[i] = math.NaN()
		}
		for _, pt := range pts {
			row[pt.Year-first] = pt.Value
		}
		p.rows[a] = row
	}
	return p
}

// Panel returns every observation of a series. Panels are cached per
// series and revision, so a page or metric reads the tables once per import.
func (s *Service) Panel(ctx context.Context, seriesID int64) (*Panel, error) {
	se, err := s.OneSeries(ctx, seriesID)
	if err != nil {
		return nil, err
	}
	if p := s.panels.get(se.ID, se.Revision); p != nil {
		return p, nil
	}
	rows, err := s.db.Reader().Query(ctx, "SELECT area, year, value FROM observations WHERE series_id = ? ORDER BY area, year", se.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Rows come area by area (ORDER BY area): the area's code is read as
	// bytes and made a string only when it changes, and its points are
	// gathered in one slice, so a series of 12,000 rows makes some 260
	// strings and map entries instead of one per row.
	byArea := map[string][]Point{}
	var area sql.RawBytes
	cur, pts := "", []Point(nil)
	for rows.Next() {
		var pt Point
		if err := rows.Scan(&area, &pt.Year, &pt.Value); err != nil {
			return nil, err
		}
		if string(area) != cur {
			if pts != nil {
				byArea[cur] = pts
			}
			cur, pts = string(area), make([]Point, 0, 64)
		}
		pts = append(pts, pt)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if pts != nil {
		byArea[cur] = pts
	}
	p := NewPanel(se, byArea)
	s.panels.put(p)
	return p, nil
}

// panelCache keeps the panels of the series read most recently. A panel of
// a WDI-sized series (266 areas × 64 years) is about 140 KB; 256 of them
// stay well under 50 MB.
type panelCache struct {
	mu   sync.Mutex
	m    map[int64]*Panel
	tick int64
	used map[int64]int64
}

const panelCacheSize = 256

func (c *panelCache) get(id, revision int64) *Panel {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.m[id]
	if p == nil || p.Series.Revision != revision {
		return nil
	}
	c.tick++
	c.used[id] = c.tick
	return p
}

func (c *panelCache) put(p *Panel) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.used == nil {
		c.used = map[int64]int64{}
	}
	if len(c.m) >= panelCacheSize {
		var oldest int64
		oldestTick := int64(math.MaxInt64)
		for id, t := range c.used {
			if t < oldestTick {
				oldest, oldestTick = id, t
			}
		}
		delete(c.m, oldest)
		delete(c.used, oldest)
	}
	c.tick++
	c.m[p.Series.ID] = p
	c.used[p.Series.ID] = c.tick
}
