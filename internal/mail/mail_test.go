package mail_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"roundtable/internal/mail"
	"roundtable/internal/mail/mailtest"
)

func TestSendOverEachKindOfConnection(t *testing.T) {
	msg := mail.Message{To: "ana@example.org", Subject: "Réinitialisation du mot de passe — 重置密码",
		Body: "Bonjour,\n\nUne ligne assez longue pour être coupée par le codage quoted-printable, qui ne garde pas plus de soixante-seize caractères par ligne.\nhttps://roundtable.example/password/reset?token=abc-DEF_123\n"}
	for _, c := range []struct {
		name   string
		server mailtest.Mode
		client mail.Security
		user   string
	}{
		{"STARTTLS with a login", mailtest.StartTLS, mail.StartTLS, "site"},
		{"TLS from the start", mailtest.ImplicitTLS, mail.ImplicitTLS, ""},
		{"plain, to a local relay", mailtest.Plain, mail.Plain, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.Start(t, c.server)
			s := &mail.Sender{Addr: srv.Addr, From: "noreply@roundtable.example", Security: c.client, TLS: srv.ClientTLS(), User: c.user, Password: "secret"}
			if err := s.Send(context.Background(), msg); err != nil {
				t.Fatal(err)
			}
			got := srv.Next(t, 5*time.Second)
			if got.From != "noreply@roundtable.example" || got.To != "ana@example.org" || got.User != c.user {
				t.Errorf("envelope %q → %q as %q", got.From, got.To, got.User)
			}
			if got.TLS != (c.client != mail.Plain) {
				t.Errorf("over TLS: %v", got.TLS)
			}
			if got.Subject != msg.Subject {
				t.Errorf("subject %q", got.Subject)
			}
			if raw := got.Header.Get("Subject"); !strings.HasPrefix(raw, "=?utf-8?q?") {
				t.Errorf("subject not RFC 2047-encoded: %q", raw)
			}
			if got.Body != msg.Body {
				t.Errorf("body %q", got.Body)
			}
			if !regexp.MustCompile(`^<[0-9a-f]{32}@roundtable\.example>$`).MatchString(got.Header.Get("Message-ID")) {
				t.Errorf("Message-ID %q", got.Header.Get("Message-ID"))
			}
			if d, err := got.Header.Date(); err != nil || time.Since(d) > time.Minute {
				t.Errorf("Date %q", got.Header.Get("Date"))
			}
			if ct := got.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

// "starttls" means STARTTLS or nothing: a server (or a man in the middle)
// that does not offer it gets no message and no password.
func TestStartTLSIsRequired(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Plain)
	s := &mail.Sender{Addr: srv.Addr, From: "noreply@roundtable.example", Security: mail.StartTLS, User: "site", Password: "secret"}
	err := s.Send(context.Background(), mail.Message{To: "ana@example.org", Subject: "x", Body: "y"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("sent without STARTTLS: %v", err)
	}
	if !srv.None(200 * time.Millisecond) {
		t.Fatal("a message arrived in clear")
	}
}

func TestAnUntrustedCertificateIsRefused(t *testing.T) {
	srv := mailtest.Start(t, mailtest.StartTLS)
	s := &mail.Sender{Addr: srv.Addr, From: "noreply@roundtable.example", Security: mail.StartTLS}
	if err := s.Send(context.Background(), mail.Message{To: "ana@example.org", Subject: "x", Body: "y"}); err == nil {
		t.Fatal("sent to a server whose certificate nobody trusts")
	}
}

func TestHeaderInjectionIsRefused(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Plain)
	s := &mail.Sender{Addr: srv.Addr, From: "noreply@roundtable.example", Security: mail.Plain}
	if err := s.Send(context.Background(), mail.Message{To: "ana@example.org", Subject: "x\r\nBcc: all@example.org", Body: "y"}); err == nil {
		t.Fatal("a subject with a line break was sent")
	}
}

// A server that never answers does not hold the request for ever.
func TestTimeout(t *testing.T) {
	ln := mailtestSilent(t)
	s := &mail.Sender{Addr: ln, From: "noreply@roundtable.example", Security: mail.Plain, Timeout: 300 * time.Millisecond}
	done := make(chan error, 1)
	go func() {
		done <- s.Send(context.Background(), mail.Message{To: "a@example.org", Subject: "x", Body: "y"})
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("sent to a silent server")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Send still waiting on a silent server")
	}
}
