package demo

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"roundtable/data"
	"roundtable/internal/i18n"
	"roundtable/internal/refdata"
)

func TestContentIsValid(t *testing.T) {
	c, err := loadContent()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sessions) < 6 || len(c.Delegations) < 7 || len(c.Statements) < 25 {
		t.Errorf("content too small: %d sessions, %d delegations, %d statements", len(c.Sessions), len(c.Delegations), len(c.Statements))
	}
}

// TestBrokenContentIsRefused breaks the file in several ways at once and
// expects every problem reported, each naming its item, before any write.
func TestBrokenContentIsRefused(t *testing.T) {
	b, err := fs.ReadFile(data.FS(), ContentFile)
	if err != nil {
		t.Fatal(err)
	}
	var c content
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	c.Edition.Languages = append(c.Edition.Languages, "xx")
	c.Statements[0].Session = "no-such-session"
	c.Statements[1].Delegation = "ZZZ"
	c.Statements[2].Speaker = "nobody"
	c.Statements[3].Language = "fr" // not a working language of the edition
	c.Statements[4].Translations = append(c.Statements[4].Translations, translationSpec{Language: c.Statements[4].Language, Text: "x", Origin: "human", Review: "reviewed"})
	delete(c.Sessions[1].Titles, "zh")
	c.Delegations[0].Members[0].Role = "chief"
	// Session 3 written in UTC: 12:15Z is 09:15 in São Paulo, not the
	// 12:15 a reader of the file would take it for.
	c.Sessions[2].StartsAt = strings.Replace(c.Sessions[2].StartsAt, "-03:00", "Z", 1)
	broken, _ := json.Marshal(c)
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	_, err = parseContent(broken, set)
	if err == nil {
		t.Fatal("broken content accepted")
	}
	for _, want := range []string{
		`edition: working language "xx"`,
		`statement 1 (` + c.Statements[0].Delegation + ` in session "no-such-session"): session "no-such-session" is not in the programme`,
		`statement 2 (ZZZ in session`,
		`statement 3 (` + c.Statements[2].Delegation + ` in session "` + c.Statements[2].Session + `"): speaker "nobody"`,
		`statement 4 (` + c.Statements[3].Delegation + ` in session "` + c.Statements[3].Session + `"): language "fr" is not a working language`,
		`same language as the original`,
		`session 2 ("` + c.Sessions[1].Key + `") titles: missing the zh text`,
		`member 1 ("head"): role "chief"`,
		`session 3 ("` + c.Sessions[2].Key + `"): times are not written on the venue's clock (America/Sao_Paulo)`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
	if _, err := parseContent([]byte(`{"notice": {}, "surprise": 1}`), set); err == nil || !strings.Contains(err.Error(), "surprise") {
		t.Errorf("unknown field: got %v", err)
	}
}

func TestNotice(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range i18n.Supported {
		n := Notice(string(l))
		if n == "" {
			t.Errorf("no notice in %s", l)
		}
		if seen[n] {
			t.Errorf("%s notice is the same text as another language's: %q", l, n)
		}
		seen[n] = true
	}
	if got, want := Notice("de"), Notice("en"); got != want {
		t.Errorf("Notice(de) = %q, want the English %q", got, want)
	}
	if !strings.Contains(Notice("en"), "not records of what delegations said") {
		t.Errorf("English notice = %q", Notice("en"))
	}
}

// TestSessionThemesAreConcepts checks session themes against the thesaurus
// when it ships one, so a renamed concept does not leave a theme dangling.
func TestSessionThemesAreConcepts(t *testing.T) {
	b, err := fs.ReadFile(data.FS(), "thesaurus/concepts.json")
	if err != nil {
		t.Skip("no thesaurus embedded")
	}
	var concepts []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &concepts); err != nil {
		t.Skipf("thesaurus not in the expected shape: %v", err)
	}
	ids := map[string]bool{}
	for _, c := range concepts {
		ids[c.ID] = true
	}
	c, err := loadContent()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Sessions {
		for _, th := range s.Themes {
			if !ids[th] {
				t.Errorf("session %q: theme %q is not a thesaurus concept", s.Key, th)
			}
		}
	}
}
