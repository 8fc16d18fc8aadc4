package commitment_test

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/commitment"
	"roundtable/internal/country"
	"roundtable/internal/i18n"
	"roundtable/internal/mail"
	"roundtable/internal/mail/mailtest"
	"roundtable/internal/refdata"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

func TestDueDates(t *testing.T) {
	for _, c := range []struct {
		starts, due string
		every       int
		want        string
	}{
		{"2025-01-01", "2027-12-31", 6, "2025-07-01 2026-01-01 2026-07-01 2027-01-01 2027-07-01 2027-12-31"},
		{"2026-01-31", "2026-04-30", 1, "2026-02-28 2026-03-31 2026-04-30"},
		{"2024-01-31", "2024-03-15", 1, "2024-02-29 2024-03-15"},
		{"2025-03-01", "2026-03-01", 12, "2026-03-01"},
		{"2025-03-01", "2025-02-01", 12, ""},
	} {
		var got []string
		for _, d := range commitment.DueDates(c.starts, c.due, c.every) {
			got = append(got, d.Format(time.DateOnly))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("DueDates(%s, %s, %d) = %v, want %s", c.starts, c.due, c.every, got, c.want)
		}
	}
}

// actionFixture holds commitments and reports written straight into this
// area's tables, and the accounts that read them.
type actionFixture struct {
	acc                                *account.Service
	admin, braPT, braEN, mexES, valMEX *account.User
	observer, braOff                   *account.User
	a, b, draft, later                 int64
}

func fixtureUser(t *testing.T, acc *account.Service, email string, r account.Role, del string, lang i18n.Lang) *account.User {
	t.Helper()
	u, err := acc.Create(context.Background(), audit.System("test"), account.NewUser{Email: email, DisplayName: email, Role: r,
		Delegation: del, Language: lang, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	return &u
}

func insertCommitment(t *testing.T, db *store.DB, title, level, starts, due string, every int, owners ...string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO commitments (source, title, text, language, level, starts_on, due_on, report_every, created_at, updated_at)
			VALUES ('statement', ?, ?, 'en', ?, ?, ?, ?, ?, ?) RETURNING id`, title, title, level, starts, due, every, now, now).Scan(&id); err != nil {
			return err
		}
		for _, o := range owners {
			if _, err := tx.Exec(ctx, "INSERT INTO commitment_owners (commitment_id, country) VALUES (?, ?)", id, o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func insertReport(t *testing.T, db *store.DB, commitmentID int64, country, reportedOn, state string, validator int64, publishedAt time.Time, narrative string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	var by, at any
	if state == "published" {
		by, at = validator, publishedAt
	}
	err := db.Write(ctx, func(tx *store.Tx) error {
		now := store.Now()
		if err := tx.QueryRow(ctx, `INSERT INTO progress_reports (commitment_id, country, reported_on, status, narrative, language, state,
			validated_by, validated_at, published_at, created_at, updated_at)
			VALUES (?, ?, ?, 'in_progress', ?, 'en', ?, ?, ?, ?, ?, ?) RETURNING id`,
			commitmentID, country, reportedOn, narrative, state, by, at, at, now, now).Scan(&id); err != nil {
			return err
		}
		// Written with SQL: the owners' latest statuses as the services
		// would set them.
		return commitment.RecountLatest(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Today is 15 June 2026 in these tests.
var today = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)

func setupReminders(t *testing.T, db *store.DB) *actionFixture {
	t.Helper()
	ctx := context.Background()
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := country.Sync(ctx, db, set); err != nil {
		t.Fatal(err)
	}
	acc, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	f := &actionFixture{acc: acc}
	f.admin = fixtureUser(t, acc, "secretariat@example.org", account.Administrator, "", i18n.En)
	f.braPT = fixtureUser(t, acc, "ana@bra.example.org", account.Delegate, "BRA", i18n.Pt)
	f.braEN = fixtureUser(t, acc, "john@bra.example.org", account.Delegate, "BRA", i18n.En)
	f.mexES = fixtureUser(t, acc, "luz@mex.example.org", account.Delegate, "MEX", i18n.Es)
	f.valMEX = fixtureUser(t, acc, "validator@mex.example.org", account.Validator, "MEX", i18n.Es)
	f.observer = fixtureUser(t, acc, "ngo@example.org", account.Observer, "", i18n.En)
	f.braOff = fixtureUser(t, acc, "gone@bra.example.org", account.Delegate, "BRA", i18n.En)
	disabled := true
	if _, err := acc.Update(ctx, audit.System("test"), f.braOff.ID, account.Patch{Disabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	// A: due every six months from 1 January 2025 to 31 December 2027:
	// 1 July 2025, 1 January 2026, 1 July 2026, …
	f.a = insertCommitment(t, db, "Birth registration in remote areas", "public", "2025-01-01", "2027-12-31", 6, "BRA", "MEX")
	insertReport(t, db, f.a, "BRA", "2025-06-30", "published", f.valMEX.ID, today.AddDate(0, -11, 0), "First period done.")
	insertReport(t, db, f.a, "MEX", "2025-12-15", "submitted", 0, time.Time{}, "Second period.")
	insertReport(t, db, f.a, "MEX", "2026-05-01", "draft", 0, time.Time{}, "A draft counts for nothing.")
	// B: yearly from 31 March 2024 to 31 March 2026, never reported.
	f.b = insertCommitment(t, db, "Rural schools", "participants", "2024-03-31", "2026-03-31", 12, "BRA")
	// A draft is not in force; a later one has nothing due within 30 days.
	f.draft = insertCommitment(t, db, "Draft commitment", "draft", "2024-01-01", "2026-01-01", 6, "BRA")
	f.later = insertCommitment(t, db, "Water", "public", "2026-01-15", "2028-01-15", 12, "CHL")
	return f
}

func line(r commitment.Reminder) string {
	return strings.Join([]string{r.Title, r.Country, r.DueOn, r.Kind, strconv.Itoa(r.Days), strconv.Itoa(r.Missed)}, " | ")
}

func TestRemindersDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupReminders(t, db)
		s := &commitment.Service{DB: db}
		brazil := []string{
			"Birth registration in remote areas | BRA | 2026-01-01 | overdue | -165 | 1",
			"Rural schools | BRA | 2026-03-31 | overdue | -76 | 2",
			"Birth registration in remote areas | BRA | 2026-07-01 | due | 16 | 0",
		}
		mexico := []string{
			"Birth registration in remote areas | MEX | 2025-07-01 | overdue | -349 | 1",
			"Birth registration in remote areas | MEX | 2026-07-01 | due | 16 | 0",
		}
		all := []string{mexico[0], brazil[0], brazil[1], brazil[2], mexico[1]}
		for _, c := range []struct {
			who  string
			v    *account.User
			want []string
		}{
			{"a delegate of Brazil", f.braPT, brazil},
			{"the validator of Mexico", f.valMEX, mexico},
			{"the secretariat", f.admin, all},
			{"an observer", f.observer, nil},
			{"the public", nil, nil},
		} {
			got, err := s.Due(context.Background(), c.v, today)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, r := range got {
				lines = append(lines, line(r))
			}
			if strings.Join(lines, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("%s:\n%s\nwant\n%s", c.who, strings.Join(lines, "\n"), strings.Join(c.want, "\n"))
			}
		}
	})
}

// Two instances on one database send each reminder once: every expected
// message arrives exactly once, and a second run sends nothing.
// On SQLite the instances are two services on one database (one process
// holds a data folder); on PostgreSQL, two connections to one database,
// as two servers of a deployment.
func TestRemindersMailedOnceByTwoInstances(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db := storetest.SQLite(t)
		mailOnceByTwo(t, db, db)
	})
	t.Run("postgres", func(t *testing.T) {
		url := storetest.PostgresURL(t)
		mailOnceByTwo(t, storetest.Open(t, url), storetest.Open(t, url))
	})
}

func mailOnceByTwo(t *testing.T, db, other *store.DB) {
	f := setupReminders(t, db)
	smtp := mailtest.Start(t, mailtest.Plain)
	sender := &mail.Sender{Addr: smtp.Addr, From: "roundtable@example.org", Security: mail.Plain}
	focal := commitment.AccountFocalPoints(f.acc)
	one, two := &commitment.Service{DB: db}, &commitment.Service{DB: other}
	var wg sync.WaitGroup
	counts := make([]int, 2)
	errs := make([]error, 2)
	for i, s := range []*commitment.Service{one, two} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i], errs[i] = s.SendReminders(context.Background(), sender, focal, today, "https://roundtable.example.org/")
		}()
	}
	var got []string
	for range 8 {
		m := smtp.Next(t, 20*time.Second)
		got = append(got, m.To+" | "+m.Subject)
		if strings.Contains(m.Subject, "Rural schools") && m.To == "ana@bra.example.org" &&
			!strings.Contains(m.Body, "https://roundtable.example.org/commitments/") {
			t.Errorf("no link in %q", m.Body)
		}
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if counts[0]+counts[1] != 8 {
		t.Errorf("the instances sent %d and %d, want 8 in all", counts[0], counts[1])
	}
	if !smtp.None(500 * time.Millisecond) {
		t.Error("a ninth message arrived")
	}
	sort.Strings(got)
	want := []string{
		"ana@bra.example.org | Relatório de progresso atrasado desde 1 de janeiro de 2026: Birth registration in remote areas",
		"ana@bra.example.org | Relatório de progresso atrasado desde 31 de março de 2026: Rural schools",
		"ana@bra.example.org | Relatório de progresso previsto para 1 de julho de 2026: Birth registration in remote areas",
		"john@bra.example.org | Progress report due on 1 July 2026: Birth registration in remote areas",
		"john@bra.example.org | Progress report overdue since 1 January 2026: Birth registration in remote areas",
		"john@bra.example.org | Progress report overdue since 31 March 2026: Rural schools",
		"luz@mex.example.org | Informe de avance atrasado desde el 1 de julio de 2025: Birth registration in remote areas",
		"luz@mex.example.org | Informe de avance previsto para el 1 de julio de 2026: Birth registration in remote areas",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("mail received:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The next hour's run sends nothing.
	if n, err := one.SendReminders(context.Background(), sender, focal, today.Add(time.Hour), "https://roundtable.example.org"); err != nil || n != 0 {
		t.Errorf("second run sent %d, %v", n, err)
	}
	if !smtp.None(500 * time.Millisecond) {
		t.Error("the second run sent mail")
	}
}

// A delivery that fails leaves no claim: the next run sends it.
func TestReminderRetriedAfterAFailedDelivery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setupReminders(t, db)
		s := &commitment.Service{DB: db}
		focal := func(ctx context.Context, c string) ([]account.User, error) {
			if c == "MEX" {
				return []account.User{*f.mexES}, nil
			}
			return nil, nil
		}
		down := &mail.Sender{Addr: "127.0.0.1:1", From: "roundtable@example.org", Security: mail.Plain, Timeout: 2 * time.Second}
		if n, err := s.SendReminders(context.Background(), down, focal, today, "https://roundtable.example.org"); err == nil || n != 0 {
			t.Fatalf("with the server down: %d sent, %v", n, err)
		}
		smtp := mailtest.Start(t, mailtest.Plain)
		up := &mail.Sender{Addr: smtp.Addr, From: "roundtable@example.org", Security: mail.Plain}
		if n, err := s.SendReminders(context.Background(), up, focal, today, "https://roundtable.example.org"); err != nil || n != 2 {
			t.Fatalf("once the server is back: %d sent, %v; want 2", n, err)
		}
		smtp.Next(t, 10*time.Second)
		smtp.Next(t, 10*time.Second)
	})
}
