// Package mailtest runs a small SMTP server for tests: it speaks EHLO,
// STARTTLS (or TLS from the start), AUTH PLAIN, MAIL, RCPT, DATA, RSET,
// NOOP and QUIT on loopback, with a throwaway certificate, and hands over
// each message it receives.
package mailtest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"
)

// Mode is how the server protects the connection.
type Mode string

const (
	Plain       Mode = "none"     // no TLS at all, STARTTLS not offered
	StartTLS    Mode = "starttls" // STARTTLS offered
	ImplicitTLS Mode = "tls"      // TLS from the first byte
)

// Server is a running test SMTP server.
type Server struct {
	Addr  string
	ln    net.Listener
	cert  *x509.Certificate
	tls   *tls.Config
	mails chan Mail
}

// Mail is a message as received.
type Mail struct {
	From, To string // the envelope
	User     string // the AUTH PLAIN user, if any
	TLS      bool   // whether the message travelled over TLS
	Header   mail.Header
	Subject  string // decoded (RFC 2047)
	Body     string // decoded (quoted-printable)
}

// Start runs a server in mode until the test ends.
func Start(t *testing.T, mode Mode) *Server {
	t.Helper()
	cert, key := selfSigned(t)
	s := &Server{cert: cert, mails: make(chan Mail, 16)}
	s.tls = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{cert.Raw}, PrivateKey: key}}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if mode == ImplicitTLS {
		ln = tls.NewListener(ln, s.tls)
	}
	s.ln, s.Addr = ln, ln.Addr().String()
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c, mode)
		}
	}()
	return s
}

// ClientTLS is a client configuration that trusts the server's certificate.
func (s *Server) ClientTLS() *tls.Config {
	pool := x509.NewCertPool()
	pool.AddCert(s.cert)
	return &tls.Config{RootCAs: pool}
}

// Next waits for the next message.
func (s *Server) Next(t *testing.T, wait time.Duration) Mail {
	t.Helper()
	select {
	case m := <-s.mails:
		return m
	case <-time.After(wait):
		t.Fatal("no mail arrived")
		return Mail{}
	}
}

// None reports whether no message arrived within wait.
func (s *Server) None(wait time.Duration) bool {
	select {
	case <-s.mails:
		return false
	case <-time.After(wait):
		return true
	}
}

func (s *Server) serve(c net.Conn, mode Mode) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Minute))
	_, secure := c.(*tls.Conn)
	r, w := bufio.NewReader(c), c
	say := func(line string) { io.WriteString(w, line+"\r\n") }
	say("220 mailtest ESMTP")
	var m Mail
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			if mode == StartTLS && !secure {
				say("250-mailtest")
				say("250-STARTTLS")
			} else {
				say("250-mailtest")
			}
			say("250 AUTH PLAIN")
		case "STARTTLS":
			if mode != StartTLS || secure {
				say("502 not offered")
				continue
			}
			say("220 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, secure = tc, true
			r, w = bufio.NewReader(tc), tc
		case "AUTH":
			mech, cred, _ := strings.Cut(arg, " ")
			b, err := base64.StdEncoding.DecodeString(cred)
			parts := strings.Split(string(b), "\x00")
			if !strings.EqualFold(mech, "PLAIN") || err != nil || len(parts) != 3 {
				say("535 bad credentials")
				continue
			}
			m.User = parts[1]
			say("235 ok")
		case "MAIL":
			m.From = between(arg)
			say("250 ok")
		case "RCPT":
			m.To = between(arg)
			say("250 ok")
		case "DATA":
			say("354 end with .")
			var data bytes.Buffer
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, "."))
			}
			m.TLS = secure
			if parsed, err := parse(m, data.Bytes()); err == nil {
				s.mails <- parsed
				say("250 queued")
			} else {
				say("554 " + err.Error())
			}
			m = Mail{User: m.User}
		case "RSET":
			m = Mail{User: m.User}
			say("250 ok")
		case "NOOP":
			say("250 ok")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("500 unknown command")
		}
	}
}

// between is the address in "FROM:<a@b>" or "TO:<a@b>".
func between(arg string) string {
	_, a, _ := strings.Cut(arg, "<")
	a, _, _ = strings.Cut(a, ">")
	return a
}

func parse(m Mail, data []byte) (Mail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return m, err
	}
	m.Header = msg.Header
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return m, err
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(msg.Body)
	}
	b, err := io.ReadAll(body)
	m.Body = strings.ReplaceAll(string(b), "\r\n", "\n")
	return m, err
}

func selfSigned(t *testing.T) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailtest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}
