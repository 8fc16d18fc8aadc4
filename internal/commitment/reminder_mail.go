package commitment

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/i18n"
	"roundtable/internal/mail"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
)

var loadCatalog = sync.OnceValues(i18n.Load)
var loadRefdata = sync.OnceValues(refdata.Load)

// SendReminders e-mails every focal point of every owner state its
// reminders (see Due), in the recipient's language, and returns how many
// messages went out. Each (commitment, state, due date, kind, recipient)
// is mailed once, however many instances run it at the same time: an
// instance first claims the message by inserting its row in
// reminders_sent, and sends only when its insert took (ON CONFLICT DO
// NOTHING leaves the others nothing to send). A failed delivery deletes
// the claim, so the next run tries again. The price of claiming first:
// an instance that stops between its claim and the delivery (a crash, a
// kill) leaves a claim with no message, and that reminder is never sent —
// at most once rather than at least once, since a reminder sent twice is
// the worse fault here. Failures of some messages do not stop the others;
// they come back joined.
func (s *Service) SendReminders(ctx context.Context, mailer *mail.Sender, focal FocalPoints, now time.Time, publicURL string) (int, error) {
	if mailer == nil || focal == nil {
		return 0, errNoFocalPoints
	}
	cat, err := loadCatalog()
	if err != nil {
		return 0, err
	}
	list, err := s.due(ctx, "", now)
	if err != nil {
		return 0, err
	}
	people := map[string][]account.User{}
	sent := 0
	var failed error
	for _, r := range list {
		to, ok := people[r.Country]
		if !ok {
			if to, err = focal(ctx, r.Country); err != nil {
				return sent, err
			}
			people[r.Country] = to
		}
		for _, u := range to {
			claimed, err := s.claimReminder(ctx, r, u.ID, now)
			if err != nil {
				return sent, err
			}
			if !claimed {
				continue // sent before, or by another instance
			}
			if err := mailer.Send(ctx, reminderMessage(cat, r, u, publicURL)); err != nil {
				failed = errors.Join(failed, fmt.Errorf("reminder to user %d: %w", u.ID, err))
				if err := s.releaseReminder(context.WithoutCancel(ctx), r, u.ID); err != nil {
					return sent, errors.Join(failed, err)
				}
				continue
			}
			sent++
		}
	}
	return sent, failed
}

// claimReminder records that this instance sends r to user; false when
// the row was there already.
func (s *Service) claimReminder(ctx context.Context, r Reminder, user int64, now time.Time) (bool, error) {
	var claimed bool
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `INSERT INTO reminders_sent (commitment_id, country, due_on, kind, user_id, sent_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, r.CommitmentID, r.Country, r.DueOn, r.Kind, user, now.UTC())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	return claimed, err
}

// releaseReminder withdraws a claim whose message could not be sent.
func (s *Service) releaseReminder(ctx context.Context, r Reminder, user int64) error {
	return s.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM reminders_sent WHERE commitment_id = ? AND country = ? AND due_on = ? AND kind = ? AND user_id = ?",
			r.CommitmentID, r.Country, r.DueOn, r.Kind, user)
		return err
	})
}

// reminderMessage is r's e-mail to u, in u's language.
func reminderMessage(cat *i18n.Catalog, r Reminder, u account.User, publicURL string) mail.Message {
	lang := u.Language
	if !lang.Valid() {
		lang = i18n.En
	}
	day, _ := parseDay(r.DueOn)
	country := r.Country
	if set, err := loadRefdata(); err == nil {
		if c, ok := set.Country(r.Country); ok {
			country = c.Name(string(lang))
		}
	}
	base := strings.TrimSuffix(publicURL, "/")
	args := []any{"title", r.Title, "date", i18n.FormatDate(lang, day), "country", country,
		"link", fmt.Sprintf("%s/commitments/%d", base, r.CommitmentID), "reminders", base + "/reminders"}
	body := cat.T(lang, "followup.mail."+r.Kind+".body", args...)
	if r.Kind == ReminderOverdue && r.Missed > 1 {
		body += "\n\n" + cat.N(lang, "followup.mail.missed", r.Missed)
	}
	return mail.Message{To: u.Email, Subject: cat.T(lang, "followup.mail."+r.Kind+".subject", args...), Body: body + "\n"}
}

// RunReminders sends the reminders at once and then every interval until
// ctx ends; a run that fails is logged and the next one tries again.
func (s *Service) RunReminders(ctx context.Context, mailer *mail.Sender, focal FocalPoints, publicURL string, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := s.SendReminders(ctx, mailer, focal, time.Now(), publicURL)
		if err != nil && ctx.Err() == nil {
			log.Error("reminders", "err", err, "sent", n)
		} else if n > 0 {
			log.Info("reminders sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
