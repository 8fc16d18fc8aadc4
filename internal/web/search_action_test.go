package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"roundtable/internal/account"
	commitmentsvc "roundtable/internal/commitment"
	"roundtable/internal/outbox"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// searchActionRows stores a public commitment of Brazil, a published and a
// draft report on it, and a published practice of Mexico written in
// Spanish with a Chinese translation, each text holding the word
// "xenodochial"; each queues its search document as its service does.
func searchActionRows(t *testing.T, db *store.DB, validator int64) (commitment, published, draft, practice string) {
	t.Helper()
	ctx := context.Background()
	var c, r, d, p int64
	err := db.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO commitments (source, title, text, language, level, starts_on, due_on, created_at, updated_at)
			VALUES ('statement', 'Xenodochial registries', 'Every child registered at birth by xenodochial mobile registrars.', 'en', 'public',
			'2025-01-01', '2030-12-31', ?, ?) RETURNING id`, now, now).Scan(&c); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO commitment_owners (commitment_id, country) VALUES (?, 'BRA')", c); err != nil {
			return err
		}
		report := func(state string, by, at any) (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state,
				validated_by, validated_at, published_at, created_at, updated_at)
				VALUES (?, 'BRA', '2025-06-30', 'in_progress', ?, 'en', ?, ?, ?, ?, ?, ?) RETURNING id`,
				c, "The xenodochial registrars reached 400 villages ("+state+").", state, by, at, at, now, now).Scan(&id)
			return id, err
		}
		var err error
		if r, err = report("published", validator, now); err != nil {
			return err
		}
		if d, err = report("draft", nil, nil); err != nil {
			return err
		}
		if err := commitmentsvc.RecountLatest(ctx, tx); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO practices (country, language, contact, state, created_at, updated_at, published_at)
			VALUES ('MEX', 'es', 'Dra. Quokkafrida Zumárraga, +52 55 5555 0000', 'published', ?, ?, ?) RETURNING id`, now, now, now).Scan(&p); err != nil {
			return err
		}
		for _, x := range [][4]string{
			{"es", "Telemedicina serrana", "Consultas xenodochial por telemedicina en comunidades serranas.", "original"},
			{"zh", "山区远程医疗", "山区社区的远程医疗咨询。", "human"},
		} {
			if _, err := tx.Exec(ctx, `INSERT INTO practice_texts (practice_id, language, title, context, origin, review, updated_at)
				VALUES (?, ?, ?, ?, ?, 'reviewed', ?)`, p, x[0], x[1], x[2], x[3], now); err != nil {
				return err
			}
		}
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		return outbox.Search(ctx, tx, "commitment:"+id(c), "report:"+id(r), "report:"+id(d), "practice:"+id(p), "practice:"+id(p)+":zh")
	})
	if err != nil {
		t.Fatal(err)
	}
	n := func(x int64) string { return strconv.FormatInt(x, 10) }
	return n(c), n(r), n(d), n(p)
}

// TestSearchActionKinds: the search page lists commitments, progress
// reports and practices, each named in the reader's language and linked
// to its page (a report to its place on its commitment's page, a
// practice's versions to its text in each language); the kind facet
// counts and filters them; a draft report is not the public's; a
// practice's contact is found by nobody.
func TestSearchActionKinds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, svc, _ := searchSiteWith(t, db, nil)
		admin := s.user("admin.search@example.org", account.Administrator)
		cid, rid, did, pid := searchActionRows(t, db, admin.ID)
		if _, err := svc.CatchUp(context.Background()); err != nil {
			t.Fatal(err)
		}
		c := s.client()
		c.lang = "es"
		d := doc(t, c.get("/search?q=xenodochial"))
		type seen struct{ href, kind string }
		got := map[string]seen{}
		for _, h := range find(one(t, d, "ol", "id", "results"), "li") {
			a := one(t, one(t, h, "h2"), "a")
			kind, _, _ := strings.Cut(text(one(t, h, "p", "class", "result-meta")), " · ")
			got[attr(h, "data-id")] = seen{attr(a, "href"), kind}
		}
		want := map[string]seen{
			"commitment:" + cid: {"/commitments/" + cid, "Compromiso"},
			"report:" + rid:     {"/commitments/" + cid + "#report-" + rid, "Informe de avance"},
			"practice:" + pid:   {"/practices/" + pid + "?lang=es", "Práctica"},
		}
		if len(got) != len(want) {
			t.Errorf("the public finds %v, want %v (no draft report %s)", got, want, did)
		}
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s: %+v, want %+v", id, got[id], w)
			}
		}

		// The kind facet names and counts each kind; choosing one keeps it.
		kinds := map[string]string{}
		for _, sec := range find(one(t, d, "aside", "class", "facets"), "section") {
			if text(one(t, sec, "h2")) != "Tipo" {
				continue
			}
			for _, li := range find(sec, "li") {
				a := one(t, li, "a")
				kinds[text(a)] = strings.TrimSpace(strings.TrimPrefix(text(li), text(a)))
			}
		}
		if kinds["Compromiso"] != "(1)" || kinds["Informe de avance"] != "(1)" || kinds["Práctica"] != "(1)" {
			t.Errorf("kind facet %v, want one commitment, one report, one practice", kinds)
		}
		d = doc(t, c.get("/search?q=xenodochial&type=report"))
		if hits := find(one(t, d, "ol", "id", "results"), "li"); len(hits) != 1 || attr(hits[0], "data-id") != "report:"+rid {
			t.Errorf("type=report: %d hits", len(hits))
		}

		// A Chinese query finds the Spanish practice through its Chinese
		// text, shown in it, each version linked to the practice's text.
		c.lang = "en"
		d = doc(t, c.get("/search?q="+url.QueryEscape("远程医疗")))
		h := one(t, one(t, d, "ol", "id", "results"), "li", "data-id", "practice:"+pid)
		if attr(h, "data-shown") != "zh" || attr(h, "data-original") != "es" || attr(h, "data-matched-by") != "text" {
			t.Errorf("practice shown in %s, original %s, matched by %s", attr(h, "data-shown"), attr(h, "data-original"), attr(h, "data-matched-by"))
		}
		var versions []string
		for _, a := range find(one(t, h, "p", "class", "hit-versions"), "a") {
			versions = append(versions, attr(a, "href"))
		}
		if strings.Join(versions, " ") != "/practices/"+pid+"?lang=es /practices/"+pid+"?lang=zh" {
			t.Errorf("versions link to %v", versions)
		}

		// The secretariat finds the draft report; nobody finds the contact.
		ac := s.client()
		ac.signIn("admin.search@example.org")
		d = doc(t, ac.get("/search?q=xenodochial&type=report"))
		if hits := find(one(t, d, "ol", "id", "results"), "li"); len(hits) != 2 {
			t.Errorf("the secretariat finds %d reports, want 2", len(hits))
		}
		for _, cl := range []*client{c, ac} {
			d = doc(t, cl.get("/search?q=Quokkafrida"))
			if hits := find(d, "li", "class", "result"); len(hits) != 0 {
				t.Errorf("the contact is found: %d hits", len(hits))
			}
		}
	})
}
