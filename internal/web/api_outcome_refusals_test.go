package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// outcomeRefusal is a request the API refuses with a stable code.
type outcomeRefusal struct {
	name         string
	who          string // chair, bra (a delegate of Brazil), chn, obs
	method, path string // under the document unless it starts with /api/
	body         string
	status       int
	code, field  string
}

func (f *outcomeAPIFixture) as(who string) http.Header {
	return map[string]http.Header{"chair": f.chair, "bra": f.bra1, "chn": f.chn, "obs": f.obs, "admin": f.admin}[who]
}

func (f *outcomeAPIFixture) refuse(t *testing.T, cases []outcomeRefusal) {
	t.Helper()
	for _, c := range cases {
		path := c.path
		if !strings.HasPrefix(path, "/api/") {
			path = f.out(path)
		}
		t.Run(c.name, func(t *testing.T) {
			wantError(t, f.c.do(c.method, path, strings.NewReader(c.body), f.as(c.who)), c.status, c.code, c.field)
		})
	}
}

// Bad inputs each answer their own stable code, the status it belongs to
// and the field at fault, on a text in drafting with its zero draft.
func TestOutcomeAPIRefusesBadInput(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newOutcomeAPIFixture(t, s)
		f.draft(t)
		soon := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
		f.refuse(t, []outcomeRefusal{
			{"unknown paragraph", "chair", "GET", "/paragraphs/OP99", "", 400, "unknown_paragraph", "paragraph"},
			{"position on an unknown paragraph", "bra", "POST", "/paragraphs/OP99/positions", `{"stance": "support", "text_version": 1}`, 400, "unknown_paragraph", "paragraph"},
			{"empty amendment", "bra", "POST", "/amendments", `{"kind": "replace", "paragraph": "OP1", "text": "   "}`, 400, "empty_amendment", "text"},
			{"deadline in the past", "chair", "POST", "/silence", `{"deadline": "2020-01-01T12:00:00Z", "time_zone": "America/Sao_Paulo"}`, 400, "deadline_past", "deadline"},
			{"silence shorter than the forum's 72 hours", "chair", "POST", "/silence", `{"deadline": "` + soon + `", "time_zone": "America/Sao_Paulo"}`, 400, "silence_too_short", "deadline"},
			{"unknown time zone", "chair", "POST", "/silence", `{"deadline": "2099-01-01T12:00:00Z", "time_zone": "Mars/Olympus_Mons"}`, 400, "bad_time_zone", "time_zone"},
			{"vote where the rules require consensus", "chair", "POST", "/adoption", `{"method": "vote", "votes": {"BRA": "yes", "CHN": "yes"}}`, 409, "vote_not_allowed", ""},
			{"a bracketed text adopted", "chair", "POST", "/adoption", `{"method": "consensus"}`, 409, "text_not_clean", ""},
			{"an objection without a reason", "bra", "POST", "/paragraphs/OP1/positions", `{"stance": "cannot_accept", "text_version": 1}`, 400, "reason_required", "reason"},
			{"an unknown status", "chair", "POST", "/paragraphs/OP1/status", `{"status": "maybe"}`, 400, "invalid_status", "status"},
			{"an unknown paragraph kind", "chair", "POST", "/paragraphs", `{"kind": "annex", "text": "A text."}`, 400, "invalid_kind", "kind"},
			{"a field the input does not have", "chair", "POST", "/paragraphs", `{"kind": "operative", "text": "A text.", "label": "OP9"}`, 400, "unknown_field", "label"},
			{"a package without its list", "chair", "PUT", "/paragraphs/OP1/package", `{}`, 400, "required", "linked"},
			{"a compromise that folds nothing", "chair", "POST", "/compromise", `{"paragraph": "OP1", "text": "Agree;", "folds": []}`, 400, "required", "folds"},
			{"ending a silence never started", "chair", "DELETE", "/silence", "", 409, "not_under_silence", ""},
			{"breaking a silence never started", "bra", "POST", "/silence/breaks", `{"paragraphs": ["OP1"], "reason": "Instructions."}`, 409, "not_under_silence", ""},
			{"a revision number that is not one", "chair", "GET", "/diff?from=one&to=0", "", 400, "invalid_revision", "from"},
			{"a markup flag that is not one", "chair", "GET", "/revisions/0?markup=yes", "", 400, "invalid_flag", "markup"},
			{"a language the edition does not work in", "chair", "GET", "/languages?a=en&b=fr", "", 400, "invalid_language", "b"},
			{"a delegate writing the text", "bra", "POST", "/paragraphs", `{"kind": "operative", "text": "A text."}`, 403, "forbidden", ""},
			{"a position in another delegation's name", "chn", "POST", "/paragraphs/OP1/positions", fmt.Sprintf(`{"delegation_id": %d, "stance": "support", "text_version": 1}`, f.ids.bra), 403, "not_your_delegation", ""},
			{"an annex entry before adoption", "bra", "POST", "/annex", `{"kind": "reservation", "text": "Brazil reserves.", "language": "en"}`, 409, "not_adopted_yet", ""},
			{"the adoption of a text not adopted", "obs", "GET", "/adoption", "", 404, "not_found", ""},
			{"an Akoma Ntoso file sent as JSON", "chair", "POST", f.edition("/outcomes/import"), "<akomaNtoso/>", 400, "unsupported_content_type", ""},
		})

		// Single-text mode: the chair alone writes; delegations comment.
		f.call(t, "PATCH", f.out(""), f.chair, `{"single_text": true}`, 200)
		f.refuse(t, []outcomeRefusal{
			{"an amendment in single-text mode", "bra", "POST", "/amendments", `{"kind": "replace", "paragraph": "OP1", "text": "Agree to cooperate closely;"}`, 409, "single_text", ""},
		})
		f.call(t, "POST", f.out("/paragraphs/OP1/comments"), f.bra1, `{"text": "Brazil prefers closely."}`, 201)
		f.call(t, "PATCH", f.out(""), f.chair, `{"single_text": false}`, 200)

		// A vote once the forum allows one: a tie adopts nothing.
		f.call(t, "PUT", fmt.Sprintf("/api/v1/forums/%d/outcome-rules", f.forum(t)), f.admin, `{"adoption": "consensus_or_vote"}`, 200)
		f.call(t, "POST", f.out("/paragraphs/OP2/status"), f.chair, `{"status": "agreed"}`, 200)
		f.call(t, "PATCH", f.out("/paragraphs/OP2"), f.chair, `{"text": "Decide to meet again in 2026."}`, 200)
		f.call(t, "POST", f.out("/revisions"), f.chair, `{}`, 201)
		tie := f.call(t, "POST", f.out("/adoption"), f.chair, `{"method": "vote", "votes": {"BRA": "yes", "CHN": "no"}}`, 200)
		if tie["adopted"] != false || tie["yes"] != 1.0 || tie["no"] != 1.0 {
			t.Errorf("a tied vote: %v", tie)
		}
	})
}

// currentErr is an error body with the paragraph as it is now.
type currentErr struct {
	Error struct {
		Code    string
		Current *struct {
			Label       string
			TextVersion int `json:"text_version"`
			Text        string
		}
	}
}

// A write made on a wording that has changed since answers 409 with the
// wording as it is now, so the writer sees what changed without asking.
func TestOutcomeAPIStaleTextSaysWhatChanged(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newOutcomeAPIFixture(t, s)
		f.draft(t)
		a := f.call(t, "POST", f.out("/amendments"), f.chn, `{"kind": "replace", "paragraph": "OP1", "text": "Agree to cooperate for mutual benefit;", "text_version": 1}`, 201)
		f.call(t, "PATCH", f.out("/paragraphs/OP1"), f.chair, `{"text": "Agree to cooperate closely on the right to development;", "text_version": 1}`, 200)
		for _, c := range []struct {
			name, method, path string
			who                http.Header
			body, code         string
		}{
			{"the chair's edit", "PATCH", f.out("/paragraphs/OP1"), f.chair, `{"text": "Agree to cooperate;", "text_version": 1}`, "text_changed"},
			{"a position", "POST", f.out("/paragraphs/OP1/positions"), f.bra1, `{"stance": "support", "text_version": 1}`, "text_changed"},
			{"accepting an amendment", "POST", fmt.Sprintf("/api/v1/amendments/%d/accept", int64(a["id"].(float64))), f.chair, "", "stale_revision"},
		} {
			res := f.c.do(c.method, c.path, strings.NewReader(c.body), c.who)
			got := decode[currentErr](t, res)
			cur := got.Error.Current
			if res.StatusCode != 409 || got.Error.Code != c.code || cur == nil {
				t.Errorf("%s: %d %+v, want 409 %s with the current text", c.name, res.StatusCode, got.Error, c.code)
				continue
			}
			if cur.Label != "OP1" || cur.TextVersion != 2 || cur.Text != "Agree to cooperate closely on the right to development;" {
				t.Errorf("%s: current %+v", c.name, *cur)
			}
		}
		// Other errors carry no current text.
		res := f.c.do("GET", f.out("/paragraphs/OP99"), nil, f.chair)
		if got := decode[currentErr](t, res); got.Error.Current != nil {
			t.Errorf("unknown_paragraph carries %+v", *got.Error.Current)
		}
	})
}

// Once adopted, the text is frozen: every write to it is 409
// document_adopted, whoever writes and whatever the write.
func TestOutcomeAPIRefusesWritesToAnAdoptedText(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		f := newOutcomeAPIFixture(t, s)
		f.draft(t)
		f.adopt(t)
		deadline := time.Now().Add(100 * time.Hour).UTC().Format(time.RFC3339)
		var cases []outcomeRefusal
		for _, w := range []struct{ who, method, path, body string }{
			{"chair", "PATCH", "", `{"title": "Another title"}`},
			{"chair", "POST", "/paragraphs", `{"kind": "operative", "text": "One more thing."}`},
			{"chair", "PATCH", "/paragraphs/OP1", `{"text": "Agree to cooperate;"}`},
			{"chair", "DELETE", "/paragraphs/OP1", ""},
			{"chair", "POST", "/paragraphs/OP1/status", `{"status": "agreed"}`},
			{"chair", "PUT", "/paragraphs/OP1/package", `{"linked": ["OP2"]}`},
			{"chair", "PUT", "/paragraphs/OP1/translations/es", `{"text": "Acordar cooperar;", "status": "draft"}`},
			{"bra", "POST", "/paragraphs/OP1/positions", `{"stance": "support", "text_version": 1}`},
			{"bra", "POST", "/paragraphs/OP1/comments", `{"text": "Too late."}`},
			{"chair", "POST", "/revisions", `{}`},
			{"bra", "POST", "/amendments", `{"kind": "delete", "paragraph": "OP1"}`},
			{"chair", "POST", "/compromise", `{"paragraph": "OP1", "text": "Agree;", "folds": [1]}`},
			{"chair", "POST", "/silence", `{"deadline": "` + deadline + `", "time_zone": "UTC"}`},
			{"chair", "POST", "/adoption", `{"method": "consensus"}`},
		} {
			cases = append(cases, outcomeRefusal{w.method + " " + w.path, w.who, w.method, w.path, w.body, 409, "document_adopted", ""})
		}
		f.refuse(t, cases)
	})
}
