package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"

	"roundtable/data"
	"roundtable/internal/dialogue"
)

// The import fuzz targets check what a person importing a file relies on:
// a file gives either rows or errors that name a line of the file, and a
// record exported by Roundtable imports back to the same statements.

// demoItems are the demo edition's statements as export items: real text in
// the five languages, with translations, to seed the fuzzers.
func demoItems(f *testing.F) []Item {
	raw, err := fs.ReadFile(data.FS(), "demo/china-lac-2.json")
	if err != nil {
		f.Fatal(err)
	}
	var demo struct {
		Statements []struct {
			Delegation, Speaker, Language, Title, Text string
			Translations                               []dialogue.Translation
		}
	}
	if err := json.Unmarshal(raw, &demo); err != nil {
		f.Fatal(err)
	}
	var items []Item
	for i, s := range demo.Statements {
		pos := i%7 + 1
		it := Item{Edition: 2, Session: &pos, Delegation: s.Delegation, Speaker: s.Speaker, Language: s.Language,
			Title: s.Title, Text: s.Text, Visibility: "public", Translations: s.Translations}
		items = append(items, it)
	}
	if len(items) == 0 {
		f.Fatal("no demo statements")
	}
	return items
}

func exported(f *testing.F, items []Item, write func(*bytes.Buffer, []Item) error) []byte {
	var buf bytes.Buffer
	if err := write(&buf, items); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// checkImport asserts the shape of any parser's answer. maxLine is the
// highest line (CSV) or item number (JSON) an error may name.
func checkImport(t *testing.T, rows []dialogue.ImportRow, err error, firstRow, maxLine int) {
	t.Helper()
	if err == nil {
		if len(rows) == 0 {
			t.Fatal("no error and no rows")
		}
		last := 0
		for _, r := range rows {
			if r.Line < firstRow || r.Line <= last || r.Line > maxLine {
				t.Fatalf("row numbered %d after %d (rows from %d, at most %d)", r.Line, last, firstRow, maxLine)
			}
			last = r.Line
		}
		return
	}
	if rows != nil {
		t.Fatalf("error %v with %d rows", err, len(rows))
	}
	if errors.Is(err, dialogue.ErrImportEmpty) || errors.Is(err, dialogue.ErrImportTooManyRows) {
		return
	}
	var list dialogue.ImportErrors
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %v (%T) is not a list of import errors", err, err)
	}
	for _, e := range list {
		if e.Line < 1 || e.Line > maxLine || e.Code == "" || e.Key == "" {
			t.Fatalf("error %+v: line outside 1..%d or no code", e, maxLine)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	items := demoItems(f)
	f.Add(exported(f, items, func(b *bytes.Buffer, it []Item) error { return WriteCSV(b, it) }))
	f.Add(exported(f, items[:2], func(b *bytes.Buffer, it []Item) error { return WriteCSV(b, it) }))
	for _, s := range []string{
		bom + "delegation,language,text\r\nBRA,pt,Olá\r\n",
		"Delegation , LANGUAGE,text\nBRA,pt,Olá\n",
		bom + "delegation;language;text\r\nBRA;pt;Olá, mundo\r\n",
		"delegation,language,text,session,embargo_until\nBRA,pt,ok,1,\nBRA,pt,short\nBRA,pt,\"multi\nline\",x,\nBRA,pt,ok,,tomorrow\n",
		"delegation,langauge,speaker,speaker\nBRA,pt,a,b\n",
		"delegation,language,text,text_en,origin_en,review_zh\nBRA,pt,ok,,machine,\nBRA,pt,ok,,,reviewed\n",
		"delegation,language,text\nBRA,pt,ok\nBRA,pt,\"broken\n",
		"delegation,language,text,session_id\nCHN,zh,\"'=1+1\",7\r",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ParseCSV(b)
		// The header is line 1; no line is past the file's last.
		checkImport(t, rows, err, 2, bytes.Count(b, []byte("\n"))+1)
	})
}

func FuzzParseJSON(f *testing.F) {
	items := demoItems(f)
	f.Add(exported(f, items, func(b *bytes.Buffer, it []Item) error { return WriteJSON(b, it) }))
	f.Add(exported(f, items[:1], func(b *bytes.Buffer, it []Item) error { return WriteJSON(b, it) }))
	for _, s := range []string{
		`[{"delegation": "BRA", "language": "pt", "text": "ok"},
		{"delegation": "BRA", "langauge": "pt", "text": "typo"},
		{"delegation": "BRA", "language": "pt", "text": "ok", "session": "one"},
		{"delegation": "BRA", "language": "pt", "text": "ok", "embargo_until": "soon"}]`,
		`{"delegation": "BRA"}`,
		`[]`,
		`[{"session": 0, "session_id": -1, "embargo_until": "2030-01-02T03:04:05Z", "translations": [{"language": "en", "text": "x"}]}] x`,
		bom + `[null, 1, "x", {"text": "\u0000"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := ParseJSON(b)
		// Items are numbered from 1; there are fewer items than bytes.
		checkImport(t, rows, err, 1, len(b)+1)
	})
}

// FuzzRecordRoundTrip builds a statement from the fuzzer's strings, exports
// it as CSV and as JSON, and imports each file back: every field must come
// back as it was written, except what the formats cannot hold (CSV drops a
// carriage return inside a cell, JSON replaces bytes that are not UTF-8).
func FuzzRecordRoundTrip(f *testing.F) {
	for _, it := range demoItems(f)[:8] {
		tr := ""
		if len(it.Translations) > 0 {
			tr = it.Translations[0].Body
		}
		f.Add(it.Delegation, it.Speaker, it.Title, it.Text, tr, *it.Session)
	}
	f.Add("BRA", "Ana, \"a Ministra\"", "=HYPERLINK(\"http://evil\")", "Primeira linha.\r\nSegunda; com vírgula", "'=quote", 2)
	f.Add("", "'", "''", "\t-", " \n ", 0)
	f.Fuzz(func(t *testing.T, delegation, speaker, title, text, zh string, session int) {
		it := Item{Edition: 1, Delegation: delegation, Speaker: speaker, Language: "es", Title: title, Text: text, Visibility: "public"}
		if session > 0 {
			it.Session = &session
		}
		// The service refuses a blank translation, so no record holds one.
		if strings.TrimSpace(zh) != "" {
			it.Translations = []dialogue.Translation{{Language: "zh", Body: zh, Origin: "machine", Review: "pending"}}
		}
		csvKeep := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "") }
		jsonKeep := func(s string) string { return string([]rune(s)) }
		for _, format := range []struct {
			name  string
			write func(*bytes.Buffer, []Item) error
			parse func([]byte) ([]dialogue.ImportRow, error)
			keep  func(string) string
		}{
			{"csv", func(b *bytes.Buffer, it []Item) error { return WriteCSV(b, it) }, ParseCSV, csvKeep},
			{"json", func(b *bytes.Buffer, it []Item) error { return WriteJSON(b, it) }, ParseJSON, jsonKeep},
		} {
			var buf bytes.Buffer
			if err := format.write(&buf, []Item{it}); err != nil {
				t.Fatalf("%s: write: %v", format.name, err)
			}
			rows, err := format.parse(buf.Bytes())
			if err != nil {
				// Refusing text that is not UTF-8 or holds NUL is allowed,
				// as long as the error names the statement.
				var list dialogue.ImportErrors
				odd := strings.ContainsRune(delegation+speaker+title+text+zh, 0) ||
					!utf8.ValidString(delegation+speaker+title+text+zh)
				if odd && errors.As(err, &list) && len(list) > 0 && list[0].Line >= 1 {
					continue
				}
				t.Fatalf("%s: export of %+v does not import: %v", format.name, it, err)
			}
			if len(rows) != 1 {
				t.Fatalf("%s: %d rows", format.name, len(rows))
			}
			r, k := rows[0], format.keep
			if r.Delegation != k(delegation) || r.Speaker != k(speaker) || r.Title != k(title) || r.Text != k(text) ||
				r.Language != "es" || r.Visibility != "public" || r.Session != max(session, 0) {
				t.Fatalf("%s: %+v came back as %+v", format.name, it, r)
			}
			wantZH := ""
			if len(it.Translations) > 0 {
				wantZH = k(zh)
			}
			gotZH := ""
			for _, x := range r.Translations {
				if x.Language == "zh" {
					gotZH = x.Body
				}
			}
			if gotZH != wantZH {
				t.Fatalf("%s: translation %q came back as %q", format.name, zh, gotZH)
			}
		}
	})
}
