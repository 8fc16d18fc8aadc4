package web

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"roundtable/internal/errs"
)

// FuzzDecodeJSON sends any body and Content-Type to the API's one JSON
// decoder, for three of its request types (flat with a time, required
// field, nested map). A refusal is a 4xx error with a code, never a 500; an
// accepted body is a UTF-8 object without NUL in any string, sent as
// application/json, and what was decoded, encoded again, decodes the same.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []struct {
		body, ct string
		target   uint8
	}{
		{`{"edition_id": 1, "session_id": 2, "delegation_id": 3, "speaker": "Ana", "language": "pt", "text": "Olá", "visibility": "draft", "embargo_until": "2030-01-02T03:04:05+01:00"}`, "application/json", 0},
		{`{"Text": "loose"}`, "application/json; charset=utf-8", 0},
		{`{"text": "a\u0000b"}`, "", 0},
		{"{\"text\": \"\xff\"}", "application/json", 0},
		{`{"accredited": true}`, "application/json", 1},
		{`{}`, "application/json", 1},
		{`null`, "", 1},
		{`{"accredited": false} {}`, "application/json; charset=latin1", 1},
		{`{"kind": "state", "code": "BRA", "names": {"en": "Brazil", "zh": "巴西"}}`, "application/json", 2},
		{`{"kind": "state", "names": {"en": 5}}`, "text/plain", 2},
	} {
		f.Add([]byte(s.body), s.ct, s.target)
	}
	f.Fuzz(func(t *testing.T, body []byte, ct string, target uint8) {
		newTarget := func() any {
			switch target % 3 {
			case 0:
				return &statementIn{}
			case 1:
				return &accreditationIn{}
			}
			return &delegationIn{}
		}
		decode := func(body []byte, ct string) (any, error) {
			r := httptest.NewRequest(http.MethodPost, "/api/v1/x", bytes.NewReader(body))
			if ct != "" {
				r.Header.Set("Content-Type", ct)
			}
			v := newTarget()
			return v, decodeJSON(httptest.NewRecorder(), r, v)
		}
		v, err := decode(body, ct)
		if err != nil {
			if e := errs.As(err); e.Kind.Status() < 400 || e.Kind.Status() >= 500 || e.Code == "" {
				t.Fatalf("body %q: %v answers %d", body, err, e.Kind.Status())
			}
			return
		}
		if ct != "" {
			mt, params, _ := mime.ParseMediaType(ct)
			if cs, ok := params["charset"]; mt != "application/json" || (ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8")) {
				t.Fatalf("body accepted as %q", ct)
			}
		}
		var tree any
		if !utf8.Valid(body) || json.Unmarshal(body, &tree) != nil {
			t.Fatalf("accepted %q, not UTF-8 JSON", body)
		}
		if _, ok := tree.(map[string]any); !ok {
			t.Fatalf("accepted %q, not an object", body)
		}
		if hasNUL(tree) {
			t.Fatalf("accepted %q, a string holds NUL", body)
		}
		again, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		v2, err := decode(again, "application/json")
		if err != nil {
			t.Fatalf("%q decoded as %s, which is refused: %v", body, again, err)
		}
		if third, _ := json.Marshal(v2); !bytes.Equal(third, again) {
			t.Fatalf("%q decoded as %s, then as %s", body, again, third)
		}
	})
}

func hasNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.IndexByte(v, 0) >= 0
	case map[string]any:
		for k, x := range v {
			if hasNUL(k) || hasNUL(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if hasNUL(x) {
				return true
			}
		}
	}
	return false
}
