package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"time"

	"roundtable/internal/account"
	"roundtable/internal/commitment"
	"roundtable/internal/errs"
	"roundtable/internal/exchange"
	"roundtable/internal/i18n"
	"roundtable/internal/store"
	"roundtable/internal/visibility"
)

// remindersPage lists the reports the reader's states owe.
type remindersPage struct {
	layout
	Reminders []commitment.Reminder
	// All: the reader is the secretariat, who sees every state's.
	All bool
	// Owner: the reader has states that owe reports (a delegate, a
	// validator bound to a state, the secretariat).
	Owner     bool
	countries map[string]string
}

// CountryName is a state's name in the page's language.
func (p remindersPage) CountryName(code string) string {
	if n := p.countries[code]; n != "" {
		return n
	}
	return code
}

// Day writes a YYYY-MM-DD date as the page's language writes it.
func (p remindersPage) Day(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return i18n.FormatDate(p.Lang, t)
}

// Neg is -n, for the days of an overdue report.
func (p remindersPage) Neg(n int) int { return -n }

// reminders shows a signed-in reader the reports coming due within 30
// days and overdue for their states; a visitor is sent to sign in (the
// route's action is the public one, as the page is every signed-in
// role's).
func (s *Server) reminders(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	if st.user == nil {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(safeNext(r.URL.RequestURI())), http.StatusSeeOther)
		return nil
	}
	list, err := s.commitments.Due(r.Context(), st.user, time.Now())
	if err != nil {
		return err
	}
	p := remindersPage{layout: s.layout(w, r, "followup.reminders.title", "commitments"), Reminders: list}
	rd := visibility.Of(st.user)
	p.All = rd.Secretariat()
	p.Owner = p.All || rd.Validates() != "" || (rd.Delegation() != "" && st.user.Role == account.Delegate)
	if p.countries, err = s.countryNames(r.Context(), string(p.Lang)); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "followup_reminders.html", p)
}

// apiReminders is /reminders as JSON: the reader's reports due and
// overdue (an empty list for a reader whose states owe none).
func (s *Server) apiReminders(w http.ResponseWriter, r *http.Request) error {
	u := stateOf(r).user
	if u == nil {
		return errs.ErrUnauthenticated
	}
	list, err := s.commitments.Due(r.Context(), u, time.Now())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, struct {
		Items []commitment.Reminder `json:"items"`
	}{list})
}

// countryNames names the forum's states in lang, by code.
func (s *Server) countryNames(ctx context.Context, lang string) (map[string]string, error) {
	cs, err := s.participants(ctx, lang)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(cs))
	for _, c := range cs {
		m[c.ISO3] = c.Name(lang)
	}
	return m, nil
}

// reportsFeed is the Atom feed of the newest published progress reports
// the public reads, whoever asks (a feed reader carries no session).
func (s *Server) reportsFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang, err := exportLang(r)
	if err != nil {
		return err
	}
	if lang == "" {
		lang = string(stateOf(r).lang)
	}
	reports, err := s.commitments.LatestPublishedReports(ctx, feedSize)
	if err != nil {
		return err
	}
	names, err := s.countryNames(ctx, lang)
	if err != nil {
		return err
	}
	base, host := s.siteURL(r)
	self := base + "/feeds/reports.atom"
	if q := r.URL.Query().Get("lang"); q != "" {
		self += "?lang=" + url.QueryEscape(q)
	}
	entries := make([]exchange.ReportEntry, len(reports))
	for i, rep := range reports {
		country := names[rep.Country]
		if country == "" {
			country = rep.Country
		}
		entries[i] = exchange.ReportEntry{ID: rep.ID, CommitmentID: rep.CommitmentID, Author: country, Language: rep.Language,
			Title:     s.catalog.T(i18n.Lang(lang), "followup.feed.entry", "country", country, "title", rep.Title),
			Narrative: rep.Narrative, Published: rep.PublishedAt, Concepts: rep.Concepts}
	}
	f := exchange.ReportsFeed(exchange.ReportsFeedOptions{Title: s.catalog.T(i18n.Lang(lang), "followup.feed.title"), Lang: lang,
		Self: self, Alternate: base + "/commitments", Host: host, Base: base, Now: store.Now(),
		Label: func(c string) string { return s.conceptLabel(c, lang) }}, entries)
	if notice := s.demoNotice(lang); notice != "" {
		f.Subtitle = &exchange.Text{Type: "text", Body: notice}
		for i := range f.Entries {
			f.Entries[i].Content.Body = notice + "\n\n" + f.Entries[i].Content.Body
		}
	}
	var buf bytes.Buffer
	if err := exchange.WriteAtom(&buf, f); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, err = w.Write(buf.Bytes())
	return err
}
