package practice_test

import (
	"fmt"
	"strings"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/practice"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// readers are the columns of the tables below, in order.
var readerNames = []string{"anonymous", "observer", "validator of BRA", "chair", "delegate of BRA", "delegate of ARG", "secretariat"}

func (f *fixture) readers() []*account.User {
	return []*account.User{nil, f.observer, f.validator, f.chair, f.delegate["BRA"], f.delegate["ARG"], f.admin}
}

// whoReads is who reads a practice of Brazil in each state, and who reads
// its contact once published, written by hand from the rule in words: a
// draft is its delegation's; a submitted practice its delegation's and the
// secretariat's; a published one everyone's; the contact is for the room
// (accredited participants: the chair, delegates, the secretariat).
//
// Columns: anonymous, observer, validator of BRA, chair, delegate of BRA,
// delegate of ARG, secretariat.
var whoReads = map[string]string{
	"draft":     ". . . . x . x",
	"submitted": ". . . . x . x",
	"published": "x x x x x x x",
	"contact":   ". . . x x x x",
}

func TestWhoReadsAPracticeInEachState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		bra := f.delegate["BRA"]
		p, err := f.svc.Create(bg, bra, practiceIn("BRA", "Mobile clinics", "Remote villages far from hospitals.", "Fewer deaths."))
		must(t, err)
		if p.State != practice.Draft || p.Contact != "focal.point@bra.example" {
			t.Fatalf("created: state %s, contact %q; want a draft its author reads with the contact", p.State, p.Contact)
		}
		check := func(state string) {
			t.Helper()
			want := strings.Fields(whoReads[state])
			for i, v := range f.readers() {
				got, err := f.svc.Get(bg, v, p.ID)
				reads := err == nil
				if reads != (want[i] == "x") {
					t.Errorf("%s practice, %s: reads %v (err %v), want %s", state, readerNames[i], reads, err, want[i])
				}
				if !reads && code(err) != "not_found" {
					t.Errorf("%s practice, %s: error %v, want not_found", state, readerNames[i], err)
				}
				page, err := f.svc.List(bg, v, practice.Filter{})
				must(t, err)
				if listed := page.Total == 1 && len(page.Items) == 1; listed != (want[i] == "x") {
					t.Errorf("%s practice, %s: listed %v (total %d), want %s", state, readerNames[i], listed, page.Total, want[i])
				}
				if state == "published" && reads {
					wantContact := strings.Fields(whoReads["contact"])[i] == "x"
					if (got.Contact == "focal.point@bra.example") != wantContact || got.ContactHidden == wantContact {
						t.Errorf("published practice, %s: contact %q hidden %v; want shown %v", readerNames[i], got.Contact, got.ContactHidden, wantContact)
					}
					if c := page.Items[0].Contact; (c != "") != wantContact {
						t.Errorf("published practice listed, %s: contact %q; want shown %v", readerNames[i], c, wantContact)
					}
				}
			}
		}
		check("draft")
		if _, err := f.svc.Publish(bg, f.admin, p.ID); code(err) != "practice_state" {
			t.Errorf("publishing a draft: %v, want practice_state", err)
		}
		_, err = f.svc.Submit(bg, bra, p.ID)
		must(t, err)
		check("submitted")
		if _, err := f.svc.Publish(bg, bra, p.ID); code(err) != "secretariat_only" {
			t.Errorf("its delegate publishing: %v, want secretariat_only", err)
		}
		if _, err := f.svc.Submit(bg, bra, p.ID); code(err) != "practice_state" {
			t.Errorf("submitting twice: %v, want practice_state", err)
		}
		p, err = f.svc.Publish(bg, f.admin, p.ID)
		must(t, err)
		if p.State != practice.Published || p.PublishedAt == nil {
			t.Fatalf("published: state %s, published at %v", p.State, p.PublishedAt)
		}
		check("published")
	})
}

func TestTheWorkflowAndWhoWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		bra, arg := f.delegate["BRA"], f.delegate["ARG"]
		in := practiceIn("BRA", "Mobile clinics", "Remote villages far from hospitals.", "Fewer deaths.")

		// Writing for another state.
		if _, err := f.svc.Create(bg, arg, in); code(err) != "not_your_state" {
			t.Errorf("Argentina's delegate writing Brazil's practice: %v, want not_your_state", err)
		}
		for _, v := range []*account.User{nil, f.observer, f.validator, f.chair} {
			if _, err := f.svc.Create(bg, v, in); code(err) != "forbidden" {
				t.Errorf("%v writing a practice: %v, want forbidden", v, err)
			}
		}
		// The secretariat writes for any participating state.
		mex := practiceIn("MEX", "School meals", "", "")
		byAdmin, err := f.svc.Create(bg, f.admin, mex)
		must(t, err)
		if byAdmin.Country != "MEX" || byAdmin.AuthorID != f.admin.ID {
			t.Errorf("the secretariat's practice: country %s author %d", byAdmin.Country, byAdmin.AuthorID)
		}

		p, err := f.svc.Create(bg, bra, in)
		must(t, err)
		if got := strings.Join(p.Concepts, " "); got != "rural-development" {
			t.Errorf("concepts tagged from the text: %q, want rural-development (\"remote\")", got)
		}
		in.Title = "Mobile clinics for remote villages"
		in.Concepts = []string{"child-health"}
		p, err = f.svc.Update(bg, bra, p.ID, in)
		must(t, err)
		if p.Texts["en"].Title != in.Title || strings.Join(p.Concepts, " ") != "child-health rural-development" {
			t.Errorf("updated: title %q concepts %v", p.Texts["en"].Title, p.Concepts)
		}
		if _, err := f.svc.Update(bg, arg, p.ID, in); code(err) != "not_found" {
			t.Errorf("Argentina's delegate updating Brazil's draft (which it cannot read): %v, want not_found", err)
		}

		// A translation by a person.
		p, err = f.svc.SetText(bg, bra, p.ID, "es", practice.Text{Title: "Clínicas móviles", Context: "Aldeas remotas.", Review: practice.ReviewReviewed})
		must(t, err)
		es := p.Texts["es"]
		if es.Origin != practice.OriginHuman || es.Review != practice.ReviewReviewed || p.Texts["en"].Origin != practice.OriginOriginal {
			t.Errorf("texts: es %s/%s, en %s", es.Origin, es.Review, p.Texts["en"].Origin)
		}
		if got, fallback := p.In("es"); got.Title != "Clínicas móviles" || fallback {
			t.Errorf("in Spanish: %q fallback %v", got.Title, fallback)
		}
		if got, fallback := p.In("zh"); got.Title != in.Title || !fallback {
			t.Errorf("in Chinese: %q fallback %v, want the English original as a fallback", got.Title, fallback)
		}
		if _, err := f.svc.SetText(bg, bra, p.ID, "en", practice.Text{Title: "x"}); code(err) != "translation_language" {
			t.Errorf("a translation into the original's language: %v", err)
		}
		// Changing the original sends people's translations back to review.
		in.Results = "Deaths of children under five fell by a third."
		p, err = f.svc.Update(bg, bra, p.ID, in)
		must(t, err)
		if p.Texts["es"].Review != practice.ReviewPending {
			t.Errorf("the Spanish translation after the original changed: %s, want pending", p.Texts["es"].Review)
		}

		// Returned with a note, submitted again, published; then only the
		// secretariat edits it.
		_, err = f.svc.Submit(bg, bra, p.ID)
		must(t, err)
		if _, err := f.svc.Return(bg, bra, p.ID, "Please add costs."); code(err) != "secretariat_only" {
			t.Errorf("its delegate returning it: %v", err)
		}
		p, err = f.svc.Return(bg, f.admin, p.ID, "Please add costs.")
		must(t, err)
		if p.State != practice.Draft {
			t.Errorf("returned: %s, want draft", p.State)
		}
		in.Costs = "About 2 million reais a year."
		_, err = f.svc.Update(bg, bra, p.ID, in)
		must(t, err)
		_, err = f.svc.Submit(bg, bra, p.ID)
		must(t, err)
		_, err = f.svc.Publish(bg, f.admin, p.ID)
		must(t, err)
		if _, err := f.svc.Update(bg, bra, p.ID, in); code(err) != "practice_published" {
			t.Errorf("its delegate editing it once published: %v, want practice_published", err)
		}
		in.Costs = "About 2.1 million reais a year."
		if p, err = f.svc.Update(bg, f.admin, p.ID, in); err != nil || p.Costs != in.Costs || p.State != practice.Published {
			t.Errorf("the secretariat editing it once published: %v, costs %q state %s", err, p.Costs, p.State)
		}

		// Every write is audited and announced to search.
		var audited int
		must(t, db.Reader().QueryRow(bg, "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'practice' AND entity_id = ?", fmt.Sprint(p.ID)).Scan(&audited))
		// create, update, translate, update, submit, return, update, submit, publish, update
		if audited != 10 {
			t.Errorf("audit entries of the practice: %d, want 10", audited)
		}
		var announced int
		must(t, db.Reader().QueryRow(bg, "SELECT COUNT(*) FROM search_outbox WHERE doc_id = ?", fmt.Sprintf("practice:%d", p.ID)).Scan(&announced))
		var translation int
		must(t, db.Reader().QueryRow(bg, "SELECT COUNT(*) FROM search_outbox WHERE doc_id = ?", fmt.Sprintf("practice:%d:es", p.ID)).Scan(&translation))
		if announced != 10 || translation != 8 {
			t.Errorf("search outbox: practice:%d %d times, its Spanish version %d times; want 10 and 8 (the translation and the seven writes after it)", p.ID, announced, translation)
		}
	})
}
