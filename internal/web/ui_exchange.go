package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"roundtable/internal/dialogue"
	"roundtable/internal/errs"
	"roundtable/internal/exchange"
	"roundtable/internal/i18n"
	"roundtable/internal/store"
)

// The record in other formats: the Atom feed of published statements, an
// edition's programme as iCalendar, its statements as CSV and JSON, and the
// secretariat's page to import statements from such a file.

// feedSize is how many statements the feed carries, newest first.
const feedSize = 50

// siteURL returns the site's absolute URL, and its host name without a
// port (for tag: ids and iCalendar UIDs, which must not change with the
// port): the configured public URL, or else the request's Host, which a
// client chooses. A deployment with secure cookies is served over HTTPS
// even when a proxy speaks plain HTTP to it.
func (s *Server) siteURL(r *http.Request) (base, host string) {
	if s.publicURL != nil {
		return s.publicURL.String(), s.publicURL.Hostname()
	}
	scheme := "http"
	if r.TLS != nil || s.secureCookies {
		scheme = "https"
	}
	host = r.Host
	if h, _, err := net.SplitHostPort(r.Host); err == nil {
		host = h
	}
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + r.Host, host
}

// exportLang reads ?lang=; "" when absent.
func exportLang(r *http.Request) (string, error) {
	v := r.URL.Query().Get("lang")
	if v == "" {
		return "", nil
	}
	l, ok := i18n.Parse(v)
	if !ok {
		return "", errs.Field("lang", "invalid_language", "validation.language")
	}
	return string(l), nil
}

// attachment answers with a file to save.
func attachment(w http.ResponseWriter, contentType, filename string, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", filename))
	h.Set("Cache-Control", "private, no-store")
	_, err := w.Write(body)
	return err
}

// statementsFeed is the Atom feed of what the public may read, whoever
// asks: a feed reader carries no session, and a feed URL is shared.
func (s *Server) statementsFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	editionID, err := queryID(r, "edition")
	if err != nil {
		return err
	}
	prefer, err := exportLang(r)
	if err != nil {
		return err
	}
	lang := prefer
	if lang == "" {
		lang = string(stateOf(r).lang)
	}
	base, host := s.siteURL(r)
	q := url.Values{}
	title := s.catalog.T(i18n.Lang(lang), "exchange.feed_title")
	alternate := base + "/editions"
	if editionID != 0 {
		e, err := s.dialogue.Edition(ctx, nil, editionID)
		if err != nil {
			return err
		}
		q.Set("edition", strconv.FormatInt(editionID, 10))
		title = s.catalog.T(i18n.Lang(lang), "exchange.feed_edition_title", "edition", e.Titles.In(lang))
		alternate += "/" + strconv.FormatInt(editionID, 10)
	}
	if prefer != "" {
		q.Set("lang", prefer)
	}
	self := base + "/feeds/statements.atom"
	if len(q) > 0 {
		self += "?" + q.Encode()
	}
	sts, err := s.dialogue.LatestPublic(ctx, editionID, feedSize)
	if err != nil {
		return err
	}
	names := map[int64]dialogue.Delegation{}
	for _, st := range sts {
		if _, ok := names[st.DelegationID]; ok {
			continue
		}
		ds, err := s.dialogue.Delegations(ctx, nil, st.EditionID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			names[d.ID] = d
		}
	}
	f := exchange.StatementsFeed(exchange.FeedOptions{
		Title: title, Lang: lang, Self: self, Alternate: alternate, Host: host, Base: base,
		Prefer: prefer, Limit: feedSize, Now: store.Now(),
		Author: func(st dialogue.Statement) string { return names[st.DelegationID].Names.In(lang) },
		Untitled: func(author string) string {
			return s.catalog.T(i18n.Lang(lang), "exchange.untitled", "delegation", author)
		},
		Label: func(c string) string { return s.conceptLabel(c, lang) },
	}, sts)
	if notice := s.demoNotice(lang); notice != "" {
		// Readers show an entry's content, rarely its summary: the notice
		// leads the text it warns of.
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

// editionCalendar is an edition's programme as iCalendar, titled in
// ?lang= or the reader's language.
func (s *Server) editionCalendar(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	lang, err := exportLang(r)
	if err != nil {
		return err
	}
	if lang == "" {
		lang = string(stateOf(r).lang)
	}
	v := stateOf(r).user
	e, err := s.dialogue.Edition(r.Context(), v, id)
	if err != nil {
		return err
	}
	sessions, err := s.dialogue.Sessions(r.Context(), v, id)
	if err != nil {
		return err
	}
	base, host := s.siteURL(r)
	cal := exchange.EditionCalendar(e, sessions, lang, host, base, store.Now())
	cal.Notice, cal.NoticeLang = s.demoNotice(lang), lang
	var buf bytes.Buffer
	if err := exchange.WriteICS(&buf, cal); err != nil {
		return err
	}
	return attachment(w, "text/calendar; charset=utf-8", fmt.Sprintf("edition-%d-%s.ics", e.Number, e.StartsOn), buf.Bytes())
}

// editionRecord gathers what the caller may read of an edition but its
// statements, which the export streams; names in ?lang= or the reader's
// language.
func (s *Server) editionRecord(r *http.Request) (exchange.Record, error) {
	var rec exchange.Record
	id, err := pathID(r)
	if err != nil {
		return rec, err
	}
	if rec.Lang, err = exportLang(r); err != nil {
		return rec, err
	}
	if rec.Lang == "" {
		rec.Lang = string(stateOf(r).lang)
	}
	v, ctx := stateOf(r).user, r.Context()
	if rec.Edition, err = s.dialogue.Edition(ctx, v, id); err != nil {
		return rec, err
	}
	if rec.Sessions, err = s.dialogue.Sessions(ctx, v, id); err != nil {
		return rec, err
	}
	rec.Delegations, err = s.dialogue.Delegations(ctx, v, id)
	return rec, err
}

// streamRecord writes an edition's record to w as it reads it, a chunk of
// statements at a time: memory stays flat however large the edition. Once
// the first bytes are sent the status cannot change, so an error after
// that ends the file early (and is logged by the caller).
func (s *Server) streamRecord(w http.ResponseWriter, r *http.Request, contentType, ext string, open func(io.Writer) (exchange.ItemWriter, error)) error {
	rec, err := s.editionRecord(r)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", recordFile(rec.Edition, ext)))
	h.Set("Cache-Control", "private, no-store")
	out, err := open(w)
	if err != nil {
		return err
	}
	f := dialogue.StatementFilter{EditionID: rec.Edition.ID}
	items := rec.Itemizer()
	if err := s.dialogue.EachStatement(r.Context(), stateOf(r).user, f, func(st dialogue.Statement) error {
		return out.Write(items(st))
	}); err != nil {
		return err
	}
	return out.Close()
}

func recordFile(e dialogue.Edition, ext string) string {
	return fmt.Sprintf("edition-%d-%s-record.%s", e.Number, e.StartsOn, ext)
}

// recordCSV and recordJSON on a demonstration site lead every row and item
// with the notice (see exchange.NoticedCSV).
func (s *Server) recordCSV(w http.ResponseWriter, r *http.Request) error {
	open := exchange.NewCSVWriter
	if notice := s.exportNotice(r); notice != "" {
		open = exchange.NoticedCSV(notice)
	}
	return s.streamRecord(w, r, "text/csv; charset=utf-8; header=present", "csv", open)
}

func (s *Server) recordJSON(w http.ResponseWriter, r *http.Request) error {
	open := exchange.NewJSONWriter
	if notice := s.exportNotice(r); notice != "" {
		open = exchange.NoticedJSON(notice)
	}
	return s.streamRecord(w, r, "application/json; charset=utf-8", "json", open)
}

type importPage struct {
	layout
	Edition     dialogue.Edition
	Format      string
	formFailure                  // what stopped the import as a whole, and its field
	Errors      []apiErrorDetail // what is wrong, line by line
	Items       bool             // the lines are items of a JSON array
	Columns     string
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, editionID int64, format exchange.Format, failure error) error {
	e, err := s.dialogue.Edition(r.Context(), stateOf(r).user, editionID)
	if err != nil {
		return err
	}
	p := importPage{layout: s.layout(w, r, "exchange.import_title", "editions"), Edition: e, Format: string(format),
		Columns: strings.Join(exchange.Columns(), ",")}
	if p.Format == "" {
		p.Format = string(exchange.CSV)
	}
	if failure != nil {
		fe := *errs.As(failure)
		if fe.Field == "" {
			// Too large, or lines that do not pass: the file is at fault.
			fe.Field = "file"
		}
		p.formFailure = formFailure{s.fieldMessage(p.Lang, &fe), fe.Field}
		p.Errors, p.Items = s.importLines(p.Lang, failure)
	}
	return s.render(w, status, "import.html", p)
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.renderImport(w, r, http.StatusOK, id, exchange.CSV, nil)
}

// importUpload imports the uploaded file; a file with errors shows them by
// line under the form, and nothing is imported.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v := stateOf(r).user
	if _, err := s.dialogue.Edition(r.Context(), v, id); err != nil {
		return err
	}
	format, rows, err := uploadedImport(w, r)
	if err == nil {
		_, err = s.dialogue.ImportStatements(r.Context(), v, id, rows)
		err = withFormat(err, format)
	} else {
		err = s.withRecordChecks(r, id, format, rows, err)
	}
	if err != nil {
		if k := errs.As(err).Kind; k != errs.Invalid && k != errs.TooLarge {
			return err
		}
		return s.renderImport(w, r, errs.As(err).Kind.Status(), id, format, err)
	}
	s.flash(w, "exchange.imported")
	http.Redirect(w, r, "/editions/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// uploadRoom is what a multipart form needs around its file.
const uploadRoom = 64 << 10

// uploadedImport reads the form's file (field file) and format (csv or
// json) and parses the file.
func uploadedImport(w http.ResponseWriter, r *http.Request) (exchange.Format, []dialogue.ImportRow, error) {
	r.Body = http.MaxBytesReader(w, r.Body, exchange.MaxImportBytes+uploadRoom)
	if err := r.ParseMultipartForm(exchange.MaxImportBytes + uploadRoom); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return exchange.CSV, nil, exchange.ErrTooLarge
		}
		return exchange.CSV, nil, errs.Field("file", "file_required", "exchange.no_file")
	}
	defer r.MultipartForm.RemoveAll()
	format := exchange.Format(r.PostFormValue("format"))
	if format != exchange.CSV && format != exchange.JSON {
		return exchange.CSV, nil, errs.Field("format", "unsupported_format", "exchange.unsupported_format")
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return format, nil, errs.Field("file", "file_required", "exchange.no_file")
	}
	defer f.Close()
	if hdr.Size > exchange.MaxImportBytes {
		return format, nil, exchange.ErrTooLarge
	}
	rows, err := readImport(f, format)
	return format, rows, err
}
