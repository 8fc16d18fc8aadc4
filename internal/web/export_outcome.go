package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"roundtable/internal/authz"
	"roundtable/internal/exchange"
	"roundtable/internal/outcome"
	"roundtable/internal/outcome/render"
)

// The joint outcome as files: its text as a printable page, PDF, Markdown
// and Akoma Ntoso XML (any revision the reader may read, in any working
// language), its annex of statements of position, and the positions
// taken on its paragraphs. Outside the room only the adopted text and
// its annex are found; the positions stay in the room (room_only).

// outcomeExportRoutes are the downloads of the joint outcome.
func (s *Server) outcomeExportRoutes() []route {
	return []route{
		{"GET", "/outcomes/{id}/text.html", authz.ViewOutcome, s.exportOutcomeHTML},
		{"GET", "/outcomes/{id}/text.pdf", authz.ViewOutcome, s.exportOutcomePDF},
		{"GET", "/outcomes/{id}/text.md", authz.ViewOutcome, s.exportOutcomeMarkdown},
		{"GET", "/outcomes/{id}/text.akn.xml", authz.ViewOutcome, s.exportOutcomeAKN},
		{"GET", "/outcomes/{id}/annex.html", authz.ViewOutcome, s.exportOutcomeAnnex},
		{"GET", "/outcomes/{id}/positions.csv", authz.ViewOutcome, s.exportOutcomePositions},
	}
}

// exportPrintablePage answers with a page to read and print in the browser. Its
// style sits inside it (the file must stand alone once saved), which the
// site's policy forbids; this answer has no script at all, so its own
// policy allows inline style and nothing else.
func exportPrintablePage(w http.ResponseWriter, filename string, body []byte) error {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", filename))
	h.Set("Cache-Control", "private, no-store")
	_, err := w.Write(body)
	return err
}

// exportOutcomeHTML is the printable page of a text; ?markup=1 marks it up
// against the revision before (in the negotiating language, with the
// headings in ?lang=).
func (s *Server) exportOutcomeHTML(w http.ResponseWriter, r *http.Request) error {
	x, err := s.exportOutcomeRead(r)
	if err != nil {
		return err
	}
	markup, err := queryFlag(r, "markup")
	if err != nil {
		return err
	}
	d := s.exportRenderDocument(x)
	name := exportOutcomeFileName(x, "html")
	if markup {
		if d, err = s.exportMarkedDocument(r, x, d); err != nil {
			return err
		}
		name = exportOutcomeFileName(x, "markup.html")
	} else if x.adopted {
		if d.Annex, err = s.exportAnnexEntries(r, x); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := render.HTML(&buf, d, markup); err != nil {
		return err
	}
	return exportPrintablePage(w, name, buf.Bytes())
}

// exportOutcomePDF is the text as an A4 PDF with its fonts inside.
func (s *Server) exportOutcomePDF(w http.ResponseWriter, r *http.Request) error {
	x, err := s.exportOutcomeRead(r)
	if err != nil {
		return err
	}
	d := s.exportRenderDocument(x)
	if x.adopted {
		if d.Annex, err = s.exportAnnexEntries(r, x); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := render.PDF(&buf, d); err != nil {
		return err
	}
	return attachment(w, "application/pdf", exportOutcomeFileName(x, "pdf"), buf.Bytes())
}

// exportOutcomeMarkdown is the text in Markdown.
func (s *Server) exportOutcomeMarkdown(w http.ResponseWriter, r *http.Request) error {
	x, err := s.exportOutcomeRead(r)
	if err != nil {
		return err
	}
	d := s.exportRenderDocument(x)
	if x.adopted {
		if d.Annex, err = s.exportAnnexEntries(r, x); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := render.Markdown(&buf, d); err != nil {
		return err
	}
	return attachment(w, "text/markdown; charset=utf-8", exportOutcomeFileName(x, "md"), buf.Bytes())
}

// exportOutcomeAKN is the text in Akoma Ntoso 3.0: the adopted text with
// its hash, or before adoption the latest revision, which the file marks
// as not adopted and names by its revision.
func (s *Server) exportOutcomeAKN(w http.ResponseWriter, r *http.Request) error {
	x, err := s.exportOutcomeRead(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render.AKN(&buf, s.exportRenderDocument(x)); err != nil {
		return err
	}
	return attachment(w, "application/akn+xml; charset=utf-8", exportOutcomeFileName(x, "akn.xml"), buf.Bytes())
}

// exportOutcomeAnnex is the printable page of the annex: every statement
// of position, before and after adoption.
func (s *Server) exportOutcomeAnnex(w http.ResponseWriter, r *http.Request) error {
	x, err := s.exportOutcomeRead(r)
	if err != nil {
		return err
	}
	d := s.exportRenderDocument(x)
	d.Paragraphs = nil
	if d.Annex, err = s.exportAnnexEntries(r, x); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render.HTML(&buf, d, false); err != nil {
		return err
	}
	return exportPrintablePage(w, fmt.Sprintf("outcome-%d-annex-%s.html", x.doc.ID, x.lang), buf.Bytes())
}

var exportOutcomePositionColumns = []string{"label", "delegation", "delegation_name", "stance", "reason", "text_version", "current", "updated_at"}

// exportOutcomePositions is every current position on the working text,
// by paragraph then delegation, streamed as it is read. The file starts
// at the first row: a reader outside the room gets the room_only page.
func (s *Server) exportOutcomePositions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	out := &exportStream{w: w, contentType: "text/csv; charset=utf-8; header=present", name: fmt.Sprintf("outcome-%d-positions.csv", id)}
	var t *exchange.TableWriter
	start := func() error {
		if t == nil {
			t, err = exchange.NewTableWriter(out, exportOutcomePositionColumns)
		}
		return err
	}
	if err := s.outcome.EachPosition(r.Context(), stateOf(r).user, id, func(p outcome.PositionRow) error {
		if err := start(); err != nil {
			return err
		}
		return t.Write([]string{p.Label, p.Delegation, p.DelegationName, string(p.Stance), p.Reason,
			strconv.Itoa(p.TextVersion), strconv.FormatBool(p.Current), p.UpdatedAt.UTC().Format(time.RFC3339)})
	}); err != nil {
		return err
	}
	if err := start(); err != nil {
		return err
	}
	return t.Close()
}
