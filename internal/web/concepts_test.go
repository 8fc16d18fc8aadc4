package web_test

import (
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"testing"

	"roundtable/internal/account"
)

// TestSecretariatEditsTheThesaurus walks the concept editor: a new concept
// appears with its labels, a bad link is refused with its field, a concept
// others link to cannot be deleted, and the SKOS export carries the edit.
func TestSecretariatEditsTheThesaurus(t *testing.T) {
	s := searchSite(t, sqliteDB(t))
	s.user("sec@example.org", account.Administrator)
	c := s.client().signIn("sec@example.org")
	form := url.Values{"new": {"1"}, "id": {"right-to-rest"}, "pref_en": {"right to rest (editor test)"},
		"pref_es": {"derecho al descanso (prueba)"}, "pref_zh": {"休息权（测试）"}, "broader": {"economic-social-cultural-rights"}, "udhr": {"24"}}
	wantStatus(t, c.postForm("/concepts", form), 303)
	d := doc(t, c.get("/concepts/right-to-rest"))
	if h1 := text(one(t, d, "h1")); h1 != "right to rest (editor test)" {
		t.Fatalf("concept page heading %q", h1)
	}
	if !strings.Contains(text(one(t, d, "dd", "id", "udhr-links")), "24") {
		t.Fatal("the Declaration link is not shown")
	}

	bad := url.Values{"new": {"1"}, "id": {"broken-link"}, "pref_en": {"x"}, "broader": {"no-such-concept"}}
	res := c.postForm("/concepts", bad)
	wantStatus(t, res, 400)
	if f := attr(one(t, doc(t, res), "p", "id", "form-error"), "data-field"); f != "broader" {
		t.Fatalf("error on field %q", f)
	}
	wantStatus(t, c.get("/concepts/broken-link"), 404)

	// The broader concept is linked from the new one: it cannot go.
	res = c.postForm("/concepts/economic-social-cultural-rights/delete", nil)
	wantStatus(t, res, 409)
	wantStatus(t, c.get("/concepts/economic-social-cultural-rights"), 200)

	res = s.client().get("/thesaurus.ttl")
	wantStatus(t, res, 200)
	body, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(body), `"休息权（测试）"@zh-Hans`) {
		t.Fatal("the SKOS export lacks the new concept's Chinese label")
	}
	// An observer may read but not edit.
	s.user("obs@example.org", account.Observer)
	wantStatus(t, s.client().signIn("obs@example.org").postForm("/concepts", form), 403)

	// A statement that uses words the thesaurus learns later is tagged
	// when the secretariat teaches them.
	admin := s.token("api-sec@example.org", account.Administrator)
	eds := decode[struct{ Items []struct{ ID int64 } }](t, c.do("GET", "/api/v1/editions", nil, admin))
	dels := decode[struct{ Items []struct{ ID int64 } }](t, c.do("GET", fmt.Sprintf("/api/v1/editions/%d/delegations", eds.Items[0].ID), nil, admin))
	res = c.do("POST", "/api/v1/statements", strings.NewReader(fmt.Sprintf(`{"edition_id": %d, "delegation_id": %d, "language": "es",
		"text": "Las vacaciones pagadas periódicas son un derecho de los trabajadores.", "visibility": "public"}`, eds.Items[0].ID, dels.Items[0].ID)), admin)
	st := decode[struct {
		ID       int64
		Concepts []string
	}](t, res)
	if slices.Contains(st.Concepts, "right-to-rest") {
		t.Fatalf("tagged before the label exists: %v", st.Concepts)
	}
	form.Set("new", "")
	form.Set("alt_es", "vacaciones pagadas")
	res = c.postForm("/concepts", form)
	wantStatus(t, res, 303)
	after := decode[struct{ Concepts []string }](t, c.do("GET", fmt.Sprintf("/api/v1/statements/%d", st.ID), nil, admin))
	if !slices.Contains(after.Concepts, "right-to-rest") {
		t.Fatalf("not retagged after the edit: %v", after.Concepts)
	}
}
