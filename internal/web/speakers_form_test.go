package web_test

import (
	"fmt"
	"net/url"
	"slices"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/account"
)

// formSends is what the request form sends as drawn, before anyone touches
// it, as a browser picks the defaults: a select's option marked selected,
// else its first; the checked radio.
func formSends(t *testing.T, page *html.Node) (delegation, kind, bloc string) {
	t.Helper()
	form := one(t, page, "form", "id", "request-form")
	pick := func(name string) string {
		opts := find(one(t, form, "select", "name", name), "option")
		if len(opts) == 0 {
			t.Fatalf("select %s has no option", name)
		}
		if i := slices.IndexFunc(opts, func(o *html.Node) bool { return has(o, "selected") }); i >= 0 {
			return attr(opts[i], "value")
		}
		return attr(opts[0], "value")
	}
	for _, r := range find(form, "input", "name", "kind") {
		if has(r, "checked") {
			kind = attr(r, "value")
		}
	}
	return pick("delegation_id"), kind, pick("on_behalf_of")
}

// has reports whether n carries the attribute at all (selected, checked).
func has(n *html.Node, name string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == name })
}

// TestSpeakersRequestFormSendsWhatWasChosen: the secretariat's form names
// no delegation until one is chosen (a form drawn again cannot send the
// first delegation unnoticed); a request on behalf of a bloc the
// delegation does not belong to is refused and drawn again exactly as
// chosen, so sending it again after a correction sends the rest unchanged;
// and what is accepted is exactly what was sent.
func TestSpeakersRequestFormSendsWhatWasChosen(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := setupFloor(t, s, true)
		sec := fmt.Sprintf("secretariat%d@example.org", s.counter())
		s.user(sec, account.Administrator)
		admin := s.client().signIn(sec)
		wantStatus(t, admin.postForm(f.path("/open"), nil), 303)

		res := admin.get(f.path(""))
		wantStatus(t, res, 200)
		if d, k, b := formSends(t, doc(t, res)); d != "" || k != "floor" || b != "" {
			t.Fatalf("the untouched form sends delegation %q, kind %q, bloc %q; want none, floor, none", d, k, b)
		}
		// Sent untouched, it is refused: no delegation was chosen.
		wantStatus(t, admin.postForm(f.path("/request"), url.Values{"delegation_id": {""}, "kind": {"floor"}}), 400)

		// China is no member of CELAC.
		res = admin.postForm(f.path("/request"), url.Values{"delegation_id": {fmt.Sprint(f.chn)}, "kind": {"right_of_reply"}, "on_behalf_of": {"CELAC"}})
		wantStatus(t, res, 400)
		page := doc(t, res)
		if got, want := text(one(t, page, "p", "id", "form-error")), "A delegation may speak only on behalf of a group it belongs to."; got != want {
			t.Fatalf("refusal reads %q, want %q", got, want)
		}
		if d, k, b := formSends(t, page); d != fmt.Sprint(f.chn) || k != "right_of_reply" || b != "CELAC" {
			t.Fatalf("the refused form is drawn again sending %q, %q, %q; want China (%d), right_of_reply, CELAC", d, k, b, f.chn)
		}
		if got := admin.board(f).Waiting; len(got) != 0 {
			t.Fatalf("refused requests were added: %+v", got)
		}

		// Brazil is.
		wantStatus(t, admin.postForm(f.path("/request"), url.Values{"delegation_id": {fmt.Sprint(f.bra)}, "kind": {"right_of_reply"}, "on_behalf_of": {"CELAC"}}), 303)
		var b struct {
			Waiting []struct {
				Code, Kind string
				OnBehalfOf string `json:"on_behalf_of"`
			} `json:"waiting"`
		}
		wantStatus(t, admin.api("GET", "/api/v1"+f.path(""), "", &b), 200)
		if len(b.Waiting) != 1 || b.Waiting[0].Code != "BRA" || b.Waiting[0].Kind != "right_of_reply" || b.Waiting[0].OnBehalfOf != "CELAC" {
			t.Fatalf("the list holds %+v, want only Brazil, right of reply, on behalf of CELAC", b.Waiting)
		}
	})
}
