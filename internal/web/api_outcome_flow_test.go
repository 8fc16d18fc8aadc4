package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// outcomeAPIFixture is the common-ground fixture (a published edition in
// Chinese, Spanish, Portuguese and English with Brazil, China and
// Argentina accredited, their delegates, the chair, the secretariat and
// an observer) with a declaration the chair opened through the API.
type outcomeAPIFixture struct {
	*groundAPIFixture
	doc int64
}

func newOutcomeAPIFixture(t *testing.T, s *site) *outcomeAPIFixture {
	t.Helper()
	f := &outcomeAPIFixture{groundAPIFixture: newGroundAPIFixture(t, s)}
	d := f.call(t, "POST", f.edition("/outcomes"), f.chair,
		`{"kind": "declaration", "title": "Brasília Declaration on the Right to Development", "language": "en"}`, 201)
	f.doc = int64(d["id"].(float64))
	return f
}

// out is a path under the document.
func (f *outcomeAPIFixture) out(rest string) string {
	return fmt.Sprintf("/api/v1/outcomes/%d%s", f.doc, rest)
}

// draft writes PP1, OP1 and OP2 (with a bracketed year) and issues the
// zero draft.
func (f *outcomeAPIFixture) draft(t *testing.T) {
	t.Helper()
	for _, p := range []string{
		`{"kind": "preambular", "text": "Recalling the Universal Declaration of Human Rights,"}`,
		`{"kind": "operative", "text": "Agree to cooperate on the right to development;"}`,
		`{"kind": "operative", "text": "Decide to meet again in [2026]."}`,
	} {
		f.call(t, "POST", f.out("/paragraphs"), f.chair, p, 201)
	}
	f.call(t, "POST", f.out("/revisions"), f.chair, `{}`, 201)
}

// version is a paragraph's text_version as the API reads it.
func (f *outcomeAPIFixture) version(t *testing.T, label string) int {
	t.Helper()
	return int(f.call(t, "GET", f.out("/paragraphs/"+label), f.chair, "", 200)["text_version"].(float64))
}

// adopt takes the fixture's text to adoption by consensus: OP2's year
// agreed by Brazil's amendment, Rev.1 issued, adopted.
func (f *outcomeAPIFixture) adopt(t *testing.T) map[string]any {
	t.Helper()
	a := f.call(t, "POST", f.out("/amendments"), f.bra1, `{"kind": "replace", "paragraph": "OP2", "text": "Decide to meet again in 2026."}`, 201)
	f.call(t, "POST", fmt.Sprintf("/api/v1/amendments/%d/accept", int64(a["id"].(float64))), f.chair, "", 200)
	f.call(t, "POST", f.out("/revisions"), f.chair, `{}`, 201)
	return f.call(t, "POST", f.out("/adoption"), f.chair, `{"method": "consensus"}`, 200)
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// The chair opens a declaration, drafts it and issues the zero draft;
// Brazil amends, China objects and then comes round; the chair accepts,
// issues Rev.1 and the room adopts it by consensus; Brazil explains its
// position after adoption; the public then reads the text, not the
// positions. Nothing but the API is used.
func TestOutcomeFromDraftToAdoptionThroughTheAPI(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newOutcomeAPIFixture(t, s)
		list := decode[struct{ Items []struct{ ID int64 } }](t, f.c.do("GET", f.edition("/outcomes"), nil, f.bra1))
		if len(list.Items) != 1 || list.Items[0].ID != f.doc {
			t.Fatalf("the edition's outcomes: %+v", list.Items)
		}
		// Drafting is the room's: the public finds nothing yet.
		wantError(t, f.c.do("GET", f.out(""), nil, f.obs), 404, "not_found", "")

		f.draft(t)
		bis := f.call(t, "POST", f.out("/paragraphs"), f.chair, `{"after": "OP1", "text": "Encourage exchanges between experts;"}`, 201)
		if bis["label"] != "OP1bis" {
			t.Errorf("a paragraph inserted after OP1 is %v, want OP1bis", bis["label"])
		}
		type para struct{ Label, Kind string }
		paras := decode[struct{ Items []para }](t, f.c.do("GET", f.out("/paragraphs"), nil, f.chn))
		if fmt.Sprint(paras.Items) != "[{PP1 preambular} {OP1 operative} {OP1bis operative} {OP2 operative}]" {
			t.Errorf("paragraphs: %v", paras.Items)
		}
		f.call(t, "DELETE", f.out("/paragraphs/OP1bis"), f.chair, "", 204)
		rev1 := f.call(t, "POST", f.out("/revisions"), f.chair, `{"note": "After the first reading"}`, 201)
		if rev1["number"] != 1.0 || rev1["label"] != "Rev.1" {
			t.Errorf("the revision after the zero draft: %v", rev1)
		}

		// Brazil amends OP2; China cannot accept OP1, then can live with it.
		a := f.call(t, "POST", f.out("/amendments"), f.bra1, `{"kind": "replace", "paragraph": "OP2", "text": "Decide to meet again in 2026.", "rationale": "The year is agreed."}`, 201)
		if a["status"] != "pending" || a["delegation"] != "BRA" {
			t.Errorf("amendment: %v", a)
		}
		op1 := f.version(t, "OP1")
		f.call(t, "POST", f.out("/paragraphs/OP1/positions"), f.chn, fmt.Sprintf(`{"stance": "cannot_accept", "reason": "Say mutual benefit.", "text_version": %d}`, op1), 200)
		pending := decode[struct{ Items []struct{ ID int64 } }](t, f.c.do("GET", f.out("/amendments?status=pending"), nil, f.chair))
		if len(pending.Items) != 1 {
			t.Fatalf("pending amendments: %+v", pending.Items)
		}
		accepted := f.call(t, "POST", fmt.Sprintf("/api/v1/amendments/%d/accept", pending.Items[0].ID), f.chair, `{"note": "Agreed in the room."}`, 200)
		if accepted["status"] != "accepted" || accepted["result"] != "OP2" {
			t.Errorf("accepted: %v", accepted)
		}
		rev2 := f.call(t, "POST", f.out("/revisions"), f.chair, `{}`, 201)
		if rev2["label"] != "Rev.2" || rev2["bracketed_words"] != 0.0 {
			t.Errorf("Rev.2: %v", rev2)
		}
		marked := decode[struct {
			Paragraphs []struct {
				Label, Change string
				Ops           []struct{ Kind, Text string }
			}
		}](t, f.c.do("GET", f.out("/revisions/2?markup=1"), nil, f.bra2))
		var changed []string
		for _, p := range marked.Paragraphs {
			if p.Change != "same" {
				changed = append(changed, p.Label+" "+p.Change+fmt.Sprint(p.Ops))
			}
		}
		if fmt.Sprint(changed) != "[OP2 changed[{equal Decide to meet again in } {delete [} {equal 2026} {delete ]} {equal .}]]" {
			t.Errorf("Rev.2 marked up against Rev.1: %v", changed)
		}

		e := wantError(t, f.c.do("POST", f.out("/adoption"), strings.NewReader(`{"method": "consensus"}`), f.chair), 409, "objections_remain", "")
		if !strings.Contains(e.Error.Message, "CHN") || !strings.Contains(e.Error.Message, "OP1") {
			t.Errorf("the refusal names neither China nor OP1: %q", e.Error.Message)
		}
		f.call(t, "POST", f.out("/paragraphs/OP1/positions"), f.chn, fmt.Sprintf(`{"stance": "can_live_with", "text_version": %d}`, op1), 200)
		adopted := f.call(t, "POST", f.out("/adoption"), f.chair, `{"method": "consensus"}`, 200)
		hash, _ := adopted["hash"].(string)
		if adopted["adopted"] != true || adopted["revision"] != 2.0 || !sha256Hex.MatchString(hash) {
			t.Fatalf("adoption: %v", adopted)
		}
		got := f.call(t, "GET", f.out("/adoption"), f.obs, "", 200)
		if got["method"] != "consensus" || got["hash"] != hash || got["verified"] != true || got["revision"] != 2.0 {
			t.Errorf("the adoption as the public reads it: %v", got)
		}

		f.call(t, "POST", f.out("/annex"), f.bra1, `{"kind": "explanation_after", "text": "Brazil joins consensus.", "language": "pt"}`, 201)
		annex := decode[struct {
			Items []struct{ Kind, Delegation string }
		}](t, f.c.do("GET", f.out("/annex"), nil, nil))
		if fmt.Sprint(annex.Items) != "[{explanation_after BRA}]" {
			t.Errorf("annex as the public reads it: %v", annex.Items)
		}
		// The adopted text is everyone's; the negotiation stays in the room.
		if d := f.call(t, "GET", f.out(""), f.obs, "", 200); d["status"] != "adopted" || d["adoption_hash"] != hash {
			t.Errorf("the public reads the document as %v", d)
		}
		wantError(t, f.c.do("GET", f.out("/paragraphs/OP1/positions"), nil, f.obs), 403, "room_only", "")
		wantError(t, f.c.do("GET", f.out("/revisions/1"), nil, f.obs), 404, "not_found", "")
		rules := f.call(t, "GET", fmt.Sprintf("/api/v1/forums/%d/outcome-rules", f.forum(t)), nil, "", 200)
		if rules["silence_min_hours"] != 72.0 || rules["adoption"] != "consensus" {
			t.Errorf("a forum's default rules: %v", rules)
		}
	})
}

// forum is the id of the fixture's forum.
func (f *outcomeAPIFixture) forum(t *testing.T) int64 {
	t.Helper()
	e := f.call(t, "GET", f.edition(""), nil, "", 200)
	return int64(e["forum_id"].(float64))
}

// The chair starts the zero draft from what common ground agrees on: the
// candidates are the propositions no delegation objects to, and the
// paragraphs made of them read as the propositions.
func TestOutcomeZeroDraftFromCommonGroundThroughTheAPI(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newOutcomeAPIFixture(t, s)
		agreed := f.propose(t, f.chair, "Every people has the right to development.")
		opposed := f.propose(t, f.chair, "Sanctions are never a tool of cooperation.")
		f.call(t, "PUT", propositionPath(agreed, "/positions"), f.bra1, `{"stance": "support"}`, 200)
		f.call(t, "PUT", propositionPath(opposed, "/positions"), f.bra1, `{"stance": "support"}`, 200)
		f.call(t, "PUT", propositionPath(opposed, "/positions"), f.chn, `{"stance": "cannot_accept", "reason": "Not in this text."}`, 200)

		type candidate struct {
			Proposition struct{ ID int64 }
			Rank        int
			Score       struct{ Unopposed bool }
			Text        string
		}
		got := decode[struct{ Items []candidate }](t, f.c.do("GET", f.out("/zero-draft/candidates"), nil, f.chair))
		if len(got.Items) != 1 || got.Items[0].Proposition.ID != agreed || !got.Items[0].Score.Unopposed || got.Items[0].Text != "Every people has the right to development." {
			t.Fatalf("candidates: %+v", got.Items)
		}
		wantError(t, f.c.do("POST", f.out("/zero-draft"), strings.NewReader(fmt.Sprintf(`{"propositions": [%d]}`, opposed)), f.chair), 409, "not_common_ground", "")
		wantError(t, f.c.do("GET", f.out("/zero-draft/candidates"), nil, f.bra1), 403, "forbidden", "")
		res := f.c.do("POST", f.out("/zero-draft"), strings.NewReader(fmt.Sprintf(`{"propositions": [%d]}`, agreed)), f.chair)
		made := decode[struct {
			Items []struct{ Label, Text string }
		}](t, res)
		if res.StatusCode != 201 || fmt.Sprint(made.Items) != "[{OP1 Every people has the right to development.}]" {
			t.Errorf("the zero draft's paragraphs: %d %v", res.StatusCode, made.Items)
		}
	})
}
