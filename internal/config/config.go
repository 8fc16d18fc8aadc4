// Package config reads Roundtable's settings from flags and ROUNDTABLE_*
// environment variables into one typed struct that is passed explicitly.
package config

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"roundtable/internal/store"
)

// Config is every setting of the product.
type Config struct {
	Addr     string `json:"addr"`
	DataDir  string `json:"data"`
	Database string `json:"database"` // empty: SQLite in DataDir
	Demo     bool   `json:"demo"`
	Migrate  bool   `json:"migrate"` // apply pending migrations on serve
	// SecureCookies marks cookies Secure; on by default, off only for
	// plain-HTTP local use (the default loopback address turns it off).
	SecureCookies string `json:"secure_cookies"` // "auto", "true", "false"
	LogLevel      string `json:"log_level"`
	LogFormat     string `json:"log_format"` // text or json
	// PublicURL is the site's address as readers reach it
	// ("https://roundtable.example.org"), for the absolute links of feeds,
	// calendars and SKOS; empty: taken from each request's Host.
	PublicURL string `json:"public_url"`
	// TrustedProxies lists the reverse proxies (addresses or CIDR ranges,
	// comma-separated) whose X-Forwarded-For gives the client's address.
	TrustedProxies string `json:"trusted_proxies"`

	// SMTP sends the site's e-mail ("forgot password"); with no SMTPAddr
	// nothing is sent and the pages do not offer what needs e-mail.
	SMTPAddr     string `json:"smtp_addr"` // host:port
	SMTPUser     string `json:"smtp_user"`
	SMTPPassword string `json:"smtp_password"`
	SMTPFrom     string `json:"smtp_from"` // the sender's address
	// SMTPTLS is how the connection is secured: "starttls" (required),
	// "tls" (implicit, usually port 465) or "none" (a relay on loopback).
	SMTPTLS string `json:"smtp_tls"`

	// MetricsAddr serves /metrics on a separate address (an internal
	// network or loopback); MetricsToken serves it on the main address to
	// requests bearing that token. With neither, /metrics is not served.
	MetricsAddr  string `json:"metrics_addr"`
	MetricsToken string `json:"metrics_token"`

	// Apertium is machine translation on this machine: "auto" (used when
	// the apertium command and its modes are found), "off", or the data
	// folder holding its modes/ (then it must be found).
	Apertium string `json:"apertium"`
	// TranslateURL is a LibreTranslate-compatible service (Chinese and the
	// pairs Apertium lacks); TranslateKey its API key, if it wants one.
	TranslateURL string `json:"translate_url"`
	TranslateKey string `json:"translate_key"`
}

// Default returns the settings used when nothing is given.
func Default() Config {
	return Config{
		Addr: "127.0.0.1:8080", DataDir: "./roundtable-data",
		SecureCookies: "auto", LogLevel: "info", LogFormat: "text", SMTPTLS: "starttls",
		Apertium: "auto",
	}
}

// Register adds the flags to fs, each defaulting to its environment
// variable when set. A flag given on the command line wins over the
// environment, which wins over the default.
func (c *Config) Register(fs *flag.FlagSet) {
	str := func(p *string, name, env, usage string) {
		if v, ok := lookup(env); ok {
			*p = v
		}
		fs.StringVar(p, name, *p, usage+" (env "+env+")")
	}
	boolean := func(p *bool, name, env, usage string) {
		if v, ok := lookup(env); ok {
			*p, _ = strconv.ParseBool(v)
		}
		fs.BoolVar(p, name, *p, usage+" (env "+env+")")
	}
	str(&c.Addr, "addr", "ROUNDTABLE_ADDR", "address to listen on")
	str(&c.DataDir, "data", "ROUNDTABLE_DATA", "data folder (SQLite database, backups)")
	str(&c.Database, "database", "ROUNDTABLE_DATABASE", "empty for SQLite in the data folder, or a postgres:// URL")
	boolean(&c.Demo, "demo", "ROUNDTABLE_DEMO", "load demo content and create an administrator on an empty database")
	boolean(&c.Migrate, "migrate", "ROUNDTABLE_MIGRATE", "apply pending database migrations before serving")
	str(&c.SecureCookies, "secure-cookies", "ROUNDTABLE_SECURE_COOKIES", "mark cookies Secure: auto (unless on loopback), true or false")
	str(&c.LogLevel, "log-level", "ROUNDTABLE_LOG_LEVEL", "debug, info, warn or error")
	str(&c.LogFormat, "log-format", "ROUNDTABLE_LOG_FORMAT", "text or json")
	str(&c.PublicURL, "public-url", "ROUNDTABLE_PUBLIC_URL", "the site's address as readers reach it (https://host), for absolute links in feeds, calendars and SKOS; empty: each request's Host")
	str(&c.SMTPAddr, "smtp-addr", "ROUNDTABLE_SMTP_ADDR", "mail server host:port for the site's e-mail (password resets); empty: no e-mail")
	str(&c.SMTPUser, "smtp-user", "ROUNDTABLE_SMTP_USER", "mail server user name; empty: no authentication")
	str(&c.SMTPPassword, "smtp-password", "ROUNDTABLE_SMTP_PASSWORD", "mail server password (or ROUNDTABLE_SMTP_PASSWORD_FILE)")
	str(&c.SMTPFrom, "smtp-from", "ROUNDTABLE_SMTP_FROM", "the address the site's e-mail comes from")
	str(&c.SMTPTLS, "smtp-tls", "ROUNDTABLE_SMTP_TLS", "starttls, tls or none (none only for a relay on this machine)")
	str(&c.MetricsAddr, "metrics-addr", "ROUNDTABLE_METRICS_ADDR", "serve /metrics on this separate address (e.g. 127.0.0.1:9090); empty: not on a separate address")
	str(&c.MetricsToken, "metrics-token", "ROUNDTABLE_METRICS_TOKEN", "serve /metrics on the main address to requests with 'Authorization: Bearer TOKEN' (or ROUNDTABLE_METRICS_TOKEN_FILE); empty: not on the main address")
	str(&c.Apertium, "apertium", "ROUNDTABLE_APERTIUM", "machine translation with Apertium on this machine: auto (when installed), off, or the folder holding its modes/")
	str(&c.TranslateURL, "translate-url", "ROUNDTABLE_TRANSLATE_URL", "a LibreTranslate-compatible service (http(s)://host[/path]) for Chinese and the pairs Apertium lacks; empty: none")
	str(&c.TranslateKey, "translate-key", "ROUNDTABLE_TRANSLATE_KEY", "the translation service's API key (or ROUNDTABLE_TRANSLATE_KEY_FILE); empty: none")
	str(&c.TrustedProxies, "trusted-proxies", "ROUNDTABLE_TRUSTED_PROXIES", "reverse proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For names the client; empty: none")
}

// lookup reads ROUNDTABLE_X, or the contents of the file named by
// ROUNDTABLE_X_FILE (for secrets kept out of the environment).
func lookup(env string) (string, bool) {
	if v, ok := os.LookupEnv(env); ok {
		return v, true
	}
	if f, ok := os.LookupEnv(env + "_FILE"); ok {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(os.Stderr, "roundtable: %s_FILE: %v\n", env, err)
			os.Exit(2)
		}
		return strings.TrimSpace(string(b)), true
	}
	return "", false
}

// Validate checks values flags cannot check.
func (c Config) Validate() error {
	switch c.SecureCookies {
	case "auto", "true", "false":
	default:
		return fmt.Errorf("--secure-cookies must be auto, true or false, not %q", c.SecureCookies)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level must be debug, info, warn or error, not %q", c.LogLevel)
	}
	if c.PublicURL != "" {
		if _, err := ParsePublicURL(c.PublicURL); err != nil {
			return err
		}
	}
	if _, err := ParseTrustedProxies(c.TrustedProxies); err != nil {
		return err
	}
	if err := c.validateTranslation(); err != nil {
		return err
	}
	return c.validateMailAndMetrics()
}

func (c Config) validateTranslation() error {
	switch {
	case c.Apertium == "auto", c.Apertium == "off", strings.HasPrefix(c.Apertium, "/"):
	default:
		return fmt.Errorf("--apertium must be auto, off or an absolute folder path, not %q", c.Apertium)
	}
	if c.TranslateURL != "" {
		u, err := url.Parse(c.TranslateURL)
		if err != nil || !utf8.ValidString(c.TranslateURL) || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("--translate-url must be http(s)://host[:port][/path], not %q", c.TranslateURL)
		}
	}
	if c.TranslateKey != "" && c.TranslateURL == "" {
		return fmt.Errorf("--translate-key needs --translate-url")
	}
	return nil
}

func (c Config) validateMailAndMetrics() error {
	switch c.SMTPTLS {
	case "starttls", "tls", "none":
	default:
		return fmt.Errorf("--smtp-tls must be starttls, tls or none, not %q", c.SMTPTLS)
	}
	if c.SMTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.SMTPAddr); err != nil {
			return fmt.Errorf("--smtp-addr must be host:port, not %q", c.SMTPAddr)
		}
		if a, err := mail.ParseAddress(c.SMTPFrom); err != nil || a.Name != "" {
			return fmt.Errorf("--smtp-from must be an e-mail address when --smtp-addr is set, not %q", c.SMTPFrom)
		}
		// The links in the site's e-mail (password resets) are built from
		// the public URL, never from a request's Host header, which
		// whoever asks for a reset chooses.
		if c.PublicURL == "" {
			return fmt.Errorf("--smtp-addr needs --public-url: the links in the site's e-mail point there")
		}
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("--metrics-addr must be host:port, not %q", c.MetricsAddr)
		}
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		return fmt.Errorf("--metrics-token must be at least 16 characters")
	}
	return nil
}

// ParseTrustedProxies reads a --trusted-proxies list: addresses
// ("10.0.0.5") and CIDR ranges ("10.0.0.0/8", "fd00::/8"), separated by
// commas; empty gives none.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxies: %q is neither an address nor a CIDR range", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// ParsePublicURL checks a --public-url: http or https, a host, and no
// path, query or fragment; a trailing slash is dropped.
func ParsePublicURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSuffix(strings.TrimSpace(s), "/"))
	// Bytes that are not UTF-8 name no host a browser could reach.
	if err != nil || !utf8.ValidString(s) || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("--public-url must be http(s)://host[:port], with nothing after the host, not %q", s)
	}
	return u, nil
}

// Redacted returns the settings as JSON with secrets hidden.
func (c Config) Redacted() string {
	c.Database = store.RedactURL(c.Database)
	for _, secret := range []*string{&c.SMTPPassword, &c.MetricsToken, &c.TranslateKey} {
		if *secret != "" {
			*secret = "(hidden)"
		}
	}
	b, _ := json.MarshalIndent(c, "", "  ")
	return string(b)
}
