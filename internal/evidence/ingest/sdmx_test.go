package ingest

import (
	"strings"
	"testing"
)

func TestSDMXReadsTheBISSamples(t *testing.T) {
	const hkdTO1 = "WEBSTATS_DER_DATAFLOW:U.A.B.A.1E.A.HKD.TO1.A.A.3.C"
	meta, recs, err := pubReadAll(t, pubFile(t, "sdmx-csv-1.0_bis_der_attached.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// 14 rows, values in 2004, 2007, 2010 and 2013 only; the rest are empty.
	if meta.Format != SDMXCSV || meta.Source != "" || len(recs) != 4 {
		t.Fatalf("meta %+v, %d records, want sdmx-csv, no source, 4 records", meta, len(recs))
	}
	want := Record{Line: 4, Area: "5J", Indicator: hkdTO1, Year: 2004, Value: 14206.490766}
	if recs[0] != want {
		t.Errorf("first record = %+v, want %+v", recs[0], want)
	}
	if r := recs[3]; r.Line != 13 || r.Year != 2013 || r.Value != 29910.713935 {
		t.Errorf("last record = %+v, want 2013 = 29910.713935 at line 13", r)
	}

	meta, recs, err = pubReadAll(t, pubFile(t, "sdmx-csv-2.0_bis_der.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 || len(meta.Indicators) != 2 {
		t.Fatalf("%d records of %d indicators, want 7 of 2", len(recs), len(meta.Indicators))
	}
	last := Record{Line: 20, Area: "5J", Indicator: "BIS_DER:U.A.B.A.1E.A.HKD.USD.A.A.3.C", Year: 1992, Value: 6672.275}
	if recs[6] != last {
		t.Errorf("last record = %+v, want %+v", recs[6], last)
	}
	if r, ok := pubFind(recs, "5J", "BIS_DER:U.A.B.A.1E.A.HKD.TO1.A.A.3.C", 2019); !ok || r.Value != 90268.313643 || r.Line != 19 {
		t.Errorf("2019 = %+v (found %v), want 90268.313643 at line 19", r, ok)
	}
}

func TestSDMXLabelsBoth(t *testing.T) {
	// The real labels=both sample (a synthetic structure) has no area dimension.
	_, _, err := pubReadAll(t, pubFile(t, "sdmx-csv-2.0_labels_both.csv"))
	pubWantLineError(t, err, ErrHeader, 1)

	data := "STRUCTURE,STRUCTURE_ID,ACTION,FREQ: Frequency,REF_AREA: Reference area,SERIES: Series,SEX: Sex,TIME_PERIOD: Time period,OBS_VALUE: Observation value,UNIT_MEASURE: Unit of measure\n" +
		"dataflow,UNSD:DF_SDG_GLH(1.18): SDG Global,I,A: Annual,CHL: Chile,SI_POV_DAY1: Proportion below $2.15 a day,_T: Total,2017: 2017,0.7: 0.7,PT: Percent\n" +
		"dataflow,UNSD:DF_SDG_GLH(1.18): SDG Global,I,A: Annual,CHL: Chile,SI_POV_DAY1: Proportion below $2.15 a day,F: Female,2017: 2017,0.8: 0.8,PT: Percent\n"
	meta, recs, err := pubReadAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Source != "UN SDG Global Database" {
		t.Errorf("source = %q", meta.Source)
	}
	want := []Record{
		{Line: 2, Area: "CHL", Indicator: "SI_POV_DAY1", Year: 2017, Value: 0.7},
		{Line: 3, Area: "CHL", Indicator: "SI_POV_DAY1[SEX=F]", Year: 2017, Value: 0.8},
	}
	if len(recs) != 2 || recs[0] != want[0] || recs[1] != want[1] {
		t.Errorf("records = %+v, want %+v", recs, want)
	}
	f := meta.Indicators["SI_POV_DAY1[SEX=F]"]
	if f.Name != "Proportion below $2.15 a day, SEX: Female" || f.Unit != "Percent" {
		t.Errorf("female series = %+v", f)
	}
}

func TestSDGAPICSV(t *testing.T) {
	meta, recs, err := pubReadAll(t, pubFile(t, "unsdg_api_csv_AG_FOOD_WST_datacommons_test_input.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if meta.Format != SDMXCSV || meta.Source != "UN SDG Global Database" || len(recs) != 15 || len(meta.Indicators) != 3 {
		t.Fatalf("meta %+v, %d records, want the UN SDG source, 15 records of 3 series", meta, len(recs))
	}
	// Line 2: World (M49 1), out-of-home consumption sector.
	w := Record{Line: 2, Area: "1", Indicator: "AG_FOOD_WST[FOOD_WASTE_SECTOR=OOHC]", Year: 2019, Value: 243717410.1832}
	if recs[0] != w {
		t.Errorf("first = %+v, want %+v", recs[0], w)
	}
	// Line 8: Afghanistan (M49 4), households, with its footnote.
	a := Record{Line: 8, Area: "4", Indicator: "AG_FOOD_WST[FOOD_WASTE_SECTOR=HHS]", Year: 2019, Value: 3109152.67104, Note: "Very Low Confidence"}
	if r, _ := pubFind(recs, "4", a.Indicator, 2019); r != a {
		t.Errorf("Afghanistan = %+v, want %+v", r, a)
	}
	hhs := meta.Indicators["AG_FOOD_WST[FOOD_WASTE_SECTOR=HHS]"]
	if hhs.Name != "Food waste (Tonnes), FOOD_WASTE_SECTOR: HHS" || hhs.Unit != "TONNES" {
		t.Errorf("households series = %+v", hhs)
	}
}

func TestSDGAPIReportingTypeAndTotals(t *testing.T) {
	data := "Goal,Target,Indicator,SeriesCode,SeriesDescription,GeoAreaCode,GeoAreaName,TimePeriod,Value,FootNote,[Age],[Sex],[Reporting Type],[Units]\n" +
		"1,1.1,1.1.1,SI_POV_EMP1,Employed population below poverty line,76,Brazil,2019,4.1,,15+,BOTHSEX,G,PERCENT\n" +
		"1,1.1,1.1.1,SI_POV_EMP1,Employed population below poverty line,76,Brazil,2019,4.3,,15+,FEMALE,G,PERCENT\n" +
		"1,1.1,1.1.1,SI_POV_EMP1,Employed population below poverty line,76,Brazil,2019,3.9,,15+,BOTHSEX,N,PERCENT\n" +
		"1,1.1,1.1.1,SI_POV_EMP1,Employed population below poverty line,76,Brazil,2020,NaN,,15+,BOTHSEX,G,PERCENT\n"
	_, recs, err := pubReadAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, r := range recs {
		got = append(got, r.Indicator)
	}
	want := "SI_POV_EMP1[AGE=15+] SI_POV_EMP1[AGE=15+,SEX=FEMALE] SI_POV_EMP1[AGE=15+,REPORTING_TYPE=N]"
	if strings.Join(got, " ") != want {
		t.Errorf("codes = %v, want %s (NaN is no observation)", got, want)
	}
}

func TestSDMXBadInput(t *testing.T) {
	const h = "DATAFLOW,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n"
	const ok = "IMF:WEO(1.0),A,CHL,NGDP,2019,10\n"
	for _, c := range []struct {
		name, data, code string
		line             int
	}{
		{"a quarter", h + ok + "IMF:WEO(1.0),A,CHL,NGDP,2019-Q1,10\n", ErrYear, 3},
		{"a month", h + ok + ok + "IMF:WEO(1.0),A,CHL,NGDP,2019-03,10\n", ErrYear, 4},
		{"quarterly frequency", h + "IMF:WEO(1.0),Q,CHL,NGDP,2019,10\n", ErrYear, 2},
		{"a value that is not a number", h + ok + "IMF:WEO(1.0),A,CHL,NGDP,2020,1o\n", ErrValue, 3},
		{"an infinite value", h + ok + "IMF:WEO(1.0),A,CHL,NGDP,2020,-Inf\n", ErrValue, 3},
		{"a short row", h + ok + "IMF:WEO(1.0),A,CHL,NGDP,2020\n" + ok, ErrFields, 3},
		{"cut mid-row", h + ok + "IMF:WEO(1.0),A,CH", ErrTruncated, 3},
		{"cut in a quote", h + ok + "IMF:WEO(1.0),A,\"CHL", ErrTruncated, 3},
		{"Latin-1", h + ok + "IMF:WEO(1.0),A,CHL,NGDP,2020,10\n" + "IMF:WEO(1.0),A,CHL,\"Pa\xeds\",2021,10\n", ErrEncoding, 4},
		{"no area column", "DATAFLOW,FREQ,INDICATOR,TIME_PERIOD,OBS_VALUE\n", ErrHeader, 1},
		{"no time column", "DATAFLOW,FREQ,REF_AREA,INDICATOR,OBS_VALUE\n", ErrHeader, 1},
		{"a delete", "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,SERIES,TIME_PERIOD,OBS_VALUE\ndataflow,X:Y(1.0),D,CHL,S,2019,1\n", ErrValue, 2},
		{"SDG API, a bad year", "SeriesCode,GeoAreaCode,TimePeriod,Value\nS,76,2019,1\nS,76,19,1\n", ErrYear, 3},
		{"SDG API, a bounded value", "SeriesCode,GeoAreaCode,TimePeriod,Value\nS,76,2019,<5\n", ErrValue, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := pubReadAll(t, c.data)
			pubWantLineError(t, err, c.code, c.line)
		})
	}
}
