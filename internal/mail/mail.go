// Package mail sends the site's e-mail (password reset links) through an
// SMTP server, with the standard library's net/smtp.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// Security is how the connection to the server is protected.
type Security string

const (
	// StartTLS upgrades a plain connection and refuses a server that
	// does not offer it (a downgrade would send the link in clear).
	StartTLS Security = "starttls"
	// ImplicitTLS speaks TLS from the first byte (usually port 465).
	ImplicitTLS Security = "tls"
	// Plain is for a relay on this machine only.
	Plain Security = "none"
)

// Sender sends through one SMTP server.
type Sender struct {
	Addr     string // host:port
	User     string // empty: no authentication
	Password string
	From     string // the sender's address
	Security Security
	// Timeout bounds a whole delivery (dial to QUIT); 0 means 30 s.
	Timeout time.Duration
	// TLS is the client's TLS configuration; nil verifies the server's
	// certificate against the system roots for the host of Addr.
	TLS *tls.Config
	// Hostname is said in EHLO; empty: "localhost".
	Hostname string
}

// Message is a plain-text e-mail to one recipient.
type Message struct {
	To      string
	Subject string
	Body    string
}

var errNoStartTLS = errors.New("mail server does not offer STARTTLS")

// Send delivers m, or returns why not. Nothing is queued: the caller
// decides what a failure means.
func (s *Sender) Send(ctx context.Context, m Message) error {
	for _, h := range []string{s.From, m.To, m.Subject} {
		if strings.ContainsAny(h, "\r\n") {
			return errors.New("mail header with a line break")
		}
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return err
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil {
		return err
	}
	cfg := s.tlsConfig(host)
	switch s.Security {
	case ImplicitTLS:
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return err
		}
		conn = tc
	case StartTLS, Plain:
	default:
		return fmt.Errorf("unknown mail security %q", s.Security)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello(s.hostname()); err != nil {
		return err
	}
	if s.Security == StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errNoStartTLS
		}
		if err := c.StartTLS(cfg); err != nil {
			return err
		}
	}
	if s.User != "" {
		// PlainAuth itself refuses to send the password unencrypted to
		// anything but localhost.
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(s.From); err != nil {
		return err
	}
	if err := c.Rcpt(m.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(s.compose(m, time.Now())); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func (s *Sender) tlsConfig(host string) *tls.Config {
	if s.TLS != nil {
		cfg := s.TLS.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = host
		}
		return cfg
	}
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}

func (s *Sender) hostname() string {
	if s.Hostname != "" {
		return s.Hostname
	}
	return "localhost"
}

// compose writes the message: UTF-8 text in quoted-printable (safe through
// any relay), the subject encoded by RFC 2047, and the Date and Message-ID
// that spam filters look for.
func (s *Sender) compose(m Message, now time.Time) []byte {
	var b bytes.Buffer
	domain := s.From[strings.LastIndexByte(s.From, '@')+1:]
	id := make([]byte, 16)
	rand.Read(id)
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", s.From)
	header("To", m.To)
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")))
	qp.Close()
	return b.Bytes()
}
