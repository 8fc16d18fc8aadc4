package audit

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"roundtable/internal/store"
)

// The chain proves that nothing before its head was changed, but whoever can
// write to the database can also delete the newest entries and move the head
// back: what remains is a whole chain. A checkpoint is the head written down
// somewhere the database's writers cannot reach (another machine, a signed
// file); a later Verify with it fails unless the chain still holds that entry
// with that hash, and since each hash covers the one before, every older
// entry too.

// CheckpointPrefix starts every checkpoint line, so a command line argument
// can be told from a file name and a line from other text.
const CheckpointPrefix = "roundtable-audit-checkpoint"

// Checkpoint pins one entry of the chain. Sig, when present, is an Ed25519
// signature of the line without its sig field.
type Checkpoint struct {
	Seq  int64
	Hash string
	At   time.Time // when the checkpoint was taken
	Sig  []byte
}

// unsigned is the part of the line a signature covers.
func (c Checkpoint) unsigned() string {
	return fmt.Sprintf("%s v1 seq=%d hash=%s at=%s", CheckpointPrefix, c.Seq, c.Hash, c.At.UTC().Format(time.RFC3339))
}

// String is the checkpoint's one-line form, e.g.
// "roundtable-audit-checkpoint v1 seq=17 hash=… at=2026-12-05T12:00:00Z sig=…".
func (c Checkpoint) String() string {
	if c.Sig == nil {
		return c.unsigned()
	}
	return c.unsigned() + " sig=" + base64.StdEncoding.EncodeToString(c.Sig)
}

// Sign returns c signed with key.
func (c Checkpoint) Sign(key ed25519.PrivateKey) Checkpoint {
	c.Sig = ed25519.Sign(key, []byte(c.unsigned()))
	return c
}

// CheckSignature reports whether c carries a valid signature by pub.
func (c Checkpoint) CheckSignature(pub ed25519.PublicKey) error {
	if c.Sig == nil {
		return fmt.Errorf("checkpoint of entry %d is not signed", c.Seq)
	}
	if !ed25519.Verify(pub, []byte(c.unsigned()), c.Sig) {
		return fmt.Errorf("checkpoint of entry %d: the signature does not match the public key", c.Seq)
	}
	return nil
}

// ParseCheckpoint reads one checkpoint line. It is strict: the fields in
// order, nothing else, so a signed line has one meaning.
func ParseCheckpoint(line string) (Checkpoint, error) {
	var c Checkpoint
	f := strings.Fields(line)
	bad := func(why string) (Checkpoint, error) {
		return Checkpoint{}, fmt.Errorf("not a checkpoint line (%s): %.120q", why, line)
	}
	if len(f) != 5 && len(f) != 6 {
		return bad("wrong number of fields")
	}
	if f[0] != CheckpointPrefix || f[1] != "v1" {
		return bad("must start with " + CheckpointPrefix + " v1")
	}
	val := func(i int, key string) (string, bool) { return strings.CutPrefix(f[i], key+"=") }
	s, ok := val(2, "seq")
	seq, err := strconv.ParseInt(s, 10, 64)
	if !ok || err != nil || seq < 1 || strconv.FormatInt(seq, 10) != s {
		return bad("seq")
	}
	h, ok := val(3, "hash")
	if raw, err := hex.DecodeString(h); !ok || err != nil || len(raw) != 32 || strings.ToLower(h) != h {
		return bad("hash")
	}
	a, ok := val(4, "at")
	at, err := time.Parse(time.RFC3339, a)
	if !ok || err != nil {
		return bad("at")
	}
	c = Checkpoint{Seq: seq, Hash: h, At: at}
	if c.unsigned() != strings.Join(f[:5], " ") {
		return bad("at must be UTC, in seconds")
	}
	if len(f) == 6 {
		sg, ok := val(5, "sig")
		sig, err := base64.StdEncoding.DecodeString(sg)
		if !ok || err != nil || len(sig) != ed25519.SignatureSize {
			return bad("sig")
		}
		c.Sig = sig
	}
	return c, nil
}

// ParseCheckpoints reads every checkpoint line of a file (for example one a
// cron job appends to), skipping blank lines and # comments.
func ParseCheckpoints(text string) ([]Checkpoint, error) {
	var cps []Checkpoint
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c, err := ParseCheckpoint(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		cps = append(cps, c)
	}
	if len(cps) == 0 {
		return nil, errors.New("no checkpoint line found")
	}
	return cps, nil
}

// TakeCheckpoint verifies the chain and returns a checkpoint of its last
// entry. It refuses a broken or empty chain: a checkpoint must only ever vouch
// for a chain that held when it was taken.
func TakeCheckpoint(ctx context.Context, q store.Querier) (Checkpoint, error) {
	rep, err := Verify(ctx, q)
	if err != nil {
		return Checkpoint{}, err
	}
	if rep.Broken != nil {
		return Checkpoint{}, fmt.Errorf("audit trail broken at %s; no checkpoint taken", rep.Broken)
	}
	if rep.LastSeq == 0 {
		return Checkpoint{}, errors.New("the audit trail is empty; nothing to checkpoint")
	}
	return Checkpoint{Seq: rep.LastSeq, Hash: rep.LastHash, At: time.Now().UTC().Truncate(time.Second)}, nil
}

// MarshalKeys returns an Ed25519 key pair as PEM: the private key as PKCS #8,
// the public key as PKIX, the forms OpenSSL reads too.
func MarshalKeys(pub ed25519.PublicKey, priv ed25519.PrivateKey) (privPEM, pubPEM []byte, err error) {
	p8, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, nil, err
	}
	pk, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8}),
		pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pk}), nil
}

// ParsePrivateKey reads a PEM PKCS #8 Ed25519 private key.
func ParsePrivateKey(b []byte) (ed25519.PrivateKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, errors.New("not a PEM private key")
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, err
	}
	ek, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, errors.New("not an Ed25519 private key")
	}
	return ek, nil
}

// ParsePublicKey reads a PEM PKIX Ed25519 public key.
func ParsePublicKey(b []byte) (ed25519.PublicKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PUBLIC KEY" {
		return nil, errors.New("not a PEM public key")
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, err
	}
	ek, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, errors.New("not an Ed25519 public key")
	}
	return ek, nil
}
