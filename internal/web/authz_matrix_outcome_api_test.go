package web_test

// outcomeAPIAccessMatrix holds the access matrix's rows for the joint
// outcome's API and downloads (see accessMatrix for what the columns
// mean; fixtures: {O}, {OU} in outcomeAccessMatrix, {OF}, {OA}, {amA} in
// outcomeFlowAccessMatrix).
//
// A document in negotiation is the room's: the public, an observer and a
// validator get 404 for it and everything under it. The adopted {OA} is
// everyone's, but not its negotiation: its amendments are not found and
// its positions are 403 room_only outside the room. Only the chair and
// the secretariat write the text; positions, comments, breaks and the
// annex are a delegation's own acts (403 for the chair and the
// secretariat, and 403 not_your_delegation in another delegation's
// name). The rows run after the pages' and never adopt or delete: their
// writes that pass the checks are refused by their input or by the
// text's state (400, 409), which is still "ok".
var outcomeAPIAccessMatrix = []accessRow{
	// route                                                         path                                               body                                                              anon obs dlgA dlgB chair val admin
	{"GET /api/v1/editions/{id}/outcomes", "/api/v1/editions/{E}/outcomes", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/editions/{id}/outcomes", "/api/v1/editions/{U}/outcomes", "", "404 404 ok ok ok 404 ok"},
	{"POST /api/v1/editions/{id}/outcomes", "/api/v1/editions/{U}/outcomes", `{"kind": "declaration", "title": "Matrix", "language": "xx"}`, "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/editions/{id}/outcomes/import", "/api/v1/editions/{U}/outcomes/import", "", "401 403 403 403 ok 403 ok"},
	{"GET /api/v1/outcomes/{id}", "/api/v1/outcomes/{O}", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}", "/api/v1/outcomes/{OU}", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}", "/api/v1/outcomes/{OA}", "", "ok ok ok ok ok ok ok"},
	{"PATCH /api/v1/outcomes/{id}", "/api/v1/outcomes/{O}", `{"title": "Matrix Declaration"}`, "401 403 403 403 ok 403 ok"},
	{"GET /api/v1/outcomes/{id}/status", "/api/v1/outcomes/{O}/status", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/status", "/api/v1/outcomes/{OA}/status", "", "ok ok ok ok ok ok ok"},
	// The zero draft is issued: starting it from common ground is refused
	// (409) to those who pass the checks.
	{"GET /api/v1/outcomes/{id}/zero-draft/candidates", "/api/v1/outcomes/{O}/zero-draft/candidates", "", "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/outcomes/{id}/zero-draft", "/api/v1/outcomes/{O}/zero-draft", `{"propositions": [{prop}]}`, "401 403 403 403 ok 403 ok"},

	{"GET /api/v1/outcomes/{id}/paragraphs", "/api/v1/outcomes/{O}/paragraphs", "", "404 404 ok ok ok 404 ok"},
	{"POST /api/v1/outcomes/{id}/paragraphs", "/api/v1/outcomes/{O}/paragraphs", `{"kind": "annex", "text": "A paragraph."}`, "401 403 403 403 ok 403 ok"},
	{"GET /api/v1/outcomes/{id}/paragraphs/{label}", "/api/v1/outcomes/{O}/paragraphs/OP1", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/paragraphs/{label}", "/api/v1/outcomes/{OA}/paragraphs/OP1", "", "ok ok ok ok ok ok ok"},
	{"PATCH /api/v1/outcomes/{id}/paragraphs/{label}", "/api/v1/outcomes/{O}/paragraphs/OP1", `{"text": "Agree to cooperate on the right to development;"}`, "401 403 403 403 ok 403 ok"},
	{"DELETE /api/v1/outcomes/{id}/paragraphs/{label}", "/api/v1/outcomes/{O}/paragraphs/OP99", "", "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/outcomes/{id}/paragraphs/{label}/status", "/api/v1/outcomes/{O}/paragraphs/OP1/status", `{"status": "bracketed", "reason": "contentious"}`, "401 403 403 403 ok 403 ok"},
	{"PUT /api/v1/outcomes/{id}/paragraphs/{label}/package", "/api/v1/outcomes/{O}/paragraphs/OP1/package", `{"linked": []}`, "401 403 403 403 ok 403 ok"},
	{"PUT /api/v1/outcomes/{id}/paragraphs/{label}/translations/{lang}", "/api/v1/outcomes/{O}/paragraphs/OP1/translations/es", `{"text": "Acordar cooperar.", "status": "draft"}`, "401 403 403 403 ok 403 ok"},
	{"GET /api/v1/outcomes/{id}/paragraphs/{label}/positions", "/api/v1/outcomes/{O}/paragraphs/PP1/positions", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/paragraphs/{label}/positions", "/api/v1/outcomes/{OA}/paragraphs/PP1/positions", "", "403 403 ok ok ok 403 ok"},
	{"POST /api/v1/outcomes/{id}/paragraphs/{label}/positions", "/api/v1/outcomes/{O}/paragraphs/PP1/positions", `{"stance": "support", "text_version": 1}`, "401 403 ok ok 403 403 403"},
	{"POST /api/v1/outcomes/{id}/paragraphs/{label}/positions", "/api/v1/outcomes/{O}/paragraphs/PP1/positions", `{"delegation_id": {A}, "stance": "support", "text_version": 1}`, "401 403 ok 403 403 403 403"},
	{"GET /api/v1/outcomes/{id}/paragraphs/{label}/positions/history", "/api/v1/outcomes/{O}/paragraphs/PP1/positions/history", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/paragraphs/{label}/positions/history", "/api/v1/outcomes/{OA}/paragraphs/PP1/positions/history", "", "403 403 ok ok ok 403 ok"},
	{"GET /api/v1/outcomes/{id}/paragraphs/{label}/comments", "/api/v1/outcomes/{O}/paragraphs/PP1/comments", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/paragraphs/{label}/comments", "/api/v1/outcomes/{OA}/paragraphs/PP1/comments", "", "403 403 ok ok ok 403 ok"},
	{"POST /api/v1/outcomes/{id}/paragraphs/{label}/comments", "/api/v1/outcomes/{O}/paragraphs/PP1/comments", `{"text": "We welcome this."}`, "401 403 ok ok 403 403 403"},

	{"GET /api/v1/outcomes/{id}/revisions", "/api/v1/outcomes/{O}/revisions", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/revisions/{n}", "/api/v1/outcomes/{O}/revisions/0", "", "404 404 ok ok ok 404 ok"},
	// Outside the room, only the adopted revision of an adopted text.
	{"GET /api/v1/outcomes/{id}/revisions/{n}", "/api/v1/outcomes/{OA}/revisions/0?markup=1", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/outcomes/{id}/diff", "/api/v1/outcomes/{O}/diff?from=0&to=0", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/languages", "/api/v1/outcomes/{O}/languages?a=en&b=es", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/languages", "/api/v1/outcomes/{OA}/languages?a=en&b=es", "", "ok ok ok ok ok ok ok"},

	{"GET /api/v1/outcomes/{id}/amendments", "/api/v1/outcomes/{OF}/amendments", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/amendments", "/api/v1/outcomes/{OA}/amendments", "", "404 404 ok ok ok 404 ok"},
	{"POST /api/v1/outcomes/{id}/amendments", "/api/v1/outcomes/{O}/amendments", `{"kind": "replace", "paragraph": "OP1", "text": "Agree to cooperate closely."}`, "401 403 ok ok ok 403 ok"},
	// Nobody but Brazil's members amends in Brazil's name.
	{"POST /api/v1/outcomes/{id}/amendments", "/api/v1/outcomes/{O}/amendments", `{"delegation_id": {A}, "kind": "replace", "paragraph": "OP1", "text": "Agree to cooperate closely."}`, "401 403 ok 403 403 403 403"},
	{"POST /api/v1/outcomes/{id}/compromise", "/api/v1/outcomes/{O}/compromise", `{"paragraph": "OP1", "text": "Agree to cooperate.", "folds": [0]}`, "401 403 403 403 ok 403 ok"},
	{"GET /api/v1/amendments/{id}", "/api/v1/amendments/{amA}", "", "404 404 ok ok ok 404 ok"},
	{"POST /api/v1/amendments/{id}/accept", "/api/v1/amendments/{amA}/accept", "", "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/amendments/{id}/reject", "/api/v1/amendments/{amA}/reject", `{"note": "No."}`, "401 403 403 403 ok 403 ok"},
	// Only the proposer's delegation withdraws Brazil's amendment.
	{"POST /api/v1/amendments/{id}/withdraw", "/api/v1/amendments/{amA}/withdraw", "", "401 403 ok 403 403 403 403"},

	// {OF} as the pages' rows left it: the chair issues a revision of
	// it and puts it under silence, Brazil and China break silence, the
	// chair ends it (the secretariat, second, is refused by the state).
	{"POST /api/v1/outcomes/{id}/revisions", "/api/v1/outcomes/{OF}/revisions", `{"note": "For silence."}`, "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/outcomes/{id}/silence", "/api/v1/outcomes/{OF}/silence", `{"deadline": "2099-01-15T12:00:00Z", "time_zone": "America/Sao_Paulo"}`, "401 403 403 403 ok 403 ok"},
	{"GET /api/v1/outcomes/{id}/silence", "/api/v1/outcomes/{OF}/silence", "", "404 404 ok ok ok 404 ok"},
	{"POST /api/v1/outcomes/{id}/silence/breaks", "/api/v1/outcomes/{OF}/silence/breaks", `{"paragraphs": ["OP1"], "reason": "Not yet."}`, "401 403 ok ok 403 403 403"},
	{"DELETE /api/v1/outcomes/{id}/silence", "/api/v1/outcomes/{OF}/silence", "", "401 403 403 403 ok 403 ok"},
	{"POST /api/v1/outcomes/{id}/adoption", "/api/v1/outcomes/{O}/adoption", `{"method": "consensus", "revision": 99}`, "401 403 403 403 ok 403 ok"},
	{"GET /api/v1/outcomes/{id}/adoption", "/api/v1/outcomes/{O}/adoption", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/adoption", "/api/v1/outcomes/{OA}/adoption", "", "ok ok ok ok ok ok ok"},
	{"GET /api/v1/outcomes/{id}/annex", "/api/v1/outcomes/{O}/annex", "", "404 404 ok ok ok 404 ok"},
	{"GET /api/v1/outcomes/{id}/annex", "/api/v1/outcomes/{OA}/annex", "", "ok ok ok ok ok ok ok"},
	{"POST /api/v1/outcomes/{id}/annex", "/api/v1/outcomes/{OA}/annex", `{"kind": "explanation_after", "text": "Our position.", "language": "en"}`, "401 403 ok ok 403 403 403"},
	// Forum 1 is the demo's, the first forum the site has.
	{"GET /api/v1/forums/{id}/outcome-rules", "/api/v1/forums/1/outcome-rules", "", "ok ok ok ok ok ok ok"},
	{"PUT /api/v1/forums/{id}/outcome-rules", "/api/v1/forums/1/outcome-rules", `{"adoption": "consensus"}`, "401 403 403 403 403 403 ok"},

	// Downloads: the text in negotiation for the room, the adopted text
	// and its annex for everyone, the positions for the room only.
	{"GET /outcomes/{id}/text.html", "/outcomes/{O}/text.html", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/text.html", "/outcomes/{OA}/text.html?markup=1", "", "ok ok ok ok ok ok ok"},
	{"GET /outcomes/{id}/text.pdf", "/outcomes/{OU}/text.pdf", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/text.pdf", "/outcomes/{OA}/text.pdf?lang=es", "", "ok ok ok ok ok ok ok"},
	{"GET /outcomes/{id}/text.md", "/outcomes/{O}/text.md?rev=0", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/text.md", "/outcomes/{OA}/text.md", "", "ok ok ok ok ok ok ok"},
	{"GET /outcomes/{id}/text.akn.xml", "/outcomes/{O}/text.akn.xml", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/text.akn.xml", "/outcomes/{OA}/text.akn.xml", "", "ok ok ok ok ok ok ok"},
	{"GET /outcomes/{id}/annex.html", "/outcomes/{O}/annex.html", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/annex.html", "/outcomes/{OA}/annex.html", "", "ok ok ok ok ok ok ok"},
	{"GET /outcomes/{id}/positions.csv", "/outcomes/{O}/positions.csv", "", "404 404 ok ok ok 404 ok"},
	{"GET /outcomes/{id}/positions.csv", "/outcomes/{OA}/positions.csv", "", "403 403 ok ok ok 403 ok"},
}
