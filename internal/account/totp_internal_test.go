package account

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"testing"
	"time"
)

// The test vectors of RFC 6238, appendix B, copied from the RFC: T0 = 0,
// 30-second steps, 8 digits, and the ASCII seeds "1234567890" repeated to
// 20, 32 and 64 bytes for SHA-1, SHA-256 and SHA-512.
func TestTOTPMatchesRFC6238AppendixB(t *testing.T) {
	seeds := map[string][]byte{
		"SHA1":   []byte("12345678901234567890"),
		"SHA256": []byte("12345678901234567890123456789012"),
		"SHA512": []byte("1234567890123456789012345678901234567890123456789012345678901234"),
	}
	hashes := map[string]func() hash.Hash{"SHA1": sha1.New, "SHA256": sha256.New, "SHA512": sha512.New}
	vectors := []struct {
		unix int64
		mode string
		want string
	}{
		{59, "SHA1", "94287082"}, {59, "SHA256", "46119246"}, {59, "SHA512", "90693936"},
		{1111111109, "SHA1", "07081804"}, {1111111109, "SHA256", "68084774"}, {1111111109, "SHA512", "25091201"},
		{1111111111, "SHA1", "14050471"}, {1111111111, "SHA256", "67062674"}, {1111111111, "SHA512", "99943326"},
		{1234567890, "SHA1", "89005924"}, {1234567890, "SHA256", "91819424"}, {1234567890, "SHA512", "93441116"},
		{2000000000, "SHA1", "69279037"}, {2000000000, "SHA256", "90698825"}, {2000000000, "SHA512", "38618901"},
		{20000000000, "SHA1", "65353130"}, {20000000000, "SHA256", "77737706"}, {20000000000, "SHA512", "47863826"},
	}
	for _, v := range vectors {
		step := totpStep(time.Unix(v.unix, 0))
		if got := hotp(hashes[v.mode], seeds[v.mode], uint64(step), 8); got != v.want {
			t.Errorf("%s at %d: %s, want %s", v.mode, v.unix, got, v.want)
		}
	}
}

// A six-digit code is the last six digits of the RFC's: 94287082 at 59 s
// (step 1) is 287082. It is accepted one step late, not two, and never at
// or before the last step used.
func TestTOTPWindowAndReplay(t *testing.T) {
	secret := b32.EncodeToString([]byte("12345678901234567890"))
	cases := []struct {
		name string
		at   int64
		last int64
		ok   bool
	}{
		{"its own step", 59, 0, true},
		{"one step late", 89, 0, true},
		{"one step early", 0, 0, true},
		{"two steps late", 119, 0, false},
		{"already used", 59, 1, false},
		{"a later step used", 59, 2, false},
	}
	for _, c := range cases {
		step, ok := matchTOTP(secret, "287082", time.Unix(c.at, 0), c.last)
		if ok != c.ok || (ok && step != 1) {
			t.Errorf("%s: ok %v step %d, want ok %v step 1", c.name, ok, step, c.ok)
		}
	}
	if _, ok := matchTOTP(secret, "287083", time.Unix(59, 0), 0); ok {
		t.Error("a wrong code was accepted")
	}
}
