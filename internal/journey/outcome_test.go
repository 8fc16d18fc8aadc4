package journey

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"roundtable/internal/dialogue"
	"roundtable/internal/outcome"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
)

// The demo's outcome document and the words the journeys type, written
// down by hand from data/demo/china-lac-2-outcome.json.
const (
	declarationTitle = "São Paulo Declaration of the Second China–Latin America and Caribbean States Roundtable on Human Rights"
	op7Text          = "Request the secretariat to compile the practices shared at the Roundtable and to report on their follow-up at the next edition."
	// Brazil's words go in after op7Anchor.
	op7Anchor   = "the practices shared at the Roundtable"
	brazilWords = " in an open online register"
)

// outcomeSite is the demo served, and its one edition.
func outcomeSite(t *testing.T, db *store.DB) (*site, int64) {
	t.Helper()
	chromiumPath(t) // skips (or fails in CI) before loading the demo for nothing
	s := startSite(t, db)
	admin, err := s.Accounts.GetByEmail(t.Context(), s.AdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	eds, err := (&dialogue.Service{DB: db}).Editions(t.Context(), &admin)
	if err != nil || len(eds) != 1 {
		t.Fatalf("demo editions: %d, %v", len(eds), err)
	}
	return s, eds[0].ID
}

// openDeclaration goes, as a reader does, from the edition's page to its
// outcome documents and into the declaration; it returns the declaration's
// id, read from the page it lands on.
func openDeclaration(t *testing.T, tab context.Context, s *site, edition int64) int64 {
	t.Helper()
	open(t, tab, s, fmt.Sprintf("/editions/%d", edition))
	clickAndLoad(t, tab, `#outcomes-link`, http.StatusOK)
	if p, want := pagePath(t, tab), fmt.Sprintf("/editions/%d/outcomes", edition); p != want {
		t.Fatalf("the edition's link to its outcome documents led to %s, want %s", p, want)
	}
	if n := count(t, tab, `#outcome-documents tbody tr`); n != 1 {
		t.Fatalf("the edition lists %d outcome documents, want the declaration alone", n)
	}
	if got := text(t, tab, `#outcome-documents tbody th a`); got != declarationTitle {
		t.Fatalf("the outcome document listed is %q, want %q", got, declarationTitle)
	}
	clickAndLoad(t, tab, `#outcome-documents tbody th a`, http.StatusOK)
	p := pagePath(t, tab)
	id, err := strconv.ParseInt(strings.TrimPrefix(p, "/outcomes/"), 10, 64)
	if err != nil {
		t.Fatalf("the declaration's link led to %s, not to a document's status view", p)
	}
	if got := text(t, tab, `#doc-title`); got != declarationTitle {
		t.Fatalf("the status view is headed %q, want %q", got, declarationTitle)
	}
	return id
}

// toTab follows one of a document's tabs (outcome.tab.amendments …).
func toTab(t *testing.T, tab context.Context, key string) {
	t.Helper()
	clickAndLoad(t, tab, `nav.outcome-tabs a[data-tab="outcome.tab.`+key+`"]`, http.StatusOK)
}

// issueRevision is the chair issuing the next revision from the status
// view; it returns the label the view then gives the latest revision.
func issueRevision(t *testing.T, chair context.Context) string {
	t.Helper()
	toTab(t, chair, "text")
	clickAndLoad(t, chair, `#issue-form button[type=submit]`, http.StatusOK)
	return text(t, chair, `#doc-latest`)
}

// retype replaces what a field holds, as a person does: into the field,
// select all of it, type.
func retype(t *testing.T, tab context.Context, selector, s string) {
	t.Helper()
	must(t, "click into "+selector, chromedp.Do(tab, chromedp.Focus(chromedp.CSS(selector))))
	eval[bool](t, tab, `(document.querySelector(`+js(selector)+`).select(), true)`)
	must(t, "type into "+selector, chromedp.Do(tab, chromedp.KeyEvent(s)))
	if got := eval[string](t, tab, `document.querySelector(`+js(selector)+`).value`); got != s {
		t.Fatalf("%s holds %q after typing, want %q", selector, got, s)
	}
}

// insTexts lists what the words a marked-up paragraph inserts say, and
// where the page says each came from (its title).
type insMark struct{ Text, Title string }

func insTexts(t *testing.T, tab context.Context, selector string) []insMark {
	t.Helper()
	return eval[[]insMark](t, tab, `[...document.querySelectorAll(`+js(selector)+`)].map(e => ({Text: e.textContent, Title: e.title}))`)
}

// TestOutcomeAmendmentToRevision: Brazil's delegate goes from the
// edition to the declaration's OP7, proposes new wording by editing the
// text the form offers, with Argentina as co-sponsor and a rationale; the
// amendment waits for the chair, who accepts it and issues Rev.2; Rev.2
// marked up shows Brazil's words inserted, each naming the amendment and
// its sponsors, to the chair and to Brazil (both read Portuguese).
func TestOutcomeAmendmentToRevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, edition := outcomeSite(t, db)
		bra := newBrowser(t, browserLanguage("pt-BR"))
		signInAs(t, bra, s, "delegate.bra@roundtable.example")
		doc := openDeclaration(t, bra, s, edition)

		// To OP7's own page, and from there to the amendment form.
		clickAndLoad(t, bra, fmt.Sprintf(`#counts-OP7 a[href="/outcomes/%d/paragraphs/OP7"]`, doc), http.StatusOK)
		if got := text(t, bra, `#paragraph-text`); got != op7Text {
			t.Fatalf("OP7's page reads %q, want %q", got, op7Text)
		}
		clickAndLoad(t, bra, `#amend-link`, http.StatusOK)
		if !eval[bool](t, bra, `document.querySelector("#amendment-form input[name=kind][value=replace]").checked`) {
			t.Fatal("the form opened from OP7 does not propose a replacement")
		}
		if got := eval[string](t, bra, `document.querySelector("#a-text").value`); got != op7Text {
			t.Fatalf("the form offers %q to edit, want OP7's text %q", got, op7Text)
		}
		// Brazil puts the caret after the anchor and types its words.
		// (OP7 is ASCII: byte and UTF-16 offsets agree.)
		at := strings.Index(op7Text, op7Anchor) + len(op7Anchor)
		must(t, "click into OP7's text", chromedp.Do(bra, chromedp.Focus(chromedp.CSS(`#a-text`))))
		eval[bool](t, bra, fmt.Sprintf(`(document.querySelector("#a-text").setSelectionRange(%d, %d), true)`, at, at))
		must(t, "type Brazil's words into OP7", chromedp.Do(bra,
			chromedp.KeyEvent(brazilWords),
			chromedp.Click(chromedp.CSS(`#sponsors input[value=ARG]`)),
			chromedp.SendKeys(chromedp.CSS(`#a-rationale`), "Um registro aberto permite acompanhar as práticas entre as edições.")))
		wantText := strings.Replace(op7Text, op7Anchor, op7Anchor+brazilWords, 1)
		if got := eval[string](t, bra, `document.querySelector("#a-text").value`); got != wantText {
			t.Fatalf("the text typed reads %q, want %q", got, wantText)
		}
		clickAndLoad(t, bra, `#amendment-form button[type=submit]`, http.StatusOK)
		p := pagePath(t, bra)
		amendment, err := strconv.ParseInt(strings.TrimPrefix(p, "/amendments/"), 10, 64)
		if err != nil {
			t.Fatalf("after proposing, Brazil is on %s, not the amendment's page", p)
		}
		for sel, want := range map[string]string{
			`#amendment-status[data-status=pending]`: "Pendente",
			`#proposer`:                              "Brasil",
			`#cosponsors`:                            "Argentina",
			`#rationale`:                             "Um registro aberto permite acompanhar as práticas entre as edições.",
			`#amendment-diff ins`:                    strings.TrimSpace(brazilWords),
		} {
			if count(t, bra, sel) == 0 {
				t.Fatalf("the amendment's page has no %s", sel)
			}
			if got := text(t, bra, sel); got != want {
				t.Errorf("the amendment's page shows %q in %s, want %q", got, sel, want)
			}
		}

		// The chair finds it among the amendments, accepts it, issues Rev.2.
		// The chair's account reads Portuguese (the demo's choice), which
		// the pages follow whatever the browser asks for.
		chair := newBrowser(t, browserLanguage("pt-BR"))
		signInAs(t, chair, s, "chair@roundtable.example")
		open(t, chair, s, fmt.Sprintf("/outcomes/%d", doc))
		toTab(t, chair, "amendments")
		item := fmt.Sprintf(`#amendment-%d`, amendment)
		if got := eval[string](t, chair, `document.querySelector(`+js(item)+`)?.dataset.status ?? "missing"`); got != "pending" {
			t.Fatalf("the chair's list shows Brazil's amendment as %q, want pending", got)
		}
		if got := text(t, chair, item+` [data-field=proposer]`); got != "Brasil" {
			t.Errorf("the chair's list names the amendment's proposer %q, want Brasil", got)
		}
		clickAndLoad(t, chair, fmt.Sprintf(`#accept-%d button[type=submit]`, amendment), http.StatusOK)
		if got := text(t, chair, item+` [data-field=status]`); got != "Aceita → OP7" {
			t.Fatalf("after accepting, the list shows the amendment as %q", got)
		}
		if got := issueRevision(t, chair); got != "Rev.2" {
			t.Fatalf("the status view's latest revision is %q after issuing, want Rev.2", got)
		}
		if got := text(t, chair, `#text-OP7`); got != wantText {
			t.Errorf("OP7 on the status view reads %q, want %q", got, wantText)
		}

		// Rev.2 marked up against Rev.1.
		clickAndLoad(t, chair, `#markup-link`, http.StatusOK)
		if got := text(t, chair, `#rev-title`); got != "Rev.2 · Com alterações marcadas em relação a Rev.1" {
			t.Errorf("the marked-up revision is headed %q", got)
		}
		if got := eval[string](t, chair, `document.querySelector("#para-OP7")?.dataset.change ?? "missing"`); got != "changed" {
			t.Errorf("OP7 in the marked-up Rev.2 is %q, want changed", got)
		}
		source := fmt.Sprintf("Da emenda %d (Brasil, Argentina)", amendment)
		wantIns(t, insTexts(t, chair, `#para-OP7 ins`), source)
		if n := count(t, chair, `#rev-text ins`); n != count(t, chair, `#para-OP7 ins`) {
			t.Errorf("Rev.2 marks %d insertions, %d of them outside OP7, which nobody changed", n, n-count(t, chair, `#para-OP7 ins`))
		}
		if got := text(t, chair, fmt.Sprintf(`#provenance-legend [data-source="%d"]`, amendment)); got != source {
			t.Errorf("the legend names Brazil's amendment %q, want %q", got, source)
		}

		// Brazil, back on the declaration, finds its words in Rev.2 too.
		toTab(t, bra, "text")
		clickAndLoad(t, bra, `#markup-link`, http.StatusOK)
		wantIns(t, insTexts(t, bra, `#para-OP7 ins`), source)
	})
}

// wantIns checks that the words inserted are Brazil's, each naming source.
func wantIns(t *testing.T, marks []insMark, source string) {
	t.Helper()
	var words strings.Builder
	for _, m := range marks {
		words.WriteString(m.Text)
		if strings.TrimSpace(m.Text) != "" && m.Title != source {
			t.Errorf("the inserted %q names its source %q, want %q", m.Text, m.Title, source)
		}
	}
	if got := strings.TrimSpace(words.String()); got != strings.TrimSpace(brazilWords) {
		t.Errorf("the marked-up OP7 inserts %q, want %q", got, strings.TrimSpace(brazilWords))
	}
}

// TestOutcomeObjectionLive: with the chair's status view open, Chile's
// delegate records "cannot accept" on OP1 with a reason, in Spanish, on
// OP1's page; the chair's view names Chile among those who cannot accept
// OP1 without a reload.
func TestOutcomeObjectionLive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, edition := outcomeSite(t, db)
		chair := newBrowser(t, browserLanguage("pt-BR"))
		countLive(t, chair)
		signInAs(t, chair, s, "chair@roundtable.example")
		doc := openDeclaration(t, chair, s, edition)
		if n := count(t, chair, `#counts-OP1 [data-objectors]`); n != 0 {
			t.Fatalf("the chair's view shows an objection to OP1 (%q) before anyone made one", text(t, chair, `#counts-OP1 [data-objectors]`))
		}
		// The demo's own objection, drawn as the new one will be.
		if got := text(t, chair, `#counts-OP3 [data-objectors]`); got != "Não podem aceitar: Chile" {
			t.Errorf("the chair's view of OP3 says %q, want Chile's objection", got)
		}
		waitFor(t, chair, `window.liveEvents >= 1`, "the chair's status view connects to its live stream")
		eval[bool](t, chair, `window.notReloaded = true`)

		chl := newBrowser(t, browserLanguage("es"))
		signInAs(t, chl, s, "delegate.chl@roundtable.example")
		open(t, chl, s, fmt.Sprintf("/outcomes/%d", doc))
		clickAndLoad(t, chl, fmt.Sprintf(`#counts-OP1 a[href="/outcomes/%d/paragraphs/OP1"]`, doc), http.StatusOK)
		if got := text(t, chl, `#position-h`); got != "Posición de Chile" {
			t.Errorf("Chile's position form is headed %q, want it to name Chile", got)
		}
		const reason = "Chile prefiere no jerarquizar derechos: la subsistencia y el desarrollo no deben presentarse como primordiales."
		must(t, "choose cannot accept, with a reason", chromedp.Do(chl,
			chromedp.Click(chromedp.CSS(`#position-form input[name=stance][value=cannot_accept]`)),
			chromedp.SendKeys(chromedp.CSS(`#p-reason`), reason)))
		sent := time.Now()
		clickAndLoad(t, chl, `#position-form button[type=submit]`, http.StatusOK)
		if got := eval[string](t, chl, `document.querySelector("#positions-table tr[data-delegation=CHL]")?.dataset.stance ?? "missing"`); got != "cannot_accept" {
			t.Fatalf("Chile's position on its own page reads %q, want cannot_accept", got)
		}

		waitFor(t, chair, `document.querySelector("#counts-OP1 [data-objectors]") !== null`,
			"the chair's status view shows Chile's objection to OP1 without a reload")
		t.Logf("Chile's objection reached the chair's open status view %v after the click", time.Since(sent).Round(time.Millisecond))
		if !eval[bool](t, chair, `window.notReloaded === true`) {
			t.Fatal("the chair's status view reloaded instead of updating")
		}
		if got := text(t, chair, `#counts-OP1 [data-objectors]`); got != "Não podem aceitar: Chile" {
			t.Errorf("the chair's view of OP1 says %q, want Chile named", got)
		}
		if got := text(t, chair, `#counts-OP1 li[data-stance=cannot_accept] strong`); got != "1" {
			t.Errorf("the chair's view counts %s delegations that cannot accept OP1, want 1", got)
		}
	})
}

// TestOutcomeSilenceToAdoption walks the demo's declaration to adoption in
// the browser: the chair agrees OP3, accepts Mexico's amendment on OP5,
// issues Rev.2 and puts it under silence four days ahead; Chile breaks
// silence on OP3. The deadline then passes while no server runs, and the
// next start runs it (RunDeadlines at a later instant); the chair's
// silence page names OP3 and Chile, the chair rewords OP3, issues Rev.3
// and records adoption by consensus; the adoption page verifies the hash,
// which is Rev.3's, and its PDF and Akoma Ntoso answer.
func TestOutcomeSilenceToAdoption(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, edition := outcomeSite(t, db)
		chair := newBrowser(t, browserLanguage("pt-BR"))
		signInAs(t, chair, s, "chair@roundtable.example")
		doc := openDeclaration(t, chair, s, edition)

		// OP3 from bracketed to agreed.
		must(t, "set OP3 agreed", chromedp.Do(chair,
			chromedp.Click(chromedp.CSS(`#desk-OP3 > summary`)),
			chromedp.SetValue(chromedp.CSS(`#status-OP3-status`), "agreed"),
			chromedp.SetValue(chromedp.CSS(`#status-OP3-reason`), "")))
		clickAndLoad(t, chair, `#status-form-OP3 button[type=submit]`, http.StatusOK)
		if got := text(t, chair, `#status-OP3 [data-status]`); got != "Acordado" {
			t.Fatalf("OP3's status on the status view is %q, want Acordado (agreed)", got)
		}

		// Mexico's amendment on OP5.
		toTab(t, chair, "amendments")
		mex := `#amendment-list li[data-status=pending][data-target=OP5]`
		if n := count(t, chair, mex); n != 1 {
			t.Fatalf("the chair's list shows %d pending amendments on OP5, want Mexico's", n)
		}
		if got := text(t, chair, mex+` [data-field=proposer]`); got != "México" {
			t.Errorf("the amendment pending on OP5 is %q's, want Mexico's", got)
		}
		mexID := eval[string](t, chair, `document.querySelector(`+js(mex)+`).dataset.id`)
		clickAndLoad(t, chair, `#accept-`+mexID+` button[type=submit]`, http.StatusOK)
		if got := issueRevision(t, chair); got != "Rev.2" {
			t.Fatalf("the latest revision is %q, want Rev.2", got)
		}
		if got := text(t, chair, `#text-OP5`); strings.Contains(got, "[") || !strings.Contains(got, "should meet") {
			t.Errorf("OP5 after Mexico's amendment reads %q, want should, no brackets", got)
		}

		// Silence on Rev.2 until noon, São Paulo time, four days ahead.
		toTab(t, chair, "silence")
		saoPaulo, err := time.LoadLocation("America/Sao_Paulo")
		if err != nil {
			t.Fatal(err)
		}
		day := time.Now().In(saoPaulo).AddDate(0, 0, 4).Format(time.DateOnly)
		must(t, "fill the silence's date", chromedp.Do(chair, chromedp.SetValue(chromedp.CSS(`#s-date`), day)))
		must(t, "fill the silence's time", chromedp.Do(chair, chromedp.SetValue(chromedp.CSS(`#s-time`), "12:00")))
		retype(t, chair, `#s-zone`, "America/Sao_Paulo")
		clickAndLoad(t, chair, `#start-form button[type=submit]`, http.StatusOK)
		if n := count(t, chair, `#silence-running`); n != 1 {
			t.Fatalf("no silence runs after starting it; the page says %q", text(t, chair, `main`))
		}
		if got := text(t, chair, `#running-h`); !strings.Contains(got, "Rev.2") {
			t.Errorf("the silence runs on %q, want Rev.2", got)
		}
		deadline, err := time.Parse(time.RFC3339, eval[string](t, chair, `document.querySelector("#deadline").getAttribute("datetime")`))
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := time.ParseInLocation("2006-01-02 15:04", day+" 12:00", saoPaulo); !deadline.Equal(want) {
			t.Fatalf("the deadline shown is %v, want %v", deadline, want)
		}

		// Chile breaks silence on OP3.
		chl := newBrowser(t, browserLanguage("es"))
		signInAs(t, chl, s, "delegate.chl@roundtable.example")
		open(t, chl, s, fmt.Sprintf("/outcomes/%d", doc))
		toTab(t, chl, "silence")
		const reason = "Chile pide una redacción basada en la objetividad y la no selectividad."
		must(t, "break silence on OP3", chromedp.Do(chl,
			chromedp.Click(chromedp.CSS(`#break-form input[name=paragraphs][value=OP3]`)),
			chromedp.SendKeys(chromedp.CSS(`#b-reason`), reason)))
		clickAndLoad(t, chl, `#break-form button[type=submit]`, http.StatusOK)
		if got := text(t, chl, `#breaks li[data-delegation=CHL]`); !strings.Contains(got, "OP3") || !strings.Contains(got, reason) {
			t.Fatalf("Chile's break reads %q, want OP3 and its reason", got)
		}

		// No server ran at the deadline: the next start runs it.
		ran, err := (&outcome.Service{DB: db, Dialogue: &dialogue.Service{DB: db}}).RunDeadlines(t.Context(), deadline.Add(time.Hour))
		if err != nil || ran != 1 {
			t.Fatalf("the start after the deadline ran %d deadlines (%v), want 1", ran, err)
		}
		// Days later, the chair comes back in a fresh browser.
		chair = newBrowser(t, browserLanguage("pt-BR"))
		signInAs(t, chair, s, "chair@roundtable.example")
		open(t, chair, s, fmt.Sprintf("/outcomes/%d", doc))
		toTab(t, chair, "silence")
		if got := eval[string](t, chair, `document.querySelector("#silence-notice")?.dataset.state ?? "missing"`); got != "broken" {
			t.Fatalf("the chair's silence page after the deadline: %q, want the notice of a broken silence", got)
		}
		row := `#objections tr[data-label=OP3][data-delegation=CHL]`
		if n := count(t, chair, `#objections tbody tr`); n != 1 || count(t, chair, row) != 1 {
			t.Fatalf("the notice lists %d objections, want Chile's on OP3 alone", n)
		}
		if got := text(t, chair, row); got != "OP3\tChile\t"+reason {
			t.Errorf("the notice reads %q, want OP3, Chile and its reason", got)
		}

		// The chair rewords OP3, issues Rev.3 and adopts it.
		const op3 = "Uphold the principles of universality, objectivity and non-selectivity, and oppose double standards in international cooperation on human rights;"
		toTab(t, chair, "text")
		must(t, "open OP3's desk", chromedp.Do(chair, chromedp.Click(chromedp.CSS(`#desk-OP3 > summary`))))
		retype(t, chair, `#edit-OP3-text`, op3)
		clickAndLoad(t, chair, `#edit-form-OP3 button[type=submit]`, http.StatusOK)
		if got := text(t, chair, `#text-OP3`); got != op3 {
			t.Fatalf("OP3 reads %q after the chair's edit, want %q", got, op3)
		}
		if got := issueRevision(t, chair); got != "Rev.3" {
			t.Fatalf("the latest revision is %q, want Rev.3", got)
		}
		toTab(t, chair, "adoption")
		must(t, "choose consensus", chromedp.Do(chair, chromedp.Click(chromedp.CSS(`#adopt-form input[name=method][value=consensus]`))))
		clickAndLoad(t, chair, `#adopt-form button[type=submit]`, http.StatusOK)
		if count(t, chair, `#adopted`) != 1 {
			t.Fatalf("the adoption page after adopting says %q", text(t, chair, `main`))
		}
		for sel, want := range map[string]string{
			`#method`:                           "Por consenso",
			`#adopted-revision`:                 "Rev.3",
			`#verification[data-verified=true]`: "Verificado: o texto adotado confere com o hash registrado na adoção.",
			`#doc-status-badge`:                 "Adotado",
		} {
			if count(t, chair, sel) == 0 {
				t.Fatalf("the adoption page has no %s", sel)
			}
			if got := text(t, chair, sel); got != want {
				t.Errorf("the adoption page shows %q in %s, want %q", got, sel, want)
			}
		}
		hash := text(t, chair, `#hash`)
		if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(hash) {
			t.Errorf("the adoption's hash reads %q, want 64 hex digits", hash)
		}
		downloads, err := chromedp.Run(chair, chromedp.Evaluate[[]download](fetchDownloads, chromedp.EvalAwaitPromise))
		must(t, "fetch the downloads", err)
		if len(downloads) != 2 {
			t.Fatalf("the adoption page offers %d of the PDF and Akoma Ntoso downloads: %+v", len(downloads), downloads)
		}
		for _, d := range downloads {
			if d.Status != 200 || !strings.HasPrefix(d.Start, map[string]string{"pdf": "%PDF-", "akn": "<?xml"}[d.Format]) {
				t.Errorf("the %s download (%s) answered %d, %s, starting %q", d.Format, d.Href, d.Status, d.Type, d.Start)
			}
		}
		// The hash is Rev.3's, as its own page shows it.
		clickAndLoad(t, chair, `#adopted-revision a`, http.StatusOK)
		if got := text(t, chair, `#rev-hash`); got != hash {
			t.Errorf("Rev.3's page shows the hash %q, the adoption %q", got, hash)
		}
	})
}

// download is what fetching one of the adoption page's downloads gave.
type download struct {
	Format, Href, Type, Start string
	Status                    int
}

// fetchDownloads fetches, with the page's own cookies, the PDF and Akoma
// Ntoso links of the adoption page, and returns what each answered.
const fetchDownloads = `Promise.all([...document.querySelectorAll('#downloads a[data-format=pdf], #downloads a[data-format=akn]')].map(async a => {
	const r = await fetch(a.href, {credentials: "same-origin"});
	const b = new Uint8Array(await r.arrayBuffer());
	return {Format: a.dataset.format, Href: a.getAttribute("href"), Status: r.status, Type: r.headers.get("Content-Type") || "",
		Start: String.fromCharCode(...b.slice(0, 5))};
}))`
