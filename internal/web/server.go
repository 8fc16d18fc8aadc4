// Package web serves Roundtable over HTTP: the server-rendered pages, the
// JSON API under /api/v1, and the operational endpoints. Two route tables
// (ui_routes.go, api_routes.go) are the map of the application; each route
// names the authz action it performs, checked before its handler runs.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"

	"roundtable/internal/account"
	"roundtable/internal/commitment"
	"roundtable/internal/dialogue"
	"roundtable/internal/discovery"
	"roundtable/internal/evidence"
	"roundtable/internal/ground"
	"roundtable/internal/i18n"
	"roundtable/internal/mail"
	"roundtable/internal/metrics"
	"roundtable/internal/outcome"
	"roundtable/internal/practice"
	"roundtable/internal/speakers"
	"roundtable/internal/store"
	"roundtable/internal/translate"
)

// Server holds what handlers need. It has no global state: two Servers on
// one PostgreSQL database behave as one site.
type Server struct {
	db       *store.DB
	accounts *account.Service
	dialogue *dialogue.Service
	search   *discovery.Service // nil: search answers "unavailable"
	// methods holds every route's method and path, to tell an unknown
	// path from a known one asked with the wrong method (unrouted).
	methods *http.ServeMux
	catalog *i18n.Catalog
	pages   *templates
	log     *slog.Logger
	metrics *metrics.Registry
	// secureCookies marks cookies Secure (HTTPS deployments).
	secureCookies bool
	// metricsToken is Options.MetricsToken.
	metricsToken string
	// publicURL is Options.PublicURL.
	publicURL *url.URL
	// trustedProxies is Options.TrustedProxies.
	trustedProxies []netip.Prefix
	// notice returns the words shown atop an edition's page (the demo's
	// "illustrative content" notice); nil shows none.
	notice func(e dialogue.Edition, lang string) string
	// demo says whether the site holds the demonstration (nil: never).
	demo *demoSite
	// concepts names a thesaurus concept in a language; nil shows ids.
	concepts func(id, lang string) string
	// speakers runs the speakers lists; live wakes their displays.
	speakers *speakers.Service
	live     *speakers.Hub
	// ground runs common ground: blocs, propositions, positions, the map.
	ground  *ground.Service
	outcome *outcome.Service
	// mailer sends the site's e-mail (reset links); nil: none is sent.
	mailer *mail.Sender
	// setupToken is Options.SetupToken.
	setupToken string
	// translation is Options.Translation.
	translation *translate.Engines
	// evidence is the development data: indicators, series, observations.
	evidence *evidence.Service
	// refs keeps the reference lists the evidence pages read.
	refs refCache
	// commitments is the follow-up of commitments: reports, validation,
	// comments, reminders, UN recommendations.
	commitments *commitment.Service
	// practices is practices, requests, offers and matches.
	practices *practice.Service
}

// Options configures a Server.
type Options struct {
	DB       *store.DB
	Accounts *account.Service
	Dialogue *dialogue.Service // nil: a service without a tagger on DB
	Search   *discovery.Service
	// EditionNotice and ConceptLabel are optional; see Server. Without
	// EditionNotice, an edition carries Demo's notice on a demo site.
	EditionNotice func(e dialogue.Edition, lang string) string
	// Demo, when set, makes a database holding the demo forum a
	// demonstration site, whose every page, feed and export says so.
	Demo          *Demo
	ConceptLabel  func(id, lang string) string
	Logger        *slog.Logger
	SecureCookies bool
	// MetricsToken, when set, serves /metrics on this handler to requests
	// with "Authorization: Bearer <token>"; empty: /metrics is not served
	// here (MetricsHandler serves it on an address of its own).
	MetricsToken string
	// PublicURL, when set, is the site's address for absolute links
	// (scheme and host, as config.ParsePublicURL gives it); nil: each
	// request's Host.
	PublicURL *url.URL
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed for the client's address (config.ParseTrustedProxies).
	TrustedProxies []netip.Prefix
	// Live follows the live events for the speakers displays; nil: the
	// server makes its own, which RunLive runs.
	Live *speakers.Hub
	// Ground is common ground; nil: a service on DB and Dialogue without a
	// thesaurus (propositions are not tagged).
	Ground *ground.Service
	// Outcome is the joint outcome; nil: a service on DB and Dialogue
	// with Ground.
	Outcome *outcome.Service
	// Mail sends the site's e-mail; nil: the pages offer nothing that
	// needs it (forgot password). Links in it need PublicURL.
	Mail *mail.Sender
	// SetupToken opens /setup, where the first account is created, to
	// whoever holds it while no account exists; empty: no setup page.
	SetupToken string
	// Translation is the machine-translation engines found, for the
	// status page; nil or empty: none.
	Translation *translate.Engines
	// Evidence is the development data; nil: a service on DB.
	Evidence *evidence.Service
	// Commitments is the follow-up of commitments; nil: a service on DB
	// with the services above and no thesaurus.
	Commitments *commitment.Service
	// Practices is practices and matchmaking; nil: a service on DB with
	// the services above and no thesaurus.
	Practices *practice.Service
}

// New parses the templates and catalogs (failing fast on a broken one) and
// returns a server.
func New(o Options) (*Server, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	pages, err := parseTemplates(cat)
	if err != nil {
		return nil, err
	}
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	dlg := o.Dialogue
	if dlg == nil {
		dlg = &dialogue.Service{DB: o.DB}
	}
	demo := newDemoSite(o.Demo, dlg)
	notice := o.EditionNotice
	if notice == nil && demo != nil {
		notice = func(_ dialogue.Edition, lang string) string { return demo.notice(lang) }
	}
	return &Server{db: o.DB, accounts: o.Accounts, dialogue: dlg, search: o.Search, catalog: cat, pages: pages, log: log,
		metrics: metrics.New(), secureCookies: o.SecureCookies, metricsToken: o.MetricsToken, publicURL: o.PublicURL, trustedProxies: o.TrustedProxies,
		notice: notice, demo: demo, concepts: o.ConceptLabel,
		speakers: &speakers.Service{DB: o.DB, Dialogue: dlg}, live: speakersHub(o, log), ground: groundService(o, dlg), outcome: outcomeService(o, dlg),
		setupToken: o.SetupToken, mailer: o.Mail, translation: o.Translation, evidence: evidenceService(o),
		commitments: commitmentService(o, dlg), practices: practiceService(o, dlg)}, nil
}

// commitmentService is the commitments service a server uses.
func commitmentService(o Options, dlg *dialogue.Service) *commitment.Service {
	if o.Commitments != nil {
		return o.Commitments
	}
	return &commitment.Service{DB: o.DB, Dialogue: dlg, Outcome: outcomeService(o, dlg), Evidence: evidenceService(o)}
}

// practiceService is the practices service a server uses.
func practiceService(o Options, dlg *dialogue.Service) *practice.Service {
	if o.Practices != nil {
		return o.Practices
	}
	return &practice.Service{DB: o.DB, Dialogue: dlg, Evidence: evidenceService(o)}
}

// outcomeService is the joint-outcome service a server uses.
func outcomeService(o Options, dlg *dialogue.Service) *outcome.Service {
	if o.Outcome != nil {
		return o.Outcome
	}
	return &outcome.Service{DB: o.DB, Dialogue: dlg, Ground: groundService(o, dlg)}
}

// evidenceService is the development-data service a server uses.
func evidenceService(o Options) *evidence.Service {
	if o.Evidence != nil {
		return o.Evidence
	}
	return evidence.New(o.DB)
}

// groundService is the common-ground service a server uses.
func groundService(o Options, dlg *dialogue.Service) *ground.Service {
	if o.Ground != nil {
		return o.Ground
	}
	return &ground.Service{DB: o.DB, Dialogue: dlg}
}

// Handler returns the whole site.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.methods = http.NewServeMux()
	handle := func(r route, h http.Handler) {
		mux.Handle(r.pattern(), h)
		if r.method != "" {
			s.methods.Handle(r.pattern(), h)
		}
	}
	for _, r := range s.uiRoutes() {
		handle(r, s.page(r))
	}
	for _, r := range s.apiRoutes() {
		handle(r, s.api(r))
	}
	s.opsRoutes(mux)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errCSRF)
	}))
	return compress(s.recoverPanics(securityHeaders(cop.Handler(mux))))
}

// Ready reports whether the server can serve: the database answers and its
// schema is the one this binary expects.
func (s *Server) Ready(ctx context.Context) error {
	if err := s.db.Ping(ctx); err != nil {
		return err
	}
	return s.db.RequireCurrent(ctx)
}
