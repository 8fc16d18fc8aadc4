package ingest

import (
	"strings"
	"testing"
)

func TestSniffingPicksTheFormat(t *testing.T) {
	for file, want := range map[string]string{
		"worldbank_wide_API_CHN_DS2_en_csv_v2_1221525.head50.csv": WorldBankWide,
		"worldbank_wide_API_BRA_DS2_en_csv_v2_1221399.head50.csv": WorldBankWide,
		"sdmx-csv-1.0_bis_der_attached.csv":                       SDMXCSV,
		"sdmx-csv-2.0_bis_der.csv":                                SDMXCSV,
		"unsdg_api_csv_AG_FOOD_WST_datacommons_test_input.csv":    SDMXCSV,
		"gapminder_ddf_hdi_datapoints.head50.csv":                 DDF,
	} {
		r, err := Open(strings.NewReader(pubFile(t, file)))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if got := r.Meta().Format; got != want {
			t.Errorf("%s: format %s, want %s", file, got, want)
		}
	}
}

// The long layouts belong to the long reader: none of these readers claims them.
func TestSniffingLeavesLongCSVAlone(t *testing.T) {
	for _, head := range []string{
		"iso3,indicator_code,year,value\r\nCHL,SP.POP.TOTL,2019,18952035\r\n",
		"iso3,country,indicator_code,indicator_name,year,value,source\nCHL,Chile,SP.POP.TOTL,\"Population, total\",2019,18952035,World Bank\n",
		"Country Name,Country Code,Year,Value\nAruba,ABW,1960,54922\n",
		"\ufeffCountry Name,Country Code,Year,Value\nAruba,ABW,1960,54922\n",
		"iso3,indicator,year,value\nchl,x,2019,1\n",
		"geo,time\nchl,2019\n",
		"iso3,country,hdicode,region,1990,1991\nAFG,Afghanistan,Low,SA,0.273,0.279\n",
	} {
		b := []byte(head)
		if sniffWide(b) || sniffSDMX(b) || sniffDDF(b) {
			t.Errorf("claimed by a published-format reader: %q (wide %v, sdmx %v, ddf %v)", head, sniffWide(b), sniffSDMX(b), sniffDDF(b))
		}
	}
}

func TestOpenAsReadsWithoutSniffing(t *testing.T) {
	r, err := OpenAs(DDF, strings.NewReader("geo,time,x\nchl,2019,1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := r.Next(); err != nil || rec.Area != "chl" || rec.Value != 1 {
		t.Errorf("record %+v, %v", rec, err)
	}
	// A DDF file opened as SDMX-CSV is a header error, not a panic.
	if _, err := OpenAs(SDMXCSV, strings.NewReader("geo,time,x\nchl,2019,1\n")); err == nil {
		t.Error("no error for a DDF file opened as SDMX-CSV")
	}
}
