package visibility_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/visibility"
)

// The readers, in the order of the table's columns.
var readers = []struct {
	name string
	r    visibility.Reader
}{
	{"anonymous", visibility.Of(nil)},
	{"observer", visibility.Of(&account.User{Role: account.Observer})},
	{"validator", visibility.Of(&account.User{Role: account.Validator})},
	{"validator of BRA", visibility.Of(&account.User{Role: account.Validator, Delegation: "BRA"})},
	{"chair", visibility.Of(&account.User{Role: account.Chair})},
	{"delegate of BRA", visibility.Of(&account.User{Role: account.Delegate, Delegation: "BRA"})},
	{"delegate of ARG", visibility.Of(&account.User{Role: account.Delegate, Delegation: "ARG"})},
	{"secretariat", visibility.Of(&account.User{Role: account.Administrator})},
}

// expectations is the rule written out by hand, one text per row: its
// level, owner ("-" for none: a group's text), partner ("-" for none),
// whether its embargo still
// holds ("emb" or "-") and whether its edition is published ("pub" or
// "-"); then one mark per reader in the order of readers above — x reads
// it, . does not. A reviewer checks these rows against the rule in words
// in the package comment, not against the code.
//
// Columns: level, owner, partner, embargo, published, then anonymous,
// observer, validator, validator of BRA, chair, delegate of BRA, delegate
// of ARG, secretariat.
var expectations = []string{
	"draft        BRA -   -   -     . . . . . x . x",
	"draft        BRA -   -   pub   . . . . . x . x",
	"draft        BRA -   emb pub   . . . . . x . x",
	"draft        -   -   -   pub   . . . . . . . x",
	"delegation   BRA -   -   -     . . . . . x . x",
	"delegation   BRA -   -   pub   . . . . . x . x",
	"delegation   BRA -   emb -     . . . . . x . x",
	"delegation   ARG -   -   pub   . . . . . . x x",
	"delegation   -   -   -   pub   . . . . . . . x",
	"participants BRA -   -   -     . . . . x x x x",
	"participants BRA -   -   pub   . . . . x x x x",
	"participants BRA -   emb pub   . . . . x x x x",
	"participants -   -   -   pub   . . . . x x x x",
	"participants -   -   emb -     . . . . x x x x",
	"public       BRA -   -   pub   x x x x x x x x",
	"public       BRA -   emb pub   . . . . x x x x",
	"public       BRA -   -   -     . . . . x x x x",
	"public       BRA -   emb -     . . . . x x x x",
	"public       -   -   -   pub   x x x x x x x x",
	"public       -   -   emb pub   . . . . x x x x",
	"public       -   -   -   -     . . . . x x x x",
	"public       ARG -   -   pub   x x x x x x x x",
	"public       ARG -   emb pub   . . . . x x x x",
	// A delegation's proposition waiting for the chair: the chair, its
	// delegation and the secretariat, published edition or not.
	"submitted    BRA -   -   -     . . . . x x . x",
	"submitted    BRA -   -   pub   . . . . x x . x",
	"submitted    ARG -   -   pub   . . . . x . x x",
	"submitted    -   -   -   pub   . . . . x . . x",
	// An adopted outcome: the room always, everyone once the edition is
	// published; an embargo does not hold it back.
	"adopted      -   -   -   pub   x x x x x x x x",
	"adopted      -   -   -   -     . . . . x x x x",
	"adopted      -   -   emb pub   x x x x x x x x",
	"adopted      BRA -   -   pub   x x x x x x x x",
	// A progress report waiting for validation: its state's delegation,
	// the validator of that state and the secretariat, nobody else.
	"validation   BRA -   -   pub   . . . x . x . x",
	"validation   BRA -   -   -     . . . x . x . x",
	"validation   ARG -   -   pub   . . . . . . x x",
	"validation   -   -   -   pub   . . . . . . . x",
	// A text two delegations share (a match of a request and an offer
	// in progress): both read it as their own.
	"delegation   BRA ARG -   pub   . . . . . x x x",
	"delegation   ARG BRA -   -     . . . . . x x x",
	"draft        BRA ARG -   pub   . . . . . x x x",
	"participants BRA ARG -   pub   . . . . x x x x",
	"public       BRA ARG -   pub   x x x x x x x x",
}

type row struct {
	text visibility.Text
	want []bool
}

func parse(t *testing.T) []row {
	t.Helper()
	var out []row
	for _, line := range expectations {
		f := strings.Fields(line)
		if len(f) != 5+len(readers) {
			t.Fatalf("row %q: want %d fields", line, 5+len(readers))
		}
		r := row{text: visibility.Text{Level: visibility.Level(f[0]), Embargoed: f[3] == "emb", Published: f[4] == "pub"}}
		if !visibility.Valid(r.text.Level) && r.text.Level != visibility.Submitted && r.text.Level != visibility.Adopted && r.text.Level != visibility.Validation {
			t.Fatalf("row %q: unknown level", line)
		}
		if f[1] != "-" {
			r.text.Owner = f[1]
		}
		if f[2] != "-" {
			r.text.Partner = f[2]
		}
		for _, m := range f[5:] {
			r.want = append(r.want, m == "x")
		}
		out = append(out, r)
	}
	return out
}

func TestSees(t *testing.T) {
	for _, c := range parse(t) {
		for i, rd := range readers {
			if got := rd.r.Sees(c.text); got != c.want[i] {
				t.Errorf("%s reading %+v: got %v, want %v", rd.name, c.text, got, c.want[i])
			}
		}
	}
}

// TestEffective: folding publication into the level, as search documents
// do, changes nothing for any reader.
func TestEffective(t *testing.T) {
	for _, c := range parse(t) {
		folded := c.text
		folded.Level, folded.Published = visibility.Effective(c.text.Level, c.text.Published), true
		for i, rd := range readers {
			if got := rd.r.Sees(folded); got != c.want[i] {
				t.Errorf("%s reading %+v folded to %s: got %v, want %v", rd.name, c.text, folded.Level, got, c.want[i])
			}
		}
	}
}

// TestWhere runs the SQL form of the rule on both engines over one row per
// line of the table and checks each reader gets exactly the rows marked.
func TestWhere(t *testing.T) {
	rows := parse(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := store.Now()
		ts := "TIMESTAMP"
		if db.Dialect() == store.Postgres {
			ts = "TIMESTAMPTZ"
		}
		err := db.Write(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, "CREATE TABLE vis_cases (id INTEGER PRIMARY KEY, level TEXT NOT NULL, owner TEXT, partner TEXT, embargo_until "+ts+", published BOOLEAN NOT NULL)"); err != nil {
				return err
			}
			for i, c := range rows {
				var owner, partner any
				if c.text.Owner != "" {
					owner = c.text.Owner
				}
				if c.text.Partner != "" {
					partner = c.text.Partner
				}
				// An embargo that holds ends tomorrow; one that has passed
				// ended yesterday; half the rows have none at all.
				var until any
				switch {
				case c.text.Embargoed:
					until = now.Add(24 * time.Hour)
				case i%2 == 0:
					until = now.Add(-24 * time.Hour)
				}
				if _, err := tx.Exec(ctx, "INSERT INTO vis_cases (id, level, owner, partner, embargo_until, published) VALUES (?, ?, ?, ?, ?, ?)",
					i, string(c.text.Level), owner, partner, until, c.text.Published); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		cols := visibility.Columns{Level: "level", Owner: "owner", Embargo: "embargo_until", Published: "published", Partner: "partner"}
		for i, rd := range readers {
			cond, args := rd.r.Where(cols, now)
			got, err := store.QueryAll(ctx, db.Reader(), func(s store.Scanner) (int, error) {
				var id int
				return id, s.Scan(&id)
			}, "SELECT id FROM vis_cases WHERE "+cond+" ORDER BY id", args...)
			if err != nil {
				t.Fatalf("%s: %v", rd.name, err)
			}
			var want []int
			for j, c := range rows {
				if c.want[i] {
					want = append(want, j)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: rows %v, want %v", rd.name, got, want)
			}
		}
	})
}

// TestReaders: the public is the zero reader, only a delegate reads a
// delegation's own texts, and only a validator bound to a state approves
// its reports.
func TestReaders(t *testing.T) {
	if visibility.Anyone() != visibility.Of(nil) || visibility.Anyone() != (visibility.Reader{}) {
		t.Error("Anyone is not the public")
	}
	for _, x := range readers {
		want := map[string]string{"delegate of BRA": "BRA", "delegate of ARG": "ARG"}[x.name]
		if got := x.r.Delegation(); got != want {
			t.Errorf("%s reads as delegation %q, want %q", x.name, got, want)
		}
		if got, want := x.r.Validates(), map[string]string{"validator of BRA": "BRA"}[x.name]; got != want {
			t.Errorf("%s validates for %q, want %q", x.name, got, want)
		}
		if got := x.r.Secretariat(); got != (x.name == "secretariat") {
			t.Errorf("%s is the secretariat: %v", x.name, got)
		}
	}
}

// TestPresidesAndInRoom: the chair and the secretariat run the
// proceedings; delegates join them in the room; nobody else does.
func TestPresidesAndInRoom(t *testing.T) {
	presides := map[string]bool{"chair": true, "secretariat": true}
	inRoom := map[string]bool{"chair": true, "secretariat": true, "delegate of BRA": true, "delegate of ARG": true}
	for _, x := range readers {
		if x.r.Presides() != presides[x.name] {
			t.Errorf("%s presides: %v", x.name, x.r.Presides())
		}
		if x.r.InRoom() != inRoom[x.name] {
			t.Errorf("%s in the room: %v", x.name, x.r.InRoom())
		}
	}
}

func TestValid(t *testing.T) {
	for l, want := range map[visibility.Level]bool{"draft": true, "delegation": true, "participants": true, "public": true,
		"": false, "Public": false, "secret": false, "adopted": false,
		// a proposal's level, not a statement's
		"submitted": false, "validation": false} {
		if visibility.Valid(l) != want {
			t.Errorf("Valid(%q) = %v", l, !want)
		}
	}
}
