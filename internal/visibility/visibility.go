// Package visibility is the one rule of who reads what. Pages, the API,
// search (hits, facets and counts), feeds, exports and live streams all ask
// it; nothing else decides. A reader is what an account amounts to for
// reading (the public, a participant in the room, a delegation, the
// secretariat); a text is described by its level, its owner, its embargo
// and whether its edition is published.
//
// The rule, in words (visibility_test.go has it as a table):
//   - the secretariat reads everything, drafts of every delegation included;
//   - a delegation reads everything of its own, drafts included;
//   - the chair reads what is submitted to the chair (a delegation's
//     proposition waiting to be published), besides what participants read;
//   - participants (the secretariat, the chair, delegates) read texts for
//     participants and public ones, embargoed or not, of published editions
//     and unpublished ones: an embargo keeps a text from the public, not
//     from the room, and an edition is prepared in the room before it is
//     published;
//   - everyone else (the public, observers, validators) reads public texts
//     of published editions whose embargo has passed;
//   - an adopted outcome text is read by the room always and by everyone
//     once its edition is published;
//   - a text two delegations share (a match of a request and an offer in
//     progress) is read by both as their own;
//   - a progress report waiting for validation is read by its state's
//     delegation, the validator of that state and the secretariat.
package visibility

import "roundtable/internal/account"

// Level is how widely a text is meant to be read, from narrowest to widest.
type Level string

const (
	Draft        Level = "draft"        // its delegation only, not yet filed
	Delegation   Level = "delegation"   // its delegation only
	Participants Level = "participants" // everyone in the room
	Public       Level = "public"       // everyone, once published and past its embargo

	// Submitted is a delegation's proposal waiting for the chair: its
	// delegation, the chair and the secretariat read it. Statements do not
	// use it (a statement is filed, not submitted), so it is not in Levels.
	Submitted Level = "submitted"

	// Adopted is an outcome text the edition adopted, with its annex of
	// reservations and explanations: everyone reads it once its edition is
	// published, whatever embargo its statements had. The negotiation
	// before (drafts, amendments, positions) stays at Participants.
	// Statements do not use it, so it is not in Levels.
	Adopted Level = "adopted"

	// Validation is a progress report its state's focal point filed and
	// its state's validator has not yet approved: the delegation, that
	// validator and the secretariat read it, nobody else. Statements do
	// not use it, so it is not in Levels.
	Validation Level = "validation"
)

// Levels lists the levels a statement may have, from narrowest to widest.
var Levels = []Level{Draft, Delegation, Participants, Public}

// Valid reports whether l is one of the levels a statement may have.
func Valid(l Level) bool {
	for _, x := range Levels {
		if x == l {
			return true
		}
	}
	return false
}

type kind uint8

const (
	public kind = iota
	participant
	chair
	secretariat
)

// Reader is who reads. The zero Reader is the public.
type Reader struct {
	kind kind
	// delegation is the ISO alpha-3 code of a delegate's country: its
	// delegation reads its own drafts and restricted texts.
	delegation string
	// validates is the country code of the state a validator approves
	// progress reports for: they read its reports waiting for validation.
	validates string
}

// Of maps an account to the reader it is; nil is the public. Validators and
// observers read what the public reads: they are not in the room; a
// validator bound to a state also reads that state's reports waiting for
// validation.
func Of(u *account.User) Reader {
	if u == nil {
		return Reader{}
	}
	switch u.Role {
	case account.Administrator:
		return Reader{kind: secretariat}
	case account.Chair:
		return Reader{kind: chair}
	case account.Delegate:
		return Reader{kind: participant, delegation: u.Delegation}
	case account.Validator:
		return Reader{validates: u.Delegation}
	}
	return Reader{}
}

// Presides reports whether r runs the proceedings (the chair or the
// secretariat): who publishes, merges and withdraws propositions.
func (r Reader) Presides() bool { return r.kind == chair || r.kind == secretariat }

// InRoom reports whether r takes part in the proceedings (a delegation,
// the chair or the secretariat): who reads what an edition keeps to its
// participants.
func (r Reader) InRoom() bool { return r.kind != public }

// Anyone is the public: what everyone may read.
func Anyone() Reader { return Reader{} }

// Delegation is the country code whose own texts r reads ("" for none).
func (r Reader) Delegation() string { return r.delegation }

// Validates is the country code whose reports r approves ("" for none).
func (r Reader) Validates() string { return r.validates }

// Secretariat reports whether r is the secretariat, who reads everything.
func (r Reader) Secretariat() bool { return r.kind == secretariat }

// Text is what the rule needs to know of a text.
type Text struct {
	Level Level
	// Owner is the country code of the delegation that owns the text ("" if
	// none owns it, or the owner is a group or an organisation, whose texts
	// only the secretariat writes).
	Owner string
	// Partner is a second delegation that reads the text as its own (the
	// other side of a match in progress); "" for none.
	Partner string
	// Embargoed: the text's embargo has not passed yet.
	Embargoed bool
	// Published: its edition is published.
	Published bool
}

// Sees reports whether r may read t. (Written as ifs, not a switch, so
// that coverage, and the mutation tool that reads it, sees each condition.)
func (r Reader) Sees(t Text) bool {
	if r.kind == secretariat {
		return true
	}
	if r.delegation != "" && (t.Owner == r.delegation || t.Partner == r.delegation) {
		return true
	}
	if r.validates != "" && t.Level == Validation && t.Owner == r.validates {
		return true
	}
	if r.kind == chair && t.Level == Submitted {
		return true
	}
	if r.kind == participant || r.kind == chair {
		return t.Level == Participants || t.Level == Public || t.Level == Adopted
	}
	if t.Level == Adopted {
		return t.Published
	}
	return t.Level == Public && t.Published && !t.Embargoed
}

// Effective is the level a text of an edition has once the edition's
// publication is folded in: nothing of an unpublished edition is public,
// but it stays open to the room. Search documents carry this level, so
// that a reader's test needs no edition: for every reader,
// Sees(Text{Level: l, Published: p, …}) equals
// Sees(Text{Level: Effective(l, p), Published: true, …}).
func Effective(l Level, published bool) Level {
	if (l == Public || l == Adopted) && !published {
		return Participants
	}
	return l
}
