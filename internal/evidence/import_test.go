package evidence

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"

	"roundtable/internal/audit"
	"roundtable/internal/errs"
	"roundtable/internal/evidence/ingest"
	"roundtable/internal/i18n"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// testCatalogue is a small catalogue whose areas carry the other codes a
// file may use (ISO alpha-2, numeric): WLD has the M49 world code, which an
// import must still not take for the World Bank's aggregate.
var testCatalogue = fstest.MapFS{
	"catalogue.json": {Data: []byte(`[{"code":"SP.POP.TOTL","names":{"en":"Population, total","es":"Población, total"},"decimals":0}]`)},
	"areas.json": {Data: []byte(`[
		{"code":"ARG","kind":"economy","iso2":"AR","numeric":"032","names":{"en":"Argentina"}},
		{"code":"BOL","kind":"economy","iso2":"BO","numeric":"068","names":{"en":"Bolivia"}},
		{"code":"CHN","kind":"economy","iso2":"CN","numeric":"156","names":{"en":"China"}},
		{"code":"WLD","kind":"aggregate","numeric":"001","names":{"en":"World"}}]`)},
}

func testService(t *testing.T, db *store.DB) *Service {
	t.Helper()
	s := New(db)
	if err := s.syncCatalogue(context.Background(), testCatalogue); err != nil {
		t.Fatal(err)
	}
	return s
}

var wdiOptions = ImportOptions{FileName: "test.csv", Source: "World Bank WDI", Vintage: "2026-07-01", Licence: "CC-BY-4.0", Actor: audit.System("test")}

// nonSeeker hides a reader's Seek, as a network stream would.
type nonSeeker struct{ io.Reader }

func TestImportLayoutsAndAreaCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := testService(t, db)
		// The compact layout (CRLF), areas written as ISO3 in lower case,
		// ISO2 and numeric with or without zeros.
		res, err := s.Import(ctx, strings.NewReader("iso3,indicator_code,year,value\r\narg,SP.POP.TOTL,1960,20386045\r\nAR,SP.POP.TOTL,1961,20726276\r\n068,SP.POP.TOTL,1960,3656961\r\n156,SP.POP.TOTL,1960,667070000\r\n"), wdiOptions)
		if err != nil {
			t.Fatal(err)
		}
		if res.Format != ingest.Long || res.Rows != 4 || res.Changed != 4 || len(res.Series) != 1 || res.Series[0].Observations != 4 ||
			res.Series[0].FirstYear != 1960 || res.Series[0].LastYear != 1961 || res.Series[0].Revision != 1 {
			t.Fatalf("result %+v", res)
		}
		for _, c := range []struct {
			area string
			year int
			want float64
		}{{"ARG", 1960, 20386045}, {"ARG", 1961, 20726276}, {"BOL", 1960, 3656961}, {"CHN", 1960, 667070000}} {
			if v, ok := observed(t, db, "SP.POP.TOTL", "World Bank WDI", "2026-07-01", c.area, c.year); !ok || v != c.want {
				t.Errorf("%s %d = %v %v, want %v", c.area, c.year, v, ok, c.want)
			}
		}
		// The datasets layout names no indicator: the person importing does.
		datasets := "Country Name,Country Code,Year,Value\nArgentina,ARG,1962,21072727\n"
		_, err = s.Import(ctx, strings.NewReader(datasets), ImportOptions{FileName: "data.csv", Source: "World Bank WDI", Vintage: "2025-01-01"})
		if e := errs.As(err); e.Code != "import_indicator_required" || e.Kind != errs.Invalid {
			t.Fatalf("datasets layout without --indicator: %v", err)
		}
		o := wdiOptions
		o.Vintage, o.Indicator = "2025-01-01", "SP.POP.TOTL"
		if res, err = s.Import(ctx, strings.NewReader(datasets), o); err != nil || res.Changed != 1 {
			t.Fatalf("datasets layout: %+v %v", res, err)
		}
		// Another vintage is another series, never merged.
		if se, _ := s.Series(ctx, "SP.POP.TOTL"); len(se) != 2 || se[0].Vintage != "2026-07-01" || se[0].Observations != 4 || se[1].Observations != 1 {
			t.Errorf("series %+v", se)
		}
		// The seven-column layout gives an unknown indicator its name.
		seven := "iso3,country,indicator_code,indicator_name,year,value,source\r\n" +
			`BOL,Bolivia,SI.POV.DDAY,Poverty headcount ratio at $1.90 a day (2011 PPP) (% of population),2018,4.5,"WB-WDI (Last Updated 2020-07-01), via a copy"` + "\r\n"
		o = wdiOptions
		o.Vintage = "2020-07-01"
		if res, err = s.Import(ctx, strings.NewReader(seven), o); err != nil || res.Changed != 1 {
			t.Fatalf("seven columns: %+v %v", res, err)
		}
		if in, err := s.Indicator(ctx, "SI.POV.DDAY"); err != nil || in.Names["en"] != "Poverty headcount ratio at $1.90 a day (2011 PPP) (% of population)" {
			t.Errorf("new indicator %+v %v", in, err)
		}
		// Source and vintage are required when the file does not say.
		seven = strings.Replace(seven, "4.5", "4.6", 1)
		if _, err := s.Import(ctx, strings.NewReader(seven), ImportOptions{Vintage: "2020"}); errs.As(err).Code != "import_source_required" {
			t.Errorf("no source: %v", err)
		}
		if _, err := s.Import(ctx, strings.NewReader(seven), ImportOptions{Source: "X"}); errs.As(err).Code != "import_vintage_required" {
			t.Errorf("no vintage: %v", err)
		}
	})
}

// badFiles each hold one fault; the good rows before it must not be stored.
func badFiles() []struct {
	name      string
	file      []byte
	code      string
	line      int
	value     string
	firstLine int
} {
	head := "iso3,indicator_code,year,value\r\n"
	// 1,200 good rows first, so several batches are written before the fault.
	var good strings.Builder
	for i := 0; i < 1200; i++ {
		fmt.Fprintf(&good, "%s,SP.POP.TOTL,%d,%d\r\n", []string{"ARG", "BOL", "CHN"}[i%3], 1000+i/3, i)
	}
	g := head + good.String() // lines 2 to 1201
	seven := "iso3,country,indicator_code,indicator_name,year,value,source\n"
	utf16le := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	return []struct {
		name      string
		file      []byte
		code      string
		line      int
		value     string
		firstLine int
	}{
		{name: "truncated row", file: []byte(g + "ARG,SP.POP.TOTL,2019,4493"[:14]), code: "truncated", line: 1202},
		{name: "truncated in a quoted field", file: []byte(seven + `BOL,Bolivia,SI.POV.DDAY,Poverty,2018,4.5,"WB-WDI"` + "\n" + `BOL,Bolivia,SI.POV.DDAY,Poverty,2019,4.2,"WB-W`), code: "truncated", line: 3},
		{name: "Latin-1", file: []byte(seven + "ARG,Argentina,SP.POP.TOTL,Population,1960,20386045,WDI\nBOL,Bol\xedvia,SP.POP.TOTL,Population,1960,3656961,WDI\n"), code: "encoding", line: 3},
		{name: "UTF-16", file: utf16le(head + "ARG,SP.POP.TOTL,1960,20386045\r\n"), code: "encoding", line: 1},
		{name: "year with a letter", file: []byte(g + "ARG,SP.POP.TOTL,19x0,1\r\n"), code: "year", line: 1202, value: "19x0"},
		{name: "year of five digits", file: []byte(g + "ARG,SP.POP.TOTL,99999,1\r\n"), code: "year", line: 1202, value: "99999"},
		{name: "value not a number", file: []byte(g + "ARG,SP.POP.TOTL,2020,n/a\r\n"), code: "value", line: 1202, value: "n/a"},
		{name: "value infinite", file: []byte(g + "ARG,SP.POP.TOTL,2020,1e999\r\n"), code: "value", line: 1202, value: "1e999"},
		{name: "unknown area", file: []byte(g + "XXX,SP.POP.TOTL,2020,1\r\n"), code: "area", line: 1202, value: "XXX"},
		{name: "M49 world is not WLD", file: []byte(head + "001,SP.POP.TOTL,2020,8000000000\r\n"), code: "area", line: 2, value: "001"},
		{name: "a row with five fields", file: []byte(g + "ARG,SP.POP.TOTL,2020,1,2\r\nARG,SP.POP.TOTL,2021,1\r\n"), code: "fields", line: 1202},
		// Line 2 is ARG 1000 = 0; line 1202 gives it another value (written arg: the same area).
		{name: "duplicate with another value", file: []byte(g + "arg,SP.POP.TOTL,1000,5\r\n"), code: "duplicate", line: 1202, firstLine: 2},
	}
}

func TestImportBadInputStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := testService(t, db)
		for _, c := range badFiles() {
			for _, seekable := range []bool{true, false} {
				var r io.Reader = bytes.NewReader(c.file)
				if !seekable {
					r = nonSeeker{r}
				}
				_, err := s.Import(ctx, r, wdiOptions)
				var le *ingest.LineError
				if !errors.As(err, &le) {
					t.Fatalf("%s: %v, want a line error", c.name, err)
				}
				e := errs.As(err)
				if le.Code != c.code || le.Line != c.line || e.Code != "import_"+c.code || !strings.HasPrefix(e.Key, "evidence_import.error."+c.code) || e.Kind != errs.Invalid {
					t.Errorf("%s: %v (code %s key %s), want %s at line %d", c.name, err, e.Code, e.Key, c.code, c.line)
				}
				if c.value != "" && le.Value != c.value {
					t.Errorf("%s: value %q, want %q", c.name, le.Value, c.value)
				}
				if c.firstLine != 0 {
					if got := argOf(e.Args, "first"); seekable && got != c.firstLine {
						t.Errorf("%s: first line %v, want %d", c.name, got, c.firstLine)
					}
					// A stream read once cannot name the earlier line; the message says "earlier".
					if !seekable && (e.Key != "evidence_import.error.duplicate_earlier" || argOf(e.Args, "first") != nil) {
						t.Errorf("%s from a stream: key %s args %v", c.name, e.Key, e.Args)
					}
				}
				for _, table := range []string{"observations", "indicator_series", "evidence_imports"} {
					if n := count(t, db, "SELECT count(*) FROM "+table); n != 0 {
						t.Errorf("%s: %d rows in %s after a failed import", c.name, n, table)
					}
				}
			}
		}
		// A repeat with the same value is no fault.
		res, err := s.Import(ctx, strings.NewReader("iso3,indicator_code,year,value\nARG,SP.POP.TOTL,1960,20386045\nBOL,SP.POP.TOTL,1960,3656961\nARG,SP.POP.TOTL,1960,20386045\n"), wdiOptions)
		if err != nil || res.Rows != 3 || res.Changed != 2 {
			t.Errorf("same value twice: %+v %v", res, err)
		}
	})
}

func argOf(args []any, name string) any {
	for i := 0; i+1 < len(args); i += 2 {
		if args[i] == name {
			return args[i+1]
		}
	}
	return nil
}

// A database that never loaded the catalogue gets it with its first import.
func TestImportLoadsTheCatalogueFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := New(db)
		res, err := s.Import(context.Background(), strings.NewReader("iso3,indicator_code,year,value\nARG,SP.POP.TOTL,1960,20386045\n"), wdiOptions)
		if err != nil || res.Changed != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		if n := count(t, db, "SELECT count(*) FROM evidence_areas"); n != 264 {
			t.Errorf("%d areas after the first import, want the 264 shipped", n)
		}
		if in, err := s.Indicator(context.Background(), "SP.POP.TOTL"); err != nil || in.Names["en"] != "Population, total" {
			t.Errorf("SP.POP.TOTL: %+v %v", in, err)
		}
	})
}

func TestImportAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := testService(t, db)
		file := "iso3,indicator_code,year,value\nARG,SP.POP.TOTL,1960,20386045\nARG,SP.POP.TOTL,1961,20726276\n"
		first, err := s.Import(ctx, strings.NewReader(file), wdiOptions)
		if err != nil {
			t.Fatal(err)
		}
		audits := count(t, db, "SELECT count(*) FROM audit_log")
		// The same bytes: recognised, whether the reader can seek or not.
		for _, r := range []io.Reader{strings.NewReader(file), nonSeeker{strings.NewReader(file)}} {
			res, err := s.Import(ctx, r, wdiOptions)
			if err != nil || !res.Repeated || res.ID != first.ID || res.Changed != 0 || len(res.Series) != 1 {
				t.Errorf("same file again: %+v %v", res, err)
			}
		}
		if n := count(t, db, "SELECT count(*) FROM evidence_imports"); n != 1 || count(t, db, "SELECT count(*) FROM audit_log") != audits {
			t.Errorf("a repeated file was logged or audited: %d imports", n)
		}
		// The same rows in other bytes: a new import that changes nothing.
		res, err := s.Import(ctx, strings.NewReader(strings.ReplaceAll(file, "\n", "\r\n")), wdiOptions)
		if err != nil || res.Repeated || res.Changed != 0 || res.Rows != 2 || res.Series[0].Revision != 1 {
			t.Errorf("same rows: %+v %v", res, err)
		}
		// One value revised, one row added: two changes, a new revision.
		res, err = s.Import(ctx, strings.NewReader("iso3,indicator_code,year,value\nARG,SP.POP.TOTL,1960,20386046\nARG,SP.POP.TOTL,1961,20726276\nARG,SP.POP.TOTL,1962,21072727\n"), wdiOptions)
		if err != nil || res.Changed != 2 || res.Series[0].Revision != 2 || res.Series[0].Observations != 3 || res.Series[0].LastYear != 1962 {
			t.Errorf("revised: %+v %v", res, err)
		}
		if v, _ := observed(t, db, "SP.POP.TOTL", "World Bank WDI", "2026-07-01", "ARG", 1960); v != 20386046 {
			t.Errorf("ARG 1960 = %v after the revision", v)
		}
		// A repeat with another value in a file for an existing series is
		// refused too, and the series is left as it was.
		_, err = s.Import(ctx, strings.NewReader("iso3,indicator_code,year,value\nARG,SP.POP.TOTL,1960,1\nARG,SP.POP.TOTL,1961,2\nARG,SP.POP.TOTL,1960,3\n"), wdiOptions)
		var le *ingest.LineError
		if !errors.As(err, &le) || le.Code != "duplicate" || le.Line != 4 || argOf(errs.As(err).Args, "first") != 2 {
			t.Fatalf("duplicate in an existing series: %v", err)
		}
		if v, _ := observed(t, db, "SP.POP.TOTL", "World Bank WDI", "2026-07-01", "ARG", 1960); v != 20386046 {
			t.Errorf("ARG 1960 = %v after a refused file", v)
		}
		log, err := s.Imports(ctx, 10)
		if err != nil || len(log) != 3 || log[0].Changed != 2 || log[0].Rows != 3 || log[2].ID != first.ID {
			t.Errorf("import log %+v %v", log, err)
		}
	})
}

// Every message an import can end with is there in the five languages.
func TestImportMessagesTranslated(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	codes := []string{ingest.ErrEncoding, ingest.ErrTruncated, ingest.ErrHeader, ingest.ErrYear, ingest.ErrValue, ingest.ErrFields,
		ingest.ErrFormat, errArea, errDuplicate, "duplicate_earlier", "source_required", "vintage_required", "indicator_required", "indicator_code", "format"}
	for _, c := range codes {
		for _, l := range i18n.Supported {
			if !cat.Has(l, "evidence_import.error."+c) {
				t.Errorf("evidence_import.error.%s has no %s text", c, l)
			}
		}
	}
	le := lineError(&ingest.LineError{Line: 1202, Code: errDuplicate, Value: "ARG 1960"}, "first", 2)
	if got := cat.T(i18n.Fr, le.Key, le.Args...); got != "Ligne 1202\u00a0: ARG 1960 figure déjà à la ligne 2 avec une autre valeur." {
		t.Errorf("French message %q", got)
	}
}
