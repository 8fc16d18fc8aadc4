package cli

import (
	"roundtable/internal/mail"
)

// mailSender is the site's SMTP sender as configured, or nil with no
// --smtp-addr (then the pages offer nothing that needs e-mail).
// config.Validate has checked that --public-url is set with it.
func mailSender(e *env) *mail.Sender {
	c := e.cfg
	if c.SMTPAddr == "" {
		return nil
	}
	s := &mail.Sender{Addr: c.SMTPAddr, User: c.SMTPUser, Password: c.SMTPPassword, From: c.SMTPFrom, Security: mail.Security(c.SMTPTLS)}
	if u := publicURL(e); u != nil {
		s.Hostname = u.Hostname() // what EHLO says
	}
	return s
}
