package web

import (
	"net/http"
	"strconv"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/search"
)

// A hit is one statement, proposition, article, commitment, report or
// practice with all its versions;
// these are the page's and the API's shared views of it.

// versionURL leads to one version of a hit: the statement's and the
// proposition's pages show every version side by side (the original at
// #original, a translation at #tr-<lang>), the Declaration's article page
// every language at #udhr-<lang>, a practice's page the text in the
// language asked (?lang=). Commitments and reports have one language; a
// report's URL is its place on its commitment's page.
func versionURL(h search.Hit, lang string) string {
	switch h.Type {
	case "statement", "proposition":
		if lang == h.Original {
			return h.URL + "#original"
		}
		return h.URL + "#tr-" + lang
	case "udhr":
		return h.URL + "#udhr-" + lang
	case "practice":
		return h.URL + "?lang=" + lang
	}
	return h.URL
}

// statementID is a statement hit's id; 0 for any other hit.
func statementID(h search.Hit) int64 {
	n, ok := strings.CutPrefix(h.ID, "statement:")
	if !ok || h.Type != "statement" {
		return 0
	}
	id, _ := strconv.ParseInt(n, 10, 64)
	return id
}

// headlines reads who delivered each statement of the page, in which
// session and when: one query for the page, through the record's rule
// (a hit the reader may no longer read gets none).
func (s *Server) headlines(r *http.Request, res discovery.Response) (map[int64]dialogue.Headline, error) {
	var ids []int64
	for _, h := range res.Hits {
		if id := statementID(h); id != 0 {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 || s.dialogue == nil {
		return map[int64]dialogue.Headline{}, nil
	}
	return s.dialogue.Headlines(r.Context(), stateOf(r).user, ids)
}

// hitVersion is one language of a hit on the page.
type hitVersion struct {
	search.HitVersion
	URL   string
	Shown bool
}

// hitHeadline is a statement hit's delegation, session and day on the page.
type hitHeadline struct {
	Delegation, Session string
	DelegationURL       string
	SessionURL          string
	Day                 string
}

func pageVersions(h search.Hit) []hitVersion {
	out := make([]hitVersion, 0, len(h.Versions))
	for _, v := range h.Versions {
		out = append(out, hitVersion{HitVersion: v, URL: versionURL(h, v.Lang), Shown: v.Lang == h.Language})
	}
	return out
}

func pageHeadline(x dialogue.Headline, ok bool, lang string) *hitHeadline {
	if !ok {
		return nil
	}
	out := &hitHeadline{Delegation: x.DelegationNames.In(lang), DelegationURL: "/delegations/" + strconv.FormatInt(x.DelegationID, 10), Day: x.DeliveredOn}
	if x.SessionID != 0 {
		out.Session, out.SessionURL = x.SessionTitles.In(lang), "/sessions/"+strconv.FormatInt(x.SessionID, 10)
	}
	return out
}

// API shapes.

type apiVersion struct {
	Language string `json:"language"`
	Machine  bool   `json:"machine"`
	Matched  bool   `json:"matched"`
	URL      string `json:"url"`
}

type apiRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type apiAlternative struct {
	Language string `json:"language"`
	Text     string `json:"text"`
	By       string `json:"by"`
}

func apiVersions(h search.Hit) []apiVersion {
	out := []apiVersion{}
	for _, v := range h.Versions {
		out = append(out, apiVersion{v.Lang, v.Machine, v.Matched, versionURL(h, v.Lang)})
	}
	return out
}

func apiAlternatives(as []search.Alternative) []apiAlternative {
	out := []apiAlternative{}
	for _, a := range as {
		out = append(out, apiAlternative{a.Lang, a.Text, a.By})
	}
	return out
}
