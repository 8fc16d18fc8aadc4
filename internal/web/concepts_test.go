package web_test

import (
	"io"
	"net/url"
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
	form := url.Values{"new": {"1"}, "id": {"right-to-rest"}, "pref_en": {"right to rest and leisure"},
		"pref_es": {"derecho al descanso"}, "pref_zh": {"休息权"}, "broader": {"economic-social-cultural-rights"}, "udhr": {"24"}}
	wantStatus(t, c.postForm("/concepts", form), 303)
	d := doc(t, c.get("/concepts/right-to-rest"))
	if h1 := text(one(t, d, "h1")); h1 != "right to rest and leisure" {
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
	if !strings.Contains(string(body), `"休息权"@zh-Hans`) {
		t.Fatal("the SKOS export lacks the new concept's Chinese label")
	}
	// An observer may read but not edit.
	s.user("obs@example.org", account.Observer)
	wantStatus(t, s.client().signIn("obs@example.org").postForm("/concepts", form), 403)
}
