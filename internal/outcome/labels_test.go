package outcome

import "testing"

func TestLabelsFollowUNPracticeAndAreNeverReused(t *testing.T) {
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"first preambular", nextAppended(Preambular, nil), "PP1"},
		{"operative after OP1..OP3", nextAppended(Operative, []string{"PP1", "OP1", "OP2", "OP3"}), "OP4"},
		{"a deleted OP4 keeps its number", nextAppended(Operative, []string{"OP1", "OP4", "OP2bis"}), "OP5"},
		{"preambular ignores operative numbers", nextAppended(Preambular, []string{"PP1", "OP9"}), "PP2"},
		{"inserted after OP7", nextInserted("OP7", []string{"OP7"}), "OP7bis"},
		{"inserted after OP7bis", nextInserted("OP7bis", []string{"OP7", "OP7bis"}), "OP7ter"},
		{"inserted after OP7, bis taken", nextInserted("OP7", []string{"OP7", "OP7bis", "OP7ter"}), "OP7quater"},
		{"after decies", nextInserted("PP2", []string{"PP2", "PP2bis", "PP2ter", "PP2quater", "PP2quinquies", "PP2sexies", "PP2septies", "PP2octies", "PP2novies", "PP2decies"}), "PP2-11"},
		{"alternative", nextAlternative("OP6", []string{"OP6"}), "OP6alt"},
		{"second alternative", nextAlternative("OP6", []string{"OP6", "OP6alt"}), "OP6alt2"},
		{"alternative to an alternative", nextAlternative("OP6alt", []string{"OP6", "OP6alt"}), "OP6alt2"},
		{"alternative to an inserted paragraph", nextAlternative("OP3bis", []string{"OP3bis"}), "OP3bisalt"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}
