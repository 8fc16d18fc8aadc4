package discovery_test

import (
	"context"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	commitmentpkg "roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/outbox"
	"roundtable/internal/search"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// Practical action's rows are written here as the commitment and practice
// services store them, each with the search document it queues in the
// same transaction ("commitment:<id>", "report:<id>", "practice:<id>", a
// practice's text "practice:<id>:<lang>"): what search finds is decided by
// the rows, whichever code writes them.

type actionRows struct {
	t  *testing.T
	db *store.DB
}

// commitment stores a commitment of edition (0: none) at level, owned by
// owners and tagged with concepts.
func (a actionRows) commitment(edition int64, level, lang, title, text string, owners, concepts []string) int64 {
	a.t.Helper()
	var id int64
	a.write(func(ctx context.Context, tx *store.Tx) error {
		var ed any
		if edition != 0 {
			ed = edition
		}
		now := store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO commitments (edition_id, source, title, text, language, level, starts_on, due_on, created_at, updated_at)
			VALUES (?, 'statement', ?, ?, ?, ?, '2025-01-01', '2030-12-31', ?, ?) RETURNING id`, ed, title, text, lang, level, now, now).Scan(&id); err != nil {
			return err
		}
		for _, c := range owners {
			if _, err := tx.Exec(ctx, "INSERT INTO commitment_owners (commitment_id, country) VALUES (?, ?)", id, c); err != nil {
				return err
			}
		}
		for _, c := range concepts {
			if _, err := tx.Exec(ctx, "INSERT INTO commitment_concepts (commitment_id, concept_id) VALUES (?, ?)", id, c); err != nil {
				return err
			}
		}
		return outbox.Search(ctx, tx, "commitment:"+itoa(id))
	})
	return id
}

// report stores a progress report of country on commitment in state; a
// published one names validator as the one who approved it.
func (a actionRows) report(commitment int64, country, state, lang, narrative string, validator int64) int64 {
	a.t.Helper()
	var id int64
	a.write(func(ctx context.Context, tx *store.Tx) error {
		now := store.Now()
		var by, at any
		if state == "published" {
			by, at = validator, now
		}
		if err := tx.QueryRow(ctx, `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state,
			validated_by, validated_at, published_at, created_at, updated_at)
			VALUES (?, ?, '2025-06-30', 'in_progress', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			commitment, country, narrative, lang, state, by, at, at, now, now).Scan(&id); err != nil {
			return err
		}
		if err := commitmentpkg.RecountLatest(ctx, tx); err != nil {
			return err
		}
		return outbox.Search(ctx, tx, "report:"+itoa(id))
	})
	return id
}

// setReport moves report id to state (as filing, a validator's approval
// or a return does); a published one names validator as its approver.
func (a actionRows) setReport(id int64, state string, validator int64) {
	a.t.Helper()
	a.write(func(ctx context.Context, tx *store.Tx) error {
		var by, at any
		if state == "published" {
			by, at = validator, store.Now()
		}
		if _, err := tx.Exec(ctx, `UPDATE progress_reports SET state = ?, validated_by = ?, validated_at = ?, published_at = ? WHERE id = ?`,
			state, by, at, at, id); err != nil {
			return err
		}
		if err := commitmentpkg.RecountLatest(ctx, tx); err != nil {
			return err
		}
		return outbox.Search(ctx, tx, "report:"+itoa(id))
	})
}

// practiceText is a practice's text in one language.
type practiceText struct {
	lang, title, context, actions, origin string
}

// practice stores a practice of country in state, written in its first
// text's language, with contact.
func (a actionRows) practice(country, state, contact string, concepts []string, texts ...practiceText) int64 {
	a.t.Helper()
	var id int64
	a.write(func(ctx context.Context, tx *store.Tx) error {
		now := store.Now()
		var published any
		if state == "published" {
			published = now
		}
		if err := tx.QueryRow(ctx, `INSERT INTO practices (country, language, institutions, contact, state, created_at, updated_at, published_at)
			VALUES (?, ?, 'Ministerio de Salud', ?, ?, ?, ?, ?) RETURNING id`, country, texts[0].lang, contact, state, now, now, published).Scan(&id); err != nil {
			return err
		}
		for _, c := range concepts {
			if _, err := tx.Exec(ctx, "INSERT INTO practice_concepts (practice_id, concept_id) VALUES (?, ?)", id, c); err != nil {
				return err
			}
		}
		for _, x := range texts {
			if err := insertPracticeText(ctx, tx, id, x); err != nil {
				return err
			}
		}
		return outbox.Search(ctx, tx, "practice:"+itoa(id))
	})
	return id
}

// translatePractice adds a text to practice id, queued as the version
// "practice:<id>:<lang>".
func (a actionRows) translatePractice(id int64, x practiceText) {
	a.t.Helper()
	a.write(func(ctx context.Context, tx *store.Tx) error {
		if err := insertPracticeText(ctx, tx, id, x); err != nil {
			return err
		}
		return outbox.Search(ctx, tx, "practice:"+itoa(id)+":"+x.lang)
	})
}

func insertPracticeText(ctx context.Context, tx *store.Tx, id int64, x practiceText) error {
	review := "reviewed"
	if x.origin == "machine" {
		review = "pending"
	}
	_, err := tx.Exec(ctx, `INSERT INTO practice_texts (practice_id, language, title, context, actions, origin, review, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, x.lang, x.title, x.context, x.actions, x.origin, review, store.Now())
	return err
}

func (a actionRows) write(fn func(context.Context, *store.Tx) error) {
	a.t.Helper()
	ctx := context.Background()
	if err := a.db.Write(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		a.t.Fatal(err)
	}
}

// newUser creates an account of role (and delegation).
func (w *world) newUser(t *testing.T, email string, role account.Role, delegation string) *account.User {
	t.Helper()
	u, err := w.acc.Create(context.Background(), audit.System("test"), account.NewUser{Email: email, DisplayName: "x", Role: role,
		Delegation: delegation, Password: "a password long enough", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return &u
}

// hit is the hit with id among q's for reader u, if any.
func (w *world) hit(t *testing.T, u *account.User, q, id string) (search.Hit, bool) {
	t.Helper()
	ctx := context.Background()
	if _, err := w.svc.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.Search(ctx, u, discovery.Request{Text: q, Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	for _, h := range res.Hits {
		if h.ID == id {
			return h, true
		}
	}
	return search.Hit{}, false
}

// TestCommitmentsAndReportsAreFound: a commitment written in English is
// found by an English query, and — tagged with the right to development —
// by that concept named in Chinese and in Spanish; its published report,
// written in Portuguese, is found by the report's words and through its
// commitment's concept. Each links to the commitment's page.
func TestCommitmentsAndReportsAreFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, false)
		a := actionRows{t, db}
		admin := w.newUser(t, "sec@example.org", account.Administrator, "")
		c := a.commitment(0, "public", "en", "Registration at birth",
			"Every child registered at birth by 2030, through mobile registrars reaching zygomorphic villages.", []string{"BRA", "CHN"}, []string{"right-to-development"})
		r := a.report(c, "BRA", "published", "pt", "Os registradores móveis chegaram a quatrocentas aldeias ribeirinhas.", admin.ID)
		cid, rid := "commitment:"+itoa(c), "report:"+itoa(r)

		h, ok := w.hit(t, nil, "zygomorphic villages", cid)
		if !ok || h.Type != "commitment" || h.URL != "/commitments/"+itoa(c) || h.Title != "Registration at birth" || h.MatchedBy != search.MatchedText {
			t.Errorf("English query: %+v (found %v), want the commitment, matched by its text", h, ok)
		}
		for _, q := range []string{"发展权", `"derecho al desarrollo"`} {
			if h, ok := w.hit(t, nil, q, cid); !ok || h.MatchedBy != search.MatchedConcept {
				t.Errorf("%s: commitment %+v (found %v), want it matched by the concept", q, h, ok)
			}
			if _, ok := w.hit(t, nil, q, rid); !ok {
				t.Errorf("%s: the published report is not found through its commitment's concept", q)
			}
		}
		h, ok = w.hit(t, nil, "aldeias ribeirinhas", rid)
		if !ok || h.Type != "report" || h.URL != "/commitments/"+itoa(c)+"#report-"+itoa(r) || h.Original != "pt" || h.Title != "Registration at birth" {
			t.Errorf("Portuguese query: %+v (found %v), want the report under its commitment's title, linked on its page", h, ok)
		}
		// The country filter finds a commitment by either owner.
		for _, country := range []string{"BRA", "CHN"} {
			res, err := w.svc.Search(context.Background(), nil, discovery.Request{Text: "zygomorphic", Filters: search.Filters{Country: country}, Limit: 10})
			if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != cid {
				t.Errorf("country %s: %+v, %v; want the commitment", country, res.Hits, err)
			}
		}
	})
}

// TestReportFollowsItsWayToPublication: a draft report is found by its
// delegation, not the public; submitted, by the validator of its state,
// not another's; published, as its commitment is read: by the room while
// the commitment is the participants', by everyone once it is public —
// though only the commitment was queued when it changed.
func TestReportFollowsItsWayToPublication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, false)
		a := actionRows{t, db}
		admin := w.newUser(t, "sec@example.org", account.Administrator, "")
		bra := w.newUser(t, "bra@example.org", account.Delegate, "BRA")
		valBRA := w.newUser(t, "val.bra@example.org", account.Validator, "BRA")
		valCHN := w.newUser(t, "val.chn@example.org", account.Validator, "CHN")
		chair := w.newUser(t, "chair@example.org", account.Chair, "")
		c := a.commitment(0, "participants", "en", "Birth registration", "Every child registered at birth.", []string{"BRA"}, nil)
		r := a.report(c, "BRA", "draft", "es", "Los registradores itinerantes visitaron cuatrocientas aldeas xerófilas.", 0)
		id := "report:" + itoa(r)
		type reader struct {
			name string
			u    *account.User
		}
		check := func(step string, want map[string]bool) {
			t.Helper()
			for _, rd := range []reader{{"public", nil}, {"chair", chair}, {"delegate of BRA", bra}, {"validator of BRA", valBRA}, {"validator of CHN", valCHN}, {"secretariat", admin}} {
				if _, got := w.hit(t, rd.u, "xerófilas", id); got != want[rd.name] {
					t.Errorf("%s: found by %s: %v, want %v", step, rd.name, got, want[rd.name])
				}
			}
		}
		check("draft", map[string]bool{"delegate of BRA": true, "secretariat": true})
		a.setReport(r, "submitted", 0)
		check("submitted", map[string]bool{"delegate of BRA": true, "validator of BRA": true, "secretariat": true})
		a.setReport(r, "returned", valBRA.ID)
		check("returned", map[string]bool{"delegate of BRA": true, "secretariat": true})
		a.setReport(r, "published", valBRA.ID)
		check("published, commitment for participants", map[string]bool{"chair": true, "delegate of BRA": true, "secretariat": true})
		a.write(func(ctx context.Context, tx *store.Tx) error {
			if _, err := tx.Exec(ctx, "UPDATE commitments SET level = 'public' WHERE id = ?", c); err != nil {
				return err
			}
			return outbox.Search(ctx, tx, "commitment:"+itoa(c))
		})
		check("published, commitment public", map[string]bool{"public": true, "chair": true, "delegate of BRA": true, "validator of BRA": true, "validator of CHN": true, "secretariat": true})
	})
}

// TestPracticeIsFoundInEveryLanguageItHas: a practice written in Spanish
// is found by a Chinese query once it has a Chinese text, and not before;
// its contact is found by nobody, not even the secretariat.
func TestPracticeIsFoundInEveryLanguageItHas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, false)
		a := actionRows{t, db}
		admin := w.newUser(t, "sec@example.org", account.Administrator, "")
		p := a.practice("MEX", "published", "Dra. Quetzalina Ocotlán, quokkamente@salud.example.mx", nil, practiceText{lang: "es",
			title: "Telemedicina para comunidades serranas", context: "Comunidades serranas sin médico residente.",
			actions: "Consultas por telemedicina desde centros de salud regionales.", origin: "original"})
		id := "practice:" + itoa(p)
		if _, ok := w.hit(t, nil, "telemedicina serranas", id); !ok {
			t.Error("the Spanish query does not find the practice written in Spanish")
		}
		if _, ok := w.hit(t, nil, "远程医疗", id); ok {
			t.Error("a Chinese query finds the practice before it has a Chinese text")
		}
		a.translatePractice(p, practiceText{lang: "zh", title: "山区社区的远程医疗", context: "山区社区没有常驻医生。",
			actions: "由地区卫生中心提供远程医疗咨询。", origin: "human"})
		h, ok := w.hit(t, nil, "远程医疗", id)
		if !ok || h.Type != "practice" || h.URL != "/practices/"+itoa(p) || h.Original != "es" || h.Language != "zh" ||
			h.Title != "山区社区的远程医疗" || h.MatchedBy != search.MatchedText || len(h.Versions) != 2 {
			t.Errorf("Chinese query: %+v (found %v), want the practice shown in its Chinese text, matched by it, with two versions", h, ok)
		}
		for _, q := range []string{"quokkamente", "Quetzalina", "Ocotlán"} {
			for _, u := range []*account.User{nil, admin} {
				if _, ok := w.hit(t, u, q, id); ok {
					t.Errorf("%s: the practice's contact is searchable (reader %v)", q, u)
				}
			}
		}
	})
}

// TestEditionPublicationReachesCommitments: a public commitment of an
// unpublished edition, and its published report, are the room's; once the
// secretariat publishes the edition the public finds both, though nothing
// in the commitments' area was written.
func TestEditionPublicationReachesCommitments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, false)
		ctx := context.Background()
		a := actionRows{t, db}
		admin := w.newUser(t, "sec@example.org", account.Administrator, "")
		forum, err := w.dlg.CreateForum(ctx, admin, dialogue.Forum{Slug: "china-lac", Names: dialogue.Texts{"en": "China–LAC Roundtable"}})
		if err != nil {
			t.Fatal(err)
		}
		ed, err := w.dlg.CreateEdition(ctx, admin, dialogue.Edition{ForumID: forum.ID, Number: 1, Titles: dialogue.Texts{"en": "Roundtable"},
			StartsOn: "2024-11-19", EndsOn: "2024-11-20", VenueCity: "Brasília", VenueCountry: "BRA", Host: "Brazil", Languages: []string{"en"}})
		if err != nil {
			t.Fatal(err)
		}
		c := a.commitment(ed.ID, "public", "en", "Birth registration", "Every child registered by quodlibetic registrars.", []string{"BRA"}, nil)
		r := a.report(c, "BRA", "published", "en", "The quodlibetic registrars reached 400 villages.", admin.ID)
		ids := []string{"commitment:" + itoa(c), "report:" + itoa(r)}
		chair := w.newUser(t, "chair@example.org", account.Chair, "")
		for _, id := range ids {
			if _, ok := w.hit(t, nil, "quodlibetic", id); ok {
				t.Errorf("%s of an unpublished edition is found by the public", id)
			}
			if _, ok := w.hit(t, chair, "quodlibetic", id); !ok {
				t.Errorf("%s of an unpublished edition is not found by the chair", id)
			}
		}
		ed.Published = true
		if _, err := w.dlg.UpdateEdition(ctx, admin, ed); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if _, ok := w.hit(t, nil, "quodlibetic", id); !ok {
				t.Errorf("%s is not found by the public once its edition is published", id)
			}
		}
	})
}
