package exchange

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
)

func importErrors(t *testing.T, err error) dialogue.ImportErrors {
	t.Helper()
	var list dialogue.ImportErrors
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want import errors", err)
	}
	return list
}

func csvErrors(t *testing.T, data []byte) dialogue.ImportErrors {
	t.Helper()
	_, err := ParseCSV(data)
	return importErrors(t, err)
}

func jsonErrors(t *testing.T, data []byte) dialogue.ImportErrors {
	t.Helper()
	_, err := ParseJSON(data)
	return importErrors(t, err)
}

func TestCSVRoundTrip(t *testing.T) {
	pos := 2
	embargo := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	items := []Item{
		{Edition: 1, Session: &pos, SessionTitle: "Saúde", Delegation: "BRA", DelegationName: "Brasil", Speaker: "Ana, \"a Ministra\"",
			Language: "pt", Title: "=HYPERLINK(\"http://evil\")", Text: "Primeira linha.\nSegunda; com vírgula, e \"aspas\".",
			DeliveredOn: "2024-11-19", EmbargoUntil: &embargo, Visibility: "public", Concepts: []string{"health", "right-to-health"},
			Translations: []dialogue.Translation{{Language: "zh", Body: "第一行。\n第二行。", Origin: "machine", Review: "reviewed"},
				{Language: "en", Body: "-minus and '=quote", Origin: "human", Review: "pending"}}},
		{Edition: 1, Delegation: "CHN", Language: "zh", Text: "'apostrophe kept", Visibility: "draft"},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, items); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, bom+"edition,session,") || !strings.Contains(out, "\r\n") {
		t.Fatalf("CSV starts %q", out[:40])
	}
	if strings.Contains(out, ",=HYPERLINK") || strings.Contains(out, `,"=HYPERLINK`) {
		t.Error("a formula reaches a cell unescaped")
	}
	rows, err := ParseCSV(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	a, b := rows[0], rows[1]
	if a.Line != 2 || a.Session != 2 || a.Delegation != "BRA" || a.Speaker != items[0].Speaker || a.Title != items[0].Title ||
		a.Text != items[0].Text || !a.EmbargoUntil.Equal(embargo) || a.Visibility != "public" || a.DeliveredOn != "2024-11-19" {
		t.Errorf("row 1: %+v", a)
	}
	tr := map[string]string{}
	for _, x := range a.Translations {
		tr[x.Language] = x.Body + "|" + x.Origin + "|" + x.Review
	}
	if len(tr) != 2 || tr["zh"] != "第一行。\n第二行。|machine|reviewed" || tr["en"] != "-minus and '=quote|human|pending" {
		t.Errorf("translations: %v", tr)
	}
	// The first statement spans three lines of the file.
	if b.Line != 5 || b.Text != "'apostrophe kept" || b.Session != 0 || b.EmbargoUntil != nil {
		t.Errorf("row 2: %+v", b)
	}
}

func TestCSVWithBOMAndCRLF(t *testing.T) {
	for name, data := range map[string]string{
		"bom crlf":  bom + "delegation,language,text\r\nBRA,pt,Olá\r\n",
		"plain lf":  "Delegation , LANGUAGE,text\nBRA,pt,Olá\n",
		"semicolon": bom + "delegation;language;text\r\nBRA;pt;Olá, mundo\r\n",
	} {
		rows, err := ParseCSV([]byte(data))
		if err != nil || len(rows) != 1 || rows[0].Delegation != "BRA" || rows[0].Language != "pt" || !strings.HasPrefix(rows[0].Text, "Olá") {
			t.Errorf("%s: %+v, %v", name, rows, err)
		}
	}
}

func TestCSVErrorsByLine(t *testing.T) {
	data := "delegation,language,text,session,embargo_until\n" +
		"BRA,pt,ok,1,\n" +
		"BRA,pt,short\n" +
		"BRA,pt,\"multi\nline\",x,\n" +
		"BRA,pt,ok,,tomorrow\n"
	list := csvErrors(t, []byte(data))
	want := []struct {
		line        int
		field, code string
	}{{3, "", "wrong_field_count"}, {4, "session", "invalid_number"}, {6, "embargo_until", "invalid_date"}}
	if len(list) != len(want) {
		t.Fatalf("errors %+v", list)
	}
	for i, w := range want {
		if list[i].Line != w.line || list[i].Field != w.field || list[i].Code != w.code {
			t.Errorf("error %d: %+v, want %+v", i, list[i], w)
		}
	}
	list = csvErrors(t, []byte("delegation,langauge,speaker,speaker\nBRA,pt,a,b\n"))
	codes := map[string]string{}
	for _, e := range list {
		if e.Line != 1 {
			t.Errorf("header error on line %d", e.Line)
		}
		codes[e.Field] = e.Code
	}
	if codes["langauge"] != "unknown_column" || codes["speaker"] != "duplicate_column" || codes["language"] != "missing_column" || codes["text"] != "missing_column" {
		t.Errorf("header errors: %+v", list)
	}
	// A translation's status without the translation.
	list = csvErrors(t, []byte("delegation,language,text,text_en,origin_en,review_zh\nBRA,pt,ok,,machine,\nBRA,pt,ok,,,reviewed\nBRA,pt,ok,Fine,machine,\n"))
	if len(list) != 2 || list[0].Line != 2 || list[0].Field != "text_en" || list[0].Code != "status_without_text" ||
		list[1].Line != 3 || list[1].Field != "text_zh" || list[1].Code != "status_without_text" {
		t.Errorf("status without text: %+v", list)
	}
	list = csvErrors(t, []byte("delegation,language,text\nBRA,pt,ok\nBRA,pt,\"broken\n"))
	if len(list) != 1 || list[0].Code != "malformed_csv" || list[0].Line != 3 {
		t.Errorf("broken quote: %+v", list)
	}
	if _, err := ParseCSV([]byte(bom + "delegation,language,text\r\n")); !errors.Is(err, dialogue.ErrImportEmpty) {
		t.Errorf("header only: %v", err)
	}
	big := "delegation,language,text\n" + strings.Repeat("BRA,pt,x\n", dialogue.MaxImportRows+1)
	if _, err := ParseCSV([]byte(big)); !errs.Is(err, errs.TooLarge) {
		t.Errorf("too many rows: %v", err)
	}
}

func TestJSONRoundTripAndErrors(t *testing.T) {
	pos := 1
	items := []Item{{Edition: 3, Session: &pos, Delegation: "BRA", Language: "pt", Text: "Olá", Visibility: "public",
		Concepts: []string{"health"}, Translations: []dialogue.Translation{{Language: "en", Body: "Hello", Origin: "machine", Review: "reviewed"}}}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, items); err != nil {
		t.Fatal(err)
	}
	rows, err := ParseJSON(buf.Bytes())
	if err != nil || len(rows) != 1 {
		t.Fatalf("%+v, %v", rows, err)
	}
	if r := rows[0]; r.Line != 1 || r.Session != 1 || r.Text != "Olá" || len(r.Translations) != 1 || r.Translations[0].Origin != "machine" {
		t.Errorf("row: %+v", r)
	}
	data := `[{"delegation": "BRA", "language": "pt", "text": "ok"},
		{"delegation": "BRA", "langauge": "pt", "text": "typo"},
		{"delegation": "BRA", "language": "pt", "text": "ok", "session": "one"},
		{"delegation": "BRA", "language": "pt", "text": "ok", "embargo_until": "soon"}]`
	list := jsonErrors(t, []byte(data))
	if len(list) != 3 || list[0].Line != 2 || list[0].Code != "unknown_field" || list[0].Field != "langauge" ||
		list[1].Line != 3 || list[1].Code != "wrong_type" || list[1].Field != "session" || list[2].Line != 4 || list[2].Code != "invalid_date" {
		t.Errorf("errors: %+v", list)
	}
	list = jsonErrors(t, []byte(`{"delegation": "BRA"}`))
	if list[0].Code != "not_an_array" {
		t.Errorf("object: %+v", list)
	}
	if _, err := ParseJSON([]byte(`[]`)); !errors.Is(err, dialogue.ErrImportEmpty) {
		t.Errorf("empty array: %v", err)
	}
}

func TestDefuseIsReversible(t *testing.T) {
	for _, s := range []string{"", "'", "''", "=1+1", "'=1", "''=1", "-5", "'-5", "@x", "'a", "''a", "plain", "\tx", "'"} {
		if got := restore(defuse(s)); got != s {
			t.Errorf("restore(defuse(%q)) = %q", s, got)
		}
		if d := defuse(s); d != "" && strings.IndexByte(formulaStarts, d[0]) >= 0 {
			t.Errorf("defuse(%q) = %q starts a formula", s, d)
		}
	}
}

type wantErr struct {
	line        int
	field, code string
}

func checkErrors(t *testing.T, what string, list dialogue.ImportErrors, want []wantErr) {
	t.Helper()
	if len(list) != len(want) {
		t.Fatalf("%s: %d errors %+v, want %+v", what, len(list), list, want)
	}
	for i, w := range want {
		if list[i].Line != w.line || list[i].Field != w.field || list[i].Code != w.code {
			t.Errorf("%s: error %d is %+v, want %+v", what, i, list[i], w)
		}
	}
}

// A CSV file's report lists every line's faults: a bad quote on one line
// does not hide the lines after it, and a NUL or a byte that is not UTF-8
// (which PostgreSQL cannot store) is named by its line and column.
func TestCSVReportsEveryLine(t *testing.T) {
	data := "delegation,language,text,session,embargo_until\n" +
		"BRA,pt,a\"b,1,\n" + // a bare quote
		"BRA,pt,ok,x,soon\n" + // two bad cells
		"BRA,pt,nul\x00here,1,\n" +
		"BR\x00A,pt,\xff\xfe,1,\n" +
		"BRA,pt,ok,1,\n"
	checkErrors(t, "csv", csvErrors(t, []byte(data)), []wantErr{
		{2, "", "malformed_csv"},
		{3, "session", "invalid_number"}, {3, "embargo_until", "invalid_date"},
		{4, "text", "invalid_text"},
		{5, "delegation", "invalid_text"}, {5, "text", "invalid_utf8"},
	})
	checkErrors(t, "header", csvErrors(t, []byte("delegation,language,text,spea\x00ker\nBRA,pt,ok,x\n")), []wantErr{
		{1, "", "invalid_text"},
	})
}

// A JSON item's report lists all its faults, and a key must name a field
// exactly: "Text" is not "text" (encoding/json alone would take it, and
// let a second spelling overwrite the first).
func TestJSONReportsEveryFaultOfEveryItem(t *testing.T) {
	data := `[{"Delegation": "BRA", "language": "pt", "text": "ok", "session": "one", "Text": "x"},
		{"delegation": "BRA", "language": "pt", "text": "ok", "translations": [{"language": "en", "Text": "Hi"}]},
		{"delegation": "BRA", "language": "pt", "text": "nul\u0000here", "speaker": "ok"},
		{"delegation": "BRA", "language": "pt", "text": "ok"},
		{"delegation": "BRA", "language": "pt", "text": "` + "\xff" + `"},
		{"delegation": "BRA", "language": "pt", "text": "ok", "translations": [{"language": "en", "text": "a\u0000b"}]}]`
	checkErrors(t, "json", jsonErrors(t, []byte(data)), []wantErr{
		{1, "Delegation", "unknown_field"}, {1, "Text", "unknown_field"}, {1, "session", "wrong_type"},
		{2, "translations.Text", "unknown_field"},
		{3, "text", "invalid_text"},
		{5, "", "invalid_utf8"},
		{6, "translations", "invalid_text"},
	})
}
