package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"roundtable/internal/account"
)

func TestRecordPages(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		admin := s.token("sec@example.org", account.Administrator)
		ids := setupRecord(t, s, c, admin)
		s.user("bra@example.org", account.Delegate)
		bra := s.client().signIn("bra@example.org")

		// The delegate files a statement through the form.
		res := bra.postForm(fmt.Sprintf("/editions/%d/statements", ids.edition), url.Values{
			"delegation_id": {fmt.Sprint(ids.bra)}, "session_id": {fmt.Sprint(ids.session)}, "language": {"pt"},
			"title": {"Direito ao desenvolvimento"}, "text": {"O direito ao desenvolvimento <b>é</b> um direito humano."},
			"visibility": {"public"}, "delivered_on": {"2024-11-19"}})
		wantStatus(t, res, 303)
		loc := res.Header.Get("Location")
		if !strings.HasPrefix(loc, "/statements/") {
			t.Fatalf("redirected to %q", loc)
		}
		// A bad form is shown again with its error, nothing saved.
		res = bra.postForm(fmt.Sprintf("/editions/%d/statements", ids.edition), url.Values{
			"delegation_id": {fmt.Sprint(ids.bra)}, "language": {"pt"}, "text": {""}, "visibility": {"public"}})
		wantStatus(t, res, 400)
		if f := attr(one(t, doc(t, res), "p", "id", "form-error"), "data-field"); f != "text" {
			t.Fatalf("error on %q", f)
		}

		// The public sees it on the edition page and on its own page, in Chinese.
		pub := s.client()
		pub.lang = "zh"
		d := doc(t, pub.get(fmt.Sprintf("/editions/%d", ids.edition)))
		if n := len(find(d, "ul", "class", "statement-list")); n != 1 {
			t.Fatalf("%d statement lists on the edition page", n)
		}
		d = doc(t, pub.get(loc))
		orig := one(t, d, "div", "id", "original")
		if attr(orig, "lang") != "pt-BR" || !strings.Contains(text(orig), "<b>é</b>") || len(find(orig, "b")) != 0 {
			t.Fatalf("original shown as %q", text(orig))
		}
		// China's delegate may not edit Brazil's statement through the form.
		s.user("chn@example.org", account.Delegate)
		s.db.Reader().Exec(t.Context(), "UPDATE users SET delegation = 'CHN' WHERE email = 'chn@example.org'")
		chn := s.client().signIn("chn@example.org")
		res = chn.postForm(loc, url.Values{"delegation_id": {fmt.Sprint(ids.bra)}, "language": {"pt"}, "text": {"alterado"}, "visibility": {"public"}})
		wantStatus(t, res, 403)
		if txt := text(one(t, doc(t, pub.get(loc)), "div", "id", "original")); strings.Contains(txt, "alterado") {
			t.Fatal("another delegation changed the statement")
		}
		// The secretariat's manage page lists the delegations with their forms.
		adminUI := s.client().signIn("sec@example.org")
		wantStatus(t, adminUI.get(fmt.Sprintf("/editions/%d/manage", ids.edition)), 200)
		wantStatus(t, bra.get(fmt.Sprintf("/editions/%d/manage", ids.edition)), 403)
	})
}
