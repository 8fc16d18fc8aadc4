package journey

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The secretariat's whole first day, as the "done when" puts it:
// the real binary serves an empty database (no --demo); from the link it
// prints, the secretariat creates its account, then from the home page —
// following links, never typing an address — a forum and an edition, its
// programme, its delegations and a delegate's account; the delegate signs
// in with the one-time password, must choose a new one, and publishes a
// statement, which a reader then finds on the home page.

// servedBinary builds cmd/roundtable and runs `serve` on an empty data
// folder, returning the site's address and the setup link it printed.
func servedBinary(t *testing.T) (base, setupLink string) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "roundtable")
	build := exec.Command("go", "build", "-o", bin, "./cmd/roundtable")
	build.Dir = moduleRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build roundtable: %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data"))
	cmd.Env = append(os.Environ(), "ROUNDTABLE_DATABASE=") // SQLite in the data folder, whatever the shell says
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 20 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	lines := bufio.NewScanner(stdout)
	running := regexp.MustCompile(`running at (http://[0-9.:]+)/`)
	for lines.Scan() {
		l := strings.TrimSpace(lines.Text())
		if strings.Contains(l, "/setup?token=") {
			setupLink = l
		}
		if m := running.FindStringSubmatch(l); m != nil {
			base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, stdout)
	if base == "" || setupLink == "" {
		t.Fatalf("serve printed no address (%q) or no setup link (%q)", base, setupLink)
	}
	return base, setupLink
}

// moduleRoot is the folder of go.mod, two levels above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(filepath.Dir(wd))
}

// setValue sets a field's value as typing would (input and change events).
func setValue(t *testing.T, ctx context.Context, selector, value string) {
	t.Helper()
	eval[bool](t, ctx, `(() => {
		const e = document.querySelector(`+js(selector)+`);
		if (!e) throw new Error("no field " + `+js(selector)+`);
		e.value = `+js(value)+`;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
}

// submit clicks the submit button of the form matching selector and waits
// for the page it leads to.
func submit(t *testing.T, ctx context.Context, form string, want int64) {
	t.Helper()
	clickAndLoad(t, ctx, form+` [type=submit]`, want)
}

// follow clicks the link whose text contains words (within scope) and
// waits for its page: a person reads a link, they do not type its address.
func follow(t *testing.T, ctx context.Context, scope, words string) {
	t.Helper()
	id := eval[string](t, ctx, `(() => {
		const want = `+js(words)+`;
		const a = [...document.querySelectorAll(`+js(scope+" a")+`)].find(a => a.innerText.includes(want));
		if (!a) return "";
		a.setAttribute("data-follow", "yes");
		return "ok";
	})()`)
	if id == "" {
		t.Fatalf("on %s no link in %q reads %q", pagePath(t, ctx), scope, words)
	}
	clickAndLoad(t, ctx, `a[data-follow=yes]`, 200)
}

func TestSecretariatRunsAnEditionFromAnEmptyDatabase(t *testing.T) {
	chromiumPath(t)
	base, link := servedBinary(t)
	ctx := newBrowser(t)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()

	// The account of the secretariat, from the printed link.
	_, err := chromedp.RunResponse(ctx, chromedp.Navigate(link))
	must(t, "open the setup link", err)
	setValue(t, ctx, "#display_name", "Secretaría")
	setValue(t, ctx, "#email", "secretariat@example.org")
	setValue(t, ctx, "#password", "the secretariat's own passphrase")
	setValue(t, ctx, "#password_again", "the secretariat's own passphrase")
	submit(t, ctx, "#setup-form", 200)
	if p := pagePath(t, ctx); p != "/" {
		t.Fatalf("after setup the secretariat is on %s, want the home page", p)
	}

	// A forum and its edition, from the home page.
	clickAndLoad(t, ctx, "#new-edition", 200)
	setValue(t, ctx, "#forum_name", "China–CELAC Roundtable on Human Rights")
	setValue(t, ctx, "#forum_slug", "china-celac")
	setValue(t, ctx, "#number", "3")
	setValue(t, ctx, "#title_en", "Third China–CELAC Roundtable on Human Rights")
	setValue(t, ctx, "#title_es", "Tercera Mesa Redonda China–CELAC sobre Derechos Humanos")
	setValue(t, ctx, "#starts_on", "2026-07-24")
	setValue(t, ctx, "#ends_on", "2026-07-25")
	setValue(t, ctx, "#venue_city", "Santiago")
	setValue(t, ctx, "#venue_country", "CHL")
	setValue(t, ctx, "#time_zone", "America/Santiago")
	setValue(t, ctx, "#host", "Government of Chile")
	setValue(t, ctx, "#status", "open")
	eval[bool](t, ctx, `(() => { for (const c of document.querySelectorAll("input[name=languages]")) c.checked = ["en","es","zh"].includes(c.value); document.querySelector("#published").checked = true; return true })()`)
	submit(t, ctx, "#edition-form", 200)
	if !strings.HasSuffix(pagePath(t, ctx), "/manage") {
		t.Fatalf("a new edition leads to %s, want its management page", pagePath(t, ctx))
	}

	// Its programme: two sessions in two rooms, on the venue's clock.
	for _, s := range []struct{ title, start, end, room string }{
		{"Opening: development and human rights", "2026-07-24T09:30", "2026-07-24T11:00", "Sala Gabriela Mistral"},
		{"Poverty alleviation and South–South cooperation", "2026-07-24T09:30", "2026-07-24T12:00", "Sala Pablo Neruda"},
	} {
		setValue(t, ctx, "#s_title_en", s.title)
		setValue(t, ctx, "#starts_at", s.start)
		setValue(t, ctx, "#ends_at", s.end)
		setValue(t, ctx, "#room", s.room)
		submit(t, ctx, "#session-form", 200)
	}
	// Its delegations, accredited.
	for _, code := range []string{"CHN", "CHL", "BRA"} {
		setValue(t, ctx, "#kind", "country")
		setValue(t, ctx, "#code", code)
		submit(t, ctx, "#delegation-form", 200)
	}
	for count(t, ctx, `form[action$="/accreditation"] input[name=accredited][value=true]`) > 0 {
		clickAndLoad(t, ctx, `form[action$="/accreditation"]:has(input[name=accredited][value=true]) button`, 200)
	}
	if got := count(t, ctx, `form[action$="/accreditation"] input[name=accredited][value=false]`); got != 3 {
		t.Fatalf("%d delegations accredited, want 3", got)
	}

	// The programme grid shows both sessions side by side, at 09:30 in
	// Santiago.
	follow(t, ctx, "main", "Third China–CELAC")
	clickAndLoad(t, ctx, "#programme-link", 200)
	grid := text(t, ctx, "main")
	for _, want := range []string{"09:30", "Sala Gabriela Mistral", "Sala Pablo Neruda", "Opening: development and human rights"} {
		if !strings.Contains(grid, want) {
			t.Errorf("the programme grid lacks %q:\n%s", want, grid)
		}
	}

	// A delegate's account for Brazil, from the Users page.
	clickAndLoad(t, ctx, `header a[href="/admin/users"]`, 200)
	setValue(t, ctx, "#new-email", "delegate.bra@example.org")
	setValue(t, ctx, "#new-name", "Delegação do Brasil")
	setValue(t, ctx, "#new-role", "delegate")
	setValue(t, ctx, "#new-delegation", "BRA")
	submit(t, ctx, "#add-user", 200)
	oneTime := oneTimePassword(t, ctx)

	// The delegate's first sign-in: the handed-out password opens only the
	// page that replaces it.
	signOut(t, ctx)
	clickAndLoad(t, ctx, `header a[href^="/signin"]`, 200)
	signIn(t, ctx, "delegate.bra@example.org", oneTime, 200)
	if count(t, ctx, "#password-change-form") != 1 {
		t.Fatalf("a first sign-in with a one-time password lands on %s, not the password change", pagePath(t, ctx))
	}
	clickAndLoad(t, ctx, `header a[href="/editions"]`, 200) // any other page leads back there
	if count(t, ctx, "#password-change-form") != 1 {
		t.Fatalf("with the password not yet changed, %s is open", pagePath(t, ctx))
	}
	fillPasswordChange(t, ctx, oneTime, "Brazil's own passphrase 2026")
	submit(t, ctx, "#password-change-form", 200)

	// From the home page, the current edition, then a public statement.
	follow(t, ctx, "main", "Third China–CELAC")
	clickAndLoad(t, ctx, `main a[href$="/statements/new"]`, 200)
	setValue(t, ctx, "#title", "Desenvolvimento e erradicação da pobreza")
	setValue(t, ctx, "#text", "O Brasil compartilha a experiência do Bolsa Família na erradicação da pobreza.")
	setValue(t, ctx, "#language", "es")
	eval[bool](t, ctx, `(() => { const s = document.querySelector("#session_id"); s.selectedIndex = 1; return true })()`)
	setValue(t, ctx, "#visibility", "public")
	setValue(t, ctx, "#delivered_on", "2026-07-24")
	submit(t, ctx, "#statement-form", 200)
	if !strings.HasPrefix(pagePath(t, ctx), "/statements/") {
		t.Fatalf("a saved statement leads to %s", pagePath(t, ctx))
	}

	// A reader finds it on the home page.
	signOut(t, ctx)
	if home := text(t, ctx, "main"); !strings.Contains(home, "Desenvolvimento e erradicação da pobreza") {
		t.Errorf("the published statement is not among the home page's latest:\n%s", home)
	}
	_ = base
}

// oneTimePassword reads the password the Users page hands out, shown once.
func oneTimePassword(t *testing.T, ctx context.Context) string {
	t.Helper()
	notice := text(t, ctx, "#users-notice")
	m := regexp.MustCompile(`[A-Za-z0-9]{16}`).FindString(notice)
	if m == "" {
		t.Fatalf("no one-time password in the notice %q", notice)
	}
	return m
}

// fillPasswordChange fills the form that replaces a one-time password:
// the current one where it is asked, the new one in every other field.
func fillPasswordChange(t *testing.T, ctx context.Context, current, next string) {
	t.Helper()
	eval[bool](t, ctx, `(() => {
		for (const f of document.querySelectorAll("#password-change-form input[type=password]")) {
			f.value = f.name.includes("current") ? `+js(current)+` : `+js(next)+`;
		}
		return true;
	})()`)
}

// signOut presses the header's sign-out button.
func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	clickAndLoad(t, ctx, `header form[action="/signout"] button`, 200)
}
