package journey

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"roundtable/internal/account"
	"roundtable/internal/country"
	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/ground"
	"roundtable/internal/i18n"
	"roundtable/internal/outbox"
	"roundtable/internal/outcome"
	"roundtable/internal/refdata"
	"roundtable/internal/reference"
	"roundtable/internal/store"
	"roundtable/internal/store/storetest"
	"roundtable/internal/thesaurus"
	"roundtable/internal/translate"
	"roundtable/internal/web"
)

// apertium finds Apertium on the machine. Outside CI a machine without it
// skips; in CI (CI set, where the workflow installs the packages) that is a
// failure.
func apertium(t *testing.T) *translate.Apertium {
	t.Helper()
	a, err := translate.FindApertium("")
	if err != nil {
		const msg = "machine translation journey skipped: install apertium, apertium-eng-spa, apertium-es-pt and apertium-fr-es to run it"
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but Apertium is missing (%v): %s", err, msg)
		}
		t.Skipf("%s (%v)", msg, err)
	}
	return a
}

// startTranslatingSite is startSite as `roundtable serve --demo` runs it
// with Apertium installed: the search index follows its outbox and the
// translator follows the translation queue, with the three areas'
// sources registered. The demo's own jobs are marked done first, so the
// translator starts on what the test writes rather than on the whole demo
// edition (measured apart, in bench/).
func startTranslatingSite(t *testing.T, db *store.DB, engine translate.Engine) (*site, *discovery.Service) {
	t.Helper()
	ctx := t.Context()
	set, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := country.Sync(ctx, db, set); err != nil {
		t.Fatal(err)
	}
	accounts, err := account.NewService(db, account.Hasher{Memory: 64, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	concepts, err := thesaurus.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := thesaurus.Sync(ctx, db, concepts); err != nil {
		t.Fatal(err)
	}
	arts, err := reference.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reference.Sync(ctx, db, arts); err != nil {
		t.Fatal(err)
	}
	finder, err := discovery.Open(ctx, db, filepath.Join(t.TempDir(), "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { finder.Close() })
	records := &dialogue.Service{DB: db, Tagger: tagger{finder}}
	common := &ground.Service{DB: db, Dialogue: records}
	res, err := demo.Load(ctx, db, accounts, common)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := finder.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	must(t, "mark the demo's translation jobs done", db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE translation_jobs SET done_at = ?", store.Now())
		return err
	}))
	logs := &syncBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := web.New(web.Options{DB: db, Accounts: accounts, Dialogue: records, Search: finder, Ground: common, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	// What serve runs beside the site: the search index and the translator
	// following their queues; stopped at cleanup.
	bg, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	go finder.Run(bg)
	w := translate.NewWorker(db, translate.NewEngines(engine), log)
	w.Poll = 200 * time.Millisecond
	w.Register(outbox.TranslateStatement, records.TranslationSource())
	w.Register(outbox.TranslateProposition, common.TranslationSource())
	w.Register(outbox.TranslateParagraph, (&outcome.Service{DB: db, Dialogue: records}).TranslationSource())
	go w.Run(bg)
	return &site{URL: hs.URL, Accounts: accounts, Catalog: cat, AdminEmail: res.AdminEmail, AdminPassword: res.AdminPassword}, finder
}

// The "done when": Mexico's delegate adds a statement in Spanish;
// within seconds its page shows versions in English, Portuguese and
// French, each labelled as a machine translation by Apertium; a reader
// searching in Portuguese with words only the Portuguese version has
// finds the statement.
func TestMachineTranslationOfANewStatement(t *testing.T) {
	engine := apertium(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := startTranslatingSite(t, db, engine)
		ctx := t.Context()
		admin, err := s.Accounts.GetByEmail(ctx, s.AdminEmail)
		if err != nil {
			t.Fatal(err)
		}
		records := &dialogue.Service{DB: db}
		eds, err := records.Editions(ctx, &admin)
		if err != nil || len(eds) != 1 {
			t.Fatalf("demo editions: %d, %v", len(eds), err)
		}
		dels, err := records.Delegations(ctx, &admin, eds[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		var mex int64
		for _, d := range dels {
			if d.Code == "MEX" {
				mex = d.ID
			}
		}
		if mex == 0 {
			t.Fatal("the demo edition has no delegation of Mexico")
		}

		// Mexico's delegate (whose interface is in Spanish) files the
		// statement through the form.
		tab := newBrowser(t, browserLanguage("es"))
		signInAs(t, tab, s, "delegate.mex@roundtable.example")
		open(t, tab, s, fmt.Sprintf("/editions/%d/statements/new", eds[0].ID))
		must(t, "fill the statement form", chromedp.Do(tab,
			chromedp.SetValue(chromedp.CSS("#delegation_id"), fmt.Sprint(mex)),
			chromedp.SetValue(chromedp.CSS("#language"), "es"),
			chromedp.SendKeys(chromedp.CSS("#title"), "Semillas para las familias campesinas"),
			chromedp.SendKeys(chromedp.CSS("#text"), "La cooperativa del barrio distribuye semillas y herramientas a las familias campesinas durante la temporada de lluvias."),
			chromedp.SetValue(chromedp.CSS("#visibility"), "public"),
		))
		filed := time.Now()
		clickAndLoad(t, tab, `#statement-form button[type=submit]`, 200)
		page := pagePath(t, tab)
		if !strings.HasPrefix(page, "/statements/") {
			t.Fatalf("the form led to %s", page)
		}

		// Within seconds the page shows the machine versions, labelled.
		want := "Traducción automática (Apertium) — sin valor oficial"
		labelled := func() bool {
			for _, lang := range []string{"en", "pt", "fr"} {
				if count(t, tab, `section[data-language=`+lang+`] .machine-label`) != 1 {
					return false
				}
			}
			return true
		}
		deadline := time.Now().Add(30 * time.Second)
		for !labelled() {
			if time.Now().After(deadline) {
				t.Fatalf("after 30 s the statement shows versions in %v", eval[[]string](t, tab, `[...document.querySelectorAll("section[data-language]")].map(s => s.dataset.language + (s.querySelector(".machine-label") ? " (machine)" : ""))`))
			}
			time.Sleep(time.Second)
			open(t, tab, s, page)
		}
		t.Logf("machine versions shown %.1f s after filing", time.Since(filed).Seconds())
		for _, lang := range []string{"en", "pt", "fr"} {
			if got := text(t, tab, `section[data-language=`+lang+`] .machine-label`); !strings.HasPrefix(got, want) {
				t.Errorf("the %s version is labelled %q, want %q", lang, got, want)
			}
		}
		if got := text(t, tab, `section[data-language=pt] .statement-text`); got != "A cooperativa do bairro distribui sementes e ferramentas às famílias camponesas durante a temporada de chuvas." {
			t.Errorf("the Portuguese version reads %q", got)
		}

		// A reader searching in Portuguese, signed out, with words only the
		// Portuguese version holds (the Spanish says semillas, herramientas,
		// lluvias), finds the statement.
		reader := newBrowser(t, browserLanguage("pt-BR"))
		open(t, reader, s, "/search")
		// (a hit links to the statement, or to one of its versions on it)
		hit := `#results > li h2 a[href="` + page + `"], #results > li h2 a[href^="` + page + `#"]`
		deadline = time.Now().Add(30 * time.Second)
		for {
			search(t, reader, "sementes ferramentas chuvas", 200)
			if count(t, reader, hit) > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("a Portuguese search for sementes ferramentas chuvas does not find %s: results %v", page, results(t, reader))
			}
			time.Sleep(time.Second)
		}
		t.Logf("found by the Portuguese search %.1f s after filing", time.Since(filed).Seconds())
		// It was found through the machine version, and says so.
		if got := eval[string](t, reader, `document.querySelector(`+js(hit)+`).closest("li").dataset.matchedBy`); got != "translation" {
			t.Errorf("the hit says it matched by %q, want translation", got)
		}
	})
}
