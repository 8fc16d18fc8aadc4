package journey

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"roundtable/internal/account"
	"roundtable/internal/audit"
	"roundtable/internal/store/storetest"
)

// On a 1366-pixel screen, the secretariat's Users table shows every
// account's actions: e-mail addresses with no place to break used to push
// the actions column out of view. Layout does not depend on the engine,
// so this runs on SQLite.
func TestUsersTableFitsA1366Screen(t *testing.T) {
	chromiumPath(t)
	s := startSite(t, storetest.SQLite(t))
	for i, name := range []string{"ministerio-de-relaciones-exteriores-y-culto", "secretaria-de-direitos-humanos-da-presidencia", "ministere-de-l-europe-et-des-affaires-etrangeres"} {
		in := account.NewUser{Email: fmt.Sprintf("coordinacion.derechos.humanos.%d@%s.example.org", i, name), DisplayName: strings.Repeat("Delegación permanente ", 3),
			Role: account.Delegate, Delegation: "BRA", Password: "a long enough password"}
		if _, err := s.Accounts.Create(t.Context(), audit.System("test"), in); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"en", "fr", "zh"} {
		t.Run(lang, func(t *testing.T) {
			ctx := newBrowser(t, chromedp.WindowSize(1366, 900), browserLanguage(lang))
			open(t, ctx, s, "/signin")
			signInAdmin(t, ctx, s)
			open(t, ctx, s, "/admin/users")
			// Every action of every row lies within the table's box and the
			// window: nothing needs a sideways scroll to be reached.
			hidden := eval[[]string](t, ctx, `(() => {
				const table = document.querySelector("#users"), wrap = table.parentElement;
				const box = wrap.getBoundingClientRect(), width = document.documentElement.clientWidth;
				const out = [];
				if (wrap.scrollWidth > wrap.clientWidth + 1) out.push("the table scrolls sideways: " + wrap.scrollWidth + " > " + wrap.clientWidth);
				for (const b of table.querySelectorAll("tbody button, tbody a.button")) {
					const r = b.getBoundingClientRect();
					if (r.right > box.right + 1 || r.right > width) out.push(b.innerText.trim() + " ends at " + Math.round(r.right) + " of " + Math.round(Math.min(box.right, width)));
				}
				return out;
			})()`)
			if len(hidden) > 0 {
				t.Errorf("at 1366 px in %s, the Users table hides:\n%s", lang, strings.Join(hidden, "\n"))
			}
		})
	}
}
