package ingest

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
)

// pubReadAll opens a file by sniffing and reads every record; err is the
// first error, open's included.
func pubReadAll(t *testing.T, data string) (Meta, []Record, error) {
	t.Helper()
	r, err := Open(strings.NewReader(data))
	if err != nil {
		return Meta{}, nil, err
	}
	var recs []Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return r.Meta(), recs, nil
		}
		if err != nil {
			return r.Meta(), recs, err
		}
		recs = append(recs, rec)
	}
}

func pubFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pubFind returns the record for area, indicator and year.
func pubFind(recs []Record, area, indicator string, year int) (Record, bool) {
	for _, r := range recs {
		if r.Area == area && r.Indicator == indicator && r.Year == year {
			return r, true
		}
	}
	return Record{}, false
}

// pubWantLineError checks err is a LineError with code at line.
func pubWantLineError(t *testing.T, err error, code string, line int) {
	t.Helper()
	var le *LineError
	if !errors.As(err, &le) {
		t.Fatalf("error = %v, want a %s error at line %d", err, code, line)
	}
	if le.Code != code || le.Line != line {
		t.Fatalf("error = %v, want code %s at line %d", le, code, line)
	}
}

func TestWideReadsTheWorldBankDownloads(t *testing.T) {
	for _, c := range []struct {
		file   string
		values int // non-empty cells, counted with Python's csv module
		area   string
		code   string
		name   string
		year   int
		line   int
		value  float64
	}{
		{"worldbank_wide_API_CHN_DS2_en_csv_v2_1221525.head50.csv", 853, "CHN", "TM.VAL.MRCH.WL.CD",
			"Merchandise imports by the reporting economy (current US$)", 1961, 8, 669100000},
		{"worldbank_wide_API_CHN_DS2_en_csv_v2_1221525.head50.csv", 853, "CHN", "SL.TLF.TOTL.FE.ZS",
			"Labor force, female (% of total labor force)", 2019, 20, 43.7106861640624},
		{"worldbank_wide_API_BRA_DS2_en_csv_v2_1221399.head50.csv", 1075, "BRA", "NY.GNS.ICTR.CN",
			"Gross savings (current LCU)", 1989, 50, 152392.7890625},
		{"worldbank_wide_API_BRA_DS2_en_csv_v2_1221399.head50.csv", 1075, "BRA", "SL.TLF.PART.ZS",
			"Part time employment, total (% of total employment)", 2013, 20, 25.25},
	} {
		meta, recs, err := pubReadAll(t, pubFile(t, c.file))
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if meta.Format != WorldBankWide || meta.Source != "World Bank WDI" || meta.Vintage != "2020-07-01" {
			t.Errorf("%s: meta = %q %q %q", c.file, meta.Format, meta.Source, meta.Vintage)
		}
		if len(recs) != c.values {
			t.Errorf("%s: %d records, want %d", c.file, len(recs), c.values)
		}
		if len(meta.Indicators) != 45 { // 50 lines: preamble 4, header 1, 45 indicators
			t.Errorf("%s: %d indicators named, want 45", c.file, len(meta.Indicators))
		}
		if got := meta.Indicators[c.code].Name; got != c.name {
			t.Errorf("%s: name of %s = %q, want %q", c.file, c.code, got, c.name)
		}
		r, ok := pubFind(recs, c.area, c.code, c.year)
		if !ok || r.Value != c.value || r.Line != c.line {
			t.Errorf("%s: %s %s %d = %+v (found %v), want %v at line %d", c.file, c.area, c.code, c.year, r, ok, c.value, c.line)
		}
	}
	// An empty cell is no observation: CHN's merchandise imports have no 1960 value.
	_, recs, _ := pubReadAll(t, pubFile(t, "worldbank_wide_API_CHN_DS2_en_csv_v2_1221525.head50.csv"))
	if r, ok := pubFind(recs, "CHN", "TM.VAL.MRCH.WL.CD", 1960); ok {
		t.Errorf("an empty cell gave a record: %+v", r)
	}
}

func TestWideWithoutThePreamble(t *testing.T) {
	data := "Country Name,Country Code,Indicator Name,Indicator Code,2000,2001\n" +
		"Chile,CHL,\"Population, total\",SP.POP.TOTL,15170000,\n" +
		"Peru,PER,\"Population, total\",SP.POP.TOTL,,26370000\n"
	meta, recs, err := pubReadAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Format != WorldBankWide || meta.Source != "" || meta.Vintage != "" {
		t.Errorf("meta = %+v; without a preamble the source and vintage are the importer's", meta)
	}
	want := []Record{
		{Line: 2, Area: "CHL", Indicator: "SP.POP.TOTL", Year: 2000, Value: 15170000},
		{Line: 3, Area: "PER", Indicator: "SP.POP.TOTL", Year: 2001, Value: 26370000},
	}
	if len(recs) != 2 || recs[0] != want[0] || recs[1] != want[1] {
		t.Errorf("records = %+v, want %+v", recs, want)
	}
}

const pubWideHead = "\ufeff\"Data Source\",\"World Development Indicators\",\r\n\r\n" +
	"\"Last Updated Date\",\"2020-07-01\",\r\n\r\n" +
	"\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"2018\",\"2019\",\r\n"

func TestWideBadInput(t *testing.T) {
	row := "\"China\",\"CHN\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",\"1\",\"2\",\r\n"
	for _, c := range []struct {
		name string
		data string
		code string
		line int
	}{
		// Lines: 1 Data Source, 2 blank, 3 Last Updated Date, 4 blank, 5 header, 6 on rows.
		{"a year column that is not a year", strings.Replace(pubWideHead, `"2019"`, `"YR2019"`, 1) + row, ErrYear, 5},
		{"an empty year column before the last", strings.Replace(pubWideHead, `"2018"`, `""`, 1) + row, ErrYear, 5},
		{"a value that is not a number", pubWideHead + row + strings.Replace(row, `"2"`, `"2,5"`, 1), ErrValue, 7},
		{"an infinite value", pubWideHead + row + row + strings.Replace(row, `"1"`, `"Inf"`, 1), ErrValue, 8},
		{"NaN", pubWideHead + strings.Replace(row, `"1"`, `"NaN"`, 1), ErrValue, 6},
		{"a short row", pubWideHead + row + "\"China\",\"CHN\",\"GDP\",\"NY.GDP.MKTP.CD\",\"1\"\r\n" + row, ErrFields, 7},
		{"a long row", pubWideHead + row + strings.Replace(row, ",\r\n", ",\"3\",\r\n", 1), ErrFields, 7},
		{"a value in the trailing column", pubWideHead + strings.Replace(row, ",\r\n", ",\"3\"\r\n", 1), ErrFields, 6},
		{"the file cut mid-row", pubWideHead + row + row + "\"China\",\"CHN\",\"GDP\",\"NY.GDP.MKTP.CD\",\"1", ErrTruncated, 8},
		{"the file cut after a comma", pubWideHead + row + "\"China\",\"CHN\",\"GDP\",\"NY.", ErrTruncated, 7},
		{"the file cut after a closed quote", pubWideHead + row + "\"China\",\"CHN\",\"GDP\",\"NY.GDP.MKTP.CD\",\"1\"", ErrTruncated, 7},
		{"the file cut inside a quoted name", pubWideHead + row + "\"China\",\"CHN\",\"GDP (current\r\nUS", ErrTruncated, 7},
		{"Latin-1 in a name", pubWideHead + row + "\"C\xf4te d'Ivoire\",\"CIV\",\"GDP\",\"NY.GDP.MKTP.CD\",\"1\",\"2\",\r\n", ErrEncoding, 7},
		{"Latin-1 in a value", pubWideHead + row + row + "\"China\",\"CHN\",\"GDP\",\"NY.GDP.MKTP.CD\",\"1\xb2\",\"2\",\r\n", ErrEncoding, 8},
		{"Latin-1 in the header", strings.Replace(pubWideHead, "Last Updated", "\xdaltima", 1) + row, ErrEncoding, 3},
		{"UTF-16", "\xff\xfe\"\x00D\x00a\x00t\x00a\x00", ErrEncoding, 1},
		{"a preamble and no header", "\"Data Source\",\"World Development Indicators\",\r\n\r\n\"Last Updated Date\",\"2020-07-01\",\r\n", ErrHeader, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := pubReadAll(t, c.data)
			pubWantLineError(t, err, c.code, c.line)
		})
	}
}

func TestWideReaderStopsAfterAnError(t *testing.T) {
	r, err := Open(strings.NewReader(pubWideHead + "\"China\",\"CHN\",\"GDP\",\"X\",\"oops\",\"2\",\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err == nil {
		t.Fatal("no error for a bad value")
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("after an error Next = %v, want io.EOF", err)
	}
}

// BenchmarkWideReader: the reader alone over 2,000 rows of 64 years, three
// quarters of the cells full, as the import benchmark's file.
func BenchmarkWideReader(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(pubWideHead[:strings.Index(pubWideHead, `"2018"`)])
	for y := 1961; y <= 2024; y++ {
		sb.WriteString(`"` + strconv.Itoa(y) + `",`)
	}
	sb.WriteString("\r\n")
	cells := 0
	for i := 0; i < 2000; i++ {
		sb.WriteString(`"Chile","CHL","Indicator, synthetic (% of GDP)","BENCH.` + strconv.Itoa(i) + `"`)
		for y := 0; y < 64; y++ {
			if (i+y)%4 == 0 {
				sb.WriteString(`,""`)
				continue
			}
			cells++
			sb.WriteString(`,"` + strconv.FormatFloat(float64(i*64+y)*1.2345678901234, 'f', -1, 64) + `"`)
		}
		sb.WriteString(",\r\n")
	}
	data := sb.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := Open(strings.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != cells {
			b.Fatalf("%d records, want %d", n, cells)
		}
	}
	b.ReportMetric(float64(cells), "values/op")
}
