package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"roundtable/data"
	"roundtable/internal/account"
	"roundtable/internal/dialogue"
	"roundtable/internal/ground"
)

// GroundFile is the demo edition's common ground inside the embedded data:
// its blocs, the propositions put to the delegations and their positions.
const GroundFile = "demo/china-lac-2-ground.json"

// Chair is what proposed_by says of a proposition the chair put forward.
const Chair = "chair"

// groundContent is GroundFile as written. Propositions refer to each other
// by key and to statements by their number in ContentFile (1 is the first),
// so the file reads without database ids.
type groundContent struct {
	Blocs        []blocSpec        `json:"blocs"`
	Propositions []propositionSpec `json:"propositions"`
}

type blocSpec struct {
	Code    string         `json:"code"`
	Names   dialogue.Texts `json:"names"`
	Members []string       `json:"members"` // delegation codes
}

type propositionSpec struct {
	Key string `json:"key"`
	// ProposedBy is Chair or the code of the delegation whose delegate
	// puts it forward.
	ProposedBy   string            `json:"proposed_by"`
	Language     string            `json:"language"`
	Text         string            `json:"text"`
	Translations []translationSpec `json:"translations"`
	Sources      []int             `json:"sources,omitempty"` // statement numbers in ContentFile
	// Status is where the proposition ends: published, submitted (a
	// delegation's, still waiting for the chair), withdrawn (by the chair,
	// after the positions listed were taken) or merged (by the chair, into
	// MergedInto, before it was published).
	Status     string         `json:"status"`
	MergedInto string         `json:"merged_into,omitempty"`
	Positions  []positionSpec `json:"positions,omitempty"`
}

type positionSpec struct {
	Delegation string        `json:"delegation"`
	Stance     ground.Stance `json:"stance"`
	Reason     string        `json:"reason,omitempty"` // in the delegation's language
}

// loadGroundContent reads and checks the embedded common ground once, against
// the demo edition it belongs to.
var loadGroundContent = sync.OnceValues(func() (*groundContent, error) {
	c, err := loadContent()
	if err != nil {
		return nil, err
	}
	b, err := fs.ReadFile(data.FS(), GroundFile)
	if err != nil {
		return nil, err
	}
	return parseGround(b, c, people)
})

// parseGround decodes b strictly and validates the whole of it against the
// edition c and the demo accounts, so that a mistake is reported before
// anything is written.
func parseGround(b []byte, c *content, accounts []account.NewUser) (*groundContent, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var g groundContent
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("data/%s: %w", GroundFile, err)
	}
	if problems := g.check(c, accounts); len(problems) > 0 {
		return nil, fmt.Errorf("data/%s is not valid:\n  %s", GroundFile, strings.Join(problems, "\n  "))
	}
	return &g, nil
}

// blocCodeRe is the form ground accepts for a bloc's code.
var blocCodeRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_-]{0,19}$`)

// check returns every problem it finds, each naming the item.
func (g *groundContent) check(c *content, accounts []account.NewUser) []string {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }

	// Positions are recorded by each delegation's own delegate, so every
	// country delegation of the edition needs a demo delegate account.
	delegates := map[string]bool{}
	for _, u := range accounts {
		if u.Role == account.Delegate {
			delegates[u.Delegation] = true
		}
	}
	var countries []string
	known := map[string]bool{}
	for _, d := range c.Delegations {
		known[d.Code] = true
		if d.Kind == dialogue.KindCountry {
			countries = append(countries, d.Code)
			if !delegates[d.Code] {
				add("delegation %q has no demo delegate account to record its positions", d.Code)
			}
		}
	}

	seen := map[string]bool{}
	for i, b := range g.Blocs {
		item := fmt.Sprintf("bloc %d (%q)", i+1, b.Code)
		if !blocCodeRe.MatchString(b.Code) {
			add("%s: code must be upper-case letters, digits, dashes and underscores, at most 20", item)
		} else if seen[b.Code] {
			add("%s: code is used twice", item)
		}
		seen[b.Code] = true
		checkTexts(add, item+" names", b.Names)
		if len(b.Members) == 0 {
			add("%s: has no members", item)
		}
		for j, m := range b.Members {
			if !known[m] {
				add("%s: member %q is not a delegation of the edition", item, m)
			} else if slices.Index(b.Members, m) != j {
				add("%s: member %q is listed twice", item, m)
			}
		}
	}

	status := map[string]string{}
	for _, x := range g.Propositions {
		if _, dup := status[x.Key]; !dup {
			status[x.Key] = x.Status
		}
	}
	keys := map[string]bool{}
	for i, x := range g.Propositions {
		item := fmt.Sprintf("proposition %d (%q)", i+1, x.Key)
		if !keyRe.MatchString(x.Key) {
			add("%s: key must be lower-case letters, digits and dashes", item)
		} else if keys[x.Key] {
			add("%s: key is used twice", item)
		}
		keys[x.Key] = true
		x.checkText(add, item, c)
		x.checkFlow(add, item, status, delegates)
		for _, n := range x.Sources {
			if n < 1 || n > len(c.Statements) {
				add("%s: source %d is not a statement number (1 to %d)", item, n, len(c.Statements))
			}
		}
		x.checkPositions(add, item, countries)
	}
	return p
}

// checkTexts requires a text in every interface language.
func checkTexts(add func(string, ...any), item string, t dialogue.Texts) {
	for l := range t {
		if !validLang(l) {
			add("%s: language %q is not one of %s", item, l, strings.Join(uiLangs, ", "))
		}
	}
	for _, l := range uiLangs {
		if strings.TrimSpace(t[l]) == "" {
			add("%s: missing the %s text", item, l)
		}
	}
}

// checkText requires the original in a working language of the edition
// and a translation into every other interface language.
func (x propositionSpec) checkText(add func(string, ...any), item string, c *content) {
	has := checkTextAndTranslations(add, item, c.Edition.Languages, x.Language, x.Text, x.Translations)
	for _, l := range uiLangs {
		if !has[l] {
			add("%s: no %s text", item, l)
		}
	}
}

// checkFlow checks who proposed and where the proposition ends against
// what the chair and the delegations may do.
func (x propositionSpec) checkFlow(add func(string, ...any), item string, status map[string]string, delegates map[string]bool) {
	if x.ProposedBy != Chair && !delegates[x.ProposedBy] {
		add("%s: proposed_by %q is neither %q nor a delegation with a demo delegate", item, x.ProposedBy, Chair)
	}
	switch x.Status {
	case ground.Published, ground.Withdrawn:
	case ground.Submitted:
		if x.ProposedBy == Chair {
			add("%s: the chair's propositions are published at once, never submitted", item)
		}
	case ground.Merged:
		if target, ok := status[x.MergedInto]; !ok || target != ground.Published || x.MergedInto == x.Key {
			add("%s: merged_into %q is not another, published proposition", item, x.MergedInto)
		}
	default:
		add("%s: status %q is not published, submitted, withdrawn or merged", item, x.Status)
	}
	if x.Status != ground.Merged && x.MergedInto != "" {
		add("%s: merged_into given but the status is %q", item, x.Status)
	}
}

// checkPositions requires a position from every country delegation on a
// published proposition, so the map is complete, and allows positions
// taken before a withdrawal.
func (x propositionSpec) checkPositions(add func(string, ...any), item string, countries []string) {
	if len(x.Positions) > 0 && x.Status != ground.Published && x.Status != ground.Withdrawn {
		add("%s: positions on a %s proposition cannot be recorded", item, x.Status)
	}
	took := map[string]bool{}
	for _, ps := range x.Positions {
		pi := fmt.Sprintf("%s position of %q", item, ps.Delegation)
		switch {
		case !slices.Contains(countries, ps.Delegation):
			add("%s: not a country delegation of the edition", pi)
		case took[ps.Delegation]:
			add("%s: given twice", pi)
		}
		took[ps.Delegation] = true
		if !ps.Stance.Valid() {
			add("%s: stance %q is not one of %v", pi, ps.Stance, ground.Stances)
		}
		if ps.Stance == ground.CannotAccept && strings.TrimSpace(ps.Reason) == "" {
			add("%s: cannot_accept needs a reason", pi)
		}
	}
	if x.Status == ground.Published {
		for _, code := range countries {
			if !took[code] {
				add("%s: no position of %q", item, code)
			}
		}
	}
}
