package ingest

import "testing"

func TestDDFReadsGapminderDatapoints(t *testing.T) {
	meta, recs, err := pubReadAll(t, pubFile(t, "gapminder_ddf_hdi_datapoints.head50.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if meta.Format != DDF || meta.Source != "Gapminder" || len(meta.Indicators) != 1 || len(recs) != 49 {
		t.Fatalf("meta %+v, %d records, want ddf, Gapminder, 1 concept, 49 records", meta, len(recs))
	}
	for _, want := range []Record{
		{Line: 2, Area: "afg", Indicator: "hdi_human_development_index", Year: 1990, Value: 0.285},
		{Line: 21, Area: "afg", Indicator: "hdi_human_development_index", Year: 2009, Value: 0.458},
		{Line: 50, Area: "ago", Indicator: "hdi_human_development_index", Year: 2013, Value: 0.567},
	} {
		if r, _ := pubFind(recs, want.Area, want.Indicator, want.Year); r != want {
			t.Errorf("got %+v, want %+v", r, want)
		}
	}
}

func TestDDFSeveralConceptsAndEmptyCells(t *testing.T) {
	_, recs, err := pubReadAll(t, "geo,time,life_expectancy_years,population_total\nchl,2000,76.9,\nper,2000,,26000000\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{
		{Line: 2, Area: "chl", Indicator: "life_expectancy_years", Year: 2000, Value: 76.9},
		{Line: 3, Area: "per", Indicator: "population_total", Year: 2000, Value: 26000000},
	}
	if len(recs) != 2 || recs[0] != want[0] || recs[1] != want[1] {
		t.Errorf("records = %+v, want %+v", recs, want)
	}
}

func TestDDFBadInput(t *testing.T) {
	const h = "geo,time,hdi_human_development_index\n"
	for _, c := range []struct {
		name, data, code string
		line             int
	}{
		{"a time that is not a year", h + "afg,1990,0.285\nafg,1991-01,0.291\n", ErrYear, 3},
		{"a value that is not a number", h + "afg,1990,0.285\nafg,1991,0,291\n", ErrFields, 3},
		{"a decimal comma", h + "afg,1990,0.285\nafg,1991,\"0,291\"\n", ErrValue, 3},
		{"a short row", h + "afg,1990\nafg,1991,0.291\n", ErrFields, 2},
		{"cut mid-row", h + "afg,1990,0.285\nafg,19", ErrTruncated, 3},
		{"Latin-1", h + "afg,1990,0.285\nc\xf4te,1990,0.3\n", ErrEncoding, 3},
		{"UTF-16 little-endian", "\xff\xfeg\x00e\x00o\x00", ErrEncoding, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := pubReadAll(t, c.data)
			pubWantLineError(t, err, c.code, c.line)
		})
	}
}
