package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"roundtable/internal/audit"
)

const auditUsage = "usage: roundtable audit verify [--checkpoint LINE|FILE] [--pubkey FILE] | checkpoint [--key FILE] | keygen --key FILE"

func auditFlags(fset *flag.FlagSet) func(e *env) error {
	checkpoint := fset.String("checkpoint", "", "verify: a checkpoint line, or a file of them, each of which the trail must still hold")
	pubkey := fset.String("pubkey", "", "verify: Ed25519 public key (PEM) by which every checkpoint must be signed")
	key := fset.String("key", "", "checkpoint: Ed25519 private key (PEM) to sign with; keygen: file to write (FILE and FILE.pub)")
	return func(e *env) error {
		if len(e.args) != 1 {
			return usageError{auditUsage}
		}
		switch e.args[0] {
		case "verify":
			return auditVerify(e, *checkpoint, *pubkey)
		case "checkpoint":
			return auditCheckpoint(e, *key)
		case "keygen":
			return auditKeygen(e, *key)
		}
		return usageError{auditUsage}
	}
}

func auditVerify(e *env, checkpointArg, pubkeyFile string) error {
	var cps []audit.Checkpoint
	if checkpointArg != "" {
		var err error
		if cps, err = readCheckpoints(checkpointArg); err != nil {
			return err
		}
	}
	if pubkeyFile != "" {
		if cps == nil {
			return usageError{"--pubkey checks the signatures of --checkpoint; give both"}
		}
		b, err := os.ReadFile(pubkeyFile)
		if err != nil {
			return err
		}
		pub, err := audit.ParsePublicKey(b)
		if err != nil {
			return fmt.Errorf("%s: %w", pubkeyFile, err)
		}
		// Signatures first: a forged checkpoint must not be taken as
		// evidence either way.
		for _, c := range cps {
			if err := c.CheckSignature(pub); err != nil {
				return err
			}
		}
	}
	// Verification must work on a schema that is behind, e.g. before an
	// upgrade is applied.
	db, err := e.openAny()
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := audit.Verify(e.ctx, db.Reader(), cps...)
	if err != nil {
		return err
	}
	if rep.Broken != nil {
		return fmt.Errorf("audit trail broken at %s (%d entries checked)", rep.Broken, rep.Entries)
	}
	if len(cps) == 0 {
		fmt.Fprintf(e.stdout, "audit trail intact: %d entries\n", rep.Entries)
		return nil
	}
	latest := cps[0]
	for _, c := range cps {
		if c.Seq > latest.Seq {
			latest = c
		}
	}
	fmt.Fprintf(e.stdout, "audit trail intact: %d entries; %d checkpoint(s) hold, the latest pins entry %d\n", rep.Entries, len(cps), latest.Seq)
	return nil
}

// readCheckpoints takes a checkpoint line itself or the name of a file of
// them; a line is told by its prefix, so a file name never is one.
func readCheckpoints(arg string) ([]audit.Checkpoint, error) {
	if strings.HasPrefix(strings.TrimSpace(arg), audit.CheckpointPrefix) {
		c, err := audit.ParseCheckpoint(arg)
		if err != nil {
			return nil, err
		}
		return []audit.Checkpoint{c}, nil
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		return nil, err
	}
	cps, err := audit.ParseCheckpoints(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", arg, err)
	}
	return cps, nil
}

func auditCheckpoint(e *env, keyFile string) error {
	var priv ed25519.PrivateKey
	if keyFile != "" {
		b, err := os.ReadFile(keyFile)
		if err != nil {
			return err
		}
		if priv, err = audit.ParsePrivateKey(b); err != nil {
			return fmt.Errorf("%s: %w", keyFile, err)
		}
	}
	db, err := e.openAny()
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := audit.TakeCheckpoint(e.ctx, db.Reader())
	if err != nil {
		return err
	}
	if priv != nil {
		c = c.Sign(priv)
	}
	fmt.Fprintln(e.stdout, c)
	return nil
}

// auditKeygen writes a new key pair: the private key readable by its owner
// only, and never over an existing file, since losing the old key would make
// its checkpoints uncheckable.
func auditKeygen(e *env, keyFile string) error {
	if keyFile == "" {
		return usageError{"audit keygen needs --key FILE (the private key; the public key goes to FILE.pub)"}
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	privPEM, pubPEM, err := audit.MarshalKeys(pub, priv)
	if err != nil {
		return err
	}
	for _, f := range []string{keyFile, keyFile + ".pub"} {
		if _, err := os.Stat(f); err == nil {
			return fmt.Errorf("%s already exists; not overwritten", f)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := writeNew(keyFile, privPEM, 0o600); err != nil {
		return err
	}
	if err := writeNew(keyFile+".pub", pubPEM, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "private key written to %s, public key to %s.pub\n", keyFile, keyFile)
	return nil
}

func writeNew(name string, b []byte, mode os.FileMode) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
