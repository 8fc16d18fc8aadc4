package demo

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"roundtable/data"
	"roundtable/internal/ground"
	"roundtable/internal/i18n"
)

func TestGroundContentIsValid(t *testing.T) {
	g, err := loadGroundContent()
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Blocs) != 4 || len(g.Propositions) < 15 {
		t.Errorf("content too small: %d blocs, %d propositions", len(g.Blocs), len(g.Propositions))
	}
}

// TestBrokenGroundIsRefused breaks the file in several ways at once and
// expects every problem reported, each naming its item, before any write.
func TestBrokenGroundIsRefused(t *testing.T) {
	b, err := fs.ReadFile(data.FS(), GroundFile)
	if err != nil {
		t.Fatal(err)
	}
	var g groundContent
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	c, err := loadContent()
	if err != nil {
		t.Fatal(err)
	}
	// The file's first proposition is the chair's on the right to
	// development, the second China's; both published with 11 positions.
	g.Blocs[1].Members = append(g.Blocs[1].Members, "ZZZ")
	delete(g.Blocs[2].Names, "fr")
	p := g.Propositions
	p[0].Translations = p[0].Translations[:3] // drops the French
	p[0].Sources = append(p[0].Sources, 99)
	p[0].Positions = p[0].Positions[1:] // China's first
	p[1].Positions[7].Reason = ""       // Chile's objection
	p[1].Positions[0].Stance = "abstain"
	p[1].Language = "fr"      // an interface language, not a working one
	p[2].ProposedBy = "CELAC" // a group: it has no delegate
	p[3].ProposedBy = Chair
	p[3].Status = ground.Submitted
	p[4].Status = ground.Merged
	p[4].MergedInto = "binding-instrument" // still waiting for the chair
	broken, _ := json.Marshal(g)
	_, err = parseGround(broken, c, people)
	if err == nil {
		t.Fatal("broken content accepted")
	}
	for _, want := range []string{
		`bloc 2 ("SOUTH-AMERICA"): member "ZZZ" is not a delegation of the edition`,
		`bloc 3 ("CENTRAL-AMERICA") names: missing the fr text`,
		`proposition 1 ("right-to-development"): no fr text`,
		`proposition 1 ("right-to-development"): source 99 is not a statement number (1 to 34)`,
		`proposition 1 ("right-to-development"): no position of "CHN"`,
		`proposition 2 ("subsistence-and-development") position of "CHL": cannot_accept needs a reason`,
		`proposition 2 ("subsistence-and-development") position of "CHN": stance "abstain"`,
		`proposition 2 ("subsistence-and-development"): language "fr" is not a working language`,
		`proposition 3 ("mutual-learning"): proposed_by "CELAC" is neither`,
		`proposition 4 ("own-path"): the chair's propositions are published at once`,
		`proposition 4 ("own-path"): positions on a submitted proposition`,
		`proposition 5 ("no-politicisation"): merged_into "binding-instrument" is not another, published proposition`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
	if _, err := parseGround([]byte(`{"blocs": [], "surprise": 1}`), c, people); err == nil || !strings.Contains(err.Error(), "surprise") {
		t.Errorf("unknown field: got %v", err)
	}
}

// TestEveryDelegationHasADelegate: positions are recorded by a
// delegation's own delegate, so a country delegation without one could
// take none.
func TestEveryDelegationHasADelegate(t *testing.T) {
	b, err := fs.ReadFile(data.FS(), GroundFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := loadContent()
	if err != nil {
		t.Fatal(err)
	}
	var fewer = people[:0:0]
	for _, u := range people {
		if u.Delegation != "BRB" {
			fewer = append(fewer, u)
		}
	}
	_, err = parseGround(b, c, fewer)
	if err == nil || !strings.Contains(err.Error(), `delegation "BRB" has no demo delegate account`) {
		t.Errorf("without Barbados's delegate: %v", err)
	}
}

func TestNoticeCoversPositions(t *testing.T) {
	for lang, word := range map[i18n.Lang]string{i18n.En: "positions", i18n.Es: "posiciones", i18n.Pt: "posições", i18n.Zh: "立场", i18n.Fr: "positions"} {
		if n := Notice(string(lang)); !strings.Contains(n, word) {
			t.Errorf("%s notice does not say the positions are illustrative: %q", lang, n)
		}
	}
}
