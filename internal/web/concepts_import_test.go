package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roundtable/internal/account"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// paidHolidays is a thesaurus file of two new concepts, one under the
// other.
const paidHolidays = `[
  {
    "id": "paid-holidays",
    "pref": {"en": "periodic holidays with pay", "es": "vacaciones periódicas pagadas", "pt": "férias remuneradas periódicas",
             "zh": "定期带薪休假", "fr": "congés payés périodiques"},
    "broader": ["right-to-rest-and-leisure-test"],
    "udhr": [24],
    "from": {"en": {"periodic holidays with pay": "udhr"}}
  },
  {
    "id": "right-to-rest-and-leisure-test",
    "pref": {"en": "rest and leisure (test)", "zh": "休息和闲暇（测试）"},
    "narrower": ["paid-holidays"]
  }
]`

func uploadThesaurus(t *testing.T, c *client, name, body string) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf())
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(body))
	mw.Close()
	return c.do("POST", "/concepts/import", &buf, http.Header{"Content-Type": {mw.FormDataContentType()}})
}

// queryConcepts are the concepts search says a query names.
func queryConcepts(t *testing.T, c *client, q string) []string {
	t.Helper()
	return decode[struct{ Concepts []string }](t, c.get("/api/v1/search?q="+url.QueryEscape(q))).Concepts
}

// The secretariat uploads a thesaurus file: its concepts appear at once,
// with their names' sources, and search knows them at once.
func TestSecretariatImportsAThesaurusFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := searchSite(t, db)
		s.user("sec@example.org", account.Administrator)
		c := s.client().signIn("sec@example.org")
		wantStatus(t, c.get("/concepts/import"), 200)
		if before := queryConcepts(t, s.client(), "定期带薪休假"); slices.Contains(before, "paid-holidays") {
			t.Fatalf("search knows the concept before the import: %v", before)
		}
		res := uploadThesaurus(t, c, "holidays.json", paidHolidays)
		wantStatus(t, res, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != "/concepts" {
			t.Errorf("after the import: %q", loc)
		}
		d := doc(t, c.get("/concepts/paid-holidays"))
		if h1 := text(one(t, d, "h1")); h1 != "periodic holidays with pay" {
			t.Fatalf("heading %q", h1)
		}
		sources := text(one(t, d, "table", "id", "label-sources"))
		if !strings.Contains(sources, "Universal Declaration of Human Rights") || !strings.Contains(sources, "not recorded") {
			t.Errorf("sources table %q: want the Declaration for the English name and 'not recorded' for the others", sources)
		}
		if after := queryConcepts(t, s.client(), "定期带薪休假"); !slices.Contains(after, "paid-holidays") {
			t.Errorf("search does not know the imported concept: %v", after)
		}
		// The same file again: nothing to do, and it says so.
		res = uploadThesaurus(t, c, "holidays.json", paidHolidays)
		wantStatus(t, res, http.StatusSeeOther)
	})
}

// A file with a label in the wrong language or a preferred name another
// concept has is refused as a whole, with the line, the concept and the
// field, on the page and through the API.
func TestThesaurusImportRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := searchSite(t, db)
		s.user("sec@example.org", account.Administrator)
		c := s.client().signIn("sec@example.org")
		wrongScript := strings.Replace(paidHolidays, `"zh": "休息和闲暇（测试）"`, `"zh": "xiuxi"`, 1)
		res := uploadThesaurus(t, c, "holidays.json", wrongScript)
		wantStatus(t, res, http.StatusBadRequest)
		page := doc(t, res)
		banner := one(t, page, "p", "id", "form-error")
		want := "Line 10, concept right-to-rest-and-leisure-test: Preferred name (Chinese): This name is not written in the script of its language: a Chinese name needs Chinese characters, and names in the other languages need Latin letters and no Chinese characters."
		if got := text(banner); got != want {
			t.Errorf("banner %q\nwant   %q", got, want)
		}
		if attr(banner, "data-line") != "10" || attr(banner, "data-concept") != "right-to-rest-and-leisure-test" {
			t.Errorf("banner line %q concept %q", attr(banner, "data-line"), attr(banner, "data-concept"))
		}
		wantStatus(t, c.get("/concepts/paid-holidays"), 404)

		// In French, with the no-break space before the colon.
		fr := s.client().signIn("sec@example.org")
		fr.speak("fr")
		res = uploadThesaurus(t, fr, "holidays.json", wrongScript)
		if got := text(one(t, doc(t, res), "p", "id", "form-error")); !strings.HasPrefix(got, "Ligne 10, concept right-to-rest-and-leisure-test\u00a0: Dénomination préférée (chinois)") {
			t.Errorf("French banner %q", got)
		}

		// Through the API: the preferred name of a shipped concept.
		admin := s.token("api-sec@example.org", account.Administrator)
		dup := strings.Replace(paidHolidays, `"en": "periodic holidays with pay"`, `"en": "Right to Development"`, 1)
		dup = strings.Replace(dup, `"periodic holidays with pay": "udhr"`, `"Right to Development": "drtd"`, 1)
		e := wantError(t, c.do("POST", "/api/v1/concepts/import", strings.NewReader(dup), admin), 400, "pref_duplicate", "pref.en")
		if !strings.Contains(e.Error.Message, "Line 2, concept paid-holidays") {
			t.Errorf("API message %q does not name the line and the concept", e.Error.Message)
		}
		raw := responseBytes(t, c.do("POST", "/api/v1/concepts/import", strings.NewReader(dup), admin))
		if !bytes.Contains(raw, []byte(`"line":2`)) {
			t.Errorf("API details lack the line: %s", raw)
		}
		wantError(t, c.do("POST", "/api/v1/concepts/import", strings.NewReader(`{"id": "x"}`), admin), 400, "import_json", "")

		// A good file through the API answers what it did.
		res = c.do("POST", "/api/v1/concepts/import", strings.NewReader(paidHolidays), admin)
		got := decode[struct{ Added, Changed []string }](t, res)
		if res.StatusCode != 200 || !slices.Equal(got.Added, []string{"paid-holidays", "right-to-rest-and-leisure-test"}) || len(got.Changed) != 0 {
			t.Errorf("API import: %d %+v", res.StatusCode, got)
		}
		// Observers may not import.
		s.user("obs@example.org", account.Observer)
		obs := s.token("api-obs@example.org", account.Observer)
		wantError(t, c.do("POST", "/api/v1/concepts/import", strings.NewReader(paidHolidays), obs), 403, "forbidden", "")
	})
}

// At a few hundred concepts the list filters and groups, and the form
// suggests every concept by name.
func TestThesaurusListFiltersAndGroups(t *testing.T) {
	s := searchSite(t, sqliteDB(t))
	c := s.client()
	d := doc(t, c.get("/concepts?q="+url.QueryEscape("DÉVELOPPEMENT")))
	var rows []string
	for _, tr := range find(one(t, one(t, d, "table", "id", "concepts"), "tbody"), "tr") {
		rows = append(rows, attr(tr, "id"))
	}
	if !slices.Contains(rows, "row-right-to-development") || slices.Contains(rows, "row-freedom-of-expression") {
		t.Errorf("filter on a French name, folded: rows %v", rows)
	}
	if !strings.Contains(text(one(t, d, "p", "id", "concepts-count")), fmt.Sprintf("%d of ", len(rows))) {
		t.Errorf("count %q with %d rows", text(one(t, d, "p", "id", "concepts-count")), len(rows))
	}
	d = doc(t, c.get("/concepts?q=zzzz-nothing"))
	one(t, d, "p", "id", "concepts-none")

	// Grouped: a narrower concept under its top concept.
	d = doc(t, c.get("/concepts?view=group&q="+url.QueryEscape("发展权")))
	g := one(t, d, "section", "id", "group-human-rights")
	one(t, g, "tr", "id", "row-right-to-development")

	s.user("sec@example.org", account.Administrator)
	sec := s.client().signIn("sec@example.org")
	d = doc(t, sec.get("/concepts/right-to-development/edit"))
	options := find(one(t, d, "datalist", "id", "concept-ids"), "option")
	if len(options) < 50 {
		t.Errorf("%d concepts suggested", len(options))
	}
	for _, o := range options {
		if attr(o, "value") == "right-to-development" {
			t.Error("the concept is suggested as a link to itself")
		}
	}
	if attr(one(t, d, "input", "id", "broader"), "list") != "concept-ids" {
		t.Error("the broader input does not suggest concepts")
	}
}

// The edit form sends back every link it shows, narrower ones included:
// saving it unchanged keeps them, and clearing one input removes that link
// alone.
func TestConceptFormRoundTripsItsLinks(t *testing.T) {
	s := searchSite(t, sqliteDB(t))
	s.user("sec@example.org", account.Administrator)
	c := s.client().signIn("sec@example.org")
	formOf := func() url.Values {
		d := doc(t, c.get("/concepts/economic-social-cultural-rights/edit"))
		v := url.Values{}
		for _, in := range find(one(t, d, "form", "id", "concept-form"), "input") {
			if attr(in, "name") != "csrf" {
				v.Add(attr(in, "name"), attr(in, "value"))
			}
		}
		for _, ta := range find(d, "textarea") {
			v.Add(attr(ta, "name"), text(ta))
		}
		return v
	}
	form := formOf()
	narrower := slices.DeleteFunc(slices.Clone(form["narrower"]), func(s string) bool { return s == "" })
	if len(narrower) < 3 || !slices.Contains(narrower, "right-to-education") {
		t.Fatalf("narrower inputs %q", form["narrower"])
	}
	wantStatus(t, c.postForm("/concepts", form), http.StatusSeeOther)
	if got := formOf()["narrower"]; !slices.Equal(slices.DeleteFunc(got, func(s string) bool { return s == "" }), narrower) {
		t.Fatalf("saved unchanged, narrower became %q, want %q", got, narrower)
	}
	form["narrower"] = slices.DeleteFunc(form["narrower"], func(s string) bool { return s == "right-to-education" })
	wantStatus(t, c.postForm("/concepts", form), http.StatusSeeOther)
	d := doc(t, c.get("/concepts/right-to-education"))
	if slices.ContainsFunc(find(d, "a"), func(a *html.Node) bool {
		return attr(a, "href") == "/concepts/economic-social-cultural-rights"
	}) {
		t.Error("right-to-education still links to its former broader concept")
	}
}
