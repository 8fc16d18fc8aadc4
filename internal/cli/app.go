package cli

import (
	"context"
	"fmt"
	"log/slog"

	"roundtable/internal/account"
	"roundtable/internal/commitment"
	"roundtable/internal/demo"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/evidence"
	"roundtable/internal/ground"
	"roundtable/internal/outcome"
	"roundtable/internal/practice"
	"roundtable/internal/reference"
	"roundtable/internal/store"
	"roundtable/internal/thesaurus"
	"roundtable/internal/translate"
	"roundtable/internal/web"
)

// app is everything one server instance runs, assembled from the database.
type app struct {
	accounts *account.Service
	dialogue *dialogue.Service
	search   *discovery.Service
	ground   *ground.Service
	outcome  *outcome.Service
	evidence *evidence.Service
	// commitments and practices close the cycle: follow-up and learning.
	commitments *commitment.Service
	practices   *practice.Service
	// translator gives texts machine versions (Sources are registered on
	// it below); it runs only when an engine was found.
	translator *translate.Worker
	web        *web.Server
}

// syncShipped loads the shipped thesaurus, reference texts and indicator
// catalogue that the database lacks; edits made in the database are kept.
func syncShipped(ctx context.Context, db *store.DB) error {
	concepts, err := thesaurus.Shipped()
	if err != nil {
		return err
	}
	if _, err := thesaurus.Sync(ctx, db, concepts); err != nil {
		return fmt.Errorf("thesaurus: %w", err)
	}
	arts, err := reference.Shipped()
	if err != nil {
		return err
	}
	if _, err := reference.Sync(ctx, db, arts); err != nil {
		return fmt.Errorf("reference texts: %w", err)
	}
	// The indicator catalogue and the areas observations may name, so an
	// import works on any server; the observations themselves load only
	// with --demo or `import indicators --shipped`.
	if err := evidence.New(db).SyncCatalogue(ctx); err != nil {
		return fmt.Errorf("indicator catalogue: %w", err)
	}
	return nil
}

// tagger tags statements with the thesaurus as search currently sees it.
type tagger struct{ s *discovery.Service }

// Known reports whether the thesaurus has a concept (tags given by hand
// must name one).
func (t tagger) Known(id string) bool {
	if th := t.s.Thesaurus(context.Background()); th != nil {
		_, ok := th.Concept(id)
		return ok
	}
	return false
}

func (t tagger) Tag(lang, text string) []string {
	if th := t.s.Thesaurus(context.Background()); th != nil {
		return th.Tag(lang, text)
	}
	return nil
}

// assemble opens the search index (in the data folder: each instance keeps
// its own) and builds the services and the web server.
func assemble(e *env, db *store.DB, log *slog.Logger) (*app, error) {
	a := &app{}
	var err error
	if a.accounts, err = account.NewService(db, account.DefaultHasher); err != nil {
		return nil, err
	}
	if err := store.CheckDataDir(e.cfg.DataDir); err != nil {
		return nil, err
	}
	if a.search, err = discovery.Open(e.ctx, db, discovery.IndexDir(e.cfg.DataDir), log); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	a.dialogue = &dialogue.Service{DB: db, Tagger: tagger{a.search}}
	a.ground = &ground.Service{DB: db, Dialogue: a.dialogue, Thesaurus: tagger{a.search}}
	a.outcome = &outcome.Service{DB: db, Dialogue: a.dialogue}
	a.evidence = evidence.New(db)
	a.commitments = &commitment.Service{DB: db, Dialogue: a.dialogue, Outcome: a.outcome, Evidence: a.evidence, Thesaurus: tagger{a.search}}
	a.practices = &practice.Service{DB: db, Dialogue: a.dialogue, Evidence: a.evidence, Thesaurus: tagger{a.search}}
	if a.translator, err = machineTranslation(e, db, log); err != nil {
		a.search.Close()
		return nil, err
	}
	a.search.Translator = queryTranslator(e.ctx, a.translator.Engines)
	a.web, err = web.New(web.Options{
		DB: db, Accounts: a.accounts, Dialogue: a.dialogue, Search: a.search, Ground: a.ground, Logger: log, SecureCookies: secureCookies(e), PublicURL: publicURL(e), TrustedProxies: trustedProxies(e),
		Mail:         mailSender(e),
		SetupToken:   e.setupToken,
		MetricsToken: e.cfg.MetricsToken,
		Translation:  a.translator.Engines,
		Evidence:     a.evidence,
		Commitments:  a.commitments,
		Practices:    a.practices,
		Demo:         &web.Demo{ForumSlug: demo.ForumSlug, Notice: demo.Notice},
		ConceptLabel: func(id, lang string) string {
			if th := a.search.Thesaurus(context.Background()); th != nil {
				return th.Label(id, lang)
			}
			return id
		},
	})
	if err != nil {
		a.search.Close()
		return nil, err
	}
	return a, nil
}
