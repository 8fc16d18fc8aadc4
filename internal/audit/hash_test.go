package audit

import (
	"testing"
	"time"
)

// vector is a hand-written entry. Its hash below was computed outside Go,
// with the shell, from the format docs/architecture.md describes:
//
//	printf '%s' '"42"' $'\x1f' '"2026-03-01T09:30:00.123456Z"' $'\x1f' '"7"' $'\x1f' \
//	  '"sec@example.org"' $'\x1f' '"statement.update"' $'\x1f' '"statement"' $'\x1f' \
//	  '"BRA/é"' $'\x1f' '"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"' $'\x1f' \
//	  '"5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"' | sha256sum
//
// A trail written by one version must verify under every later one, so the
// format may never drift: a change here is a change of format.
var vector = Entry{
	Seq:        42,
	At:         time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC),
	ActorID:    7,
	Actor:      "sec@example.org",
	Action:     "statement.update",
	EntityType: "statement",
	EntityID:   "BRA/é",
	Digest:     "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", // sha256 of "{}"
	PrevHash:   "5d41402abc4b2a76b9719d911017c592aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
}

const vectorHash = "506dd503d9b398cee85832fddcf133b52ca23b654a7083691d8b62bb11927de8"

func TestHashFormatIsPinned(t *testing.T) {
	if got := vector.computeHash(); got != vectorHash {
		t.Fatalf("hash of the fixed entry = %s, want %s", got, vectorHash)
	}
	// The same instant in another zone is the same entry.
	e := vector
	e.At = e.At.In(time.FixedZone("UTC+2", 2*3600))
	if got := e.computeHash(); got != vectorHash {
		t.Fatalf("hash depends on the time zone: %s", got)
	}
}

func TestDigestFormatIsPinned(t *testing.T) {
	// printf '{"email":"sec@example.org","role":"administrator"}' | sha256sum
	const want = "18d733414d69b81ed407dbbbb678b6679790450e7a3688d475bbac82af0aeab8"
	got, err := Digest(map[string]string{"role": "administrator", "email": "sec@example.org"})
	if err != nil || got != want {
		t.Fatalf("digest = %s, %v; want %s", got, err, want)
	}
}

// TestEveryFieldIsHashed changes one field at a time: each must change the
// hash, or that field could be rewritten unseen (the previous hash above all:
// without it nothing links an entry to the one before).
func TestEveryFieldIsHashed(t *testing.T) {
	changes := map[string]func(e *Entry){
		"seq":         func(e *Entry) { e.Seq = 43 },
		"at":          func(e *Entry) { e.At = e.At.Add(time.Microsecond) },
		"actor_id":    func(e *Entry) { e.ActorID = 8 },
		"actor":       func(e *Entry) { e.Actor = "chair@example.org" },
		"action":      func(e *Entry) { e.Action = "statement.delete" },
		"entity_type": func(e *Entry) { e.EntityType = "edition" },
		"entity_id":   func(e *Entry) { e.EntityID = "ARG/é" },
		"digest":      func(e *Entry) { e.Digest = "ff" + e.Digest[2:] },
		"prev_hash":   func(e *Entry) { e.PrevHash = "" },
		// Moving a character between neighbouring fields must not give the
		// same joined text.
		"boundary": func(e *Entry) { e.Action, e.EntityType = "statement.updates", "tatement" },
	}
	base := vector.computeHash()
	for name, change := range changes {
		e := vector
		change(&e)
		if e.computeHash() == base {
			t.Errorf("changing %s leaves the hash as it was", name)
		}
	}
}
