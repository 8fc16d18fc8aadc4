package config

import (
	"encoding/json"
	"flag"
	"io"
	"net/url"
	"strings"
	"testing"
)

// FuzzParseTrustedProxies: an accepted list holds masked prefixes, and
// written back with commas it parses to the same list.
func FuzzParseTrustedProxies(f *testing.F) {
	for _, s := range []string{" 10.0.0.0/8, 192.168.1.7 ,fd00::/8,", "", "10.0.0.300", "::ffff:10.0.0.1", "fe80::1%eth0", "10.0.0.0/8, proxy.example.org", "0.0.0.0/0,::/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParseTrustedProxies(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "--trusted-proxies: ") {
				t.Fatalf("%q: error %q does not name the setting", s, err)
			}
			return
		}
		var parts []string
		for _, p := range ps {
			if !p.IsValid() || p != p.Masked() {
				t.Fatalf("%q: prefix %v is not valid and masked", s, p)
			}
			parts = append(parts, p.String())
		}
		again, err := ParseTrustedProxies(strings.Join(parts, ","))
		if err != nil || len(again) != len(ps) {
			t.Fatalf("%q = %v; written back parses to %v, %v", s, ps, again, err)
		}
		for i := range ps {
			if again[i] != ps[i] {
				t.Fatalf("%q = %v; written back parses to %v", s, ps, again)
			}
		}
	})
}

// FuzzParsePublicURL: an accepted address is http(s) with a host and
// nothing after it, and parsing its own text gives it back unchanged.
func FuzzParsePublicURL(f *testing.F) {
	for _, s := range []string{"https://roundtable.example.org", "https://roundtable.example.org/", "http://localhost:8080", "roundtable.example.org", "ftp://example.org",
		"https://example.org/roundtable", "https://example.org?x=1", "https://user@example.org", "https://", "http://[::1]:80/", " HTTPS://Example.org# "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParsePublicURL(s)
		if err != nil {
			return
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			t.Fatalf("%q accepted as %#v", s, u)
		}
		again, err := ParsePublicURL(u.String())
		if err != nil || again.String() != u.String() {
			t.Fatalf("%q = %s; parsed again: %v, %v", s, u, again, err)
		}
	})
}

// FuzzFlags parses a command line, as `roundtable serve` does, and checks
// that a configuration Validate accepts is dumped without the database
// password and otherwise whole.
func FuzzFlags(f *testing.F) {
	f.Add("-addr 127.0.0.1:9000 -log-level debug -log-format json", "postgres://roundtable:s3cret-pass@db.internal:5432/rt?sslmode=disable")
	f.Add("-secure-cookies=false -trusted-proxies 10.0.0.0/8 -public-url https://rt.example.org", "postgres://u@h/d?password=s3cret-pass")
	f.Add("-demo -migrate -data /var/lib/roundtable", "")
	f.Add("-log-level loud", "postgres://u:p%40ss%2Fw0rd@h/d")
	f.Fuzz(func(t *testing.T, line, database string) {
		c := Default()
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.Register(fs)
		// -database first: the flag package stops at the first argument
		// that is not a flag, and the line may hold one.
		if err := fs.Parse(append([]string{"-database", database}, strings.Fields(line)...)); err != nil {
			return
		}
		if c.Database != database && !strings.Contains(line, "database") {
			t.Fatalf("-database %q read as %q", database, c.Database)
		}
		if c.Validate() != nil {
			return
		}
		var dumped Config
		if err := json.Unmarshal([]byte(c.Redacted()), &dumped); err != nil {
			t.Fatalf("Redacted is not JSON: %v", err)
		}
		// JSON writes bytes that are not UTF-8 as U+FFFD: a folder or
		// address named so shows that way in the dump.
		want := c
		want.Database = dumped.Database
		want.Addr, want.DataDir = string([]rune(c.Addr)), string([]rune(c.DataDir))
		if dumped != want {
			t.Fatalf("dump %+v, want %+v", dumped, want)
		}
		// Where the driver would find a password, the dump must not hold it.
		if u, err := url.Parse(database); err == nil {
			secrets := []string{u.Query().Get("password")}
			if u.User != nil {
				pw, _ := u.User.Password()
				secrets = append(secrets, pw)
			}
			for _, pw := range secrets {
				if len(pw) >= 4 && strings.Contains(dumped.Database, pw) && !strings.Contains(strings.Replace(database, pw, "", 1), pw) {
					t.Fatalf("database %q dumped as %q, with its password", database, dumped.Database)
				}
			}
		}
	})
}
