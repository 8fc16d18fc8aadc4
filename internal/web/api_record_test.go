package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"roundtable/internal/account"
)

// record sets up an edition through the API, as the secretariat would, and
// returns the ids it created.
type recordIDs struct{ edition, session, bra, chn int64 }

func setupRecord(t *testing.T, s *site, c *client, admin http.Header) recordIDs {
	t.Helper()
	post := func(path, body string) map[string]any {
		t.Helper()
		res := c.do("POST", path, strings.NewReader(body), admin)
		if res.StatusCode != 201 {
			e := decode[apiErr](t, res)
			t.Fatalf("POST %s: %d %+v", path, res.StatusCode, e.Error)
		}
		return decode[map[string]any](t, res)
	}
	id := func(m map[string]any) int64 { return int64(m["id"].(float64)) }
	forum := post("/api/v1/forums", `{"slug": "china-lac", "names": {"en": "China–LAC Roundtable on Human Rights", "zh": "中拉人权圆桌会议"}}`)
	ed := post("/api/v1/editions", fmt.Sprintf(`{"forum_id": %d, "number": 2, "titles": {"en": "Second Roundtable", "pt": "Segunda Mesa Redonda"},
		"starts_on": "2024-11-19", "ends_on": "2024-11-20", "venue_city": "Brasília", "venue_country": "BRA", "host": "Brazil", "languages": ["zh", "es", "pt", "en"], "published": true}`, id(forum)))
	var r recordIDs
	r.edition = id(ed)
	r.session = id(post(fmt.Sprintf("/api/v1/editions/%d/sessions", r.edition), `{"titles": {"en": "The right to development"}, "starts_at": "2024-11-19T09:00:00Z", "ends_at": "2024-11-19T11:00:00Z", "chair": "Chair", "room": "Plenary"}`))
	for _, code := range []string{"BRA", "CHN"} {
		d := post(fmt.Sprintf("/api/v1/editions/%d/delegations", r.edition), `{"kind": "country", "code": "`+code+`"}`)
		res := c.do("PUT", fmt.Sprintf("/api/v1/delegations/%d/accreditation", id(d)), strings.NewReader(`{"accredited": true}`), admin)
		if res.StatusCode != 200 {
			t.Fatalf("accredit: %d", res.StatusCode)
		}
		if code == "BRA" {
			r.bra = id(d)
		} else {
			r.chn = id(d)
		}
	}
	return r
}

func TestRecordThroughTheAPI(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		admin := s.token("sec@example.org", account.Administrator)
		ids := setupRecord(t, s, c, admin)
		bra := s.token("bra@example.org", account.Delegate) // delegate of BRA
		body := fmt.Sprintf(`{"edition_id": %d, "session_id": %d, "delegation_id": %d, "language": "pt", "title": "Desenvolvimento",
			"text": "O direito ao desenvolvimento é um direito humano. <script>alert(1)</script>", "visibility": "public", "delivered_on": "2024-11-19"}`, ids.edition, ids.session, ids.bra)
		res := c.do("POST", "/api/v1/statements", strings.NewReader(body), bra)
		if res.StatusCode != 201 {
			t.Fatalf("delegate files a statement: %d %+v", res.StatusCode, decode[apiErr](t, res).Error)
		}
		st := decode[map[string]any](t, res)
		sid := int64(st["id"].(float64))

		// Another delegation's delegate cannot edit it.
		chn := s.token("chn@example.org", account.Delegate)
		s.db.Reader().Exec(t.Context(), "UPDATE users SET delegation = 'CHN' WHERE email = 'chn@example.org'")
		res = c.do("PUT", fmt.Sprintf("/api/v1/statements/%d", sid), strings.NewReader(strings.Replace(body, "humano", "alterado", 1)), chn)
		wantError(t, res, 403, "not_your_delegation", "")
		// Nor file one for Brazil.
		wantError(t, c.do("POST", "/api/v1/statements", strings.NewReader(body), chn), 403, "not_your_delegation", "")

		// The public reads it, with the markup kept as text.
		got := decode[map[string]any](t, c.get(fmt.Sprintf("/api/v1/statements/%d", sid)))
		if !strings.Contains(got["text"].(string), "<script>") || strings.Contains(got["text"].(string), "alterado") {
			t.Fatalf("public reads %v", got["text"])
		}
		// A bad statement is refused with a stable code and nothing is saved.
		bad := strings.Replace(body, `"language": "pt"`, `"language": "xx"`, 1)
		wantError(t, c.do("POST", "/api/v1/statements", strings.NewReader(bad), bra), 400, "invalid_language", "language")
		late := `{"titles": {"en": "Backwards"}, "starts_at": "2024-11-19T11:00:00Z", "ends_at": "2024-11-19T09:00:00Z"}`
		wantError(t, c.do("POST", fmt.Sprintf("/api/v1/editions/%d/sessions", ids.edition), strings.NewReader(late), admin), 400, "ends_before_start", "ends_at")
		list := decode[map[string]any](t, c.get(fmt.Sprintf("/api/v1/statements?edition=%d", ids.edition)))
		if items, _ := list["items"].([]any); len(items) != 1 || list["next"] != nil {
			t.Fatalf("statements listed: %v", list)
		}
	})
}
