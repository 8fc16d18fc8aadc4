package account_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"roundtable/internal/account"
	"roundtable/internal/errs"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

func admin(t *testing.T, s *account.Service, email string) account.User {
	t.Helper()
	u, err := s.Create(context.Background(), sys, account.NewUser{Email: email, DisplayName: email, Role: account.Administrator, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func wantLastAdministrator(t *testing.T, what string, err error) {
	t.Helper()
	if e := errs.As(err); e.Kind != errs.Conflict || e.Code != "last_administrator" {
		t.Errorf("%s: %v, want 409 last_administrator", what, err)
	}
}

// The last enabled administrator can be neither demoted nor disabled, by
// themselves or anyone else: nobody could then manage users from the site.
func TestTheLastAdministratorStays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db)
		ctx := context.Background()
		a := admin(t, s, "a@example.org")
		observer, disabled, enabled := account.Observer, true, false
		delegate, bra := account.Delegate, "BRA"

		_, err := s.Update(ctx, a.Actor(), a.ID, account.Patch{Role: &observer})
		wantLastAdministrator(t, "demoting oneself", err)
		_, err = s.Update(ctx, sys, a.ID, account.Patch{Role: &delegate, Delegation: &bra})
		wantLastAdministrator(t, "made a delegate", err)
		_, err = s.Update(ctx, sys, a.ID, account.Patch{Disabled: &disabled})
		wantLastAdministrator(t, "disabled by the system", err)
		if got, _ := s.Get(ctx, a.ID); got.Role != account.Administrator || got.Disabled {
			t.Fatalf("after refusals: %+v", got)
		}
		// Other changes to the last administrator still go through.
		name := "Secretariat"
		if _, err := s.Update(ctx, a.Actor(), a.ID, account.Patch{DisplayName: &name, Disabled: &enabled}); err != nil {
			t.Fatal(err)
		}

		// A disabled administrator does not count.
		b := admin(t, s, "b@example.org")
		if _, err := s.Update(ctx, a.Actor(), b.ID, account.Patch{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		_, err = s.Update(ctx, a.Actor(), a.ID, account.Patch{Role: &observer})
		wantLastAdministrator(t, "demoting oneself beside a disabled administrator", err)

		// With another enabled administrator, either may step down, once.
		if _, err := s.Update(ctx, a.Actor(), b.ID, account.Patch{Disabled: &enabled}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Update(ctx, a.Actor(), a.ID, account.Patch{Role: &observer}); err != nil {
			t.Fatalf("demoting oneself beside another administrator: %v", err)
		}
		_, err = s.Update(ctx, b.Actor(), b.ID, account.Patch{Role: &observer})
		wantLastAdministrator(t, "then the other", err)
	})
}

// Two administrators demoting each other at the same moment: one wins,
// the other is refused, and one administrator remains. Without a lock both
// transactions would count two administrators and both succeed.
func TestConcurrentDemotionsLeaveAnAdministrator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db)
		ctx := context.Background()
		for round := range 30 {
			a := admin(t, s, fmt.Sprintf("a%d@example.org", round))
			b := admin(t, s, fmt.Sprintf("b%d@example.org", round))
			if round > 0 {
				// Only this round's pair are administrators.
				prev := fmt.Sprintf("b%d@example.org", round-1)
				if p, err := s.GetByEmail(ctx, prev); err == nil && p.Role == account.Administrator {
					observer := account.Observer
					if _, err := s.Update(ctx, sys, p.ID, account.Patch{Role: &observer}); err != nil {
						t.Fatal(err)
					}
				}
				prev = fmt.Sprintf("a%d@example.org", round-1)
				if p, err := s.GetByEmail(ctx, prev); err == nil && p.Role == account.Administrator {
					observer := account.Observer
					if _, err := s.Update(ctx, sys, p.ID, account.Patch{Role: &observer}); err != nil {
						t.Fatal(err)
					}
				}
			}
			var wg sync.WaitGroup
			start := make(chan struct{})
			results := make([]error, 2)
			for i, pair := range [][2]account.User{{a, b}, {b, a}} {
				wg.Go(func() {
					observer := account.Observer
					<-start
					_, results[i] = s.Update(ctx, pair[0].Actor(), pair[1].ID, account.Patch{Role: &observer})
				})
			}
			close(start)
			wg.Wait()
			ok := 0
			for _, err := range results {
				if err == nil {
					ok++
				} else if errs.As(err).Code != "last_administrator" {
					t.Fatalf("round %d: %v", round, err)
				}
			}
			users, _, err := s.List(ctx, 200, 0)
			if err != nil {
				t.Fatal(err)
			}
			admins := 0
			for _, u := range users {
				if u.Role == account.Administrator && !u.Disabled {
					admins++
				}
			}
			if ok != 1 || admins != 1 {
				t.Fatalf("round %d: %d demotions succeeded, %d administrators left; want 1 and 1", round, ok, admins)
			}
		}
	})
}
